"""Worksheet PDF speed: the seed article's bank cut or repeated to 11, 80 and 100 questions.

    python benchmarks/worksheet_pdf.py [--runs 5] [--baseline-ref 088d23d]

Prints, for each size, the median time to make the PDF (with the answer key) with the current
``questions.formats.worksheet_pdf`` and with the module as it was at ``--baseline-ref`` (loaded from
git in the same run, on the same machine, so the ratio holds on a loaded machine too), and the
ratio. Before issue 16 the drawing used fpdf2's ``unbreakable()`` and ``multi_cell()``. Prints
figures; asserts nothing. The goal is at most 1 s for 100 questions.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import questions as qs  # noqa: E402
from questions.formats import worksheet_pdf  # noqa: E402

SEED = ROOT / "seed" / "000_4df508d8d7a01fc2.txt"


def sized(bank: qs.Bank, n: int) -> qs.Bank:
    """The bank with exactly ``n`` questions: cut, or its questions repeated (with new ids)."""
    pool = list(bank.questions)
    picked = [replace(pool[i % len(pool)], id=f"q{i}") for i in range(n)]
    return replace(bank, questions=tuple(picked))


def baseline_module(ref: str) -> Any:
    source = subprocess.run(
        ["git", "show", f"{ref}:questions/formats/worksheet_pdf.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "worksheet_pdf_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("worksheet_pdf_baseline", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    module.FONTS = worksheet_pdf.FONTS  # the fonts sit beside the real module
    return module


def median_time(export: Any, bank: qs.Bank, runs: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(export(bank))
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-ref", default="088d23d", help="git commit of the old module")
    parser.add_argument("--sizes", default="11,80,100")
    args = parser.parse_args()
    bank = qs.generate_bank(qs.read_article(SEED))
    old = baseline_module(args.baseline_ref)
    print(
        f"seed bank: {len(bank.questions)} questions; median of {args.runs} runs;"
        f" baseline {args.baseline_ref}"
    )
    print(
        f"{'questions':>9}  {'before (s)':>10}  {'after (s)':>9}  {'ratio':>6}  {'pages KB before/after':>22}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        b = sized(bank, n)
        before, before_size = median_time(old.export_worksheet_pdf, b, args.runs)
        after, after_size = median_time(worksheet_pdf.export_worksheet_pdf, b, args.runs)
        print(
            f"{n:>9}  {before:>10.2f}  {after:>9.2f}  {before / after:>5.1f}x"
            f"  {before_size // 1024:>10} / {after_size // 1024}"
        )


if __name__ == "__main__":
    main()
