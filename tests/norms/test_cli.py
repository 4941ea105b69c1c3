"""`tracker norms`, `tracker compliance` and `tracker reminders` driven in-process on each backend."""

from __future__ import annotations

import csv
import io
import json
import socket
from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker.norms import load_default_packs, on_activities_changed

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "norms" / "examples"
AS_OF = "2024-06-30"


@pytest.fixture
def college(session, factory):
    """A department with a head, a teacher at risk with a certificate expiring soon, one meeting it all."""
    load_default_packs(session)
    dept = factory.make_department(session, "跨境电商系")
    head = factory.make_person(session, "head@college.edu", name="王主任", department=dept, role="head")
    risky = factory.make_person(session, "li@college.edu", name="李老师", department=dept)
    steady = factory.make_person(session, "zhao@college.edu", name="赵老师", department=dept)
    # li: 1056 h, the oldest 176 h in 2019-08 age out within 90 days -> at risk; certificate ends 2024-07-10
    for start, hours in [(date(2019, 8, 1), 176), (date(2023, 1, 2), 880)]:
        factory.make_activity(
            session, risky, start=start, end=start + timedelta(days=(hours // 8) - 1), hours=hours
        )
    factory.make_certification(session, risky, issued_on=date(2021, 7, 10), expires_on=date(2024, 7, 10))
    for start, hours in [(date(2022, 1, 3), 880), (date(2024, 1, 2), 176)]:
        factory.make_activity(
            session, steady, start=start, end=start + timedelta(days=(hours // 8) - 1), hours=hours
        )
    factory.make_certification(session, steady, issued_on=date(2020, 1, 1), expires_on=None)
    on_activities_changed(session, [risky.id, steady.id])
    session.commit()
    return {"head": head, "risky": risky, "steady": steady}


def test_norms_list_show_load(cli, college):
    listed = cli("norms", "list")
    assert listed.exit_code == 0, listed
    assert "cn-national-baseline" in listed.stdout
    shown = cli("norms", "show", "--as-of", AS_OF, "--format", "json")
    assert shown.exit_code == 0, shown
    norms = json.loads(shown.stdout)
    assert [n["norm"] for n in norms] == ["enterprise_practice_5y", "annual_practice", "valid_certification"]
    assert "教师〔2016〕3号" in norms[0]["citation"]
    loaded = cli("norms", "load", EXAMPLES / "provincial.toml")
    assert loaded.exit_code == 0, loaded
    again = cli("norms", "load", EXAMPLES / "provincial.toml")
    assert again.exit_code == 0
    shown = json.loads(cli("norms", "show", "--as-of", AS_OF, "--format", "json").stdout)
    assert {n["norm"]: n["required"] for n in shown}["annual_practice"] == 240


def test_norms_load_bad_file_one_clear_error(cli, college, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[pack]\nname = "x"\nlayer = "moon"\neffective_from = 2020-01-01\n', encoding="utf-8")
    result = cli("norms", "load", bad)
    assert result.exit_code == 1
    assert "pack.layer" in result.stderr and "Traceback" not in result.stderr + result.stdout
    missing = cli("norms", "load", tmp_path / "nope.toml")
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_compliance_json_has_the_documented_fields(cli, college):
    result = cli("compliance", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result
    rows = json.loads(result.stdout)
    li = {r["norm"]: r for r in rows if r["teacher"] == "li@college.edu"}
    assert set(li) == {"enterprise_practice_5y", "annual_practice", "valid_certification"}
    five = li["enterprise_practice_5y"]
    assert {k: five[k] for k in ("name", "department", "required", "achieved", "unit", "status")} == {
        "name": "李老师",
        "department": "跨境电商系",
        "required": 1056.0,
        "achieved": 1056.0,
        "unit": "hours",
        "status": "at_risk",
    }
    assert five["change_date"] == "2024-08-01"
    assert li["valid_certification"]["status"] == "at_risk"
    assert li["valid_certification"]["unit"] == "count"
    # the head has category professional too, so the head is evaluated like any teacher
    assert {r["teacher"] for r in rows} == {"li@college.edu", "zhao@college.edu", "head@college.edu"}


def test_compliance_filters_csv_and_table(cli, college):
    result = cli("compliance", "--as-of", AS_OF, "--teacher", "ZHAO@college.edu", "--format", "csv")
    assert result.exit_code == 0, result
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["teacher"] for r in rows} == {"zhao@college.edu"}
    assert {r["norm"]: r["status"] for r in rows} == {
        "enterprise_practice_5y": "met",
        "annual_practice": "met",
        "valid_certification": "met",
    }
    table = cli("compliance", "--as-of", AS_OF, "--department", "跨境电商系")
    assert table.exit_code == 0 and "li@college.edu" in table.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--teacher", "nobody@college.edu"], "no teacher with the email"),
        (["--department", "Physics"], "no department named"),
        (["--as-of", "30/06/2024"], "use the form 2024-06-30"),
    ],
)
def test_compliance_bad_input_is_one_line(cli, college, args, message):
    result = cli("compliance", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_compliance_summary(cli, college):
    result = cli("compliance", "--as-of", AS_OF, "--summary", "--format", "json")
    assert result.exit_code == 0, result
    (summary,) = json.loads(result.stdout)
    assert (summary["department"], summary["head_count"], summary["meeting_all"]) == ("跨境电商系", 3, 1)
    assert summary["share"] == round(1 / 3, 4)
    assert "33.3%" in cli("compliance", "--as-of", AS_OF, "--summary").stdout


def test_reminders_dry_run_and_ics(cli, college, tmp_path):
    from icalendar import Calendar

    ics = tmp_path / "due.ics"
    result = cli("reminders", "--as-of", AS_OF, "--within", "30", "--ics", ics)
    assert result.exit_code == 0, result
    out = result.stdout
    assert "To: li@college.edu" in out and "Cc: head@college.edu" in out
    assert "2024-07-10" in out  # the certificate
    assert "dry run" in out
    calendar = Calendar.from_ical(ics.read_bytes())
    events = {(str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")}
    assert any(day == date(2024, 7, 10) and "证书" in summary for summary, day in events)
    # the 5-year norm is at risk now (its date is as-of); the teacher meeting everything has nothing due
    assert any(day == date(2024, 6, 30) and "有风险" in summary for summary, day in events)
    assert "zhao@college.edu" not in out


def test_reminders_turning_at_risk_within_the_period(cli, college):
    # on 2024-05-01 li's 5-year norm is met and turns at risk on 2024-05-03 (90 days before 2024-08-01)
    result = cli("reminders", "--as-of", "2024-05-01", "--within", "10")
    assert result.exit_code == 0, result
    assert "2024-05-03" in result.stdout and "转为有风险" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_reminders_send_through_a_local_smtp_server(cli, college, monkeypatch):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    port = _free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("TRACKER_SMTP_URL", f"smtp://127.0.0.1:{port}")
        monkeypatch.setenv("TRACKER_MAIL_FROM", "tracker@college.edu")
        from tracker.settings import get_settings

        get_settings.cache_clear()
        result = cli("reminders", "--as-of", AS_OF, "--within", "30", "--send")
    finally:
        controller.stop()
        get_settings.cache_clear()
    assert result.exit_code == 0, result
    # li, and the head (a professional teacher too, with no practice this year); never zhao
    assert "Sent 2 reminder(s)" in result.stdout
    assert sorted(m["To"] for m in received) == ["head@college.edu", "li@college.edu"]
    (message,) = [m for m in received if m["To"] == "li@college.edu"]
    assert message["To"] == "li@college.edu" and message["Cc"] == "head@college.edu"
    assert message["From"] == "tracker@college.edu"
    assert sorted(a.strip() for a in message["X-RcptTo"].split(",")) == ["head@college.edu", "li@college.edu"]
    assert "2024-07-10" in message.get_payload(decode=True).decode("utf-8")


def test_reminders_send_without_server_is_one_clear_line(cli, college, monkeypatch):
    from tracker.settings import get_settings

    monkeypatch.setenv("TRACKER_SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")
    get_settings.cache_clear()
    result = cli("reminders", "--as-of", AS_OF, "--send")
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "could not send reminders" in result.stderr
    monkeypatch.delenv("TRACKER_SMTP_URL")
    result = cli("reminders", "--as-of", AS_OF, "--send")
    assert result.exit_code == 1 and "TRACKER_SMTP_URL" in result.stderr


def test_compliance_csv_keeps_a_formula_like_name_as_text(cli, college, session):
    """A name typed as ``=HYPERLINK(...)`` is written as text, not a formula Excel would run (issue 9.5)."""
    college["steady"].name = '=HYPERLINK("http://evil.example","x")'
    session.add(college["steady"])
    session.commit()
    result = cli("compliance", "--as-of", AS_OF, "--teacher", "zhao@college.edu", "--format", "csv")
    assert result.exit_code == 0, result
    names = {r["name"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert names == {'\'=HYPERLINK("http://evil.example","x")'}
