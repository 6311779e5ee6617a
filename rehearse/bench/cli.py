"""`rehearse bench [--quick] [--json PATH] [--keep]`: run the performance benchmark and print its table."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path


def _bench(args: argparse.Namespace) -> int:
    from rehearse.bench.report import add_verdicts, format_table, write_json
    from rehearse.bench.runner import BenchSettings, run_benchmark
    from rehearse.bench.script import ScriptError
    from rehearse.bench.services import ServiceFailed

    settings = BenchSettings.quick_run() if args.quick else BenchSettings.full()
    progress = lambda message: print(f"[bench] {message}", file=sys.stderr, flush=True)
    try:
        results = add_verdicts(run_benchmark(settings, progress, keep_workdir=args.keep))
    except subprocess.CalledProcessError as error:
        command = f"{Path(error.cmd[0]).name} {error.cmd[1]}"
        progress(f"error: `{command}` failed with status {error.returncode}; its log is in the folder named above")
        return 1
    except (ServiceFailed, ScriptError) as error:
        progress(f"error: {error}")
        return 1
    print(format_table(results), flush=True)
    if args.json:
        write_json(results, args.json)
        progress(f"results written to {args.json}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="performance benchmark: reply times against a rasa init bot, soak, detector, training, memory",
        description="Measures Rehearse against a `rasa init` starter bot on this machine (about 15 minutes on 2 cores; "
        "--quick about 5). All traffic goes to 127.0.0.1 and every load stops by itself.",
    )
    parser.add_argument("--quick", action="store_true", help="a short run of every phase (training reuses the cache)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (service logs, databases)")
    parser.set_defaults(handler=_bench)
