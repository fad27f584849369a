"""Reading the seeds: the owner's CVs as text extracted from their PDFs (../shared/seeds).

Seed 000 is the CV of September 2025, seed 001 the CV of February 2025. The
extraction marks bold with ``**`` and a superscript dagger as ``[†]``, puts a
line's right-aligned part after a tab (in ``<i>...</i>`` in seed 001), writes
the legend of the marks as "(Note: ...)" in seed 001, and spells months several
ways; ``squash`` and ``lines`` put all that aside before comparing.
"""

from __future__ import annotations

import calendar
import re

LEGEND = re.compile(r"^\(?(?:Note: )?(authors with \* contributed equally.*?\.)\)?$", re.IGNORECASE)
_LABEL_LINE = re.compile(r"^(?:- )?\[([A-Z]?\d+)\]\s", re.MULTILINE)
_LABEL = re.compile(r"(?:^|\s)(?:-\s+)?\[([A-Z]?\d+)\]\s*")
_MONTHS = [(name.casefold(), name[:3].casefold()) for name in calendar.month_name[1:]]


def squash(text: str) -> str:
    """Letters and digits only, lower case, months in three letters: layout, punctuation,
    dash styles and month spellings aside."""
    text = text.casefold()
    for name, short in _MONTHS:
        text = text.replace(name, short)
    return re.sub(r"[^0-9a-z]+", "", text)


def lines(text: str) -> list[str]:
    """The seed's lines without bullets, markup, separators, blank lines or a "(Note: )"
    around the legend."""
    found = []
    for raw in text.splitlines():
        line = re.sub(r"<[^>]+>", " ", raw).replace("**", "").replace("[†]", "†")
        line = re.sub(r"^\s*(?:[•○◦]|-(?= )|o(?= ))\s*", "", line).strip()
        if not line or set(line) <= set("-\t "):
            continue
        said = LEGEND.match(line)
        found.append(said.group(1)[:1].upper() + said.group(1)[1:] if said else line)
    return found


def legend(text: str) -> str:
    """The sentence that says what the marks mean."""
    found = [line for line in lines(text) if LEGEND.match(line)]
    assert len(found) == 1, "the seed has one legend"
    return found[0]


def labels(text: str) -> list[str]:
    """The labels of the seed's papers ("P5", "C1", "10"), in its order."""
    return _LABEL_LINE.findall(text)


def entries(text: str) -> dict[str, str]:
    """The publication entries by label, as plain text: for a CV whose list of papers comes
    last, after its legend (seed 000)."""
    body = text.split(legend(text), 1)[1]
    parts = _LABEL.split(body)
    found = {}
    for label, entry in zip(parts[1::2], parts[2::2], strict=True):
        found[label] = " ".join(entry.replace("**", "").replace("[†]", "†").split())
    return found


def last_update(text: str) -> str:
    """The release the seed is: the calendar version of its "Last update" (2025.02)."""
    found = re.search(r"Last update:\s*([A-Za-z]+)\.?,?\s*(\d{4})", text)
    assert found, "the seed says when it was last updated"
    written = found.group(1).casefold()
    month = next(n for n, names in enumerate(_MONTHS, start=1) if written in names)
    return f"{found.group(2)}.{month:02d}"
