"""The errors the ``atlas`` command reports: each carries its exit code (as click's exceptions do).

``main`` prints ``Error: <message>`` on stderr and exits with ``exit_code``; nothing else reaches the
user, never a traceback.
"""

from __future__ import annotations

__all__ = ["CliError", "UsageProblem"]


class CliError(Exception):
    """A failure the user can act on. ``message`` is printed after ``Error: ``."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageProblem(CliError):
    """Bad flags or arguments, worded as the real CLI words them (cobra exits 1 for these too).

    ``usage`` (optional) is appended after a blank line, e.g. ``Usage:  atlas ... <invitationId> [flags]``.
    """

    def __init__(self, message: str, usage: str | None = None) -> None:
        super().__init__(message if usage is None else f"{message}\n\nUsage:  {usage}")
