"""Near-duplicate articles grouped into stories: the same wire copy on many sites.

Texts are compared by MinHash (datasketch) over word shingles; candidates are found through
LSH band buckets kept in `story_bands`, so a new article meets only the stored articles that
share a bucket with it, never every text. An article joins the story of its most similar
candidate when the estimated Jaccard similarity reaches SIMILARITY_THRESHOLD; otherwise it
opens a story of its own (story_id = its own id).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb
import numpy as np
import pyarrow as pa
from datasketch import MinHash, MinHashLSH

__all__ = ["SIMILARITY_THRESHOLD", "Story", "group_stories", "signature", "similarity"]

# Five-word shingles: long enough that two unrelated articles on the same topic share few
# ("russians have entered kazakhstan since" is common, whole sentences are not), short enough
# that a changed headline or an added paragraph leaves most shingles of a wire copy intact.
SHINGLE_WORDS = 5
NUM_PERM = 128  # estimate error about 1/sqrt(128) = 0.09 around the threshold
# Wire copies with a new headline, a dateline or a trailing paragraph measure 0.75-0.95 on
# 5-word shingles; rewritten reports of the same figures stay below 0.3 (tests/storage).
SIMILARITY_THRESHOLD = 0.7
# Fixed, and named explicitly: signatures stored in the database must stay comparable across
# runs and datasketch upgrades (2.0 changed the default scheme; sketches of two schemes
# cannot be compared).
_SEED = 1
_SCHEME: Literal["affine32"] = "affine32"

# Bands and rows per band chosen by datasketch for this threshold (false positives and
# negatives weighted equally); candidates are then checked on the full signature.
_LSH = MinHashLSH(threshold=SIMILARITY_THRESHOLD, num_perm=NUM_PERM)
BANDS, ROWS = int(_LSH.b), int(_LSH.r)
_WORD = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


@dataclass(frozen=True)
class Story:
    """Where one article went: the story it joined, and how similar it was to it."""

    article_id: int
    story_id: int
    similarity: float | None  # None when it opened its own story


def _shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode()] if words else [b""]
    return [
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    ]


def signature(text: str) -> np.ndarray:
    """The text's MinHash signature (NUM_PERM uint32 values)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_PERMUTATIONS, scheme=_SCHEME)
    minhash.update_batch(_shingles(text))
    return np.asarray(minhash.hashvalues, dtype="<u4")


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(first == second)) / NUM_PERM


def _buckets(sig: np.ndarray) -> list[int]:
    return [
        int.from_bytes(
            hashlib.blake2b(sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    ]


def group_stories(
    connection: duckdb.DuckDBPyConnection, article_ids: Sequence[int] | None = None
) -> list[Story]:
    """Put the given articles (default: every article without a story) into stories.

    Call inside the transaction that stored them. Articles are taken in order of publication,
    so that within one batch the earliest copy opens the story.
    """
    if article_ids is None:
        where, params = "story_id IS NULL", []
    else:
        if not article_ids:
            return []
        where, params = "id IN (SELECT unnest(?::BIGINT[]))", [list(article_ids)]
    rows = connection.execute(
        f"SELECT id, text FROM articles WHERE {where} "
        "ORDER BY coalesce(published_at, fetched_at), id",
        params,
    ).fetchall()
    if not rows:
        return []
    signatures = {int(row[0]): signature(str(row[1])) for row in rows}
    buckets = {article_id: _buckets(sig) for article_id, sig in signatures.items()}
    band_rows = pa.table(
        {
            "band": pa.array(
                [band for ids in buckets.values() for band in range(len(ids))], pa.int16()
            ),
            "bucket": pa.array([b for ids in buckets.values() for b in ids], pa.int64()),
            "article_id": pa.array(
                [article_id for article_id, ids in buckets.items() for _ in ids], pa.int64()
            ),
        }
    )
    pairs, stored = _stored_candidates(connection, band_rows)
    story_of = {article_id: story_id for article_id, (story_id, _) in stored.items()}
    # Buckets of this batch, filled as it goes, so that copies within one batch meet too.
    batch_index: dict[tuple[int, int], list[int]] = {}
    stories: list[Story] = []
    for article_id, sig in signatures.items():
        candidates = set(pairs.get(article_id, ()))
        for band, bucket in enumerate(buckets[article_id]):
            candidates.update(batch_index.get((band, bucket), ()))
        best: tuple[float, int] | None = None
        for other in sorted(candidates):
            other_sig = signatures[other] if other in signatures else stored[other][1]
            score = similarity(sig, other_sig)
            if score >= SIMILARITY_THRESHOLD and (best is None or score > best[0]):
                best = (score, other)
        if best is None:
            story = Story(article_id, article_id, None)
        else:
            story = Story(article_id, story_of[best[1]], best[0])
        story_of[article_id] = story.story_id
        stories.append(story)
        for band, bucket in enumerate(buckets[article_id]):
            batch_index.setdefault((band, bucket), []).append(article_id)
    _save(connection, stories, signatures, band_rows)
    return stories


def _stored_candidates(
    connection: duckdb.DuckDBPyConnection, band_rows: pa.Table
) -> tuple[dict[int, set[int]], dict[int, tuple[int, np.ndarray]]]:
    """Stored articles sharing a bucket with a new one: the pairs, and their story and
    signature."""
    connection.register("_new_bands", band_rows)
    try:
        found = connection.execute(
            """
            SELECT DISTINCT n.article_id, s.article_id, a.story_id, g.signature
            FROM _new_bands AS n
            JOIN story_bands AS s ON s.band = n.band AND s.bucket = n.bucket
            JOIN articles AS a ON a.id = s.article_id
            JOIN story_signatures AS g ON g.article_id = s.article_id
            WHERE s.article_id <> n.article_id AND a.story_id IS NOT NULL
            """
        ).fetchall()
    finally:
        connection.unregister("_new_bands")
    pairs: dict[int, set[int]] = {}
    stored: dict[int, tuple[int, np.ndarray]] = {}
    for new_id, old_id, story_id, blob in found:
        pairs.setdefault(int(new_id), set()).add(int(old_id))
        stored[int(old_id)] = (int(story_id), np.frombuffer(bytes(blob), dtype="<u4"))
    return pairs, stored


def _save(
    connection: duckdb.DuckDBPyConnection,
    stories: Sequence[Story],
    signatures: dict[int, np.ndarray],
    band_rows: pa.Table,
) -> None:
    assigned = pa.table(
        {
            "article_id": pa.array([s.article_id for s in stories], pa.int64()),
            "story_id": pa.array([s.story_id for s in stories], pa.int64()),
            "similarity": pa.array([s.similarity for s in stories], pa.float64()),
            "signature": pa.array(
                [signatures[s.article_id].tobytes() for s in stories], pa.binary()
            ),
        }
    )
    connection.register("_stories", assigned)
    connection.register("_bands", band_rows)
    try:
        connection.execute(
            "UPDATE articles SET story_id = s.story_id FROM _stories AS s "
            "WHERE articles.id = s.article_id"
        )
        connection.execute(
            "INSERT INTO story_signatures (article_id, signature, similarity) "
            "SELECT article_id, signature, similarity FROM _stories "
            "ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature, "
            "similarity = excluded.similarity"
        )
        connection.execute(
            "DELETE FROM story_bands WHERE article_id IN (SELECT article_id FROM _stories)"
        )
        connection.execute(
            "INSERT INTO story_bands (band, bucket, article_id) "
            "SELECT band, bucket, article_id FROM _bands"
        )
    finally:
        connection.unregister("_stories")
        connection.unregister("_bands")
