"""`rehearse db upgrade [REV] | downgrade REV | current`: schema migrations for the transcript database.

Each takes `--url` (default: `DATABASE_URL`, else the SQLite file under `var/`).
"""
from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="migrate the transcript database (Alembic)")
    parser.set_defaults(handler=lambda _args: _usage(parser))
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION")

    upgrade = actions.add_parser("upgrade", help="upgrade the schema (default: to the latest revision)")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = actions.add_parser("downgrade", help="downgrade to REVISION ('base' drops all tables)")
    downgrade.add_argument("revision")
    current = actions.add_parser("current", help="show the database's revision")

    for action in (upgrade, downgrade, current):
        action.add_argument("--url", help="database URL (default: DATABASE_URL, else var/rehearse.db)")
        action.set_defaults(handler=_migrate)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _migrate(args: argparse.Namespace) -> int:
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from rehearse.storage import migrations

    try:
        if args.db_action == "upgrade":
            migrations.upgrade(args.url, args.revision)
        elif args.db_action == "downgrade":
            migrations.downgrade(args.revision, args.url)
        migrations.print_current(args.url)
    except (CommandError, SQLAlchemyError) as error:
        print("rehearse db %s: %s" % (args.db_action, error), file=sys.stderr)
        return 1
    return 0
