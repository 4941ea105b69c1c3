"""The feeds package's exception tree.

Every message is written for a teacher or an administrator reading the News page or the CLI:
it names the source and says what happens next, never a stack trace.
"""

from __future__ import annotations

from tracker.errors import TrackerError


class FeedError(TrackerError):
    """A news source could not be fetched, read or stored.

    ``kind`` is a short stable code stored with the feed's health (``last_error_kind``) so the
    page can show the reason in the reader's language.
    """

    kind = "error"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url

    def __reduce__(self):
        # Errors cross from the parse workers; keyword-only fields would be lost by default pickling.
        return (_rebuild, (type(self), self.args[0] if self.args else "", self.__dict__))


def _rebuild(cls: type[FeedError], message: str, state: dict) -> FeedError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InvalidFeedURL(FeedError, ValueError):
    """The address is not an http(s) URL we can fetch."""

    kind = "invalid_url"


class PrivateAddressRefused(FeedError, PermissionError):
    """The address resolves to a private, loopback or otherwise internal network address."""

    kind = "private_address"


class FeedUnreachable(FeedError, ConnectionError):
    """The source could not be reached (DNS, refused connection, network down)."""

    kind = "unreachable"


class FeedTimeout(FeedUnreachable):
    """The source did not answer in time."""

    kind = "timeout"


class FeedTooLarge(FeedError):
    """The (decompressed) response is bigger than the configured cap."""

    kind = "too_large"


class TooManyRedirects(FeedError):
    """More than the allowed number of redirects."""

    kind = "redirects"


class FeedHTTPError(FeedError):
    """The server answered with an HTTP error status."""

    kind = "http"

    def __init__(
        self, message: str, *, url: str | None = None, status: int, retry_after: str | None = None
    ) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.retry_after = retry_after


class FeedGone(FeedHTTPError):
    """HTTP 410: the publisher removed the feed for good; it is deactivated."""

    kind = "gone"


class NotAFeed(FeedError):
    """The address answered, but with something that is not RSS or Atom (often a web page)."""

    kind = "not_a_feed"


class UnsafeFeed(NotAFeed):
    """The document declares a DTD (its own entities) or has broken markup before its first element.

    Entity declarations are how a few kilobytes of feed become gigabytes in the parser (issue 9), and no
    RSS or Atom feed needs one, so such a document is not read at all.
    """

    kind = "unsafe_xml"


class ParseAborted(FeedError):
    """The worker process reading the feed was stopped: it reached its memory or time limit, or crashed."""

    kind = "parse_aborted"


class InvalidOPML(FeedError, ValueError):
    """An OPML file could not be read."""

    kind = "opml"
