"""Norm packs for the admin: view loaded packs and the layered norms in force, load a TOML upload, activate.

Thin wrappers over ``tracker.norms`` (which owns packs, layering, their audit events and the refresh of
materialised practice) that add the admin check and one clear message for a file that is not a pack.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from tracker import norms
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput
from tracker.norms import Norm, PackInfo
from tracker.norms.models import NormPack
from tracker.services._acting import acting
from tracker.services.permissions import require_admin
from tracker.validation import problem

MAX_PACK_BYTES = 256 * 1024  # a pack is a few kilobytes of TOML; anything this big is the wrong file


@acting
def list_packs(actor: Actor) -> list[PackInfo]:
    """Every loaded pack version: national first, then provincial, institutional; by name and date."""
    require_admin(actor)
    with session_scope(read_only=True) as session:
        return norms.list_packs(session)


@acting
def active_norms(actor: Actor, as_of: date) -> list[Norm]:
    """The norms in force on ``as_of`` after layering the active packs, each naming its sources."""
    require_admin(actor)
    with session_scope(read_only=True) as session:
        return norms.active_norms(session, as_of)


@acting
def load_pack(actor: Actor, content: bytes, filename: str = "pack.toml") -> PackInfo:
    """Load a pack from an uploaded TOML file (a new version when its effective date is new; loading the
    same file again changes nothing).

    Raises:
        InvalidInput: the file is too big, not UTF-8 text, or not a valid pack (every problem listed).
    """
    require_admin(actor)
    if len(content) > MAX_PACK_BYTES:
        raise InvalidInput(problem("pack_too_big", "pack", filename=filename, limit=MAX_PACK_BYTES // 1024))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(problem("pack_not_utf8", "pack", filename=filename)) from None
    if not text.strip():
        raise InvalidInput(problem("pack_empty", "pack", filename=filename))
    # norms.load_pack reads a one-line string ending in ".toml" as a server path; an upload is always content
    text = text if "\n" in text else text + "\n"
    with session_scope() as session:
        return norms.load_pack(session, text, actor=actor)


@acting
def set_pack_active(actor: Actor, pack_id: int, active: bool) -> PackInfo:
    """Activate or deactivate one loaded pack version; layering uses only the active ones.

    Raises:
        NotFound: no such pack.
        InvalidInput: the change would leave no active pack (every teacher without norms), or a later layer
            adding a norm without its rule.
    """
    require_admin(actor)
    with session_scope() as session:
        if not active:
            others = session.exec(
                select(func.count()).select_from(NormPack)
                .where(NormPack.active == True, NormPack.id != pack_id)  # noqa: E712 (SQL, not Python)
            ).one()
            if others == 0:
                raise InvalidInput(problem("last_active_pack", "pack"))
        return norms.set_pack_active(session, pack_id, active, actor=actor)
