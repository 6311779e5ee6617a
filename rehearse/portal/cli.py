"""`rehearse portal` (serve) and the therapist/admin commands: therapist create, assign, export, purge,
delete-client. Every command takes `--url` (default: `DATABASE_URL`, else var/rehearse.db)."""
from __future__ import annotations

import argparse
import os
import sys

URL_HELP = "database URL (default: DATABASE_URL, else var/rehearse.db)"


def _serve(args: argparse.Namespace) -> int:
    from rehearse.portal.app import create_app

    app = create_app()
    app.run(host=args.host, port=args.port, access_log=False)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("portal", help="serve the therapist portal and the chat pages")
    parser.add_argument("--host", default=os.environ.get("REHEARSE_BIND", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("REHEARSE_PORTAL_PORT", 8000)))
    parser.set_defaults(handler=_serve)
    _register_admin(subparsers)


def _register_admin(subparsers: argparse._SubParsersAction) -> None:
    from rehearse.portal import admin

    therapist = subparsers.add_parser("therapist", help="manage therapist logins")
    therapist.set_defaults(handler=lambda _args: _usage(therapist))
    actions = therapist.add_subparsers(dest="therapist_action", metavar="ACTION")
    create = actions.add_parser("create", help="create a login; prints a generated password once")
    create.add_argument("username")
    create.add_argument("--password-stdin", action="store_true", help="read the password from stdin instead")
    create.add_argument("--url", help=URL_HELP)
    create.set_defaults(handler=admin.create_therapist)

    assign = subparsers.add_parser("assign", help="create a homework assignment; prints its code and link once")
    assign.add_argument("--therapist", required=True, metavar="USERNAME")
    assign.add_argument("--scenario", required=True, metavar="ID", help="library id or custom:<id>")
    assign.add_argument("--client-label", required=True, metavar="LABEL")
    assign.add_argument("--instructions", default="", metavar="TEXT")
    assign.add_argument("--due", metavar="YYYY-MM-DD")
    assign.add_argument("--url", help=URL_HELP)
    assign.set_defaults(handler=admin.assign)

    export = subparsers.add_parser("export", help="export one client's data (CSV or JSON)")
    export.add_argument("--therapist", required=True, metavar="USERNAME")
    export.add_argument("--client", required=True, type=int, metavar="ID")
    export.add_argument("--format", choices=("csv", "json"), default="json")
    export.add_argument("--out", metavar="PATH", help="write here (created with owner-only permissions)")
    export.add_argument("--url", help=URL_HELP)
    export.set_defaults(handler=admin.export)

    purge = subparsers.add_parser("purge", help="delete sessions, turns and risk flags older than DAYS")
    purge.add_argument("--older-than", required=True, type=int, metavar="DAYS")
    purge.add_argument("--tracker-url", help="also purge Rasa's tracker store at this URL")
    purge.add_argument("--url", help=URL_HELP)
    purge.set_defaults(handler=admin.purge)

    delete = subparsers.add_parser("delete-client", help="erase a client's data (client id or chat sender id)")
    delete.add_argument("client", metavar="ID")
    delete.add_argument("--tracker-url", help="also erase the conversation from Rasa's tracker store at this URL")
    delete.add_argument("--url", help=URL_HELP)
    delete.set_defaults(handler=admin.delete_client)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2
