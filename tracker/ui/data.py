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


def database_is_demo() -> bool:
    from tracker.db import session_scope
    from tracker.setup import is_demo

    with session_scope(engine(), read_only=True) as s:
        return is_demo(s)


def sign_in_with_password(email: str, password: str) -> Actor:
    from tracker.auth import sign_in
    from tracker.db import session_scope

    with session_scope(engine()) as s:
        return sign_in(s, email, password)


def sso_actor(email: str) -> Actor | None:
    from tracker.auth import actor_for_email
    from tracker.db import session_scope

    with session_scope(engine(), read_only=True) as s:
        return actor_for_email(s, email)
