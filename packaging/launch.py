"""Entry point of the frozen caseroom bundle (the same as the `caseroom` console script)."""

import sys

from caseroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
