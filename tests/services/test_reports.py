"""Reports: records and compliance to CSV and Excel (headers in the reader's language, formulas defused), and
the per-teacher audit pack ZIP (summary, evidence files whose sha256 matches). SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pytest
import sqlalchemy as sa

from tests import factories
from tests.services.teacher_cast import JPEG, PDF, make_cast
from tracker.errors import NotFound, PermissionDenied
from tracker.models import Activity, Evidence, Person
from tracker.services import reports

AS_OF = date(2025, 6, 30)


@pytest.fixture
def cast(session):
    return make_cast(session)


@pytest.fixture
def packs(session):
    from tracker.norms import load_default_packs

    load_default_packs(session)
    session.commit()


def _p(session, actor) -> Person:
    return session.get(Person, actor.person_id)


def _evidence(session, content: bytes, filename: str, media_type: str, **owner) -> Evidence:
    ev = Evidence(
        filename=filename,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        **owner,
    )
    session.add(ev)
    session.flush()
    return ev


@pytest.fixture
def recorded(session, cast):
    teacher = _p(session, cast.teacher)
    alpha = factories.make_enterprise(session, "Alpha 跨境")
    visit = factories.make_activity(
        session,
        teacher,
        start=date(2025, 3, 3),
        end=date(2025, 3, 4),
        hours=16,
        enterprise=alpha,
        description='=HYPERLINK("http://x")',
    )
    visit.reviewer_id, visit.reviewed_at, visit.review_note = (
        cast.head.person_id,
        datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
        "ok",
    )
    factories.make_activity(
        session,
        teacher,
        start=date(2025, 5, 2),
        hours=8,
        kind="training",
        status="submitted",
        description="<script>alert(1)</script>",
    )
    factories.make_activity(session, teacher, start=date(2025, 7, 2), hours=8)  # after as-of: left out
    cert = factories.make_certification(
        session, teacher, name="跨境电商B2B数据运营", issued_on=date(2024, 1, 5), expires_on=date(2027, 1, 5)
    )
    factories.make_activity(session, _p(session, cast.colleague), start=date(2025, 2, 1), hours=4)
    factories.make_activity(session, _p(session, cast.other_head), start=date(2025, 2, 1), hours=4)
    _evidence(session, PDF, "合同.pdf", "application/pdf", activity_id=visit.id)
    _evidence(session, JPEG, "../../etc/photo.jpg", "image/jpeg", certification_id=cert.id)
    session.commit()
    return cast


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# --- records ------------------------------------------------------------------------------------------------


def test_records_csv_in_chinese_for_a_head(session, recorded):
    rows = _csv_rows(reports.records_csv(recorded.head, as_of=AS_OF, lang="zh"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["姓名", "邮箱", "部门", "记录类型", "类型 / 证书名称"]
    assert "审核人" in header
    by_teacher = {}
    for row in body:
        by_teacher.setdefault(row[1], []).append(row)
    assert set(by_teacher) == {"teacher@example.edu", "colleague@example.edu"}  # not other departments
    mine = by_teacher["teacher@example.edu"]
    assert [(r[3], r[4], r[6], r[9]) for r in mine] == [
        ("职业证书", "跨境电商B2B数据运营", "2024-01-05", "已认定"),
        ("实践活动", "企业考察", "2025-03-03", "已认定"),
        ("实践活动", "接受企业技能培训", "2025-05-02", "待审核"),
    ]
    visit = mine[1]
    assert visit[header.index("审核人")] == "Hu Head"
    assert visit[header.index("学时")] == "16.0"
    assert visit[header.index("说明")] == '\'=HYPERLINK("http://x")'  # a formula stays text


def test_records_xlsx_in_english(session, recorded):
    data = reports.records_xlsx(recorded.admin, as_of=AS_OF, lang="en", department_id=recorded.department_id)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Records"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("Name", "Email", "Department", "Record")
    visit = next(v for v in values[1:] if v[4] == "Enterprise visit" and v[1] == "teacher@example.edu")
    assert visit[5:9] == ("Alpha 跨境", datetime(2025, 3, 3), datetime(2025, 3, 4), 16)
    assert visit[values[0].index("Details")] == '=HYPERLINK("http://x")'  # exactly as typed, stored as text
    assert visit[values[0].index("Reviewed at (Asia/Shanghai)")] == datetime(2025, 3, 10, 17, 0)  # 09:00 UTC
    assert visit[-2:] == ("School-verified", None)  # trust, confirmed hours (issue 13: columns at the end)
    assert len(values) == 1 + 4  # teacher's 3 up to as-of + colleague's 1


@pytest.mark.parametrize("who", ["teacher", "other_head"])
def test_records_refused_outside_scope(session, recorded, who):
    with pytest.raises(PermissionDenied):
        reports.records_csv(getattr(recorded, who), as_of=AS_OF, department_id=recorded.department_id)


# --- compliance (through the norms engine) ------------------------------------------------------------------


def test_compliance_csv_and_xlsx_have_a_row_per_teacher_and_norm(session, recorded, packs):
    from tracker.norms import evaluate_compliance

    expected = evaluate_compliance(session, as_of=AS_OF, department_id=recorded.department_id)
    rows = _csv_rows(reports.compliance_csv(recorded.head, as_of=AS_OF, lang="zh"))
    assert rows[0][:5] == ["姓名", "邮箱", "部门", "考核标准", "状态"]
    assert len(rows) - 1 == len(expected) > 0
    statuses = {"达标", "进度正常", "有风险", "未达标"}
    assert {r[4] for r in rows[1:]} <= statuses
    got = {(r[1], r[5]) for r in rows[1:]}
    assert got == {(e.teacher, f"{e.achieved}") for e in expected}

    book = openpyxl.load_workbook(io.BytesIO(reports.compliance_xlsx(recorded.head, as_of=AS_OF, lang="en")))
    values = list(book.active.iter_rows(values_only=True))
    assert book.active.title == "Compliance" and values[0][3] == "Norm" and len(values) - 1 == len(expected)


def test_compliance_refused_for_a_teacher(session, recorded, packs):
    with pytest.raises(PermissionDenied):
        reports.compliance_xlsx(recorded.teacher, as_of=AS_OF)


# --- the audit pack -----------------------------------------------------------------------------------------


def test_audit_pack_has_summary_and_evidence_with_matching_sha256(session, recorded, packs):
    with reports.audit_pack(recorded.head, recorded.teacher.person_id, as_of=AS_OF, lang="zh") as pack:
        data = pack.read()
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert "summary.html" in names and "SHA256SUMS" in names
    files = [n for n in names if n.startswith("evidence/")]
    assert len(files) == 2
    assert all("/" not in n.removeprefix("evidence/") and ".." not in n for n in files)  # no path escapes
    sums = dict(line.split("  ")[::-1] for line in archive.read("SHA256SUMS").decode().splitlines())
    assert {hashlib.sha256(archive.read(n)).hexdigest() for n in files} == set(sums.values())
    for name in files:
        assert hashlib.sha256(archive.read(name)).hexdigest() == sums[name]
    assert {archive.read(n) for n in files} == {PDF, JPEG}

    summary = archive.read("summary.html").decode("utf-8")
    assert "唐老师" in summary and "跨境电商" in summary and "2025-06-30" in summary
    assert "@media print" in summary and "<script>" not in summary  # teacher text is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    for digest in sums.values():
        assert digest in summary
    assert "企业考察" in summary and "待审核" in summary and "Hu Head" in summary
    assert "2025-07-02" not in summary  # after the as-of date


@pytest.mark.parametrize(
    "who, allowed",
    [("head", True), ("admin", True), ("teacher", True), ("colleague", False), ("other_head", False)],
)
def test_audit_pack_permissions(session, recorded, packs, who, allowed):
    actor = getattr(recorded, who)
    if allowed:
        assert zipfile.ZipFile(reports.audit_pack(actor, recorded.teacher.person_id, as_of=AS_OF))
    else:
        with pytest.raises(PermissionDenied):
            reports.audit_pack(actor, recorded.teacher.person_id, as_of=AS_OF)


def test_audit_pack_is_written_to_a_temporary_file_not_held_in_memory(session, recorded, packs):
    """Issue 9 item 7; fails on the old main, which built the ZIP in memory and copied it (twice its size)."""
    import os
    import tracemalloc

    big = [PDF + os.urandom(6 * 1024 * 1024) for _ in range(4)]  # 24 MB of incompressible evidence
    activity_id = session.execute(
        sa.select(Activity.id).where(Activity.person_id == recorded.teacher.person_id).limit(1)
    ).scalar_one()
    for i, content in enumerate(big):
        _evidence(session, content, f"scan-{i}.pdf", "application/pdf", activity_id=activity_id)
    session.commit()
    tracemalloc.start()
    try:
        pack = reports.audit_pack(recorded.head, recorded.teacher.person_id, as_of=AS_OF)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with pack:
        assert not hasattr(pack, "getvalue") and os.fstat(pack.fileno()).st_size > 24 * 1024 * 1024
        archive = zipfile.ZipFile(pack)
        packed = [archive.read(n) for n in archive.namelist() if "scan-" in n]
        assert sorted(packed) == sorted(big)
    assert peak < 16 * 1024 * 1024  # about one file at a time, not the 48 MB of the whole pack twice


def test_audit_pack_for_nobody(session, cast):
    with pytest.raises(NotFound):
        reports.audit_pack(cast.admin, 99999, as_of=AS_OF)
