"""Rules on the releases: each has a version of its own, and one that can be read; every
folder of the releases folder is one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bibfolio.diagnostics import Place, Problem, Severity
from bibfolio.load.files import display_path
from bibfolio.load.yaml import YamlDocument
from bibfolio.model.cv import DateError, parse_month


def check_releases(current: YamlDocument | None, earlier: Sequence[YamlDocument]) -> list[Problem]:
    """Versions are distinct (CV202); an earlier release's data can be read, and its
    ``updated`` gives a version (CV103); it names the current data's owner (CV210). The
    current data's own checks report its problems."""
    seen: dict[str, YamlDocument] = {}
    problems = _other_owners(current, earlier)
    for doc in ([current] if current is not None else []) + list(earlier):
        if doc is not current:
            problems += [p for p in doc.problems if p.severity is Severity.ERROR]
        if not isinstance(doc.data, dict):
            continue
        try:
            version = parse_month(doc.data.get("updated")).version
        except DateError as error:
            if doc is not current:
                line, col = doc.where(("updated",))
                problems.append(Place(doc.path, line, col).problem("CV103", f"updated: {error}"))
            continue
        first = seen.setdefault(version, doc)
        if first is not doc:
            line, col = doc.where(("updated",))
            at = first.where(("updated",))
            problems.append(
                Place(doc.path, line, col).problem(
                    "CV202",
                    f"release {version} is also {first.path}:{at[0]}: two releases cannot "
                    "share a version",
                )
            )
    return problems


def _name(doc: YamlDocument) -> str:
    name = doc.data.get("name") if isinstance(doc.data, dict) else None
    return " ".join(name.split()) if isinstance(name, str) else ""


def _other_owners(current: YamlDocument | None, earlier: Sequence[YamlDocument]) -> list[Problem]:
    """Each earlier release whose data names another owner than the current data (CV210)."""
    owner = _name(current) if current is not None else ""
    others = [(doc, _name(doc)) for doc in earlier if owner and _name(doc)]
    return [
        Place(doc.path, *doc.where(("name",))).problem(
            "CV210",
            f"this release is {name[:80]}'s, the current data is {owner[:80]}'s: "
            f"{Path(doc.path).parent} shows on the site as an earlier release",
        )
        for doc, name in others
        if name.casefold() != owner.casefold()
    ]


def check_release_folders(releases: Path) -> list[Problem]:
    """Every folder of the releases folder is a release: it holds conf.py and cv.yaml."""
    problems = []
    folders = sorted(releases.iterdir()) if releases.is_dir() else []
    for folder in folders:
        if not folder.is_dir() or folder.name.startswith((".", "_")):
            continue
        missing = [name for name in ("conf.py", "cv.yaml") if not (folder / name).is_file()]
        if not missing:
            continue
        present = next((folder / n for n in ("cv.yaml", "conf.py") if n not in missing), folder)
        problems.append(
            Place(display_path(present), 1, 1).problem(
                "PAGE220",
                f"{display_path(folder)} has no {' and no '.join(missing)}, so it is no "
                "release: the site of every release would leave it out",
            )
        )
    return problems
