"""The published site is never lost: kills, concurrent builds, read-only and full disks.

Issue 9, classes 4 and 7 (file-system faults) and 9 (privacy of the published PDF),
on the small portfolio tests/roots/minimal.
"""

from __future__ import annotations

import errno
import os
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from bibfolio.site import output as site_output
from bibfolio.site.output import MARKER, STAMP, Output, publish, recover
from conftest import BUILD_IN_A_PROCESS, ROOTS, in_a_process, run_bibfolio

PHONE = "555-0100-1234"


def minimal(target: Path) -> Path:
    shutil.copytree(ROOTS / "minimal", target)
    return target


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def bibfolio_process(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bibfolio", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal portfolio with one good build published in docs/_build/html."""
    project = minimal(tmp_path_factory.mktemp("safety") / "project")
    status, output = run_bibfolio(["build"], project)
    assert status == 0, output
    return project


def site_is_whole(site: Path, expected: set[str]) -> None:
    present = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    assert (site / MARKER).is_file()
    assert expected <= present, sorted(expected - present)[:5]


# -- publishing: a kill at any moment leaves the old or the new site whole ------------


class Killed(BaseException):
    """Stands for SIGKILL: no except clause of the code under test catches it."""


@pytest.fixture
def works(tmp_path: Path) -> tuple[Output, Path, Path]:
    """An output folder, and two builds' work folders: an old and a new one."""
    out = Output(tmp_path / "_build" / "html")
    old_work, new_work = tmp_path / "old", tmp_path / "new"
    for index in range(40):
        for work, tag in ((old_work, "old"), (new_work, "new")):
            if tag == "new" and index % 3 == 0:
                continue  # pages that are gone in the new build
            page = work / f"d{index % 4}" / f"page{index}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"{tag} {index}" if index % 2 else f"same {index}", encoding="utf-8")
    (new_work / "added.html").write_text("new page", encoding="utf-8")
    return out, old_work, new_work


def counting(monkeypatch: pytest.MonkeyPatch, stop_at: int) -> list[str]:
    """Count the file operations of a publish; the stop_at-th one raises Killed."""
    seen: list[str] = []
    for owner, name in (
        (os, "link"),
        (os, "unlink"),
        (shutil, "copy2"),
        (shutil, "rmtree"),
        (Path, "rename"),
        (Path, "write_text"),
        (Path, "mkdir"),
        (site_output, "_exchange"),
    ):
        original = getattr(owner, name)

        def wrapper(
            *args: object, _original: Any = original, _name: str = name, **kw: Any
        ) -> object:
            seen.append(_name)
            if len(seen) == stop_at:
                raise Killed
            return _original(*args, **kw)

        monkeypatch.setattr(owner, name, wrapper)
    return seen


def content(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in files_of(folder).items() if k != MARKER}


@pytest.mark.parametrize("spare", [True, False], ids=["into-the-spare", "first-rebuild"])
@pytest.mark.parametrize("exchange", [True, False], ids=["atomic-exchange", "two-renames"])
def test_a_kill_at_any_step_of_a_publish_leaves_a_whole_site(
    works: tuple[Output, Path, Path], monkeypatch: pytest.MonkeyPatch, exchange: bool, spare: bool
) -> None:
    """Killed while publishing into the spare, or while making it (the first rebuild after
    a build from scratch): the site is whole, and the next build publishes."""
    out, old_work, new_work = works
    if not exchange:
        monkeypatch.setattr(site_output, "_exchange", lambda a, b: False)
    old, new = files_of(old_work), files_of(new_work)

    def last_good_site() -> None:
        for folder in (out.site, out.incoming, out.outgoing, out.spare):
            shutil.rmtree(folder, ignore_errors=True)
        if spare:
            publish(out, new_work)
        publish(out, old_work)  # the last good site; the spare (if any) holds the one before

    last_good_site()
    with monkeypatch.context() as probe:
        steps = counting(probe, 0)
        publish(out, new_work)
    assert content(out.site) == new
    for stop_at in range(1, len(steps) + 1):
        last_good_site()
        with monkeypatch.context() as probe:
            counting(probe, stop_at)
            with pytest.raises(Killed):
                publish(out, new_work)
        recover(out)  # what the next build does first
        assert content(out.site) in (old, new), f"killed at step {stop_at} of {len(steps)}"
        assert (out.site / MARKER).is_file()
        assert not out.incoming.exists()
        assert not out.outgoing.exists()
        publish(out, new_work)  # from whatever the kill left in the spare
        assert content(out.site) == new


def test_a_publish_replaces_only_the_files_that_changed(
    works: tuple[Output, Path, Path],
) -> None:
    out, old_work, new_work = works
    publish(out, old_work)
    publish(out, new_work)
    first = {path: path.stat().st_ino for path in out.site.rglob("*") if path.is_file()}
    changed = new_work / "d1" / "page1.html"
    changed.write_text("edited", encoding="utf-8")
    publish(out, new_work)
    assert content(out.site) == files_of(new_work)
    after = {path: path.stat().st_ino for path in out.site.rglob("*") if path.is_file()}
    replaced = {path for path in after if first.get(path) != after[path]}
    assert replaced <= {out.site / "d1" / "page1.html", out.site / MARKER}
    assert out.site / "d1" / "page1.html" in replaced


def _remove_marker(site: Path) -> None:
    (site / MARKER).unlink()


def _empty_marker(site: Path) -> None:
    (site / MARKER).write_text("", encoding="utf-8")


def _remove_page(site: Path) -> None:
    (site / "d1" / "page1.html").unlink()


def _add_page(site: Path) -> None:
    (site / "d1" / "stray.html").write_text("not built", encoding="utf-8")


def _add_folder(site: Path) -> None:
    (site / "empty").mkdir()


def _link_folder(site: Path) -> None:
    shutil.rmtree(site / "d2")
    (site / "d2").symlink_to(site / "d1", target_is_directory=True)


def _edit_page(site: Path) -> None:
    (site / "d1" / "page1.html").write_text("edited in place", encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [_remove_marker, _empty_marker, _remove_page, _add_page, _add_folder, _link_folder, _edit_page],
)
def test_a_build_that_changed_nothing_publishes_again_a_site_changed_since(
    works: tuple[Output, Path, Path], change: Callable[[Path], None]
) -> None:
    """A publish of the same build leaves the site as it is, unless the site is no longer
    what was built (changed by hand): then the build is published again."""
    out, old_work, new_work = works
    publish(out, old_work)
    publish(out, new_work)
    site = out.site.resolve()
    before = {path: path.stat().st_ino for path in site.rglob("*")}
    publish(out, new_work)
    assert {path: path.stat().st_ino for path in site.rglob("*")} == before
    change(out.site)
    publish(out, new_work)
    assert content(out.site) == files_of(new_work)
    assert (out.site / MARKER).read_text(encoding="utf-8") == STAMP
    assert not (out.site / "d2").is_symlink()
    assert not (out.site / "empty").exists()


def test_a_file_that_becomes_a_folder_and_back_is_published_as_built(
    works: tuple[Output, Path, Path],
) -> None:
    """Each publish makes the site an exact copy of the build, whatever the spare (the site
    before) held under the same name: a file where a folder now is, a folder where a file
    is, a link where a folder is (never followed: what it leads to is left alone)."""
    out, old_work, new_work = works
    publish(out, old_work)
    publish(out, new_work)  # the spare now holds the old site
    elsewhere = out.site.parent.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the site's", encoding="utf-8")
    (new_work / "d1" / "page1.html").unlink()
    (new_work / "d1" / "page1.html").mkdir()
    (new_work / "d1" / "page1.html" / "inner.html").write_text("inner", encoding="utf-8")
    for publishing in ("into the spare (the old site)", "into the folder that was the site"):
        (new_work / "round.txt").write_text(publishing, encoding="utf-8")  # a build each
        publish(out, new_work)
        assert content(out.site) == files_of(new_work)
    spare = out.spare
    shutil.rmtree(spare / "d1")
    (spare / "d1").symlink_to(elsewhere, target_is_directory=True)
    shutil.rmtree(new_work / "d1" / "page1.html")
    (new_work / "d1" / "page1.html").write_text("a file again", encoding="utf-8")
    for publishing in ("into the spare, where d1 is a link", "into the folder that was the site"):
        (new_work / "round.txt").write_text(publishing, encoding="utf-8")
        publish(out, new_work)
        assert content(out.site) == files_of(new_work)
        assert not (out.site / "d1").is_symlink()
    assert files_of(elsewhere) == {"keep.txt": b"not the site's"}


def test_a_file_that_cannot_be_removed_stops_no_later_publish(
    works: tuple[Output, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of an earlier site that cannot be removed (made immutable, on a read-only
    mount): the site is published all the same, and the folder that holds the file is put
    aside, named in a warning, until it can be removed."""
    out, old_work, new_work = works
    (old_work / "stuck.html").write_text("old page", encoding="utf-8")
    publish(out, old_work)
    publish(out, new_work)  # the spare now holds the old site, stuck.html with it
    unlink = os.unlink

    def immutable(path: Any, *args: Any, **kw: Any) -> None:
        if Path(path).name == "stuck.html" and ("dir_fd" in kw or Path(path).exists()):
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        unlink(path, *args, **kw)

    warnings: list[str] = []
    with monkeypatch.context() as patched:
        patched.setattr(os, "unlink", immutable)
        for work in (new_work, old_work, new_work):
            (work / "d0" / "page0.html").write_text(f"edited {work.name}", encoding="utf-8")
            publish(out, work, warnings.append)
            assert content(out.site) == files_of(work)
    stale = sorted(out.site.parent.glob(".html.stale-*"))
    assert [path.name for path in stale] == [".html.stale-1"]
    assert all("stuck.html cannot be removed" in warning for warning in warnings), warnings
    assert ".html.stale-1 is left there" in warnings[0]
    publish(out, new_work, warnings.append)  # removable again: gone
    assert not stale[0].exists()
    assert content(out.site) == files_of(new_work)


def test_builds_killed_at_random_moments_always_leave_a_whole_site(built: Path) -> None:
    site = built / "docs" / "_build" / "html"
    expected = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    page = built / "docs" / "research" / "learning.md"
    chance = random.Random(9)
    for attempt in range(4):
        page.write_text(page.read_text("utf-8") + f"\nEdit {attempt}.\n", encoding="utf-8")
        process = bibfolio_process(built, "build")
        time.sleep(chance.uniform(0.3, 4.0))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        site_is_whole(site, expected)
    status, output = run_bibfolio(["build"], built)
    assert status == 0, output
    site_is_whole(site, expected)
    assert "Edit 3." in (site / "research" / "learning.html").read_text("utf-8")


def test_two_builds_at_once_both_publish_a_whole_site(built: Path) -> None:
    site = built / "docs" / "_build" / "html"
    expected = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    first = bibfolio_process(built, "build")
    second = bibfolio_process(built, "build")
    outputs = [process.communicate()[0] for process in (first, second)]
    assert first.returncode == 0, outputs[0]
    assert second.returncode == 0, outputs[1]
    site_is_whole(site, expected)


# -- file-system faults: a message, a non-zero exit, the site intact --------------------


def as_an_ordinary_user(command: list[str]) -> list[str]:
    """Root writes anywhere: without the capability to override permissions, it cannot."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("the tests run as root and setpriv (util-linux) is missing")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *command]


LOCKED_FOLDERS = """
import sys
from pathlib import Path
from bibfolio.site.output import Output, publish
root = Path(sys.argv[1])
out, work = Output(root / "_build" / "html"), root / "work"
(work / "d1" / "sub").mkdir(parents=True)
(work / "d1" / "sub" / "page.html").write_text("a page", encoding="utf-8")
for text in ("1", "2"):  # the site, and its spare
    (work / "index.html").write_text(text, encoding="utf-8")
    publish(out, work)
for folder in (out.site / "d1" / "sub", out.site / "d1"):
    folder.chmod(0)  # nobody may list them: the inner one first
publish(out, work)  # the same build: the site cannot be compared, so it is published again
for text in ("3", "4"):  # into the spare, which now holds the locked folders, then again
    (work / "index.html").write_text(text, encoding="utf-8")
    publish(out, work)
"""


def test_folders_of_the_site_that_nobody_may_list_are_replaced(tmp_path: Path) -> None:
    """Folders of the site made unlistable (mode 000, one inside the other) are published
    over, then removed with the spare: each build publishes the work folder."""
    script = tmp_path / "locked.py"
    script.write_text(LOCKED_FOLDERS, encoding="utf-8")
    done = in_a_process(as_an_ordinary_user([sys.executable, str(script), str(tmp_path)]), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    site = Output(tmp_path / "_build" / "html").site
    assert content(site) == files_of(tmp_path / "work")
    assert (site / "index.html").read_text(encoding="utf-8") == "4"


def test_a_read_only_previous_build_is_replaced(built: Path) -> None:
    site = built / "docs" / "_build" / "html"
    for path in sorted(site.rglob("*"), reverse=True):
        path.chmod(stat.S_IRUSR | (stat.S_IXUSR if path.is_dir() else 0))
    site.chmod(stat.S_IRUSR | stat.S_IXUSR)
    page = built / "docs" / "research" / "learning.md"
    page.write_text(page.read_text("utf-8") + "\nAfter read-only.\n", encoding="utf-8")
    done = in_a_process(as_an_ordinary_user(BUILD_IN_A_PROCESS), built)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "After read-only." in (site / "research" / "learning.html").read_text("utf-8")
    assert not list(site.parent.glob(".html.*going"))


def test_a_read_only_output_folder_is_a_message(tmp_path: Path) -> None:
    project = minimal(tmp_path / "project")
    parent = project / "docs" / "_build"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        done = in_a_process(as_an_ordinary_user(BUILD_IN_A_PROCESS), project)
    finally:
        parent.chmod(0o755)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Permission denied" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_a_full_disk_is_a_message_and_keeps_the_site(built: Path) -> None:
    site = built / "docs" / "_build" / "html"
    before = files_of(site)
    page = built / "docs" / "research" / "learning.md"
    page.write_text(page.read_text("utf-8") + "\nA long edit.\n" * 200, encoding="utf-8")
    shutil.rmtree(built / "docs" / "_build" / ".html.bibfolio")  # everything must be written

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = in_a_process(BUILD_IN_A_PROCESS, built, preexec_fn=small_disk)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "File too large" in done.stderr
    assert files_of(site) == before


def test_a_folder_removed_during_the_build_is_a_message(tmp_path: Path) -> None:
    project = minimal(tmp_path / "project")
    conf = project / "docs" / "conf.py"
    conf.write_text(
        conf.read_text("utf-8")
        + "\nimport shutil\n\ndef gone(app, builder):\n"
        + "    shutil.rmtree(app.outdir)\n"
        + "    app.outdir.write_text('a file where the folder was')\n\n"
        + "def setup(app):\n    app.connect('write-started', gone)\n",
        encoding="utf-8",
    )
    status, output = run_bibfolio(["build"], project)
    assert status == 1, output
    assert "Traceback" not in output
    assert "build again" in output
    assert not (project / "docs" / "_build" / "html").exists()


# -- what the build writes into the user's folders ---------------------------------------


def test_generated_pages_hide_no_file_of_the_user_from_git(built: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is missing: the guide's quick start needs it")
    papers = built / "docs" / "papers"
    own = papers / "notes.txt"
    own.write_text("my notes\n", encoding="utf-8")
    subprocess.run([git, "init", "-q"], cwd=built, check=True)

    def ignored(path: Path) -> bool:
        done = subprocess.run(
            [git, "check-ignore", "-q", str(path.relative_to(built))], cwd=built, check=False
        )
        return done.returncode == 0

    generated = sorted(papers.glob("*/index.md"))
    assert generated
    assert all(ignored(page) for page in generated)
    assert not ignored(own)


def test_published_pdf_leaves_the_phone_out_and_bibfolio_pdf_keeps_it(built: Path) -> None:
    published = PdfReader(built / "docs" / "_build" / "html" / "cv.pdf")
    text = "".join(page.extract_text() for page in published.pages)
    assert "ada@example.org" in text
    assert PHONE not in text
    status, output = run_bibfolio(["pdf", "full.pdf"], built)
    assert status == 0, output
    full = PdfReader(built / "full.pdf")
    assert PHONE in "".join(page.extract_text() for page in full.pages)
