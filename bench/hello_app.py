"""The baseline of ``bench/run.py``: the cheapest Starlette app, served exactly as ``atlas-access serve`` serves.

``GET /`` is an ``async def`` route, the baseline every ratio is taken against; ``GET /sync`` is the earlier
baseline, a sync ``lambda`` that Starlette runs in its thread pool, kept so that the two are measured side by side.

Run as ``python bench/hello_app.py --host 127.0.0.1 --port N``: the socket is bound by the server's own
``listen.bind``, and uvicorn is configured as ``server/command.py`` ``serve`` configures it (uvloop, the server's
``HttpProtocol`` over httptools with the default header timeout, no access log, no server header, one process),
and ``gc.freeze()`` runs at start-up as in ``server/runtime.py``'s lifespan. ``uvicorn hello_app:app`` serves the
same app with uvicorn's own protocol class, for comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def hello(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("hello")


@contextlib.asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    gc.freeze()  # as the server's lifespan does
    yield


app = Starlette(routes=[Route("/", hello), Route("/sync", lambda r: PlainTextResponse("hello"))], lifespan=lifespan)


def main() -> None:
    import uvicorn

    from atlas_access.server.http_protocol import protocol_class
    from atlas_access.server.listen import bind

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    sock = bind(args.host, args.port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            loop="uvloop",
            http=protocol_class(),
            access_log=False,
            log_level="info",
            server_header=False,
            timeout_graceful_shutdown=5,
        )
    )
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


if __name__ == "__main__":
    main()
