"""What a first visit to a built page downloads, counted from the built files.

Every file the page loads: the page, its stylesheets (and what they ``@import``),
the fonts their ``@font-face`` rules name, its scripts, images and icon. Text is
counted gzipped (level 6, what web servers and Read the Docs use by default);
fonts and images as they are (they are compressed already). A font counts even
when the page draws no glyph of it, so the figure errs on the heavy side.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".map"}
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
_URL = re.compile(r"""url\(\s*["']?([^"')]+)""")


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site's folder
    size: int  # bytes on disk
    transferred: int  # bytes over the wire: gzipped for text


@dataclass(frozen=True)
class Weight:
    page: str
    downloads: tuple[Download, ...]

    @property
    def transferred(self) -> int:
        return sum(d.transferred for d in self.downloads)

    @property
    def requests(self) -> int:
        return len(self.downloads)


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = set((values.get("rel") or "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload"}:
            self.found.append(values.get("href") or "")
        elif tag in {"script", "img"}:
            self.found.append(values.get("src") or "")


def transferred_size(data: bytes, suffix: str) -> int:
    if suffix in COMPRESSED:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def _local(reference: str, base: str) -> str | None:
    """The site-relative path of a reference made from file ``base``; None if it leaves."""
    parts = urlsplit(reference)
    if not reference or parts.scheme or parts.netloc or reference.startswith("data:"):
        return None
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    return None if joined.startswith("..") else joined


def first_visit(site: Path, page: str) -> Weight:
    """Everything ``page`` (a path under ``site``) loads on a first visit, each file once."""
    seen: dict[str, Download] = {}

    def add(path: str) -> bytes | None:
        if path in seen:
            return None
        file = site / path
        if not file.is_file():
            return None
        data = file.read_bytes()
        seen[path] = Download(path, len(data), transferred_size(data, file.suffix))
        return data

    html = add(page)
    if html is None:
        raise FileNotFoundError(site / page)
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    pending = [p for ref in parser.found if (p := _local(ref, page)) is not None]
    while pending:
        path = pending.pop(0)
        data = add(path)
        if data is None or not path.endswith(".css"):
            continue
        css = data.decode("utf-8", errors="replace")
        refs = _IMPORT.findall(css)
        refs += [url for face in _FONT_FACE.findall(css) for url in _URL.findall(face)]
        pending += [p for ref in refs if (p := _local(ref, path)) is not None]
    return Weight(page, tuple(seen.values()))
