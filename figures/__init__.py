"""Reported figures of the mobilisation exodus, read from clean article text.

One door: `extract(text, published, title=None, site=None, language=None) -> list[Figure]`,
following FIGURES.md. Deterministic rules over word lists in figures/data/<lang>.toml and
pycountry; no network, no model weights. English is read by figures.extract, Russian by
figures.russian (chosen by `language`, else by the text's alphabet). `explain` shows which
words decided each row.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from figures.extract import Mention, mentions
from figures.merge import merge, resolve_references
from figures.model import Figure
from figures.russian import is_russian
from figures.russian import mentions as russian_mentions

__all__ = ["EXTRACTOR_VERSION", "Figure", "explain", "extract"]

EXTRACTOR_VERSION = "0.13.0"

_log = logging.getLogger(__name__)


def _mentions(text: str, published: date | None, title: str | None, site: str | None,
              language: str | None) -> list[Mention]:
    """The reader of the article's language: `language` ("en", "ru") when given, else
    Russian when the text (or title) has more Cyrillic than Latin letters."""
    if language is None:
        language = "ru" if is_russian((title or "") + " " + text) else "en"
    reader = russian_mentions if language == "ru" else mentions
    return reader(text, published, title, site)


def extract(text: str, published: date | None, title: str | None = None,
            site: str | None = None, language: str | None = None) -> list[Figure]:
    """The figures `text` reports, one per distinct (metric, destination, low, high, per).

    Offsets (`quote_start`, `quote_end`) refer to `text`; a figure read only from `title`
    carries the title as its quote and the empty span (0, 0). `language` ("en" or "ru")
    picks the reader; by default it is told from the text's alphabet.
    """
    try:
        return merge(_mentions(text or "", published, title, site, language))
    # The contract is "never raise on any input text": a bug in a rule must cost one
    # article its figures, not stop a crawl. The error is logged with its type.
    except Exception as error:  # noqa: BLE001
        _log.warning("figures/extract_failed %s: %s", type(error).__name__, error)
        return []


def explain(text: str, published: date | None, title: str | None = None,
            site: str | None = None, language: str | None = None
            ) -> list[tuple[Figure, list[dict[str, str]]]]:
    """Each row with the words that decided it, one dict per mention merged into it."""
    found = _mentions(text or "", published, title, site, language)
    rows = merge(found)
    references = {m.order for m in found if m.metric is None}
    # a mention with no metric of its own ("the number for Sunday was about 8,300") is
    # merged as the earlier figure it refers to: explain it as such
    resolved = [replace(m, evidence={"metric": "refers to an earlier figure", **m.evidence})
                if m.order in references else m for m in resolve_references(found)]
    out = []
    for figure in rows:
        why = [_why(m) for m in resolved if (m.metric, m.destination, m.low, m.high, m.per)
               == figure.key]
        out.append((figure, why))
    return out


def _why(m: Mention) -> dict[str, str]:
    reasons = dict(m.evidence)
    reasons["source"] = f"{m.source_kind}: {m.source}" if m.source else m.source_kind
    reasons["quote"] = m.quote
    return reasons
