"""`python -m actions [rasa-sdk options]`: the action server, started without TensorFlow.

The same server as `rasa run actions --actions actions`, but it neither imports Rasa core (seconds of
start-up) nor lets spaCy pull in TensorFlow (hundreds of MB per process): the actions only need spaCy.
"""
import sys
from typing import List, Optional

from rehearse.nlp import keep_tensorflow_out


def main(argv: Optional[List[str]] = None) -> None:
    keep_tensorflow_out()
    from rasa_sdk.__main__ import main_from_args
    from rasa_sdk.endpoint import create_argument_parser

    arguments = sys.argv[1:] if argv is None else argv
    main_from_args(create_argument_parser().parse_args(["--actions", "actions", *arguments]))


if __name__ == "__main__":
    main()
