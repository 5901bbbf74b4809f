"""The authorization matrix: every route of the app (from ``app.url_map``), requested by every role with
every method it accepts, gets the status declared for it in ONE table, ``EXPECTED`` below.

Roles: anonymous, guest (played without an account), student, another teacher, the owning teacher and an
admin. The URL parameters are real objects owned by the owning teacher (tests/quizapp/world.py): a
private bank, its question, an import job, a private question set and its item, a classroom session
with a player, the owner's quiz attempt and the bank's study deck. POSTs carry a valid CSRF token (of
the client's own session) so that authorization, not CSRF, is what answers; their body is empty, so a
view that lets the role in answers with its form's errors (422) or a redirect with a message (302).

A route missing from the table fails the test: a new route needs a decision about who may use it.

Reading the codes: 200 shown; 302 a redirect (to the log-in page for anonymous, ``L`` below, else back to
a page with a message); 403 refused; 404 not found or hidden (a private object is a 404 to whoever may
not see it, where the area chose not to confirm it exists); 405 the method is not allowed; 422 let in,
but the empty form was refused; 400 let in, but the empty request could not be read.
"""

from __future__ import annotations

import re

import pytest

from tests.quizapp.world import EMAILS, PASSWORD, ROLES, build_world

L = "login"  # a 302 to the log-in page


def row(anonymous, guest, student, other_teacher, owner, admin):
    return dict(zip(ROLES, (anonymous, guest, student, other_teacher, owner, admin), strict=True))


def same(code):
    return row(code, code, code, code, code, code)


#: (endpoint, method) -> the status for each role. ONE table: the whole app's access rules at a glance.
EXPECTED: dict[tuple[str, str], dict[str, object]] = {
    #                                          anonymous, guest, student, other teacher, owner, admin
    # auth
    ("auth.guest", "POST"): same(302),
    ("auth.login", "GET"): same(200),
    ("auth.login", "POST"): same(422),
    ("auth.logout", "POST"): same(302),
    ("auth.logout_everywhere", "POST"): same(302),  # after auth.guest: anonymous is a guest by then
    ("auth.password", "GET"): row(L, 302, 200, 200, 200, 200),
    ("auth.password", "POST"): row(L, 302, 422, 422, 422, 422),
    ("auth.logout_page", "GET"): row(302, 200, 200, 200, 200, 200),
    ("auth.time_zone", "POST"): row(401, 400, 400, 400, 400, 400),
    ("auth.set_role", "POST"): row(L, 403, 403, 403, 403, 302),
    ("auth.signup", "GET"): row(200, 200, 302, 302, 302, 302),
    ("auth.signup", "POST"): row(422, 422, 302, 302, 302, 302),
    ("auth.users", "GET"): row(L, 403, 403, 403, 403, 200),
    # authoring
    ("authoring.bank", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.bank_article", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.bank_bulk", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.bank_delete", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.bank_download", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.bank_info", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.bank_new", "POST"): row(L, 403, 403, 302, 302, 302),
    ("authoring.bank_regenerate", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.bank_regenerate", "POST"): row(L, 403, 403, 403, 422, 422),
    ("authoring.bank_settings", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.bank_new_link", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.import_article", "GET"): row(L, 403, 403, 200, 200, 200),
    ("authoring.import_article", "POST"): row(L, 403, 403, 422, 422, 422),
    ("authoring.index", "GET"): row(L, 403, 403, 200, 200, 200),
    ("authoring.job", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.job_info", "POST"): row(L, 403, 403, 403, 422, 422),
    ("authoring.job_retry", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.job_status", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.question_delete", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.question_edit", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.question_edit", "POST"): row(L, 403, 403, 403, 422, 422),
    ("authoring.question_new", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.question_new", "POST"): row(L, 403, 403, 403, 422, 422),
    ("authoring.question_status", "POST"): row(L, 403, 403, 403, 400, 400),
    ("authoring.set_add", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.set_add", "POST"): row(L, 403, 403, 403, 422, 422),
    ("authoring.set_delete", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.set_download", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.set_duplicate", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.set_edit", "GET"): row(L, 403, 403, 403, 200, 200),
    ("authoring.set_edit", "POST"): row(L, 403, 403, 403, 422, 422),
    ("authoring.set_move", "POST"): row(L, 403, 403, 403, 400, 400),
    ("authoring.set_new", "POST"): row(L, 403, 403, 422, 422, 422),
    ("authoring.set_new_link", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.set_remove", "POST"): row(L, 403, 403, 403, 302, 302),
    ("authoring.sets", "GET"): row(L, 403, 403, 200, 200, 200),
    ("authoring.upload", "GET"): row(L, 403, 403, 200, 200, 200),
    ("authoring.upload", "POST"): row(L, 403, 403, 422, 422, 422),
    # item statistics (teachers, their own banks)
    ("itemstats.bank_csv", "GET"): row(L, 403, 403, 403, 200, 200),
    ("itemstats.decide", "POST"): row(L, 403, 403, 403, 302, 302),
    ("itemstats.question", "GET"): row(L, 403, 403, 403, 200, 200),
    # classroom
    ("classroom.answer", "POST"): same(302),
    ("classroom.answer_json", "POST"): same(403),
    ("classroom.control", "POST"): row(L, 403, 403, 403, 302, 302),
    ("classroom.gradebook", "GET"): row(L, 403, 403, 403, 200, 200),
    ("classroom.host", "GET"): row(L, 403, 403, 403, 200, 200),
    ("classroom.host_state", "GET"): row(L, 403, 403, 403, 200, 200),
    ("classroom.index", "GET"): same(200),
    ("classroom.join", "GET"): same(200),
    ("classroom.join", "POST"): same(422),
    ("classroom.play", "GET"): same(302),
    ("classroom.player_state", "GET"): same(403),
    ("classroom_push.events", "GET"): same(204),  # only a player of the session gets a stream
    ("classroom.qr_code", "GET"): row(L, 403, 403, 403, 200, 200),
    ("classroom.remove_player", "POST"): row(L, 403, 403, 403, 302, 302),
    ("classroom.results", "GET"): row(L, 403, 403, 403, 200, 200),
    ("classroom.start", "POST"): row(L, 403, 403, 422, 422, 422),
    # healthz
    ("healthz", "GET"): same(200),
    # library
    ("library.article", "GET"): row(403, 403, 403, 403, 200, 200),
    ("library.bank", "GET"): row(403, 403, 403, 403, 302, 302),
    ("library.index", "GET"): same(200),
    ("library.shared", "GET"): same(404),  # the world's bank is private: its link does not open
    # quiz
    ("quiz.answer", "POST"): row(L, 403, 403, 403, 400, 403),
    ("quiz.attempt", "GET"): row(L, 403, 403, 403, 302, 403),
    ("quiz.feedback", "GET"): row(L, 403, 403, 403, 302, 403),
    ("quiz.finish", "POST"): row(L, 403, 403, 403, 302, 403),
    ("quiz.new", "GET"): same(200),
    ("quiz.new", "POST"): same(422),
    ("quiz.question", "GET"): row(L, 403, 403, 403, 200, 403),
    ("quiz.results", "GET"): row(L, 403, 403, 403, 302, 403),
    # scores
    ("scores.index", "GET"): row(L, 200, 200, 200, 200, 200),
    # sets
    ("sets.index", "GET"): same(200),
    ("sets.shared", "GET"): same(404),
    ("sets.show", "GET"): row(403, 403, 403, 403, 200, 200),
    ("sets.start", "POST"): row(403, 403, 403, 403, 302, 302),
    # static
    ("static", "GET"): same(200),
    # study
    ("study.check", "POST"): row(L, 302, 403, 403, 422, 422),
    ("study.deck", "GET"): row(L, 302, 403, 403, 200, 200),
    ("study.export_apkg", "GET"): row(L, 302, 403, 403, 200, 200),
    ("study.index", "GET"): row(L, 302, 200, 200, 200, 200),
    ("study.progress", "GET"): row(L, 302, 200, 200, 200, 200),
    ("study.rate", "POST"): row(L, 302, 403, 403, 400, 400),
    ("study.reviews_csv", "GET"): row(L, 302, 200, 200, 200, 200),
    ("study.settings", "GET"): row(L, 302, 200, 200, 200, 200),
    ("study.settings", "POST"): row(L, 302, 422, 422, 422, 422),
    ("study.undo", "POST"): row(L, 302, 403, 403, 400, 400),
}

#: the order destructive requests run in, last of all (so the others still find what they act on)
LAST = [
    "authoring.set_remove",
    "authoring.set_delete",
    "authoring.question_delete",
    "authoring.bank_delete",
    "classroom.remove_player",
    "quiz.finish",
    "auth.guest",  # an anonymous client becomes a guest: only logging out comes after
    "auth.logout_everywhere",
    "auth.logout",
]

#: query strings or bodies a request needs to reach its check
PER_REQUEST = {
    ("authoring.bank_download", "GET"): {"query_string": {"format": "json"}},
    ("authoring.set_download", "GET"): {"query_string": {"format": "json"}},
    ("static", "GET"): {},
}


def csrf_token(client) -> str:
    page = client.get("/auth/login").text
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def routes(app) -> list[tuple[str, str, object]]:
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, rule))
    return sorted(out, key=lambda r: (LAST.index(r[0]) if r[0] in LAST else -1, r[0], r[1]))


def outcome(response) -> object:
    if response.status_code == 302 and "/auth/login" in response.location:
        return L
    return response.status_code


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
@pytest.mark.parametrize("role", ROLES)
def test_every_route_with_every_role(app, app_config, sample_bank, role):
    world = build_world(app, sample_bank)
    client = app.test_client()
    token = csrf_token(client)
    if role == "guest":
        assert client.post("/auth/guest", data={"csrf_token": token}).status_code == 302
    elif role != "anonymous":
        response = client.post(
            "/auth/login", data={"email": EMAILS[role], "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302, role
    got = {}
    for endpoint, method, rule in routes(app):
        url = world.url(rule)
        extra = dict(PER_REQUEST.get((endpoint, method), {}))
        if method == "POST":
            # the client's current token: a log-in or a guest start renews the session, and its token
            extra["data"] = {"csrf_token": csrf_token(client)}
        response = client.open(url, method=method, **extra)
        got[(endpoint, method)] = outcome(response)
        response.close()
        assert response.status_code != 500, (role, method, url)
    missing = sorted(set(got) - set(EXPECTED))
    print("\n".join(f"{e} {m} {got[(e, m)]}" for e, m in missing))
    assert not missing, f"routes without an entry in EXPECTED: {missing}"
    wrong = {k: (EXPECTED[k][role], v) for k, v in got.items() if EXPECTED[k][role] != v}
    assert not wrong, f"{role}: (expected, got) {wrong}"


def test_a_phone_that_joined_plays_with_its_cookie_alone(app, sample_bank):
    """In the table nobody holds the session's player cookie, so the play routes send them to join; the
    cookie a phone got when it joined is what lets it play, poll and answer (no account needed)."""
    world = build_world(app, sample_bank)
    sid = world.ids["session_id"]
    phone = app.test_client()
    assert phone.get(f"/classroom/s/{sid}/play").status_code == 302
    phone.set_cookie(f"classroom_player_{sid}", world.player_token, path="/classroom/")
    assert phone.get(f"/classroom/s/{sid}/play").status_code == 200
    assert phone.get(f"/classroom/s/{sid}/state.json").status_code == 200
    assert phone.post(f"/classroom/s/{sid}/answer.json", data={"position": "0"}).status_code in (200, 409)
    # the cookie of one session opens no other: a forged one is refused
    forged = app.test_client()
    forged.set_cookie(f"classroom_player_{sid}", "x" * 32, path="/classroom/")
    assert forged.get(f"/classroom/s/{sid}/state.json").status_code == 403
