"""Fetching against a loopback server: redirects, status codes, timeouts, size caps, the guard."""

import gzip
import socket
import time

import pytest
from werkzeug import Response

import feeds.fetch
from feeds.errors import (
    FeedGone,
    FeedHTTPError,
    FeedTimeout,
    FeedTooLarge,
    FeedUnreachable,
    InvalidFeedURL,
    PrivateAddressRefused,
    TooManyRedirects,
)
from feeds.fetch import USER_AGENT, Fetcher
from tests.feeds.feedgen import numbered, rss

BODY = rss(numbered(3))


@pytest.fixture
def fetcher():
    with Fetcher(timeout=2, max_bytes=100_000, allow_private=True) as f:
        yield f


def test_plain_fetch_sends_our_user_agent_and_returns_body_and_validators(httpserver, fetcher):
    httpserver.expect_request("/feed", headers={"User-Agent": USER_AGENT}).respond_with_data(
        BODY, headers={"ETag": '"v1"', "Last-Modified": "Wed, 25 Nov 2026 10:00:00 GMT"}
    )
    result = fetcher.fetch(httpserver.url_for("/feed"))
    assert (result.status, result.body, result.etag) == (200, BODY, '"v1"')
    assert result.last_modified == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert result.new_url is None


def test_conditional_get_sends_validators_and_304_has_no_body(httpserver, fetcher):
    httpserver.expect_request(
        "/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 25 Nov 2026 10:00:00 GMT"}
    ).respond_with_data("", status=304)
    result = fetcher.fetch(
        httpserver.url_for("/feed"), etag='"v1"', last_modified="Wed, 25 Nov 2026 10:00:00 GMT"
    )
    assert result.not_modified and result.body is None


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_reports_the_new_address(httpserver, fetcher, status):
    httpserver.expect_request("/old").respond_with_data("", status=status, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(BODY)
    result = fetcher.fetch(httpserver.url_for("/old"))
    assert result.body == BODY
    assert result.new_url == httpserver.url_for("/new")


def test_temporary_redirect_anywhere_in_the_chain_keeps_the_stored_address(httpserver, fetcher):
    httpserver.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/c"})
    httpserver.expect_request("/c").respond_with_data(BODY)
    result = fetcher.fetch(httpserver.url_for("/a"))
    assert result.final_url == httpserver.url_for("/c")
    assert result.new_url == httpserver.url_for("/b")  # only the permanent part of the chain counts


def test_five_redirects_are_followed_and_the_sixth_is_refused(httpserver, fetcher):
    for n in range(6):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            "", status=302, headers={"Location": f"/r{n + 1}"}
        )
    httpserver.expect_request("/r6").respond_with_data(BODY)
    assert fetcher.fetch(httpserver.url_for("/r1")).body == BODY  # r1 -> r6: five hops
    with pytest.raises(TooManyRedirects, match="more than 5 times"):
        fetcher.fetch(httpserver.url_for("/r0"))


def test_redirect_to_another_scheme_is_refused(httpserver, fetcher):
    httpserver.expect_request("/x").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(InvalidFeedURL):
        fetcher.fetch(httpserver.url_for("/x"))


def test_410_gone(httpserver, fetcher):
    httpserver.expect_request("/gone").respond_with_data("bye", status=410)
    with pytest.raises(FeedGone, match="410"):
        fetcher.fetch(httpserver.url_for("/gone"))


def test_server_error_carries_retry_after(httpserver, fetcher):
    httpserver.expect_request("/busy").respond_with_data("", status=503, headers={"Retry-After": "600"})
    with pytest.raises(FeedHTTPError) as info:
        fetcher.fetch(httpserver.url_for("/busy"))
    assert (info.value.status, info.value.retry_after) == (503, "600")


def test_slow_server_times_out(httpserver):
    def slow(_request):
        time.sleep(1.5)
        return Response(BODY)

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with Fetcher(timeout=0.3, max_bytes=100_000, allow_private=True) as f:
        with pytest.raises(FeedTimeout, match="did not answer within 0.3 seconds"):
            f.fetch(httpserver.url_for("/slow"))


def test_connection_refused_is_unreachable(fetcher):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(FeedUnreachable, match="could not be reached"):
        fetcher.fetch(f"http://127.0.0.1:{port}/feed")


# --- size caps (decompressed) ---------------------------------------------------------------------


def test_size_cap_with_content_length(httpserver, fetcher):
    httpserver.expect_request("/big").respond_with_data(b"x" * 100_001)
    with pytest.raises(FeedTooLarge, match="larger than the limit"):
        fetcher.fetch(httpserver.url_for("/big"))


def test_size_cap_without_content_length(httpserver, fetcher):
    def chunked(_request):
        return Response((b"x" * 10_000 for _ in range(20)), direct_passthrough=True)

    httpserver.expect_request("/stream").respond_with_handler(chunked)
    with pytest.raises(FeedTooLarge):
        fetcher.fetch(httpserver.url_for("/stream"))


def test_size_cap_counts_decompressed_gzip_bytes(httpserver, fetcher):
    bomb = gzip.compress(b"<" * 5_000_000)  # ~5 KB on the wire, 5 MB inflated
    assert len(bomb) < 100_000
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FeedTooLarge):
        fetcher.fetch(httpserver.url_for("/bomb"))


def test_gzip_under_the_cap_is_decoded(httpserver, fetcher):
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(BODY), headers={"Content-Encoding": "gzip"}
    )
    assert fetcher.fetch(httpserver.url_for("/gz")).body == BODY


def test_exactly_at_the_cap_is_accepted(httpserver, fetcher):
    httpserver.expect_request("/edge").respond_with_data(b"x" * 100_000)
    assert len(fetcher.fetch(httpserver.url_for("/edge")).body) == 100_000


# --- the private-address guard (on by default) ----------------------------------------------------


def test_guard_refuses_loopback_by_name_and_by_literal(httpserver):
    httpserver.expect_request("/feed").respond_with_data(BODY)
    with Fetcher(timeout=2, max_bytes=100_000) as f:
        with pytest.raises(PrivateAddressRefused, match="private network"):
            f.fetch(httpserver.url_for("/feed"))  # http://localhost:port/
        with pytest.raises(PrivateAddressRefused):
            f.fetch(f"http://127.0.0.1:{httpserver.port}/feed")
        with pytest.raises(PrivateAddressRefused):
            f.fetch(f"http://[::ffff:127.0.0.1]:{httpserver.port}/feed")
    assert httpserver.log == []  # nothing ever reached the server


@pytest.fixture
def loopback_counts_as_public(monkeypatch):
    """Pretend 127.0.0.1 is a public server so the guard's check of later hops can be tested on loopback."""
    real = feeds.fetch.is_public_address
    monkeypatch.setattr(feeds.fetch, "is_public_address", lambda a: str(a) == "127.0.0.1" or real(a))


def test_guard_refuses_a_redirect_to_a_private_address(httpserver, loopback_counts_as_public):
    httpserver.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with Fetcher(timeout=2, max_bytes=100_000) as f, pytest.raises(PrivateAddressRefused):
        f.fetch(f"http://127.0.0.1:{httpserver.port}/feed")


def test_guard_refuses_a_redirect_to_a_name_resolving_to_a_private_address(
    httpserver, loopback_counts_as_public, monkeypatch
):
    real_getaddrinfo = socket.getaddrinfo

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host == "intranet.example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    httpserver.expect_request("/feed").respond_with_data(
        "", status=301, headers={"Location": "http://intranet.example.com/admin"}
    )
    with Fetcher(timeout=2, max_bytes=100_000) as f, pytest.raises(PrivateAddressRefused, match="10.1.2.3"):
        f.fetch(f"http://127.0.0.1:{httpserver.port}/feed")


def test_guard_lets_a_public_first_hop_through(httpserver, loopback_counts_as_public):
    httpserver.expect_request("/feed").respond_with_data(BODY)
    with Fetcher(timeout=2, max_bytes=100_000) as f:
        assert f.fetch(f"http://127.0.0.1:{httpserver.port}/feed").body == BODY


@pytest.mark.parametrize(
    "url", ["ftp://e.com/feed", "file:///etc/passwd", "e.com/feed", "", "http://", "https://e.com:99999/"]
)
def test_only_http_and_https_urls(fetcher, url):
    with pytest.raises(InvalidFeedURL):
        fetcher.fetch(url)
