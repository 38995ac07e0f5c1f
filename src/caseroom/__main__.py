"""`python -m caseroom` runs the same entry point as the `caseroom` console script."""

import sys

from caseroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
