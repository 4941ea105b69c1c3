"""The one engine of the dashboard process and the few shell-level calls the router needs."""

from __future__ import annotations

from tracker.auth import Actor


def engine():
    """The engine of the configured database, shared by every browser session of this process.

    ``tracker.db.get_engine`` already keeps one engine per database URL; caching it again here without the
    URL (``st.cache_resource``) kept serving the first database after the setting changed (tests).
    """
    from tracker.db import get_engine

    return get_engine()


def demo_accounts_active() -> bool:
    from tracker.db import session_scope
    from tracker.setup import demo_accounts_active as active

    with session_scope(engine(), read_only=True) as s:
        return active(s)


def sign_in_with_password(email: str, password: str, *, address: str | None = None) -> Actor:
    from tracker.auth import sign_in

    return sign_in(email, password, address=address, engine=engine())


def sso_actor(*, email: str | None, email_verified, subject: str | None) -> Actor | None:
    from tracker.auth import actor_for_sso

    return actor_for_sso(email=email, email_verified=email_verified, subject=subject, engine=engine())
