"""Reading the project's input files: bytes, their encoding, and the paths shown in messages.

Every reader returns what it could read plus located problems; none raises for
bad content. ``InputError`` is only for a file that cannot be read at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from bibfolio.diagnostics import TABLE, LineIndex, Problem, Severity
from bibfolio.load.bibtex import BibFile, parse

E = Severity.ERROR


class InputError(Exception):
    """A file that cannot be read at all (missing, a folder, a link loop, no permission)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies in ``folder`` once every link is followed (a link loop: no)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def real_path(path: Path) -> Path:
    """``path`` with its links followed as far as they lead (not through a loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: reading it reports it
        return path.absolute()


def read_bytes(path: Path, code: str) -> bytes:
    """The bytes of ``path``; ``InputError`` with a problem of ``code`` when it has none."""
    try:
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
    except ValueError:  # a NUL in the path
        reason = "its name holds a NUL character"
    raise InputError(
        Problem(display_path(path), 1, 1, code, f"cannot read it: {reason}", E, TABLE[code].hint)
    )


def decode(data: bytes, shown: str, problems: list[Problem], codes: tuple[str, str]) -> str:
    not_utf8, nul = codes
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8-sig", errors="replace")
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        col = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        problems.append(
            Problem(
                shown,
                line,
                col,
                not_utf8,
                f"byte 0x{data[error.start]:02x} is not UTF-8; the file seems to use "
                "another encoding (such as Latin-1, GBK or Windows-1252)",
                TABLE[not_utf8].severity,
                TABLE[not_utf8].hint,
            )
        )
    if "\x00" in text:
        index = LineIndex(text)
        offset = text.index("\x00")
        line, col = index.locate(offset)
        count = text.count("\x00")
        more = f" ({count} in the file)" if count > 1 else ""
        problems.append(
            Problem(
                shown,
                line,
                col,
                nul,
                f"NUL byte{more}",
                TABLE[nul].severity,
                TABLE[nul].hint,
            )
        )
        text = text.replace("\x00", " ")
    return text


def read_bibtex(path: Path) -> BibFile:
    shown = display_path(path)
    problems: list[Problem] = []
    text = decode(read_bytes(path, "BIB003"), shown, problems, ("BIB001", "BIB002"))
    bib = parse(text, shown)
    bib.problems[:0] = problems
    bib.folder = real_path(path).parent
    return bib
