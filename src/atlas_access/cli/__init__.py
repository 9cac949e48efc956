"""The ``atlas`` command line: MongoDB's Atlas CLI for the access-management slice, against MongoDB Cloud or
an atlas-access server. ``atlas api`` covers every Admin API operation; ``atlas organizations invitations``
and ``atlas projects invitations`` are the friendly commands; profiles live in the real CLI's config.toml.
"""

import sys

__all__ = ["main"]


def main() -> None:
    """Console entry point of ``atlas``."""
    from atlas_access.cli._main import run

    code = run()
    sys.stdout.flush()
    raise SystemExit(code)
