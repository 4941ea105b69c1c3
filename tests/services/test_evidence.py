"""Evidence uploads: the type comes from the content, size limits, and who may read a stored file."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.services.teacher_cast import EXE, JPEG, PDF, PNG, count, make_cast
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.models import Activity, Evidence
from tracker.services import activities
from tracker.services.evidence import (
    MAX_BYTES,
    MAX_FILES,
    Upload,
    check_upload,
    check_uploads,
    clean_filename,
    read_evidence,
)

# --- pure checks --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("certificate.pdf", PDF, "application/pdf"),
        ("PHOTO.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("scan.png", PNG, "image/png"),
        ("企业实践证明.pdf", PDF, "application/pdf"),
    ],
)
def test_accepts_pdf_jpeg_png_whose_name_matches_the_content(name, data, media_type):
    assert check_upload(name, data) == media_type


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("report.pdf", PNG, "content is a PNG"),  # right extension, wrong content
        ("report.pdf", EXE, "none of them"),  # a program dressed as a PDF
        ("setup.exe", EXE, "none of them"),
        ("notes.txt", b"hello", "none of them"),
        ("photo.png", JPEG, "content is a JPEG"),
        ("scan", PDF, "no type"),
        ("page.html", b"<html><script>alert(1)</script>", "none of them"),
    ],
)
def test_refuses_files_whose_content_is_not_what_is_allowed(name, data, says):
    with pytest.raises(InvalidInput) as caught:
        check_upload(name, data)
    problem = caught.value.problems[0]
    assert problem.field == "evidence"
    assert says in problem.message
    assert name.split("/")[-1] in problem.message  # the person can tell which file was refused


def test_refuses_an_empty_file():
    with pytest.raises(InvalidInput, match="empty"):
        check_upload("empty.pdf", b"")


def test_size_limit_is_ten_megabytes_inclusive():
    at_limit = PDF + b"0" * (MAX_BYTES - len(PDF))
    assert check_upload("big.pdf", at_limit) == "application/pdf"
    with pytest.raises(InvalidInput, match="limit is 10 MB"):
        check_upload("bigger.pdf", at_limit + b"0")


def test_check_uploads_reports_every_bad_file_at_once():
    with pytest.raises(InvalidInput) as caught:
        check_uploads([Upload("a.pdf", PNG), Upload("ok.png", PNG), Upload("b.pdf", b"")])
    assert [p.message.split(":")[0] for p in caught.value.problems] == ["a.pdf", "b.pdf"]
    with pytest.raises(InvalidInput, match=f"at most {MAX_FILES} files"):
        check_uploads([Upload(f"{i}.png", PNG) for i in range(MAX_FILES + 1)])


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\t\\证书.png", "证书.png"),
        ("a<b>:c.pdf", "a_b__c.pdf"),
        ("", "evidence"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_clean_filename_keeps_only_a_safe_base_name(raw, clean):
    assert clean_filename(raw) == clean


# --- stored files -------------------------------------------------------------------------------------------


def _activity_with_file(cast):
    return activities.create_activity(
        cast.teacher,
        {"kind": "visit", "start_date": date(2025, 3, 3), "end_date": date(2025, 3, 3), "hours": 6},
        submit=True,
        evidence=[Upload("visit.png", PNG)],
    )


def test_stored_file_keeps_bytes_size_and_sha256(session):
    cast = make_cast(session)
    record = _activity_with_file(cast)
    [meta] = record.evidence
    assert (meta.filename, meta.media_type, meta.size) == ("visit.png", "image/png", len(PNG))
    assert meta.sha256 == hashlib.sha256(PNG).hexdigest()
    stored = read_evidence(cast.teacher, meta.id)
    assert stored.content == PNG
    assert count(session, Evidence) == 1


def test_owner_their_head_and_admin_read_a_file_others_do_not(session):
    cast = make_cast(session)
    evidence_id = _activity_with_file(cast).evidence[0].id
    for allowed in (cast.teacher, cast.head, cast.admin):
        assert read_evidence(allowed, evidence_id).content == PNG
    for refused in (cast.colleague, cast.other_head):
        with pytest.raises(PermissionDenied):
            read_evidence(refused, evidence_id)


def test_reading_a_missing_file_says_so(session):
    cast = make_cast(session)
    with pytest.raises(NotFound):
        read_evidence(cast.admin, 999)


def test_a_bad_file_saves_neither_the_activity_nor_any_file(session):
    cast = make_cast(session)
    with pytest.raises(InvalidInput):
        activities.create_activity(
            cast.teacher,
            {"kind": "visit", "start_date": date(2025, 3, 3), "end_date": date(2025, 3, 3), "hours": 6},
            submit=True,
            evidence=[Upload("ok.png", PNG), Upload("fake.pdf", EXE)],
        )
    assert count(session, Activity) == 0
    assert count(session, Evidence) == 0


# --- properties -----------------------------------------------------------------------------------------

MAGIC = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


@given(
    name=st.text(max_size=60) | st.sampled_from(["a.pdf", "b.PNG", "c.jpg", "d.jpeg", "e.exe", "f"]),
    head=st.sampled_from([b"", *MAGIC.values(), b"MZ", b"GIF89a", b"PK\x03\x04"]),
    tail=st.binary(max_size=64),
)
@settings(max_examples=300, deadline=None)
def test_check_upload_accepts_only_content_and_name_that_agree(name, head, tail):
    """Whatever the name and bytes: either a media type whose magic bytes start the content and whose
    extension ends the name, or InvalidInput on the evidence field; never anything else."""
    data = head + tail
    try:
        media_type = check_upload(name, data)
    except InvalidInput as exc:
        assert [p.field for p in exc.problems] == ["evidence"]
        return
    assert data.startswith(MAGIC[media_type])
    assert (
        clean_filename(name)
        .lower()
        .endswith(
            {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}[
                media_type
            ]
        )
    )


@given(
    st.text(max_size=300)
    | st.builds(lambda a, b: a + b, st.text(min_size=250, max_size=260), st.text(alphabet=" .", max_size=8))
)
@settings(max_examples=300, deadline=None)
def test_clean_filename_is_always_a_safe_non_empty_base_name(raw):
    name = clean_filename(raw)
    assert 0 < len(name) <= 255
    assert not any(c in name for c in '/\\<>:"|?*') and all(ord(c) >= 32 and ord(c) != 127 for c in name)
    assert name == name.strip(" .")
