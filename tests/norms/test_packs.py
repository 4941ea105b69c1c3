"""Pack files: parsing, every kind of problem reported at once, and layering (pure, no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.errors import InvalidInput
from tracker.norms.packs import layer_packs, parse_pack

NORMS_DIR = Path(__file__).resolve().parents[2] / "data" / "norms"


def pack(name="p", layer="national", effective="2020-01-01", norms=""):
    return (
        f'[pack]\nname = "{name}"\nlayer = "{layer}"\ncitation = "c"\neffective_from = {effective}\n{norms}'
    )


BASE = pack(
    norms='[[norm]]\nkey = "a"\nrule = "rolling_hours"\nrequired = 100\n'
    '[[norm]]\nkey = "b"\nrule = "valid_certificates"\nrequired = 1\n'
)


def test_shipped_packs_parse():
    for path in [NORMS_DIR / "national.toml", *sorted((NORMS_DIR / "examples").glob("*.toml"))]:
        parsed = parse_pack(path.read_text(encoding="utf-8"))
        assert parsed.citation, path


def test_every_problem_is_reported_at_once():
    text = pack(
        layer="city",
        norms='[[norm]]\nkey = "a"\nrule = "weekly"\nrequired = -1\ncolour = "red"\n'
        'kinds = ["visit", "party"]\n[[norm]]\nkey = "a"\nrule = "rolling_hours"\n',
    )
    with pytest.raises(InvalidInput) as caught:
        parse_pack(text)
    fields = {p.field for p in caught.value.problems}
    assert {
        "pack.layer",
        "norm[1].rule",
        "norm[1].required",
        "norm[1].colour",
        "norm[1].kinds",
        "norm[2].key",
    } <= fields


@pytest.mark.parametrize(
    "text, field",
    [
        ("not = [toml", "pack"),
        ('[norm]\nkey = "a"', "pack"),
        ('[pack]\nname = "x"\nlayer = "national"\n', "pack.effective_from"),
        (pack(norms='[[norm]]\nkey = "a"\nrequired = "lots"\n'), "norm[1].required"),
        (pack(effective="2020-01-01T10:00:00"), "pack.effective_from"),
    ],
)
def test_bad_files_are_refused_with_the_field_named(text, field):
    with pytest.raises(InvalidInput) as caught:
        parse_pack(text)
    assert field in {p.field for p in caught.value.problems}


def test_later_layers_change_add_and_switch_off():
    base = parse_pack(BASE)
    province = parse_pack(pack("prov", "provincial", "2021-01-01", '[[norm]]\nkey = "a"\nrequired = 150\n'))
    college = parse_pack(
        pack(
            "col",
            "institutional",
            "2020-06-01",
            '[[norm]]\nkey = "b"\nenabled = false\n'
            '[[norm]]\nkey = "c"\nrule = "calendar_year_hours"\nrequired = 10\n',
        )
    )
    norms = {n.key: n for n in layer_packs([college, province, base], date(2021, 6, 1))}
    assert set(norms) == {"a", "c"}
    assert norms["a"].required == 150
    assert norms["a"].sources == ("p 2020-01-01", "prov 2021-01-01")
    # before the provincial pack takes effect the national number holds
    assert {n.key: n.required for n in layer_packs([base, province], date(2020, 12, 31))}["a"] == 100


def test_a_new_version_replaces_the_old_only_from_its_date():
    v1 = parse_pack(BASE)
    v2 = parse_pack(
        pack(effective="2023-01-01", norms='[[norm]]\nkey = "a"\nrule = "rolling_hours"\nrequired = 200\n')
    )
    assert {n.key: n.required for n in layer_packs([v1, v2], date(2022, 12, 31))} == {"a": 100, "b": 1}
    assert {n.key: n.required for n in layer_packs([v1, v2], date(2023, 1, 1))} == {"a": 200}
    assert layer_packs([v1, v2], date(2019, 12, 31)) == []


def test_adding_a_norm_without_a_rule_is_refused():
    stray = parse_pack(pack("col", "institutional", norms='[[norm]]\nkey = "z"\nrequired = 5\n'))
    with pytest.raises(InvalidInput, match="without a rule"):
        layer_packs([parse_pack(BASE), stray], date(2021, 1, 1))
