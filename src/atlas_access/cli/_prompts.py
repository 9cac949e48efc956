"""The real CLI's interactive questions (survey's prompts), as it asks them on a terminal or reads a pipe."""

from __future__ import annotations

import sys

import click

__all__ = ["confirm_delete"]


def confirm_delete(entry: str) -> bool:
    """survey's confirm prompt, default No; an unreadable answer is asked again, end of input means No."""
    while True:
        click.echo(f"? Are you sure you want to delete: {entry} (y/N) ", nl=False)
        line = sys.stdin.readline()
        if not sys.stdin.isatty():
            click.echo()
        answer = line.strip()
        if answer.lower() in ("y", "yes"):
            return True
        if answer.lower() in ("", "n", "no") or not line:
            return False
        click.echo(f'X Sorry, your reply was invalid: "{answer}" is not a valid answer, please try again.')
