"""Reading the project's input files: the one module that opens them.

Every reader returns what it could read plus located problems; none raises for
bad content. ``InputError`` is only for a file that cannot be read at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibfolio.bibtex import BibFile, parse
from bibfolio.diagnostics import REGISTRY, LineIndex, Problem, Severity

E = Severity.ERROR

REGISTRY.add(
    "BIB001",
    E,
    "file is not UTF-8",
    "Save the file as UTF-8 (most editors offer it under 'Save with encoding').",
    b"@article{key, title = {Caf\xe9}}\n".decode("latin-1"),
)
REGISTRY.add(
    "BIB002",
    E,
    "NUL byte in the file",
    "The file holds binary data at this place; remove it.",
    "@article{key, title = {A\x00}}\n",
)
REGISTRY.add(
    "CV001",
    E,
    "YAML syntax error",
    "Check the indentation and the ':' after each key; quote text that holds ': ' or '#'.",
    "name: [Miao Lu\n",
    example_file="docs/cv.yaml",
)
REGISTRY.add(
    "CV002",
    E,
    "key given twice",
    "YAML keeps only the last of them; remove one.",
    "name: A\nname: B\n",
    example_file="docs/cv.yaml",
)


class InputError(Exception):
    """A file that cannot be read at all (missing, a folder, no permission)."""


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read: {error.strerror}") from None


def _decode(data: bytes, shown: str, problems: list[Problem], codes: tuple[str, str]) -> str:
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
                REGISTRY[not_utf8].severity,
                REGISTRY[not_utf8].hint,
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
                REGISTRY[nul].severity,
                REGISTRY[nul].hint,
            )
        )
        text = text.replace("\x00", " ")
    return text


def read_bibtex(path: Path) -> BibFile:
    shown = display_path(path)
    problems: list[Problem] = []
    text = _decode(_read_bytes(path), shown, problems, ("BIB001", "BIB002"))
    bib = parse(text, shown)
    bib.problems[:0] = problems
    bib.folder = path.resolve().parent
    return bib


# -- YAML with positions ------------------------------------------------------

KEY = "<key>"  # marks[(*path, KEY)] is where a mapping key is written


@dataclass
class YamlDocument:
    """A YAML file as plain Python data, with the position of every value and key."""

    path: str
    data: Any
    marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, location: tuple[Any, ...]) -> tuple[int, int]:
        """The position of ``location``, or of its nearest enclosing value."""
        while location not in self.marks and location:
            location = location[:-1]
        return self.marks.get(location, (1, 1))


def read_yaml(path: Path) -> YamlDocument:
    import yaml  # noqa: PLC0415 - only the data file needs it

    shown = display_path(path)
    document = YamlDocument(shown, None)
    text = _decode(_read_bytes(path), shown, document.problems, ("CV003", "CV004"))
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            document.data = _convert(loader, node, (), document)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (error.context, error.problem) if part)
        document.problems.append(
            Problem(shown, line, col, "CV001", f"YAML syntax: {problem}", E, REGISTRY["CV001"].hint)
        )
    except yaml.YAMLError as error:
        document.problems.append(Problem(shown, 1, 1, "CV001", f"YAML: {error}", E))
    finally:
        loader.dispose()
    return document


def _convert(loader: Any, node: Any, location: tuple[Any, ...], doc: YamlDocument) -> Any:
    import yaml  # noqa: PLC0415

    doc.marks[location] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first = doc.marks[(*location, key, KEY)]
                doc.problems.append(
                    Problem(
                        doc.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "CV002",
                        f"'{key}' is given twice (first on line {first[0]})",
                        E,
                        REGISTRY["CV002"].hint,
                    )
                )
            doc.marks[(*location, key, KEY)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = _convert(loader, value_node, (*location, key), doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*location, i), doc) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # an impossible date such as 2024-02-30
        return node.value  # kept as text: the schema then says what is wrong with it


REGISTRY.add(
    "CV003",
    E,
    "data file is not UTF-8",
    "Save the file as UTF-8.",
    b"name: Caf\xe9\n".decode("latin-1"),
    example_file="docs/cv.yaml",
)
REGISTRY.add(
    "CV004",
    E,
    "NUL byte in the data file",
    "The file holds binary data at this place; remove it.",
    "name: A\x00\n",
    example_file="docs/cv.yaml",
)
