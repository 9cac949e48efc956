"""``-D/--debug`` never shows a secret."""

from __future__ import annotations

import pytest

from atlas_access.cli._debug import MASK, mask_body, mask_header


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Bearer eyJabc.def.ghi", f"Bearer {MASK}"),
        ("Basic bWRiX3NhOnNlY3JldA==", f"Basic {MASK}"),
        ('Digest username="tipmbwqf", realm="MMS Public API", nonce="n", response="abc"',
         f'Digest username="tipmbwqf", {MASK}'),
    ],
)  # fmt: skip
def test_authorization_keeps_only_scheme_and_digest_user(value: str, shown: str) -> None:
    assert mask_header("Authorization", value) == shown
    assert mask_header("Accept", "application/json") == "application/json"


def test_secrets_in_bodies() -> None:
    token = '{"access_token":"eyJ.a.b","expires_in":3600,"token_type":"Bearer"}'
    assert mask_body(token) == f'{{"access_token":"{MASK}","expires_in":3600,"token_type":"Bearer"}}'
    assert (
        mask_body('{"privateKey": "e1a5-…", "publicKey": "abc"}') == f'{{"privateKey": "{MASK}", "publicKey": "abc"}}'
    )
    assert (
        mask_body("grant_type=client_credentials&client_secret=s3")
        == f"grant_type=client_credentials&client_secret={MASK}"
    )
    assert mask_body('{"secret":"mdb_sa_sk_x"}') == f'{{"secret":"{MASK}"}}'
