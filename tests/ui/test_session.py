"""The router re-reads the signed-in person each run: deactivation and role changes apply at once."""

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tracker.models import Person

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _signed_in(email: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input("secret-pw")
    next(b for b in at.button if b.label == "Sign in").click().run()
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
    assert [w.label for w in at.text_input] == ["Email", "Password"]


def test_a_teacher_made_head_sees_the_department_pages_without_signing_in_again(session, factory):
    dept = factory.make_department(session, "Cross-border E-commerce")
    factory.make_person(session, "t@college.example", password="secret-pw", department=dept)
    session.commit()
    at = _signed_in("t@college.example")
    _set(session, "t@college.example", role="head")
    at.run()
    assert not at.exception
    assert at.session_state["actor"].role == "head"
