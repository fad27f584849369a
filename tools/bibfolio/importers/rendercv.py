"""A RenderCV file (``cv:`` with ``sections:``), or al-folio's cv.yml in that form.

Each section is a list of one kind of entry, recognised by its keys as
RenderCV recognises them: education (``institution``, ``area``), experience
(``company``, ``position``), a normal entry (``name``), a one-line entry
(``label``, ``details``), bullets and plain text. Publications are left to
refs.bib and reported; so is every key with no place in the data file.
"""

from __future__ import annotations

import re
from typing import Any

from bibfolio.importers.common import Data, Imported, span_of
from bibfolio.importers.cvdata import (
    Sections,
    add_profile,
    dated,
    entry_item,
    plain,
    profile,
    service_profile,
    set_contact,
    texts,
)
from bibfolio.load.yaml import KEY, YamlDocument
from bibfolio.model.cv import PROFILE_ADDRESSES

NETWORKS = {
    "linkedin": "https://www.linkedin.com/in/{}",
    "github": PROFILE_ADDRESSES["github"],
    "gitlab": "https://gitlab.com/{}",
    "orcid": PROFILE_ADDRESSES["orcid"],
    "google scholar": PROFILE_ADDRESSES["google-scholar"],
    "x": PROFILE_ADDRESSES["x"],
    "twitter": PROFILE_ADDRESSES["x"],
    "bluesky": PROFILE_ADDRESSES["bluesky"],
    "researchgate": "https://www.researchgate.net/profile/{}",
    "youtube": "https://www.youtube.com/@{}",
    "stackoverflow": "https://stackoverflow.com/users/{}",
    "instagram": "https://www.instagram.com/{}",
}
_AWARDS = re.compile(r"award|honou?r|prize|fellowship|scholarship|grant", re.IGNORECASE)


# A network's name as RenderCV and JSON Resume write it -> bibfolio's service.
SERVICE_OF = {
    "linkedin": "linkedin",
    "github": "github",
    "orcid": "orcid",
    "google scholar": "google-scholar",
    "googlescholar": "google-scholar",
    "x": "x",
    "twitter": "x",
    "bluesky": "bluesky",
    "semantic scholar": "semantic-scholar",
    "semanticscholar": "semantic-scholar",
    "dblp": "dblp",
}


def network_profile(network: str, username: str, url: str = "") -> Data | None:
    """A profile from RenderCV's or JSON Resume's ``network`` and ``username`` (or ``url``)."""
    service = SERVICE_OF.get(network.lower())
    pattern = NETWORKS.get(network.lower())
    made = ""
    if pattern is not None and re.match(r"^[\w.@~+/-]+$", username):
        made = pattern.format(username.lstrip("@"))
    if service is not None:
        ident = username.lstrip("@") if service != "x" else username
        return service_profile(service, ident, url or made)
    return profile(network, url or made) if url or made else None


def read_rendercv(document: YamlDocument, result: Imported) -> None:
    data = document.data.get("cv") if isinstance(document.data, dict) else None
    if not isinstance(data, dict):
        return
    cv = result.cv
    cv["name"] = plain(data.get("name")) or cv.get("name", "")
    if plain(data.get("headline") or data.get("label")):
        cv["position"] = plain(data.get("headline") or data.get("label"))
    if plain(data.get("summary")):
        cv["summary"] = plain(data.get("summary"))
    contact: Data = dict(cv.get("contact", {}))
    email = data.get("email")
    email = email[0] if isinstance(email, list) and email else email
    if isinstance(email, str) and "@" in email:
        contact["email"] = email.strip()
    if isinstance(data.get("phone"), str | int):
        contact["phone"] = str(data["phone"])
    website = data.get("website")
    website = website[0] if isinstance(website, list) and website else website
    if isinstance(website, str) and (home := profile("home", website)):
        contact["homepage"] = home["url"]
    profiles = list(contact.get("profiles", []))
    for index, entry in enumerate(data.get("social_networks") or []):
        if not isinstance(entry, dict):
            continue
        found = network_profile(
            plain(entry.get("network")), plain(entry.get("username")), plain(entry.get("url"))
        )
        if found is None:
            line, col = document.where(("cv", "social_networks", index))
            result.note(
                "IMP101", document.path, line, col, f"profile {entry.get('network')}: not mapped"
            )
        else:
            add_profile(profiles, found)
    set_contact(result, contact, profiles)
    for key in ("location", "photo", "image", "address", "custom_connections"):
        if data.get(key):
            line, col = document.where(("cv", key))
            result.note("IMP101", document.path, line, col, f"'{key}': not mapped")
    sections = Sections(result, document.path)
    found = data.get("sections")
    for title, entries in found.items() if isinstance(found, dict) else ():
        _section(document, sections, str(title), entries, result)
    result.sections += sections.sections


def _section(
    document: YamlDocument, sections: Sections, title: str, entries: Any, result: Imported
) -> None:
    where = ("cv", "sections", title)
    line = document.where((*where, KEY))[0]
    shown = title.replace("_", " ").strip().capitalize() if title.islower() else title
    if not isinstance(entries, list) or not entries:
        result.note("IMP101", document.path, line, 1, f"section '{title}': not mapped")
        return
    first = entries[0]
    keys = set(first) if isinstance(first, dict) else set()
    at = [document.where((*where, index))[0] for index in range(len(entries))]
    items = [entry for entry in entries if isinstance(entry, dict)]
    if all(isinstance(entry, str) for entry in entries):
        sections.text(shown, " ".join(plain(entry) for entry in entries))
    elif "institution" in keys:
        sections.add("education", shown, list(zip(map(_education, items), at, strict=False)))
    elif "company" in keys or "position" in keys:
        sections.add("experience", shown, list(zip(map(_experience, items), at, strict=False)))
    elif "authors" in keys or "releaseDate" in keys or "doi" in keys:
        result.note(
            "IMP101",
            document.path,
            line,
            1,
            f"section '{title}': publications belong in refs.bib: not mapped",
        )
    elif "label" in keys and "details" in keys:
        pairs = [
            ({"label": plain(e.get("label")), "text": plain(e.get("details"))}, n)
            for e, n in zip(items, at, strict=False)
        ]
        sections.add("skills", shown, pairs)
    elif "bullet" in keys:
        sections.text(shown, "; ".join(plain(e.get("bullet")) for e in items))
    elif ("name" in keys or "title" in keys) and _AWARDS.search(title):
        sections.add("awards", shown, list(zip(map(_award, items), at, strict=False)))
    elif (
        "name" in keys
        and ("keywords" in keys or "level" in keys or "summary" in keys)
        and not ("date" in keys or "start_date" in keys)
    ):
        pairs = [
            ({"label": plain(e.get("name")), "text": _keywords(e)}, n)
            for e, n in zip(items, at, strict=False)
        ]
        sections.add("skills", shown, pairs)
    elif "name" in keys:
        sections.add("entries", shown, list(zip(map(_normal, items), at, strict=False)))
    else:
        result.note("IMP101", document.path, line, 1, f"section '{title}': not mapped")


def _keywords(entry: Data) -> str:
    words = entry.get("keywords")
    if isinstance(words, list):
        return ", ".join(plain(word) for word in words)
    return plain(words) or plain(entry.get("summary")) or plain(entry.get("level"))


def _description(entry: Data) -> str:
    return " ".join([*texts(entry.get("summary")), *texts(entry.get("highlights"))])


def _when(item: Data, entry: Data) -> Data:
    if entry.get("start_date") is not None:
        return dated(item, entry.get("start_date"), entry.get("end_date"))
    return dated(item, None, span=entry.get("date"))


def _education(entry: Data) -> Data:
    degree = " in ".join(
        part
        for part in (plain(entry.get("degree") or entry.get("studyType")), plain(entry.get("area")))
        if part
    )
    item: Data = {"institution": plain(entry.get("institution")), "degree": degree}
    if plain(entry.get("location")):
        item["location"] = plain(entry.get("location"))
    notes = [*texts(entry.get("summary")), *texts(entry.get("highlights"))]
    if notes:
        item["notes"] = notes
    return _when(item, entry)


def _experience(entry: Data) -> Data:
    item: Data = {
        "organization": plain(entry.get("company") or entry.get("name")),
        "role": plain(entry.get("position")),
    }
    if plain(entry.get("location")):
        item["location"] = plain(entry.get("location"))
    if _description(entry):
        item["description"] = _description(entry)
    return _when(item, entry)


def _normal(entry: Data) -> Data:
    """A normal entry (a project, a lecture, ...): a dated entry with its title."""
    start, end = entry.get("start_date"), entry.get("end_date")
    if start is None:
        span = span_of(entry.get("date"))
        start, end = span if span is not None else (None, None)
    item = entry_item(
        plain(entry.get("name")), plain(entry.get("url")), _description(entry), start, end
    )
    if plain(entry.get("location")):
        item["location"] = plain(entry.get("location"))
    return item


def _award(entry: Data) -> Data:
    when = _when({}, entry).get("start")
    detail = plain(entry.get("awarder")) or _description(entry)
    item: Data = {
        "title": plain(entry.get("name") or entry.get("title")),
        "dates": [when] if when else [],
    }
    if detail:
        item["detail"] = detail
    return item
