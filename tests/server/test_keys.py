"""Where the server's keys live: ``DATA_DIR/keys.json`` (0600, made once) or ``ATLAS_ACCESS_KEYS``; and the
``atlas-access keys`` command that makes and rotates them."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from atlas_access.server.command import main
from atlas_access.server.keys import ENVIRONMENT, KEY_FILE, KeysError, KeySet, KeyStore


def test_the_first_load_makes_a_private_key_file_and_later_loads_read_it(tmp_path: Path) -> None:
    store = KeyStore.of(tmp_path / "data", environ={})
    keys, made = store.load()
    assert made
    assert store.path == tmp_path / "data" / KEY_FILE
    assert store.path.stat().st_mode & 0o777 == 0o600
    assert [len(keys.token), len(keys.nonce), len(keys.mail)] == [1, 1, 1]
    again, made_again = KeyStore.of(tmp_path / "data", environ={}).load()
    assert (again, made_again) == (keys, False)
    assert [path.name for path in store.path.parent.iterdir()] == [KEY_FILE]  # no temporary file left behind


def test_processes_starting_together_on_one_data_directory_end_with_the_same_keys(tmp_path: Path) -> None:
    found: list[KeySet] = []
    start = threading.Barrier(8)

    def load() -> None:
        start.wait()
        found.append(KeyStore.of(tmp_path, environ={}).load()[0])

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8
    assert all(keys == found[0] for keys in found)


def test_the_environment_holds_the_keys_and_nothing_is_written(tmp_path: Path) -> None:
    document = json.dumps(KeySet.fresh().document())
    store = KeyStore.of(tmp_path, environ={ENVIRONMENT: document})
    keys, made = store.load()
    assert not made
    assert keys == KeySet.from_document(json.loads(document), ENVIRONMENT)
    assert not (tmp_path / KEY_FILE).exists()
    with pytest.raises(KeysError, match=ENVIRONMENT):
        store.write(keys.rotated())


@pytest.mark.parametrize(
    "document",
    [
        "not json",
        "[]",
        '{"token": [], "nonce": ["00"], "mail": ["x"]}',
        '{"token": ["zz"], "nonce": ["' + "00" * 32 + '"], "mail": ["' + "A" * 44 + '"]}',
        '{"token": ["' + "00" * 32 + '"], "nonce": ["' + "00" * 32 + '"], "mail": ["not a fernet key"]}',
    ],
)
def test_a_malformed_key_document_is_a_clear_error(tmp_path: Path, document: str) -> None:
    with pytest.raises(KeysError, match=ENVIRONMENT):
        KeyStore.of(tmp_path, environ={ENVIRONMENT: document}).load()
    (tmp_path / KEY_FILE).write_text(document)
    with pytest.raises(KeysError, match=KEY_FILE):
        KeyStore.of(tmp_path, environ={}).load()


def test_rotate_puts_new_keys_first_and_keeps_the_old_ones(tmp_path: Path) -> None:
    store = KeyStore.of(tmp_path, environ={})
    before, _made = store.load()
    result = CliRunner().invoke(main, ["keys", "rotate", "--data-dir", str(tmp_path)], env={ENVIRONMENT: ""})
    assert result.exit_code == 0, result.output
    assert "Restart the server processes" in result.output
    after, _made = store.load()
    assert (after.token[1:], after.nonce[1:], after.mail[1:]) == (before.token, before.nonce, before.mail)
    assert not {after.token[0], after.nonce[0], after.mail[0]} & {*before.token, *before.nonce, *before.mail}
    assert store.path.stat().st_mode & 0o777 == 0o600


def test_rotate_without_keys_says_where_they_would_be(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["keys", "rotate", "--data-dir", str(tmp_path)], env={ENVIRONMENT: ""})
    assert result.exit_code == 1
    assert str(tmp_path / KEY_FILE) in result.output
    assert not (tmp_path / KEY_FILE).exists()


def test_keys_from_the_environment_rotate_by_printing(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["keys", "new"])
    assert made.exit_code == 0, made.output
    first = KeySet.from_document(json.loads(made.output), "keys new")
    refused = runner.invoke(main, ["keys", "rotate", "--data-dir", str(tmp_path)], env={ENVIRONMENT: made.output})
    assert refused.exit_code == 2
    assert "--print" in refused.output
    printed = runner.invoke(
        main, ["keys", "rotate", "--print", "--data-dir", str(tmp_path)], env={ENVIRONMENT: made.output}
    )
    assert printed.exit_code == 0, printed.output
    rotated = KeySet.from_document(json.loads(printed.output), "keys rotate --print")
    assert rotated.token[1:] == first.token
    assert not (tmp_path / KEY_FILE).exists()


def test_a_fresh_document_has_a_credential_key_that_rotates_like_the_others(tmp_path: Path) -> None:
    keys, _made = KeyStore.of(tmp_path, environ={}).load()
    assert len(keys.credential) == 1 and len(keys.credential[0]) == 32
    document = json.loads((tmp_path / KEY_FILE).read_text())
    assert document["credential"] == [keys.credential[0].hex()]
    rotated = keys.rotated()
    assert rotated.credential[1:] == keys.credential
    assert rotated.credential[0] not in keys.credential
    assert rotated.current_only().credential == rotated.credential[:1]
    assert KeySet.from_document(rotated.document(), "rotated") == rotated


def test_a_document_without_credential_keys_derives_the_same_one_everywhere(tmp_path: Path) -> None:
    document = KeySet.fresh().document()
    del document["credential"]  # as a version before credential keys wrote it
    one = KeyStore.of(tmp_path, environ={ENVIRONMENT: json.dumps(document)}).load()[0]
    other = KeySet.from_document(json.loads(json.dumps(document)), "another process")
    assert one.credential == other.credential and len(one.credential[0]) == 32
    assert one.credential[0] not in (*one.token, *one.nonce)
    assert not (tmp_path / KEY_FILE).exists()  # from the environment: nothing written
    (tmp_path / KEY_FILE).write_text(json.dumps(document))
    (tmp_path / KEY_FILE).chmod(0o600)
    from_file, made = KeyStore.of(tmp_path, environ={}).load()
    assert (from_file, made) == (one, False)
    assert json.loads((tmp_path / KEY_FILE).read_text())["credential"] == [one.credential[0].hex()]  # written down


@pytest.mark.parametrize("credential", ['"' + "00" * 32 + '"', "[]", '["' + "00" * 16 + '"]', '["zz"]'])
def test_a_malformed_credential_key_is_a_clear_error(tmp_path: Path, credential: str) -> None:
    document = KeySet.fresh().document()
    text = json.dumps(document).replace(json.dumps(document["credential"]), credential)
    with pytest.raises(KeysError, match=ENVIRONMENT):
        KeyStore.of(tmp_path, environ={ENVIRONMENT: text}).load()
