"""How fast a question the teacher opens reaches N phones, and what it costs the servers: pushed over each
phone's event stream (``…/events``, server-sent events) or found by polling ``state.json`` every 2 s.

Used by benchmarks/two_servers.py, which starts the servers: the teacher drives a session on one server
and the phones are split between the servers, so a phone on server A learns through Redis what the
teacher did on server B. For each question the teacher opens it, waits, closes it (each phone then asks
for its own reveal: once when pushed, at its next poll when polling) and waits again. Phones do not
answer here: an answer costs the same either way (classroom_load.py measures answers).

Measured per mode: the delay from the teacher's click (before the request is sent) until each phone has
the question, by server; the delay until each phone has its reveal; the phones' requests and the
servers' CPU seconds during the questions (start-up and joining excluded). Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from classroom_phones import percentile
from sse_client import OPENED, session_events

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@dataclass
class Fanout:
    mode: str
    phones: int
    #: (kind, base) -> delays in ms from the teacher's click; kind is "question" or "reveal"
    delays: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    requests: int = 0
    resent: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    #: questions some phone never showed (a reveal is not counted: a phone that asks for it after the
    #: next question opened shows that question instead)
    missed: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0
    clicks: dict[tuple[str, int], float] = field(default_factory=dict)

    def seen(self, kind: str, base: str, position: int, shown: set[tuple[str, int]]) -> None:
        """A phone (whose pages so far are ``shown``) shows question ``position`` or its reveal."""
        clicked = self.clicks.get((kind, position))
        if clicked is not None and (kind, position) not in shown:
            shown.add((kind, position))
            self.delays[(kind, base)].append((time.perf_counter() - clicked) * 1000)


async def join(http: httpx.AsyncClient, code: str, nickname: str) -> None:
    page = await http.get(f"/classroom/join?code={code}")
    token = CSRF.search(page.text)
    assert token is not None, page.text[:300]
    joined = await http.post(
        "/classroom/join", data={"code": code, "nickname": nickname, "csrf_token": token.group(1)}
    )
    assert joined.status_code == 302, joined.status_code


async def phone(
    run: Fanout, base: str, session_id: int, code: str, number: int, ready: asyncio.Queue
) -> None:
    """One phone: joins, then follows the session by its stream or by polling, noting when it sees what."""
    state_url = f"/classroom/s/{session_id}/state.json"
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        await join(http, code, f"Phone {number:04d}")
        etag = ""
        shown: set[tuple[str, int]] = set()

        async def ask() -> None:
            nonlocal etag
            headers = {"Accept": "application/json"}
            if etag:
                headers["If-None-Match"] = f'"{etag}"'
            run.requests += 1
            for attempt in range(3):
                try:
                    response = await http.get(state_url, headers=headers)
                    break
                except httpx.TransportError:  # a kept-alive connection the server had just closed:
                    if attempt == 2:  # a browser sends the GET again on a new one, and so does this phone
                        raise
                    run.resent += 1
            if response.status_code == 304:
                return
            if response.status_code != 200:
                run.errors[f"HTTP {response.status_code}"] += 1
                return
            etag = response.headers.get("ETag", "").strip('"').removeprefix("W/").strip('"')
            data = response.json()
            if data.get("mode") in ("question", "reveal"):
                run.seen(data["mode"], base, int(data.get("position") or 0), shown)

        if run.mode == "polling":
            await ask()
            await ready.put(number)
            rng = random.Random(number)
            await asyncio.sleep(rng.uniform(0, 2))
            while True:
                await ask()
                await asyncio.sleep(2.0)
        async for event in session_events(http, session_id):  # a stream that breaks counts as an error
            if event is OPENED:
                await ready.put(number)
            elif event.get("type") == "question":
                run.seen("question", base, int(event["position"]), shown)
            else:  # a reveal differs per phone: ask once, spread over a second as classroom.js does
                await asyncio.sleep(random.uniform(0, 1))
                await ask()


async def fanout(
    mode: str,
    phone_bases: list[str],
    teacher: httpx.AsyncClient,
    session_id: int,
    code: str,
    phones: int,
    questions: int,
    cpu: Callable[[], float],
    open_seconds: float = 4.0,
    reveal_seconds: float = 3.0,
) -> Fanout:
    """Join ``phones`` phones (spread over ``phone_bases``), then open and close ``questions`` questions
    from ``teacher``; ``cpu`` reads the servers' CPU seconds so far."""
    run = Fanout(mode, phones)
    ready: asyncio.Queue = asyncio.Queue()
    tasks = [
        asyncio.create_task(phone(run, phone_bases[i % len(phone_bases)], session_id, code, i, ready))
        for i in range(phones)
    ]
    for _ in range(phones):
        getter = asyncio.ensure_future(ready.get())
        done, _pending = await asyncio.wait([getter, *tasks], timeout=120, return_when="FIRST_COMPLETED")
        if getter not in done:
            getter.cancel()
            failed = [t for t in tasks if t.done()]
            raise RuntimeError(f"phones failed to connect: {failed[0].exception() if failed else 'timeout'}")
    await asyncio.sleep(1.0)
    token = CSRF.search((await teacher.get(f"/classroom/s/{session_id}/host")).text)
    assert token is not None
    headers = {"X-CSRFToken": token.group(1), "Accept": "application/json"}
    cpu_before, started, requests_before = cpu(), time.perf_counter(), run.requests
    for position in range(questions):
        run.clicks[("question", position)] = time.perf_counter()
        opened = await teacher.post(
            f"/classroom/s/{session_id}/control",
            data={"action": "open", "position": str(position)},
            headers=headers,
        )
        assert opened.status_code == 200, opened.text[:300]
        await asyncio.sleep(open_seconds)
        run.clicks[("reveal", position)] = time.perf_counter()
        closed = await teacher.post(
            f"/classroom/s/{session_id}/control", data={"action": "close"}, headers=headers
        )
        assert closed.status_code == 200, closed.text[:300]
        await asyncio.sleep(reveal_seconds)
    run.seconds = time.perf_counter() - started
    run.server_cpu = cpu() - cpu_before
    run.requests -= requests_before
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            run.errors[f"{type(task.exception()).__name__}: {task.exception()}"[:100]] += 1
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    seen = sum(len(v) for (k, _b), v in run.delays.items() if k == "question")
    run.missed = phones * questions - seen
    return run


async def teacher_session(
    base: str, email: str, password: str, questions: int
) -> tuple[httpx.AsyncClient, int, str]:
    """The teacher logged in on ``base`` with a new teacher-paced session on the first bank: (client,
    session id, join code); close the client afterwards."""
    http = httpx.AsyncClient(base_url=base, timeout=30)
    token = CSRF.search((await http.get("/auth/login")).text)
    assert token is not None
    await http.post("/auth/login", data={"email": email, "password": password, "csrf_token": token.group(1)})
    index = (await http.get("/classroom/")).text
    source = re.search(r'value="(bank:\d+)"', index)
    token = CSRF.search(index)
    assert source is not None and token is not None, "no bank to start a session on"
    started = await http.post(
        "/classroom/start",
        data={
            "csrf_token": token.group(1),
            "source": source.group(1),
            "count": questions,
            "pace": "teacher",
            "timer_seconds": 0,
            "deadline_hours": 1,
            "show_leaderboard": "y",
            "speed_bonus": "y",
        },
    )
    assert started.status_code == 302, started.status_code
    found = re.search(r"/s/(\d+)/host", started.headers["location"])
    assert found is not None
    session_id = int(found.group(1))
    host = (await http.get(f"/classroom/s/{session_id}/host")).text
    code = re.search(r'class="join-code"[^>]*>(\d{3}) (\d{3})', host)
    assert code is not None
    return http, session_id, code.group(1) + code.group(2)


def report(run: Fanout, names: dict[str, str]) -> None:
    print(f"\n== {run.mode}: {run.phones} phones, the teacher on server B ==")
    for (kind, base), values in sorted(run.delays.items()):
        print(
            f"  {kind:8} on server {names[base]}: p50 {percentile(values, 0.5):7.0f} ms  "
            f"p99 {percentile(values, 0.99):7.0f} ms  max {max(values):7.0f} ms  ({len(values)} seen)"
        )
    rate = run.requests / run.seconds if run.seconds else 0.0
    for error, count in run.errors.most_common(5):
        print(f"  error x{count}: {error}")
    print(
        f"  phones' requests: {run.requests} in {run.seconds:.1f} s ({rate:.1f}/s); "
        f"servers' CPU: {run.server_cpu:.2f} s; questions missed: {run.missed}; "
        f"errors: {sum(run.errors.values())}; resent after a closed keep-alive: {run.resent}"
    )
