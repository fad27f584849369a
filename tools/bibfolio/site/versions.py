"""Build every release into one folder: <out>/<version>/ each, an index that sends visitors
to the newest, and switcher.json, the list pydata-sphinx-theme's version switcher reads.

Each release is built strictly, like ``bibfolio build``; the folder is replaced only
when every release built. No git history is needed: releases are folders of the
main branch (docs/ and docs/releases/<version>/), so a shallow clone, or no clone
at all, builds the same site.

On Read the Docs, READTHEDOCS_CANONICAL_URL gives the addresses (the site lives at
/<language>/<RTD version>/), and READTHEDOCS_VERSION, when it names one of the
releases (a build of a release tag), is the release the switcher marks as current.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bibfolio.diagnostics import Problem
from bibfolio.load.settings import read_settings
from bibfolio.pipeline import load_project
from bibfolio.releases import ReleaseSource, earlier_releases, version_of
from bibfolio.site.build import content_folders, project_root
from bibfolio.site.output import checked_output, display, locked, publish, recover, remove_tree
from bibfolio.site.reuse import Records, ReleaseBuild
from bibfolio.site.sphinxrun import parse_extra, run_sphinx


@dataclass(frozen=True)
class Plan:
    releases: list[ReleaseSource]  # newest first
    base: str  # ends with "/"; "/" serves the folder at a site's root

    @property
    def newest(self) -> str:
        return self.releases[0].version

    def url(self, version: str) -> str:
        return f"{self.base}{version}/"


class ReleaseError(Exception):
    """A release without a version: the located problems that say why."""

    def __init__(self, problems: list[Problem], message: str) -> None:
        super().__init__(message)
        self.problems = problems


def plan(docs: Path, base_url: str | None = None) -> Plan:
    settings = read_settings(docs)
    data = settings.data
    current = ReleaseSource(version_of(data) if data else "", docs, settings)
    releases = [current, *earlier_releases(docs / "releases", settings)]
    missing = [r for r in releases if not r.version]
    if missing:
        project = load_project(settings, docs=docs)
        raise ReleaseError(
            project.errors,
            f"{display(missing[0].srcdir)} has no version: a release's version is the "
            "'updated' month of its data file (cv.yaml)",
        )
    releases.sort(key=lambda r: r.version, reverse=True)
    base = base_url or os.environ.get("READTHEDOCS_CANONICAL_URL") or "/"
    return Plan(releases, base if base.endswith("/") else base + "/")


def switcher(plan: Plan) -> list[dict[str, object]]:
    """pydata-sphinx-theme's version list: every release, the newest preferred."""
    current = os.environ.get("READTHEDOCS_VERSION", "")
    preferred = current if current in {r.version for r in plan.releases} else plan.newest
    return [
        {
            "name": f"{r.version} (latest)" if r.version == plan.newest else r.version,
            "version": r.version,
            "url": plan.url(r.version),
            "preferred": r.version == preferred,
        }
        for r in plan.releases
    ]


def redirect_page(plan: Plan) -> str:
    target = html.escape(f"{plan.newest}/", quote=True)
    canonical = html.escape(plan.url(plan.newest), quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        "<title>Redirecting to the latest release</title></head>\n"
        f'<body><p>The latest release is at <a href="{target}">{html.escape(plan.newest)}</a>.</p>'
        "</body></html>\n"
    )


def robots(plan: Plan) -> str:
    """The site's robots.txt; where the address is known, it names the current sitemap."""
    lines = ["User-agent: *", "Allow: /"]
    if plan.base.startswith(("http://", "https://")):
        lines.append(f"Sitemap: {plan.url(plan.newest)}sitemap.xml")
    return "\n".join(lines) + "\n"


def build_versions(
    docs: Path,
    output: Path,
    sphinx_args: Sequence[str] = (),
    base_url: str | None = None,
    on_wait: Callable[[str], None] = lambda message: None,
    *,
    on_kept: Callable[[str], None] = lambda version: None,
) -> int:
    """Build every release into ``output``; the first failing status, or 0.

    Each release builds into its own folder of the private work folder (kept from
    one run to the next, with its doctrees); a release whose last build succeeded
    and nothing it is made from changed since is not built again, only named to
    ``on_kept`` (bibfolio.site.reuse), unless sphinx-build's -a or -E asks for every
    page to be written or read again. ``output`` is swapped for the whole work
    folder only when every release built.
    """
    versions = plan(docs, base_url)
    root = project_root(docs)
    out = checked_output(output, docs, root, content=content_folders(docs))
    json_url = f"{versions.base}switcher.json"
    with locked(out, on_wait):
        recover(out, on_wait)
        out.work.mkdir(parents=True, exist_ok=True)
        wanted = {release.version for release in versions.releases}
        for stale in out.work.iterdir():  # releases that are gone, and other leftovers
            if stale.name not in wanted:
                remove_tree(stale)
        records = Records(out)
        extra = parse_extra(sphinx_args)
        forced = extra.force_all or extra.freshenv  # -a, -E: every release built again
        records.keep_only(wanted)
        for release in versions.releases:
            overrides = {
                "bibfolio_switcher_json": json_url,
                "html_baseurl": versions.url(release.version),
                # Search engines index the current release: earlier ones name it as canonical.
                "bibfolio_canonical_url": versions.url(versions.newest),
            }
            build = ReleaseBuild(release, root, tuple(sphinx_args), overrides)
            if records.unchanged(build) and not forced:
                on_kept(release.version)
                continue
            records.forget(release.version)
            read: set[Path] = set()
            status = run_sphinx(
                release.srcdir,
                out.work / release.version,
                out.doctrees / release.version,
                sphinx_args,
                overrides,
                read=read,
            )
            if status != 0:
                return status
            records.remember(build, read)
        (out.work / "switcher.json").write_text(
            json.dumps(switcher(versions), indent=2) + "\n", encoding="utf-8"
        )
        (out.work / "index.html").write_text(redirect_page(versions), encoding="utf-8")
        (out.work / "robots.txt").write_text(robots(versions), encoding="utf-8")
        publish(out, out.work, on_wait)
    return 0
