"""Shared output formats for the CLI: table, csv, json, jsonl."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["render", "to_jsonable", "FORMATS"]

FORMATS = ("table", "csv", "json", "jsonl")


def to_jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(to_jsonable(value))


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str,
    console: Console | None = None,
    title: str | None = None,
) -> str | None:
    """Return csv/json/jsonl text, or print a table to the console and return None."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else to_jsonable(v) for v in row])
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(columns, (to_jsonable(v) for v in row), strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(
            json.dumps(
                dict(zip(columns, (to_jsonable(v) for v in row), strict=True)), ensure_ascii=False
            )
            + "\n"
            for row in rows
        )
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(value) for value in row))
    (console or Console()).print(table)
    return None
