"""Bare JSON arrays answered while their items are read (docs/memory.md).

A handler gives ``array`` the batches of a long list (``store.streamed_reads``). The first batch is read at
once, inside the request's transaction, so that the snapshot is taken there and anything that fails does so
before the answer begins, as an error. A list that fits in it is an ordinary body, answered exactly as before
(with ``Content-Length``); a longer one is a ``Streamed`` body, written a batch at a time with chunked transfer
encoding (ours: MongoDB Cloud sends a length, which a server that does not hold the whole list cannot know).

The bytes are those ``render`` writes for the whole list: compact or pretty, bare or in the envelope. The array's
opening and closing text comes from rendering the same answer with a one-item stand-in, and each item is rendered
on its own by ``render.to_json``: in the pretty envelope, one level deeper.
"""

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from anyio import to_thread
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from atlas_access.server.wire import render
from atlas_access.store.streamed_reads import Batches

__all__ = ["Streamed", "array", "response", "settled"]

T = TypeVar("T")
_STAND_IN = "\x00atlas-access: the items\x00"  # renders as one JSON string with \u0000, never a real item


@dataclass(eq=False, slots=True)
class Streamed(Generic[T]):
    """A success body: a JSON array whose first items are shown (``head``) and whose other items are still to be
    read (``rest``) and shown by ``view``."""

    head: list[Any]
    rest: Batches[T]
    view: Callable[[T], Any]
    _closed: bool = field(default=False, init=False)

    def settled(self) -> list[Any]:
        """The whole list, read now (for an answer kept to be given again later)."""
        try:
            return [*self.head, *(self.view(item) for batch in self.rest for item in batch)]
        finally:
            self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.rest.close()


def array(batches: Batches[T], view: Callable[[T], Any]) -> list[Any] | Streamed[T]:
    """The body of a bare array: call inside the request's transaction (see the module's docstring)."""
    try:
        first = next(batches, [])
    except BaseException:
        batches.close()
        raise
    if len(first) < batches.size:  # the whole list
        batches.close()
        return [view(item) for item in first]
    return Streamed([view(item) for item in first], batches, view)


def settled(body: Any) -> Any:
    """``body``, a streamed array read whole."""
    return body.settled() if isinstance(body, Streamed) else body


def response(
    body: Streamed[Any],
    status: int,
    *,
    media_type: str,
    headers: Mapping[str, str],
    pretty: bool,
    envelope: bool,
) -> StreamingResponse:
    """The answer of a streamed array, as ``respond.success`` would render the whole list."""
    answer_status = 200 if envelope else status
    skeleton = render.to_json(render.envelope([_STAND_IN], status) if envelope else [_STAND_IN], pretty=pretty)
    prefix, suffix = skeleton.split(render.to_json(_STAND_IN))
    separator = render.to_json([_STAND_IN, _STAND_IN], pretty=pretty).split(render.to_json(_STAND_IN))[1]
    deeper = pretty and envelope  # the array is the value of "content": its items sit one level in

    def encode(value: Any) -> bytes:
        text = render.to_json(value, pretty=pretty)
        return text.replace(b"\n", b"\n  ") if deeper else text

    return _ArrayResponse(body, _chunks(body, prefix, suffix, separator, encode), answer_status, headers, media_type)


async def _chunks(
    body: Streamed[Any], prefix: bytes, suffix: bytes, separator: bytes, encode: Callable[[Any], bytes]
) -> AsyncIterator[bytes]:
    head, body.head = body.head, []
    yield prefix + separator.join(map(encode, head))
    del head
    rest = body.rest
    while True:
        batch = await to_thread.run_sync(_next, rest) if rest.blocking else _next(rest)
        if batch is None:
            break
        yield b"".join(separator + encode(body.view(item)) for item in batch)
    yield suffix


def _next(batches: Batches[T]) -> list[T] | None:
    return next(batches, None)


class _ArrayResponse(StreamingResponse):
    """Ends the read when the answer ends, however it ends (complete, the client gone, a failure)."""

    def __init__(
        self,
        body: Streamed[Any],
        chunks: AsyncIterator[bytes],
        status: int,
        headers: Mapping[str, str],
        media_type: str,
    ) -> None:
        super().__init__(chunks, status, dict(headers), media_type)
        self._streamed = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._streamed.close()
