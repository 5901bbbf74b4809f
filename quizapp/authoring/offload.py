"""Running the generator off the event loop when the server runs gevent's worker.

``quizapp serve`` with classroom push runs gunicorn's gevent worker (quizapp/launch.py patches the process):
the import worker's "thread" is then a greenlet, and generating a bank computes for seconds without
yielding, so every other connection of that worker (phones' event streams, answers, pages) would wait.
Under gevent the generator therefore runs in a real OS thread of gevent's hub threadpool, while the
calling greenlet waits cooperatively and does every database write itself: the OS thread's progress
callback only keeps the latest (stage, fraction) in memory, and the greenlet passes it on to the job's
progress writer a few times a second. Without gevent, the generator runs in the calling thread, as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import questions as qs

#: How often (seconds) the waiting greenlet passes the generator's latest progress on.
PROGRESS_EVERY = 0.25


def gevent_patched() -> bool:
    """True when gevent has patched ``threading`` in this process (a gevent worker serves it)."""
    if "gevent.monkey" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("threading"))


class _Latest:
    """The generator's last progress report, set in the OS thread and read by the greenlet. One
    attribute assignment of a fresh tuple is atomic under the GIL, so no lock is needed (and gevent's
    patched locks must not be shared with a native thread)."""

    def __init__(self) -> None:
        self.value: tuple[str, float] | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        self.value = (stage, fraction)


def _outcome(fn: Callable[[], Any]) -> tuple[bool, Any]:
    """Run ``fn`` in the OS thread, returning (ok, result or exception): an exception raised in the
    pool would be printed by gevent's hub as well as passed on; this way the caller alone reports it."""
    try:
        return True, fn()
    except BaseException as exc:  # re-raised by the waiting greenlet
        return False, exc


def generate_bank(article: qs.Article, progress: Callable[[str, float], None]) -> qs.Bank:
    """``qs.generate_bank(article, progress=progress)``, keeping a gevent worker responsive meanwhile.

    ``progress`` (which writes to the database) is only ever called from the calling thread or greenlet.
    The generator's exceptions reach the caller unchanged.
    """
    if not gevent_patched():
        return qs.generate_bank(article, progress=progress)
    import gevent

    latest = _Latest()
    pending = gevent.get_hub().threadpool.spawn(_outcome, lambda: qs.generate_bank(article, progress=latest))
    passed: tuple[str, float] | None = None

    def pass_on() -> None:
        nonlocal passed
        now = latest.value
        if now is not None and now != passed:
            passed = now
            progress(*now)

    while not pending.ready():
        pending.wait(PROGRESS_EVERY)  # other greenlets (requests, the heartbeat) run meanwhile
        pass_on()
    ok, value = pending.get()
    pass_on()
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]
