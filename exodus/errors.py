"""A small error vocabulary: one root, with transient and terminal kinds.

A rejected page or sentence is not an error: it is a recorded reason. These are for
conditions that stop a command or a stage.
"""

from __future__ import annotations

__all__ = ["ExodusError", "TransientError", "TerminalError", "ConfigError", "DatabaseBusyError"]


class ExodusError(Exception):
    """Root of the project's errors; the CLI prints its message without a traceback."""


class TransientError(ExodusError):
    """Might succeed if tried again later (a busy database, a refused SMTP connection)."""


class TerminalError(ExodusError):
    """Will fail the same way again until someone changes something."""


class ConfigError(TerminalError):
    """A config file, key or value is wrong; the message names the file and the key."""


class DatabaseBusyError(TransientError):
    """Another process holds the DuckDB write lock."""
