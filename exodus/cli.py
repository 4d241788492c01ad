"""The `exodus` command: a thin front over the library, one function per command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.console import Console

from exodus.config import load_settings
from exodus.errors import ExodusError, TerminalError
from exodus.output import render, to_jsonable

__all__ = ["main"]


class UsageError(TerminalError):
    """Options that do not go together, or a value in the wrong shape."""


# Piped output (CI logs, `| less`) gets a wide console: rich's default of 80 columns folds
# every table cell.
_PIPED_WIDTH = 160
console = Console() if Console().is_terminal else Console(width=_PIPED_WIDTH)
errors = Console(stderr=True, soft_wrap=True)  # one line per error, even in logs and cron mail


def _cmd_run(args: argparse.Namespace) -> int:
    from exodus.runner import monitor_once

    summary = monitor_once(args.config, db=args.db)
    console.print(summary_text(summary))
    return 0


def summary_text(summary: object) -> str:
    from exodus.records import RunSummary

    assert isinstance(summary, RunSummary)
    seconds = (summary.finished_at - summary.started_at).total_seconds()
    return (
        f"run {summary.run_id}: {summary.articles_seen} articles seen, {summary.articles_new} new, "
        f"{summary.articles_failed} failed; {summary.figures_new} new figures; "
        f"{summary.alerts_new} new alerts, {summary.alerts_sent} sent ({seconds:.1f} s)"
    )


def _cmd_demo(args: argparse.Namespace) -> int:
    from exodus.demo.replay import replay

    replay(
        data_dir=Path(args.data_dir),
        waves=args.waves,
        fresh=args.fresh,
        port=args.port,
        console=console,
    )
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from exodus.extract_files import extract_files

    rows = extract_files([Path(f) for f in args.files], args.published, explain=args.explain)
    if args.format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    shown = [
        "file",
        "metric",
        "destination",
        "low",
        "high",
        "qualifier",
        "per",
        "since",
        "source",
        "disputed",
    ]
    if args.explain:
        shown.append("explain")
    render(shown, [[row.get(c) for c in shown] for row in rows], "table", console)
    return 0


def _db(args: argparse.Namespace) -> str:
    return str(args.db or load_settings(args.config).storage.db)


def _waiting(message: str) -> None:
    errors.print(message, markup=False, highlight=False, soft_wrap=True)


def _cmd_sql(args: argparse.Namespace) -> int:
    from storage import query_to_parquet, run_query

    db = _db(args)
    if args.format == "parquet":
        if not args.output:
            raise UsageError("--format parquet writes a file: add --output FILE")
        rows = query_to_parquet(db, args.query, Path(args.output), on_wait=_waiting)
        errors.print(f"{rows:,} rows written to {args.output}", markup=False, highlight=False)
        return 0
    result = run_query(db, args.query, on_wait=_waiting)
    if args.output:
        _write_output(Path(args.output), result.columns, result.rows, args.format)
        return 0
    text = render(result.columns, result.rows, args.format, console)
    if text is not None:
        sys.stdout.write(text)
    return 0


def _write_output(
    path: Path, columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: str
) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            if fmt == "table":
                render(columns, rows, fmt, Console(file=handle, width=_PIPED_WIDTH))
            else:
                handle.write(render(columns, rows, fmt) or "")
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror}") from None
    errors.print(f"{len(rows):,} rows written to {path}", markup=False, highlight=False)


def _cmd_export(args: argparse.Namespace) -> int:
    from exodus.export import export_database

    exported = export_database(_db(args), Path(args.directory), args.format, on_wait=_waiting)
    render(
        ["file", "kind", "rows"],
        [[str(item.path), item.kind, item.rows] for item in exported],
        "table",
        console,
    )
    return 0


def _cmd_reextract(args: argparse.Namespace) -> int:
    from exodus.reextract import reextract

    since = _date(args.since, "--since") if args.since else None
    summary = reextract(_db(args), since)
    console.print(
        f"extractor {summary.extractor_version}: {summary.articles} articles read again, "
        f"{summary.changed} changed; {summary.figures_removed} figures replaced by "
        f"{summary.figures_added}; {summary.alerts_new} new alerts queued",
        markup=False,
        highlight=False,
    )
    return 0


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r}: expected a date as YYYY-MM-DD") from None


def _cmd_status(args: argparse.Namespace) -> int:
    from exodus.status import status

    settings = load_settings(args.config)
    db = str(args.db or settings.storage.db)
    found = status(db, [source.name for source in settings.sources], on_wait=_waiting)
    if args.format == "json":
        document = {
            "database": found.target,
            "size_bytes": found.size_bytes,
            "schema_version": found.schema_version,
            "counts": dict(found.counts),
            "sources": _records(found.sources.columns, found.sources.rows),
            "runs": _records(found.runs.columns, found.runs.rows),
            "failures": _records(found.failures.columns, found.failures.rows),
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return 0
    size = "?" if found.size_bytes is None else f"{found.size_bytes / 1_000_000:.1f} MB"
    console.print(f"{found.target}: {size}, schema version {found.schema_version}", markup=False)
    render(["what", "count"], [list(c) for c in found.counts], "table", console)
    render(found.sources.columns, found.sources.rows, "table", console, title="sources")
    render(found.runs.columns, found.runs.rows, "table", console, title="last runs")
    render(found.failures.columns, found.failures.rows, "table", console, title="failures")
    return 0


def _records(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[dict[str, object]]:
    return [dict(zip(columns, (to_jsonable(v) for v in row), strict=True)) for row in rows]


def _cmd_report(args: argparse.Namespace) -> int:
    from exodus.report import report

    settings = load_settings(args.config)
    db = str(args.db or settings.storage.db)
    output = Path(args.output) if args.output else Path(settings.data_dir, "report.html")
    written = report(db, output)
    errors.print(f"report written to {written}", markup=False, highlight=False)
    return 0


def _cmd_alerts(args: argparse.Namespace) -> int:
    import alerts

    settings = load_settings(args.config)
    db = str(args.db or settings.storage.db)
    if args.action == "list":
        if args.id is not None:
            raise UsageError("alerts list takes no ID")
        statuses = tuple(args.status.split(","))
        rows = [
            [
                a.id,
                a.status,
                a.kind,
                alerts.series_title(a.metric, a.destination, a.per) if a.metric else "",
                ""
                if a.previous_low is None or a.previous_high is None
                else alerts.figure_text(a.previous_low, a.previous_high, a.previous_qualifier),
                alerts.figure_text(a.low, a.high, a.qualifier) if a.metric else a.detail,
                a.source or "",
                a.created_at,
                a.last_error or "",
            ]
            for a in alerts.list_alerts(db, statuses)
        ]
        columns = ["id", "status", "kind", "series", "was", "now", "said by", "created", "error"]
        text = render(columns, rows, args.format, console)
        if text is not None:
            sys.stdout.write(text)
        return 0
    if args.id is None:
        raise UsageError(f"alerts {args.action} needs the alert's ID (see `exodus alerts list`)")
    if args.action == "approve":
        sent = alerts.approve(db, args.id, settings.alerts)
        console.print(
            f"alert {args.id} approved; {sent.messages_sent} digest(s) sent, "
            f"{sent.messages_failed} failed (kept for the next run)",
            markup=False,
            highlight=False,
        )
        return 0 if not sent.messages_failed else 1
    alerts.reject(db, args.id)
    console.print(f"alert {args.id} rejected; it will not be sent", markup=False)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from exodus.serve import serve

    settings = load_settings(args.config)
    serve(settings, config=args.config, cron=args.cron, console=console)
    return 0


def _database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="DuckDB database (default: [storage] db)")
    parser.add_argument("--config", help="TOML config file")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exodus",
        description="Follow the mobilisation exodus through the news as reported figures.",
        epilog="Example: exodus demo",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str, example: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"Example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    run = add(
        "run", "one monitoring run over the configured sources", "exodus run --config exodus.toml"
    )
    run.add_argument("--config", help="TOML config file (default: exodus.toml if present)")
    run.add_argument("--db", help="DuckDB database, overriding [storage] db")
    run.set_defaults(handler=_cmd_run)

    demo = add(
        "demo", "replay bundled coverage over a local news site, wave by wave", "exodus demo"
    )
    demo.add_argument(
        "--data-dir", default="data", help="where the database and outbox go (default: data)"
    )
    demo.add_argument("--waves", type=int, default=5, help="how many waves of news (default: 5)")
    demo.add_argument(
        "--fresh", action="store_true", help="start from an empty database and outbox"
    )
    demo.add_argument(
        "--port",
        type=int,
        default=8765,
        help="port for the local site (default: 8765; keep it the same between replays, "
        "since article URLs include it)",
    )
    demo.set_defaults(handler=_cmd_demo)

    extract = add(
        "extract",
        "figures from .txt or .html files; nothing is stored",
        "exodus extract article.txt --published 2022-10-06 --format jsonl",
    )
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument(
        "--published", help="publication date YYYY-MM-DD (else the HTML's metadata)"
    )
    extract.add_argument("--format", choices=("jsonl", "table"), default="table")
    extract.add_argument(
        "--explain", action="store_true", help="show the words that decided each field"
    )
    extract.set_defaults(handler=_cmd_extract)

    sql = add("sql", "ad-hoc SQL on a read-only connection", 'exodus sql "SELECT * FROM series"')
    sql.add_argument("query")
    _database_options(sql)
    sql.add_argument(
        "--format", choices=("table", "csv", "json", "jsonl", "parquet"), default="table"
    )
    sql.add_argument("--output", metavar="FILE", help="write to FILE (needed for parquet)")
    sql.set_defaults(handler=_cmd_sql)

    export = add(
        "export",
        "every table and view as Parquet or CSV files in a folder",
        "exodus export data/export --format parquet",
    )
    export.add_argument("directory", metavar="DIR")
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    _database_options(export)
    export.set_defaults(handler=_cmd_export)

    reextract = add(
        "reextract",
        "run the current extractor over stored texts (no download), replacing their figures",
        "exodus reextract --since 2022-09-21",
    )
    reextract.add_argument(
        "--since", metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD)"
    )
    _database_options(reextract)
    reextract.set_defaults(handler=_cmd_reextract)

    status = add(
        "status",
        "sources, last runs, counts, failures and the database size",
        "exodus status --config exodus.toml",
    )
    _database_options(status)
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.set_defaults(handler=_cmd_status)

    report = add(
        "report",
        "one self-contained HTML page: a chart per series, the latest figures, recent changes",
        "exodus report --output report.html",
    )
    report.add_argument(
        "--output", metavar="FILE", help="where to write it (default: DATA_DIR/report.html)"
    )
    _database_options(report)
    report.set_defaults(handler=_cmd_report)

    alerts_ = add(
        "alerts",
        "list alerts waiting for review or delivery; approve (sends it) or reject one",
        "exodus alerts approve 12",
    )
    alerts_.add_argument("action", choices=("list", "approve", "reject"))
    alerts_.add_argument(
        "id", nargs="?", type=int, metavar="ID", help="the alert (approve, reject)"
    )
    alerts_.add_argument(
        "--status",
        default="review,pending",
        help="list: comma-separated states (review, pending, sent, baseline, rejected, "
        "no_recipient; default: review,pending)",
    )
    alerts_.add_argument("--format", choices=("table", "csv", "json", "jsonl"), default="table")
    _database_options(alerts_)
    alerts_.set_defaults(handler=_cmd_alerts)

    serve = add("serve", "run `monitor` on its hourly schedule on this machine", "exodus serve")
    serve.add_argument("--config", help="TOML config file")
    serve.add_argument("--cron", default="0 * * * *", help="schedule (default: hourly)")
    serve.set_defaults(handler=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.handler(args))
    except ExodusError as error:
        errors.print(f"exodus {args.command}: {error}", markup=False, highlight=False)
        return 2
    except KeyboardInterrupt:
        errors.print("interrupted", markup=False)
        return 130


if __name__ == "__main__":
    sys.exit(main())
