"""Version negotiation is remembered per operation and Accept header (server/wire/versioning.py): the same
answers as working it out each time, a refusal stays a refusal, and the memo stays bounded."""

from __future__ import annotations

import pytest

from atlas_access import spec
from atlas_access.core.errors import ApiError
from atlas_access.server.wire import versioning


def test_remembered_answers_are_those_worked_out() -> None:
    operation = spec.operation("deleteOrgInvite")
    for accept in ("application/vnd.atlas.2023-01-01+json", "application/vnd.atlas.2099-01-01+json", "*/*, x"):
        first = [_answer(operation, accept) for _ in range(3)]
        requested = versioning.requested_version(accept)
        expected = operation.resolve_version(requested) if requested else None
        assert first == [expected] * 3


def test_the_memo_stays_bounded() -> None:
    operation = spec.operation("deleteOrgInvite")
    for number in range(3 * versioning._NEGOTIATED_LIMIT):
        with pytest.raises(ApiError):
            versioning.negotiate(operation, f"application/x-{number}")
    assert len(versioning._NEGOTIATED) <= versioning._NEGOTIATED_LIMIT


def _answer(operation: spec.Operation, accept: str) -> spec.Version | None:
    try:
        return versioning.negotiate(operation, accept)
    except ApiError as problem:
        assert problem.code == "INVALID_VERSION_DATE"
        return None
