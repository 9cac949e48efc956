"""The ``atlas`` command line (built in its own issue; this entry point says so until then)."""

import sys

__all__ = ["main"]


def main() -> None:
    sys.stderr.write("Error: the atlas command line is not built yet; use the HTTP API (see README.md)\n")
    raise SystemExit(1)
