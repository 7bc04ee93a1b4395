"""`python -m generator`: run the command line."""

import sys

from generator.cli import main

if __name__ == "__main__":  # worker processes import this module too
    sys.exit(main())
