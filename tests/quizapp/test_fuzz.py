"""Random data to every POST route of the app (forms and JSON): never a 500, and a refused request
stores nothing (every table's rows are the same before and after a 4xx).

The routes come from ``app.url_map``; their URL parameters are real ids of objects owned by the
teacher who posts (tests/quizapp/world.py), so requests reach the views rather than a 404. The field
names are every WTForms field name of the app plus the hand-read ones, mixed with random names.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from quizapp import create_app
from tests.conftest import TEST_CONFIG
from tests.quizapp.world import build_world, log_in

#: read by views with request.form.get() rather than a WTForms form
HAND_READ = ["action", "position", "response", "skip", "direction", "questions", "rating", "card_id", "next"]


def post_endpoints() -> list[str]:
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path="/tmp/quizapp-fuzz"
    )
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods})


def field_names() -> list[str]:
    from flask_wtf import FlaskForm

    names = set(HAND_READ)
    todo = list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        names.update(n for n in dir(cls) if isinstance(getattr(cls, n, None), UnboundField))
    return sorted(names)


POST_ENDPOINTS = post_endpoints()


def test_every_post_route_is_fuzzed(app):
    """The parametrize list is the url_map's: a new POST route is fuzzed without anyone adding it."""
    assert POST_ENDPOINTS == sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods})
    assert len(POST_ENDPOINTS) >= 40


def snapshot(app) -> dict[str, list[tuple]]:
    from quizapp.core.extensions import db

    with app.app_context():
        out = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(select(table)).all()
            out[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
        db.session.remove()
        return out


#: values PostgreSQL refuses when they reach a column: numbers beyond 32 and 64 bits, NUL, text longer
#: than any limited column, dates that do not exist or that Python cannot hold
REFUSED_BY_THE_DATABASE = [
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    "9" * 40,
    "1e400",
    "a\x00b",
    "\x00",
    "x" * 5000,
    "2024-02-30",
    "0000-01-01",
    "10000-01-01",
    "-1-01-01",
]

texts = st.one_of(
    st.text(max_size=80),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "-1",
            "approve",
            "reject",
            "up",
            "down",
            "next",
            "open",
            "close",
            "end",
            "bank:1",
            "set:1",
            "teacher",
            "self",
            "admin",
            "on",
            "y",
            "json",
            "csv",
            "2024-13-45",
            *REFUSED_BY_THE_DATABASE,
        ]
    ),
)
forms = st.dictionaries(st.one_of(st.sampled_from(field_names()), st.text(max_size=12)), texts, max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture
def fuzz_world(app, sample_bank):
    world = build_world(app, sample_bank)
    client = app.test_client()
    log_in(client, "owner")
    client.set_cookie(f"classroom_player_{world.ids['session_id']}", world.player_token, path="/classroom/")
    return world, client


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    kind=st.sampled_from(["form", "json", "file"]), form=forms, body=json_values, data=st.binary(max_size=300)
)
def test_random_posts_never_give_a_500_and_refused_ones_store_nothing(
    app, fuzz_world, endpoint, kind, form, body, data
):
    world, client = fuzz_world
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods)
    url = world.url(rule)
    before = snapshot(app)
    if kind == "json":
        response = client.post(url, data=json.dumps(body), content_type="application/json")
    elif kind == "file":
        response = client.post(
            url,
            data={**form, "file": (io.BytesIO(data), "upload.txt")},
            content_type="multipart/form-data",
        )
    else:
        response = client.post(url, data=form)
    status = response.status_code
    response.close()
    assert status < 500, (endpoint, kind, form, body)
    if status >= 400:
        after = snapshot(app)
        changed = [t for t in before if before[t] != after[t]]
        assert not changed, (endpoint, status, kind, form, changed)


@pytest.mark.parametrize("number", [2**31, 2**63, 10**30])
def test_an_id_too_large_for_the_database_is_a_404_on_every_route(app, make_user, number):
    """``/author/jobs/9223372036854775808/status`` was a 500 (the database driver cannot bind the id)."""
    client = app.test_client()
    make_user("admin@example.org", role="admin")
    log_in_as_admin = app.test_client()
    log_in_as_admin.post("/auth/login", data={"email": "admin@example.org", "password": "correct horse"})
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [a for a in rule.arguments if type(rule._converters[a]).__name__ == "IdConverter"]
        if not ints:
            continue
        url = rule.rule
        for arg in rule.arguments:
            url = re.sub(rf"<(?:[^:<>]+:)?{arg}>", str(number) if arg in ints else "bank:1", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for who in (client, log_in_as_admin):
                assert who.open(url, method=method).status_code == 404, (method, url)
            checked += 1
    assert checked >= 40


def test_a_multipart_part_without_a_name_gives_no_500_anywhere(app, fuzz_world):
    """Hypothesis found it on the question editor: a part with no ``name`` reached WTForms as the key
    None (a 500 in FieldList). No browser sends one; the request class drops it."""
    world, client = fuzz_world
    body = (
        b"--b\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n"
        b'--b\r\nContent-Disposition: form-data; filename="x.txt"\r\n\r\nnameless file\r\n'
        b'--b\r\nContent-Disposition: form-data; name=""\r\n\r\nempty name\r\n--b--\r\n'
    )
    for endpoint in POST_ENDPOINTS:
        if endpoint in ("auth.logout", "auth.guest"):
            continue  # they would end the owner's session for the routes after them
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods)
        response = client.post(world.url(rule), data=body, content_type="multipart/form-data; boundary=b")
        assert response.status_code < 500, endpoint


#: a plausible value for each field a view reads, so that one hostile field at a time reaches as far as
#: it can (a form refused for another field would never show what the hostile one does)
GOOD = {
    "title": "Week 3",
    "difficulty": "mixed",
    "visibility": "private",
    "count": "3",
    "pace": "self",
    "timer_seconds": "0",
    "deadline_hours": "24",
    "nickname": "Ann",
    "email": "new@example.org",
    "password": "a long enough passphrase",
    "new_password": "a new long passphrase",
    "confirm": "a new long passphrase",
    "display_name": "Ann",
    "name": "Ann",
    "prompt": "Which town is it?",
    "answer": "Springfield",
    "explanation": "It says so.",
    "published": "2024-02-14",
    "kind": "who",
    "type": "short_answer",
    "text": "The mayor said on Monday that the school in Springfield will open in March.",
    "rating": "3",
    "position": "0",
    "response": "Springfield",
    "direction": "up",
    "action": "approve",
}


class _Reads:
    """Which form fields the views read (to fuzz those one at a time)."""

    keys: set[str] = set()


def _recording_storage():
    from werkzeug.datastructures import ImmutableMultiDict

    class Recording(ImmutableMultiDict):
        def __getitem__(self, key):
            _Reads.keys.add(key)
            return super().__getitem__(key)

        def get(self, key, *args, **kwargs):
            _Reads.keys.add(key)
            return super().get(key, *args, **kwargs)

        def getlist(self, key, *args, **kwargs):
            _Reads.keys.add(key)
            return super().getlist(key, *args, **kwargs)

        def __contains__(self, key):
            _Reads.keys.add(key)
            return super().__contains__(key)

    return Recording


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_values_the_database_refuses_are_caught_before_it_on_every_post_route(
    app, fuzz_world, endpoint, monkeypatch
):
    """Each field a POST route reads, one at a time (the others plausible), and every field at once as
    JSON, carrying each value the database would refuse: no 500, and no answer from the last-resort
    handler either (quizapp.core.errors, "Nothing was stored"), which means a form, the id converter or
    the request class caught it first. Run it with QUIZAPP_TEST_DATABASE_URL set: SQLite stores most of
    these values without a word."""
    from quizapp.core.errors import DATA_ERROR_MESSAGE
    from quizapp.core.wrappers import Request

    world, client = fuzz_world
    if endpoint in ("auth.logout", "auth.logout_everywhere"):
        pytest.skip("no field; it ends the owner's session")
    if endpoint in ("auth.signup", "auth.login", "auth.guest"):
        client = app.test_client()  # a visitor's forms
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods)
    url = world.url(rule)
    monkeypatch.setattr(Request, "parameter_storage_class", _recording_storage())
    _Reads.keys = set()
    client.post(url, data=dict(GOOD))
    # a route that reads no field but the CSRF token (a button) still gets every name at once as JSON
    read = sorted(k for k in _Reads.keys if isinstance(k, str) and k != "csrf_token")
    for value in REFUSED_BY_THE_DATABASE:
        sent = [(kind, {**GOOD, n: value}) for n in read for kind in ("form", "json")]
        sent += [("json", {n: value for n in field_names()})]
        for kind, body in sent:
            if kind == "json":
                response = client.post(url, data=json.dumps(body), content_type="application/json")
            else:
                response = client.post(url, data=body)
            field = next(k for k in body if body[k] == value) if len(body) < len(field_names()) else "all"
            where = (endpoint, kind, field, value[:20])
            assert response.status_code < 500, where
            assert DATA_ERROR_MESSAGE not in response.get_data(as_text=True), where
