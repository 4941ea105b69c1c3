"""Issue 12 data: title rank and industry years, certificate type and level, outputs (imported, logged and
reviewed like activities, with evidence). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests import factories
from tests.services.teacher_cast import PDF, count, events, make_cast
from tracker import validation
from tracker.errors import InvalidInput, PermissionDenied
from tracker.importing import import_file
from tracker.models import Certification, Evidence, Output, Person
from tracker.services import outputs, review
from tracker.services.evidence import Upload


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected", [("", 0.0), ("0", 0.0), ("2.5", 2.5), ("60", 60.0), ("1.234", 1.23)]
)
def test_industry_years_accepts_0_to_60(value, expected):
    assert validation.years(value, default=0.0) == expected


@pytest.mark.parametrize("value", ["-0.5", "61", "nan", "three"])
def test_industry_years_refuses_the_rest(value):
    with pytest.raises(InvalidInput):
        validation.years(value, default=0.0)


def test_certificate_level_is_required_except_for_type_other():
    base = {"teacher_email": "a@x.edu", "name": "C", "issued_on": "2024-01-01"}
    assert validation.certification(base).type == "other"
    assert validation.certification({**base, "type": "skill_level", "level": "Senior"}).level == "senior"
    with pytest.raises(InvalidInput) as caught:
        validation.certification({**base, "type": "skill_level"})
    assert [p.field for p in caught.value.problems] == ["level"]
    with pytest.raises(InvalidInput) as caught:
        validation.certification({**base, "type": "diploma", "level": "expert"})
    assert {p.field for p in caught.value.problems} == {"type", "level"}


# --- imports ------------------------------------------------------------------------------------------------


def test_teachers_import_title_rank_and_industry_years_blank_keeps(engine, session, tmp_path):
    first = write(
        tmp_path,
        "t.csv",
        "email,name,hire_date,title_rank,industry_years\n"
        "a@x.edu,A,2020-09-01,associate_senior,3.5\nb@x.edu,B,2021-09-01,,\n",
    )
    import_file(engine, "teachers", first)
    again = write(tmp_path, "t2.csv", "email,name,hire_date,title_rank,industry_years\na@x.edu,A,2020-09-01,,\n")
    result = import_file(engine, "teachers", again)
    assert result.updated == 0 and result.skipped == 1  # blank cells keep what is stored
    people = {p.email: p for p in session.exec(select(Person)).all()}
    assert (people["a@x.edu"].title_rank, people["a@x.edu"].industry_years) == ("associate_senior", 3.5)
    assert (people["b@x.edu"].title_rank, people["b@x.edu"].industry_years) == ("none", 0)


def test_certifications_import_type_and_level(engine, session, factory, tmp_path):
    factory.make_person(session, "a@x.edu")
    session.commit()
    path = write(
        tmp_path,
        "c.csv",
        "teacher_email,name,issued_on,type,level\n"
        "a@x.edu,1+X 跨境电商,2024-01-01,skill_level,intermediate\na@x.edu,Other thing,2024-01-01,,\n",
    )
    assert import_file(engine, "certifications", path).created == 2
    assert import_file(engine, "certifications", path).skipped == 2  # idempotent
    rows = {c.name: (c.type, c.level) for c in session.exec(select(Certification)).all()}
    assert rows == {"1+X 跨境电商": ("skill_level", "intermediate"), "Other thing": ("other", None)}
    bad = write(tmp_path, "bad.csv", "teacher_email,name,issued_on,type,level\na@x.edu,X,2024-01-01,skill_level,\n")
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "certifications", bad)
    assert [str(p) for p in caught.value.problems][0].startswith("row 2: level:")


def test_outputs_import_all_or_nothing_and_idempotent(engine, session, factory, tmp_path):
    factory.make_person(session, "a@x.edu")
    session.commit()
    good = write(
        tmp_path,
        "o.csv",
        "teacher_email,kind,title,date,status\n"
        "a@x.edu,patent,一种跨境物流追踪方法,2025-03-01,verified\n"
        "a@x.edu,teaching_case,Amazon listing case,2025-04-01,\n",
    )
    result = import_file(engine, "outputs", good)
    assert (result.created, result.skipped) == (2, 0)
    assert import_file(engine, "outputs", good).skipped == 2
    stored = {o.title: o.status for o in session.exec(select(Output)).all()}
    assert stored == {"一种跨境物流追踪方法": "verified", "Amazon listing case": "submitted"}
    bad = write(
        tmp_path,
        "bad.csv",
        "teacher_email,kind,title,date\n"
        "a@x.edu,research_report,Fine,2025-05-01\n"
        "nobody@x.edu,poem,,2025-13-01\n",
    )
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "outputs", bad)
    assert {p.field for p in caught.value.problems} == {"teacher_email", "kind", "title", "date"}
    assert {p.row for p in caught.value.problems} == {3}
    assert count(session, Output) == 2  # nothing from the bad file


# --- outputs through the shared lifecycle and review ------------------------------------------------------------


def test_output_lifecycle_evidence_and_review(session):
    cast = make_cast(session)
    teacher = session.get(Person, cast.teacher.person_id)
    activity = factories.make_activity(session, teacher)
    session.commit()
    raw = {"kind": "technical_service", "title": "Customs data service", "date": date(2025, 5, 1)}
    draft = outputs.create_output(
        cast.teacher, {**raw, "activity_id": activity.id}, submit=False, evidence=[Upload("proof.pdf", PDF)]
    )
    assert (draft.status, draft.activity_id, len(draft.evidence)) == ("draft", activity.id, 1)
    changed = outputs.update_output(cast.teacher, draft.id, {**raw, "title": "Customs data service v2"}, submit=True)
    assert (changed.status, changed.title, changed.activity_id) == ("submitted", "Customs data service v2", None)
    with pytest.raises(InvalidInput):
        outputs.delete_output(cast.teacher, draft.id)  # submitted: withdraw first, as for activities
    queue = review.review_queue(cast.head)
    (item,) = [i for i in queue.items if i.kind == review.OUTPUT]
    assert (item.title, item.description, len(item.evidence)) == ("Customs data service v2", "technical_service", 1)
    assert review.pending_count(cast.head) == 1
    with pytest.raises(PermissionDenied):
        review.verify(cast.other_head, review.OUTPUT, draft.id, version=item.version)
    review.verify(cast.head, review.OUTPUT, draft.id, note="ok", version=item.version)
    (done,) = outputs.list_outputs(cast.teacher)
    assert (done.status, done.reviewer) == ("verified", "Hu Head")
    assert {e.action for e in events(session, "output")} >= {"create", "submit", "verify"}


def test_output_cannot_link_someone_elses_activity_and_writes_nothing(session):
    cast = make_cast(session)
    colleague = session.get(Person, cast.colleague.person_id)
    theirs = factories.make_activity(session, colleague)
    session.commit()
    raw = {"kind": "patent", "title": "P", "date": "2025-01-01", "activity_id": theirs.id}
    with pytest.raises(InvalidInput):
        outputs.create_output(cast.teacher, raw, submit=True, evidence=[Upload("p.pdf", PDF)])
    assert count(session, Output) == 0 and count(session, Evidence) == 0


def test_reports_and_audit_pack_include_levels_and_outputs(session):
    import zipfile

    from tracker.norms import load_default_packs
    from tracker.services import reports

    cast = make_cast(session)
    load_default_packs(session)
    teacher = session.get(Person, cast.teacher.person_id)
    teacher.industry_years = 2
    session.add(Certification(person_id=teacher.id, name="1+X 证书", type="skill_level", level="junior",
                              issued_on=date(2024, 1, 1), status="verified"))
    session.commit()
    made = outputs.create_output(
        cast.teacher, {"kind": "patent", "title": "<i>Patent</i> 专利", "date": date(2025, 5, 1)}, submit=True,
        evidence=[Upload("patent.pdf", PDF)],
    )
    frame = reports.records_frame(cast.head, as_of=date(2025, 6, 30), lang="zh")
    mine = frame[frame["类型 / 证书名称"] == "<i>Patent</i> 专利"]
    assert list(mine["记录类型"]) == ["实践成果"]
    levels = reports.levels_frame(cast.head, as_of=date(2025, 6, 30), lang="en")
    row = levels[levels["Email"] == "teacher@example.edu"].iloc[0]
    assert (row["Level met"], row["Next level"]) == ("junior", "intermediate")
    pack = reports.audit_pack(cast.head, teacher.id, as_of=date(2025, 6, 30), lang="en")
    archive = zipfile.ZipFile(pack)  # an open temporary file
    html = archive.read("summary.html").decode("utf-8")
    assert "Dual-qualified teachers" in html and "&lt;i&gt;Patent&lt;/i&gt; 专利" in html and "<i>Patent" not in html
    assert any(name.endswith("patent.pdf") for name in archive.namelist())
    assert made.status == "submitted"
