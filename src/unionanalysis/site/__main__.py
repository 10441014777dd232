"""``python -m unionanalysis.site --project DIR``: how the build writes the site."""

from __future__ import annotations

import argparse
import sys

from unionanalysis.site.pages import add_arguments, run

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m unionanalysis.site")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
