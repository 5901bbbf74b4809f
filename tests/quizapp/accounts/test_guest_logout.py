"""A guest who logs out is warned first and offered to sign up (issue 16, point 8); logging out is
still a POST with CSRF."""

from __future__ import annotations

from typing import Any


def test_a_guest_is_warned_before_logging_out(client: Any, auth: Any) -> None:
    auth.guest()
    home = client.get("/").text
    assert 'href="/auth/logout"' in home  # the header's "Log out" leads to the warning
    page = client.get("/auth/logout")
    assert page.status_code == 200
    assert "You are playing as a guest" in page.text and "they are lost" in page.text
    assert page.text.index("Sign up and keep my scores") < page.text.index("Log out and lose my scores")
    assert client.get("/scores/").status_code == 200  # still logged in: the page changed nothing
    assert auth.logout().status_code == 302
    assert client.get("/scores/").status_code in (302, 401)


def test_an_account_logs_out_from_the_header_at_once(client: Any, auth: Any, make_user: Any) -> None:
    make_user("student@example.org")
    auth.login()
    home = client.get("/").text
    assert 'action="/auth/logout"' in home and 'href="/auth/logout"' not in home
    assert "You are playing as a guest" not in client.get("/auth/logout").text


def test_logging_out_needs_a_post_with_csrf(app: Any, make_user: Any) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    client.post("/auth/guest")  # refused too: no token, but whatever happens the next POST is the test
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/auth/logout").status_code in (200, 302)
