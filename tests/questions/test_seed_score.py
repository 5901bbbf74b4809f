"""The shared scorer, run as a script on the generated seed bank: the product's promise."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import questions as qs


def run_scorer(scorer_path: Path, gold_path: Path, bank_file: Path) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, str(scorer_path), "--gold", str(gold_path), str(bank_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, proc.stdout + proc.stderr


def summary(output: str) -> dict[str, tuple[int, int] | int]:
    """The scorer's last line: ``questions=N defects=N dates/required=H/T ...``."""
    last = output.strip().splitlines()[-1]
    out: dict[str, tuple[int, int] | int] = {}
    for key, value in re.findall(r"(\S+)=(\S+)", last):
        if "/" in value:
            hit, total = value.split("/")
            out[key] = (int(hit), int(total))
        else:
            out[key] = int(value)
    return out


def test_seed_bank_passes_the_scorer(
    seed_bank: qs.Bank, scorer_path: Path, gold_path: Path, tmp_path: Path
) -> None:
    bank_file = tmp_path / "seed.json"
    bank_file.write_text(json.dumps(qs.bank_to_dict(seed_bank), ensure_ascii=False), encoding="utf-8")

    code, output = run_scorer(scorer_path, gold_path, bank_file)
    got = summary(output)

    assert got["defects"] == 0, output
    assert isinstance(got["questions"], int) and got["questions"] > 0, output
    for category in ("dates", "speakers", "demands"):
        hit, total = got[f"{category}/required"]  # type: ignore[misc]
        assert total > 0 and hit == total, f"{category}: {hit}/{total} required items\n{output}"
    stretch = [v for k, v in got.items() if k.endswith("/stretch")]
    hit = sum(v[0] for v in stretch)  # type: ignore[index]
    total = sum(v[1] for v in stretch)  # type: ignore[index]
    assert total > 0 and hit * 2 >= total, f"stretch {hit}/{total}\n{output}"
    assert code == 0, output


def test_scorer_rejects_a_bank_missing_the_speakers(
    seed_bank: qs.Bank, scorer_path: Path, gold_path: Path, tmp_path: Path
) -> None:
    """Guards the test above: the scorer, run the same way, does fail a bank that misses things."""
    data = qs.bank_to_dict(seed_bank)
    data["questions"] = [q for q in data["questions"] if q["kind"] != "speaker"]
    bank_file = tmp_path / "no-speakers.json"
    bank_file.write_text(json.dumps(data), encoding="utf-8")

    code, output = run_scorer(scorer_path, gold_path, bank_file)

    assert code == 1
    assert summary(output)["speakers/required"][0] == 0  # type: ignore[index]
