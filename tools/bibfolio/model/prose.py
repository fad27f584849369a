"""The data file's prose: plain text with a little Markdown, nothing else.

``*emphasis*``, ``**strong**``, ``[text](https://address)`` and citations
``[@key]`` / ``[@a; @b]``; everything else prints as written. A link whose
address is not http(s) stays text, brackets and all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bibfolio.model.urls import safe_url

_PROSE = re.compile(
    r"\*\*(?P<strong>[^*]+)\*\*"
    r"|\*(?P<emph>[^*\s][^*]*)\*"
    r"|\[(?P<cite>@[^\s\];@][^\]]*)\]"
    r"|\[(?P<label>[^\[\]]+)\]\((?P<address>[^()\s]+)\)"
)

SegmentKind = Literal["text", "emph", "strong", "cite", "link"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of prose: text, emphasis, strong text, a link (``target``), citations (``keys``)."""

    kind: SegmentKind
    text: str = ""
    keys: tuple[str, ...] = ()
    target: str = ""


def prose(text: str) -> tuple[Segment, ...]:
    found: list[Segment] = []
    position = 0
    for match in _PROSE.finditer(text):
        if match.start() > position:
            found.append(Segment("text", text[position : match.start()]))
        if match.group("strong") is not None:
            found.append(Segment("strong", match.group("strong")))
        elif match.group("emph") is not None:
            found.append(Segment("emph", match.group("emph")))
        elif match.group("cite") is not None:
            keys = tuple(k.strip().lstrip("@") for k in match.group("cite").split(";"))
            found.append(Segment("cite", keys=tuple(k for k in keys if k)))
        elif safe_url(match.group("address")):
            found.append(Segment("link", match.group("label"), target=match.group("address")))
        else:
            found.append(Segment("text", match.group()))
        position = match.end()
    if position < len(text):
        found.append(Segment("text", text[position:]))
    return tuple(found)


def cited_keys(text: str) -> tuple[str, ...]:
    return tuple(key for segment in prose(text) if segment.kind == "cite" for key in segment.keys)


def unsafe_links(text: str) -> tuple[str, ...]:
    """The addresses of the links written ``[text](address)`` that are not http(s)."""
    return tuple(
        address
        for match in _PROSE.finditer(text)
        if (address := match.group("address")) is not None and not safe_url(address)
    )
