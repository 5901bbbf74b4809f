"""Start-up cost of a format export from the command line, now and as it was.

    python benchmarks/formats_export.py [--repeat 5] [--bank bank.json]

Times ``python -m questions export BANK gift`` in a fresh process (the seed article's bank by
default, generated once first), and the same export preceded by what every export used to import
(the generator with spaCy, fpdf2 and genanki): the "before" figure, measured in the same run on the
same machine. Prints the median of each and their ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "import questions.pipeline, fpdf, genanki"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bank", help="a quizbank/1 file (default: the seed article's bank)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bank = args.bank
        if bank is None:
            bank = str(Path(tmp) / "seed.json")
            seed = next((ROOT / "seed").glob("*.txt"))
            subprocess.run([sys.executable, "-m", "questions", "generate", str(seed), "-o", bank], check=True)
        out = str(Path(tmp) / "bank.gift.txt")
        export = ["-m", "questions", "export", bank, "gift", "-o", out]
        before_code = f"{BEFORE}; import runpy, sys; sys.argv = ['questions', *sys.argv[1:]]; " + (
            "runpy.run_module('questions', run_name='__main__')"
        )
        now, then = [], []
        for _ in range(args.repeat):  # interleaved, so a busy moment hits both alike
            now.append(timed([sys.executable, *export]))
            then.append(timed([sys.executable, "-c", before_code, *export[2:]]))
    a, b = statistics.median(then), statistics.median(now)
    print(f"GIFT export of {Path(bank).name}, median of {args.repeat} runs in a fresh process:")
    print(f"  before (generator, fpdf2 and genanki imported first): {a:.2f} s")
    print(f"  now (lazy imports):                                    {b:.2f} s")
    print(f"  ratio: {a / b:.1f}x faster")


if __name__ == "__main__":
    main()
