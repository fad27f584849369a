"""A JSON Resume file (jsonresume.org, schema 1.x), also al-folio's ``resume.json``.

``basics`` gives the header and the profile links; work, volunteer, education,
awards, certificates, skills, languages, interests and projects become
sections. Publications are left to refs.bib; references and anything else
are reported as not mapped.
"""

from __future__ import annotations

from typing import Any

from bibfolio.importers.common import Data, Imported, where_json
from bibfolio.importers.cvdata import (
    Sections,
    add_profile,
    dated,
    entry_item,
    plain,
    profile,
    set_contact,
    texts,
)
from bibfolio.importers.rendercv import network_profile

_TITLES = {
    "work": "Experience",
    "volunteer": "Volunteering",
    "projects": "Projects",
    "education": "Education",
    "awards": "Awards",
    "certificates": "Certificates",
    "skills": "Skills",
    "languages": "Languages",
    "interests": "Interests",
}


def looks_like_resume(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("basics"), dict)


def read_resume(data: Data, text: str, shown: str, result: Imported) -> None:
    found = data.get("basics")
    basics: Data = found if isinstance(found, dict) else {}
    cv = result.cv
    cv["name"] = plain(basics.get("name")) or cv.get("name", "")
    if plain(basics.get("label")):
        cv["position"] = plain(basics.get("label"))
    if plain(basics.get("summary")) and not cv.get("summary"):
        cv["summary"] = plain(basics.get("summary"))
    _contact(basics, text, shown, result)
    for key in ("image", "location"):
        if basics.get(key):
            result.note("IMP101", shown, *where_json(text, key), f"basics.{key}: not mapped")
    sections = Sections(result, shown)
    for key, entries in data.items():
        line = where_json(text, key)[0]
        if key in ("basics", "meta", "$schema"):
            continue
        if not isinstance(entries, list) or key not in _TITLES:
            what = "publications belong in refs.bib" if key == "publications" else "no place for it"
            if entries:
                result.note("IMP101", shown, line, 1, f"'{key}': {what}: not mapped")
            continue
        items = [(entry, line) for entry in entries if isinstance(entry, dict)]
        _section(sections, key, items)
    result.sections += sections.sections


def _contact(basics: Data, text: str, shown: str, result: Imported) -> None:
    contact: Data = dict(result.cv.get("contact", {}))
    if isinstance(basics.get("email"), str) and "@" in basics["email"]:
        contact["email"] = basics["email"].strip()
    if plain(basics.get("phone")):
        contact["phone"] = plain(basics.get("phone"))
    if isinstance(basics.get("url"), str) and (home := profile("home", basics["url"])):
        contact["homepage"] = home["url"]
    profiles = list(contact.get("profiles", []))
    for entry in basics.get("profiles") or []:
        if not isinstance(entry, dict):
            continue
        network = plain(entry.get("network"))
        found = network_profile(network, plain(entry.get("username")), plain(entry.get("url")))
        if found is None:
            result.note(
                "IMP101", shown, *where_json(text, "profiles"), f"profile {network}: not mapped"
            )
        else:
            add_profile(profiles, found)
    set_contact(result, contact, profiles)


def _section(sections: Sections, key: str, items: list[tuple[Data, int]]) -> None:
    title = _TITLES[key]
    if key == "projects":
        sections.add("entries", title, [(_project(entry), line) for entry, line in items])
    elif key in ("work", "volunteer"):
        sections.add("experience", title, [(_work(entry), line) for entry, line in items])
    elif key == "education":
        sections.add("education", title, [(_education(entry), line) for entry, line in items])
    elif key in ("awards", "certificates"):
        sections.add("awards", title, [(_award(entry), line) for entry, line in items])
    else:
        sections.add("skills", title, [(_skill(entry), line) for entry, line in items])


def _dates(item: Data, entry: Data) -> Data:
    return dated(item, entry.get("startDate"), entry.get("endDate"))


def _work(entry: Data) -> Data:
    item: Data = {
        "organization": plain(
            entry.get("name")
            or entry.get("company")
            or entry.get("organization")
            or entry.get("entity")
        ),
        "role": plain(entry.get("position")) or ", ".join(texts(entry.get("roles"))),
    }
    if not item["role"] and plain(entry.get("name")) and entry.get("description") is not None:
        item["role"], item["organization"] = item["organization"], plain(entry.get("entity"))
    if plain(entry.get("location")):
        item["location"] = plain(entry.get("location"))
    words = [
        *texts(entry.get("description")),
        *texts(entry.get("summary")),
        *texts(entry.get("highlights")),
    ]
    if words:
        item["description"] = " ".join(words)
    return _dates(item, entry)


def _project(entry: Data) -> Data:
    words = [*texts(entry.get("description")), *texts(entry.get("highlights"))]
    return entry_item(
        plain(entry.get("name")),
        plain(entry.get("url")),
        " ".join(words),
        entry.get("startDate"),
        entry.get("endDate"),
    )


def _education(entry: Data) -> Data:
    degree = " in ".join(
        part for part in (plain(entry.get("studyType")), plain(entry.get("area"))) if part
    )
    item: Data = {"institution": plain(entry.get("institution")), "degree": degree}
    if plain(entry.get("location")):
        item["location"] = plain(entry.get("location"))
    notes = []
    score = plain(entry.get("score") or entry.get("gpa"))
    if score:
        notes.append(f"Score: {score}")
    if texts(entry.get("courses")):
        notes.append(f"Courses: {'; '.join(texts(entry.get('courses')))}")
    notes += texts(entry.get("highlights"))
    if notes:
        item["notes"] = notes
    return _dates(item, entry)


def _award(entry: Data) -> Data:
    when = dated({}, entry.get("date")).get("start")
    item: Data = {
        "title": plain(entry.get("title") or entry.get("name")),
        "dates": [when] if when else [],
    }
    detail = plain(entry.get("awarder") or entry.get("issuer"))
    if detail:
        item["detail"] = detail
    return item


def _skill(entry: Data) -> Data:
    label = plain(entry.get("name") or entry.get("language"))
    words = entry.get("keywords")
    text = ", ".join(texts(words)) if isinstance(words, list) else plain(words)
    return {
        "label": label,
        "text": text or plain(entry.get("fluency") or entry.get("level") or entry.get("summary")),
    }
