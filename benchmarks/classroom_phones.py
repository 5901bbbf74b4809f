"""The simulated students of benchmarks/classroom_load.py (and two_servers.py): what each one's phone
does, and what the run measures. A phone joins, then polls ``state.json`` every ``--poll`` seconds, or
(``--phones stream``) holds the session's pushed event stream and polls only if it drops, as
static/js/classroom.js does; it answers each question after a think time."""

from __future__ import annotations

import argparse
import asyncio
import html
import random
import re
import ssl
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx
from sse_client import OPENED, session_events

#: one TLS context for every client: httpx builds one per client otherwise (loading the CA bundle, tens of
#: milliseconds each), which would stall the students' event loop while they join. The traffic is plain HTTP.
TLS = ssl.create_default_context()


# --- measurements ----------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    #: (nickname, question position) of every answer acknowledged with a 200
    acked: set[tuple[str, int]] = field(default_factory=set)
    refused: int = 0
    joined: int = 0
    #: requests resent after a kept-alive connection was found closed (browsers do the same)
    resent: Counter[str] = field(default_factory=Counter)
    #: streams that dropped or were refused (stream mode), by error; each phone then polled instead
    stream_drops: Counter[str] = field(default_factory=Counter)
    fallbacks: int = 0

    def timed(self, kind: str, started: float) -> None:
        self.latencies[kind].append((time.perf_counter() - started) * 1000)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


# --- the people ------------------------------------------------------------------------------


@dataclass
class Run:
    base: str
    args: argparse.Namespace
    stats: Stats = field(default_factory=Stats)
    session_id: int = 0
    code: str = ""
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    #: CPU seconds the server's processes spent between the session's start and its end (start-up excluded)
    server_cpu: float = 0.0
    #: the machine's 1-minute load average when the students started
    load_before: float = 0.0


@dataclass
class Phone:
    """One simulated student's phone after joining: its client, its CSRF token, what it has answered."""

    run: Run
    http: httpx.AsyncClient
    rng: random.Random
    nickname: str
    token: str
    etag: str = ""
    answered: set[int] = field(default_factory=set)
    #: questions whose answer is on its way (stream mode), so that an event seen twice answers once
    scheduled: set[int] = field(default_factory=set)


async def student(run: Run, number: int, limits: httpx.Limits) -> None:
    """Join, then follow the session as ``--phones`` says (polling, or the pushed stream with polling as
    its fallback) and answer each question after a think time."""
    stats, args = run.stats, run.args
    nickname = f"Student {number:04d}"
    rng = random.Random(number)
    streaming = getattr(args, "phones", "poll") == "stream"
    if streaming:  # the stream holds one connection; polls and answers go on a second, as in a browser
        limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    await asyncio.sleep(rng.uniform(0, args.join_spread))  # a class does not join in the same millisecond
    async with httpx.AsyncClient(
        base_url=run.base, timeout=args.request_timeout, limits=limits, verify=TLS, trust_env=False
    ) as http:
        try:
            page = await send(stats, "join", lambda: http.get(f"/classroom/join?code={run.code}"))
            # the session's CSRF token also signs the answers (classroom.js reads it from the answer form)
            token = csrf_token(page.text)
            started = time.perf_counter()
            joined = await send(
                stats,
                "join",
                lambda: http.post(
                    "/classroom/join", data={"code": run.code, "nickname": nickname, "csrf_token": token}
                ),
            )
            stats.timed("join", started)
            if joined.status_code != 302:
                stats.errors[f"join {joined.status_code}"] += 1
                return
            stats.joined += 1
            started = time.perf_counter()
            play = await send(stats, "page", lambda: http.get(f"/classroom/s/{run.session_id}/play"))
            stats.timed("page", started)
            if play.status_code != 200:
                stats.errors[f"page {play.status_code}"] += 1
        except httpx.HTTPError as exc:
            stats.errors[f"join {type(exc).__name__}"] += 1
            return
        me = Phone(run, http, rng, nickname, token)
        if streaming:
            if await follow_stream(me):
                return
            stats.fallbacks += 1  # the stream dropped: poll from now on, as classroom.js does
        await follow_polls(me)


async def answer(me: Phone, position: int, choices: list[str]) -> bool:
    """Send the answer to question ``position``: False when it did not reach the server (send it again)."""
    stats, run = me.run.stats, me.run
    reply = me.rng.choice(choices) if choices else me.rng.choice(["Brussels", "2014", "I am not sure"])
    started = time.perf_counter()
    try:
        response = await send(
            stats,
            "answer",
            lambda: me.http.post(
                f"/classroom/s/{run.session_id}/answer.json",
                data={"position": str(position), "response": reply},
                headers={"X-CSRFToken": me.token, "Accept": "application/json"},
            ),
        )
    except httpx.HTTPError as exc:
        stats.errors[f"answer {type(exc).__name__}"] += 1
        return False
    stats.timed("answer", started)
    body = response.json() if response.status_code in (200, 400, 409) else {}
    me.answered.add(position)
    if response.status_code == 200 and body.get("ok"):
        stats.acked.add((me.nickname, position))
        # like classroom.js: the acknowledgement brings the next page and its ETag
        me.etag = body.get("etag", "")
    elif response.status_code == 409:
        stats.refused += 1
    else:
        stats.errors[f"answer {response.status_code}"] += 1
    return True


async def ask_state(me: Phone) -> dict[str, Any] | None:
    """One poll of ``state.json`` with the phone's ETag: the state when it changed, None otherwise (a 304
    or an error, counted)."""
    stats = me.run.stats
    headers = {"Accept": "application/json"}
    if me.etag:
        headers["If-None-Match"] = f'"{me.etag}"'
    started = time.perf_counter()
    try:
        response = await send(
            stats,
            "poll",
            lambda: me.http.get(f"/classroom/s/{me.run.session_id}/state.json", headers=headers),
        )
    except httpx.HTTPError as exc:
        stats.errors[f"poll {type(exc).__name__}"] += 1
        return None
    stats.timed("poll", started)
    stats.statuses[f"poll {response.status_code}"] += 1
    if response.status_code == 200:
        me.etag = response.headers.get("ETag", "").strip('"')
        state: dict[str, Any] = response.json()
        return state
    if response.status_code != 304:
        stats.errors[f"poll {response.status_code}"] += 1
    return None


def choices_in(fragment: str) -> list[str]:
    """The choices of a question's fragment, as the phone shows them."""
    return [html.unescape(c) for c in re.findall(r'name="response" value="([^"]*)"', fragment)]


async def follow_polls(me: Phone) -> None:
    """Poll every ``--poll`` seconds (jittered) as classroom.js does without a stream, and answer each
    question a think time after the phone first showed it."""
    run, args, rng = me.run, me.run.args, me.rng
    #: the open question on the phone's screen: (position, its choices), and when to answer it
    showing: tuple[int, list[str]] | None = None
    answer_at = 0.0
    while not run.ended.is_set():
        if showing is not None and showing[0] not in me.answered and time.monotonic() >= answer_at:
            if not await answer(me, *showing):
                answer_at = time.monotonic() + args.poll  # not acknowledged: send it again
                continue
        state = await ask_state(me)
        if state is not None:
            if state["mode"] == "ended":
                return
            position = state.get("position")
            if state["mode"] == "question" and position is not None:
                if showing is None or showing[0] != position:
                    # a new question: the student reads and thinks while the page keeps polling
                    showing = (position, choices_in(state["html"]))
                    answer_at = time.monotonic() + rng.uniform(args.think_min, args.think_max)
            else:
                showing = None
        pause = args.poll * rng.uniform(0.8, 1.2)
        if showing is not None and showing[0] not in me.answered:
            pause = max(0.0, min(pause, answer_at - time.monotonic()))
        await asyncio.sleep(pause)


async def follow_stream(me: Phone) -> bool:
    """Hold the session's event stream as classroom.js does: answer a pushed question a think time after
    it arrives, take a pushed ``state`` (the phone's reveal) as its page, ask ``state.json`` once on a
    ``refresh`` (spread over a second) and once when the stream opens. True when the session ended (or
    the run did); False when the stream dropped or was refused."""
    run = me.run
    reader = asyncio.create_task(read_stream(me))
    ended = asyncio.create_task(run.ended.wait())
    try:
        await asyncio.wait([reader, ended], return_when=asyncio.FIRST_COMPLETED)
    finally:
        ended.cancel()
        if not reader.done():
            reader.cancel()
    if not reader.done() or reader.cancelled():
        return True
    exc = reader.exception()
    if exc is not None:
        run.stats.stream_drops[type(exc).__name__] += 1
        return False
    return bool(reader.result())


async def read_stream(me: Phone) -> bool:
    """The stream's events until the session ends (True) or the server ends the stream (False)."""
    run, args, rng = me.run, me.run.args, me.rng
    answers: set[asyncio.Task] = set()

    async def answer_later(position: int, choices: list[str], delay: float) -> None:
        await asyncio.sleep(delay)
        while not await answer(me, position, choices) and not run.ended.is_set():
            await asyncio.sleep(args.poll)  # not acknowledged: send it again

    def showing(position: int | None, fragment: str) -> None:
        if position is None or position in me.answered or position in me.scheduled:
            return
        me.scheduled.add(position)
        think = rng.uniform(args.think_min, args.think_max)
        task = asyncio.create_task(answer_later(position, choices_in(fragment), think))
        answers.add(task)
        task.add_done_callback(answers.discard)

    async def refresh() -> bool:
        state = await ask_state(me)
        if state is not None:
            if state["mode"] == "ended":
                return True
            if state["mode"] == "question":
                showing(state.get("position"), state.get("html", ""))
        return False

    started = time.perf_counter()
    try:
        async for event in session_events(me.http, run.session_id):
            if event is OPENED:
                run.stats.timed("stream", started)
                if await refresh():  # catch up on what changed before the stream opened
                    return True
            elif event.get("type") == "question":
                me.etag = ""  # as classroom.js: this phone's ETag is unknown now
                showing(event.get("position"), event.get("html", ""))
            elif event.get("type") == "state":  # this phone's own page (its reveal), pushed
                run.stats.statuses["pushed state"] += 1
                me.etag = event.get("etag", "")
                if event.get("mode") == "ended":
                    return True
            else:  # a reveal or the end differs per phone: ask once, spread over a second
                await asyncio.sleep(rng.uniform(0, 1))
                if await refresh():
                    return True
        return False
    finally:
        if answers:  # answers on their way still go out before the phone leaves the stream
            await asyncio.gather(*answers, return_exceptions=True)


async def send(stats: Stats, kind: str, request: Any) -> httpx.Response:
    """Send a request, resending it once when a kept-alive connection turns out to be closed, as browsers
    do (an answer sent twice counts once). Resends are counted and reported; a second failure is an error."""
    try:
        return await request()
    except (httpx.RemoteProtocolError, httpx.ReadError):
        stats.resent[kind] += 1
        return await request()
