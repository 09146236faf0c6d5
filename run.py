"""Entry point: ``python run.py COMMAND ...`` (the same as the ``binjai-sim`` console script)."""

import sys

from binjai_sim.interfaces.cli import main

if __name__ == "__main__":
    sys.exit(main())
