"""Running the `monitor` flow from this process, with Prefect prepared first."""

from __future__ import annotations

import logging

from exodus.config import load_settings
from exodus.errors import ExodusError
from exodus.records import RunSummary
from exodus.runtime import prepare_prefect

__all__ = ["monitor_once"]


class _NoTracebackForExodusErrors(logging.Filter):
    """Prefect logs a failed task or flow with the exception's traceback. For the project's
    own errors (a busy database, a full disk) the message already says what happened and the
    CLI prints it as one line; a traceback on the terminal would only hide it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], ExodusError):
            record.exc_info = None
            record.exc_text = None
        return True


def _quiet_console_tracebacks() -> None:
    """Add the filter to every handler that writes to the terminal; the Prefect API's
    handlers run before these (on the run loggers themselves) and keep the traceback."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and not any(
                isinstance(existing, _NoTracebackForExodusErrors) for existing in handler.filters
            ):
                handler.addFilter(_NoTracebackForExodusErrors())


def monitor_once(config: str | None = None, db: str | None = None) -> RunSummary:
    """One monitoring run; Prefect runs locally unless PREFECT_API_URL names a server."""
    settings = load_settings(config)  # validated here too, so a bad config fails before Prefect
    prepare_prefect(settings.data_dir)
    from flows.monitor import monitor  # imports Prefect, which sets up its logging

    _quiet_console_tracebacks()
    return monitor(config=config, db=db)
