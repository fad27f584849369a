"""``python -m bibfolio``: the same as the ``bibfolio`` command."""

from bibfolio.cli import run

run()
