"""`rehearse portal`: serve the portal (dashboard, API and chat pages)."""
from __future__ import annotations

import argparse
import os


def _serve(args: argparse.Namespace) -> int:
    from rehearse.portal.app import create_app

    app = create_app()
    app.run(host=args.host, port=args.port, access_log=False, single_process=True)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("portal", help="serve the therapist portal and the chat pages")
    parser.add_argument("--host", default=os.environ.get("REHEARSE_BIND", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("REHEARSE_PORTAL_PORT", 8000)))
    parser.set_defaults(handler=_serve)
