"""One message catalogue: complete in English and Simplified Chinese, every key the code uses exists, and the
language a person picks in the sidebar is remembered for their next sign-in."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tracker.i18n import LANGUAGES, catalogue
from tracker.models import Category, Kind, Role, Status
from tracker.ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("tracker/**/*.py"), *ROOT.glob("feeds/**/*.py"), ROOT / "streamlit_app.py"])
# t("key") or t('key', ...) with a whole literal key, and the errors' Text("key", ...) (issue 11); keys built
# at run time (t(f"role.{r}"), t("unit." + u)) are covered by the families below
LITERAL_KEY = re.compile(r"""(?<![\w.])(?:t|Text)\(\s*(["'])([\w.\-]+)\1\s*[,)]""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_is_complete_in_every_language():
    missing = [f"{key} [{lang}]" for key, texts in catalogue().items() for lang in LANGUAGES
               if not isinstance(texts.get(lang), str) or not texts[lang].strip()]
    assert missing == []


def test_every_translation_has_the_same_placeholders():
    # a Chinese text without {name} would silently drop the name; one with an unknown field would crash
    differing = [key for key, texts in catalogue().items()
                 if len({frozenset(_fields(texts[lang])) for lang in LANGUAGES}) != 1]
    assert differing == []


def test_the_source_scan_finds_keys():
    found = {m.group(2) for path in SOURCES for m in LITERAL_KEY.finditer(path.read_text(encoding="utf-8"))}
    assert {"app.title", "sidebar.language", "admin.people.add"} <= found  # the scan itself works


def test_every_literal_key_used_in_the_code_exists():
    known = catalogue()
    unknown = sorted(
        f"{path.relative_to(ROOT)}: {m.group(2)}"
        for path in SOURCES
        for m in LITERAL_KEY.finditer(path.read_text(encoding="utf-8"))
        if m.group(2) not in known
    )
    assert unknown == []


@pytest.mark.parametrize(("prefix", "values"), [
    ("role.", [m.value for m in Role]),
    ("category.", [m.value for m in Category]),
    ("status.", [m.value for m in Status]),
    ("kind.", [m.value for m in Kind]),
    ("compliance.", ["met", "on_track", "at_risk", "not_met"]),
    ("unit.", ["hours", "count"]),
    ("admin.people.active_", ["True", "False"]),
    ("admin.packs.active_", ["True", "False"]),
    ("admin.packs.layer_", ["national", "provincial", "institutional"]),
    ("admin.import.kind_", ["teachers", "activities", "certifications"]),
])
def test_key_families_built_from_values_are_complete(prefix, values):
    assert [prefix + v for v in values if prefix + v not in catalogue()] == []


def test_every_menu_entry_has_a_title_and_section():
    keys = {spec.title_key for spec in PAGES} | {spec.section_key for spec in PAGES}
    assert sorted(keys - set(catalogue())) == []


# --- the language switch is remembered per person -----------------------------------------------------------


def _sign_in(at: AppTest, email: str) -> AppTest:
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input("pass-word")
    at.button[0].click().run()
    assert not at.exception
    return at


def _sign_out(at: AppTest) -> AppTest:
    at.button(key="sign_out").click().run()
    assert not at.exception
    return at


def test_language_switch_is_remembered_for_the_next_sign_in(db_url, session, factory):
    st.cache_data.clear()
    st.cache_resource.clear()  # the cached engine belongs to another test's database
    factory.make_person(session, "admin@example.edu", name="Ada", role="admin", password="pass-word")
    factory.make_person(session, "head@example.edu", name="Hu", role="head", department="Trade",
                        password="pass-word")
    session.commit()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.run()
    _sign_in(at, "admin@example.edu")
    assert at.session_state["lang"] == "zh"  # nobody chose yet: Chinese first
    assert at.button(key="sign_out").label == "退出登录"

    at.selectbox(key="language_switch").set_value("en").run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert at.button(key="sign_out").label == "Sign out"

    _sign_out(at)
    _sign_in(at, "head@example.edu")  # someone else on the same browser keeps their own language
    assert at.session_state["lang"] == "zh"
    _sign_out(at)

    _sign_in(at, "admin@example.edu")
    assert at.session_state["lang"] == "en"
    assert at.button(key="sign_out").label == "Sign out"
    assert at.selectbox(key="language_switch").value == "en"


def test_fields_named_by_admin_messages_have_labels():
    # widgets.show_error labels each problem by its field; a missing label shows the raw code to a teacher
    fields = ["email", "name", "department", "role", "category", "hire_date", "password", "sector", "city",
              "active", "pack", "until", "page_size", "kind", "enterprise"]
    assert [f for f in fields if f"field.{f}" not in catalogue()] == []
