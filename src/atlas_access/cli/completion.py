"""``atlas completion bash|zsh``: the shell script that completes groups, commands and flags.

The script calls ``atlas`` back with ``_ATLAS_COMPLETE`` set (click's shell completion), so completions
always match the installed command tree, including all of ``atlas api``.
"""

from __future__ import annotations

import click

from atlas_access.cli._help import Command

__all__ = ["completion"]

SHELLS = ("bash", "zsh")
INSTALL = {
    "bash": "source <(atlas completion bash)     # or save it in /etc/bash_completion.d/atlas",
    "zsh": 'atlas completion zsh > "${fpath[1]}/_atlas"     # then start a new shell',
}


def _script(shell: str) -> str:
    from click.shell_completion import get_completion_class

    from atlas_access.cli._root import root

    completer = get_completion_class(shell)
    assert completer is not None
    return completer(root, {}, "atlas", "_ATLAS_COMPLETE").source()


@click.command(
    cls=Command,
    usage="<bash|zsh> [flags]",
    help="Generate the autocompletion script for bash or zsh.\n\n"
    + "\n".join(f"  {shell}: {how}" for shell, how in INSTALL.items()),
)
@click.argument("shell", required=False)
def completion(shell: str | None) -> None:
    from atlas_access.cli._errors import UsageProblem

    if shell not in SHELLS:
        raise UsageProblem(
            f'invalid argument "{shell or ""}" for "atlas completion": expected one of {", ".join(SHELLS)}',
            usage="atlas completion <bash|zsh> [flags]",
        )
    click.echo(_script(shell), nl=False)
