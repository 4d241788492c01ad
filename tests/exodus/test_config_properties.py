"""Property tests: no config file, however wrong, makes the loader fail any other way than
with a ConfigError naming the file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from exodus.config import Settings, load_settings
from exodus.errors import ConfigError

KEYS = ["db", "to", "from", "smtp_host", "smtp_port", "timeout", "name", "kind", "url", "x"]
SECTIONS = ["storage", "alerts", "crawl", "sources", "other"]

toml_values = st.one_of(
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=3),
)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


@st.composite
def config_files(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for section in draw(st.lists(st.sampled_from(SECTIONS), max_size=3)):
        lines.append(f"[[{section}]]" if section == "sources" else f"[{section}]")
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=4, unique=True)):
            lines.append(f"{key} = {_toml_value(draw(toml_values))}")
    return "\n".join(lines) + "\n"


def _load(text: str) -> Settings | ConfigError:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "exodus.toml")
        path.write_text(text, encoding="utf-8")
        try:
            return load_settings(path, environ={})
        except ConfigError as error:
            assert str(path) in str(error), "the message names the file"
            return error


@settings(max_examples=150, deadline=None)
@given(config_files())
def test_any_config_loads_or_fails_with_a_config_error(text: str) -> None:
    result = _load(text)
    assert isinstance(result, (Settings, ConfigError))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_loader(text: str) -> None:
    result = _load(text)
    assert isinstance(result, (Settings, ConfigError))


ENV_NAMES = [
    "EXODUS_STORAGE_DB",
    "EXODUS_ALERTS_SMTP_PORT",
    "EXODUS_CRAWL_TIMEOUT",
    "EXODUS_CRAWL_OBEY_ROBOTS",
    "EXODUS_SOURCES",
    "EXODUS_ALERTS_TO",
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ENV_NAMES), st.text(max_size=40))
def test_a_bad_environment_value_is_blamed_on_its_variable(name: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "exodus.toml")
        path.write_text("", encoding="utf-8")
        try:
            load_settings(path, environ={name: value})
        except ConfigError as error:
            assert name in str(error)
