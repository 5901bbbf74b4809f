"""A rate-limit store in a SQLite file, shared by every worker process on one machine.

Flask-Limiter's default ``memory://`` keeps counts per process: with gunicorn's 2 workers a limit of
10 a minute let 20 through. Redis shares them, but a one-machine install should not need a server for
that; a small SQLite file in the instance folder does the job (every check is one short transaction).
The ``limits`` library finds this class by its URI scheme (``quizapp-sqlite:///<path>``) once it is
imported; Flask-Limiter then uses it like its own stores (fixed and moving windows).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from typing import Any

from limits.storage import MovingWindowSupport, Storage

SCHEME = "quizapp-sqlite"
#: counts older than this are deleted now and then, whatever their limit (no limit here is longer)
KEEP_SECONDS = 2 * 86400


class SQLiteStorage(Storage, MovingWindowSupport):
    """Rate-limit counters (fixed window) and hit times (moving window) in one SQLite file."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = (uri or "").split("://", 1)[-1]
        self.path = path or ":memory:"
        self._local = threading.local()
        self._last_prune = 0.0
        with self._db() as conn:
            conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS rate_counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL,
                                                          expires REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS rate_hits (key TEXT NOT NULL, at REAL NOT NULL);
                CREATE INDEX IF NOT EXISTS ix_rate_hits_key_at ON rate_hits (key, at);
                """
            )

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        """This thread's connection; a forked worker opens its own (never the parent's)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _write(self) -> sqlite3.Connection:
        """A connection inside a write transaction taken at once: checks and hits never interleave."""
        conn = self._db()
        conn.execute("BEGIN IMMEDIATE")
        return conn

    # --- fixed window -----------------------------------------------------------------------------

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        conn = self._write()
        try:
            row = conn.execute("SELECT count, expires FROM rate_counters WHERE key = ?", (key,)).fetchone()
            if row is None or row[1] <= now:
                count = amount
                conn.execute(
                    "INSERT OR REPLACE INTO rate_counters (key, count, expires) VALUES (?, ?, ?)",
                    (key, count, now + expiry),
                )
            else:
                count = row[0] + amount
                conn.execute("UPDATE rate_counters SET count = ? WHERE key = ?", (count, key))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._prune(now)
        return int(count)

    def get(self, key: str) -> int:
        row = self._db().execute("SELECT count, expires FROM rate_counters WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row is not None and row[1] > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._db().execute("SELECT expires FROM rate_counters WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row is not None else time.time()

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        conn = self._db()
        n = conn.execute("SELECT (SELECT count(*) FROM rate_counters) + (SELECT count(*) FROM rate_hits)")
        total = int(n.fetchone()[0])
        conn.execute("DELETE FROM rate_counters")
        conn.execute("DELETE FROM rate_hits")
        return total

    def clear(self, key: str) -> None:
        conn = self._db()
        conn.execute("DELETE FROM rate_counters WHERE key = ?", (key,))
        conn.execute("DELETE FROM rate_hits WHERE key = ?", (key,))

    # --- moving window ----------------------------------------------------------------------------

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = time.time()
        conn = self._write()
        try:
            conn.execute("DELETE FROM rate_hits WHERE key = ? AND at < ?", (key, now - expiry))
            (count,) = conn.execute("SELECT count(*) FROM rate_hits WHERE key = ?", (key,)).fetchone()
            allowed = count + amount <= limit
            if allowed:
                conn.executemany("INSERT INTO rate_hits (key, at) VALUES (?, ?)", [(key, now)] * amount)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._prune(now)
        return allowed

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        oldest, count = (
            self._db()
            .execute("SELECT min(at), count(*) FROM rate_hits WHERE key = ? AND at >= ?", (key, now - expiry))
            .fetchone()
        )
        return (float(oldest), int(count)) if count else (now, 0)

    def _prune(self, now: float) -> None:
        """Now and then (once an hour per process), forget hits and counters nobody can still need."""
        if now - self._last_prune < 3600:
            return
        self._last_prune = now
        conn = self._db()
        conn.execute("DELETE FROM rate_hits WHERE at < ?", (now - KEEP_SECONDS,))
        conn.execute("DELETE FROM rate_counters WHERE expires < ?", (now,))
