"""Synthetic portfolios for the benchmarks, made from this repository's own, deterministically.

``portfolio(target, entries)`` copies this portfolio (refs.bib, docs/, the
settings) and grows refs.bib to ``entries`` entries: copies of the real ones,
each with its own key, title and year, spread over the same themes. The CV and
the publications page list them all; every one gets its paper page.

``bare(target, pages)`` is the peer: a Sphinx project with the same theme and
MyST, and the same number of pages, without bibfolio. ``bibtex_alone(target,
bib)`` adds sphinxcontrib-bibtex to it, citing every entry of ``bib`` from ten
pages.

    python tests/benchmarks/synthetic.py TARGET ENTRIES   # writes a portfolio
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_ENTRY = re.compile(r"^@(\w+)\{([^,]+),\n(.*?)^\}\n", re.MULTILINE | re.DOTALL)
_TITLE = re.compile(r"^(\s*title\s*=\s*\{)(.*)(\},)$", re.MULTILINE)
_YEAR = re.compile(r"^(\s*year\s*=\s*\{)(\d{4})(\},)$", re.MULTILINE)

THEME = "sphinx_book_theme"
NAVIGATION = 16  # pages in the navigation, as in this portfolio


def entries_of(bib: str) -> list[tuple[str, str, str]]:
    """The (type, key, body) of each entry of a refs.bib written one field per line."""
    return [(m.group(1), m.group(2), m.group(3)) for m in _ENTRY.finditer(bib)]


def grown_bibliography(bib: str, count: int) -> str:
    """``bib`` with copies of its entries appended until it holds ``count`` entries."""
    originals = entries_of(bib)
    if count <= len(originals):
        return bib
    parts = [bib.rstrip("\n"), ""]
    for index in range(count - len(originals)):
        kind, key, body = originals[index % len(originals)]
        copy = index // len(originals) + 1
        parts.append(f"@{kind}{{{key}-v{copy},\n{_variant(body, copy)}}}\n")
    return "\n".join(parts)


def _variant(body: str, copy: int) -> str:
    """An entry's ``body`` as its copy number ``copy``: the title marked, the year moved back."""

    def title(m: re.Match[str]) -> str:
        return f"{m.group(1)}{m.group(2)}, Variant {copy}{m.group(3)}"

    def year(m: re.Match[str]) -> str:
        return f"{m.group(1)}{int(m.group(2)) - copy % 20}{m.group(3)}"

    return _YEAR.sub(year, _TITLE.sub(title, body))


def portfolio(target: Path, entries: int) -> Path:
    """A copy of this portfolio with ``entries`` entries in refs.bib; its docs folder."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(
        ROOT / "docs",
        target / "docs",
        ignore=shutil.ignore_patterns("_build", "papers"),
    )
    bib = (ROOT / "refs.bib").read_text(encoding="utf-8")
    (target / "refs.bib").write_text(grown_bibliography(bib, entries), encoding="utf-8")
    return target / "docs"


def _conf(extensions: list[str], extra: str = "") -> str:
    return (
        'project = "Bare"\nauthor = "Bare"\n'
        f"extensions = {extensions!r}\n"
        f'html_theme = "{THEME}"\nexclude_patterns = ["_build"]\n{extra}'
    )


def bare(target: Path, pages: int) -> Path:
    """A Sphinx project (MyST, the same theme) of ``pages`` short pages; its docs folder.

    Shaped like a portfolio: a home page and a few pages in the navigation, one
    of which links every other page (as the publications page links the paper
    pages, which are not in the navigation).
    """
    if target.exists():
        shutil.rmtree(target)
    docs = target / "docs"
    (docs / "pages").mkdir(parents=True)
    (docs / "conf.py").write_text(_conf(["myst_parser"]), encoding="utf-8")
    listed = max(pages - NAVIGATION - 1, 0)
    (docs / "index.md").write_text(
        "# Bare\n\nA page.\n\n```{toctree}\n:hidden:\n\n"
        + "".join(f"n{number}\n" for number in range(1, NAVIGATION + 1))
        + "```\n",
        encoding="utf-8",
    )
    links = "".join(f"- [Page {n}](pages/p{n:05d}.md)\n" for n in range(1, listed + 1))
    for number in range(1, NAVIGATION + 1):
        body = links if number == 1 else "A paragraph of text, about as long as a theme's.\n"
        (docs / f"n{number}.md").write_text(f"# Section {number}\n\n{body}", encoding="utf-8")
    for number in range(1, listed + 1):
        (docs / "pages" / f"p{number:05d}.md").write_text(
            f"---\norphan: true\n---\n# Page {number}\n\nA paragraph of text on page "
            f"{number}, about as long as a paper's summary line.\n",
            encoding="utf-8",
        )
    return docs


# Each page's bibliography lists the entries cited on that page (by default it would list
# every entry cited anywhere, each then defined ten times).
_CITED_HERE = ":filter: docname in docnames"


def bibtex_alone(target: Path, pages: int, bib: Path, citing: int = 10) -> Path:
    """``bare`` with sphinxcontrib-bibtex: ``citing`` of its navigation pages cite every
    entry of ``bib`` between them, each with the bibliography of what it cites."""
    docs = bare(target, pages)
    shutil.copy2(bib, docs / "refs.bib")
    (docs / "conf.py").write_text(
        _conf(["myst_parser", "sphinxcontrib.bibtex"], 'bibtex_bibfiles = ["refs.bib"]\n'),
        encoding="utf-8",
    )
    keys = [key for _, key, _ in entries_of(bib.read_text(encoding="utf-8"))]
    for number in range(citing):
        cites = "".join(f"- {{cite:p}}`{key}`\n" for key in keys[number::citing])
        (docs / f"n{number + 2}.md").write_text(
            f"# Section {number + 2}\n\n{cites}\n```{{bibliography}}\n{_CITED_HERE}\n```\n",
            encoding="utf-8",
        )
    return docs


if __name__ == "__main__":
    print(portfolio(Path(sys.argv[1]), int(sys.argv[2])))
