"""Rate limits shared by the workers of one machine (issue 14, point 5).

The real ``quizapp serve`` with its default 2 gunicorn workers and no rate-limit setting: 15 wrong
log-ins for one account within a minute get 10 answers and then 429s, whichever worker takes each.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from tests.quizapp.test_cli import ROOT, cli_env, free_port, wait_for  # noqa: F401 - cli_env is a fixture


def test_the_login_limit_holds_across_two_served_workers(cli_env, tmp_path):  # noqa: F811
    seed = tmp_path / "seed.txt"  # a short seed article: the first start generates its bank quickly
    seed.write_text("Council opens library\n\nThe town council opened a new library on Monday.\n")
    port = free_port()
    env = {**os.environ, **cli_env, "PYTHONPATH": str(ROOT), "QUIZAPP_SEED_ARTICLE": str(seed)}
    env["QUIZAPP_PUSH"] = "0"  # two workers without Redis (with push and no Redis, serve runs one)
    env.pop("QUIZAPP_RATELIMIT_STORAGE_URI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--workers", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", proc)
        statuses = []
        for _ in range(15):
            # a fresh browser each time (as a script would be): a new connection, often another worker
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            page = opener.open(f"{base}/auth/login", timeout=30).read().decode()
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
                r'name="csrf_token"[^>]*value="([^"]+)"', page
            )
            body = urllib.parse.urlencode(
                {"email": "victim@example.org", "password": "wrong password", "csrf_token": token.group(1)}
            ).encode()
            try:
                response = opener.open(f"{base}/auth/login", data=body, timeout=30)
                statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
        print("statuses:", statuses)
        assert statuses == [422] * 10 + [429] * 5
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert output.count("Booting worker") >= 2  # two workers served these requests
