"""The shipped packs every ``tracker init`` loads: above both pack stores, so neither imports the other."""

from __future__ import annotations

from sqlmodel import Session

from tracker.norms.levels_db import load_default_recognition_packs
from tracker.norms.store import PackInfo, load_default_norm_packs


def load_default_packs(session: Session) -> list[PackInfo]:
    """Load the shipped national baseline and the example dual-qualified standard (idempotent: called by
    every ``tracker init``)."""
    loaded = load_default_norm_packs(session)
    load_default_recognition_packs(session)
    return loaded
