"""What the data file's values say about the rest of the project: the addresses of its
links, and its photo, a file of the project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bibfolio.diagnostics import Place, Problem
from bibfolio.load.files import inside
from bibfolio.load.yaml import YamlDocument
from bibfolio.model.cv import CV
from bibfolio.model.prose import unsafe_links

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def strings(data: Any, location: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text of the data with its location."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*location, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*location, index))
    elif isinstance(data, str):
        yield location, data


def check_links(doc: YamlDocument) -> list[Problem]:
    """A link in the data's text goes to an http(s) address (CV106)."""
    problems = []
    for location, text in strings(doc.data):
        for address in unsafe_links(text) if "](" in text else ():
            shown = address if len(address) <= 40 else f"{address[:40]}…"
            problems.append(
                Place(doc.path, *doc.where(location)).problem(
                    "CV106",
                    f"link to '{shown}', which is not an http(s) address free of quotes, "
                    "spaces and angle brackets: it would print as written, brackets and all",
                )
            )
    return problems


def check_photo(doc: YamlDocument, cv: CV, data: Path, root: Path) -> list[Problem]:
    """The photo is an image file of the project (CV205): a page may show no other file."""
    if cv.photo is None:
        return []
    path = data.parent / cv.photo
    if path.suffix.lower() not in PHOTO_SUFFIXES:
        why = f"is not an image the site shows ({', '.join(PHOTO_SUFFIXES)})"
    elif not inside(path, root):
        why = "lies outside the project (the folder of pyproject.toml), so it is not read"
    elif not path.is_file():
        why = "is not a file (the path is relative to the data file)"
    else:
        return []
    place = Place(doc.path, *doc.where(("photo",)))
    return [place.problem("CV205", f"photo '{cv.photo}' {why}")]
