"""Fixtures for the feeds tests: a loopback HTTP server (pytest-httpserver) and settings for it."""

from __future__ import annotations

import pytest

from tracker.settings import get_settings


@pytest.fixture
def allow_private(monkeypatch):
    """Lift the private-address guard: the loopback test server is, by design, private."""
    monkeypatch.setenv("TRACKER_FEEDS_ALLOW_PRIVATE", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def feeds_settings(monkeypatch):
    """Set TRACKER_FEEDS_* variables for one test: ``feeds_settings(timeout=0.5)``."""

    def apply(**values):
        for name, value in values.items():
            monkeypatch.setenv(f"TRACKER_FEEDS_{name.upper()}", str(value))
        get_settings.cache_clear()

    yield apply
    get_settings.cache_clear()
