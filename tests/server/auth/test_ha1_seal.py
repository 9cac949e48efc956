"""``Ha1Seal``: AES-256-GCM over an API key's HA1, bound to its public key; the first key seals, any opens."""

from __future__ import annotations

import hashlib
import secrets

import pytest

from atlas_access.server.auth.ha1_seal import Ha1Seal, is_sealed, key_id

PUBLIC = "abcdefgh"
HA1 = hashlib.md5(b"abcdefgh:MMS Public API:private").hexdigest()


def _key() -> bytes:
    return secrets.token_bytes(32)


def test_sealed_opens_to_the_ha1_and_differs_each_time() -> None:
    seal = Ha1Seal.of([_key()])
    first, second = seal.close(PUBLIC, HA1), seal.close(PUBLIC, HA1)
    assert first != second  # a random nonce each time
    assert is_sealed(first)
    assert HA1 not in first
    assert len(first) <= 96  # the column's width
    assert seal.open(PUBLIC, first) == seal.open(PUBLIC, second) == HA1
    assert seal.is_current(first)


def test_it_opens_only_in_its_own_row_with_its_own_keys() -> None:
    key = _key()
    sealed = Ha1Seal.of([key]).close(PUBLIC, HA1)
    assert Ha1Seal.of([key]).open("otherkey", sealed) is None  # moved to another API key's row
    assert Ha1Seal.of([_key()]).open(PUBLIC, sealed) is None  # another server's keys
    head, _, body = sealed.rpartition(":")
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    for altered in (f"{head}:{flipped}", sealed[:-4], HA1, "", "v1::", "v1:zz:!!!", f"v2{sealed[2:]}"):
        assert Ha1Seal.of([key]).open(PUBLIC, altered) is None


def test_previous_keys_open_and_the_first_seals() -> None:
    old, new = _key(), _key()
    sealed = Ha1Seal.of([old]).close(PUBLIC, HA1)
    rotated = Ha1Seal.of([new, old])
    assert rotated.open(PUBLIC, sealed) == HA1
    assert not rotated.is_current(sealed)
    resealed = rotated.close(PUBLIC, HA1)
    assert rotated.is_current(resealed)
    assert f":{key_id(new)}:" in resealed
    assert Ha1Seal.of([old]).open(PUBLIC, resealed) is None


def test_keys_of_the_wrong_size_are_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Ha1Seal.of([b"short"])
    with pytest.raises(ValueError, match="32 bytes"):
        Ha1Seal.of([])
