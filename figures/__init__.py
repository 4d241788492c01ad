"""Reported figures of the mobilisation exodus, read from clean article text.

    >>> from datetime import date
    >>> [f.low for f in extract("53,000 Russians have entered Georgia.", date(2022, 10, 6))]
    [53000]
"""

from __future__ import annotations

from figures.model import Figure

__all__ = ["EXTRACTOR_VERSION", "Figure", "extract"]

EXTRACTOR_VERSION = "0.1.0"


def extract(text, published, title=None, site=None):  # type: ignore[no-untyped-def]
    return []
