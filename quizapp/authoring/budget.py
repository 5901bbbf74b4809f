"""Reading an uploaded article in a forked child with a memory and time budget.

Even within the archive limits (:mod:`questions.archives`), parsing a document can take far more memory
than its size (python-docx holds the whole XML tree), and a worker that grows keeps the memory. So the
reading runs in a child process forked for it: its address space is capped (``RLIMIT_AS``: what it
already shares with the worker plus ``IMPORT_MEMORY_MB``), it is killed after ``IMPORT_SECONDS``, and
whatever it allocated goes back to the system when it exits. The result comes back through a pipe.

A fork, not a new interpreter: the child starts in milliseconds with the worker's modules loaded.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

import questions as qs

T = TypeVar("T")
MB = 1024 * 1024


class BudgetExceeded(qs.ArticleError):
    """The reading needed more memory or time than an import may use; the message is for the user."""


def _address_space() -> int:
    """This process's virtual memory size now, in bytes (the child's limit starts from it)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _peak_address_space() -> int:
    """The most virtual memory this process has had, in bytes (``VmPeak``), 0 where it is not told."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _memory_trouble(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, MemoryError) or "memory" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _child(write_fd: int, memory_mb: int, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: Any) -> None:
    try:
        try:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = _address_space() + memory_mb * MB
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            start, peak_before = _address_space(), _peak_address_space()
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except BaseException as exc:  # everything goes back to the parent, which decides
            # a parser that runs out of memory does not always say so (lxml: "unknown error"), so an
            # error after this child used more than half its budget counts as running out of memory too
            # (the peak is inherited from the worker: only a peak this child raised tells)
            peak = _peak_address_space()
            near_cap = peak > peak_before and peak - start >= memory_mb * MB // 2
            outcome = ("memory", None) if near_cap or _memory_trouble(exc) else ("error", exc)
        try:
            data = pickle.dumps(outcome)
        except Exception:
            data = pickle.dumps(("error", qs.ArticleError("This file could not be read.")))
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view) :]
    finally:
        os._exit(0)  # no atexit handlers, no flushing the worker's buffers twice


def run_limited(fn: Callable[..., T], *args: Any, memory_mb: int, seconds: float, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a forked child with ``memory_mb`` more address space than this process
    and ``seconds`` of wall time. Raises :class:`BudgetExceeded` on either; re-raises ``fn``'s error."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
        os.close(read_fd)
        _child(write_fd, memory_mb, fn, args, kwargs)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if timed_out:
        raise BudgetExceeded(
            f"Reading this file took longer than {seconds:g} seconds, the most an import may take. "
            "Save it again as a simpler document, or paste its text."
        )
    if not chunks:  # the child died without answering: the allocator gave up at the cap
        raise BudgetExceeded(_memory_message(memory_mb))
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "memory":
        raise BudgetExceeded(_memory_message(memory_mb))
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]


def _memory_message(memory_mb: int) -> str:
    return (
        f"Reading this file needed more than {memory_mb} MB of memory, the most an import may use. "
        "Save it again without embedded pictures or files, or paste its text."
    )


def read_article(data: bytes, filename: str, config: Any) -> qs.Article:
    """:func:`questions.read_article` within the import budget of ``config`` (the app's config)."""
    return run_limited(
        qs.read_article,
        data,
        filename=filename,
        memory_mb=int(config.get("IMPORT_MEMORY_MB") or 512),
        seconds=float(config.get("IMPORT_SECONDS") or 30),
    )
