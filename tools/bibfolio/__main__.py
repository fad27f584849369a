"""``python -m bibfolio``: the same as the ``bibfolio`` command."""

import sys

from bibfolio.cli import main

sys.exit(main())
