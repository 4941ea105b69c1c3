"""The schema is made only by Alembic, and the migrations match the table models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import feeds.models  # noqa: F401
import tracker.norms.models  # noqa: F401
from tracker.db import current_revision, make_engine, upgrade_database


def test_empty_database_upgrades_to_head_and_matches_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert current_revision(engine) is None
    upgrade_database(engine)
    from alembic.script import ScriptDirectory

    from tracker.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert current_revision(engine) == head
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_migrated_database_matches_models_on_each_backend(engine):
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_upgrade_is_idempotent(engine):
    from alembic.script import ScriptDirectory

    from tracker.db import alembic_config

    upgrade_database(engine)
    upgrade_database(engine)
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert current_revision(engine) == head
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000



def test_upgrades_that_copy_tables_keep_every_row_and_file(tmp_path):
    """SQLite rebuilds a table to change a constraint; with foreign keys on, dropping the old copy deleted the
    evidence of every activity (ON DELETE CASCADE). Revisions 0004/0005 rebuild activity and certification."""
    import sqlalchemy as sa
    from alembic import command

    from tracker.db import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0003_feeds")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (id, email, name, role, category, active, created_at) "
            "VALUES (1, 'a@x.edu', 'A', 'teacher', 'professional', 1, '2024-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO activity (id, person_id, kind, start_date, end_date, hours, description, status, "
            "created_at, updated_at) VALUES (1, 1, 'visit', '2024-01-01', '2024-01-01', 8, '', 'verified', "
            "'2024-01-01', '2024-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO certification (id, person_id, name, issuer, issued_on, status, created_at, updated_at) "
            "VALUES (1, 1, 'C', '', '2024-01-01', 'verified', '2024-01-01', '2024-01-01')"
        )
        for owner in ("activity_id", "certification_id"):
            conn.execute(
                sa.text(
                    f"INSERT INTO evidence ({owner}, filename, media_type, size, sha256, content, created_at) "
                    "VALUES (1, 'a.pdf', 'application/pdf', 5, 'x', :c, '2024-01-01')"
                ),
                {"c": b"%PDF-"},
            )
    upgrade_database(engine)
    with engine.connect() as conn:
        counts = [
            conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
            for t in ("person", "activity", "certification", "evidence")
        ]
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert counts == [1, 1, 1, 2]


def test_dual_qualified_revision_keeps_certificate_levels_it_understands(tmp_path):
    """Issue 12: free-text levels that name a level become one; the rest become type other without a level."""
    import sqlalchemy as sa
    from alembic import command

    from tracker.db import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0004_training_base")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (id, email, name, role, category, active, created_at) "
            "VALUES (1, 'a@x.edu', 'A', 'teacher', 'professional', 1, '2024-01-01')"
        )
        for i, (name, level) in enumerate(
            [
                ("1+X 跨境电商B2B数据运营职业技能等级证书", "中级"),
                ("电工职业资格证书", "四级/中级工"),
                ("Some licence", "Level 3"),
                ("BEC Higher", "高级"),
                ("No level", None),
            ],
            start=1,
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO certification (id, person_id, name, issuer, level, issued_on, status, "
                    "created_at, updated_at) VALUES (:id, 1, :name, '', :level, '2024-01-01', 'verified', "
                    "'2024-01-01', '2024-01-01')"
                ),
                {"id": i, "name": name, "level": level},
            )
    upgrade_database(engine)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, type, level FROM certification ORDER BY id").fetchall()
        person = conn.exec_driver_sql("SELECT title_rank, industry_years FROM person").one()
    assert [tuple(r) for r in rows] == [
        (1, "skill_level", "intermediate"),
        (2, "vocational_qualification", "intermediate"),
        (3, "other", None),
        (4, "other", "senior"),
        (5, "other", None),
    ]
    assert tuple(person) == ("none", 0)


def test_review_integrity_revision_previews_stored_images_but_never_a_huge_one(tmp_path):
    """0008 gives files stored before it a preview, one at a time; an image over the pixel limit gets none (so
    no page ever decodes it) and every record starts at version 1."""
    import io

    import sqlalchemy as sa
    from alembic import command
    from PIL import Image

    from tracker.db import alembic_config

    def png(size, mode="RGB") -> bytes:
        out = io.BytesIO()
        Image.new(mode, size).save(out, "PNG")
        return out.getvalue()

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0007_confirmation")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (id, email, name, role, category, active, created_at) "
            "VALUES (1, 'a@x.edu', 'A', 'teacher', 'professional', 1, '2024-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO activity (id, person_id, kind, start_date, end_date, hours, description, status, "
            "created_at, updated_at) VALUES (1, 1, 'visit', '2024-01-01', '2024-01-01', 8, '', 'submitted', "
            "'2024-01-01', '2024-01-01')"
        )
        for name, content in (("photo.png", png((1600, 1200))), ("bomb.png", png((13_000, 13_000), "1"))):
            conn.execute(
                sa.text(
                    "INSERT INTO evidence (activity_id, filename, media_type, size, sha256, content, created_at) "
                    "VALUES (1, :n, 'image/png', :s, 'x', :c, '2024-01-01')"
                ),
                {"n": name, "s": len(content), "c": content},
            )
    upgrade_database(engine)
    with engine.connect() as conn:
        previews = dict(conn.exec_driver_sql("SELECT filename, preview FROM evidence").all())
        assert conn.exec_driver_sql("SELECT version FROM activity").scalar() == 1
    assert previews["bomb.png"] is None
    with Image.open(io.BytesIO(previews["photo.png"])) as shown:
        assert (shown.format, shown.size) == ("JPEG", (1000, 750))
