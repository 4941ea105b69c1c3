"""Sending mail through ``TRACKER_SMTP_URL``: reminders and enterprise confirmation links share this."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from tracker.errors import ConfigError, TrackerError
from tracker.i18n import Text


class MailError(TrackerError):
    """The mail server refused or could not be reached."""


def message(*, sender: str, to: str, subject: str, body: str, cc: Iterable[str] = ()) -> EmailMessage:
    """A plain-text UTF-8 message with a Date and a Message-ID."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    cc = list(cc)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="tracker.local")
    msg.set_content(body)
    return msg


def send_messages(messages: Iterable[EmailMessage], smtp_url: str | None, *, what: str = "mail") -> int:
    """Send each message through ``smtp_url`` (``smtp://host:port``, ``smtp+starttls://`` or ``smtps://``,
    optionally ``user:password@``); returns how many were sent.

    Raises:
        ConfigError: no or a malformed TRACKER_SMTP_URL.
        MailError: the server could not be reached or refused a message.
    """
    if not smtp_url:
        raise ConfigError(Text("errors.mail.no_url", what=what))
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps", "smtp+starttls") or not url.hostname:
        raise ConfigError(Text("errors.mail.bad_url"))
    try:
        port = url.port or (465 if url.scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError(Text("errors.mail.bad_port")) from None
    sent = 0
    try:
        if url.scheme == "smtps":
            client = smtplib.SMTP_SSL(url.hostname, port, timeout=30, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(url.hostname, port, timeout=30)
        with client:
            if url.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            for msg in messages:
                client.send_message(msg)
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(
            Text("errors.mail.failed", what=what, host=url.hostname, port=port, detail=str(exc), sent=sent)
        ) from None
    return sent
