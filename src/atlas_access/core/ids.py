"""Identifiers: real ObjectIds, as MongoDB Cloud uses for every resource."""

import re
import secrets

from bson import ObjectId

_OBJECT_ID = re.compile(r"[a-f0-9]{24}")


def new_id() -> str:
    """A fresh ObjectId as 24 lowercase hex digits; successive calls in one process ascend."""
    return str(ObjectId())


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
