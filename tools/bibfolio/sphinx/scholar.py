"""Tags for Google Scholar and JSON-LD on each paper's page; publishing local PDFs.

myst-parser's ``html_meta`` cannot repeat a key, and Scholar needs one
``citation_author`` per author, in order; so the tags are added to the page's
<head> here, every value escaped for an HTML attribute.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from bibfolio.load.files import inside
from bibfolio.pipeline import publish_root
from bibfolio.render.docutils import page_paper
from bibfolio.sphinx.environment import portfolio_of, project_of
from bibfolio.view.papers import Paper


def scholar_tags(paper: Paper, pdf_url: str | None) -> list[tuple[str, str]]:
    """(name, content) pairs in Scholar's order: title, authors, date, venue, PDF."""
    pub = paper.pub
    tags = [("citation_title", pub.title)]
    tags += [("citation_author", author.inverted) for author in paper.authors]
    if paper.date:
        tags.append(("citation_publication_date", paper.date))
    if paper.kind == "inproceedings" and pub.booktitle:
        tags.append(("citation_conference_title", pub.booktitle))
    elif paper.kind == "article" and pub.journal:
        tags.append(("citation_journal_title", pub.journal))
        if pub.volume:
            tags.append(("citation_volume", pub.volume))
        if pub.number:
            tags.append(("citation_issue", pub.number))
    if pub.pages and "--" in pub.pages:
        first, last = (part.strip() for part in pub.pages.split("--", 1))
        tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    if pub.doi:
        tags.append(("citation_doi", pub.doi))
    if pub.arxiv:
        tags.append(("citation_arxiv_id", pub.arxiv))
    if pub.abstract:
        tags.append(("citation_abstract", pub.abstract))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def json_ld(paper: Paper, url: str | None) -> str:
    pub = paper.pub
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": pub.title,
        "name": pub.title,
        "author": [{"@type": "Person", "name": author.name} for author in paper.authors],
    }
    if paper.date:
        data["datePublished"] = paper.date.replace("/", "-")
    venue = pub.booktitle or pub.journal
    if venue:
        data["isPartOf"] = {"@type": "CreativeWork", "name": venue}
    if pub.abstract:
        data["abstract"] = pub.abstract
    if url:
        data["url"] = url
    same = [link.url for link in paper.links if link.kind in ("doi", "arxiv") and not link.local]
    if same:
        data["sameAs"] = same
    return script_json(data)


def script_json(data: dict[str, Any]) -> str:
    """JSON for a <script> element: "<" escaped, so no text from the data can close it."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _local_pdf(paper: Paper) -> Path | None:
    return next((l.local for l in paper.links if l.local is not None and l.kind == "pdf"), None)


def add_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    paper = page_paper(portfolio_of(app.env), pagename)
    if paper is None or app.builder.format != "html":
        return
    base = (app.config.html_baseurl or "").rstrip("/")
    folder = f"papers/{paper.slug}/"
    pdf = _local_pdf(paper)
    pdf_url = (f"{base}/{folder}{pdf.name}" if base else pdf.name) if pdf else None
    page_url = f"{base}/{folder}" if base else None
    lines = [
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">'
        for name, value in scholar_tags(paper, pdf_url)
    ]
    lines.append(f'<script type="application/ld+json">{json_ld(paper, page_url)}</script>')
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


def copy_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """Publish each local PDF in its paper's folder (Scholar wants them side by side).

    The checks have made sure each one is a PDF inside the files folder; it is
    copied from where it resolved then, never through a link made since.
    """
    if exception is not None or app.builder.format != "html":
        return
    project = project_of(app.env)
    if project.portfolio is None:
        return
    files = project.settings.files_dir.resolve()
    papers = Path(app.outdir) / "papers"
    wanted: set[Path] = set()
    root = publish_root(Path(app.srcdir), project.settings)
    for paper in project.portfolio.papers:
        source = _local_pdf(paper)
        if source is None or not inside(source, files) or not inside(source, root):
            continue
        target = papers / paper.slug / source.name
        wanted.add(target)
        source = source.resolve()
        if _same(source, target):
            continue  # copied by an earlier build: the published copy stays as it is
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        shutil.copy2(source, target)
    # A PDF no paper links to any more (removed from refs.bib, or renamed) leaves the site.
    for stale in _published_pdfs(papers):
        if stale not in wanted:
            stale.unlink()
            if not any(stale.parent.iterdir()):
                stale.parent.rmdir()


def _published_pdfs(papers: Path) -> list[Path]:
    """The PDFs in the paper folders of the output (``papers/*/*.pdf``), one listing per
    folder: a glob takes 0.05 s of every build at 2,000 papers, this a third of it."""
    found = []
    try:
        entries = list(os.scandir(papers))
    except OSError:
        return []
    for entry in entries:
        try:
            if entry.is_dir():
                found += [Path(e.path) for e in os.scandir(entry.path) if e.name.endswith(".pdf")]
        except OSError:
            continue  # as the glob: a folder that cannot be listed is passed over
    return found


def _same(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), target.lstat()
    except OSError:
        return False
    return (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_tags)
    app.connect("build-finished", copy_pdfs)
