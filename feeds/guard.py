"""The private-address guard: which resolved addresses a feed fetch may connect to.

Feeds are URLs typed by administrators or imported from OPML files; without this guard the server
could be made to fetch internal services (cloud metadata at 169.254.169.254, admin panels on
localhost, the database). The check runs on every resolved address of every hop, redirects included.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# ipaddress.is_private does not cover CGNAT (100.64.0.0/10), so list it explicitly.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def is_public_address(address: str | IPAddress) -> bool:
    """Whether a feed fetch may connect to ``address``.

    Refuses loopback, private (RFC 1918, unique-local), link-local, multicast, unspecified,
    reserved and carrier-grade NAT addresses, and the same inside IPv4-mapped or 6to4/Teredo
    IPv6 forms.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            return is_public_address(ip.sixtofour)
        if ip.teredo is not None:
            return is_public_address(ip.teredo[1])
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return False
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip.is_reserved
        or not ip.is_global
    )


def literal_address(host: str) -> IPAddress | None:
    """The IP address if ``host`` is an IP literal (``[::1]`` included), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
