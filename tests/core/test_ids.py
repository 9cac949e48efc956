"""ObjectIds as ``core.ids.new_id`` makes them: the time in seconds, the process's random bytes, a counter."""

from __future__ import annotations

import os
import time

import pytest

from atlas_access.core import ids
from atlas_access.core.ids import is_object_id, new_id


def test_an_id_is_24_hex_digits_that_begin_with_the_current_second() -> None:
    before = int(time.time())
    made = new_id()
    after = int(time.time())
    assert is_object_id(made)
    assert before <= int(made[:8], 16) <= after
    assert made[8:18] == new_id.process


def test_ids_ascend_within_a_second_and_across_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_800_000_000.2]
    monkeypatch.setattr(ids.time, "time", lambda: clock[0])
    made = [new_id() for _ in range(3)]
    clock[0] += 1  # the next second: its own first digits
    made += [new_id() for _ in range(3)]
    assert made == sorted(made) and len(set(made)) == 6
    assert {one[:8] for one in made} == {f"{1_800_000_000:08x}", f"{1_800_000_001:08x}"}


def test_after_a_fork_the_child_draws_its_own_bytes_and_counter() -> None:
    new_id()  # the parent's first digits are kept for this second
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(writer, new_id().encode())
        os._exit(0)
    os.close(writer)
    made = os.read(reader, 64).decode()
    os.waitpid(child, 0)
    assert is_object_id(made)
    assert made[8:18] != new_id()[8:18]  # a child never carries the parent's process bytes
