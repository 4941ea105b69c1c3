"""Importing teachers, activities and certifications from CSV and XLSX files: all or nothing, row numbers that
match the file, idempotent re-imports. Database tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from tracker import importing
from tracker.auth import Actor
from tracker.errors import InvalidInput
from tracker.importing import import_file, parse_file
from tracker.models import Activity, AuditEvent, Certification, Department, Enterprise, Person

TEACHERS_CSV = """email,name,department,role,category,hire_date
zhang.wei@demo.example,张伟,Cross-border E-commerce,,,2015-09-01
li.na@demo.example,李娜,International Trade,head,professional,2012-03-01
wang.fang@demo.example,王芳,Business English,teacher,general,2021-09-01
"""

ACTIVITIES_CSV = """teacher_email,kind,enterprise,start_date,end_date,hours,status,description
zhang.wei@demo.example,visit,示例跨境电商科技有限公司 (Demo),2024-03-01,2024-03-01,6,,走访企业
zhang.wei@demo.example,post_practice,示例国际物流有限公司 (Demo),2024-07-01,2024-07-21,120,verified,顶岗实践
li.na@demo.example,training,,2024-04-10,2024-04-12,24,submitted,
"""

CERTIFICATIONS_CSV = """teacher_email,name,issuer,issued_on,expires_on,status
zhang.wei@demo.example,1+X 跨境电商B2B数据运营,示例职业技能评价组织 (Demo),2023-06-01,2026-06-01,verified
li.na@demo.example,报关水平测试证书,示例报关协会 (Demo),2022-01-15,,
"""


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def teachers(engine, tmp_path):
    import_file(engine, "teachers", write(tmp_path, "teachers.csv", TEACHERS_CSV))


def problem_lines(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in exc.value.problems]


# --- good files ---------------------------------------------------------------------------------------------


def test_teachers_csv_creates_people_and_departments(engine, session, tmp_path):
    result = import_file(engine, "teachers", write(tmp_path, "teachers.csv", TEACHERS_CSV))
    assert (result.created, result.updated, result.skipped) == (3, 0, 0)
    assert result.summary() == "Imported teachers from teachers.csv: 3 created, 0 updated, 0 unchanged."
    people = {p.email: p for p in session.exec(select(Person))}
    departments = {d.id: d.name for d in session.exec(select(Department))}
    zhang = people["zhang.wei@demo.example"]
    assert (zhang.name, zhang.role, zhang.category, zhang.hire_date) == (
        "张伟",
        "teacher",
        "professional",
        date(2015, 9, 1),
    )
    assert departments[zhang.department_id] == "Cross-border E-commerce"
    assert people["li.na@demo.example"].role == "head"
    assert people["wang.fang@demo.example"].category == "general"
    assert zhang.password_hash is None  # imports never make sign-in accounts


def test_activities_csv_with_bom_creates_rows_and_unknown_enterprises(engine, session, tmp_path, teachers):
    result = import_file(engine, "activities", write(tmp_path, "activities.csv", ACTIVITIES_CSV, bom=True))
    assert (result.created, result.skipped) == (3, 0)
    assert result.summary() == "Imported activities from activities.csv: 3 created, 0 duplicates skipped."
    assert sorted(e.name for e in session.exec(select(Enterprise))) == [
        "示例国际物流有限公司 (Demo)",
        "示例跨境电商科技有限公司 (Demo)",
    ]
    rows = session.exec(select(Activity).order_by(Activity.start_date)).all()
    assert [(a.kind, a.hours, a.status) for a in rows] == [
        ("visit", 6.0, "submitted"),
        ("training", 24.0, "submitted"),
        ("post_practice", 120.0, "verified"),
    ]
    assert rows[1].enterprise_id is None and rows[1].description == ""
    assert rows[0].created_at is not None and rows[0].created_at.tzinfo is not None


def test_certifications_csv(engine, session, tmp_path, teachers):
    result = import_file(engine, "certifications", write(tmp_path, "certs.csv", CERTIFICATIONS_CSV))
    assert (result.created, result.skipped) == (2, 0)
    certs = {c.name: c for c in session.exec(select(Certification))}
    assert certs["报关水平测试证书"].expires_on is None  # blank: never expires
    assert certs["报关水平测试证书"].status == "submitted"
    assert certs["1+X 跨境电商B2B数据运营"].expires_on == date(2026, 6, 1)


@pytest.mark.parametrize(
    ("kind", "text", "model", "expected"),
    [
        ("teachers", TEACHERS_CSV, Person, 3),
        ("activities", ACTIVITIES_CSV, Activity, 3),
        ("certifications", CERTIFICATIONS_CSV, Certification, 2),
    ],
)
def test_xlsx_files_import_like_csv(engine, session, tmp_path, kind, text, model, expected, request):
    if kind != "teachers":
        request.getfixturevalue("teachers")
    rows = csv_rows(text)
    result = import_file(engine, kind, xlsx_bytes(rows), filename=f"{kind}.xlsx")
    assert result.created == expected
    assert count(session, model) == expected


def test_xlsx_real_date_and_number_cells(engine, session, teachers):
    data = xlsx_bytes(
        [
            ["teacher_email", "kind", "start_date", "end_date", "hours"],
            ["zhang.wei@demo.example", "training", datetime(2024, 5, 6), date(2024, 5, 8), 24],
        ]
    )
    import_file(engine, "activities", data, filename="cells.xlsx")
    a = session.exec(select(Activity)).one()
    assert (a.start_date, a.end_date, a.hours) == (date(2024, 5, 6), date(2024, 5, 8), 24.0)


def test_header_names_are_case_and_space_insensitive_and_optional_columns_may_be_left_out(
    engine, session, teachers
):
    data = (
        "Teacher Email,KIND,Start Date,End-Date,Hours\nzhang.wei@demo.example,visit,2024-03-01,2024-03-01,4\n"
    )
    import_file(engine, "activities", data.encode(), filename="short.csv")
    a = session.exec(select(Activity)).one()
    assert (a.status, a.enterprise_id, a.description) == ("submitted", None, "")


def test_one_audit_event_per_import_with_the_counts(engine, session, tmp_path, teachers):
    li_na = Actor.of(session.exec(select(Person).where(Person.email == "li.na@demo.example")).one())
    import_file(engine, "activities", write(tmp_path, "a.csv", ACTIVITIES_CSV), actor=li_na)
    events = session.exec(select(AuditEvent).where(AuditEvent.entity == "activity")).all()
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.actor) == ("import", "li.na@demo.example")
    assert event.actor_id == session.exec(select(Person.id).where(Person.email == "li.na@demo.example")).one()
    assert json.loads(event.after) == {"file": "a.csv", "created": 3, "updated": 0, "skipped": 0}


def test_progress_wraps_the_records_with_a_total(engine, tmp_path, teachers):
    seen = []

    def progress(records, total):
        seen.append(total)
        yield from records

    import_file(engine, "activities", write(tmp_path, "a.csv", ACTIVITIES_CSV), progress=progress)
    assert seen == [4]  # four lines: header and three rows


# --- bad rows: every one reported as "row N: column: message", nothing written ------------------------------


BAD_ACTIVITY_CELLS = [
    (
        {"teacher_email": "zhang.wei@@demo.example"},
        "teacher_email: 'zhang.wei@@demo.example' is not a valid email address",
    ),
    ({"teacher_email": "nobody@demo.example"}, "teacher_email: no teacher with email nobody@demo.example"),
    (
        {"kind": "holiday"},
        "kind: 'holiday' is not one of: visit, training, post_practice, rnd_project, training_base, other",
    ),
    ({"start_date": "2023-02-29"}, "start_date: '2023-02-29' is not a real calendar date"),
    ({"start_date": "01/03/2024"}, "start_date: '01/03/2024' is not a date; write it as YYYY-MM-DD"),
    ({"end_date": "2024-02-28"}, "end_date: is before the start date"),
    ({"hours": "0"}, "hours: must be more than 0"),
    ({"hours": "25"}, "hours: 25 hours do not fit in 1 day(s) (at most 24)"),
    ({"hours": "NaN"}, "hours: must be a finite number"),
    ({"hours": "eight"}, "hours: 'eight' is not a number"),
    ({"status": "approved"}, "status: 'approved' is not one of: draft, submitted, verified, rejected"),
    ({"description": "bad\x07bell"}, "description: contains control characters"),
    ({"enterprise": "x" * 201}, "enterprise: is too long (201 characters; at most 200)"),
]


@pytest.mark.parametrize(
    ("change", "message"),
    BAD_ACTIVITY_CELLS,
    ids=[m.split(":")[0] + "-" + str(i) for i, (_c, m) in enumerate(BAD_ACTIVITY_CELLS)],
)
def test_each_bad_activity_cell_names_its_row_and_column_and_imports_nothing(
    engine, session, tmp_path, teachers, change, message
):
    good = {
        "teacher_email": "zhang.wei@demo.example",
        "kind": "visit",
        "enterprise": "示例新企业 (Demo)",
        "start_date": "2024-03-01",
        "end_date": "2024-03-01",
        "hours": "6",
        "status": "",
        "description": "",
    }
    columns = list(good)
    lines = [",".join(columns)] + [",".join(good.values())] * 3
    bad = {**good, **change}
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([bad[c] for c in columns])
    lines[3] = out.getvalue().rstrip("\n")  # the fourth line of the file
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "activities", write(tmp_path, "bad.csv", "\n".join(lines) + "\n"))
    assert problem_lines(caught) == [f"row 4: {message}"]
    assert count(session, Activity) == 0
    assert count(session, Enterprise) == 0  # not even the new enterprise of the good rows
    assert count(session, AuditEvent) == 1  # only the teachers import


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_on": "2022-12-31"}, "expires_on: is before the issue date"),
        ({"issued_on": ""}, "issued_on: is required (YYYY-MM-DD)"),
        ({"name": ""}, "name: is required"),
        ({"teacher_email": "ghost@demo.example"}, "teacher_email: no teacher with email ghost@demo.example"),
    ],
)
def test_each_bad_certification_cell(engine, session, tmp_path, teachers, change, message):
    good = {
        "teacher_email": "zhang.wei@demo.example",
        "name": "报关水平测试证书",
        "issuer": "示例报关协会 (Demo)",
        "issued_on": "2023-01-01",
        "expires_on": "2027-01-01",
        "status": "verified",
    }
    bad = {**good, **change}
    text = ",".join(good) + "\n" + ",".join(good.values()) + "\n" + ",".join(bad.values()) + "\n"
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "certifications", write(tmp_path, "bad.csv", text))
    assert problem_lines(caught) == [f"row 3: {message}"]
    assert count(session, Certification) == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "new@demo.example,新老师,,dean,,2020-01-01",
            "row 3: role: 'dean' is not one of: teacher, head, admin",
        ),
        (
            "new@demo.example,新老师,,,,2020-02-30",
            "row 3: hire_date: '2020-02-30' is not a real calendar date",
        ),
        ("new@demo.example,,,,,2020-01-01", "row 3: name: is required"),
        (
            "newdemo.example,新老师,,,,2020-01-01",
            "row 3: email: 'newdemo.example' is not a valid email address",
        ),
        (
            "zhang.wei@demo.example,别的名字,,,,2015-09-01",
            "row 3: email: zhang.wei@demo.example is also on row 2 with other values",
        ),
    ],
)
def test_each_bad_teacher_cell(engine, session, tmp_path, line, message):
    text = (
        "email,name,department,role,category,hire_date\nzhang.wei@demo.example,张伟,Logistics Management,,,"
        "2015-09-01\n" + line + "\n"
    )
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "teachers", write(tmp_path, "bad.csv", text))
    assert problem_lines(caught) == [message]
    assert count(session, Person) == 0
    assert count(session, Department) == 0


def test_every_bad_row_is_reported_not_just_the_first(engine, session, tmp_path, teachers):
    text = (
        ACTIVITIES_CSV + "zhang.wei@demo.example,visit,,2024-01-01,2024-01-01,0,,\n"
        "zhang.wei@demo.example,nap,,2024-01-01,2023-01-01,4,,\n"
    )
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "activities", write(tmp_path, "bad.csv", text))
    assert problem_lines(caught) == [
        "row 5: hours: must be more than 0",
        "row 6: kind: 'nap' is not one of: visit, training, post_practice, rnd_project, training_base, other",
        "row 6: end_date: is before the start date",
    ]
    assert count(session, Activity) == 0


def test_row_numbers_are_file_lines_across_blank_lines_and_multiline_cells(engine, tmp_path, teachers):
    text = (
        "teacher_email,kind,start_date,end_date,hours,description\n"  # line 1
        'zhang.wei@demo.example,visit,2024-03-01,2024-03-01,4,"first line\n'  # line 2
        'second line"\n'  # line 3
        "\n"  # line 4: blank, skipped
        ",,,,,\n"  # line 5: empty cells, skipped
        "zhang.wei@demo.example,visit,2024-03-01,2024-03-01,-1,\n"  # line 6
    )
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "activities", write(tmp_path, "lines.csv", text))
    assert problem_lines(caught) == ["row 6: hours: must be more than 0"]


def test_xlsx_row_numbers_are_sheet_rows(engine, teachers):
    data = xlsx_bytes(
        [
            ["teacher_email", "kind", "start_date", "end_date", "hours"],
            ["zhang.wei@demo.example", "visit", "2024-03-01", "2024-03-01", 4],
            [None, None, None, None, None],
            ["zhang.wei@demo.example", "visit", "2024-03-01", "2024-03-01", 30],
        ]
    )
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "activities", data, filename="rows.xlsx")
    assert problem_lines(caught) == ["row 4: hours: 30 hours do not fit in 1 day(s) (at most 24)"]


def test_a_failure_while_writing_rolls_everything_back(engine, session, tmp_path, teachers, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_audit", broken)  # fails after the rows and enterprises were inserted
    with pytest.raises(RuntimeError):
        import_file(engine, "activities", write(tmp_path, "a.csv", ACTIVITIES_CSV))
    assert count(session, Activity) == 0
    assert count(session, Enterprise) == 0


# --- the header and unreadable files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "teacher_email,kind,start_date,hours",
            "row 1: header: missing column(s): end_date; expected teacher_email, kind, start_date, end_date, "
            "hours (optional: enterprise, status, description)",
        ),
        (
            "teacher_email,kind,start_date,end_date,hours,notes",
            "row 1: header: unknown column(s): notes; expected teacher_email, kind, start_date, end_date, "
            "hours (optional: enterprise, status, description)",
        ),
        (
            "teacher_email,kind,start_date,end_date,hours,kind",
            "row 1: header: column(s) named twice: kind; expected teacher_email, kind, start_date, end_date, "
            "hours (optional: enterprise, status, description)",
        ),
    ],
)
def test_header_problems_name_the_columns(header, message):
    parsed = parse_file("activities", (header + "\nx@demo.example,visit,2024-01-01,2024-01-01,1\n").encode())
    assert [str(p) for p in parsed.problems] == [message]


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"", "file: the file is empty"),
        (b"\xef\xbb\xbf\r\n", "file: the file is empty"),
        (
            "teacher_email,kind,start_date,end_date,hours\n张三,visit\n".encode("gbk"),
            "file: the file is not UTF-8 text. It looks like GBK/GB18030",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file: this is not a CSV or XLSX file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "file: this is not a CSV or XLSX file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file: this is an old Excel .xls file"),
        (b"PK\x03\x04 not really a workbook", "file: this .xlsx workbook cannot be read"),
        (
            b"teacher_email,kind,start_date,end_date,hours\n",
            "row 1: file: there are no rows under the header",
        ),
        (
            b'teacher_email,kind,start_date,end_date,hours\n"unclosed,visit\n',
            "file: line 2: the CSV text is broken",
        ),
    ],
)
def test_unreadable_files_give_one_clear_problem(data, start):
    parsed = parse_file("activities", data, "upload.csv")
    assert len(parsed.problems) == 1, parsed.problems
    assert str(parsed.problems[0]).startswith(start)
    assert parsed.rows == []


def test_a_row_with_more_cells_than_the_header_is_a_problem():
    parsed = parse_file(
        "activities",
        b"teacher_email,kind,start_date,end_date,hours\n"
        b"x@demo.example,visit,2024-01-01,2024-01-01,1,extra\n"
        b"x@demo.example,visit,2024-01-01,2024-01-01,1,,\n",
    )
    assert [str(p) for p in parsed.problems] == ["row 2: cells: 6 values but the header has 5 columns"]
    assert len(parsed.rows) == 1  # trailing empty cells are harmless


def test_unreadable_file_through_import_writes_nothing(engine, session, tmp_path):
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "teachers", write(tmp_path, "gbk.csv", TEACHERS_CSV, encoding="gbk"))
    assert len(caught.value.problems) == 1
    assert count(session, Person) == 0


def test_a_missing_file_is_one_problem(engine, tmp_path):
    with pytest.raises(InvalidInput) as caught:
        import_file(engine, "teachers", tmp_path / "nope.csv")
    assert problem_lines(caught)[0].startswith("file: cannot read nope.csv")


def test_unknown_kind_is_refused(engine):
    with pytest.raises(InvalidInput, match="'courses' is not one of: teachers, activities, certifications"):
        import_file(engine, "courses", b"x\n1\n", filename="x.csv")


# --- re-imports and upserts ---------------------------------------------------------------------------------


def test_reimporting_activities_is_idempotent_and_in_file_duplicates_are_skipped(
    engine, session, tmp_path, teachers
):
    duplicate = ACTIVITIES_CSV.splitlines()[1]
    path = write(tmp_path, "a.csv", ACTIVITIES_CSV + duplicate + "\n")
    first = import_file(engine, "activities", path)
    assert (first.created, first.skipped) == (3, 1)
    second = import_file(engine, "activities", path)
    assert (second.created, second.skipped) == (0, 4)
    assert second.summary() == "Imported activities from a.csv: 0 created, 4 duplicates skipped."
    assert count(session, Activity) == 3
    assert count(session, Enterprise) == 2


def test_a_row_differing_in_any_part_of_the_key_is_new(engine, session, tmp_path, teachers):
    import_file(engine, "activities", write(tmp_path, "a.csv", ACTIVITIES_CSV))
    changed = ACTIVITIES_CSV.replace(",6,,走访企业", ",6.5,,走访企业")
    result = import_file(engine, "activities", write(tmp_path, "b.csv", changed))
    assert (result.created, result.skipped) == (1, 2)


def test_reimporting_certifications_is_idempotent(engine, session, tmp_path, teachers):
    path = write(tmp_path, "c.csv", CERTIFICATIONS_CSV)
    import_file(engine, "certifications", path)
    again = import_file(engine, "certifications", xlsx_bytes(csv_rows(CERTIFICATIONS_CSV)), filename="c.xlsx")
    assert (again.created, again.skipped) == (0, 2)  # the same rows from an xlsx file are the same rows
    assert count(session, Certification) == 2


def test_existing_records_entered_elsewhere_count_as_duplicates(engine, session, factory, tmp_path):
    person = factory.make_person(session, "zhang.wei@demo.example")
    enterprise = factory.make_enterprise(session, "示例跨境电商科技有限公司 (Demo)")
    factory.make_activity(
        session,
        person,
        start=date(2024, 3, 1),
        hours=6,
        kind="visit",
        status="submitted",
        enterprise=enterprise,
        description="走访企业",
    )
    session.commit()
    line = ACTIVITIES_CSV.splitlines()[:2]
    result = import_file(engine, "activities", write(tmp_path, "a.csv", "\n".join(line) + "\n"))
    assert (result.created, result.skipped) == (0, 1)


def test_teachers_upsert_by_email(engine, session, tmp_path):
    import_file(engine, "teachers", write(tmp_path, "t.csv", TEACHERS_CSV))
    again = import_file(
        engine,
        "teachers",
        write(
            tmp_path,
            "t.csv",
            TEACHERS_CSV.upper().replace(
                "EMAIL,NAME,DEPARTMENT,ROLE,CATEGORY,HIRE_DATE",
                "email,name,department,role,category,hire_date",
            ),
        ),
    )
    # upper-cased emails are the same people; upper-cased names and departments are changes
    assert (again.created, again.updated, again.skipped) == (0, 3, 0)
    changed = (
        TEACHERS_CSV.replace("李娜,International Trade,head", "李娜,Logistics Management,").replace(
            "2015-09-01", "2016-09-01"
        )
        + "new.one@demo.example,新老师,,,,2025-09-01\n"
    )
    result = import_file(engine, "teachers", write(tmp_path, "t2.csv", changed))
    assert (result.created, result.updated, result.skipped) == (1, 3, 0)
    same = import_file(engine, "teachers", write(tmp_path, "t2.csv", changed))
    assert (same.created, same.updated, same.skipped) == (0, 0, 4)
    session.expire_all()
    people = {p.email: p for p in session.exec(select(Person))}
    assert len(people) == 4
    li = people["li.na@demo.example"]
    assert li.role == "head"  # a blank role keeps the role an existing teacher already has
    assert session.get(Department, li.department_id).name == "Logistics Management"
    assert people["zhang.wei@demo.example"].hire_date == date(2016, 9, 1)
    assert people["new.one@demo.example"].department_id is None


def test_teacher_import_keeps_password_and_active_flag(engine, session, factory, tmp_path):
    factory.make_person(session, "zhang.wei@demo.example", name="Old", password="secret", active=False)
    session.commit()
    import_file(engine, "teachers", write(tmp_path, "t.csv", TEACHERS_CSV))
    session.expire_all()
    zhang = session.exec(select(Person).where(Person.email == "zhang.wei@demo.example")).one()
    assert zhang.name == "张伟" and zhang.password_hash and zhang.active is False


# --- a property: whatever text a cell holds, the CSV round trip keeps it ------------------------------------


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)


@settings(max_examples=60, deadline=None)  # a busy CI machine must not fail a correct parse
@given(descriptions=st.lists(cell_text, min_size=1, max_size=5), bom=st.booleans())
def test_description_cells_survive_the_csv_round_trip(descriptions, bom):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["teacher_email", "kind", "start_date", "end_date", "hours", "description"])
    for d in descriptions:
        writer.writerow(["x@demo.example", "visit", "2024-01-01", "2024-01-01", "1", d])
    data = (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()
    parsed = parse_file("activities", data, "p.csv")
    # the oracle: the validation rule applied to each cell on its own
    expected = []
    for d in descriptions:
        try:
            expected.append(
                ("ok", importing.validation.text(d, max_length=4000, required=False, multiline=True))
            )
        except InvalidInput:
            expected.append(("bad", None))
    assert len(parsed.rows) == sum(1 for status, _ in expected if status == "ok")
    assert len({p.row for p in parsed.problems}) == sum(1 for status, _ in expected if status == "bad")
    assert [r.description for r in parsed.rows] == [clean for status, clean in expected if status == "ok"]


def test_a_hopeless_file_stops_after_a_thousand_problems():
    rows = "".join(f"x@demo.example,visit,2024-01-01,2024-01-01,-{n}\n" for n in range(1, 1500))
    parsed = parse_file("activities", ("teacher_email,kind,start_date,end_date,hours\n" + rows).encode())
    assert len(parsed.problems) == importing.MAX_PROBLEMS + 1
    assert str(parsed.problems[0]) == "row 2: hours: must be more than 0"
    assert str(parsed.problems[-1]) == (
        "file: stopped reading at row 1002 after 1,000 problems; correct these and import the file again"
    )


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_with_another_separator_says_so(separator, word):
    header = separator.join(["teacher_email", "kind", "start_date", "end_date", "hours"])
    parsed = parse_file("activities", (header + "\n").encode())
    assert [str(p) for p in parsed.problems] == [
        f"row 1: header: the columns are separated by {word}; separate them with commas"
    ]


def test_imported_dates_and_times_read_and_compare_like_any_other_row(
    engine, session, factory, tmp_path, teachers
):
    import_file(engine, "activities", write(tmp_path, "a.csv", ACTIVITIES_CSV))
    import_file(engine, "certifications", write(tmp_path, "c.csv", CERTIFICATIONS_CSV))
    by_date = session.exec(select(Activity).where(Activity.start_date == date(2024, 7, 1))).one()
    assert by_date.end_date == date(2024, 7, 21)
    assert session.exec(select(Activity).where(Activity.end_date >= date(2024, 4, 12))).all() != []
    cert = session.exec(select(Certification).where(Certification.expires_on == date(2026, 6, 1))).one()
    assert cert.issued_on == date(2023, 6, 1)
    later = factory.make_activity(session, session.get(Person, by_date.person_id), start=date(2024, 1, 1))
    session.commit()
    session.expire_all()
    stamps = [a.created_at for a in session.exec(select(Activity).order_by(Activity.id))]
    assert all(s.tzinfo is not None for s in stamps)
    assert stamps[-1] >= stamps[0]  # the ORM row written later sorts after the imported ones
    newest = session.exec(select(Activity).order_by(Activity.created_at.desc())).first()
    assert newest.id == later.id
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            texts = conn.exec_driver_sql("SELECT created_at, start_date FROM activity ORDER BY id").all()
        assert len({len(t[0]) for t in texts}) == 1  # one text format for imported and ORM rows
        assert texts[0][1] == "2024-03-01"


def test_awkward_text_survives_the_bulk_write_exactly(engine, session, teachers):
    awkward = 'tab\there, back\\slash, \\N, "quotes", 换行\r\nnext line, emoji 🚢'
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["teacher_email", "kind", "enterprise", "start_date", "end_date", "hours", "description"])
    writer.writerow(
        ["zhang.wei@demo.example", "visit", "示例\\公司 (Demo)", "2024-03-01", "2024-03-01", "4", awkward]
    )
    import_file(engine, "activities", out.getvalue().encode(), filename="awkward.csv")
    stored = session.exec(select(Activity)).one()
    assert stored.description == awkward
    assert session.get(Enterprise, stored.enterprise_id).name == "示例\\公司 (Demo)"


record = st.one_of(
    st.just(None),  # a blank line
    st.tuples(st.text(alphabet='ab ,"\n字', max_size=12), st.booleans()),  # (description, row is bad)
)


@settings(max_examples=80, deadline=None)
@given(records=st.lists(record, max_size=12))
def test_reported_rows_are_the_lines_where_records_start(records):
    """Oracle: count the file's lines by hand; quoted cells may span lines, blank lines are skipped."""
    lines = ["teacher_email,kind,start_date,end_date,hours,description"]
    expected_bad, expected_good, line = [], [], 2
    for item in records:
        if item is None:
            lines.append("")
            line += 1
            continue
        description, bad = item
        quoted = '"' + description.replace('"', '""') + '"'
        lines.append(f"x@demo.example,visit,2024-01-01,2024-01-01,{-1 if bad else 1},{quoted}")
        (expected_bad if bad else expected_good).append(line)
        line += 1 + description.count("\n")
    parsed = parse_file("activities", ("\n".join(lines) + "\n").encode(), "lines.csv")
    assert [p.row for p in parsed.problems if p.field == "hours"] == expected_bad
    assert parsed.lines == expected_good
