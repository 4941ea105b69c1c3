"""Signing in: what the sign-in page and the page shell call before anyone is signed in (no actor comes first)."""

from __future__ import annotations

from tracker.auth import Actor


def demo_accounts_active() -> bool:
    """Whether the demo accounts (well-known password) can sign in: every page then warns."""
    from tracker.db import session_scope
    from tracker.setup import demo_accounts_active as active

    with session_scope(read_only=True) as session:
        return active(session)


def sign_in_with_password(email: str, password: str, *, address: str | None = None) -> Actor:
    """The active person with this email and password; SignInFailed (one message) for anything wrong."""
    from tracker.auth import sign_in

    return sign_in(email, password, address=address)


def sso_actor(*, email: str | None, email_verified, subject: str | None) -> Actor | None:
    """The active person a single-sign-on identity belongs to, or None."""
    from tracker.auth import actor_for_sso

    return actor_for_sso(email=email, email_verified=email_verified, subject=subject)
