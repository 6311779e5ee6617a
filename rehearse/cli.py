"""The `rehearse` console script.

Each subcommand lives next to the code it drives, in a module exposing `register(subparsers)`. Those
modules keep their top-level imports light, so `rehearse --help` stays fast; heavy imports (spaCy,
Rasa, SQLAlchemy) happen inside the handlers.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import List, Optional

COMMAND_MODULES = (
    "rehearse.analysis.cli",
    "rehearse.risk.cli",
    "rehearse.scenarios.cli",
    "rehearse.storage.cli",
    "rehearse.portal.cli",
    "rehearse.bench.cli",
    "rehearse.run",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rehearse",
        description="Rehearse: practise difficult conversations (IPT role-play) with a Rasa assistant.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    return int(args.handler(args) or 0)


def console_main() -> int:
    """The installed `rehearse` script: no command needs TensorFlow, so spaCy is kept from loading it."""
    from rehearse.nlp import keep_tensorflow_out

    keep_tensorflow_out()
    return main()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console_main())
