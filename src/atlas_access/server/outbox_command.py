"""``atlas-access outbox``: the mails the server wrote, read straight from its database (no server needed)."""

import textwrap
from pathlib import Path
from typing import Any

from atlas_access.server.keys import KeysError, KeyStore
from atlas_access.server.mail.seal import Seal
from atlas_access.server.mail.view import mail_view
from atlas_access.store import outbox
from atlas_access.store.database import Database, sqlite_file, sqlite_url

RULE = "-" * 72


class OutboxUnavailable(Exception):
    """The database cannot be read (yet); the message says why and what to do."""


def read_mails(data_dir: Path, database_url: str | None) -> list[dict[str, Any]]:
    """Every mail as ``GET /api/local/v1/outbox`` shows it, oldest first. What a mail carries is sealed with the
    server's mail key (``DATA_DIR/keys.json`` or ``ATLAS_ACCESS_KEYS``): without it, links and texts show as
    sealed."""
    url = database_url or sqlite_url(data_dir.resolve())
    on_file = sqlite_file(url)
    if on_file is not None and not on_file.is_file():
        raise OutboxUnavailable(f"no database at {on_file} yet: start `atlas-access serve --data-dir {data_dir}` once")
    db = Database(url)
    try:
        if not db.has_table("outbox"):
            raise OutboxUnavailable("the database has no outbox yet: start `atlas-access serve` with it once")
        try:
            keys = KeyStore.of(data_dir).read()
        except KeysError as problem:
            raise OutboxUnavailable(str(problem)) from None
        seal = Seal.without_keys() if keys is None else Seal.of(keys.mail)
        mails = db.run_sync(outbox.listing)
    finally:
        db.dispose()
    return [mail_view(mail, seal) for mail in mails]


def choose(mails: list[dict[str, Any]], *, to: str | None, last: int | None) -> list[dict[str, Any]]:
    """The mails to ``to`` (any case), and of those the ``last`` newest; the order is kept."""
    if to is not None:
        mails = [mail for mail in mails if mail["to"].lower() == to.strip().lower()]
    if last is not None:
        mails = mails[-last:] if last > 0 else []
    return mails


def as_text(mails: list[dict[str, Any]]) -> str:
    """A readable listing, newest last."""
    if not mails:
        return "The outbox is empty.\n"
    blocks = []
    for mail in mails:
        head = [
            f"To:        {mail['to']}",
            f"Subject:   {mail['subject']}",
            f"Created:   {mail['createdAt']}",
            f"Delivery:  {_delivery(mail)}",
            f"Link:      {mail['link']}",
        ]
        blocks.append("\n".join([RULE, *head, "", textwrap.indent(mail["text"].rstrip("\n"), "  ")]))
    return "\n\n".join(blocks) + "\n"


def _delivery(mail: dict[str, Any]) -> str:
    state, attempts = mail["delivery"], mail["attempts"]
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    if state == outbox.STORED:
        return "STORED (not sent: no SMTP server configured)"
    if state == outbox.SENT:
        return f"SENT at {mail['sentAt']} ({tries})"
    if mail["lastError"]:
        return f"{state} ({tries}, last error: {mail['lastError']})"
    return f"{state} ({tries})"
