"""Text normalisation shared by the analyser and the risk detector.

Chat text arrives with curly apostrophes, odd unicode spaces and compatibility characters. Normalising
keeps the string length unchanged where possible so that character spans still point into the original.
"""
from __future__ import annotations

_SAME_LENGTH_MAP = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",  # left single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "\uff07": "'",  # fullwidth apostrophe
        "\u0060": "'",  # grave accent used as apostrophe
        "\u00b4": "'",  # acute accent used as apostrophe
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",  # no-break space
        "\u2009": " ",
        "\u202f": " ",
        "\u2013": "-",
        "\u2014": "-",
    }
)


def normalise_quotes(text: str) -> str:
    """Map typographic quotes, apostrophes, dashes and spaces to ASCII, keeping every offset intact."""
    return text.translate(_SAME_LENGTH_MAP)
