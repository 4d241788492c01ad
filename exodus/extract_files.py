"""`exodus extract`: figures from files on disk, nothing stored."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from exodus.errors import TerminalError
from exodus.records import FetchedPage

__all__ = ["extract_files"]


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TerminalError(f"--published {text!r}: expected a date as YYYY-MM-DD") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TerminalError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        # Non-UTF-8 pages exist; trafilatura copes with most, and numbers survive Latin-1.
        return path.read_bytes().decode("latin-1")


def extract_files(
    paths: list[Path], published: str | None, explain: bool = False
) -> list[dict[str, Any]]:
    """One dict per figure, with every FIGURES.md field plus `file`."""
    from cleaning import Rejection, clean_page
    from figures import explain as explain_figures
    from figures import extract

    day = _parse_day(published) if published else None
    rows: list[dict[str, Any]] = []
    for path in paths:
        raw = _read(path)
        title: str | None = None
        site: str | None = None
        text = raw
        when = day
        if path.suffix.lower() in (".html", ".htm"):
            page = FetchedPage(
                url=path.resolve().as_uri(),
                final_url=path.resolve().as_uri(),
                source="file",
                status=200,
                html=raw,
                fetched_at=datetime.now(UTC),
            )
            # A file given by hand is an article by the user's word: no length floor.
            cleaned = clean_page(page, min_chars=1)
            if isinstance(cleaned, Rejection):
                raise TerminalError(f"{path}: no article text found ({cleaned.reason})")
            text, title, site = cleaned.text, cleaned.title, cleaned.site
            if when is None and cleaned.published_at is not None:
                when = cleaned.published_at.date()
        if explain:
            for figure, why in explain_figures(text, when, title=title, site=site):
                rows.append({"file": str(path), **figure.as_row(), "explain": _deciding(why)})
        else:
            for figure in extract(text, when, title=title, site=site):
                rows.append({"file": str(path), **figure.as_row()})
    return rows


def _deciding(why: list[dict[str, str]]) -> dict[str, str]:
    """The words that decided a row: those of its kept (first) mention, the others' quotes
    after them, so one row shows its evidence once however many sentences repeated it."""
    decided = {key: value for key, value in why[0].items() if key != "quote"} if why else {}
    for number, mention in enumerate(why[1:], 2):
        decided[f"also_{number}"] = mention.get("quote", "")
    return decided
