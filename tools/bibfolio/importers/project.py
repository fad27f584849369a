"""Where an import goes: the source read by its importer, the portfolio's files written.

Written: ``refs.bib``, ``docs/cv.yaml`` (with the news items and the photo's
name), the photo beside it and the PDFs under ``files/``; into a folder that is
not yet a portfolio (no ``docs/conf.py``), also the few files a site needs
(pyproject.toml, conf.py, the home, publications and CV pages). A file that exists is never replaced
unless asked (``force``), and then kept beside it as ``<name>.bak``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.diagnostics import TABLE, Problem
from bibfolio.importers import alfolio, jsonresume, rendercv
from bibfolio.importers.common import Data, Imported, Source, escape_markdown
from bibfolio.importers.cvdata import today
from bibfolio.importers.papers import has_workshops
from bibfolio.load.files import display_path

_TOP = ("name", "position", "affiliation", "positions", "updated", "photo", "contact", "summary")
# The label groups the guide recommends, with workshop papers (W) after the conference papers.
_GROUPS: list[Data] = [
    {"prefix": "P", "title": "Preprints", "kinds": ["preprint"]},
    {"prefix": "J", "title": "Journal articles", "kinds": ["article"]},
    {"prefix": "C", "title": "Conference papers", "kinds": ["inproceedings"]},
    {"prefix": "W", "title": "Workshop papers", "venues": ["workshop"]},
    {"prefix": "B", "title": "Books and chapters", "kinds": ["book"]},
    {"prefix": "T", "title": "Theses", "kinds": ["thesis"]},
    {"prefix": "R", "title": "Reports", "kinds": ["report"]},
    {"prefix": "O", "title": "Other", "kinds": ["other"]},
]


def read_source(path: Path) -> Imported:
    """What ``path`` (an al-folio site folder, a RenderCV YAML or a JSON Resume file) holds."""
    result = Imported()
    shown = display_path(path)
    if path.is_dir() and alfolio.is_site(path):
        alfolio.import_site(path, result)
    elif path.is_file() and path.suffix.lower() in (".yaml", ".yml", ".json"):
        source = Source(path.parent, result)
        if path.suffix.lower() == ".json":
            text = source.text(path.name)
            data = source.json(path.name) if text is not None else None
            if isinstance(data, dict) and jsonresume.looks_like_resume(data) and text is not None:
                jsonresume.read_resume(data, text, shown, result)
            elif data is not None:
                result.note("IMP001", shown, 1, 1, "not a JSON Resume file (no 'basics')")
        else:
            document = source.yaml(path.name)
            if isinstance(document.data, dict) and isinstance(document.data.get("cv"), dict):
                rendercv.read_rendercv(document, result)
            elif document.data is not None:
                result.note(
                    "IMP001", shown, 1, 1, "not a RenderCV file (no 'cv:' with 'sections:')"
                )
    else:
        what = "no such file or folder" if not path.exists() else "not a source bibfolio reads"
        result.note(
            "IMP001",
            shown,
            1,
            1,
            f"{what}: give an al-folio site's folder, a RenderCV .yaml or a JSON Resume .json",
        )
    if not result.cv.get("name") and not any(p.code == "IMP001" for p in result.problems):
        result.note("IMP001", shown, 1, 1, "no name of the owner found")
    return result


@dataclass
class Plan:
    """The files an import writes: relative path -> bytes, or a source file to copy."""

    texts: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)

    @property
    def paths(self) -> list[str]:
        return sorted([*self.texts, *self.copies])


def cv_data(result: Imported) -> Data:
    data: Data = {key: result.cv[key] for key in _TOP if result.cv.get(key)}
    data.setdefault("updated", today())
    if result.photo is not None:
        data["photo"] = photo_name(result.photo)
    if result.bibtex and has_workshops(result.bibtex):
        data["labels"] = _GROUPS
    sections = list(result.sections)
    if result.bibtex:
        sections.append({"type": "publications", "title": "Publications"})
    if sections:
        data["sections"] = sections
    news = sorted(result.news, key=lambda item: item.date, reverse=True)
    if news:
        data["news"] = [{"date": item.date[:7], "text": item.text} for item in news]
        data["news_from"] = []  # the site's own news only, as it showed them
    return {
        key: data[key] for key in (*_TOP, "labels", "sections", "news", "news_from") if key in data
    }


def photo_name(path: Path) -> str:
    """The photo's name in the project, beside the data file: ``photo.jpg``."""
    return f"photo{path.suffix.lower()}"


def plan(result: Imported, into: Path, source: str) -> Plan:
    import yaml  # noqa: PLC0415

    files = Plan()
    name = str(result.cv.get("name", ""))
    header = (
        "# yaml-language-server: $schema=https://bibfolio.readthedocs.io/cv.schema.json\n"
        f"# Imported by `bibfolio import` from {_comment(source)}; edit freely.\n\n"
    )
    files.texts["docs/cv.yaml"] = header + yaml.safe_dump(
        cv_data(result), sort_keys=False, allow_unicode=True, width=88
    )
    if result.bibtex:
        files.texts["refs.bib"] = (
            f"% Imported by `bibfolio import` from {_comment(source)}.\n\n{result.bibtex}"
        )
    for file_name, path in result.files.items():
        files.copies[f"files/{file_name}"] = path
    if result.photo is not None:
        files.copies[f"docs/{photo_name(result.photo)}"] = result.photo
    if not (into / "docs" / "conf.py").exists():
        files.texts.update(_skeleton(name, result))
        files.texts.setdefault("refs.bib", "% Publications and preprints, in BibTeX.\n")
    return files


def _comment(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


def _skeleton(name: str, result: Imported) -> dict[str, str]:
    settings = ['bibliography = ["refs.bib"]', 'docs = "docs"', 'data = "docs/cv.yaml"']
    if result.awards:
        listed = ", ".join(json.dumps(award, ensure_ascii=False) for award in result.awards)
        settings.append(f"awards = [{listed}]")
    if result.ignore:
        settings.append(
            "# Author lists that end with 'and others' (shown as 'et al.'): write the names"
            "\n# out in refs.bib, then remove this line, and bibfolio checks they are complete."
        )
        settings.append(f"ignore = {json.dumps(result.ignore)}")
    pages = ["publications", "cv"]
    home = [f"# {escape_markdown(name)}", "", "```{profile}", "```", ""]
    if result.news:
        home += ["## News", "", "```{news}", "```", ""]
    if re.search(r"^\s*selected\s*=\s*\{true\}", result.bibtex, re.MULTILINE):
        home += ["## Selected publications", "", "```{publications}", ":selected:", "```", ""]
    toctree = ["```{toctree}", ":hidden:", "", *pages, "```", ""]
    return {
        "pyproject.toml": "[tool.bibfolio]\n" + "\n".join(settings) + "\n",
        "docs/conf.py": (
            '"""Sphinx configuration: metadata and a few settings."""\n\n'
            f"project = {name!r}\nauthor = {name!r}\nhtml_title = {name!r}\n\n"
            'extensions = ["bibfolio.sphinx"]\nhtml_theme = "sphinx_book_theme"\n'
            'exclude_patterns = ["_build"]\nnitpicky = True\n'
        ),
        "docs/index.md": "\n".join([*home, *toctree]),
        "docs/publications.md": "# Publications\n\n```{publications}\n```\n",
        "docs/cv.md": "# Curriculum vitae\n\n```{cv}\n```\n",
    }


def _problem(code: str, path: str, message: str) -> Problem:
    return Problem(path, 1, 1, code, message, TABLE[code].severity, TABLE[code].hint)


def write(files: Plan, into: Path, force: bool) -> tuple[list[str], list[Problem]]:
    """Write the plan; without ``force``, nothing at all when one of its files exists."""
    existing = [
        path for path in files.paths if (into / path).exists() or (into / path).is_symlink()
    ]
    if existing and not force:
        return [], [
            _problem(
                "IMP201",
                display_path(into / path),
                "exists: left alone (--force replaces it, keeping a .bak)",
            )
            for path in existing
        ]
    written = []
    for relative in files.paths:
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            backup = _backup_name(target)
            target.rename(backup)
            written.append(f"{display_path(backup)} (the previous {relative})")
        if relative in files.texts:
            target.write_text(files.texts[relative], encoding="utf-8")
        else:
            shutil.copyfile(files.copies[relative], target, follow_symlinks=True)
        written.append(display_path(target))
    return written, []


def _backup_name(target: Path) -> Path:
    backup = target.with_name(f"{target.name}.bak")
    number = 1
    while backup.exists() or backup.is_symlink():
        number += 1
        backup = target.with_name(f"{target.name}.bak{number}")
    return backup


def project_notes(result: Imported, into: Path) -> None:
    """What an existing portfolio must be told by hand: awards, a page that shows the news."""
    if not (into / "docs" / "conf.py").exists():
        return
    shown = display_path(into / "pyproject.toml")
    if result.awards:
        listed = ", ".join(json.dumps(award, ensure_ascii=False) for award in result.awards)
        result.note("IMP101", shown, 1, 1, f"awards: add awards = [{listed}] to [tool.bibfolio]")
    if result.ignore:
        result.note(
            "IMP101",
            shown,
            1,
            1,
            f"author lists end with 'and others': write the names out, or add ignore = "
            f"{json.dumps(result.ignore)} to [tool.bibfolio]",
        )
    pages = sorted((into / "docs").glob("*.md"))
    shows = any("{news}" in page.read_text(encoding="utf-8", errors="replace") for page in pages)
    if result.news and not shows:
        result.note(
            "IMP101",
            display_path(into / "docs" / "index.md"),
            1,
            1,
            "the news are in docs/cv.yaml: add a {news} directive to the home page",
        )
