"""atlas-access as a test double: a real server for a test suite, reset to a baseline before each test.

With the package installed, pytest loads the plugin by itself (``atlas_access.testing.plugin``); its fixtures:

- ``atlas_access_server`` (session): an ``atlas-access serve`` process on a free port of 127.0.0.1, in a
  temporary data directory, with the bootstrap credentials in ``.bootstrap`` (fixed ones from the
  ``ATLAS_ACCESS_*`` variables, a seed file from ``ATLAS_ACCESS_SEED``; docs/configuration.md);
- ``atlas_access`` (function): the same server, brought back to its state right after start-up (a snapshot
  restore, not a restart) before the test;
- ``atlas_client``: an ``AtlasClient`` holding the bootstrap API key, for that fresh state;
- ``atlas_access_app`` / ``atlas_async_client``: the application in this process through
  ``httpx.ASGITransport``, no port, for asyncio tests of programs written on the SDK.

``Server`` is the same thing outside pytest (``with Server.start(directory) as server: ...``).
"""

from atlas_access.testing.server import Server, ServerError

__all__ = ["Server", "ServerError"]
