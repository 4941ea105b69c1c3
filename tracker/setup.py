"""Creating or upgrading a database: schema, shipped norm packs, curated news sources, optional demo data."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from tracker.db import get_engine, session_scope, upgrade_database
from tracker.errors import TrackerError
from tracker.i18n import Text
from tracker.models import AppSetting, Person


def is_demo(session: Session) -> bool:
    setting = session.get(AppSetting, "demo")
    return setting is not None and setting.value == "1"


def demo_accounts_active(session: Session) -> bool:
    """Whether the demo accounts (password ``demo``, exempt from the password rules) can sign in here."""
    from tracker.demo import DEMO_ACCOUNTS

    if not is_demo(session):
        return False
    return session.exec(
        select(Person.id).where(Person.active, Person.email.in_(DEMO_ACCOUNTS), Person.password_hash.is_not(None))
        .limit(1)
    ).first() is not None


def initialise(*, demo: bool = False, engine=None) -> str:
    """Upgrade the schema to head and load the shipped data; with ``demo``, also the demo college.

    Demo data (and the demo accounts with their well-known password) only ever go into a database that has no
    people yet, so they can never appear in a real college's database.
    """
    from feeds import load_curated_sources
    from tracker.norms import load_default_packs

    engine = engine or get_engine()
    upgrade_database(engine)
    lines = ["Database is at the newest schema."]
    with session_scope(engine) as session:
        load_default_packs(session)
        added = load_curated_sources(session)
        if added:
            lines.append(f"Loaded {added} curated news sources.")
    if demo:
        with session_scope(engine) as session:
            if is_demo(session):
                lines.append("Demo data is already loaded.")
            elif session.exec(select(func.count()).select_from(Person)).one() > 0:
                raise TrackerError(Text("errors.setup.has_people"))
            else:
                from tracker.demo import load_demo

                summary = load_demo(session)
                session.add(AppSetting(key="demo", value="1"))
                lines.append(summary)
    return "\n".join(lines)
