"""Issue 14, the smaller points: no caching of personal pages (8), ids out of range are 404s (9),
names normalised and look-alike nicknames refused (10)."""

from __future__ import annotations

import pytest

from tests.quizapp.classroom.test_classroom import code_of, join, start

PASSWORD = "correct horse"


def log_in(client, email: str):
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


# --- 8. Cache-Control -----------------------------------------------------------------------------


def test_pages_and_files_with_personal_data_are_not_stored_by_caches(app, client, make_user, make_bank):
    teacher = make_user("t@example.org", role="teacher")
    bank_id = make_bank(owner_id=teacher.id, visibility="private")
    anonymous = app.test_client()
    assert "no-store" not in anonymous.get("/").headers.get("Cache-Control", "")
    log_in(client, "t@example.org")
    sid = start(client, bank_id)
    for url in (
        f"/author/banks/{bank_id}",
        f"/classroom/s/{sid}/results.csv",
        "/study/reviews.csv",
        "/scores/",
        "/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    static = client.get("/static/css/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


# --- 9. ids out of range --------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["rate", "check"])
def test_a_card_id_too_large_for_the_database_is_a_404(app, client, make_user, make_bank, route):
    make_user()
    bank_id = make_bank()
    log_in(client, "student@example.org")
    assert client.get(f"/study/deck/bank:{bank_id}").status_code == 200
    data = {"card_id": "99999999999999999999", "rating": "3", "token": "t", "response": "x", "mode": ""}
    response = client.post(f"/study/deck/bank:{bank_id}/{route}", data=data)
    assert response.status_code == 404


def test_a_deck_id_too_large_for_the_database_is_a_404(client, make_user):
    make_user()
    log_in(client, "student@example.org")
    assert client.get("/study/deck/bank:999999999999").status_code == 404
    assert client.get("/study/progress", query_string={"deck": "set:999999999999"}).status_code == 404


# --- 10. names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Eve\u202eevil", "\u200b\u200b", "Bob\u200d"])
def test_display_names_with_bidi_controls_or_only_zero_width_characters_are_refused(client, name):
    response = client.post(
        "/auth/signup",
        data={"email": "n@example.org", "display_name": name, "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 422
    assert "control or invisible characters" in response.text


def test_display_names_are_nfkc_normalised(app, client):
    response = client.post(
        "/auth/signup",
        data={
            "email": "n@example.org",
            "display_name": "ｌｕｃｙ  Ｍ",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert "lucy M" in client.get("/").text


def test_look_alike_nicknames_cannot_both_join_a_session(app, make_user, make_bank):
    make_user("t@example.org", role="teacher")
    host = log_in(app.test_client(), "t@example.org")
    sid = start(host, make_bank())
    code = code_of(app, sid)
    join(app, code, "Anna")
    for look_alike in ("\u0410nna", "ANNA", "Ａｎｎａ"):  # Cyrillic А; capitals; fullwidth
        response = app.test_client().post("/classroom/join", data={"code": code, "nickname": look_alike})
        assert response.status_code == 422, look_alike
        assert "That nickname is taken" in response.text
    join(app, code, "Anne")  # a different name still joins
