"""Settings, declared once: a TOML file plus EXODUS_* environment overrides, validated once.

Every key can be overridden from the environment as ``EXODUS_<SECTION>_<KEY>``, for example
``EXODUS_STORAGE_DB=/tmp/x.duckdb`` or ``EXODUS_ALERTS_SMTP_HOST=mail.example.org``. Lists
take commas (``EXODUS_ALERTS_TO=a@x.org,b@x.org``); ``EXODUS_SOURCES`` takes a JSON array.
Secrets (the SMTP password) come only from the environment: ``EXODUS_SMTP_PASSWORD``.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from exodus.errors import ConfigError

__all__ = [
    "Settings",
    "StorageSettings",
    "SourceSettings",
    "CrawlSettings",
    "AlertSettings",
    "Subscription",
    "load_settings",
    "DEFAULT_CONFIG_PATH",
]

DEFAULT_CONFIG_PATH = Path("exodus.toml")
ENV_PREFIX = "EXODUS_"
SECRET_ENV = {"smtp_password": "EXODUS_SMTP_PASSWORD", "smtp_user": "EXODUS_SMTP_USER"}


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StorageSettings(_Section):
    # A DuckDB database: a file path (relative to the working directory) or md:NAME.
    db: str = "data/exodus.duckdb"


SourceKind = Literal["rss", "sitemap", "gdelt", "page"]


class SourceSettings(_Section):
    # A short, unique name; stored with every article the source finds.
    name: str = Field(min_length=1)
    # rss (RSS or Atom), sitemap (news sitemap or index), gdelt (DOC 2.0 API), page (listing).
    kind: SourceKind
    # The feed, sitemap, listing page or API endpoint.
    url: str
    # Why this source is worth following: shown by `exodus status`, kept for the README.
    why: str = ""
    # For kind=page: only links whose URL matches this regular expression are articles.
    link_pattern: str = ""
    # For kind=gdelt: the full-text query.
    query: str = ""
    # Domains whose links may be followed; empty means the source URL's own host.
    allowed_domains: tuple[str, ...] = ()

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value


class CrawlSettings(_Section):
    # Sent with every request; say who you are and how to reach you.
    user_agent: str = "exodus-monitor/0.1 (+https://github.com/exodus-monitor; news research)"
    # Obey robots.txt (switch off only for your own test servers).
    obey_robots: bool = True
    # Seconds before a request is given up.
    timeout: float = 20.0
    # Largest page body accepted, in bytes.
    max_bytes: int = 5_000_000
    # Requests in flight per domain.
    concurrency_per_domain: int = 2
    # Hosts on private, loopback or link-local addresses that may be fetched (e.g. 127.0.0.1).
    allow_private_hosts: tuple[str, ...] = ()
    # Phrases (any language, matched case-insensitively as substrings, so stems work) of
    # which an article's title, summary or text must contain one. Checked against the 31
    # on-topic and 5 off-topic demo pages (every on-topic title or summary matches one, no
    # off-topic one does) and the Russian corpus's articles (tests/cleaning).
    topic_phrases: tuple[str, ...] = (
        "mobilis",
        "mobiliz",
        "call-up",
        "called up",
        "draft",
        "conscript",
        "reservist",
        "russians",
        "fled",
        "flee",
        "exodus",
        "relocant",
        "emigra",
        "leaving russia",
        "left russia",
        "border",
        "verkhny lars",
        "upper lars",
        "мобилизац",
        "мобилизов",
        "релокант",
        "призыв",
        "эмигра",
        "уехавш",
        "уехал",
        "россиян",
        "релокац",
        "границ",
        "верхний ларс",
    )
    # Seconds the whole crawl may take before it is stopped.
    max_seconds: float = 600.0
    # Runs that may try a failing URL before it is given up (a 404 may be a page not yet up).
    max_attempts: int = Field(5, ge=1)
    # Pages whose listed date is younger than this many hours (live blogs, updated stories)
    # are fetched again when listed again, even though seen; 0 switches revisits off.
    revisit_hours: float = Field(48.0, ge=0)
    # ...but at most once every this many hours per page.
    revisit_every_hours: float = Field(2.0, gt=0)


Metric = Literal["departed", "arrived", "moved_on", "registered", "returned", "called_up"]


class Subscription(_Section):
    # The address that gets a digest of the changes this subscription matches.
    to: str = Field(min_length=3)
    # ISO 3166-1 alpha-2 codes (or EU); "-" stands for totals with no destination. Empty: all.
    destinations: tuple[str, ...] = ()
    # Metrics (departed, arrived, moved_on, registered, returned, called_up). Empty: all.
    metrics: tuple[Metric, ...] = ()
    # Smallest relative change worth telling this subscriber (0.1 = 10%); first figures,
    # new highs past it and newly disputed figures always match.
    min_change: float = Field(0.0, ge=0)


class AlertSettings(_Section):
    # Who receives every alert (a digest per run); add filtered ones under `subscriptions`.
    to: tuple[str, ...] = ("desk@example.org",)
    # The sender address.
    from_: str = Field("exodus-monitor@example.org", alias="from")
    # SMTP server; empty writes .eml files to the outbox folder instead.
    smtp_host: str = ""
    smtp_port: int = Field(587, ge=1, le=65535)
    # STARTTLS before login (ignored for plain loopback servers that do not offer it).
    starttls: bool = True
    # Implicit TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS.
    smtp_ssl: bool = False
    # A PEM file of CA certificates to trust for the server (e.g. a self-signed one); empty:
    # the system's CAs.
    smtp_ca_file: str = ""
    # From EXODUS_SMTP_USER / EXODUS_SMTP_PASSWORD only, never from the file.
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    # Seconds before an SMTP conversation is given up.
    smtp_timeout: float = 30.0
    # Folder for .eml files when no SMTP server is set.
    outbox: str = "data/outbox"
    # Smallest relative change between a series' latest figure and a new one that alerts
    # (0.1 = 10%); 0: any change. A new high or a first figure alerts regardless.
    min_change: float = Field(0.0, ge=0)
    # Keep alerts in the database until `exodus alerts approve ID` (or reject) sends them.
    review: bool = False
    # Filtered recipients: [{ to = "...", destinations = [...], metrics = [...], min_change }].
    subscriptions: tuple[Subscription, ...] = ()
    # Gets source failures (never sent to subscribers); empty: they are only logged.
    admin: str = ""
    # A source whose feed or sitemap failed this many runs in a row is reported to `admin`.
    admin_after_failing_runs: int = Field(3, ge=1)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Settings(_Section):
    # Folder for run state (Prefect home, crawl scratch files).
    data_dir: str = "data"
    storage: StorageSettings = StorageSettings()
    sources: tuple[SourceSettings, ...] = ()
    crawl: CrawlSettings = CrawlSettings()
    alerts: AlertSettings = AlertSettings()
    # Where these settings were read from, for messages.
    origin: str = "<defaults>"


def _coerce_env(value: str, current: Any) -> Any:
    if isinstance(current, (list, tuple)):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _apply_env(
    raw: dict[str, Any], environ: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The file's values with the environment's on top, and which keys the environment set
    (dotted key -> variable name), so that a bad value is blamed on its real origin."""
    from_env: dict[str, str] = {}
    merged: dict[str, Any] = {
        key: (dict(v) if isinstance(v, dict) else v) for key, v in raw.items()
    }
    sections: dict[str, type[BaseModel]] = {
        "storage": StorageSettings,
        "crawl": CrawlSettings,
        "alerts": AlertSettings,
    }
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name in SECRET_ENV.values():
            continue
        rest = name[len(ENV_PREFIX) :].lower()
        if rest == "sources":
            try:
                merged["sources"] = json.loads(value)
            except json.JSONDecodeError as error:
                raise ConfigError(f"{name}: expected a JSON array of sources ({error})") from None
            from_env["sources"] = name
            continue
        if rest == "data_dir":
            merged["data_dir"] = value
            from_env["data_dir"] = name
            continue
        section, _, key = rest.partition("_")
        if section not in sections or not key:
            continue  # EXODUS_CONFIG and friends belong to the CLI
        table = merged.setdefault(section, {})
        fields = sections[section].model_fields
        field_name = "from_" if key == "from" else key
        if field_name not in fields:
            raise ConfigError(
                f"{name}: unknown key {key!r} in [{section}]; expected one of "
                + ", ".join(sorted(f.alias or n for n, f in fields.items() if n not in SECRET_ENV))
            )
        table[key] = _coerce_env(value, fields[field_name].default)
        from_env[f"{section}.{key}"] = name
    return merged, from_env


def _describe(error: ValidationError, origin: str, from_env: Mapping[str, str]) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        blamed = next(
            (f"{name} (environment)" for key, name in from_env.items() if where.startswith(key)),
            origin,
        )
        lines.append(f"{blamed}: {where}: {message}")
    return "\n".join(lines)


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the TOML file (when it exists), apply EXODUS_* overrides, validate, return.

    With no path, ``exodus.toml`` in the working directory is read if present; otherwise the
    embedded defaults (which work offline) are used.
    """
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    origin = "<defaults>"
    config_path = Path(path) if path else DEFAULT_CONFIG_PATH
    if config_path.exists():
        origin = str(config_path)
        try:
            raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{origin}: not valid TOML: {error}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{origin}: not UTF-8 text") from None
    elif path:
        raise ConfigError(f"{config_path}: no such config file")
    merged, from_env = _apply_env(raw, environ)
    alerts = merged.setdefault("alerts", {})
    if not isinstance(alerts, dict):
        raise ConfigError(f"{origin}: alerts: expected a table")
    for key in SECRET_ENV:
        if key in alerts:
            raise ConfigError(
                f"{origin}: alerts.{key}: secrets are not read from files; "
                f"set {SECRET_ENV[key]} in the environment"
            )
        if SECRET_ENV[key] in environ:
            alerts[key] = environ[SECRET_ENV[key]]
    merged["origin"] = origin
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as error:
        raise ConfigError(_describe(error, origin, from_env)) from None
    names = [source.name for source in settings.sources]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ConfigError(f"{origin}: sources: duplicate names {', '.join(duplicates)}")
    return settings
