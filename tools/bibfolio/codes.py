"""Every diagnostic code: the modules that report problems register theirs on import."""

from __future__ import annotations

from bibfolio import check, cv, load, pages, project  # noqa: F401 - their registrations
from bibfolio.diagnostics import REGISTRY, Registry


def all_codes() -> Registry:
    return REGISTRY
