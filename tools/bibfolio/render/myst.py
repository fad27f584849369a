"""MyST source: escaping user text so that it is never read as markup."""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation character (CommonMark allows it for all of
    them), so that no role, link, emphasis, math or HTML is read; line breaks become spaces."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
