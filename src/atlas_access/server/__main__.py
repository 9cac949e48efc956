"""``python -m atlas_access.server``: the ``atlas-access`` command (for a test suite that starts the server
with the same interpreter, wherever its scripts are installed)."""

from atlas_access.server.command import main

main(prog_name="atlas-access")
