"""An al-folio site folder: its bibliography, profile, CV and news.

Read: ``_config.yml`` (the name, the owner of the papers under ``scholar:``,
the address, and the profile links of sites made before 2025),
``_data/socials.yml`` (the profile links since), ``_pages/about.md`` (the
summary), ``_bibliography/papers.bib`` (see ``papers``), the CV from
``_data/cv.yml`` (al-folio's own list of sections, or RenderCV's form) or else
``assets/json/resume.json`` (JSON Resume), and ``_news/*.md``. The template's
sample CV (Albert Einstein's) left in a site is recognised and not imported.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from bibfolio.importers import jsonresume, rendercv
from bibfolio.importers.common import (
    MAX_FILES,
    Data,
    Imported,
    NewsItem,
    Source,
    markdown_to_prose,
)
from bibfolio.importers.cvdata import (
    Sections,
    add_profile,
    dated,
    plain,
    profile,
    service_profile,
    set_contact,
    texts,
)
from bibfolio.importers.papers import import_papers
from bibfolio.load.yaml import KEY, YamlDocument
from bibfolio.model.cv import PROFILE_ADDRESSES

# al-folio's profile settings -> (bibfolio's service, or the label of a link; the address
# made from an id, {} for the value; None: the value is an address).
SOCIALS: dict[str, tuple[str, str | None]] = {
    "scholar_userid": ("google-scholar", PROFILE_ADDRESSES["google-scholar"]),
    "orcid_id": ("orcid", PROFILE_ADDRESSES["orcid"]),
    "github_username": ("github", PROFILE_ADDRESSES["github"]),
    "gitlab_username": ("GitLab", "https://gitlab.com/{}"),
    "linkedin_username": ("linkedin", "https://www.linkedin.com/in/{}"),
    "x_username": ("x", PROFILE_ADDRESSES["x"]),
    "twitter_username": ("x", PROFILE_ADDRESSES["x"]),
    "bluesky_url": ("bluesky", None),
    "semanticscholar_id": ("semantic-scholar", PROFILE_ADDRESSES["semantic-scholar"]),
    "dblp_url": ("dblp", None),
    "research_gate_profile": ("ResearchGate", "https://www.researchgate.net/profile/{}"),
    "inspirehep_id": ("INSPIRE", "https://inspirehep.net/authors/{}"),
    "scopus_id": ("Scopus", "https://www.scopus.com/authid/detail.uri?authorId={}"),
    "publons_id": ("Publons", "https://publons.com/a/{}"),
    "osf_id": ("OSF", "https://osf.io/{}/"),
    "wikidata_id": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "youtube_id": ("YouTube", "https://www.youtube.com/@{}"),
    "medium_username": ("Medium", "https://medium.com/@{}"),
    "stackoverflow_id": ("Stack Overflow", "https://stackoverflow.com/users/{}"),
    "kaggle_id": ("Kaggle", "https://www.kaggle.com/{}"),
    "work_url": ("Work", None),
    "blogger_url": ("Blog", None),
}
# Settings of the template that are no profile link: left alone without a note.
_NOT_LINKS = frozenset(("rss_icon", "email", "cv_pdf", "enable_navbar_social"))
_ID = re.compile(r"^[\w.@~+-]+(?:/[\w.@~+-]+)*$")
_TEMPLATE_SUBTITLE = re.compile(r"^Affiliations\. Address\. Contacts\.")
_SAMPLE = re.compile(r"Albert\s+Einstein|Einstein,\s*Albert")


def is_site(folder: Path) -> bool:
    return folder.is_dir() and any(
        (folder / name).exists() for name in ("_config.yml", "_bibliography", "_news")
    )


def import_site(folder: Path, result: Imported) -> None:
    source = Source(folder, result)
    config = source.yaml("_config.yml")
    settings = config.data if isinstance(config.data, dict) else {}
    owner = _owner(settings)
    result.cv["name"] = owner or _config_name(settings) or ""
    _contact(source, config, settings, result)
    _summary(source, result)
    scholar = settings.get("scholar") if isinstance(settings.get("scholar"), dict) else {}
    bib_name = scholar.get("bibliography") if isinstance(scholar, dict) else None
    bib_name = bib_name if isinstance(bib_name, str) and _ID.match(bib_name) else "papers.bib"
    import_papers(source, f"_bibliography/{bib_name}", result)
    _cv(source, result)
    _news(source, result)


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _owner(settings: dict[str, Any]) -> str:
    """The name al-folio makes bold in the papers: ``scholar: first_name`` and ``last_name``."""
    scholar = settings.get("scholar")
    if not isinstance(scholar, dict):
        return ""
    last, first = _names(scholar.get("last_name")), _names(scholar.get("first_name"))
    if not last:
        return ""
    given = max(first, key=len) if first else ""  # the full given name, not an initial
    return plain(f"{given} {last[0]}".strip())


def _config_name(settings: dict[str, Any]) -> str:
    parts = [settings.get(key) for key in ("first_name", "middle_name", "last_name")]
    return plain(" ".join(part for part in parts if isinstance(part, str)))


def _contact(
    source: Source, config: YamlDocument, settings: dict[str, Any], result: Imported
) -> None:
    socials_doc = source.yaml("_data/socials.yml")
    socials = socials_doc.data if isinstance(socials_doc.data, dict) else {}
    contact: Data = {}
    email = socials.get("email") or settings.get("email")
    if isinstance(email, str) and "@" in email and " " not in email.strip():
        contact["email"] = email.strip()
    url = settings.get("url")
    if isinstance(url, str) and (link := profile("home", url.strip().rstrip("/"))):
        contact["homepage"] = link["url"]
    profiles: list[Data] = []
    for document, values in ((socials_doc, socials), (config, settings)):
        for key, value in values.items():
            if key in _NOT_LINKS or value in (None, "", False):
                continue
            if key == "custom_social" and isinstance(value, dict):
                found = profile(plain(value.get("title")) or "Link", str(value.get("url", "")))
            elif key in SOCIALS:
                found = _social(key, value)
            else:
                if document is socials_doc:
                    line, col = document.where((key, KEY))
                    result.note("IMP101", document.path, line, col, f"profile '{key}': not mapped")
                continue
            if found is None:
                line, col = document.where((key,))
                result.note("IMP101", document.path, line, col, f"{key} '{value}': not mapped")
            else:
                add_profile(profiles, found)
    set_contact(result, contact, profiles)


def _social(key: str, value: Any) -> Data | None:
    name, pattern = SOCIALS[key]
    text = str(value).split("#")[0].strip() if not isinstance(value, bool) else ""
    if pattern is None or text.startswith(("http://", "https://")):
        return service_profile(name, url=text)
    if not _ID.match(text):
        return None
    return service_profile(name, text, pattern.format(text))


def _front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, the body's first line) of a Jekyll page."""
    found = re.match(r"---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", text, re.DOTALL | re.MULTILINE)
    if not found:
        return "", text, 1
    return found.group(1), text[found.end() :], text.count("\n", 0, found.end()) + 1


def _summary(source: Source, result: Imported) -> None:
    relative = "_pages/about.md"
    text = source.text(relative)
    if text is None:
        return
    front, body, line = _front_matter(text)
    summary, dropped = markdown_to_prose(body)
    if summary:
        result.cv["summary"] = summary
    shown = source.shown(relative)
    if dropped:
        result.note(
            "IMP101",
            shown,
            line,
            1,
            f"{dropped} link{'s' if dropped != 1 else ''} of the text to the site's own pages "
            "or files: not mapped (their text kept)",
        )
    matter = source.yaml(relative, front, 1).data if front else None
    image = (
        matter.get("profile", {}).get("image")
        if isinstance(matter, dict) and isinstance(matter.get("profile"), dict)
        else None
    )
    if isinstance(image, str) and image.strip():
        _photo(source, image.strip(), shown, result)
    subtitle = plain(matter.get("subtitle")) if isinstance(matter, dict) else ""
    if subtitle and not _TEMPLATE_SUBTITLE.search(subtitle) and len(subtitle) <= 300:
        result.cv.setdefault("position", subtitle)


_IMAGES = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG", ".gif": b"GIF8"}


def _photo(source: Source, image: str, shown: str, result: Imported) -> None:
    """al-folio's ``profile: image:`` (a file of assets/img/), when it is a real image of the
    source: the home page's photo."""
    relative = f"assets/img/{image.lstrip('/')}"
    suffix = Path(image).suffix.lower()
    found = source.file(relative) if ".." not in relative.split("/") else None
    why = "no such file in the source"
    if found is not None:
        try:
            with found.open("rb") as handle:
                head = handle.read(12)
        except OSError:
            head = b""
        webp = suffix == ".webp" and head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        if webp or (suffix in _IMAGES and head.startswith(_IMAGES[suffix])):
            result.photo = found
            return
        why = "not a .jpg, .png, .gif or .webp image"
    result.note("IMP103", shown, 1, 1, f"profile image '{image}' ({relative}: {why}) not copied")


def _cv(source: Source, result: Imported) -> None:
    owner = str(result.cv.get("name", ""))
    for relative in ("_data/cv.yml", "assets/json/resume.json"):
        text = source.text(relative)
        if text is None:
            continue
        shown = source.shown(relative)
        if _SAMPLE.search(text) and not _SAMPLE.search(owner):
            result.note(
                "IMP101", shown, 1, 1, "the template's sample CV (Albert Einstein's): not imported"
            )
            continue
        if relative.endswith(".json"):
            data = source.json(relative)
            if isinstance(data, dict):
                jsonresume.read_resume(data, text, shown, result)
            return
        document = source.yaml(relative, text)
        if isinstance(document.data, dict) and "cv" in document.data:
            rendercv.read_rendercv(document, result)
        elif isinstance(document.data, list):
            _old_cv(document, result)
        return


def _old_cv(document: YamlDocument, result: Imported) -> None:
    """al-folio's own cv.yml (until 2026): a list of {title, type, contents}."""
    sections = Sections(result, document.path)
    for index, section in enumerate(document.data):
        if not isinstance(section, dict):
            continue
        title = plain(section.get("title"))
        kind = section.get("type")
        found = section.get("contents")
        contents: list[Any] = found if isinstance(found, list) else []
        line = document.where((index,))[0]
        if kind == "map":
            for number, pair in enumerate(contents):
                if not isinstance(pair, dict):
                    continue
                name, value = plain(pair.get("name")), plain(pair.get("value"))
                if name.lower() in ("full name", "name") and not result.cv.get("name"):
                    result.cv["name"] = value
                elif name.lower() not in ("full name", "name"):
                    where = document.where((index, "contents", number))
                    result.note("IMP101", document.path, *where, f"'{name}: {value}': not mapped")
        elif kind == "time_table":
            _time_table(document, sections, index, title, contents)
        elif kind == "nested_list":
            items = [
                (
                    {
                        "label": plain(entry.get("title")),
                        "text": "; ".join(texts(entry.get("items"))),
                    },
                    line,
                )
                for entry in contents
                if isinstance(entry, dict)
            ]
            sections.add("skills", title, items)
        elif kind == "list":
            sections.text(title, "; ".join(texts(contents)))
        else:
            result.note("IMP101", document.path, line, 1, f"section '{title}' ({kind}): not mapped")
    result.sections += sections.sections


def _time_table(
    document: YamlDocument, sections: Sections, index: int, title: str, contents: list[Any]
) -> None:
    """Education, experience, or awards (entries with a year and items)."""
    items = []
    kinds = set()
    for number, entry in enumerate(contents):
        if not isinstance(entry, dict):
            continue
        at = document.where((index, "contents", number))[0]
        if "items" in entry:
            kinds.add("awards")
            when = dated({}, None, span=entry.get("year")).get("start")
            items += [
                ({"title": text, "dates": [when] if when else []}, at)
                for text in texts(entry.get("items"))
            ]
        elif re.search(r"educat|degree|stud", title, re.IGNORECASE):
            kinds.add("education")
            items.append((_education(entry), at))
        else:
            kinds.add("experience")
            items.append((_experience(entry), at))
    if len(kinds) == 1:
        sections.add(kinds.pop(), title, items)
    elif kinds:
        line = document.where((index,))[0]
        sections.result.note(
            "IMP101", document.path, line, 1, f"section '{title}' mixes kinds: not mapped"
        )


def _education(entry: Data) -> Data:
    item: Data = {
        "institution": plain(entry.get("institution")),
        "degree": plain(entry.get("title")),
    }
    notes = texts(entry.get("description"))
    if notes:
        item["notes"] = notes
    return dated(item, None, span=entry.get("year"))


def _experience(entry: Data) -> Data:
    item: Data = {
        "organization": plain(entry.get("institution")),
        "role": plain(entry.get("title")),
    }
    description = " ".join(texts(entry.get("description")))
    if description:
        item["description"] = description
    return dated(item, None, span=entry.get("year"))


def _news(source: Source, result: Imported) -> None:
    news_dir = source.root / "_news"
    if not news_dir.is_dir() or news_dir.is_symlink():
        return
    names = sorted(path.name for path in news_dir.iterdir() if path.suffix in (".md", ".markdown"))
    for name in names[:MAX_FILES]:
        relative = f"_news/{name}"
        text = source.text(relative)
        if text is None:
            continue
        front, body, line = _front_matter(text)
        matter = source.yaml(relative, front, 1).data if front else None
        matter = matter if isinstance(matter, dict) else {}
        when = _date(matter.get("date")) or _date(name)
        shown = source.shown(relative)
        if when is None:
            result.note("IMP101", shown, 1, 1, "news item without a date: not mapped")
            continue
        inline = matter.get("inline", True) is not False
        title = matter.get("title")
        if not inline and isinstance(title, str) and title.strip():
            result.note(
                "IMP101", shown, line, 1, "the post's text: not mapped (its title is the news item)"
            )
            body = title
        text_md, _ = markdown_to_prose(body)
        if not text_md:
            result.note(
                "IMP101", shown, line, 1, "news item with no text (commented out?): not mapped"
            )
            continue
        result.news.append(NewsItem(when, text_md))
    if len(names) > MAX_FILES:
        result.note(
            "IMP002",
            source.shown("_news"),
            1,
            1,
            f"more than {MAX_FILES} news items: the rest left out",
        )


def _date(value: Any) -> str | None:
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        found = re.search(r"((?:19|20|21)\d{2})-(\d{1,2})-(\d{1,2})", value)
        if found:
            try:
                day = datetime.date(*(int(part) for part in found.groups()))
            except ValueError:
                return None
            return day.strftime("%Y-%m-%d")
    return None
