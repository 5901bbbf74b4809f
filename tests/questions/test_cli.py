"""``python -m questions generate``: the documented JSON, drop reasons on request, kinds, stdin."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import questions as qs

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seed" / "000_4df508d8d7a01fc2.txt"
SCHEMA = REPO / "docs" / "bank-format.schema.json"


def generate(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "questions", "generate", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seed_json() -> dict[str, Any]:
    proc = generate(str(SEED), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def test_json_output_validates_against_the_documented_schema(seed_json: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip("docs/bank-format.schema.json is not written yet")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)

    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(seed_json)]

    assert errors == []
    assert seed_json["format"] == "quizbank/1"
    assert seed_json["questions"]


def test_the_schema_rejects_a_broken_bank(seed_json: dict[str, Any]) -> None:
    """Guards the test above: the schema does say something."""
    if not SCHEMA.is_file():
        pytest.skip("docs/bank-format.schema.json is not written yet")
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    broken = json.loads(json.dumps(seed_json))
    del broken["questions"][0]["prompt"]
    broken["questions"][1]["sources"][0]["start"] = "ten"

    assert len(list(validator.iter_errors(broken))) >= 2


def test_json_output_is_the_library_bank_in_another_process(
    seed_json: dict[str, Any], seed_bank: qs.Bank
) -> None:
    """A new process (another hash seed) gives the same bank, ids and all."""
    assert seed_json == json.loads(json.dumps(qs.bank_to_dict(seed_bank)))
    bank, problems = qs.bank_from_dict(seed_json)
    assert problems == []
    # difficulty and score are rounded to 3 places in JSON; everything a user sees is kept
    assert [replace(q, difficulty=0, score=0) for q in bank.questions] == [
        replace(q, difficulty=0, score=0) for q in seed_bank.questions
    ]
    text = seed_json["article"]["text"]
    assert all(text[s["start"] : s["end"]] == s["text"] for q in seed_json["questions"] for s in q["sources"])


def test_show_dropped_lists_drop_reasons_on_stderr(seed_bank: qs.Bank) -> None:
    assert seed_bank.dropped, "the seed bank drops some candidates"

    proc = generate(str(SEED), "--show-dropped")

    assert proc.returncode == 0
    lines = [line for line in proc.stderr.decode().splitlines() if line.startswith("dropped")]
    assert len(lines) == len(seed_bank.dropped)
    for line, dropped in zip(lines, seed_bank.dropped, strict=True):
        assert re.match(r"dropped \[\w+/\w+\] .+: .+", line)
        assert f"[{dropped.kind}/{dropped.type}] {dropped.reason}" in line
    data = json.loads(proc.stdout)
    assert [d["reason"] for d in data["dropped"]] == [d.reason for d in seed_bank.dropped]


def test_without_show_dropped_stderr_is_quiet(seed_json: dict[str, Any]) -> None:
    proc = generate(str(SEED))

    assert proc.returncode == 0
    assert b"dropped" not in proc.stderr
    assert "dropped" not in seed_json


def test_kinds_limits_the_questions() -> None:
    proc = generate(str(SEED), "--kinds", "date,speaker")

    kinds = {q["kind"] for q in json.loads(proc.stdout)["questions"]}
    assert kinds == {"date", "speaker"}


def test_unknown_kind_is_a_one_line_error() -> None:
    proc = generate(str(SEED), "--kinds", "gossip")

    assert proc.returncode == 2
    assert proc.stdout == b""
    [line] = proc.stderr.decode().strip().splitlines()
    assert line.startswith("error: ") and "gossip" in line


def test_standard_input_and_output_file(tmp_path: Path, seed_json: dict[str, Any]) -> None:
    out = tmp_path / "bank.json"

    proc = generate("-", "-o", str(out), stdin=SEED.read_bytes())

    assert proc.returncode == 0 and proc.stdout == b""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [q["id"] for q in data["questions"]] == [q["id"] for q in seed_json["questions"]]
