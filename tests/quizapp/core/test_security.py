"""Web security: CSRF on every POST route, cookie flags, the proxy, headers and CSP, rate limits (in
memory and shared through Redis), password rules, a new session on every log-in, upload limits."""

from __future__ import annotations

import re
import socket
import uuid
from pathlib import Path

import pytest
from flask import Flask

from quizapp import create_app
from quizapp.core.security import CONTENT_SECURITY_POLICY, password_problem
from tests.conftest import ROOT, TEST_CONFIG, database_config

PASSWORD = "correct horse"


def csrf_token(client, url: str = "/auth/login") -> str:
    page = client.get(url).text
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def cookie_headers(response, name: str) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]


def post_rules(app: Flask) -> list[tuple[str, str]]:
    """(endpoint, url with every parameter filled) for every route that accepts POST."""
    out = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            url = rule.rule
            for arg in rule.arguments:
                url = re.sub(rf"<(?:[^:<>]+:)?{arg}>", "bank:1" if arg == "key" else "1", url)
            assert "<" not in url, url
            out.append((rule.endpoint, url))
    return sorted(out)


# --- CSRF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_every_post_route_refuses_a_request_without_its_csrf_token(app, app_config, make_user):
    make_user("admin@example.org", role="admin")
    client = app.test_client()
    token = csrf_token(client)
    assert (
        client.post(
            "/auth/login", data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": token}
        ).status_code
        == 302
    )
    routes = post_rules(app)
    assert len(routes) >= 40  # every area's forms and JSON endpoints
    for endpoint, url in routes:
        for headers in ({}, {"X-CSRFToken": "forged"}, {"Content-Type": "application/json"}):
            response = client.post(url, headers=headers, data="{}" if headers.get("Content-Type") else None)
            assert response.status_code == 400, (endpoint, headers, response.status_code)
            assert "expired or was tampered with" in response.text or response.is_json, endpoint
    # the JSON endpoints take the token in a header, as static/js does
    token = csrf_token(client, "/")
    response = client.post("/classroom/s/1/answer.json", headers={"X-CSRFToken": token})
    assert response.status_code == 404  # past CSRF: there is no session 1


# --- cookies and the proxy --------------------------------------------------------------------


def test_session_and_remember_cookies_are_httponly_and_samesite_lax(client, make_user):
    make_user()
    response = client.post(
        "/auth/login", data={"email": "student@example.org", "password": PASSWORD, "remember": "y"}
    )
    for name in ("session", "remember_token"):
        (header,) = cookie_headers(response, name)
        assert "HttpOnly" in header and "SameSite=Lax" in header, header
        assert "Secure" not in header  # plain HTTP in development: a Secure cookie would be dropped


@pytest.mark.parametrize("app_config", [{"SESSION_COOKIE_SECURE": True}])
def test_behind_https_both_cookies_are_secure(client, make_user, app_config):
    make_user()
    response = client.post(
        "/auth/login",
        data={"email": "student@example.org", "password": PASSWORD, "remember": "y"},
        base_url="https://quiz.example.org",
    )
    for name in ("session", "remember_token"):
        (header,) = cookie_headers(response, name)
        assert "Secure" in header and "HttpOnly" in header, header


def test_the_proxy_headers_are_trusted_only_when_configured(tmp_path, database):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    for proxy_fix, secure in ((0, False), (1, True)):
        app = create_app(
            {**TEST_CONFIG, **database_config(database, tmp_path), "PROXY_FIX": proxy_fix},
            instance_path=str(tmp_path / f"instance{proxy_fix}"),
        )
        response = app.test_client().get("/healthz", headers=forwarded)
        assert ("Strict-Transport-Security" in response.headers) is secure
        assert (type(app.wsgi_app).__name__ == "ProxyFix") is secure
        with app.app_context():
            from quizapp.core.extensions import db

            db.engine.dispose()


# --- headers ----------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client):
    for url in ("/", "/auth/login", "/no-such-page", "/static/css/app.css", "/healthz"):
        with client.get(url) as response:
            headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
    csp = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on* event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_has_inline_script_or_style_the_csp_would_block():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert len(templates) > 40
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            assert not pattern.search(text), f"{path.relative_to(ROOT)} has {what}"


# --- rate limits ------------------------------------------------------------------------------


def limited_app(tmp_path: Path, database, name: str, storage: str, prefix: str) -> Flask:
    app = create_app(
        {
            **TEST_CONFIG,
            **database_config(database, tmp_path),
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": storage,
            "RATELIMIT_KEY_PREFIX": prefix,
        },
        instance_path=str(tmp_path / name),
    )
    return app


def wrong_login(app: Flask, email: str = "who@example.org") -> int:
    response = app.test_client().post("/auth/login", data={"email": email, "password": "wrong password"})
    return response.status_code


def test_log_in_is_rate_limited_per_address_and_account(tmp_path, database):
    app = limited_app(tmp_path, database, "one", "memory://", "t")
    with app.app_context():
        from quizapp.core.extensions import db

        db.create_all()
    codes = [wrong_login(app) for _ in range(11)]
    assert codes[:10] == [422] * 10 and codes[10] == 429
    assert wrong_login(app, "someone-else@example.org") == 422  # another account is not locked out
    response = app.test_client().post("/auth/login", data={"email": "who@example.org", "password": "x"})
    assert "Too many tries" in response.text
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


LIMIT_PROBE = """
import json, sys
from quizapp import create_app
from tests.conftest import TEST_CONFIG
config = json.loads(sys.argv[1])
app = create_app({**TEST_CONFIG, **config}, instance_path=sys.argv[2])
client = app.test_client()
codes = [client.post("/auth/login", data={"email": sys.argv[3], "password": "wrong password"}).status_code
         for _ in range(int(sys.argv[4]))]
print(json.dumps(codes))
"""


def wrong_logins_in_a_new_process(
    tmp_path: Path, database, storage: str, email: str, times: int, prefix: str
) -> list[int]:
    """A server of its own: a fresh process, so nothing is shared with the others but the storage."""
    import json
    import subprocess
    import sys

    config = {
        **database_config(database, tmp_path),
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            LIMIT_PROBE,
            json.dumps(config),
            str(tmp_path / "instance"),
            email,
            str(times),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not redis_up(), reason="no Redis at 127.0.0.1:6379 (.ci/run starts one)")
def test_two_servers_share_the_log_in_limit_through_redis(app, tmp_path, database):
    """Two server processes with one Redis: wrong passwords spread over both use up the account's
    allowance on both, as an attacker switching servers behind a load balancer would find."""
    email = "target@example.org"
    prefix = f"quizapp-test-{uuid.uuid4().hex}"
    redis_uri = "redis://127.0.0.1:6379"
    codes = wrong_logins_in_a_new_process(tmp_path, database, redis_uri, email, 5, prefix)
    assert codes == [422] * 5
    codes = wrong_logins_in_a_new_process(tmp_path, database, redis_uri, email, 7, prefix)
    assert codes == [422] * 5 + [429] * 2
    # with memory:// each server counts alone: a third server would still let the attacker try
    assert wrong_logins_in_a_new_process(tmp_path, database, "memory://", email, 3, prefix) == [422] * 3
    import redis

    client = redis.Redis.from_url(redis_uri)
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)
    client.close()


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 8"),
        ("x" * 201, "at most 200"),
        ("password1", "most common"),
        ("Qwertyuiop", "most common"),
        ("aaaaaaaaaaaa", "most common"),
        ("ababababab", "most common"),
        ("sam@example.org", "your email or your name"),
        ("SAM@example.org", "your email or your name"),
        ("sam.jones", "your email or your name"),
        ("Sam Student", "your email or your name"),
        ("correct horse", None),
        ("a long passphrase about tea", None),
    ],
)
def test_password_rules(password, problem):
    found = password_problem(
        password, "sam@example.org" if "jones" not in password else "sam.jones@x.org", "Sam Student"
    )
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_sign_up_refuses_a_common_password_or_the_email(client, app):
    from quizapp.accounts.models import User
    from quizapp.core.extensions import db

    for password, message in (("password123", "most common"), ("pupil@example.org", "your email")):
        response = client.post(
            "/auth/signup",
            data={"email": "pupil@example.org", "password": password, "confirm": password},
        )
        assert response.status_code == 422 and message in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_staff_accounts_from_the_cli_follow_the_password_rules(runner, app, monkeypatch):
    from quizapp.cli import main

    monkeypatch.setattr("quizapp.cli.prepare", lambda app, quiet=False: None)
    monkeypatch.setattr("quizapp.cli._make_app", lambda instance: app)
    result = runner.invoke(main, ["create-teacher", "t@example.org", "--password", "12345678"])
    assert result.exit_code == 1 and "most common" in result.output


# --- the session on log-in --------------------------------------------------------------------


def test_logging_in_starts_a_new_session(client, make_user):
    """Session fixation: nothing planted in the session before the log-in survives it."""
    make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["csrf_token"] = "known-to-the-attacker"
    before = client.get_cookie("session").value
    response = client.post("/auth/login", data={"email": "student@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get_cookie("session").value != before
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") != "known-to-the-attacker"
        assert session["_user_id"].startswith(str(session["_user_id"]).split(":")[0] + ":")


def test_a_guests_old_cookies_do_not_open_the_account_it_became(app, client):
    """A guest who signs up keeps the same row (and scores): cookies copied before the sign-up, by
    someone else on a shared computer, must not log into the new account."""
    client.post("/auth/guest")
    stolen = app.test_client()
    for name in ("session", "remember_token"):
        stolen.set_cookie(name, client.get_cookie(name).value)
    assert "Guest" in stolen.get("/scores/").text  # the copy works while it is a guest
    response = client.post(
        "/auth/signup",
        data={
            "email": "kid@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "keep_guest_scores": "y",
        },
    )
    assert response.status_code == 302
    assert client.get("/scores/").status_code == 200  # the new account itself stays logged in
    page = stolen.get("/scores/")
    assert page.status_code == 302 and "/auth/login" in page.location
    # signing up does not remember the account on the device: the guest's old remember-me cookie,
    # still in the browser, opens nothing
    only_remember = app.test_client()
    only_remember.set_cookie("remember_token", client.get_cookie("remember_token").value)
    page = only_remember.get("/scores/")
    assert page.status_code == 302 and "/auth/login" in page.location


def test_logging_out_forgets_the_remember_me_cookie(client, make_user):
    make_user()
    client.post("/auth/login", data={"email": "student@example.org", "password": PASSWORD, "remember": "y"})
    response = client.post("/auth/logout")
    (header,) = cookie_headers(response, "remember_token")
    assert "Expires=Thu, 01 Jan 1970" in header or "Max-Age=0" in header
    assert client.get("/scores/").status_code == 302


# --- uploads ----------------------------------------------------------------------------------


def test_uploads_over_the_size_limit_are_refused_with_413(client, app, make_user):

    make_user("t@example.org", role="teacher")
    client.post("/auth/login", data={"email": "t@example.org", "password": PASSWORD})
    # the multipart body as bytes: the test client would spool a dict of this size to a temporary file
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        + b"a" * (app.config["MAX_CONTENT_LENGTH"] + 1)
        + b"\r\n--b--\r\n"
    )
    for url in ("/author/import", "/author/upload"):
        response = client.post(url, data=body, content_type="multipart/form-data; boundary=b")
        assert response.status_code == 413 and "too large" in response.text


def test_uploads_of_an_unknown_type_are_refused(client, app, make_user):
    import io

    make_user("t@example.org", role="teacher")
    client.post("/auth/login", data={"email": "t@example.org", "password": PASSWORD})
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(
        "/author/import", data={"file": (exe, "tool.exe")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
