from __future__ import annotations

from pathlib import Path

import pytest

from exodus.config import load_settings
from exodus.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exodus.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_work_offline_without_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.storage.db == "data/exodus.duckdb"
    assert settings.alerts.smtp_host == ""
    assert settings.alerts.outbox == "data/outbox"
    assert settings.origin == "<defaults>"


def test_file_values_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[storage]
db = "x.duckdb"

[[sources]]
name = "steppe-wire"
kind = "rss"
url = "https://example.org/feed.xml"

[alerts]
to = ["a@example.org", "b@example.org"]
from = "me@example.org"
smtp_port = 2525
""",
    )
    settings = load_settings(path, environ={})
    assert settings.storage.db == "x.duckdb"
    assert settings.sources[0].name == "steppe-wire"
    assert settings.sources[0].kind == "rss"
    assert settings.alerts.to == ("a@example.org", "b@example.org")
    assert settings.alerts.from_ == "me@example.org"
    assert settings.alerts.smtp_port == 2525


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[storage]\ndb = "x.duckdb"\n')
    environ = {
        "EXODUS_STORAGE_DB": "y.duckdb",
        "EXODUS_ALERTS_TO": "c@example.org, d@example.org",
        "EXODUS_ALERTS_SMTP_PORT": "25",
        "EXODUS_ALERTS_FROM": "bot@example.org",
        "EXODUS_SOURCES": '[{"name": "w", "kind": "sitemap", "url": "http://127.0.0.1:1/s.xml"}]',
    }
    settings = load_settings(path, environ=environ)
    assert settings.storage.db == "y.duckdb"
    assert settings.alerts.to == ("c@example.org", "d@example.org")
    assert settings.alerts.smtp_port == 25
    assert settings.alerts.from_ == "bot@example.org"
    assert settings.sources[0].kind == "sitemap"


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, '[storage]\ndatabase = "x.duckdb"\n')
    with pytest.raises(ConfigError) as raised:
        load_settings(path, environ={})
    assert str(path) in str(raised.value)
    assert "storage.database" in str(raised.value)
    assert "unknown key" in str(raised.value)


def test_wrong_type_names_key_and_expectation(tmp_path: Path) -> None:
    path = write(tmp_path, '[alerts]\nsmtp_port = "many"\n')
    with pytest.raises(ConfigError, match=r"alerts\.smtp_port: .*integer"):
        load_settings(path, environ={})


def test_unknown_source_kind_lists_the_allowed_ones(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\nname = "x"\nkind = "twitter"\nurl = "https://x.org"\n')
    with pytest.raises(ConfigError, match="'rss', 'sitemap', 'gdelt' or 'page'"):
        load_settings(path, environ={})


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "[storage\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path, environ={})


def test_missing_named_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_password_is_refused_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[alerts]\nsmtp_password = "hunter2"\n')
    with pytest.raises(ConfigError, match="EXODUS_SMTP_PASSWORD"):
        load_settings(path, environ={})


def test_password_comes_from_the_environment_and_stays_hidden(tmp_path: Path) -> None:
    settings = load_settings(
        write(tmp_path, ""), environ={"EXODUS_SMTP_USER": "u", "EXODUS_SMTP_PASSWORD": "hunter2"}
    )
    assert settings.alerts.smtp_password.get_secret_value() == "hunter2"
    assert "hunter2" not in repr(settings)


def test_unknown_environment_key_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="EXODUS_STORAGE_PATH: unknown key 'path'"):
        load_settings(write(tmp_path, ""), environ={"EXODUS_STORAGE_PATH": "x"})


def test_duplicate_source_names_are_refused(tmp_path: Path) -> None:
    source = '[[sources]]\nname = "a"\nkind = "rss"\nurl = "https://x.org/f"\n'
    with pytest.raises(ConfigError, match="duplicate names a"):
        load_settings(write(tmp_path, source + source), environ={})


def test_shipped_config_is_valid() -> None:
    shipped = Path(__file__).resolve().parents[2] / "exodus.toml"
    settings = load_settings(shipped, environ={})
    assert settings.sources, "the shipped config should name real sources"


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    path = write(tmp_path, "[alerts]\nsmtp_port = 25\n")
    with pytest.raises(ConfigError, match=r"^EXODUS_ALERTS_SMTP_PORT \(environment\): alerts\."):
        load_settings(path, environ={"EXODUS_ALERTS_SMTP_PORT": "many"})
