"""``atlas``'s entry point: persistent flags, and every failure turned into ``Error: ...`` and an exit code.

``-P/--profile`` and ``-D/--debug`` are accepted anywhere on the line, as cobra's persistent flags are.
Usage errors are worded as cobra words them (``unknown flag: --x``, ``flag needs an argument: --orgId``)
and exit 1, like every other error. A Python traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from atlas_access.cli._errors import CliError
from atlas_access.cli._session import Globals

__all__ = ["run"]


def extract_globals(argv: Sequence[str]) -> tuple[Globals, list[str]]:
    """Take ``-P NAME``/``-PNAME``/``--profile[=]NAME`` and ``-D``/``--debug`` out of ``argv`` (up to ``--``),
    and split other shorthand flags written ``-o=json`` as pflag reads them."""
    found = Globals()
    rest: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in ("-D", "--debug"):
            found.debug = True
        elif arg in ("-P", "--profile"):
            if i + 1 >= len(args):
                raise CliError(f"flag needs an argument: {_shown(arg)}")
            found.profile_flag = args[i + 1]
            i += 1
        elif arg.startswith("--profile="):
            found.profile_flag = arg.split("=", 1)[1]
        elif arg.startswith("-P") and not arg.startswith("--"):
            found.profile_flag = arg[2:].removeprefix("=")
        elif len(arg) > 3 and arg[0] == "-" and arg[1].isalpha() and arg[2] == "=":
            rest += [arg[:2], arg[3:]]  # pflag reads `-o=json` as `-o json`; click would keep the `=`
        else:
            rest.append(arg)
        i += 1
    return found, rest


def _shown(flag: str) -> str:
    return f"'{flag[1]}' in {flag}" if not flag.startswith("--") else flag


def _reword(problem: click.ClickException) -> str:
    """cobra's words for click's usage errors."""
    if isinstance(problem, click.NoSuchOption):
        name = problem.option_name
        return f"unknown flag: {name}" if name.startswith("--") else f"unknown shorthand flag: '{name[1:2]}' in {name}"
    if isinstance(problem, click.BadOptionUsage) and "requires an argument" in problem.message:
        return f"flag needs an argument: {_shown(problem.option_name)}"
    if isinstance(problem, click.BadParameter) and isinstance(problem.param, click.Option):
        flag = max(problem.param.opts, key=len)
        value = problem.message.split("'")[1] if "'" in problem.message else problem.message
        parser = "ParseBool" if problem.param.type is click.BOOL else "ParseInt"
        return f'invalid argument "{value}" for "{flag}" flag: strconv.{parser}: parsing "{value}": invalid syntax'
    if isinstance(problem, click.UsageError) and problem.message.startswith("No such command"):
        name = problem.message.split("'")[1] if "'" in problem.message else ""
        path = problem.ctx.command_path if problem.ctx else "atlas"
        return f'unknown command "{name}" for "{path}"\n\nRun \'{path} --help\' for usage.'
    return problem.format_message()


def run(argv: Sequence[str] | None = None) -> int:
    """Run ``atlas`` with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    from atlas_access.cli._root import root

    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "-D" in arguments or "--debug" in arguments
    try:
        globals_, rest = extract_globals(arguments)
        root.main(rest, prog_name="atlas", obj=globals_, standalone_mode=False)
        return 0
    except CliError as problem:
        sys.stderr.write(f"Error: {problem.message}\n")
        return problem.exit_code
    except click.exceptions.NoArgsIsHelpError as shown:
        sys.stdout.write(shown.format_message() + "\n")
        return 0
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.exceptions.Abort:
        sys.stderr.write("Error: interrupted\n")
        return 1
    except click.ClickException as problem:
        sys.stderr.write(f"Error: {_reword(problem)}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`atlas ... | head`): stop quietly
        return 0
    except Exception as problem:  # a defect: say so plainly, show the traceback only when asked
        if debug:
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"Error: unexpected {type(problem).__name__}: {problem} (run with --debug for details)\n")
        return 1
