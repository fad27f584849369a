"""Audit a built site as a phone and a desktop see it: weight, Lighthouse, axe-core.

    python tests/benchmarks/audit.py SITE --lighthouse BIN --axe JS [--runs 3] [--pages ...]

``nox -s audit`` builds the site, installs the pinned Lighthouse and axe-core from
npm into its own folder and runs this. The site is served on 127.0.0.1, gzipped
as Read the Docs serves it; Chromium is the system's (CHROME_PATH, else
``chromium`` on the PATH) and sends nothing off the machine. For each page it
prints one row: the first visit in KB over the wire (counted from the built files,
bibfolio.site.weight) and its requests, Lighthouse's four scores on the mobile and
the desktop preset (medians of ``--runs`` runs: the machine is noisy) and the
number of axe-core violations in light and dark mode, at desktop and phone widths.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/webcheck.py

from bibfolio.site.weight import first_visit
from webcheck import CHROMIUM_FLAGS, axe_violations, serve, set_mode

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def default_pages(site: Path) -> dict[str, str]:
    """Home, publications, CV, the first theme page and the first paper page."""

    def first(page: str, selector: str) -> str | None:
        path = site / page
        if not path.is_file():
            return None
        found = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(selector)
        if found is None:
            return None
        href = str(found["href"]).split("#")[0]
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))

    pages = {"home": "index.html", "publications": "publications.html", "CV": "cv.html"}
    overview = next((str(p.relative_to(site)) for p in site.glob("*/index.html")
                     if "bibfolio-themes" in p.read_text(encoding="utf-8")), None)  # fmt: skip
    theme = first(overview, "dl.bibfolio-themes a[href]") if overview else None
    paper = first("publications.html", "a:has(.bibfolio-details)")
    if theme:
        pages["theme"] = theme
    if paper:
        pages["paper"] = paper
    return {name: page for name, page in pages.items() if (site / page).is_file()}


def lighthouse(binary: str, url: str, desktop: bool) -> dict[str, float]:
    command = [
        binary,
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
        *(["--preset=desktop"] if desktop else []),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    scores = {name: report["categories"][name]["score"] * 100 for name in CATEGORIES}
    scores["bytes"] = report["audits"]["total-byte-weight"]["numericValue"]
    return scores


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def axe_counts(base: str, pages: dict[str, str], script: str) -> dict[str, dict[str, int]]:
    """Violations per page and colour mode, added up over a desktop and a phone width."""
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ["CHROME_PATH"]
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver_path = shutil.which("chromedriver")
    driver = webdriver.Chrome(
        service=Service(driver_path) if driver_path else None, options=options
    )
    counts: dict[str, dict[str, int]] = {name: {"light": 0, "dark": 0} for name in pages}
    try:
        for width, height in ((1280, 900), (390, 844)):
            driver.set_window_size(width, height)
            for name, page in pages.items():
                for mode in ("light", "dark"):
                    set_mode(driver, base + page, mode)
                    found = axe_violations(driver, script)
                    counts[name][mode] += len(found)
                    for violation in found:
                        print(f"  axe {name} {mode} {width}px: {violation['id']}", file=sys.stderr)
    finally:
        driver.quit()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (docs/_build/html)")
    parser.add_argument("--lighthouse", required=True, help="the lighthouse command")
    parser.add_argument("--axe", required=True, type=Path, help="axe-core's axe.min.js")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per preset")
    parser.add_argument("--pages", nargs="*", help="pages to audit (default: one of each kind)")
    args = parser.parse_args(argv)
    os.environ.setdefault("CHROME_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    site = args.site.resolve()
    pages = {page: page for page in args.pages} if args.pages else default_pages(site)
    script = args.axe.read_text(encoding="utf-8")
    rows = []
    with serve(site) as base:
        axe = axe_counts(base, pages, script)
        for name, page in pages.items():
            weight = first_visit(site, page)
            mobile = medians([lighthouse(args.lighthouse, base + page, False)
                              for _ in range(args.runs)])  # fmt: skip
            desktop = medians([lighthouse(args.lighthouse, base + page, True)
                               for _ in range(args.runs)])  # fmt: skip
            rows.append((name, page, weight, mobile, desktop, axe[name]))
            print(f"  audited {name} ({page})", file=sys.stderr)

    def scores(found: dict[str, float]) -> str:
        return " / ".join(f"{found[c]:.0f}" for c in CATEGORIES)

    print(f"\nLighthouse: medians of {args.runs} runs; site served gzipped on 127.0.0.1")
    print("scores: performance / accessibility / best practices / SEO\n")
    print(
        "| page | first visit, KB gzipped | requests | Lighthouse KB | mobile "
        "| desktop | axe violations, light / dark |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, page, weight, mobile, desktop, violations in rows:
        print(
            f"| {name} ({page}) | {weight.transferred / 1000:.1f} | {weight.requests} "
            f"| {mobile['bytes'] / 1000:.1f} | {scores(mobile)} | {scores(desktop)} "
            f"| {violations['light']} / {violations['dark']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
