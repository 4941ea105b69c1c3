"""Norm packs in the database: load (versioned, never overwritten), list, switch on/off, and the layered
norms in force on a date. Permission checks belong to the caller's service (the admin page, the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, select

from tracker import audit
from tracker.auth import Actor
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import Text
from tracker.norms.models import NormPack
from tracker.norms.packs import Norm, PackDefinition, layer_packs, parse_pack
from tracker.norms.practice import refresh_series
from tracker.settings import DATA_DIR
from tracker.validation import problem

# The shipped national baseline, every version: earlier ones stay byte-identical so `tracker init` on a
# database that loaded them changes nothing, and a new database gets the same history.
SYSTEM = Actor.system("system")  # `tracker init` loading the shipped packs

DEFAULT_PACKS = (
    DATA_DIR / "norms" / "history" / "cn-national-baseline-2016-05-11.toml",
    DATA_DIR / "norms" / "national.toml",
)


@dataclass(frozen=True)
class PackInfo:
    """A stored pack version, as the admin page and ``tracker norms list`` show it."""

    id: int
    name: str
    layer: str
    title: str
    title_zh: str
    citation: str
    effective_from: date
    active: bool
    loaded_at: datetime
    norms: tuple[str, ...]
    source_text: str


@lru_cache(maxsize=64)
def _parsed(text: str) -> PackDefinition:
    return parse_pack(text)


def _info(row: NormPack) -> PackInfo:
    return PackInfo(
        id=row.id,
        name=row.name,
        layer=row.layer,
        title=row.title,
        title_zh=row.title_zh,
        citation=row.citation,
        effective_from=row.effective_from,
        active=row.active,
        loaded_at=row.loaded_at,
        norms=tuple(e["key"] for e in _parsed(row.source_text).norms),
        source_text=row.source_text,
    )


def _read_source(path_or_text: str | Path) -> str:
    if isinstance(path_or_text, Path):  # a str is always the pack's text, never a path
        path = Path(path_or_text)
        try:
            return path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise NotFound(Text("errors.file.no_such", path=str(path))) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(problem("cannot_read", "file", path=str(path), detail=str(exc))) from None
    return path_or_text


def _stored_definitions(session: Session, *, include_inactive: bool = False) -> list[PackDefinition]:
    query = select(NormPack.source_text)
    if not include_inactive:
        query = query.where(NormPack.active.is_(True))
    return [_parsed(text) for text in session.exec(query).all()]


def load_pack(
    session: Session, path_or_text: str | Path, *, actor: Actor | None = None
) -> PackInfo:
    """Store a pack version (a ``Path`` to a TOML file, or a ``str`` of its text); loading the same file
    again changes nothing.

    A pack version is its name plus ``effective_from``: to change numbers, load a later version; the old one
    stays in force for dates before it.

    Raises:
        InvalidInput: the file breaks the pack format, or a different pack with the same name and date exists.
        NotFound: no such file.
    """
    text = _read_source(path_or_text)
    pack = parse_pack(text)
    held = session.exec(
        select(NormPack).where(NormPack.name == pack.name, NormPack.effective_from == pack.effective_from)
    ).first()
    if held is not None:
        if held.checksum == pack.checksum:
            return _info(held)
        raise InvalidInput(problem("pack_loaded", "pack", name=pack.name, date=pack.effective_from))
    # every date on which this pack would be layered must still give a valid result
    others = _stored_definitions(session)
    for day in sorted({p.effective_from for p in [*others, pack]}):
        layer_packs([*others, pack], day)
    row = NormPack(
        name=pack.name,
        layer=pack.layer,
        title=pack.title,
        title_zh=pack.title_zh,
        citation=pack.citation,
        effective_from=pack.effective_from,
        source_text=text,
        checksum=pack.checksum,
    )
    session.add(row)
    session.flush()
    audit.record_by(
        session,
        actor or SYSTEM,
        "load",
        "norm_pack",
        row.id,
        after={"name": row.name, "effective_from": row.effective_from, "checksum": row.checksum},
    )
    refresh_series(session, all_norm_versions(session))
    return _info(row)


def set_pack_active(
    session: Session, pack_id: int, active: bool, *, actor: Actor | None = None
) -> PackInfo:
    """Switch a stored pack version on or off (off: compliance ignores it on every date).

    Raises:
        NotFound: no such pack.
        InvalidInput: the change would leave a later layer adding a norm without its rule.
    """
    row = session.get(NormPack, pack_id)
    if row is None:
        raise NotFound(Text("errors.pack.missing", id=pack_id))
    if row.active == active:
        return _info(row)
    row.active = active
    session.add(row)
    session.flush()
    packs = _stored_definitions(session)
    for day in sorted({p.effective_from for p in packs}):
        layer_packs(packs, day)
    audit.record_by(
        session,
        actor or SYSTEM,
        "activate" if active else "deactivate",
        "norm_pack",
        row.id,
        before={"active": not active},
        after={"active": active},
    )
    refresh_series(session, all_norm_versions(session))
    return _info(row)


def list_packs(session: Session) -> list[PackInfo]:
    """Every stored pack version, national first, then by name and date."""
    rows = session.exec(select(NormPack)).all()
    order = {"national": 0, "provincial": 1, "institutional": 2}
    return [_info(r) for r in sorted(rows, key=lambda r: (order[r.layer], r.name, r.effective_from))]


def active_norms(session: Session, as_of: date) -> list[Norm]:
    """The layered norms in force on ``as_of``, each with the packs and regulation behind it."""
    return layer_packs(_stored_definitions(session), as_of)


def all_norm_versions(session: Session) -> list[Norm]:
    """Every norm that is in force on some date (for choosing what to materialise)."""
    packs = _stored_definitions(session)
    seen: list[Norm] = []
    for day in sorted({p.effective_from for p in packs}):
        seen.extend(layer_packs(packs, day))
    return seen


def load_default_norm_packs(session: Session) -> list[PackInfo]:
    """Load the shipped national baseline, every version (idempotent)."""
    return [load_pack(session, path) for path in DEFAULT_PACKS]
