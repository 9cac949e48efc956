"""The server's signing and sealing keys, kept outside the database: a copy of it alone forges no token, opens no
invitation link and answers no Digest challenge.

Four kinds of key: ``token`` signs service-account access tokens, ``nonce`` signs Digest nonces, ``mail`` seals
what an invitation mail carries (its link holds the invitee's single-use token), ``credential`` seals each API key's
Digest HA1 (``server.auth.ha1_seal``: HA1 answers a challenge as well as the private key does). Each kind is a
list: the first key signs or seals, the others (older keys, after a rotation) still verify or unseal.

Where they live, as one JSON document ``{"token": [...], "nonce": [...], "mail": [...], "credential": [...]}``:
- the environment variable ``ATLAS_ACCESS_KEYS`` when it is set (the way to give several processes on several
  hosts the same keys), else
- ``<data dir>/keys.json``, readable by its owner only (0600), made on the first start. Several processes that share
  one data directory share it.

``atlas-access keys rotate`` puts a new key of each kind first and keeps the older ones, so that tokens, nonces and
mail links made before keep working; restart the server processes to use the new keys.

A document of a version before ``credential`` keys has none: its credential key is then derived from its first
token key (HKDF), the same in every process that reads the same document, and written into the key file.
"""

import binascii
import contextlib
import json
import logging
import os
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from atlas_access.server.auth.ha1_seal import KEY_BYTES, Ha1Seal

log = logging.getLogger("atlas_access.server")

ENVIRONMENT = "ATLAS_ACCESS_KEYS"
KEY_FILE = "keys.json"
KINDS = ("token", "nonce", "mail", "credential")
_ABOUT = (
    "atlas-access signing and sealing keys: keep this file private. The first key of each list signs or seals; "
    "the others, from earlier rotations, still verify or unseal."
)


class KeysError(Exception):
    """The keys cannot be read or written; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class KeySet:
    """Every key of each kind, the current one first."""

    token: tuple[bytes, ...]
    nonce: tuple[bytes, ...]
    mail: tuple[bytes, ...]  # Fernet keys (url-safe base64 text, as bytes)
    credential: tuple[bytes, ...]  # AES-256-GCM keys that seal API keys' HA1

    @classmethod
    def fresh(cls) -> "KeySet":
        return cls((_new_secret(),), (_new_secret(),), (Fernet.generate_key(),), (_new_secret(),))

    def rotated(self, *, keep_previous: bool = True) -> "KeySet":
        """A new current key of each kind; the present ones kept after it unless ``keep_previous`` is False."""
        new = KeySet.fresh()
        if not keep_previous:
            return new
        return KeySet(
            new.token + self.token, new.nonce + self.nonce, new.mail + self.mail, new.credential + self.credential
        )

    def current_only(self) -> "KeySet":
        """Only the current key of each kind."""
        return KeySet(self.token[:1], self.nonce[:1], self.mail[:1], self.credential[:1])

    def with_previous(self, kind: str, key: bytes) -> "KeySet":
        """This set with ``key`` among the ``kind`` keys (after the current one) unless it is there already."""
        held: tuple[bytes, ...] = getattr(self, kind)
        if key in held:
            return self
        return replace(self, **{kind: (*held, key)})

    def document(self) -> dict[str, Any]:
        return {
            "about": _ABOUT,
            "token": [key.hex() for key in self.token],
            "nonce": [key.hex() for key in self.nonce],
            "mail": [key.decode("ascii") for key in self.mail],
            "credential": [key.hex() for key in self.credential],
        }

    @classmethod
    def from_document(cls, document: object, where: str) -> "KeySet":
        """Parse a key document; KeysError naming ``where`` when it is not one."""
        if not isinstance(document, Mapping):
            raise KeysError(f"{where}: not a JSON object with token, nonce, mail and credential keys")
        lists: dict[str, tuple[bytes, ...]] = {}
        for kind in KINDS:
            found = document.get(kind)
            if kind == "credential" and found is None:  # a document of an earlier version
                lists[kind] = (derived_credential_key(lists["token"][0]),)
                continue
            if not isinstance(found, list) or not found or not all(isinstance(key, str) for key in found):
                raise KeysError(f"{where}: {kind!r} must be a non-empty list of keys")
            lists[kind] = tuple(_parsed(kind, key, where) for key in found)
        return cls(lists["token"], lists["nonce"], lists["mail"], lists["credential"])

    def ha1_seal(self) -> Ha1Seal:
        """What seals and opens API keys' HA1 with these keys."""
        return Ha1Seal.of(self.credential)


def derived_credential_key(token_key: bytes) -> bytes:
    """The credential key of a document from before credential keys: derived from its first token key, so that
    every process reading the same document finds the same one (none has to write it first)."""
    derivation = HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"atlas-access credential key from token key v1")
    return derivation.derive(token_key)


def _new_secret() -> bytes:
    return secrets.token_bytes(32)


def _parsed(kind: str, text: str, where: str) -> bytes:
    if kind == "mail":
        try:
            Fernet(text.encode("ascii"))
        except (ValueError, binascii.Error, UnicodeEncodeError):
            raise KeysError(f"{where}: a mail key is not a Fernet key (url-safe base64 of 32 bytes)") from None
        return text.encode("ascii")
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeysError(f"{where}: a {kind} key is not hexadecimal") from None
    if len(key) < 16:
        raise KeysError(f"{where}: a {kind} key is shorter than 16 bytes")
    if kind == "credential" and len(key) != KEY_BYTES:
        raise KeysError(f"{where}: a credential key is {KEY_BYTES} bytes ({2 * KEY_BYTES} hexadecimal digits)")
    return key


# --- where the keys live ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyStore:
    """Where this server's keys are: the environment's document, else the data directory's key file."""

    data_dir: Path
    environment: str | None = None  # the value of ATLAS_ACCESS_KEYS, when set

    @classmethod
    def of(cls, data_dir: Path, environ: Mapping[str, str] | None = None) -> "KeyStore":
        value = (os.environ if environ is None else environ).get(ENVIRONMENT)
        return cls(data_dir, value if value and value.strip() else None)

    @property
    def path(self) -> Path:
        return self.data_dir / KEY_FILE

    def describe(self) -> str:
        return f"the {ENVIRONMENT} environment variable" if self.environment is not None else str(self.path)

    def read(self) -> KeySet | None:
        """The keys; None when there is no key file yet (and no environment document)."""
        found = self._read()
        return None if found is None else found[0]

    def _read(self) -> tuple[KeySet, bool] | None:
        """The keys, and whether their document lists credential keys (one of an earlier version does not)."""
        if self.environment is not None:
            document = _json(self.environment, ENVIRONMENT)
            return KeySet.from_document(document, ENVIRONMENT), _has_credential(document)
        try:
            text = self.path.read_text()
        except FileNotFoundError:
            return None
        except OSError as problem:
            raise KeysError(f"cannot read {self.path}: {problem}") from None
        if self.path.stat().st_mode & 0o077:
            log.warning("%s can be read by others than its owner: chmod 600 it", self.path)
        document = _json(text, str(self.path))
        return KeySet.from_document(document, str(self.path)), _has_credential(document)

    def load(self) -> tuple[KeySet, bool]:
        """The keys, made and written now if there are none yet; and whether they were made now."""
        read = self._read()
        if read is not None:
            found, complete = read
            if not complete:
                self._complete(found)
            return found, False
        made = KeySet.fresh()
        if _create(self.path, made):
            return made, True
        again = self.read()  # another process sharing the data directory made them first
        if again is None:
            raise KeysError(f"{self.path} vanished while being read")
        return again, False

    def _complete(self, keys: KeySet) -> None:
        """Keep the credential key derived for a document of an earlier version (``derived_credential_key``): in
        the key file, so that a later change of its token keys keeps it; with the environment, say how."""
        if self.environment is not None:
            log.warning(
                "%s has no credential key: the one derived from its first token key seals API keys' Digest "
                "secrets. Put the output of `atlas-access keys rotate --print` in it (which lists that key).",
                ENVIRONMENT,
            )
            return
        try:
            _replace(self.path, keys)
        except OSError as problem:
            log.warning("cannot add the credential key to %s: %s", self.path, problem)

    def ha1_seal(self) -> Ha1Seal:
        """What seals and opens API keys' HA1 with this store's keys (made now if there are none yet): for the
        migration that seals HA1 kept in clear by an earlier version (``migrate.upgrade``)."""
        return self.load()[0].ha1_seal()

    def write(self, keys: KeySet) -> None:
        """Replace the key file (atomically: readers see the old file or the new one)."""
        if self.environment is not None:
            raise KeysError(f"the keys come from {ENVIRONMENT}: change that variable instead")
        _replace(self.path, keys)

    def adopt(self, texts: Mapping[str, str]) -> None:
        """Take keys an earlier version kept in the database (kind -> key, in the file's text forms) into this store,
        so that what was made with them keeps working: into a new key file as the current keys, else after the
        current ones. With ``ATLAS_ACCESS_KEYS``, they must be in it already (KeysError otherwise)."""
        legacy = {kind: _parsed(kind, text, "the database's settings") for kind, text in texts.items()}
        if self.environment is not None:
            keys = self.read()
            assert keys is not None
            missing = [kind for kind, key in legacy.items() if key not in getattr(keys, kind)]
            if missing:
                raise KeysError(
                    f"the database holds {', '.join(missing)} keys of an earlier version, which {ENVIRONMENT} does "
                    f"not have. Start the server once without {ENVIRONMENT}: it moves them to DATA_DIR/{KEY_FILE}; "
                    f"then give that file's content to {ENVIRONMENT}."
                )
            return
        keys = self.read()
        if keys is None:
            fresh = KeySet.fresh()
            keys = KeySet(*(((legacy[kind],) if kind in legacy else getattr(fresh, kind)) for kind in KINDS))
            if _create(self.path, keys):
                return
            keys = self.read()
            assert keys is not None
        adopted = keys
        for kind, key in legacy.items():
            adopted = adopted.with_previous(kind, key)
        if adopted != keys:
            _replace(self.path, adopted)


def _has_credential(document: object) -> bool:
    return isinstance(document, Mapping) and "credential" in document


def _json(text: str, where: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        raise KeysError(f"{where}: not JSON") from None


def _serialised(keys: KeySet) -> bytes:
    return (json.dumps(keys.document(), indent=2) + "\n").encode()


def _temporary(path: Path, keys: KeySet) -> Path:
    """Write the keys to a new private file next to ``path``; its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=".keys-", suffix=".tmp", dir=path.parent)  # created 0600
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(_serialised(keys))
        handle.flush()
        os.fsync(handle.fileno())
    return Path(name)


def _create(path: Path, keys: KeySet) -> bool:
    """Write the key file unless it exists; True when this call wrote it (of racing processes, one does)."""
    temporary = _temporary(path, keys)
    try:
        os.link(temporary, path)  # atomic, and fails if the file exists: never a half-written key file
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return True


def _replace(path: Path, keys: KeySet) -> None:
    temporary = _temporary(path, keys)
    os.replace(temporary, path)
