"""Addresses that reach pages: only http(s), and nothing that can leave an attribute or a script."""

from __future__ import annotations

import re

# Characters that can end an HTML attribute, a JavaScript string or a <script> element,
# or that no address needs written raw: quotes, backslash, angle brackets, backtick, space.
_UNSAFE = re.compile(r"[\s\"'<>\\`{}|^]")
_HTTP = re.compile(r"^https?://[^/?#@:]+(?::[0-9]{1,5})?(?:[/?#].*)?$", re.IGNORECASE)


def safe_url(value: str) -> bool:
    """An http(s) address with a host, holding no character that could break out of markup."""
    return bool(_HTTP.match(value)) and not _UNSAFE.search(value)


def safe_base_url(value: str) -> bool:
    """Where a site is served: an http(s) address, or a path from the server's root (``/``)."""
    if value.startswith("/") and not value.startswith("//"):
        return not _UNSAFE.search(value)
    return safe_url(value)
