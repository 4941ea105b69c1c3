"""Bad input everywhere (issue 6): random and hostile values in every import column and every form field.

Each value is either stored exactly (after the one documented clean-up: Unicode NFC and trimmed ends) or
refused with InvalidInput whose problems are short sentences for a teacher. Never another exception, never a
partial write: when a form or a file is refused, no table gains or loses a row. Uploads: wrong type behind the
right extension, oversize, zero bytes.

The rendering half ("displayed escaped") is tested at the end: a hostile description goes through My records
and Review in AppTest, and no element that Streamlit would render as raw HTML carries it."""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from tracker.auth import Actor
from tracker.errors import InvalidInput

# Values people (and attackers) really type or paste.
NASTY = [
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\x1b[31mred",
    "line\nbreak",
    "cr\rreturn",
    "\u202eevil.pdf",
    "\u200f\u200e",
    "\ufeffbom",
    "😀🇨🇳👩‍🏫",
    "示例企业（深圳）有限公司",
    "Ｆｕｌｌｗｉｄｔｈ",
    "e\u0301",
    "\U0010ffff",
    "'; DROP TABLE activity; --",
    "Robert'); DELETE FROM person; --",
    "1 OR 1=1",
    "%s%s%n",
    "{0}{name}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "**bold**",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\\",
    "../../etc/passwd",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "0",
    "-5",
    "1e-300",
    "24.0000001",
    "９",
    "1,5",
    "0x10",
    "9" * 400,
    "0001-01-01",
    "9999-12-31",
    "1949-12-31",
    "2101-01-01",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "24-01-01",
    "2024/01/01",
    " 2024-01-01 ",
    "20240101",
    "A" * 5000,
    "长" * 300,
]
nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=20)),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=200, max_size=6000),
)
nasty_value = st.one_of(
    nasty_text,
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.booleans(),
)
CHECKS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TABLES = ["person", "department", "enterprise", "activity", "certification", "evidence", "audit_event"]


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}


def clean(value) -> str:
    """What 'stored exactly' means for text: Unicode NFC with the ends trimmed (tracker.validation.text); None
    and NaN (an empty spreadsheet cell) are blank."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def assert_clear_refusal(exc: InvalidInput) -> None:
    """One clear message: problems exist, each names a field and says what is wrong in a short sentence."""
    if currently_in_test_context():  # --hypothesis-show-statistics then shows what was refused, and how often
        event(f"refused: {exc.problems[0].field if exc.problems else '?'}")
    assert exc.problems, "InvalidInput without problems"
    for p in exc.problems:
        assert p.field and p.message
        assert len(p.message) <= 300, f"a message that repeats the whole input back: {p.message[:80]}…"
        assert "Traceback" not in p.message and "sqlalchemy" not in p.message.lower()


@pytest.fixture
def teacher(session, factory) -> Actor:
    person = factory.make_person(session, "teacher@college.edu", department="Cross-border E-commerce")
    factory.make_person(session, "head@college.edu", department="Cross-border E-commerce", role="head")
    session.commit()
    return Actor.of(person)


# --- the service layer's forms ------------------------------------------------------------------------------

GOOD_ACTIVITY = {
    "kind": "visit",
    "enterprise": "Shenzhen Shop Ltd",
    "start_date": date(2024, 3, 4),
    "end_date": date(2024, 3, 4),
    "hours": 6,
    "description": "Visited the warehouse",
}


@CHECKS
@given(field=st.sampled_from(sorted(GOOD_ACTIVITY)), value=nasty_value)
def test_activity_form_stores_exactly_or_refuses_cleanly(engine, teacher, field, value):
    from tracker.models import Activity, Enterprise
    from tracker.services.activities import create_activity
    from tracker.services.evidence import Upload

    raw = dict(GOOD_ACTIVITY, **{field: value})
    before = counts(engine)
    try:
        record = create_activity(teacher, raw, submit=True, evidence=[Upload("proof.pdf", b"%PDF-1.4\nx")])
    except InvalidInput as exc:
        assert_clear_refusal(exc)
        assert counts(engine) == before, "a refused form wrote something"
        return
    after = counts(engine)
    assert after["activity"] == before["activity"] + 1 and after["evidence"] == before["evidence"] + 1
    with sa.orm.Session(engine) as s:
        stored = s.get(Activity, record.id)
        if field == "description":
            assert stored.description == clean(value)
        elif field == "enterprise":
            name = s.get(Enterprise, stored.enterprise_id).name if stored.enterprise_id else ""
            typed = clean(value)
            assert (
                name.lower() == typed.lower()
            )  # a new name as typed, or the registry's entry (case ignored)
        elif field == "hours":
            assert math.isfinite(stored.hours) and 0 < stored.hours <= 24
        elif field in ("start_date", "end_date"):
            # accepted only as a real period: the typed date stored as given, the other one untouched
            assert stored.start_date <= stored.end_date
            other = "end_date" if field == "start_date" else "start_date"
            assert getattr(stored, other) == date(2024, 3, 4)
            typed = value.date() if isinstance(value, datetime) else value
            assert getattr(stored, field).isoformat() == (
                typed.isoformat() if isinstance(typed, date) else str(typed).strip()
            )


GOOD_CERTIFICATE = {
    "name": "1+X Cross-border E-commerce",
    "issuer": "Board",
    "level": "Intermediate",
    "issued_on": date(2023, 5, 1),
    "expires_on": date(2026, 5, 1),
    "credential_id": "X-123",
}


@CHECKS
@given(field=st.sampled_from(sorted(GOOD_CERTIFICATE)), value=nasty_value)
def test_certificate_form_stores_exactly_or_refuses_cleanly(engine, teacher, field, value):
    from tracker.models import Certification
    from tracker.services.certifications import add_certification

    raw = dict(GOOD_CERTIFICATE, **{field: value})
    before = counts(engine)
    try:
        record = add_certification(teacher, raw)
    except InvalidInput as exc:
        assert_clear_refusal(exc)
        assert counts(engine) == before, "a refused form wrote something"
        return
    assert counts(engine)["certification"] == before["certification"] + 1
    with sa.orm.Session(engine) as s:
        stored = s.get(Certification, record.id)
        if field in ("name", "issuer", "level", "credential_id"):
            assert (getattr(stored, field) or "") == clean(value)


@CHECKS
@given(
    field=st.sampled_from(["email", "name", "department", "role", "category", "hire_date"]), value=nasty_value
)
def test_add_person_form_stores_exactly_or_refuses_cleanly(engine, session, factory, field, value):
    from tracker.services.people import add_person

    admin = factory.make_person(session, f"admin{datetime.now().timestamp()}@college.edu", role="admin")
    session.commit()
    raw = {
        "email": "new.person@college.edu",
        "name": "New Person",
        "department": "Logistics",
        "role": "teacher",
        "category": "general",
        "hire_date": "2020-09-01",
        field: value,
    }
    before = counts(engine)
    try:
        person = add_person(Actor.of(admin), raw, password="a good password")
    except InvalidInput as exc:
        assert_clear_refusal(exc)
        assert counts(engine) == before
        return
    if field in ("name", "department"):
        assert (getattr(person, field) or "") == clean(value)
    with engine.begin() as conn:  # the next example adds the same email again
        conn.execute(
            sa.text("DELETE FROM audit_event WHERE entity_id = :id AND entity = 'person'"), {"id": person.id}
        )
        conn.execute(sa.text("DELETE FROM person WHERE id = :id"), {"id": person.id})


@CHECKS
@given(name=nasty_value)
def test_registry_names_store_exactly_or_refuse_cleanly(engine, session, factory, name):
    from tracker.services.departments import add_department
    from tracker.services.enterprises import add_enterprise

    admin = Actor.of(factory.make_person(session, f"a{datetime.now().timestamp()}@college.edu", role="admin"))
    session.commit()
    for add, table in (
        (lambda: add_department(admin, name), "department"),
        (lambda: add_enterprise(admin, {"name": name, "city": name}), "enterprise"),
    ):
        before = counts(engine)
        try:
            new_id = add()
        except InvalidInput as exc:
            assert_clear_refusal(exc)
            assert counts(engine) == before
            continue
        with engine.connect() as conn:
            stored = conn.execute(
                sa.text(f"SELECT name FROM {table} WHERE id = :id"), {"id": new_id}
            ).scalar()
        assert stored == clean(name)


@CHECKS
@given(note=nasty_value)
def test_review_note_stores_exactly_or_refuses_cleanly(engine, session, factory, teacher, note):
    from tracker.models import Activity, Person
    from tracker.services.review import reject

    head = Actor.of(session.exec(sa.select(Person).where(Person.email == "head@college.edu")).scalars().one())
    owner = session.get(Person, teacher.person_id)
    activity = factory.make_activity(session, owner, status="submitted")
    session.commit()
    before = counts(engine)
    try:
        reject(head, "activity", activity.id, note, version=activity.version)
    except InvalidInput as exc:
        assert_clear_refusal(exc)
        assert counts(engine) == before
        with sa.orm.Session(engine) as s:
            assert s.get(Activity, activity.id).status == "submitted"
        return
    with sa.orm.Session(engine) as s:
        stored = s.get(Activity, activity.id)
        assert stored.status == "rejected" and stored.review_note == clean(note)


# --- evidence uploads ---------------------------------------------------------------------------------------

BAD_UPLOADS = {
    "zero bytes": ("visit.pdf", b""),
    "a PNG called .pdf": ("visit.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "a program called .pdf": ("visit.pdf", b"MZ\x90\x00" + b"\x00" * 64),
    "HTML called .png": ("photo.png", b"<html><script>alert(1)</script></html>"),
    "a zip called .jpg": ("photo.jpg", b"PK\x03\x04" + b"\x00" * 64),
    "oversize": ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1)),
    "an SVG": ("drawing.svg", b"<svg onload=alert(1)></svg>"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_bad_upload_is_refused_and_nothing_is_saved(engine, teacher, case):
    from tracker.services.activities import create_activity
    from tracker.services.evidence import Upload

    filename, data = BAD_UPLOADS[case]
    before = counts(engine)
    with pytest.raises(InvalidInput) as refused:
        create_activity(
            teacher,
            GOOD_ACTIVITY,
            submit=True,
            evidence=[Upload("fine.pdf", b"%PDF-1.4\nok"), Upload(filename, data)],
        )
    assert_clear_refusal(refused.value)
    assert [p.field for p in refused.value.problems] == ["evidence"]
    assert filename in str(refused.value)
    assert counts(engine) == before, "the good file or the activity was saved although the form was refused"


def test_hostile_file_name_is_cleaned_not_trusted(engine, teacher):
    from tracker.services.activities import create_activity
    from tracker.services.evidence import Upload

    record = create_activity(
        teacher,
        GOOD_ACTIVITY,
        submit=True,
        evidence=[Upload("..\\..\\<script>\u202efdp.exe.pdf", b"%PDF-1.4\nok")],
    )
    name = record.evidence[0].filename
    assert "/" not in name and "\\" not in name and "<" not in name and name.endswith(".pdf")


# --- import files -------------------------------------------------------------------------------------------

IMPORT_ROWS = {
    "teachers": {
        "email": "imported@college.edu",
        "name": "Imported Teacher",
        "hire_date": "2019-09-01",
        "department": "Logistics",
        "role": "teacher",
        "category": "professional",
    },
    "activities": {
        "teacher_email": "teacher@college.edu",
        "kind": "training",
        "start_date": "2024-04-01",
        "end_date": "2024-04-02",
        "hours": "12",
        "enterprise": "Import Co",
        "status": "verified",
        "description": "Imported",
    },
    "certifications": {
        "teacher_email": "teacher@college.edu",
        "name": "Imported cert",
        "issued_on": "2022-01-01",
        "issuer": "Board",
        "expires_on": "2025-01-01",
        "status": "verified",
        "level": "High",
        "credential_id": "C-1",
    },
}
IMPORT_CELLS = [(kind, column) for kind, row in IMPORT_ROWS.items() for column in row]


def csv_bytes(row: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(row))
    writer.writerow(["" if v is None else str(v) for v in row.values()])
    return out.getvalue().encode("utf-8")


@CHECKS
@given(cell=st.sampled_from(IMPORT_CELLS), value=nasty_text)
def test_every_import_column_stores_exactly_or_refuses_cleanly(engine, teacher, cell, value):
    from tracker.importing import import_file

    kind, column = cell
    row = dict(IMPORT_ROWS[kind], **{column: value})
    before = counts(engine)
    try:
        result = import_file(engine, kind, csv_bytes(row), filename=f"{kind}.csv")
    except InvalidInput as exc:
        assert_clear_refusal(exc)
        assert counts(engine) == before, "a refused import wrote something"
        return
    assert result.created + result.updated + result.skipped == 1
    table = {"teachers": "person", "activities": "activity", "certifications": "certification"}[kind]
    text_columns = {"name", "description", "issuer", "level", "credential_id"}
    if column in text_columns and result.created:
        with engine.connect() as conn:
            stored = conn.execute(sa.text(f"SELECT {column} FROM {table} ORDER BY id DESC LIMIT 1")).scalar()
        assert (stored or "") == clean(value)
    with engine.begin() as conn:  # leave the next example a database without this row
        conn.execute(
            sa.text(
                f"DELETE FROM {table} WHERE id = (SELECT max(id) FROM {table})"
                + (
                    " AND email <> 'teacher@college.edu' AND email <> 'head@college.edu'"
                    if table == "person"
                    else ""
                )
            )
        )


BAD_FILES = {
    "zero bytes.csv": b"",
    "only a header.csv": b"teacher_email,kind,start_date,end_date,hours\n",
    "a PNG.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "CSV text.xlsx": b"teacher_email,kind\nteacher@college.edu,visit\n",
    "GBK text.csv": "teacher_email,kind,start_date,end_date,hours\nteacher@college.edu,企业考察,2024-01-01,"
    "2024-01-01,8\n".encode("gbk"),
    "a zip bomb header.xlsx": b"PK\x03\x04" + b"\x00" * 200,
    "NUL bytes.csv": b"teacher_email,kind,start_date,end_date,hours\n"
    b"teacher@college.edu\x00,visit,2024-01-01,"
    b"2024-01-01,8\n",
    "unknown columns.csv": b"who,what\nme,that\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_import_file_is_refused_and_nothing_is_written(engine, teacher, name):
    from tracker.importing import import_file

    before = counts(engine)
    try:
        result = import_file(engine, "activities", BAD_FILES[name], filename=name)
    except InvalidInput as exc:
        assert_clear_refusal(exc)
    else:
        assert result.created == 0, f"{name} imported rows"
    assert counts(engine) == before


# --- displayed escaped --------------------------------------------------------------------------------------

PROJECT_DIR = Path(__file__).resolve().parents[2]
HOSTILE_DESCRIPTION = "<img src=x onerror=alert(1)><script>alert(2)</script> [x](javascript:alert(3)) **b**"


def elements_showing(at, text: str) -> list:
    """Every element of the rendered page whose content includes ``text`` (dataframes by their cells)."""
    found = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else []:
            proto = getattr(child, "proto", None)
            content = (
                getattr(child, "value", None) if getattr(child, "type", "") != "arrow_data_frame" else None
            )
            if content is None and proto is not None:
                content = getattr(proto, "body", None) or getattr(proto, "data", None)
            if isinstance(content, bytes):
                content = content.decode("utf-8", "replace")
            if isinstance(content, str) and text in content:
                found.append(child)
            walk(child)

    walk(at._tree)
    return found


def show(page: str, viewer: Actor):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_DIR / "streamlit_app.py"), default_timeout=60)
    at.session_state["actor"] = viewer
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(f"tracker/ui/pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def hostile_record(session, factory, teacher) -> dict[str, Actor]:
    from tracker.models import Person

    owner = session.get(Person, teacher.person_id)
    factory.make_activity(
        session,
        owner,
        status="submitted",
        description=HOSTILE_DESCRIPTION,
        start=date.today() - timedelta(days=3),
    )
    session.commit()
    head = session.exec(sa.select(Person).where(Person.email == "head@college.edu")).scalars().one()
    return {"my_records": teacher, "review": Actor.of(head)}


@pytest.mark.parametrize("page", ["my_records", "review"])
def test_hostile_description_is_never_rendered_as_html(hostile_record, page):
    at = show(page, hostile_record[page])
    shown = elements_showing(at, "onerror=alert(1)")
    assert shown, "the description is not on the page at all"
    for element in shown:
        assert element.type != "html", "user text inserted as raw HTML"
        assert not getattr(element.proto, "allow_html", False), "user text in markdown with unsafe_allow_html"


@pytest.mark.parametrize("page", ["my_records", "review"])
def test_description_is_shown_as_typed_not_as_markdown(hostile_record, page):
    at = show(page, hostile_record[page])
    kinds = {element.type for element in elements_showing(at, "onerror=alert(1)")}
    assert kinds and kinds <= {"text", "code", "arrow_data_frame"}, kinds


def test_equal_values_of_different_types_are_stored_as_given():
    """Found by the certificate property test: the validation cache keyed 1, 1.0 and True (and 0.0, -0.0) as
    one value, so a spreadsheet cell TRUE could come back as "1.0" or "1"."""
    from tracker import validation

    given_values = [1, 1.0, True, 0.0, -0.0, 0, False]
    stored = ["1", "1.0", "True", "0.0", "-0.0", "0", "False"]
    assert [validation.optional_text(v) for v in given_values] == stored
    assert [validation.optional_text(v) for v in reversed(given_values)] == [
        "False",
        "0",
        "-0.0",
        "0.0",
        "True",
        "1.0",
        "1",
    ]
