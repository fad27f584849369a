"""``{bibfolio-codes}``: the reference of every check code, from the registry itself."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from bibfolio.diagnostics import CODES


class Codes(SphinxDirective):
    """One section per code: its severity, what it means, how to fix it, an example."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for code in CODES:
            section = nodes.section(ids=[code.code.lower()])
            section += nodes.title(code.code, f"{code.code}: {code.title}")
            severity = "error" if code.severity.value == "error" else "warning"
            para = nodes.paragraph()
            para += nodes.strong(severity.capitalize(), severity.capitalize())
            para += nodes.Text(f". {code.hint}")
            section += para
            label = f"Example ({code.example_file}):"
            section += nodes.paragraph(label, label)
            shown = (
                code.example.encode("unicode_escape").decode()
                if _invisible(code.example)
                else code.example
            )
            language = "yaml" if code.example_file.endswith(".yaml") else "text"
            section += nodes.literal_block(shown, shown, language=language)
            result.append(section)
        return result


def _invisible(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\n\t" for c in text) or any(
        0x80 <= ord(c) < 0x100 for c in text
    )


def setup(app: Sphinx) -> None:
    app.add_directive("bibfolio-codes", Codes)
