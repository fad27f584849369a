"""Run noxfile.py on a machine that has only Python and git.

``python3 noxfile.py -s docs`` lands here when nox is not importable. This
script creates a private virtual environment in ``.nox/.bootstrap``, installs
nox (with uv, for fast sessions) into it, and runs the noxfile again with that
environment's Python. Nothing is installed into the system Python, so it also
works where that Python is "externally managed" (PEP 668).

Where the venv module has no ``ensurepip`` (Debian or Ubuntu without the
``python3-venv`` package), the environment is created without pip and pip's
own wheel, fetched from the package index and checked against its published
hash, installs nox into it.

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_DIR = ROOT / ".nox" / ".bootstrap"
REQUIREMENTS = ("nox[uv]>=2025.2.9",)
FALLBACK_REQUIREMENTS = ("nox>=2025.2.9",)  # where no uv wheel exists for the platform
STAMP = ENV_DIR / "bibfolio-bootstrap.txt"


def say(message: str) -> None:
    print(f"bootstrap: {message}", file=sys.stderr, flush=True)


def env_python() -> Path:
    if os.name == "nt":
        return ENV_DIR / "Scripts" / "python.exe"
    return ENV_DIR / "bin" / "python"


def pip_wheel_from_index(folder: Path) -> Path:
    """Download the newest pip wheel (PEP 691 JSON index API) and check its hash."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    request = urllib.request.Request(
        f"{index}/pip/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]

    def release(name: str) -> tuple[int, ...]:
        version = name.split("-")[1]
        return (
            tuple(int(part) for part in version.split("."))
            if version.replace(".", "").isdigit()
            else ()
        )

    wheels = [
        f
        for f in files
        if f["filename"].endswith("-py3-none-any.whl")
        and not f.get("yanked")
        and release(f["filename"])
    ]
    newest = max(wheels, key=lambda f: release(f["filename"]))
    target = folder / str(newest["filename"])
    with urllib.request.urlopen(newest["url"], timeout=120) as response:
        payload = response.read()
    expected = newest.get("hashes", {}).get("sha256")
    if expected and hashlib.sha256(payload).hexdigest() != expected:
        raise SystemExit(f"bootstrap: {newest['filename']} does not match its published sha256")
    target.write_bytes(payload)
    return target


def create_environment() -> list[str]:
    """Create the environment; return the command prefix that runs pip in it."""
    say(f"creating {ENV_DIR.relative_to(ROOT)} (once)")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(ENV_DIR)
        return [str(env_python()), "-m", "pip"]
    except (subprocess.CalledProcessError, OSError) as error:
        say(f"venv could not install pip ({error}); using pip's wheel from the index instead")
    venv.EnvBuilder(with_pip=False, clear=True).create(ENV_DIR)
    wheel = pip_wheel_from_index(Path(tempfile.mkdtemp(prefix="bibfolio-pip-")))
    return [str(env_python()), str(wheel / "pip")]


def install(pip: list[str]) -> None:
    quiet = ["install", "--quiet", "--disable-pip-version-check"]
    for requirements in (REQUIREMENTS, FALLBACK_REQUIREMENTS):
        if subprocess.run([*pip, *quiet, *requirements], check=False).returncode == 0:
            STAMP.write_text("\n".join(requirements) + "\n", encoding="utf-8")
            return
        say(f"could not install {' '.join(requirements)}")
    raise SystemExit("bootstrap: nox could not be installed; see pip's messages above")


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before the version is known
        say(f"bibfolio needs Python 3.11 or newer; this is {sys.version.split()[0]}")
        return 2
    ready = env_python().exists() and STAMP.exists()
    if ready and STAMP.read_text(encoding="utf-8").splitlines() not in (
        list(REQUIREMENTS),
        list(FALLBACK_REQUIREMENTS),
    ):
        ready = False
    if not ready:
        install(create_environment())
    command = [str(env_python()), str(ROOT / "noxfile.py"), *argv]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
