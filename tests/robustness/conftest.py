"""Helpers for the robustness tests: writer subprocesses and database facts read with plain SQL."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
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
    """Start ``python -m ARGS...`` from the project directory with the test's environment.

    stdout is a pipe (read it with ``wait_for_lines`` and ``finish``); stderr goes to a temporary file so a
    chatty process can never block on a full pipe.
    """
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=PROJECT_DIR,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    proc.stderr_file = errors
    return proc


def stderr_of(proc: subprocess.Popen) -> str:
    proc.stderr_file.seek(0)
    return proc.stderr_file.read().decode("utf-8", "replace")


def wait_for_lines(proc: subprocess.Popen, lines: int, timeout: float = 60) -> list[str]:
    """Read ``lines`` lines of stdout (a writer prints one per commit); fail if the process dies first."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while len(seen) < lines:
        if time.monotonic() > deadline:
            pytest.fail(f"writer printed {len(seen)} of {lines} lines in {timeout} s")
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"writer exited early: {proc.wait()} {stderr_of(proc)[-2000:]}")
        seen.append(line)
    return seen


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[str, str]:
    """The rest of a worker's stdout, and its stderr, once it exits; fail the test unless it exited 0.

    Reads through the same buffered stdout as ``wait_for_lines`` (``communicate`` would skip lines already
    buffered there).
    """
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        proc.kill()
        pytest.fail(f"worker {proc.args[3:6]} still running after {timeout} s")
    proc.wait(timeout=30)
    err = stderr_of(proc)
    assert proc.returncode == 0, f"worker {proc.args[3:6]} exited {proc.returncode}: {err[-3000:]}"
    return "".join(chunks), err


def scalar(engine: sa.Engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()
