"""Admin norm-pack wrappers: view packs and layered norms, load an upload, activate — admin only, audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from tests.services.admin_actors import make_cast
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.models import AuditEvent
from tracker.norms.models import NormPack
from tracker.services import norm_packs

NORMS_DIR = Path(__file__).resolve().parents[2] / "data" / "norms"
NATIONAL = (NORMS_DIR / "national.toml").read_bytes()
# the national baseline as first in force (2016-05-11); national.toml replaces it from 2026-12-01 on
NATIONAL_2016 = (NORMS_DIR / "history" / "cn-national-baseline-2016-05-11.toml").read_bytes()
PROVINCIAL = (NORMS_DIR / "examples" / "provincial.toml").read_bytes()


@pytest.fixture
def cast(session):
    cast = make_cast(session)
    # both versions of the national baseline, as `tracker init` loads them: a provincial layer from 2021 lays over
    # the 2016 version
    norm_packs.load_pack(cast.admin, NATIONAL_2016, "cn-national-baseline-2016-05-11.toml")
    norm_packs.load_pack(cast.admin, NATIONAL, "national.toml")
    return cast


def _packs(session) -> list[NormPack]:
    session.expire_all()
    return session.exec(select(NormPack).order_by(NormPack.id)).all()


def _required(actor, as_of: date) -> dict[str, float]:
    return {n.key: n.required for n in norm_packs.active_norms(actor, as_of)}


@pytest.mark.parametrize("call", [
    lambda a, p: norm_packs.list_packs(a),
    lambda a, p: norm_packs.active_norms(a, date(2024, 1, 1)),
    lambda a, p: norm_packs.load_pack(a, PROVINCIAL, "provincial.toml"),
    lambda a, p: norm_packs.set_pack_active(a, p, False),
], ids=["list", "active_norms", "load", "activate"])
def test_only_an_admin_may_manage_norm_packs(session, cast, call):
    national = _packs(session)[-1]
    for actor in cast.non_admins:
        with pytest.raises(PermissionDenied):
            call(actor, national.id)
    assert [(p.name, p.active) for p in _packs(session)] == [("cn-national-baseline", True)] * 2


def test_loading_a_provincial_layer_changes_the_numbers_from_its_date(session, cast):
    info = norm_packs.load_pack(cast.admin, PROVINCIAL, "provincial.toml")
    assert (info.name, info.layer, info.effective_from, info.active) == (
        "example-province", "provincial", date(2021, 1, 1), True)
    assert sorted({p.name for p in norm_packs.list_packs(cast.admin)}) == ["cn-national-baseline", "example-province"]
    assert _required(cast.admin, date(2020, 12, 31))["annual_practice"] == 176
    in_force = {n.key: n for n in norm_packs.active_norms(cast.admin, date(2021, 1, 1))}
    assert in_force["annual_practice"].required == 240
    assert "example-province" in in_force["annual_practice"].source
    assert in_force["enterprise_practice_5y"].required == 1056
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "load", AuditEvent.entity_id == info.id)).one()
    assert (event.actor_id, event.actor) == (cast.admin.person_id, "admin@example.edu")


def test_loading_the_same_file_twice_keeps_one_version(session, cast):
    norm_packs.load_pack(cast.admin, PROVINCIAL)
    norm_packs.load_pack(cast.admin, PROVINCIAL)
    assert [p.name for p in _packs(session)] == ["cn-national-baseline"] * 2 + ["example-province"]


@pytest.mark.parametrize(("content", "says"), [
    (b"[pack\nname = 1", "not a valid TOML"),
    (b"\xff\xfe\x00[pack]", "UTF-8"),
    (b"   \n", "empty"),
    (b"x" * (256 * 1024 + 1), "too big"),
    # a one-line upload naming a server file must never be read from disk
    (str(NORMS_DIR / "examples" / "provincial.toml").encode(), "TOML"),
    (PROVINCIAL.replace(b'layer = "provincial"', b'layer = "city"'), "layer"),
])
def test_a_bad_file_gives_one_clear_message_and_loads_nothing(session, cast, content, says):
    with pytest.raises(InvalidInput) as caught:
        norm_packs.load_pack(cast.admin, content, "upload.toml")
    assert says in str(caught.value)
    assert [p.name for p in _packs(session)] == ["cn-national-baseline"] * 2


def test_deactivating_a_pack_takes_it_out_of_the_layering(session, cast):
    provincial = norm_packs.load_pack(cast.admin, PROVINCIAL)
    off = norm_packs.set_pack_active(cast.admin, provincial.id, False)
    assert off.active is False
    assert _required(cast.admin, date(2024, 1, 1))["annual_practice"] == 176
    norm_packs.set_pack_active(cast.admin, provincial.id, True)
    assert _required(cast.admin, date(2024, 1, 1))["annual_practice"] == 240
    session.expire_all()
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity == "norm_pack",
                                                           AuditEvent.entity_id == provincial.id)
                           .order_by(AuditEvent.id)).all()
    assert actions == ["load", "deactivate", "activate"]
    with pytest.raises(NotFound):
        norm_packs.set_pack_active(cast.admin, 9999, True)
