"""Score predicted rows against expected ones, by FIGURES.md's scoring rules.

    python -m figures.scoring tests/figures/cases [--show]
    python -m figures.scoring GOLD.json PREDICTED.json|.jsonl [--show]

A row matches when metric, destination, low, high and per are equal; precision, recall
and F1 count rows over all articles; qualifier, since, disputed and source are accuracies
over matched rows (a source matches when both share one distinctive word, compared on its
first five letters). A folder is extracted first: every `*.gold.json` in it names its
articles, and `published.json` gives each article's publication date.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["Score", "Miss", "score", "source_matches", "load_rows", "extract_folder",
           "main"]

Row = Mapping[str, Any]
KEY_FIELDS = ("metric", "destination", "low", "high", "per")
ATTRIBUTES = ("qualifier", "since", "disputed", "source")
# Words too common in attributions to show that two of them name the same source.
_GENERIC = frozenset((
    "the", "a", "an", "of", "by", "and", "its", "said", "says", "source", "sources", "other",
    "second", "first", "according", "to", "quoted", "in", "on", "for", "minister", "ministry",
    "interior", "officials", "official", "media", "regional", "government", "data", "agency",
    "news", "service", "report", "reports", "familiar", "with", "estimates", "deputy", "head",
))


@dataclass(frozen=True)
class Miss:
    """One disagreement: a missing or extra row, or a wrong attribute on a matched row."""

    doc: str
    kind: str  # "missing", "extra", or the attribute name
    key: tuple[Any, ...]
    expected: Any = None
    predicted: Any = None


@dataclass(frozen=True)
class Score:
    """Counts and rates over a set of articles."""

    documents: int
    tp: int
    fp: int
    fn: int
    attributes: dict[str, float]  # attribute -> accuracy over matched rows
    per_metric: dict[str, tuple[int, int, int]]  # metric -> (tp, fp, fn)
    misses: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(row: Row) -> tuple[Any, ...]:
    values: list[Any] = []
    for name in KEY_FIELDS:
        value = row.get(name)
        if name in ("low", "high") and value is not None:
            value = int(value)
        elif name == "destination" and isinstance(value, str):
            value = value.upper()
        values.append(value)
    return tuple(values)


def _words(text: str) -> set[str]:
    tokens = "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
    return {t[:5] for t in tokens if len(t) > 2 and t not in _GENERIC}


def source_matches(expected: str | None, predicted: str | None) -> bool:
    """Both null, or both share one distinctive word."""
    if not expected:
        return not predicted
    return bool(predicted) and bool(_words(expected) & _words(predicted or ""))


def _attribute_ok(name: str, expected: Row, predicted: Row) -> bool:
    if name == "source":
        return source_matches(expected.get("source"), predicted.get("source"))
    if name == "disputed":
        return bool(expected.get("disputed")) == bool(predicted.get("disputed"))
    return expected.get(name) == predicted.get(name)


def score(gold: Mapping[str, Sequence[Row]], predicted: Mapping[str, Sequence[Row]]) -> Score:
    """Score every document of `gold`; predicted documents missing from it are ignored."""
    tp = fp = fn = 0
    right: Counter[str] = Counter()
    matched_rows = 0
    metrics: dict[str, list[int]] = {}
    misses: list[Miss] = []
    for doc, expected_rows in gold.items():
        got_rows = list(predicted.get(doc, []))
        expected = Counter(_key(r) for r in expected_rows)
        got = Counter(_key(r) for r in got_rows)
        both = expected & got
        tp += sum(both.values())
        fp += sum((got - expected).values())
        fn += sum((expected - got).values())
        for counter, slot in ((both, 0), (got - expected, 1), (expected - got, 2)):
            for k, n in counter.items():
                metrics.setdefault(str(k[0]), [0, 0, 0])[slot] += n
        misses += [Miss(doc, "missing", k) for k in (expected - got).elements()]
        misses += [Miss(doc, "extra", k) for k in (got - expected).elements()]
        by_key = {_key(r): r for r in got_rows}
        for row in expected_rows:
            k = _key(row)
            if k not in both:
                continue
            guess = by_key[k]
            matched_rows += 1
            for name in ATTRIBUTES:
                if _attribute_ok(name, row, guess):
                    right[name] += 1
                else:
                    misses.append(Miss(doc, name, k, row.get(name), guess.get(name)))
    attributes = {n: right[n] / matched_rows for n in ATTRIBUTES} if matched_rows else {}
    return Score(len(gold), tp, fp, fn, attributes,
                 {m: (v[0], v[1], v[2]) for m, v in sorted(metrics.items())}, misses)


def load_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """A {document: [row, ...]} JSON file, or JSON Lines naming each row's "doc"/"file"."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict) and not ({"doc", "file"} & set(data)):
        return {Path(doc).name: list(rows) for doc, rows in data.items()}
    rows: dict[str, list[dict[str, Any]]] = {}
    for line in text.splitlines():
        if line.strip():
            row = json.loads(line)
            rows.setdefault(Path(str(row.get("doc") or row.get("file"))).name, []).append(row)
    return rows


def extract_folder(folder: Path) -> tuple[dict[str, list[dict[str, Any]]],
                                           dict[str, list[dict[str, Any]]]]:
    """(gold, predicted) for every article a `*.gold.json` in `folder` names."""
    from figures import extract  # here, so scoring files needs no extractor

    published_file = folder / "published.json"
    published = json.loads(published_file.read_text()) if published_file.exists() else {}
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.gold.json")):
        gold.update(load_rows(path))
    predicted = {}
    for doc in gold:
        day = published.get(doc)
        text = (folder / doc).read_text(encoding="utf-8")
        rows = extract(text, date.fromisoformat(day) if day else None)
        predicted[doc] = [figure.as_row() for figure in rows]
    return gold, predicted


def report(result: Score, show: bool = True) -> Iterable[str]:
    """The lines `main` prints: totals, attributes, per metric, then the misses."""
    yield (f"documents={result.documents} expected={result.tp + result.fn} "
           f"predicted={result.tp + result.fp} matched={result.tp}")
    yield (f"precision={result.precision:.3f} recall={result.recall:.3f} "
           f"f1={result.f1:.3f}")
    if result.attributes:
        yield "attributes over matched rows: " + " ".join(
            f"{name}={value:.3f}" for name, value in result.attributes.items())
    for metric, (tp, fp, fn) in result.per_metric.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        yield f"  {metric:<11} tp={tp:<4} fp={fp:<4} fn={fn:<4} p={p:.3f} r={r:.3f} f1={f:.3f}"
    if show:
        for miss in result.misses:
            detail = "" if miss.kind in ("missing", "extra") else \
                f" expected={miss.expected!r} predicted={miss.predicted!r}"
            yield f"{miss.kind:<9} {miss.doc}: {miss.key}{detail}"
    yield f"f1={result.f1:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Command line: a cases folder, or a gold file and a predicted file."""
    args = list(sys.argv[1:] if argv is None else argv)
    show = "--show" in args
    paths = [Path(a) for a in args if not a.startswith("--")]
    if len(paths) == 1 and paths[0].is_dir():
        gold, predicted = extract_folder(paths[0])
    elif len(paths) == 2:
        gold, predicted = load_rows(paths[0]), load_rows(paths[1])
    else:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for line in report(score(gold, predicted), show):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
