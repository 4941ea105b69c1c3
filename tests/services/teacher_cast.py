"""The cast of the teacher-service tests (a teacher, a colleague in the same department, their head, the head
of another department, an admin) and small helpers to read back what was written."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image
from sqlmodel import Session, func, select

from tests import factories
from tracker.auth import Actor
from tracker.models import AuditEvent


def image_bytes(fmt: str, size: tuple[int, int] = (4, 3), colour: str = "teal") -> bytes:
    """A real (tiny) image: uploads are measured and previewed, so they must decode."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


PNG = image_bytes("PNG")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
JPEG = image_bytes("JPEG")
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@dataclass(frozen=True)
class Cast:
    teacher: Actor
    colleague: Actor
    head: Actor
    other_head: Actor
    admin: Actor
    department_id: int


def make_cast(session) -> Cast:
    trade = factories.make_department(session, "跨境电商")
    logistics = factories.make_department(session, "Logistics")
    teacher = factories.make_person(session, "teacher@example.edu", name="唐老师", department=trade)
    colleague = factories.make_person(session, "colleague@example.edu", name="Colleague", department=trade)
    head = factories.make_person(session, "head@example.edu", name="Hu Head", role="head", department=trade)
    other = factories.make_person(
        session, "other@example.edu", name="Oh Other", role="head", department=logistics
    )
    admin = factories.make_person(session, "admin@example.edu", name="Ada Admin", role="admin")
    session.commit()
    return Cast(*(Actor.of(p) for p in (teacher, colleague, head, other, admin)), trade.id)


def count(session: Session, model, *where) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def events(session: Session, entity: str | None = None) -> list[AuditEvent]:
    session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    return list(session.exec(query).all())

