"""`exodus reextract`: the current extractor over stored texts, without downloading."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import alerts
import storage
from exodus.records import ArticleFigures
from figures import EXTRACTOR_VERSION, extract

__all__ = ["ReextractSummary", "reextract"]

# Articles replaced per write transaction: the write lock is held only this long at a time,
# so `exodus sql` and a scheduled run wait seconds, not minutes.
BATCH_SIZE = 200


@dataclass(frozen=True)
class ReextractSummary:
    extractor_version: str
    articles: int  # articles read again
    changed: int  # articles whose figures changed (and were replaced)
    figures_removed: int
    figures_added: int
    alerts_new: int  # claims never alerted before; known claims do not alert again


def reextract(db: str, since: date | None = None) -> ReextractSummary:
    """Read every stored article (published on or after `since`) with the current extractor
    and replace the figures of those it reads differently, one transaction per batch."""
    with storage.writing(db) as connection:  # writing: upgrades an older schema first
        stored = storage.stored_articles(connection, since)
    changed = removed = added = alerts_new = 0
    for start in range(0, len(stored), BATCH_SIZE):
        chunk = stored[start : start + BATCH_SIZE]
        # Extraction runs outside the write lock; only the comparison and writes hold it.
        read = [(item, _extract(item)) for item in chunk]
        with storage.writing(db) as connection, storage.transaction(connection):
            before = storage.stored_figures(connection, [item.id for item in chunk])
            replacements = [
                (item, found)
                for item, found in read
                if item.extractor_version != found.extractor_version
                or before[item.id] != {storage.figure_fields(f) for f in found.figures}
            ]
            removed_now, new_ids = storage.replace_figures(connection, replacements)
            # The run's own rules over the touched claims; alert keys are unique per claim, so
            # claims already alerted are not recorded (nor sent) again.
            claims = storage.touched_claims(connection, new_ids)
            recorded = storage.record_alerts(connection, alerts.decide_claims(claims), None)
            alerts_new += sum(1 for record in recorded if record.status == "pending")
        changed += sum(
            1
            for item, found in replacements
            if before[item.id] != {storage.figure_fields(f) for f in found.figures}
        )
        removed += removed_now
        added += len(new_ids)
    return ReextractSummary(EXTRACTOR_VERSION, len(stored), changed, removed, added, alerts_new)


def _extract(item: storage.StoredArticle) -> ArticleFigures:
    article = item.article
    published = article.published_at.date() if article.published_at else None
    found = extract(article.text, published, title=article.title, site=article.site)
    return ArticleFigures(article, tuple(found), EXTRACTOR_VERSION)
