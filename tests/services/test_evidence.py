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


# --- image size, previews, quota (issue 9 items 6 and 7) ------------------------------------------------------


def _png(width: int, height: int, mode: str = "1") -> bytes:
    """A PNG whose pixels compress to almost nothing: small on disk, huge once decoded."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return out.getvalue()


def _pdf(width: float = 595, height: float = 842) -> bytes:
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(width, height)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def test_an_image_above_the_pixel_limit_is_refused_from_its_header_alone():
    """Fails on the old main: a 20 KB PNG of 13000 x 13000 pixels was accepted (and cost ~650 MB per render)."""
    import tracemalloc

    from tracker.previews import MAX_PIXELS

    bomb = _png(13_000, 13_000)
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput) as refused:
            check_upload("scan.png", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # nothing was decoded: 169 megapixels would need hundreds of MB
    [problem] = refused.value.problems
    assert (problem.field, problem.code) == ("evidence", "image_too_large")
    assert problem.params == {"name": "scan.png", "limit": MAX_PIXELS // 1_000_000}
    assert "scan.png" in problem.message and "40 megapixels" in problem.message


def test_the_pixel_limit_is_inclusive():
    from tracker.previews import MAX_PIXELS, image_problem

    assert image_problem(_png(8000, MAX_PIXELS // 8000)) is None
    assert image_problem(_png(8000, MAX_PIXELS // 8000 + 1)) == "image_too_large"


def test_an_image_whose_pixels_do_not_decode_is_refused():
    broken = PNG[:-30]  # the header is intact, the image data is cut off
    with pytest.raises(InvalidInput) as refused:
        check_uploads([Upload("cut.png", broken)])
    assert [p.code for p in refused.value.problems] == ["image_unreadable"]


def test_each_upload_stores_a_small_preview_which_is_what_pages_show(session):
    """Fails on the old main: no preview was stored; the Review page decoded the original on every run."""
    import io

    from PIL import Image

    from tracker.previews import PREVIEW_EDGE
    from tracker.services.evidence import read_preview

    cast = make_cast(session)
    photo = _png(4000, 3000, "RGB")
    record = activities.create_activity(
        cast.teacher,
        {"kind": "visit", "start_date": date(2025, 3, 3), "end_date": date(2025, 3, 3), "hours": 6},
        submit=True,
        evidence=[Upload("photo.png", photo), Upload("contract.pdf", _pdf())],
    )
    files = {f.filename: f for f in record.evidence}
    assert all(f.has_preview for f in files.values())
    for name, size in (("photo.png", (PREVIEW_EDGE, 750)), ("contract.pdf", (707, PREVIEW_EDGE))):
        shown = read_preview(cast.head, files[name].id)
        with Image.open(io.BytesIO(shown)) as picture:
            assert (picture.format, picture.size) == ("JPEG", size)
        assert len(shown) < 200_000
    assert read_evidence(cast.head, files["photo.png"].id).content == photo  # the original is kept as it was
    with pytest.raises(PermissionDenied):
        read_preview(cast.other_head, files["photo.png"].id)


def test_a_pdf_without_pages_is_kept_without_a_preview(session):
    from tracker.services.evidence import read_preview

    cast = make_cast(session)
    record = activities.create_activity(
        cast.teacher,
        {"kind": "visit", "start_date": date(2025, 3, 3), "end_date": date(2025, 3, 3), "hours": 6},
        submit=False,
        evidence=[Upload("notes.pdf", PDF)],
    )
    [meta] = record.evidence
    assert not meta.has_preview and read_preview(cast.teacher, meta.id) is None


def test_each_person_has_an_evidence_quota(session, monkeypatch):
    """Fails on the old main: there was no limit on what one person could store."""
    from tracker.settings import get_settings

    monkeypatch.setenv("TRACKER_EVIDENCE_QUOTA_MB", "1")
    get_settings.cache_clear()
    cast = make_cast(session)
    chunk = PDF + b"0" * (600 * 1024)
    form = {"kind": "visit", "start_date": date(2025, 3, 3), "end_date": date(2025, 3, 3), "hours": 6}
    activities.create_activity(cast.teacher, form, submit=False, evidence=[Upload("a.pdf", chunk)])
    with pytest.raises(InvalidInput) as refused:
        activities.create_activity(cast.teacher, form, submit=False, evidence=[Upload("b.pdf", chunk)])
    [problem] = refused.value.problems
    assert (problem.field, problem.code, problem.params["limit"]) == ("evidence", "evidence_quota", 1)
    assert count(session, Activity) == 1 and count(session, Evidence) == 1  # nothing of the refused save
    activities.create_activity(cast.colleague, form, submit=False, evidence=[Upload("c.pdf", chunk)])  # per person
    get_settings.cache_clear()
