"""Communication analysis of a user's line: which of the 15 features it shows, with exact spans.

    from rehearse.analysis import analyse
    analysis = analyse("I feel like you never listen", context=None)
    analysis.names      # frozenset({"you_blame", "absolute", ...})
    analysis.features   # {"you_blame": ["I feel like you never listen"], ...}
    analysis.to_dict()  # stored with transcripts

Importing this package is cheap; spaCy loads on the first call to `analyse`.
"""
from .analyser import Analyser, analyse, get_analyser
from .model import FEATURE_NAMES, Analysis, Finding

__all__ = ["FEATURE_NAMES", "Analysis", "Analyser", "Finding", "analyse", "get_analyser"]
