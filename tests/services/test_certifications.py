"""Certificates: add (expiry from a date or validity years), renew (history kept), drafts, permissions,
audit."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.services.teacher_cast import PNG, count, events, make_cast
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.models import AuditEvent, Certification, Evidence, Person
from tracker.norms.packs import add_years as years_after
from tracker.services import certifications as certs
from tracker.services.evidence import Upload


def form(**over):
    raw = {
        "name": "跨境电商B2B数据运营（1+X）中级",
        "issuer": "阿里巴巴（中国）教育科技",
        "level": "中级",
        "issued_on": date(2024, 6, 1),
        "expires_on": None,
        "validity_years": 3,
        "credential_id": "X-2024-001",
    }
    raw.update(over)
    return raw


def _load(session, certification_id) -> Certification:
    session.expire_all()
    return session.get(Certification, certification_id)


@pytest.mark.parametrize(
    ("issued", "years", "expires"),
    [
        (date(2024, 6, 1), 3, date(2027, 6, 1)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2023, 12, 31), 2, date(2025, 12, 31)),
    ],
)
def test_years_after_keeps_the_day_and_maps_a_leap_day_to_28_february(issued, years, expires):
    assert years_after(issued, years) == expires


def test_expiry_from_validity_years(session):
    cast = make_cast(session)
    record = certs.add_certification(cast.teacher, form(), evidence=[Upload("cert.png", PNG)])
    row = _load(session, record.id)
    assert (row.expires_on, row.status, row.person_id) == (
        date(2027, 6, 1),
        "submitted",
        cast.teacher.person_id,
    )
    assert [e.filename for e in record.evidence] == ["cert.png"]
    assert [(e.action, e.entity) for e in events(session)] == [
        ("create", "certification"),
        ("create", "evidence"),
    ]


def test_an_explicit_expiry_date_wins_over_validity_years(session):
    cast = make_cast(session)
    record = certs.add_certification(cast.teacher, form(expires_on=date(2026, 1, 31)))
    assert _load(session, record.id).expires_on == date(2026, 1, 31)


def test_neither_date_nor_years_means_it_never_expires(session):
    cast = make_cast(session)
    record = certs.add_certification(cast.teacher, form(validity_years=""), submit=False)
    row = _load(session, record.id)
    assert row.expires_on is None and row.status == "draft"


@pytest.mark.parametrize(
    ("over", "fields"),
    [
        ({"name": " "}, {"name"}),
        ({"issued_on": None}, {"issued_on"}),
        ({"expires_on": date(2020, 1, 1)}, {"expires_on"}),
        ({"validity_years": "2.5"}, {"validity_years"}),
        ({"validity_years": 0}, {"validity_years"}),
        ({"validity_years": "ten"}, {"validity_years"}),
        ({"name": "", "validity_years": 99}, {"name", "validity_years"}),
    ],
)
def test_bad_input_names_each_problem_and_writes_nothing(session, over, fields):
    cast = make_cast(session)
    with pytest.raises(InvalidInput) as caught:
        certs.add_certification(cast.teacher, form(**over), evidence=[Upload("cert.png", PNG)])
    assert {p.field for p in caught.value.problems} == fields
    assert count(session, Certification) == count(session, Evidence) == count(session, AuditEvent) == 0


def test_only_the_teacher_or_an_admin_adds_a_certificate_for_them(session):
    cast = make_cast(session)
    for refused in (cast.colleague, cast.head, cast.other_head):
        with pytest.raises(PermissionDenied):
            certs.add_certification(refused, form(), person_id=cast.teacher.person_id)
    assert count(session, Certification) == 0
    certs.add_certification(cast.admin, form(), person_id=cast.teacher.person_id)
    assert count(session, Certification, Certification.person_id == cast.teacher.person_id) == 1


def test_renewal_is_a_new_row_pointing_at_the_old_one(session):
    cast = make_cast(session)
    person = session.get(Person, cast.teacher.person_id)
    old = factories.make_certification(
        session, person, issued_on=date(2021, 5, 1), expires_on=date(2024, 5, 1)
    )
    session.commit()
    renewal = certs.renew_certification(
        cast.teacher, old.id, {"issued_on": date(2024, 4, 20), "validity_years": 3, "credential_id": "NEW-1"}
    )
    row = _load(session, renewal.id)
    assert (row.renews_id, row.name, row.issuer) == (
        old.id,
        old.name,
        old.issuer,
    )  # defaults from the old one
    assert (row.issued_on, row.expires_on, row.credential_id, row.status) == (
        date(2024, 4, 20),
        date(2027, 4, 20),
        "NEW-1",
        "submitted",
    )
    kept = _load(session, old.id)
    assert (kept.expires_on, kept.status) == (date(2024, 5, 1), "verified")  # history unchanged
    assert events(session)[-1].action == "renew"
    listed = {c.id: c for c in certs.list_certifications(cast.teacher)}
    assert listed[old.id].renewed_by_id == renewal.id
    with pytest.raises(InvalidInput, match="already been renewed"):
        certs.renew_certification(cast.teacher, old.id, {"issued_on": date(2024, 5, 1)})


def test_a_renewal_cannot_predate_the_certificate_it_renews(session):
    cast = make_cast(session)
    person = session.get(Person, cast.teacher.person_id)
    old = factories.make_certification(session, person, issued_on=date(2021, 5, 1))
    session.commit()
    with pytest.raises(InvalidInput) as caught:
        certs.renew_certification(cast.teacher, old.id, {"issued_on": date(2020, 1, 1)})
    assert caught.value.problems[0].field == "issued_on"
    assert count(session, Certification) == 1


def test_drafts_and_rejected_certificates_are_not_renewed(session):
    cast = make_cast(session)
    draft = certs.add_certification(cast.teacher, form(), submit=False)
    with pytest.raises(InvalidInput, match="change a draft"):
        certs.renew_certification(cast.teacher, draft.id, {"issued_on": date(2025, 1, 1)})


@pytest.mark.parametrize("who", ["colleague", "head", "other_head"])
def test_only_the_owner_or_an_admin_renews_changes_or_deletes(session, who):
    cast = make_cast(session)
    person = session.get(Person, cast.teacher.person_id)
    verified = factories.make_certification(session, person)
    session.commit()
    draft = certs.add_certification(cast.teacher, form(), submit=False)
    actor = getattr(cast, who)
    for call in (
        lambda: certs.renew_certification(actor, verified.id, {"issued_on": date(2025, 1, 1)}),
        lambda: certs.update_certification(actor, draft.id, form(name="x")),
        lambda: certs.delete_certification(actor, draft.id),
        lambda: certs.submit_certification(actor, draft.id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert count(session, Certification) == 2
    certs.renew_certification(cast.admin, verified.id, {"issued_on": date(2025, 1, 1)})
    assert count(session, Certification) == 3


def test_draft_lifecycle_edit_submit_withdraw_delete(session):
    cast = make_cast(session)
    draft = certs.add_certification(cast.teacher, form(), submit=False)
    certs.update_certification(cast.teacher, draft.id, form(level="高级", validity_years=5))
    row = _load(session, draft.id)
    assert (row.level, row.expires_on, row.status) == ("senior", date(2029, 6, 1), "draft")
    assert certs.submit_certification(cast.teacher, draft.id).status == "submitted"
    with pytest.raises(InvalidInput):
        certs.delete_certification(cast.teacher, draft.id)
    assert certs.withdraw_certification(cast.teacher, draft.id).status == "draft"
    certs.delete_certification(cast.teacher, draft.id)
    assert count(session, Certification) == 0
    assert [e.action for e in events(session, "certification")] == [
        "create",
        "update",
        "submit",
        "withdraw",
        "delete",
    ]
    with pytest.raises(NotFound):
        certs.delete_certification(cast.teacher, draft.id)


def test_verified_certificates_are_history(session):
    cast = make_cast(session)
    person = session.get(Person, cast.teacher.person_id)
    verified = factories.make_certification(session, person)
    session.commit()
    with pytest.raises(InvalidInput):
        certs.update_certification(cast.teacher, verified.id, form())
    with pytest.raises(InvalidInput):
        certs.delete_certification(cast.admin, verified.id)


def test_the_teacher_their_head_and_an_admin_read_the_list_others_do_not(session):
    cast = make_cast(session)
    certs.add_certification(cast.teacher, form())
    for allowed in (cast.teacher, cast.head, cast.admin):
        assert len(certs.list_certifications(allowed, cast.teacher.person_id)) == 1
    for refused in (cast.colleague, cast.other_head):
        with pytest.raises(PermissionDenied):
            certs.list_certifications(refused, cast.teacher.person_id)
