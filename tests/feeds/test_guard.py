"""The private-address guard's classification, as a pure function."""

import pytest

from feeds.guard import is_public_address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.5.6.7",            # loopback
        "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",  # RFC 1918
        "169.254.169.254",                  # link-local (cloud metadata)
        "224.0.0.1", "239.255.255.250",     # multicast
        "0.0.0.0",                          # unspecified
        "100.64.0.1", "100.127.255.254",    # carrier-grade NAT
        "255.255.255.255", "240.0.0.1",     # broadcast, reserved
        "::1", "::",                        # IPv6 loopback, unspecified
        "fe80::1", "fc00::1", "fd12:3456::1",  # link-local, unique-local
        "ff02::1",                          # multicast
        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254",  # IPv4-mapped
        "2002:7f00:1::1",                   # 6to4 wrapping 127.0.0.1
    ],
)  # fmt: skip
def test_internal_addresses_are_refused(address):
    assert is_public_address(address) is False


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "8.8.8.8",
        "1.1.1.1",
        "100.63.255.255",
        "100.128.0.1",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "172.32.0.1",
    ],
)
def test_public_addresses_are_allowed(address):
    assert is_public_address(address) is True
