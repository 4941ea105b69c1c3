"""Helpers for the robustness tests: writer subprocesses and database facts read with plain SQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

PROJECT_DIR = Path(__file__).resolve().parents[2]


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path:
    return Path(sa.engine.make_url(url).database)


def spawn(*args: str, env: dict | None = None) -> subprocess.Popen:
    """Start ``python -m ARGS...`` from the project directory with the test's environment."""
    return subprocess.Popen(
        [sys.executable, "-m", *args], cwd=PROJECT_DIR, env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for_lines(proc: subprocess.Popen, lines: int, timeout: float = 60) -> list[str]:
    """Read ``lines`` lines of stdout (a writer prints one per commit); fail if the process dies first."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while len(seen) < lines:
        if time.monotonic() > deadline:
            pytest.fail(f"writer printed {len(seen)} of {lines} lines in {timeout} s")
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"writer exited early: {proc.wait()} {proc.stderr.read()[-2000:]}")
        seen.append(line)
    return seen


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[str, str]:
    """Wait for a worker; fail the test with its stderr if it did not exit 0."""
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"worker {proc.args[3:6]} exited {proc.returncode}: {err[-3000:]}"
    return out, err


def scalar(engine: sa.Engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()
