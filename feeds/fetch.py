"""Fetch a feed over HTTP(S) safely: timeouts, a decompressed-size cap, at most five redirects
followed by hand, the private-address guard on every connection, and conditional GET."""

from __future__ import annotations

import socket
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from feeds.errors import (
    FeedError,
    FeedGone,
    FeedHTTPError,
    FeedTimeout,
    FeedTooLarge,
    FeedUnreachable,
    InvalidFeedURL,
    PrivateAddressRefused,
    TooManyRedirects,
)
from feeds.guard import is_public_address, literal_address
from tracker.i18n import Text

USER_AGENT = "CrossBorderTracker-News/1.0 (vocational college teaching; +feeds aggregator)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
MAX_REDIRECTS = 5
_PERMANENT = frozenset({301, 308})
_REDIRECT = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch brought back.

    ``body`` is None when the server answered 304 Not Modified. ``new_url`` is set when every
    redirect from the stored address was permanent (301/308): the feed has moved.
    """

    url: str
    final_url: str
    status: int
    body: bytes | None
    headers: dict[str, str] = field(default_factory=dict)
    new_url: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.body is None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def validate_feed_url(url: str) -> str:
    """Return ``url`` stripped if it is an absolute http(s) URL with a host, else raise InvalidFeedURL."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidFeedURL(Text("errors.feed.not_web_address", url=url), url=url)
    if len(url) > 2000:
        raise InvalidFeedURL(Text("errors.feed.url_too_long"), url=url[:100])
    return url


def refuse_private_literal(url: str) -> None:
    """Raise PrivateAddressRefused when ``url``'s host is a literal non-public IP address."""
    host = urlsplit(url).hostname or ""
    literal = literal_address(host)
    if literal is not None and not is_public_address(literal):
        raise PrivateAddressRefused(Text("errors.feed.private_url", url=url), url=url)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves the host itself and connects only to public addresses.

    Checking at connect time (rather than resolving once before the request) means the address
    that was checked is the address connected to: DNS rebinding cannot swap it in between.
    """

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        literal = literal_address(host)
        if literal is not None:
            addresses = [str(literal)]
        else:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise httpcore.ConnectError(f"name does not resolve: {host}") from exc
            addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            if not is_public_address(address.split("%", 1)[0]):
                raise PrivateAddressRefused(Text("errors.feed.private_host", host=host, address=address))
        error: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        raise httpcore.ConnectError("unix sockets are not used for feeds")

    def sleep(self, seconds: float) -> None:  # pragma: no cover
        self._inner.sleep(seconds)


class Fetcher:
    """A reusable, thread-safe HTTP client for feeds (one connection pool for a whole refresh).

    Args:
        timeout: connect/read/write timeout in seconds; a whole fetch may take at most three times it.
        max_bytes: cap on the decompressed body.
        allow_private: lift the private-address guard (loopback tests and benchmarks only).
        max_connections: size of the connection pool (at least the number of fetch threads).
    """

    def __init__(
        self, *, timeout: float, max_bytes: int, allow_private: bool = False, max_connections: int = 16
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        transport = httpx.HTTPTransport(
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            trust_env=False,
        )
        if not allow_private:
            # httpx has no public hook for the network backend; httpcore's pool reads this attribute
            # on every new connection (httpcore 1.x).
            transport._pool._network_backend = _GuardedBackend()  # noqa: SLF001
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url``, following up to five redirects, each hop checked by the guard.

        Raises:
            FeedError: a subclass saying what went wrong, with a message for a teacher.
        """
        deadline = time.monotonic() + 3 * self.timeout
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = validate_feed_url(url)
        permanent = True
        new_url: str | None = None
        for _hop in range(MAX_REDIRECTS + 1):
            if not self.allow_private:
                refuse_private_literal(current)
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    if response.status_code in _REDIRECT:
                        location = response.headers.get("location")
                        if not location:
                            raise FeedHTTPError(
                                Text("errors.feed.redirect_no_target", host=_host(current)),
                                url=url,
                                status=response.status_code,
                            )
                        permanent = permanent and response.status_code in _PERMANENT
                        current = validate_feed_url(urljoin(current, location.strip()))
                        if permanent:
                            new_url = current
                        continue
                    return self._finish(response, url, current, new_url, deadline)
            except FeedError as exc:
                if exc.url is None:
                    exc.url = url
                raise
            except httpx.TimeoutException as exc:
                raise FeedTimeout(
                    Text("errors.feed.timeout", host=_host(current), seconds=f"{self.timeout:g}"), url=url
                ) from exc
            except httpx.HTTPError as exc:
                raise FeedUnreachable(
                    Text("errors.feed.unreachable", host=_host(current), reason=_reason(exc)), url=url
                ) from exc
        raise TooManyRedirects(Text("errors.feed.redirects", host=_host(url), limit=MAX_REDIRECTS), url=url)

    def _finish(
        self, response: httpx.Response, url: str, final_url: str, new_url: str | None, deadline: float
    ) -> FetchResult:
        headers = {k.lower(): v for k, v in response.headers.items()}
        status = response.status_code
        if status == 304:
            return FetchResult(url, final_url, status, None, headers, new_url)
        if status == 410:
            raise FeedGone(
                Text("errors.feed.gone", url=url),
                url=url,
                status=status,
            )
        if status >= 400 or status < 200 or status == 204:
            raise FeedHTTPError(
                Text("errors.feed.http", host=_host(final_url), status=status),
                url=url,
                status=status,
                retry_after=headers.get("retry-after"),
            )
        body = self._read_capped(response, headers, url, deadline)
        return FetchResult(url, final_url, status, body, headers, new_url)

    def _read_capped(
        self, response: httpx.Response, headers: dict[str, str], url: str, deadline: float
    ) -> bytes:
        encoding = headers.get("content-encoding", "identity").strip().lower()
        declared = headers.get("content-length", "")
        if encoding in ("", "identity") and declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(url)
        chunks: list[bytes] = []
        size = 0
        for chunk in _decoded(response.iter_raw(), encoding, self.max_bytes + 1, url):
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(url)
            if time.monotonic() > deadline:
                raise FeedTimeout(Text("errors.feed.too_slow", host=_host(url)), url=url)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, url: str) -> FeedTooLarge:
        mib = f"{self.max_bytes / 1048576:.1f}"
        return FeedTooLarge(Text("errors.feed.too_large", url=url, mib=mib), url=url)


def _decoded(raw: Iterator[bytes], encoding: str, limit: int, url: str) -> Iterator[bytes]:
    """Decompress ``raw`` chunk by chunk, never producing more than ``limit`` bytes from one
    input chunk, so a compression bomb is stopped by the size cap before it fills memory."""
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    else:
        raise FeedUnreachable(Text("errors.feed.compression", host=_host(url), encoding=encoding), url=url)
    try:
        for chunk in raw:
            data = decoder.decompress(chunk, limit)
            yield data
            while decoder.unconsumed_tail:
                yield decoder.decompress(decoder.unconsumed_tail, limit)
        yield decoder.flush()
    except zlib.error as exc:
        raise FeedUnreachable(Text("errors.feed.damaged", host=_host(url)), url=url) from exc


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        text = str(exc).lower()
        if "resolve" in text or "name or service" in text or "nodename" in text or "getaddrinfo" in text:
            return Text("errors.feed.reason_no_name")
        if "refused" in text:
            return Text("errors.feed.reason_refused")
        return Text("errors.feed.reason_no_connection")
    return type(exc).__name__
