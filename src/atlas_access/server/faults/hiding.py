"""Writes hidden from the next reads (docs/faults.md §Stale reads): which reads a write hides, and what they answer.

A write that a ``staleReads`` rule hides names the reads it hides by its path template:

- a create (a POST on a collection, ``…/invites``): the collection's list, and the new resource
  (``…/invites/{invitationId}``, its id taken from the answer's ``id``, or the attribute named as the path
  parameter, ``clientId``);
- any other write (PATCH, PUT, DELETE, a POST on a resource or a custom method such as ``{userId}:addRole``): the
  resource it names and the list of its collection; a write on a collection's own path (``PATCH …/invites``, an
  update by username) hides that list only.

Only reads the server serves (a GET endpoint at that template) are hidden. What each answers before the write is
read in the write's transaction, before its handler, by the same pipeline as a GET of the writer's with the
writer's Accept header; the new resource of a create is read after the handler as a missing one of its kind (a
fresh id of the same form), and the new id then put where the fresh one stood in the error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from atlas_access.core.errors import ApiError
from atlas_access.core.ids import new_id

if TYPE_CHECKING:
    from atlas_access.server.wire.endpoint import Endpoint, Reply

__all__ = ["SNAPSHOT", "HiddenRead", "Pending", "ReadNow", "Seen", "hide"]

SNAPSHOT = "atlas_access.faults.snapshot"  # marks the ASGI scope of a read made to note what it answered
_ACTION = re.compile(r"(?<=\}):\w+$")  # a custom method after a resource's id: {userId}:addRole
_LAST_PARAMETER = re.compile(r"/\{(\w+)(?::\w+)?\}$")  # {teamId}, or Starlette's {ipAddress:path}
_OBJECT_ID_AT_END = re.compile(r"(.*?)[0-9a-f]{24}")


@dataclass(frozen=True, slots=True)
class HiddenRead:
    """A GET that a write hides: its endpoint, its path as sent (percent-encoded), its path parameters."""

    endpoint: Endpoint
    path: str
    params: Mapping[str, str]
    new: str | None = None  # a create's new resource: the parameter its id fills (``path`` is the collection's)

    def named(self, value: str) -> HiddenRead:
        """The new resource's read, once its id is ``value``."""
        assert self.new is not None
        return replace(self, path=f"{self.path}/{value}", params={**self.params, self.new: value}, new=None)

    def scope(self, accept: str | None, client: Any) -> dict[str, Any]:
        """The ASGI scope of this GET, with the write's Accept header and client address, and no credentials
        (the pipeline is given the write's caller)."""
        return {
            "type": "http",
            "http_version": "1.1",
            "scheme": "http",
            "method": "GET",
            "path": unquote(self.path),
            "raw_path": self.path.encode("latin-1"),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"accept", accept.encode("latin-1"))] if accept else [],
            "path_params": dict(self.params),
            "client": client,
            "server": None,
            SNAPSHOT: True,
        }


# What a read answered: the API version it resolved to (None on Cloud Manager) and its reply or error.
Seen = tuple["str | None", "Reply | ApiError"]
ReadNow = Callable[[HiddenRead], "Seen | None"]  # None: the read cannot be made (its version does not resolve)


@dataclass(slots=True)
class Pending:
    """What a hidden write's reads answered before it, kept until the write has succeeded."""

    rule_id: str
    principal_id: str
    seen: list[tuple[str, Seen]] = field(default_factory=list)  # (path, what the read at that path answered)


def hide(
    rule_id: str,
    principal_id: str,
    endpoint: Endpoint,
    path: str,
    params: Mapping[str, str],
    reads: Mapping[str, Endpoint],
    handle: Callable[[], Reply],
    read_now: ReadNow,
) -> tuple[Reply, Pending]:
    """Run a hidden write (``handle``), noting what the reads it hides (among ``reads``, the GET endpoints by
    template) answer without it."""
    plans = _hidden_reads(endpoint, path, params, reads)
    pending = Pending(rule_id, principal_id)
    for plan in plans:
        if plan.new is None and (seen := read_now(plan)) is not None:
            pending.seen.append((plan.path, seen))
    reply = handle()
    for plan in plans:
        if plan.new is not None and (missing := _missing(plan, reply.body, read_now)) is not None:
            pending.seen.append(missing)
    return reply, pending


def _hidden_reads(
    endpoint: Endpoint, path: str, params: Mapping[str, str], reads: Mapping[str, Endpoint]
) -> list[HiddenRead]:
    template = _ACTION.sub("", endpoint.path)
    if template != endpoint.path:
        path = path.rpartition(":")[0]
    last = _LAST_PARAMETER.search(template)
    found: list[HiddenRead] = []

    def add(read: Endpoint | None, read_path: str, read_params: Mapping[str, str], new: str | None = None) -> None:
        if read is not None:
            found.append(HiddenRead(read, read_path, read_params, new))

    if endpoint.method == "POST" and last is None and template == endpoint.path:  # a create
        add(reads.get(template), path, params)
        for child, read in reads.items():
            named = _LAST_PARAMETER.search(child)
            if named is not None and child[: named.start()] == template:
                add(read, path, params, new=named.group(1))
        return found
    add(reads.get(template), path, params)
    if last is not None:  # a resource of a collection; a {…:path} value may span several segments as sent
        spanned = 1 + len(path.split("/")) - len(template.split("/"))
        rest = {name: value for name, value in params.items() if name != last.group(1)}
        add(reads.get(template[: last.start()]), "/".join(path.split("/")[:-spanned]), rest)
    return found


def _missing(plan: HiddenRead, body: Any, read_now: ReadNow) -> tuple[str, Seen] | None:
    """A create's new resource as a missing one: the read of a fresh id of the same form, the new id put in its
    place in the error."""
    assert plan.new is not None
    made = body.get(plan.new, body.get("id")) if isinstance(body, dict) else None
    form = _OBJECT_ID_AT_END.fullmatch(made) if isinstance(made, str) else None
    if made is None or form is None:
        return None
    stand_in = form.group(1) + new_id()
    seen = read_now(plan.named(stand_in))
    problem = seen[1] if seen is not None else None
    if seen is None or not isinstance(problem, ApiError):
        return None
    problem.detail = problem.detail.replace(stand_in, made)
    problem.parameters = [
        value.replace(stand_in, made) if isinstance(value, str) else value for value in problem.parameters
    ]
    return plan.named(made).path, (seen[0], problem)
