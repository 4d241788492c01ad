"""Docs that cannot drift: every command, setting and column is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import storage
from exodus.cli import _parser
from exodus.config import AlertSettings, CrawlSettings, Settings, SourceSettings, StorageSettings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMA_DOC = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    subparsers = next(a for a in _parser()._actions if a.dest == "command")
    return sorted(subparsers.choices)  # type: ignore[union-attr, arg-type]


@pytest.mark.parametrize("command", commands())
def test_every_command_has_a_readme_example(command: str) -> None:
    assert re.search(rf"`exodus {command}[ `]", README), f"README shows no example of {command}"


@pytest.mark.parametrize(
    "section, model",
    [
        ("storage", StorageSettings),
        ("crawl", CrawlSettings),
        ("alerts", AlertSettings),
        ("sources", SourceSettings),
    ],
)
def test_every_setting_is_in_the_readme(section: str, model: type) -> None:
    for name, field in model.model_fields.items():
        if name in ("smtp_user", "smtp_password"):
            assert "EXODUS_SMTP_PASSWORD" in README
            continue
        key = field.alias or name
        assert re.search(rf"^{key} = ", README, re.MULTILINE), (
            f"[{section}] {key} is not documented"
        )


def test_top_level_settings_are_in_the_readme() -> None:
    for name in Settings.model_fields:
        if name in ("storage", "sources", "crawl", "alerts", "origin"):
            continue
        assert re.search(rf"^{name} = ", README, re.MULTILINE), f"{name} is not documented"


def test_every_column_is_in_docs_schema(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    with storage.writing(db):
        pass
    result = storage.run_query(
        db, "SELECT table_name, column_name FROM information_schema.columns ORDER BY ALL"
    )
    missing = [
        f"{table}.{column}"
        for table, column in result.rows
        if f"`{column}`" not in SCHEMA_DOC or f"`{table}`" not in SCHEMA_DOC
    ]
    assert missing == []


def test_every_cli_help_ends_with_an_example() -> None:
    subparsers = next(a for a in _parser()._actions if a.dest == "command")
    for name, parser in subparsers.choices.items():  # type: ignore[union-attr]
        assert (parser.epilog or "").startswith("Example: exodus"), name
