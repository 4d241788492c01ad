"""The Russian-language reader: the same rows as the English one, from ru.toml's words.

`figures.extract` dispatches here when the text is Russian (see `is_russian`).
"""

from __future__ import annotations

import re

from figures.russian.reader import mentions

__all__ = ["is_russian", "mentions"]

_SAMPLE = 4000  # characters looked at to tell the language
# Runs, not single letters: their lengths add up to the same counts with fewer objects.
_CYRILLIC = re.compile("[\u0400-\u04ff]+")
_LATIN = re.compile("[A-Za-z]+")


def is_russian(text: str) -> bool:
    """More Cyrillic than Latin letters in the first characters of `text`."""
    sample = text[:_SAMPLE]
    cyrillic = sum(map(len, _CYRILLIC.findall(sample)))
    return cyrillic > 0 and cyrillic > sum(map(len, _LATIN.findall(sample)))
