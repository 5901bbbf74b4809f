"""A phone's side of a classroom session's push stream (``…/events``, server-sent events), shared by the
benchmarks that simulate phones (push_fanout.py, classroom_load.py)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

#: what :func:`session_events` yields first, once the server accepted the stream (HTTP 200); a browser's
#: ``EventSource.onopen``
OPENED: dict[str, Any] = {"type": "opened"}


class StreamRefused(Exception):
    """The server answered the stream with another status than 200 (204: push is off, or no player)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"stream refused: HTTP {status}")
        self.status = status


async def session_events(http: httpx.AsyncClient, session_id: int) -> AsyncIterator[dict[str, Any]]:
    """Hold session ``session_id``'s event stream on ``http`` (the player's cookie is in its jar): yield
    :data:`OPENED`, then each event's data. It ends when the server ends the stream; a stream that breaks
    raises httpx's error, one that is refused raises :class:`StreamRefused`."""
    timeout = httpx.Timeout(30, read=None)  # a quiet stream is no timeout: the server sends a ping
    async with http.stream("GET", f"/classroom/s/{session_id}/events", timeout=timeout) as stream:
        if stream.status_code != 200:
            raise StreamRefused(stream.status_code)
        yield OPENED
        async for line in stream.aiter_lines():
            if line.startswith("data: "):
                yield json.loads(line[len("data: ") :])
