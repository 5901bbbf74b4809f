"""The JSON endpoints' OpenAPI document (docs/openapi.yaml): every path in it exists in the app, every
JSON endpoint of the app is in it, and schemathesis finds no 500 and no response that contradicts it.

Schemathesis calls the app in-process (WSGI) with the cookies of the teacher who owns the objects and
of a player of the session, so the requests reach the views, not only the log-in redirect.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from tests.quizapp.world import build_world, log_in

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
#: endpoints answering JSON to the app's own scripts; the test fails when one is not documented
JSON_ENDPOINTS = {
    "healthz",
    "classroom.player_state",
    "classroom.host_state",
    "classroom.answer_json",
    "classroom.control",
    "authoring.job_status",
}


def openapi_path(rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>", r"{\1}", rule.rule)


def test_the_document_and_the_app_agree(app):
    documented = set(yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))["paths"])
    rules = {openapi_path(r): r.endpoint for r in app.url_map.iter_rules()}
    assert documented <= set(rules), documented - set(rules)
    assert {rules[p] for p in documented} == JSON_ENDPOINTS
    # a new endpoint answering JSON belongs in the document: look for jsonify in the views
    views = Path(__file__).resolve().parents[3] / "quizapp"
    for source in views.rglob("*.py"):
        if source.parent.name in ("services", "models"):
            continue
        for name in re.findall(
            r'@\w*bp\.(?:get|post|route)\("([^"]+\.json)"', source.read_text(encoding="utf-8")
        ):
            assert any(p.endswith(name.rsplit("/", 1)[-1]) for p in documented), name


def operation_labels() -> list[str]:
    schema = schemathesis.openapi.from_path(DOCUMENT)
    return [result.ok().label for result in schema.get_all_operations()]


@pytest.mark.parametrize("label", operation_labels())
def test_the_json_endpoints_conform_to_their_document(app, sample_bank, label):
    """Schemathesis' generated requests for one operation: no 500, status, content type and body as
    documented. (Its pytest plugin does not load under pytest 9, so Hypothesis draws its cases here.)"""
    world = build_world(app, sample_bank)
    teacher = app.test_client()
    log_in(teacher, "owner")
    # open the first question, so answers and polls meet a running session
    teacher.post(f"/classroom/s/{world.ids['session_id']}/control", data={"action": "open", "position": 0})
    cookies = {
        "session": teacher.get_cookie("session").value,
        f"classroom_player_{world.ids['session_id']}": world.player_token,
    }
    schema = schemathesis.openapi.from_path(DOCUMENT)
    schema.app = app
    operation = next(r.ok() for r in schema.get_all_operations() if r.ok().label == label)
    real_ids = {"session_id": world.ids["session_id"], "job_id": world.ids["job_id"]}

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), use_real_ids=st.booleans())
    def run(case, use_real_ids):
        if use_real_ids and case.path_parameters:
            case.path_parameters = {k: real_ids.get(k, v) for k, v in case.path_parameters.items()}
        # Left out: "valid data is accepted" (a schema cannot say "one of the open question's choices":
        # a 400 for a well-formed answer that is not one of them is right) and "invalid credentials are
        # refused" (the player cookie's name holds the session id, which OpenAPI cannot express; who may
        # call what is tested for every route by test_authorization_matrix.py)
        case.call_and_validate(cookies=cookies, excluded_checks=[positive_data_acceptance, ignored_auth])

    run()
