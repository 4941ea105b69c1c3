"""Parse feeds in worker processes, never in the calling process (issue 9).

A feed is a stranger's document, and a parser can be made to spend memory and time on it, so the dashboard
and the ``tracker`` command hand every body to a worker:

- a worker is a fresh ``python -m feeds.workers`` that imports only the parser (not SQLAlchemy, not
  Streamlit), limits its own address space (``RLIMIT_AS``: its size after start-up plus
  ``TRACKER_FEEDS_PARSE_MEMORY_MB``) and its CPU time per job, then answers one job at a time over a pipe;
- a refresh starts workers the first time it has a body to parse (a refresh where nothing changed starts
  none), up to one per core, and reuses them until it ends;
- a job that outlives ``TRACKER_FEEDS_PARSE_TIMEOUT`` has its worker killed; a worker that dies (its memory
  limit, a crash, a kill) fails that one feed with ParseAborted and is replaced for the next job. Nothing
  is retried in the calling process.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from feeds.errors import FeedError, ParseAborted
from tracker.i18n import Text

if TYPE_CHECKING:
    from feeds.dedupe import KeyedEntry
    from feeds.parse import ParsedFeed
    from feeds.topics import TopicMatcher, TopicRule

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!Q")
# A worker that has not said it is ready after this long is not coming (it imports the parser only).
START_TIMEOUT = 60.0


class ParsePool:
    """Parse workers for one refresh: started on demand, reused, each job bounded in memory and time.

    Thread-safe: the refresh's fetch threads call :meth:`parse` concurrently; each call takes one idle
    worker (starting one when fewer than ``workers`` run) and waits for it otherwise.

    Args:
        workers: at most this many processes.
        memory_mb: address space a worker may add to its start-up size while parsing.
        timeout: seconds one parse may take before its worker is killed.
    """

    def __init__(self, *, workers: int, memory_mb: int, timeout: float) -> None:
        self.size = max(1, workers)
        self.memory_mb = memory_mb
        self.timeout = timeout
        self._idle: list[_Worker] = []
        self._running = 0
        self._closed = False
        self._lock = threading.Condition()

    def parse(
        self, body: bytes, url: str, headers: dict[str, str], feed_url: str, rules: tuple[TopicRule, ...]
    ) -> tuple[ParsedFeed, tuple[KeyedEntry, ...]]:
        """Parse, key and tag one feed in a worker (see :func:`parse_and_key`).

        Raises:
            FeedError: what the parser raised (NotAFeed, UnsafeFeed …), or ParseAborted when the worker
                ran out of memory or time, or died.
        """
        job = pickle.dumps((body, url, headers, feed_url, rules), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            worker = self._take()
        except (_WorkerLost, OSError) as exc:
            log.error("could not start a parse worker: %s", exc)
            raise ParseAborted(Text("errors.feed.worker_start"), url=url) from None
        try:
            status, value = worker.run(job, self.timeout)
        except _WorkerLost as lost:
            self._discard(worker)
            raise ParseAborted(self._lost_message(url, lost), url=url) from None
        except BaseException:
            self._discard(worker)
            raise
        if status == "memory":  # the worker exits after a MemoryError: its heap is not worth keeping
            self._discard(worker)
            raise ParseAborted(Text("errors.feed.worker_memory", url=url, mib=self.memory_mb), url=url)
        self._give_back(worker)
        if status == "ok":
            return value
        if status == "error":
            raise value
        log.error("the parse worker failed on %s:\n%s", url, value)
        raise FeedError(Text("errors.feed.unexpected"), url=url)

    def close(self) -> None:
        """Stop every worker (each finishes nothing: the refresh is over)."""
        with self._lock:
            self._closed = True
            workers, self._idle = self._idle, []
            self._lock.notify_all()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _lost_message(self, url: str, lost: _WorkerLost) -> Text:
        if lost.timed_out:
            return Text("errors.feed.worker_time", url=url, seconds=f"{self.timeout:g}")
        return Text("errors.feed.worker_died", url=url, reason=str(lost), mib=self.memory_mb)

    def _take(self) -> _Worker:
        with self._lock:
            while not self._idle and self._running >= self.size and not self._closed:
                self._lock.wait()
            if self._closed:
                raise RuntimeError("the parse pool is closed")
            if self._idle:
                return self._idle.pop()
            self._running += 1
        try:
            return _Worker(self.memory_mb, self.timeout)
        except BaseException:
            self._discard(None)
            raise

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                self._lock.notify()
                return
        worker.stop()

    def _discard(self, worker: _Worker | None) -> None:
        if worker is not None:
            worker.kill()
        with self._lock:
            self._running -= 1
            self._lock.notify()


class _WorkerLost(Exception):
    """The worker process went away mid-job (it died, or was killed for taking too long)."""

    def __init__(self, reason: str, *, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.timed_out = timed_out


class _Worker:
    """One worker process and its two pipes (the parent's side)."""

    def __init__(self, memory_mb: int, timeout: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "feeds.workers", str(memory_mb), repr(timeout)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            close_fds=True,
        )
        try:
            if _receive(self.process.stdout.fileno(), START_TIMEOUT, self.process) != ("ready", None):
                raise _WorkerLost("it did not start")
        except BaseException:
            self.kill()
            raise

    def run(self, job: bytes, timeout: float) -> tuple[str, Any]:
        try:
            _write_all(self.process.stdin.fileno(), _HEADER.pack(len(job)) + job)
        except OSError:  # BrokenPipeError: it died while idle
            raise _WorkerLost(_exit_reason(self.process.wait())) from None
        return _receive(self.process.stdout.fileno(), timeout, self.process)

    def stop(self) -> None:
        """Close its input (it exits at the end of the stream); kill it if it lingers."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self.process.stdout.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def _receive(fd: int, timeout: float, process: subprocess.Popen) -> tuple[str, Any]:
    """Read one framed reply within ``timeout`` seconds; kill the worker when the time is up."""
    deadline = time.monotonic() + timeout
    header = _read_exact(fd, _HEADER.size, deadline, process)
    return pickle.loads(_read_exact(fd, _HEADER.unpack(header)[0], deadline, process))


def _read_exact(fd: int, size: int, deadline: float, process: subprocess.Popen) -> bytes:
    chunks: list[bytes] = []
    poller = select.poll()  # not select.select: a busy server's descriptors can pass FD_SETSIZE
    poller.register(fd, select.POLLIN)
    while size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            process.kill()
            process.wait()
            raise _WorkerLost("it ran out of time", timed_out=True)
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise _WorkerLost(_exit_reason(process.wait()), timed_out=process.returncode == -signal.SIGXCPU)
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _exit_reason(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


# --- the worker's side ------------------------------------------------------------------------------


def parse_and_key(
    body: bytes, url: str, headers: dict[str, str], feed_url: str, rules: tuple[TopicRule, ...]
) -> tuple[ParsedFeed, tuple[KeyedEntry, ...]]:
    """Parse a feed and key and tag its entries: the CPU-bound part of a refresh, run in a worker."""
    from feeds.dedupe import key_entries
    from feeds.parse import parse_feed

    parsed = parse_feed(body, url=url, headers=headers)
    return parsed, key_entries(parsed.entries, feed_url=feed_url, tag=_matcher(rules).tag)


@functools.lru_cache(maxsize=4)
def _matcher(rules: tuple[TopicRule, ...]) -> TopicMatcher:
    from feeds.topics import TopicMatcher

    return TopicMatcher(rules)


_WARM_UP = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>'
    b"<link>https://example.com/a</link><description>&lt;p&gt;b&lt;/p&gt; &amp;nbsp;</description>"
    b"</item></channel></rss>"
)


def _serve(memory_mb: int, timeout: float) -> None:
    """The worker's loop: read a job, answer it, until the parent closes the pipe."""
    import resource

    reply_fd = os.dup(1)
    os.dup2(2, 1)  # a stray print() must not corrupt the replies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it closes our input
    parse_and_key(_WARM_UP, "https://example.com/", {}, "https://example.com/", ())  # load lazy imports
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _limit_address_space(resource, memory_mb)
    _send(reply_fd, ("ready", None))
    while True:
        header = _read_job(0, _HEADER.size)
        if header is None:
            return
        payload = _read_job(0, _HEADER.unpack(header)[0])
        if payload is None:
            return
        try:
            job = pickle.loads(payload)
            _limit_cpu(resource, timeout)
            reply: tuple[str, Any] = ("ok", parse_and_key(*job))
        except FeedError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("memory", None)
        except Exception:  # a bug: the parent logs it and fails the one feed
            import traceback

            reply = ("bug", traceback.format_exc())
        try:
            _send(reply_fd, reply)
        except MemoryError:
            reply = ("memory", None)
            _send(reply_fd, reply)
        if reply[0] == "memory":
            return


def _limit_address_space(resource: Any, memory_mb: int) -> None:
    try:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # not Linux: RLIMIT_AS is not enforced there anyway
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _limit_cpu(resource: Any, timeout: float) -> None:
    """The kernel stops a job that spins past its time even if the parent is gone (SIGXCPU)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = int(usage.ru_utime + usage.ru_stime + timeout) + 2
    if hard == resource.RLIM_INFINITY or limit <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


def _read_job(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _send(fd: int, reply: tuple[str, Any]) -> None:
    data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, _HEADER.pack(len(data)) + data)


if __name__ == "__main__":
    _serve(int(sys.argv[1]), float(sys.argv[2]))
