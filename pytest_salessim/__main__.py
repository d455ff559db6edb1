"""`python -m pytest_salessim import ...`: the `salessim` command without its console script."""

import sys

from .cli import main

sys.exit(main())
