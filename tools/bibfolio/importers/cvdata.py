"""Sections of the data file built from a source's entries, each item checked by the model.

The importers of CV formats (al-folio's cv.yml, RenderCV, JSON Resume) describe
each entry as plain values; ``Sections`` checks each against the data file's
model and keeps it, or reports it as not mapped where it is written.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from bibfolio.importers.common import Data, Imported, html_to_text, span_of, valid_item
from bibfolio.model.cv import (
    SERVICES,
    AwardItem,
    EducationItem,
    EntryItem,
    ExperienceItem,
    Profile,
    SkillItem,
)
from bibfolio.model.urls import safe_url

MODELS: dict[str, type[BaseModel]] = {
    "education": EducationItem,
    "experience": ExperienceItem,
    "awards": AwardItem,
    "skills": SkillItem,
    "entries": EntryItem,
}


def today() -> str:
    now = datetime.date.today()
    return f"{now.year}-{now.month:02d}"


def plain(value: Any) -> str:
    """A source's text (HTML and Markdown marks removed) as one line; '' for no text."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        return ""
    text = html_to_text(value)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).replace("[@", "[ @")


def texts(value: Any) -> list[str]:
    """Strings of a value that is a string or a list of strings (or of {title, contents})."""
    if isinstance(value, str):
        return [plain(value)] if plain(value) else []
    found: list[str] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                title = plain(item.get("title"))
                inner = "; ".join(texts(item.get("contents") or item.get("items")))
                found.append(f"{title}: {inner}" if title and inner else title or inner)
            else:
                found += texts(item)
    return [text for text in found if text]


def dated(item: Data, start: Any, end: Any = None, span: Any = None) -> Data:
    """``item`` with start and end from a source's dates (a span such as ``2017 - 2021``)."""
    if span is not None:
        parsed = span_of(span)
        if parsed is not None:
            item["start"] = parsed[0]
            if parsed[1] is not None:
                item["end"] = parsed[1]
        return item
    first = span_of(start)
    if first is not None:
        item["start"] = first[0]
    if isinstance(end, str) and re.search(r"present|now|current", end, re.IGNORECASE):
        item["end"] = "present"
    else:
        last = span_of(end)
        if last is not None:
            item["end"] = last[0]
    return item


def entry_item(title: str, url: str, description: str, start: Any, end: Any) -> Data:
    """A dated entry of a section with no type of its own (projects, lectures, press): its
    title a link when it has an address; one ``date`` when it has no end."""
    item: Data = {"title": f"[{title}]({url})" if url and safe_url(url) and title else title}
    if description:
        item["description"] = description
    when = dated({}, start, end)
    if "start" in when and "end" not in when:
        item["date"] = when["start"]
    else:
        item.update(when)
    return item


def profile(label: str, url: str) -> Data | None:
    if not safe_url(url):
        return None
    data = {"label": label, "url": url}
    return data if _valid(data) else None


def service_profile(name: str, ident: str = "", url: str = "") -> Data | None:
    """A profile at ``name``: one of bibfolio's services (``{service, id}`` when the id has
    the service's form, else ``{service, url}``), or a link labelled ``name``."""
    if name not in SERVICES:
        return profile(name, url)
    if ident and name != "website":
        found: Data = {"service": name, "id": ident}
        if _valid(found):
            return found
    if url and safe_url(url):
        found = {"service": name, "url": url}
        if _valid(found):
            return found
    return None


def _valid(data: Data) -> bool:
    try:
        Profile.model_validate(data)
    except ValueError:
        return False
    return True


def add_profile(profiles: list[Data], found: Data) -> None:
    """Add a profile link unless one of its service or label is there (X listed twice)."""
    name = found.get("service") or found.get("label")
    if all(name != (known.get("service") or known.get("label")) for known in profiles):
        profiles.append(found)


def set_contact(result: Imported, contact: Data, profiles: list[Data]) -> None:
    if profiles:
        contact["profiles"] = profiles
    if contact:
        result.cv["contact"] = contact


@dataclass
class Sections:
    """The sections being built, in the source's order."""

    result: Imported
    path: str
    sections: list[Data] = field(default_factory=list)

    def add(self, kind: str, title: str, items: list[tuple[Data, int]]) -> None:
        """Add a section of ``kind`` with the items the model takes (item, source line)."""
        model = MODELS[kind]
        kept = [
            checked
            for item, line in items
            if (
                checked := valid_item(
                    model, item, self.result, path=self.path, line=line, what=title
                )
            )
            is not None
        ]
        if kept:
            self.sections.append({"type": kind, "title": title or kind.title(), "items": kept})

    def text(self, title: str, text: str) -> None:
        if text:
            self.sections.append({"type": "text", "title": title or "Notes", "text": text})
