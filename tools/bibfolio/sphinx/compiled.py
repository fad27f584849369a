"""The theme's page templates compiled once, not at every build.

Sphinx compiles every Jinja template it renders anew in each build: about 40
templates of the theme, half a second of a rebuild that writes three pages.
Jinja can keep what it compiled (a bytecode cache); this module gives it one:
in this process (a second build in it, as ``bibfolio check`` then ``build``,
compiles nothing) and in the build's own folder of doctrees, beside Sphinx's
pickled environment (the next build, in another process, reads it).

Jinja checks each kept template against a digest of its source, so an edited
template is compiled again; the kept code is also keyed by Jinja's and Python's
versions and by the extensions of the environment that compiled it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FOLDER = "bibfolio-templates"  # in the doctrees folder

# The code of each template compiled in this process, by its file's name, the digest of its
# source and the compiling environment (Jinja's own cache key and checksum).
_COMPILED: dict[tuple[str, str], CodeType] = {}


class KeptTemplates(BytecodeCache):
    """Compiled templates kept in this process and in ``folder``."""

    def __init__(self, folder: Path, environment: jinja2.Environment) -> None:
        self.folder = folder
        extensions = ",".join(sorted(environment.extensions))
        self.prefix = hashlib.sha256(f"{jinja2.__version__};{extensions}".encode()).hexdigest()[:16]

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return f"{self.prefix}-{super().get_cache_key(name, filename)}"

    def load_bytecode(self, bucket: Bucket) -> None:
        code = _COMPILED.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code
            return
        try:
            data = (self.folder / bucket.key).read_bytes()
        except OSError:
            return
        bucket.bytecode_from_string(data)  # Jinja drops it unless its source and version match
        if bucket.code is not None:
            _COMPILED[bucket.key, bucket.checksum] = bucket.code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        _COMPILED[bucket.key, bucket.checksum] = bucket.code
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".")
        except OSError:  # a cache only: the next build compiles again
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                bucket.write_bytecode(stream)
            Path(temporary).replace(self.folder / bucket.key)
        except OSError:
            Path(temporary).unlink(missing_ok=True)  # a cache only: the next build compiles again
            logger.debug("bibfolio: compiled template %s not kept", bucket.key)


def keep_compiled(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if isinstance(environment, jinja2.Environment) and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / FOLDER
        environment.bytecode_cache = KeptTemplates(folder, environment)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_compiled)
