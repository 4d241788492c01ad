"""`exodus demo`: replay the bundled coverage over a local news site, wave by wave.

Each wave moves the site's clock forward and runs the real `monitor` flow once, so the
series grows and alert emails land in the outbox as figures change.
"""

from __future__ import annotations

import errno
from pathlib import Path

from rich.console import Console

from exodus.demo.site import DemoSite, demo_config_toml, load_pages
from exodus.demo.site import waves as wave_cutoffs
from exodus.errors import TerminalError
from exodus.output import render

__all__ = ["replay", "DEFAULT_PORT"]

# A fixed port keeps the demo's article URLs the same from one replay to the next, so a
# second `exodus demo` finds everything already stored instead of storing it twice.
DEFAULT_PORT = 8765

_SERIES_QUERY = """
SELECT reported_on, metric, destination, per, qualifier, low, high, outlets, disputed
FROM series
ORDER BY metric, destination NULLS FIRST, per NULLS FIRST, reported_on
"""


def _clear(db: Path, outbox: Path) -> None:
    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    if outbox.is_dir():
        for message in outbox.glob("*.eml"):
            message.unlink()


def _start_site(port: int) -> DemoSite:
    try:
        site = DemoSite(port=port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise TerminalError(f"port {port} is taken; pass --port with a free one") from None
        raise
    return site


def replay(
    data_dir: Path,
    waves: int = 5,
    fresh: bool = False,
    port: int = DEFAULT_PORT,
    console: Console | None = None,
) -> None:
    from exodus.runner import monitor_once
    from storage import run_query

    console = console or Console()
    data_dir.mkdir(parents=True, exist_ok=True)
    db = data_dir / "exodus.duckdb"
    outbox = data_dir / "outbox"
    config = data_dir / "demo.toml"
    if fresh:
        _clear(db, outbox)
    pages = load_pages()
    cutoffs = wave_cutoffs(pages, waves)
    console.print(
        f"[bold]exodus demo[/bold]: {len(pages)} pages of coverage, replayed in "
        f"{len(cutoffs)} waves over a local news site"
    )
    total_new = 0
    with _start_site(port) as site:
        # data_dir leads the file: a top-level key must come before the first table.
        settings_text = f'data_dir = "{data_dir.as_posix()}"\n' + demo_config_toml(
            site.url, str(db), str(outbox)
        )
        config.write_text(settings_text, encoding="utf-8")
        for number, cutoff in enumerate(cutoffs, 1):
            visible = site.release_until(cutoff)
            summary = monitor_once(str(config))
            total_new += summary.articles_new
            console.print(
                f"wave {number} (news up to {cutoff:%Y-%m-%d}): {visible} pages online, "
                f"{summary.articles_new} new articles, {summary.figures_new} new figures, "
                f"{summary.alerts_new} alerts, {summary.alerts_sent} sent to {outbox}/"
            )
    if total_new == 0:
        console.print(
            "Nothing new: this database already holds the replay. "
            "Run `exodus demo --fresh` to replay from the start."
        )
    result = run_query(str(db), _SERIES_QUERY)
    render(result.columns, result.rows, "table", console, title="The series so far")
    emails = len(list(outbox.glob("*.eml"))) if outbox.is_dir() else 0
    console.print(f"Database: {db}    Outbox: {outbox}/ ({emails} alert emails)")
    console.print(
        f"Query it: exodus sql \"SELECT * FROM series WHERE destination = 'KZ'\" --db {db}"
    )
    console.print(f"      or: duckdb {db}")
