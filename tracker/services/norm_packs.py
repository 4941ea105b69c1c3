"""Norm packs for the admin: view the loaded packs and the layered norms in force, load a TOML file, activate.

Thin wrappers over ``tracker.norms`` (which owns packs, layering and evaluation) that add what every admin
write needs here: the admin check, one clear message for a bad file, and an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker import norms
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound
from tracker.norms.models import NormPack
from tracker.norms.packs import Norm
from tracker.services._records import audit_by
from tracker.services.permissions import require_admin

MAX_PACK_BYTES = 256 * 1024  # a pack is a few kilobytes of TOML; anything this big is the wrong file


@dataclass(frozen=True)
class PackVersion:
    """One loaded version of a pack (name + effective date), as the admin page lists it."""

    id: int
    name: str
    layer: str
    title: str
    title_zh: str
    citation: str
    effective_from: date
    active: bool
    loaded_at: datetime
    source_text: str


def list_packs(actor: Actor) -> list[PackVersion]:
    """Every loaded pack version: national first, then provincial, institutional; newest version first."""
    require_admin(actor)
    with session_scope() as session:
        return [_version(p) for p in norms.list_packs(session)]


def active_norms(actor: Actor, as_of: date) -> list[Norm]:
    """The norms in force on ``as_of`` after layering the active packs, each naming its sources."""
    require_admin(actor)
    with session_scope() as session:
        return list(norms.active_norms(session, as_of))


def load_pack(actor: Actor, content: bytes | str, filename: str = "pack.toml") -> PackVersion:
    """Load a pack from an uploaded TOML file (a new version when the effective date is new).

    Raises:
        InvalidInput: the file is too big, not UTF-8 text, or not a valid pack (every problem listed).
    """
    require_admin(actor)
    if isinstance(content, bytes):
        if len(content) > MAX_PACK_BYTES:
            raise InvalidInput(f"{filename} is too big for a norm pack (at most {MAX_PACK_BYTES // 1024} KB)",
                               field="pack")
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(f"{filename} is not a UTF-8 text file; save it as UTF-8 TOML", field="pack") from None
    with session_scope() as session:
        pack = norms.load_pack(session, content)
        session.flush()
        audit_by(session, actor, "load", "norm_pack", pack.id, after=_audit_view(pack))
        return _version(pack)


def set_pack_active(actor: Actor, pack_id: int, active: bool) -> PackVersion:
    """Activate or deactivate one loaded pack version; the layering only uses active ones."""
    require_admin(actor)
    with session_scope() as session:
        pack = session.get(NormPack, pack_id)
        if pack is None:
            raise NotFound("This norm pack does not exist (any more); reload the page.")
        if pack.active != active:
            before = _audit_view(pack)
            pack = norms.set_pack_active(session, pack_id, active)
            audit_by(session, actor, "activate" if active else "deactivate", "norm_pack", pack_id,
                     before=before, after=_audit_view(pack))
        return _version(pack)


def _audit_view(pack: NormPack) -> dict:
    return {"name": pack.name, "layer": pack.layer, "effective_from": pack.effective_from,
            "active": pack.active, "checksum": pack.checksum}


def _version(pack: NormPack) -> PackVersion:
    return PackVersion(pack.id, pack.name, pack.layer, pack.title, pack.title_zh, pack.citation,
                       pack.effective_from, pack.active, pack.loaded_at, pack.source_text)
