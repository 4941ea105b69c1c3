"""The router re-reads the signed-in person each run: deactivation and role changes apply at once."""

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tracker.i18n import t
from tracker.models import Person

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _signed_in(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input("secret-pw")
    at.button[0].click().run()
    assert not at.exception
    assert "actor" in at.session_state, [e.value for e in at.error]
    return at


def _set(session, email, **changes):
    person = session.exec(select(Person).where(Person.email == email)).one()
    for k, v in changes.items():
        setattr(person, k, v)
    session.add(person)
    session.commit()


def test_wrong_password_and_unknown_email_get_the_same_message(session, factory):
    factory.make_person(session, "t@college.example", password="secret-pw")
    session.commit()
    messages = []
    for email, password in [("t@college.example", "wrong"), ("nobody@college.example", "secret-pw")]:
        at = AppTest.from_file(APP, default_timeout=30).run()
        at.text_input(key="sign_in_email").input(email)
        at.text_input(key="sign_in_password").input(password)
        at.button[0].click().run()
        messages.append([e.value for e in at.error])
    assert messages[0] == messages[1] and messages[0]


def test_a_deactivated_person_is_signed_out_on_the_next_click(session, factory):
    factory.make_person(session, "t@college.example", password="secret-pw")
    session.commit()
    at = _signed_in("t@college.example")
    _set(session, "t@college.example", active=False)
    at.run()
    assert not at.exception
    assert [w.key for w in at.text_input] == ["sign_in_email", "sign_in_password"]


def test_a_teacher_made_head_sees_the_department_pages_without_signing_in_again(session, factory):
    dept = factory.make_department(session, "Cross-border E-commerce")
    factory.make_person(session, "t@college.example", password="secret-pw", department=dept)
    session.commit()
    at = _signed_in("t@college.example")
    _set(session, "t@college.example", role="head")
    at.run()
    assert not at.exception
    assert at.session_state["actor"].role == "head"


# --- issues 9.8, 9.12 and 11.1 ----------------------------------------------------------------------------------


def test_a_password_reset_signs_the_person_out_in_every_tab(session, factory):
    from tracker.auth import Actor
    from tracker.services.people import reset_password

    factory.make_person(session, "t@college.example", password="secret-pw")
    admin = factory.make_person(session, "a@college.example", role="admin", password="secret-pw")
    session.commit()
    tabs = [_signed_in("t@college.example"), _signed_in("t@college.example")]
    reset_password(Actor.of(admin), tabs[0].session_state["actor"].person_id, "a new long password")
    for tab in tabs:
        tab.run()
        assert not tab.exception
        assert "actor" not in tab.session_state
        assert [w.key for w in tab.text_input] == ["sign_in_email", "sign_in_password"]
        assert [i.value for i in tab.info] == [t("sign_in.ended", "zh")]


def test_sign_out_ends_the_session_record(session, factory):
    from tracker.models import SignInSession

    factory.make_person(session, "t@college.example", password="secret-pw")
    session.commit()
    at = _signed_in("t@college.example")
    session_id = at.session_state["sign_in_session_id"]
    at.button(key="sign_out").click().run()
    assert not at.exception
    session.expire_all()
    assert session.get(SignInSession, session_id).ended_reason == "sign_out"


def test_the_sign_in_page_speaks_the_chosen_language(session):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert [w.label for w in at.text_input] == [t("sign_in.email", "zh"), t("sign_in.password", "zh")]
    at.button_group(key="sign_in_language").set_value("en").run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Email", "Password"]
    assert at.button[0].label == "Sign in"


def test_the_demo_warning_shows_on_every_page_while_demo_accounts_can_sign_in(session, factory):
    from tracker.models import AppSetting

    session.add(AppSetting(key="demo", value="1"))
    factory.make_person(session, "teacher@demo.example", password="secret-pw")
    session.commit()
    warning = t("demo.warning", "zh")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert warning in [w.value for w in at.warning]  # on the sign-in page
    at = _signed_in("teacher@demo.example")
    for page in ("my_records", "news"):
        at.switch_page(f"tracker/ui/pages/{page}.py").run()
        assert not at.exception
        assert warning in [w.value for w in at.warning], page
    _set(session, "teacher@demo.example", active=False)  # no demo account left: no warning
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert warning not in [w.value for w in at.warning]
