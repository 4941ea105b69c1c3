"""Everything a person typed comes out literal: pages, charts, exports, the printable audit pack (issue 9.5).

Hostile text (links, images, emphasis, raw HTML, Streamlit directives, spreadsheet formulas) is planted in
every kind of typed field: department, person and enterprise names, certificate name, issuer and
number, descriptions, evidence file names and review notes. Then every page is walked as a teacher, a head
and an admin, and each place that renders Markdown (bodies, labels, help, expander and tab labels, toasts,
radio options) is rendered with a CommonMark parser: no link, image, emphasis or tag may come from the planted
text, and wherever a planted marker shows, the whole planted text shows as typed. Plotly figures may carry no
planted markup, exports no formula, the audit pack's HTML no planted tag.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from tracker.models import Evidence

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "tracker/ui/pages/"
PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)

# one marker per planted text, so a leak names its field
HOSTILE = {
    "department": "<img src=x onerror=alert(1)> HX-DEPT <b>b</b>",
    "teacher": '<a href="http://evil.example/t">HX-TEACHER</a>',
    "head": "![HX-HEAD](http://evil.example/h.png)",
    "enterprise": "**HX-ENTERPRISE** [click](http://evil.example/e)",
    "enterprise2": '=HYPERLINK("http://evil.example/f","HX-ENT-FORMULA")',
    "cert": "![HX-CERT](http://evil.example/c.png) <a href=http://evil.example/c2>x</a>",
    "issuer": "__HX-ISSUER__ :red[alert] :material/warning: $x^2$",
    "credential": "@SUM(1+1) +cmd|' /C calc'!A0 HX-CRED",
    "description": "-2+3 HX-DESC <script>alert(1)</script> [d](javascript:alert(1))",
    "filename": "<img src=x>![HX-FILE](http://evil.example/f).png",
    "note": "**HX-NOTE** <a href='http://evil.example/n'>see</a> www.evil.example",
}
MARKERS = {key: re.search(r"HX-[A-Z-]+", text).group() for key, text in HOSTILE.items()}
PASSWORD = "hostile-pass"
# elements whose text Streamlit shows as it is (no Markdown): their strings are not checked here
PLAIN = {"Text", "Code", "Html", "Json", "Exception", "DataFrame", "Arrow", "PlotlyChart", "Selectbox",
         "MultiSelect", "TextInput", "TextArea", "DownloadButton_data"}
MARKDOWN_FIELDS = {"body", "label", "help", "text", "caption", "content", "title"}


@pytest.fixture
def hostile(db_url, session, factory):
    """A department, its head and a teacher whose every typed field is hostile, with records in each state."""
    from tracker.norms import load_default_packs, on_activities_changed

    st.cache_data.clear()
    st.cache_resource.clear()
    load_default_packs(session)
    dept = factory.make_department(session, HOSTILE["department"])
    head = factory.make_person(session, "head@example.edu", name=HOSTILE["head"], role="head",
                               department=dept, password=PASSWORD)
    teacher = factory.make_person(session, "teacher@example.edu", name=HOSTILE["teacher"], department=dept,
                                  password=PASSWORD)
    factory.make_person(session, "admin@example.edu", name="Ada Admin", role="admin", password=PASSWORD)
    for person in (head, teacher):
        person.language = "en"
    firm = factory.make_enterprise(session, HOSTILE["enterprise"])
    firm2 = factory.make_enterprise(session, HOSTILE["enterprise2"])
    today = date.today()
    submitted = factory.make_activity(session, teacher, status="submitted", start=today - timedelta(days=20),
                                      enterprise=firm, description=HOSTILE["description"])
    verified = factory.make_activity(session, teacher, status="verified", start=today - timedelta(days=60),
                                     hours=40, enterprise=firm2, description=HOSTILE["description"])
    rejected = factory.make_activity(session, teacher, status="rejected", start=today - timedelta(days=90),
                                     enterprise=firm, description=HOSTILE["description"])
    for record in (verified, rejected):
        record.review_note, record.reviewer_id = HOSTILE["note"], head.id
    certs = []
    for status in ("submitted", "verified", "rejected"):
        cert = factory.make_certification(session, teacher, name=HOSTILE["cert"], issuer=HOSTILE["issuer"],
                                          status=status, issued_on=today - timedelta(days=100),
                                          expires_on=today + timedelta(days=20))
        cert.credential_id = HOSTILE["credential"]
        if status != "submitted":
            cert.review_note, cert.reviewer_id = HOSTILE["note"], head.id
        certs.append(cert)
    for activity_id, certification_id in ((submitted.id, None), (rejected.id, None), (None, certs[0].id)):
        session.add(Evidence(activity_id=activity_id, certification_id=certification_id,
                             filename=HOSTILE["filename"], media_type="image/png", size=len(PNG),
                             sha256=hashlib.sha256(PNG).hexdigest(), content=PNG))
    on_activities_changed(session, [teacher.id])
    session.commit()
    return {"teacher": teacher.id, "department": dept.id}


def _sign_in(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(PAGES + page + ".py").run()
    assert not at.exception, at.exception
    return at


# --- what Markdown makes of a text -------------------------------------------------------------------------


class _Rendered(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.open = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), len("".join(self.text))))
        self.open.append(tag)

    def handle_data(self, data):
        self.text.append(data)


_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable(["table", "strikethrough"])


def rendered(source: str) -> _Rendered:
    """``source`` as a Markdown renderer with raw HTML *on* sees it (stricter than Streamlit's default)."""
    parser = _Rendered()
    parser.feed(_MARKDOWN.render(source))
    return parser


def leaks(where: str, source: str) -> list[str]:
    """What in one Markdown ``source`` is not literal: planted markup that renders, planted text altered."""
    found = []
    page = rendered(source)
    text = " ".join("".join(page.text).split())
    for tag, attrs, _ in page.tags:
        values = " ".join(str(v) for v in attrs.values())
        if "evil.example" in values or "javascript:" in values or tag in {"img", "script", "a"}:
            found.append(f"{where}: <{tag} {attrs}> from {source!r}")
    for key, marker in MARKERS.items():
        if marker in source and HOSTILE[key] not in text:
            found.append(f"{where}: {key} not shown as typed in {text!r} (source {source!r})")
    # Streamlit's own directives, which a CommonMark parser does not know
    for directive in (r":red\[alert", r":material/bug", r"\$x\^2", r"www\.evil"):
        if re.search(r"(?<![\\])" + directive, source):
            found.append(f"{where}: unescaped Streamlit directive {directive!r} in {source!r}")
    return found


def _strings(message, owner: str):
    """(element type, field, text) for every string field of a protobuf message, recursively."""
    for field, value in message.ListFields():
        values = value if getattr(field, "is_repeated", False) or getattr(field, "label", 1) == 3 else [value]
        for v in values:
            if field.type == field.TYPE_MESSAGE:
                yield from _strings(v, type(v).__name__)
            elif field.type == field.TYPE_STRING:
                yield owner, field.name, v


def markdown_sources(at: AppTest) -> list[tuple[str, str]]:
    """Every text of the current run that Streamlit renders as Markdown, with where it sits."""
    out: list[tuple[str, str]] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            for owner, field, text in _strings(proto, type(proto).__name__):
                if owner in PLAIN:
                    continue
                if field in MARKDOWN_FIELDS or (field == "options" and owner == "Radio"):
                    out.append((f"{owner}.{field}", text))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def figure_leaks(at: AppTest) -> list[str]:
    """Planted markup inside a Plotly figure (labels, ticks, hover text, titles)."""
    found = []

    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
        elif isinstance(value, str):
            markup = re.sub(r"</?(br|extra)>", "", value)
            if "<" in markup or ">" in markup:
                found.append(f"{path}: {value!r}")

    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        walk({"data": figure.get("data"), "layout": figure.get("layout")}, "figure")
    return found


def assert_literal(at: AppTest, page: str) -> None:
    problems = [leak for where, source in markdown_sources(at) for leak in leaks(f"{page} {where}", source)]
    problems += [f"{page} {leak}" for leak in figure_leaks(at)]
    assert not problems, "\n".join(problems)


def shows_planted(at: AppTest) -> bool:
    everything = " ".join(text for _, text in markdown_sources(at))
    return any(marker in everything.replace("\\", "") for marker in MARKERS.values())


# --- pages --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "pages"),
    [
        ("teacher@example.edu", ["my_progress", "my_records", "certificates", "log_activity"]),
        ("head@example.edu", ["team", "review", "teacher", "reports"]),
        ("admin@example.edu", ["team", "people", "departments", "enterprises", "audit_log", "norm_packs"]),
    ],
)
def test_every_page_shows_typed_text_literally(hostile, email, pages):
    at = _sign_in(email)
    for page in pages:
        _open(at, page)
        if page == "teacher":
            at.selectbox(key="teacher_pick").set_value(hostile["teacher"]).run()
        assert_literal(at, page)
    assert shows_planted(at) or email == "admin@example.edu"  # the walk did see planted text


def test_review_and_team_pages_show_the_planted_names(hostile):
    """The walk is not vacuous: the head's Review card and Team charts carry the planted text, escaped."""
    at = _open(_sign_in("head@example.edu"), "review")
    sources = " ".join(text for _, text in markdown_sources(at))
    for key in ("teacher", "enterprise", "filename", "department"):
        assert MARKERS[key] in sources.replace("\\", ""), key
    _open(at, "team")
    figures = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])
    assert "&lt;a href=" in figures and "HX-TEACHER" in figures and "HX-ENT-FORMULA" in figures


def test_admin_department_chart_escapes_department_names(hostile):
    at = _open(_sign_in("admin@example.edu"), "team")
    figures = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])
    assert "&lt;img src=x onerror=alert(1)&gt; HX-DEPT &lt;b&gt;b&lt;/b&gt;" in figures
    assert not figure_leaks(at)


def test_an_error_quoting_typed_text_is_literal(hostile):
    """A refusal that repeats what was typed (a duplicate enterprise name) shows it as typed."""
    at = _open(_sign_in("admin@example.edu"), "enterprises")
    at.text_input(key="enterprise_add_name").input(HOSTILE["enterprise"])
    at.button(key="enterprise_add_submit").click().run()
    assert at.error, "adding a duplicate name must be refused"
    assert_literal(at, "enterprises")


# --- the helpers themselves ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE.values(), "a\\b", "1. item", "# heading", "> quote", "| a | b |",
                                  "---", "`code`", "~~strike~~", "&lt;b&gt;", "&#x3C;b>", "x<br>y"])
def test_literal_renders_as_the_typed_text(text):
    from tracker.ui.markdown import literal

    page = rendered(literal(text))
    assert not page.tags[1:], page.tags  # only the paragraph itself
    assert "".join(page.text).strip() == " ".join(text.split())


def test_plot_label_keeps_plotly_markup_out():
    from tracker.ui.charts.labels import plot_label

    assert plot_label('<a href="x">y</a> & <br>') == '&lt;a href="x"&gt;y&lt;/a&gt; &amp; &lt;br&gt;'
    assert plot_label(None) == ""


# --- exports and the printable audit pack -------------------------------------------------------------------


def _head_actor(session):
    from tracker.auth import Actor
    from tracker.models import Person

    return Actor.of(session.exec(sa.select(Person).where(Person.email == "head@example.edu")).scalars().one())


def test_csv_exports_neutralise_formulas(hostile, session):
    from tracker.services import reports

    actor = _head_actor(session)
    for build in (reports.records_csv, reports.compliance_csv):
        rows = list(csv.reader(io.StringIO(build(actor, as_of=date.today()).decode("utf-8-sig"))))
        cells = [c for row in rows for c in row]
        assert cells, build
        dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert not dangerous, dangerous
    rows = list(csv.reader(io.StringIO(reports.records_csv(actor, as_of=date.today()).decode("utf-8-sig"))))
    cells = {c for row in rows for c in row}
    assert "'" + HOSTILE["enterprise2"] in cells and "'" + HOSTILE["description"] in cells


def test_excel_exports_keep_typed_text_as_text(hostile, session):
    from openpyxl import load_workbook

    from tracker.services import reports

    def is_formula_like(value) -> bool:
        return isinstance(value, str) and value.startswith(("=", "+", "-", "@"))

    actor = _head_actor(session)
    book = load_workbook(io.BytesIO(reports.records_xlsx(actor, as_of=date.today())))
    sheet = book.worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    # exactly what was typed: no formula, and no apostrophe added to the text either
    assert HOSTILE["enterprise2"] in values and HOSTILE["description"] in values
    assert all(c.quotePrefix for c in cells if is_formula_like(c.value))
    assert sum(1 for c in cells if is_formula_like(c.value)) >= 3


def test_audit_pack_html_escapes_every_value(hostile, session):
    from tracker.services import reports

    actor = _head_actor(session)
    pack = zipfile.ZipFile(reports.audit_pack(actor, hostile["teacher"], as_of=date.today()))
    page = _Rendered()
    page.feed(pack.read("summary.html").decode("utf-8"))
    tags = {tag for tag, _, _ in page.tags}
    assert not tags & {"a", "img", "script", "b"}, tags
    text = "".join(page.text)
    for key in ("teacher", "department", "enterprise", "enterprise2", "cert", "issuer", "description",
                "filename", "note", "head"):
        assert HOSTILE[key] in text, key
