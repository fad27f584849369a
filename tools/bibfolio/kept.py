"""The publications read from the bibliography, kept from one build to the next.

Reading and checking 2,000 entries takes about a second, and a build after an edit of
a page or of the data file reads the same bibliography under the same rules. What was
read is kept only when it had no problem at all, so that a problem is found again on
every build. It is kept twice:

- the whole list, under the digest of the bibliography's text, of the rules it was read
  under and of bibfolio's own files: a build whose bibliography did not change reads none
  of it and checks nothing across entries again;
- each entry's publication (``Readings``), under the digest of the entry's own text and
  values: after an edit of one entry, that entry alone is read and checked again (what
  is checked across entries, duplicates and crossrefs, is checked every time).

Besides the bibliography, reading a publication looks at one kind of file only: a local
PDF (``model/publication.py::_Reader.local_pdf``). Each one kept is looked at again, where
its path leads and the file there, and a change reads its entry (or everything) again.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from bibfolio.load.bibtex import BibFile, Entry
from bibfolio.load.signature import digest, tool_signature
from bibfolio.model.names import Owner
from bibfolio.model.publication import Publication, Rules

NAME = "publications"
ENTRIES = "entries"

# A local PDF as it was read: the path as the entry names it (from its file's folder),
# where that path led, and the file there (size, time, inode).
Stamp = tuple[str, str, tuple[int, int, int]]


class Keeper(Protocol):
    """Where results are kept between builds (``site/artifacts.py::Memo``)."""

    def find(self, name: str, key: str) -> bytes | None: ...

    def keep(self, name: str, key: str, data: bytes) -> None: ...


def kept_publications(
    keeper: Keeper | None, bibs: Sequence[BibFile], rules: Rules
) -> list[Publication] | None:
    """The publications kept for ``bibs`` read under ``rules``, if their PDFs are as they were."""
    if keeper is None:
        return None
    data = keeper.find(NAME, _key(bibs, rules))
    if data is None:
        return None
    try:
        stamps, publications = pickle.loads(data)  # noqa: S301 - our own, in the build's folder
    except Exception:  # noqa: BLE001 - what does not load is read again
        return None
    if not isinstance(publications, list) or any(_stamp(stamp[0]) != stamp for stamp in stamps):
        return None
    return publications


def keep_publications(
    keeper: Keeper | None, bibs: Sequence[BibFile], rules: Rules, read: list[Publication]
) -> None:
    """Keep ``read``, the publications of ``bibs`` read under ``rules`` without a problem."""
    if keeper is None:
        return
    folders = {bib.path: bib.folder for bib in bibs}
    stamps = [
        stamp
        for publication in read
        if (stamp := _pdf_stamp(folders.get(publication.path), publication)) is not None
    ]
    data = pickle.dumps((stamps, read), protocol=pickle.HIGHEST_PROTOCOL)
    keeper.keep(NAME, _key(bibs, rules), data)


class Readings:
    """Each entry's publication read without a problem, kept under the digest of the entry:
    its file, its text and its values (@string macros expanded). One found is the entry's
    publication at its place in the file now (its line and position set again)."""

    def __init__(self, keeper: Keeper | None, rules: Rules) -> None:
        self.keeper = keeper
        self.key = (
            "" if keeper is None else digest([tool_signature(), str(Path.cwd()), rules_key(rules)])
        )
        self.before: dict[str, tuple[Stamp | None, Publication]] = {}
        self.now: dict[str, tuple[Stamp | None, Publication]] = {}
        self.added = False  # an entry read this build
        data = keeper.find(ENTRIES, self.key) if keeper is not None else None
        try:
            found = pickle.loads(data) if data is not None else {}  # noqa: S301 - our own
        except Exception:  # noqa: BLE001 - what does not load is read again
            found = {}
        if isinstance(found, dict):
            self.before = found

    def find(self, bib: BibFile, entry: Entry, position: int) -> tuple[str, Publication | None]:
        """The digest of ``entry`` ("" when nothing keeps entries), and the publication kept
        for it if its PDF (if any) is as it was."""
        if self.keeper is None:
            return "", None
        name = _entry_digest(bib, entry)
        kept = self.before.get(name)
        if kept is None or (kept[0] is not None and _stamp(kept[0][0]) != kept[0]):
            return name, None
        self.now[name] = kept
        publication = kept[1]
        line = bib.locate(entry.at)[0]
        if publication.line == line and publication.position == position:
            return name, publication
        return name, replace(publication, line=line, position=position)

    def add(self, name: str, bib: BibFile, publication: Publication) -> None:
        """Keep ``publication``, read without a problem from the entry of ``bib`` whose
        digest ``find`` gave as ``name``."""
        if name:
            self.now[name] = (_pdf_stamp(bib.folder, publication), publication)
            self.added = True

    def keep(self) -> None:
        """Keep the entries of this build (those of entries no longer there are dropped)."""
        if self.keeper is not None and (self.added or self.now.keys() != self.before.keys()):
            data = pickle.dumps(self.now, protocol=pickle.HIGHEST_PROTOCOL)
            self.keeper.keep(ENTRIES, self.key, data)


def _entry_digest(bib: BibFile, entry: Entry) -> str:
    values = repr([(f.name, f.value) for f in entry.fields])
    return digest([bib.path, str(bib.folder), bib.text[entry.at : entry.end], values])


def _pdf_stamp(folder: Path | None, publication: Publication) -> Stamp | None:
    """The stamp of the local PDF ``publication`` names, from its file's ``folder``."""
    if publication.local_pdf is None or folder is None:
        return None
    named = next(value for name, value in publication.links if name == "pdf")
    return _stamp(str(folder / named))


def _stamp(named: str) -> Stamp:
    """Where ``named`` leads now, and the file there (its size, time and inode)."""
    target = Path(named).resolve()
    try:
        found = target.stat()
    except OSError:
        return (named, str(target), (-1, -1, -1))
    return (named, str(target), (found.st_size, found.st_mtime_ns, found.st_ino))


def _key(bibs: Sequence[BibFile], rules: Rules) -> str:
    files = [part for bib in bibs for part in (bib.path, str(bib.folder), bib.text)]
    return digest([tool_signature(), str(Path.cwd()), *files, rules_key(rules)])


def rules_key(rules: Rules) -> str:
    """Each of the rules as text that is the same from one process to the next: sets
    sorted, the owner as the names recognised, a folder also as where it leads."""
    parts = []
    for each in dataclasses.fields(rules):
        value = getattr(rules, each.name)
        if isinstance(value, frozenset):
            shown = repr(sorted(value))
        elif isinstance(value, Owner):
            shown = repr(value.names)
        elif isinstance(value, Path):
            shown = repr((str(value), os.path.realpath(value)))
        else:
            shown = repr(value)
        parts.append(f"{each.name}={shown}")
    return "\x00".join(parts)
