"""Helpers shared by the browser tests and the audit (tests/benchmarks/audit.py).

* ``serve``: a built site on 127.0.0.1, compressed as Read the Docs serves it
  (gzip for text; a missing page answers 404 with the site's 404.html);
* ``axe_violations``: axe-core's violations on the page a WebDriver shows;
* ``set_mode``: the colour mode a visitor picked (light or dark).

axe-core is not vendored: ``nox -s tests`` and ``nox -s audit`` install the pinned
npm package before any test runs and name its script in BIBFOLIO_AXE_JS.
"""

from __future__ import annotations

import contextlib
import gzip
import mimetypes
import os
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bibfolio.site.weight import COMPRESSED

AXE_ENV = "BIBFOLIO_AXE_JS"
# Headless Chromium that sends nothing off this machine (no background requests).
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests and the audit print what matters."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        data = path.read_bytes() if path.is_file() else b"not found"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(status)
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", kind + ("; charset=utf-8" if "text" in kind else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=1200")
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port); yields the base address, ending in /."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def axe_script() -> str | None:
    """axe-core's script, from the installed npm package; None when it is not installed."""
    path = os.environ.get(AXE_ENV, "")
    return Path(path).read_text(encoding="utf-8") if path and Path(path).is_file() else None


def axe_violations(driver: Any, script: str) -> list[dict[str, Any]]:
    """axe-core's violations (WCAG 2.x A and AA, and best practices) on the current page."""
    driver.execute_script(script)
    driver.set_script_timeout(60)
    violations: list[dict[str, Any]] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations), e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
    )
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']}: {v.get('help', '')} at "
        + ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:4])
        for v in violations
    )


def set_mode(driver: Any, url: str, mode: str) -> None:
    """Open ``url`` in colour ``mode`` (light, dark or auto), as a visitor's choice."""
    driver.get(url)
    driver.execute_script(
        "localStorage.setItem('mode', arguments[0]); localStorage.setItem('theme', arguments[0]);",
        mode,
    )
    driver.get(url)
