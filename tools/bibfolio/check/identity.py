"""Rules across entries: one key per entry, one entry per work, crossrefs that resolve."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence

from docutils.nodes import make_id

from bibfolio.check.entries import missing_fields
from bibfolio.diagnostics import Problem
from bibfolio.load.bibtex import BibFile, Entry

_FIRST_NAME = re.compile(r"\s+and\s+", re.IGNORECASE)
_IDENTITY_NAMES = {"doi": "DOI", "arxiv": "arXiv id", "title": "title and first author"}
_TITLE_NOISE = re.compile(r"\\[A-Za-z]+|\\.|[^0-9a-z]+")

Located = tuple[BibFile, Entry]


def check_identity(bibs: Sequence[BibFile]) -> list[Problem]:
    return [*duplicates(bibs), *crossrefs(bibs)]


def duplicates(bibs: Sequence[BibFile]) -> list[Problem]:
    """The same key twice (BIB201), or the same work under two keys (BIB202-204)."""
    problems = []
    seen_key: dict[str, Located] = {}
    seen_anchor: dict[str, Located] = {}
    seen: dict[str, dict[str, Located]] = defaultdict(dict)
    for bib in bibs:
        for entry in bib.entries:
            lower = entry.key.lower()
            first = seen_key.get(lower)
            if first is not None:
                message = f"key '{entry.key}' is already used by the entry at {_where(*first)}"
                problems.append(bib.problem("BIB201", entry.key_at, message))
                continue
            seen_key[lower] = (bib, entry)
            anchor = make_id(f"cite-{entry.key}")
            other = seen_anchor.setdefault(anchor, (bib, entry))
            if other[1] is not entry:
                problems.append(
                    bib.problem(
                        "BIB207",
                        entry.key_at,
                        f"keys '{entry.key}' and '{other[1].key}' ({_where(*other)}) make the "
                        f"same anchor on a page, #{anchor}",
                    )
                )
            for code, kind, value in _identities(entry):
                if not value:
                    continue
                earlier = seen[kind].get(value)
                if earlier is None:
                    seen[kind][value] = (bib, entry)
                    continue
                fld = entry.get(kind if kind != "arxiv" else "eprint")
                problems.append(
                    bib.problem(
                        code,
                        fld.value_at if fld is not None else entry.at,
                        f"'{entry.key}' and '{earlier[1].key}' ({_where(*earlier)}) "
                        f"have the same {_IDENTITY_NAMES[kind]}",
                    )
                )
    return problems


def _identities(entry: Entry) -> Iterator[tuple[str, str, str]]:
    doi = entry.value("doi").strip().lower()
    yield "BIB202", "doi", doi
    prefix = (entry.value("archiveprefix") or entry.value("eprinttype")).strip().lower()
    if prefix in ("arxiv", ""):
        eprint = re.sub(r"v\d+$", "", entry.value("eprint").strip().lower())
        yield "BIB203", "arxiv", eprint.removeprefix("arxiv:")
    title = title_key(entry.value("title"))
    if len(title) > 10:  # the same title by the same first author (and number): bibtex-tidy's rule
        people = entry.value("author") or entry.value("editor")
        first = _FIRST_NAME.split(people.strip(), 1)[0]
        family = first.split(",", 1)[0] if "," in first else (first.split() or [""])[-1]
        number = entry.value("number")
        # Versions at two venues (a workshop's, a conference's, a journal's) are papers of
        # their own on a CV: only the same title at the same venue (or none) is one work twice.
        venue = next((v for f in _VENUES if (v := entry.value(f).strip())), "")
        numbered = title_key(number) if number else ""
        yield "BIB204", "title", f"{title_key(family)}:{title}:{numbered}:{title_key(venue)}"


_VENUES = ("booktitle", "journal", "howpublished", "school", "institution", "publisher")


def title_key(title: str) -> str:
    """Letters and digits of a title, lower-cased, accents and TeX commands dropped."""
    if not title.isascii():
        title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _TITLE_NOISE.sub("", title.lower())


def _where(bib: BibFile, entry: Entry) -> str:
    line, col = bib.locate(entry.at)
    return f"{bib.path}:{line}:{col}"


def crossrefs(bibs: Sequence[BibFile]) -> list[Problem]:
    """crossref and xref name an entry (BIB205); crossref chains end (BIB206) and, merged,
    give the fields the type requires (BIB102)."""
    if not any("crossref" in e.by_name or "xref" in e.by_name for b in bibs for e in b.entries):
        return []
    entries = {entry.key.lower(): (bib, entry) for bib in bibs for entry in bib.entries}
    in_cycles: set[str] = set()
    problems = []
    for bib in bibs:
        for entry in bib.entries:
            for name in ("crossref", "xref"):
                fld = entry.get(name)
                if fld is not None and fld.value.strip().lower() not in entries:
                    message = f"{name} of '{entry.key}' names '{fld.value.strip()}'"
                    problems.append(bib.problem("BIB205", fld.value_at, message))
            if entry.get("crossref") is not None:
                problems += _crossref_chain(bib, entry, entries, in_cycles)
    return problems


def _crossref_chain(
    bib: BibFile, entry: Entry, entries: dict[str, Located], in_cycles: set[str]
) -> list[Problem]:
    chain = [entry.key]
    current = entry
    merged = {f.name.lower() for f in entry.fields}
    while True:
        target = current.value("crossref").strip().lower()
        if not target or target not in entries:
            break
        if target in (k.lower() for k in chain):
            if entry.key.lower() in in_cycles:
                return []  # this cycle is reported once, at its first entry
            in_cycles.update(k.lower() for k in chain)
            fld = entry.get("crossref")
            message = "crossref cycle: " + " -> ".join([*chain, target])
            return [bib.problem("BIB206", fld.value_at if fld else entry.at, message)]
        current = entries[target][1]
        chain.append(current.key)
        merged |= {f.name.lower() for f in current.fields if f.value.strip()}
    return missing_fields(bib, entry, merged)
