"""Case (a) of ``bench/run.py``: the cheapest Starlette app, served like the real server (see run.py)."""

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

app = Starlette(routes=[Route("/", lambda r: PlainTextResponse("hello"))])
