"""Every warning of a build as a located, coded problem, whoever raised it.

bibfolio's own problems are logged with their place and code (``report``).
A warning of Sphinx, docutils, MyST or another extension is translated on its
way out: its place becomes ``path:line:col`` (the column found in that line)
and its kind a bibfolio code (``KINDS``: an unknown directive is PAGE010, a
link to no page PAGE203, any other warning about a file PAGE090, one about no
file CONF090), so every message of a build reads ``path:line:col: CODE
message``. ``collecting`` gathers the problems of the builds run inside it:
``bibfolio check`` runs the same build, without writing pages, and reports
them, so check and build find the same problems by construction.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging

from bibfolio.diagnostics import TABLE, Problem, Severity, problem, select_problems
from bibfolio.load.files import display_path
from bibfolio.load.settings import conf_place

logger = sphinx_logging.getLogger(__name__)

# (type, subtype) of a warning -> its code; subtype "*" stands for any.
KINDS: dict[tuple[str, str], str] = {
    ("myst", "directive_unknown"): "PAGE010",
    ("myst", "role_unknown"): "PAGE011",
    ("myst", "directive_parse"): "PAGE012",
    ("myst", "directive_option"): "PAGE012",
    ("myst", "directive_comments"): "PAGE012",
    ("myst", "directive_body"): "PAGE012",
    ("myst", "topmatter"): "PAGE102",
    ("myst", "header"): "PAGE301",
    ("myst", "xref_missing"): "PAGE203",
    ("myst", "iref_missing"): "PAGE203",
    ("myst", "section_ref"): "PAGE203",
    ("myst", "xref_ambiguous"): "PAGE204",
    ("myst", "iref_ambiguous"): "PAGE204",
    ("myst", "duplicate_def"): "PAGE204",
    ("myst", "*"): "PAGE013",
    ("docutils", "*"): "PAGE013",
    ("ref", "*"): "PAGE203",
    ("image", "not_readable"): "PAGE205",
    ("download", "not_readable"): "PAGE205",
    ("toc", "not_included"): "PAGE201",
    ("toc", "not_readable"): "PAGE202",
    ("toc", "excluded"): "PAGE202",
}
# Warnings without a subtype (docutils' own, and some of Sphinx's), by their text.
TEXTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Unknown directive type"), "PAGE010"),
    (re.compile(r"Unknown interpreted text role"), "PAGE011"),
    (re.compile(r"Duplicate (explicit|implicit) target name|duplicate label"), "PAGE204"),
    (re.compile(r"Include file .* not found|Problems with \"include\" directive path"), "PAGE205"),
    (re.compile(r"undefined label|unknown document|reference target not found"), "PAGE203"),
)
_QUOTED = re.compile(r"""'([^']+)'|"([^"]+)"|`([^`]+)`""")
_LAST = re.compile(r": (\S+)$")
_OWN_CODE = re.compile(r"([A-Z]+[0-9]{3}) ")
_NAME = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")  # a configuration value's name


class _State:
    """The codes a build's project reports ([tool.bibfolio] select and ignore)."""

    def __init__(self) -> None:
        self.select: tuple[str, ...] = ()
        self.ignore: tuple[str, ...] = ()


_STATES: WeakKeyDictionary[Sphinx, _State] = WeakKeyDictionary()


@dataclass
class _Collector:
    found: list[Problem]
    select: Sequence[str] | None  # None: the project's own choice
    ignore: Sequence[str] | None


_COLLECTORS: list[_Collector] = []


@contextmanager
def collecting(
    select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
) -> Iterator[list[Problem]]:
    """The problems of every build run inside, in the order they were reported; ``select``
    and ``ignore`` replace the project's choice of codes in those builds."""
    collector = _Collector([], select, ignore)
    _COLLECTORS.append(collector)
    try:
        yield collector.found
    finally:
        _COLLECTORS.remove(collector)


def _record(found: Problem) -> None:
    for collector in _COLLECTORS:
        collector.found.append(found)


def chosen(select: Sequence[str], ignore: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes a build reports: the project's ``select`` and ``ignore``, unless the check
    that runs the build chose others."""
    if _COLLECTORS:
        check = _COLLECTORS[-1]
        select = check.select if check.select is not None else select
        ignore = check.ignore if check.ignore is not None else ignore
    return tuple(select), tuple(ignore)


def choose(app: Sphinx, select: Sequence[str], ignore: Sequence[str]) -> None:
    """The project's [tool.bibfolio] select and ignore, for the translated warnings too."""
    state = _STATES.setdefault(app, _State())
    state.select, state.ignore = tuple(select), tuple(ignore)


def selection(app: Sphinx) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes this build reports: its select and ignore."""
    state = _STATES.get(app, _State())
    return state.select, state.ignore


def report(found: Problem, hint: str | None = None) -> None:
    """Log one of bibfolio's own problems, at its place, with its code and ``hint`` (its own
    unless given: "" when an earlier problem said the same)."""
    _record(found)
    message = f"{found.code} {found.message}"
    shown = found.hint if hint is None else hint
    if shown:
        message += f"\n    hint: {shown}"
    log = logger.error if found.severity is Severity.ERROR else logger.warning
    log(
        message,
        location=f"{found.path}:{found.line}:{found.col}",
        type="bibfolio",
        subtype=found.code,
    )


def code_of(kind: str, subtype: str, message: str, located: bool) -> str:
    """The code of a warning of Sphinx or an extension."""
    for pattern, code in TEXTS:
        if pattern.search(message):
            return code
    for key in ((kind, subtype), (kind, "*")):
        if key in KINDS:
            return KINDS[key]
    return "PAGE090" if located else "CONF090"


def column(path: str, line: int, message: str) -> int:
    """Where in its line the warning points: at the first name it quotes that the line
    holds, else at the line's first character that is not a space."""
    try:
        with Path(path).open(encoding="utf-8", errors="replace") as source:
            text = next(itertools.islice(source, line - 1, None), None)
    except (OSError, ValueError):
        return 1
    if text is None:
        return 1
    names = [next(group for group in m.groups() if group) for m in _QUOTED.finditer(message)]
    names += [m.group(1).strip("'\".") for m in _LAST.finditer(message)]
    for name in names:
        for candidate in (name, PurePath(name).name):
            at = text.find(candidate) if candidate else -1
            if at >= 0:
                return at + 1
    return len(text) - len(text.lstrip()) + 1


def _place(app: Sphinx, location: Any) -> tuple[str, int] | None:
    """The file and line of a warning's location, as Sphinx gives it (a node, a docname,
    a (docname, line) pair, or "path:line")."""
    env = getattr(app, "env", None)
    path: str | None = None
    line = 0
    if isinstance(location, tuple):
        docname, number = location
        if docname and env is not None:
            path, line = str(env.doc2path(docname)), number or 0
    elif isinstance(location, nodes.Node):
        node: Any = location
        while node is not None and not (node.source or node.line):
            node = node.parent
        if node is not None and node.source:
            path, line = str(node.source), node.line or 0
    elif isinstance(location, str) and location:
        head, _, tail = location.rpartition(":")
        if head and (tail.isdigit() or not tail):
            path, line = head, int(tail or 0)
        elif env is not None and ":" not in location:
            path = str(env.doc2path(location))
        else:
            path = location
    if path is None:
        return None
    return path, line


def translate(app: Sphinx, record: logging.LogRecord) -> Problem:
    """The problem a warning of Sphinx or an extension stands for."""
    text = logging.LogRecord.getMessage(record).replace(f"{Path.cwd()}{os.sep}", "")
    kind = str(getattr(record, "type", "") or "")
    subtype = str(getattr(record, "subtype", "") or "")
    place = _place(app, getattr(record, "location", None))
    code = code_of(kind, subtype, text, place is not None)
    own = _OWN_CODE.match(text)  # bibfolio's own error, raised from a directive
    if own is not None and own.group(1) in TABLE:
        code, text = own.group(1), text[own.end() :]
    if code in ("PAGE090", "CONF090"):
        text += f" ({kind}.{subtype})" if subtype else f" ({kind})" if kind else ""
    if place is None:  # about the configuration, mostly: at the value conf.py sets
        names = [n for n in _NAME.findall(text) if n in getattr(app, "config", {})]
        path, line, col = conf_place(Path(app.confdir), names[0] if names else "")
        return problem(path, line, col, code, text)
    path, line = place
    col = column(path, line, text) if line else 1
    return problem(display_path(Path(path)), max(line, 1), col, code, text)


class _Coded(logging.Filter):
    """Turns each warning of Sphinx or an extension into a located, coded message."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        if getattr(record, "type", "") == "bibfolio" and getattr(record, "subtype", "") in TABLE:
            return True  # one of bibfolio's own problems (``report``)
        config = getattr(self.app, "config", None)
        suppressed = getattr(config, "suppress_warnings", ()) if config is not None else ()
        kind = str(getattr(record, "type", "") or "")
        subtype = str(getattr(record, "subtype", "") or "")
        if sphinx_logging.is_suppressed_warning(kind, subtype, suppressed):
            return True  # Sphinx's own filter drops it
        found = translate(self.app, record)
        state = _STATES.get(self.app, _State())
        if not select_problems([found], state.select, state.ignore):
            return False
        _record(found)
        record.msg = f"{found.code} {found.message}"
        record.args = ()
        record.location = f"{found.path}:{found.line}:{found.col}"
        record.type = "bibfolio"
        record.subtype = found.code
        return True


def install(app: Sphinx) -> None:
    """Put the translation in front of every filter of Sphinx's warning output."""
    _STATES[app] = _State()
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler):
            handler.filters.insert(0, _Coded(app))


def setup(app: Sphinx) -> None:
    install(app)
