"""Entry point of the frozen caseroom bundle (the same as the `caseroom` console script).

A report worker (`report progress --all`, the Reports page) is this same executable started
again by multiprocessing; `freeze_support()` must run before anything else so that such a
process turns into a worker at once, without importing caseroom or reading its arguments
as a command line. `caseroom.cli.main` calls it too, for the `caseroom` console script.
"""

import multiprocessing

multiprocessing.freeze_support()

import sys  # noqa: E402

from caseroom.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
