"""Identifiers: real ObjectIds, as MongoDB Cloud uses for every resource."""

import itertools
import os
import re
import secrets
import time

_OBJECT_ID = re.compile(r"[a-f0-9]{24}")


class _Generator:
    """ObjectIds as MongoDB's drivers make them: 4 bytes of seconds since the epoch, 5 random bytes of the process,
    a 3-byte counter that starts at a random value. A forked process draws its own random bytes and counter."""

    def __init__(self) -> None:
        self.renew()
        os.register_at_fork(after_in_child=self.renew)

    def renew(self) -> None:
        self.process = secrets.token_hex(5)
        self.counter = itertools.count(secrets.randbelow(0x1000000))
        # The second and the id's first 18 digits for it (its time and the process's bytes): made once a second.
        # One tuple, replaced whole, so that a thread never reads one second with another's digits.
        self._stamp: tuple[int, str] = (-1, "")

    def __call__(self) -> str:
        now = int(time.time())
        second, prefix = self._stamp
        if now != second:
            prefix = f"{now & 0xFFFFFFFF:08x}{self.process}"
            self._stamp = (now, prefix)
        return prefix + "%06x" % (next(self.counter) & 0xFFFFFF)


new_id = _Generator()
new_id.__doc__ = "A fresh ObjectId as 24 lowercase hex digits; successive calls in one process ascend."


def is_object_id(value: str) -> bool:
    """True when ``value`` has the wire's id form ``^([a-f0-9]{24})$``."""
    return _OBJECT_ID.fullmatch(value) is not None


def new_public_key() -> str:
    """An API key's public key: 8 lowercase letters, like the real ``nmtxqlkl``."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def new_private_key() -> str:
    """An API key's private key: a UUID-shaped secret, as MongoDB Cloud issues them."""
    raw = secrets.token_hex(16)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def new_client_id() -> str:
    """A service account's client id, ``mdb_sa_id_<24 hex>``."""
    return f"mdb_sa_id_{new_id()}"


def client_id_key(value: str) -> str:
    """A client id as stored: its hex digits in lower case (a client may send them in upper case)."""
    prefix = "mdb_sa_id_"
    return prefix + value[len(prefix) :].lower() if value.startswith(prefix) else value


def new_client_secret() -> str:
    """A service account secret, ``mdb_sa_sk_<random>``."""
    return f"mdb_sa_sk_{secrets.token_urlsafe(30)}"


_PUBLIC_KEY = re.compile(r"[a-z]{8}")
_PRIVATE_KEY = re.compile(r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}")
_CLIENT_ID = re.compile(r"mdb_sa_id_[a-f0-9]{24}")
_CLIENT_SECRET = re.compile(r"mdb_sa_sk_[A-Za-z0-9_-]{20,100}")

# What a credential fixed in advance (a fixture document, the bootstrap's ATLAS_ACCESS_* variables) must look
# like: the form MongoDB Cloud issues, so that clients which check it (the atlas CLI does) accept it.
CREDENTIAL_FORMS = {
    "id": (_OBJECT_ID, "24 lowercase hexadecimal digits"),
    "publicKey": (_PUBLIC_KEY, "8 lowercase letters"),
    "privateKey": (_PRIVATE_KEY, "a lowercase UUID (8-4-4-4-12 hexadecimal digits)"),
    "clientId": (_CLIENT_ID, "mdb_sa_id_ and 24 lowercase hexadecimal digits"),
    "clientSecret": (_CLIENT_SECRET, "mdb_sa_sk_ and 20 to 100 letters, digits, - or _"),
}


def credential_problem(kind: str, value: str) -> str | None:
    """The form ``value`` lacks to be a ``kind`` (a key of ``CREDENTIAL_FORMS``); None when it has it."""
    form, described = CREDENTIAL_FORMS[kind]
    return None if form.fullmatch(value) else described
