"""The portfolio's own BibTeX fields, read into plain values."""

from __future__ import annotations

import re

_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")


def parse_themes(value: str) -> tuple[str, ...]:
    """``themes = {llm-agents, rlhf}`` -> ("llm-agents", "rlhf"): page names, in order."""
    return tuple(theme for theme in _LIST_SEPARATOR.split(value.strip()) if theme)
