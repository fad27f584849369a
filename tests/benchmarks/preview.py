"""The live preview: from saving a theme page to the browser shown the rebuilt page.

``nox -s serve`` runs sphinx-autobuild: it watches the sources, runs
``python -m sphinx build`` in a subprocess after each change, and then tells the
browser to reload through a WebSocket. Here a copy of this portfolio is served
the same way and listened to like a browser: the time from saving a theme page
to the reload message, once the served page shows the change. Beside it, in a
second copy, the same incremental rebuild run directly: the difference is what
the preview adds to Sphinx's own rebuild time.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import synthetic
from process import CommandFailed, checked, script
from projects import append_to_paragraph, theme_page

HOST = "127.0.0.1"
OUT = "docs/_build/serve"
# As `nox -s serve` (noxfile.py) runs it, less its --watch of tools/bibfolio (not in a copy).
SERVE_ARGS = ("--watch", "refs.bib", "--ignore", "*/_build/*", "--ignore", "*/papers/*")
# What sphinx-autobuild runs for each rebuild (sphinx_autobuild/build.py).
SPHINX = (sys.executable, "-m", "sphinx", "build", "docs", OUT)
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # sphinx-autobuild colours its log
TIMEOUT = 600.0  # seconds: a first build of a loaded machine, a rebuild that never comes


@dataclass
class PreviewResult:
    preview: list[float] = field(default_factory=list)  # saved -> reload told, page changed
    direct: list[float] = field(default_factory=list)  # the same rebuild, run directly
    extra_rebuilds: list[int] = field(default_factory=list)  # rebuilds beyond one per save
    triggers: list[str] = field(default_factory=list)  # what sphinx-autobuild saw change


def bench_preview(
    folder: Path, entries: int, rounds: int, say: Callable[[str], None]
) -> PreviewResult:
    served = synthetic.portfolio(folder / "served", entries).parent
    direct = synthetic.portfolio(folder / "direct", entries).parent
    page = theme_page(served / "docs")
    original = (served / "docs" / page).read_text(encoding="utf-8")
    log = folder / "autobuild.log"
    say("live preview: first builds")
    checked(SPHINX, direct, folder / "direct.log")
    result = PreviewResult()
    with _autobuild(served, log) as port, _ReloadSocket(HOST, port) as browser:
        for round_ in range(rounds):
            word = f"benchpreview{round_ + 1}"
            text = append_to_paragraph(original, word)
            say(f"live preview, round {round_ + 1}/{rounds}")
            if round_ % 2:  # the order turned each round, as in the builds
                result.direct.append(_direct(direct, page, text))
                result.preview.append(_shown(served, page, port, browser, text=text, word=word))
            else:
                result.preview.append(_shown(served, page, port, browser, text=text, word=word))
                result.direct.append(_direct(direct, page, text))
    output = log.read_text(encoding="utf-8", errors="replace")
    output = _COLOUR.sub("", output)
    result.triggers = [line.strip() for line in output.splitlines() if "Detected changes" in line]
    result.extra_rebuilds = [output.count("Rebuilding...") - rounds]
    return result


def _direct(project: Path, page: Path, text: str) -> float:
    (project / "docs" / page).write_text(text, encoding="utf-8")
    return checked(SPHINX, project, project.parent / "direct.log").seconds


def _shown(
    project: Path, page: Path, port: int, browser: _ReloadSocket, *, text: str, word: str
) -> float:
    """Save the page; seconds until a reload message after which the served page shows it."""
    browser.drain()
    start = time.perf_counter()
    (project / "docs" / page).write_text(text, encoding="utf-8")
    address = "/" + page.with_suffix(".html").as_posix()
    while True:
        left = start + TIMEOUT - time.perf_counter()
        if left <= 0 or browser.receive(left) is None:
            raise TimeoutError(f"sphinx-autobuild showed no change of {address} in {TIMEOUT:.0f} s")
        if word in _get(port, address).lower():
            return time.perf_counter() - start


@contextmanager
def _autobuild(project: Path, log: Path) -> Iterator[int]:
    """sphinx-autobuild serving ``project`` after its first build; its port."""
    port = _free_port()
    command = [*script("sphinx-autobuild", "sphinx_autobuild"), "docs", OUT, *SERVE_ARGS]
    command += ["--host", HOST, "--port", str(port)]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},  # its log in order
        )
        try:
            _wait_serving(server, port, log)
            yield port
        finally:
            server.send_signal(signal.SIGINT)  # as Ctrl+C
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_serving(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            raise CommandFailed(
                f"sphinx-autobuild exited with {server.returncode}:\n" + "\n".join(tail)
            )
        try:
            _get(port, "/")
        except OSError:
            time.sleep(0.2)
        else:
            return
    raise TimeoutError(f"sphinx-autobuild did not serve in {TIMEOUT:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        if response.status != 200:
            raise OSError(f"GET {path}: {response.status}")
        return body
    finally:
        connection.close()


class _ReloadSocket:
    """The browser's side of sphinx-autobuild's /websocket-reload, in the standard library.

    Just enough of RFC 6455 for a server that sends short text messages: frames
    read whole, pings answered (the server closes a connection that does not).
    """

    def __init__(self, host: str, port: int) -> None:
        self._socket = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        self._socket.sendall(
            f"GET /websocket-reload HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode("ascii")
        )
        self._buffer = b""
        while b"\r\n\r\n" not in self._buffer:
            chunk = self._socket.recv(4096)
            if not chunk:
                raise ConnectionError("sphinx-autobuild closed the WebSocket handshake")
            self._buffer += chunk
        head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"no WebSocket: {head.decode('latin-1')!r}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self._socket.close()

    def receive(self, timeout: float) -> str | None:
        """The next text message, or None when none came in ``timeout`` seconds."""
        deadline = time.perf_counter() + timeout
        while True:
            frame = self._frame()
            if frame is not None:
                opcode, payload = frame
                if opcode == 0x1:
                    return payload.decode("utf-8")
                if opcode == 0x8:
                    raise ConnectionError("sphinx-autobuild closed the WebSocket")
                if opcode == 0x9:
                    self._send(0xA, payload)  # pong
                continue
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self._socket.settimeout(left)
            try:
                chunk = self._socket.recv(4096)
            except TimeoutError:
                return None
            if not chunk:
                raise ConnectionError("sphinx-autobuild closed the WebSocket")
            self._buffer += chunk

    def drain(self) -> None:
        """Forget the messages already sent (a reload from an earlier rebuild)."""
        while self.receive(0.05) is not None:
            pass

    def _frame(self) -> tuple[int, bytes] | None:
        """The first whole frame of the buffer (taken out of it), if there is one."""
        if len(self._buffer) < 2:
            return None
        first, second = self._buffer[0], self._buffer[1]
        length, offset = second & 0x7F, 2
        if length == 126:
            if len(self._buffer) < 4:
                return None
            (length,), offset = struct.unpack("!H", self._buffer[2:4]), 4
        elif length == 127:
            if len(self._buffer) < 10:
                return None
            (length,), offset = struct.unpack("!Q", self._buffer[2:10]), 10
        if len(self._buffer) < offset + length:
            return None
        payload = self._buffer[offset : offset + length]  # a server never masks
        self._buffer = self._buffer[offset + length :]
        return first & 0x0F, payload

    def _send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        header = bytes([0x80 | opcode, 0x80 | len(payload)])  # control frames: < 126 bytes
        self._socket.sendall(header + mask + masked)
