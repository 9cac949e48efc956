"""Sending one mail to an SMTP server, as ``--smtp-url`` describes it.

``smtp://[user[:password]@]host[:port]`` (plain, port 25), ``smtp+starttls://...`` (STARTTLS, port 587) or
``smtps://...`` (implicit TLS, port 465), with an optional ``?from=address`` for the sender.
"""

import asyncio
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

Security = Literal["plain", "starttls", "tls"]

_SCHEMES: dict[str, tuple[Security, int]] = {
    "smtp": ("plain", 25),
    "smtp+starttls": ("starttls", 587),
    "smtps": ("tls", 465),
}
DEFAULT_SENDER = "atlas-access@localhost"
TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where and how mails are sent. ``repr`` and ``shown`` never include the password."""

    host: str
    port: int
    security: Security = "plain"
    username: str | None = None
    password: str | None = None
    sender: str = DEFAULT_SENDER
    timeout: float = TIMEOUT_SECONDS

    def __repr__(self) -> str:
        return f"SmtpSettings({self.shown()!r})"

    def shown(self) -> str:
        """The URL with the password masked, for banners and logs."""
        scheme = next(name for name, (security, _) in _SCHEMES.items() if security == self.security)
        login = ""
        if self.username is not None:
            login = quote(self.username, safe="") + (":***" if self.password is not None else "") + "@"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{login}{host}:{self.port}?from={self.sender}"


def parse_smtp_url(url: str) -> SmtpSettings:
    """Read an ``--smtp-url``; ValueError names what is wrong (without repeating the password)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise ValueError(f"the scheme must be smtp, smtp+starttls or smtps, not {scheme or 'missing'!r}")
    security, default_port = _SCHEMES[scheme]
    if not parts.hostname:
        raise ValueError("a host is missing, e.g. smtp://mail.example.com:25")
    try:
        port = default_port if parts.port is None else parts.port
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ValueError("the port must be a number from 1 to 65535")
    if parts.path not in ("", "/"):
        raise ValueError(f"an SMTP URL has no path, found {parts.path!r}")
    if parts.fragment:
        raise ValueError("an SMTP URL has no #fragment")
    username = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    if password is not None and not username:
        raise ValueError("a password needs a user name: smtp://user:password@host")
    return SmtpSettings(parts.hostname, port, security, username or None, password, _sender(parts.query))


def _sender(query: str) -> str:
    fields: dict[str, list[str]] = {}
    for part in filter(None, query.split("&")):
        name, equals, value = part.partition("=")
        if not equals:
            raise ValueError(f"cannot read {part!r} in the query: only ?from=address is known")
        # unquote, not a form decoder: "+" stays a plus, as in invites+atlas@example.com
        fields.setdefault(unquote(name), []).append(unquote(value))
    unknown = sorted(set(fields) - {"from"})
    if unknown:
        raise ValueError(f"unknown parameter {unknown[0]!r}: only ?from=address is known")
    values = fields.get("from", [DEFAULT_SENDER])
    if len(values) != 1:
        raise ValueError("give ?from= once")
    sender = values[0].strip()
    _, address = parseaddr(sender)  # "Name <user@domain>" or "user@domain"
    local, _, domain = address.rpartition("@")
    if not local or not domain or " " in address:
        raise ValueError(f"?from={sender!r} is not a mail address (user@domain or Name <user@domain>)")
    return sender


def message(settings: SmtpSettings, recipient: str, subject: str, text: str, html: str) -> EmailMessage:
    """A multipart/alternative mail: the text, then the same in HTML."""
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = recipient
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = make_msgid(domain=parseaddr(settings.sender)[1].rpartition("@")[2] or "localhost")
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    return mail


def send_now(settings: SmtpSettings, mail: EmailMessage) -> None:
    """Hand ``mail`` to the SMTP server; returns only once the server accepted it, raises otherwise."""
    # gethostname, not smtplib's default getfqdn: a DNS lookup for the HELO name can stall for seconds.
    helo = socket.gethostname() or "localhost"
    client: smtplib.SMTP
    if settings.security == "tls":
        client = smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            local_hostname=helo,
            timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        client = smtplib.SMTP(settings.host, settings.port, local_hostname=helo, timeout=settings.timeout)
    with client:
        if settings.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.username is not None:
            client.login(settings.username, settings.password or "")
        client.send_message(mail)  # raises SMTPRecipientsRefused when the (only) recipient is refused


async def send(settings: SmtpSettings, recipient: str, subject: str, text: str, html: str) -> None:
    """``send_now`` in a worker thread, so that the event loop keeps serving requests."""
    await asyncio.to_thread(send_now, settings, message(settings, recipient, subject, text, html))


def describe(problem: BaseException) -> str:
    """A short reason for the outbox and the log: the server's reply or the network error, never credentials."""
    if isinstance(problem, smtplib.SMTPRecipientsRefused):
        replies = [f"{code} {_text(reply)}" for code, reply in problem.recipients.values()]
        return "recipient refused: " + "; ".join(replies)
    if isinstance(problem, smtplib.SMTPAuthenticationError):
        return f"login refused: {problem.smtp_code} {_text(problem.smtp_error)}"
    if isinstance(problem, smtplib.SMTPResponseException):
        return f"{type(problem).__name__}: {problem.smtp_code} {_text(problem.smtp_error)}"
    if isinstance(problem, TimeoutError):
        return "timed out"
    return f"{type(problem).__name__}: {problem}"


def _text(reply: bytes | str) -> str:
    return (reply.decode(errors="replace") if isinstance(reply, bytes) else reply).strip()
