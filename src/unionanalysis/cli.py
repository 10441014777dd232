"""The ``unionanalysis`` command: one entry point, one module per subcommand.

Each subcommand lives in the module that does the work; that module exposes
``add_arguments(parser)`` and ``run(args) -> int``. Modules are imported only
when their subcommand runs, so ``unionanalysis validate`` stays quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys

__all__ = ["main"]

COMMANDS = {
    "extract": ("unionanalysis.extract", "propose candidate figures from article texts"),
    "curate": (
        "unionanalysis.curation.command",
        "propose metric and exclusion rows for articles; merge reviewed rows into data/",
    ),
    "screen": ("unionanalysis.screen.task", "score articles for union programme reports"),
    "validate": ("unionanalysis.validate", "check the curated tables in data/ against the rules"),
    "build": ("unionanalysis.build.command", "execute the notebooks and rebuild figures/"),
    "release": ("unionanalysis.papers.release", "write the versioned data archive (dist/)"),
    "site": ("unionanalysis.site.pages", "write reports/index.html and reports/explorer.html"),
}


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; return its exit code."""
    parser = argparse.ArgumentParser(prog="unionanalysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            importlib.import_module(module).add_arguments(p)
    args = parser.parse_args(argv)
    run = importlib.import_module(COMMANDS[args.command][0]).run
    return int(run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
