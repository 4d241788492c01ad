"""The `exodus` command: a thin front over the library, one function per command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from exodus.config import load_settings
from exodus.errors import ExodusError
from exodus.output import render

__all__ = ["main"]

# Piped output (CI logs, `| less`) gets a wide console: rich's default of 80 columns folds
# every table cell.
_PIPED_WIDTH = 160
console = Console() if Console().is_terminal else Console(width=_PIPED_WIDTH)
errors = Console(stderr=True)


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


def _cmd_sql(args: argparse.Namespace) -> int:
    from storage import run_query

    db = args.db or load_settings(args.config).storage.db
    result = run_query(db, args.query, on_wait=lambda message: errors.print(message))
    text = render(result.columns, result.rows, args.format, console)
    if text is not None:
        sys.stdout.write(text)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from exodus.serve import serve

    settings = load_settings(args.config)
    serve(settings, config=args.config, cron=args.cron, console=console)
    return 0


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
    sql.add_argument("--db", help="DuckDB database (default: [storage] db)")
    sql.add_argument("--config", help="TOML config file")
    sql.add_argument("--format", choices=("table", "csv", "json", "jsonl"), default="table")
    sql.set_defaults(handler=_cmd_sql)

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
