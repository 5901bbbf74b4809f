"""Generation speed: words per second, against spaCy's own parse of the same text.

    python benchmarks/generate.py [--repeat 3] [--words 20000]

For the seed article and for a long text (~20,000 words, made by joining the real news
articles beside the repository, or the seed article repeated when they are absent), prints
the time to generate the bank, words per second, and the ratio of that time to one parse of
the same text by the full ``en_core_web_sm`` pipeline in the same run (the floor: the
generator needs that parse). The model is loaded once, before anything is timed. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from questions import generate_bank, parse_article  # noqa: E402
from questions.nlp import get_nlp  # noqa: E402


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def long_text(target: int) -> str:
    articles = sorted((ROOT.parent / "shared" / "articles").glob("*.txt"))
    parts = [p.read_text(encoding="utf-8") for p in articles] or [
        (ROOT / "seed").glob("*.txt").__next__().read_text()
    ]
    out: list[str] = []
    i = 0
    while words("\n\n".join(out)) < target:
        out.append(parts[i % len(parts)])
        i += 1
    return "\n\n".join(out)


def best_of(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--words", type=int, default=20000)
    args = ap.parse_args()

    t0 = time.perf_counter()
    nlp = get_nlp()
    print(
        f"model load (once per process): {time.perf_counter() - t0:.2f} s; pipes: {', '.join(nlp.pipe_names)}"
    )
    seed = next((ROOT / "seed").glob("*.txt")).read_text(encoding="utf-8")
    texts = {"seed article": seed, f"long text (~{args.words} words)": long_text(args.words)}
    print(f"{'text':28} {'words':>7} {'spaCy parse s':>14} {'generate s':>11} {'words/s':>9} {'ratio':>6}")
    for name, text in texts.items():
        article = parse_article(text)
        paragraphs = [article.text[b.start : b.end] for b in article.paragraphs()]
        # the floor: the full pipeline over the same text, as one document
        parse_best, _ = best_of(lambda t=article.text: nlp(t), args.repeat)
        gen_best, gen_median = best_of(lambda a=article: generate_bank(a), args.repeat)
        n = words(article.text)
        bank = generate_bank(article)
        print(
            f"{name:28} {n:7d} {parse_best:14.3f} {gen_best:11.3f} {n / gen_best:9.0f} "
            f"{gen_best / parse_best:6.2f}"
            f"   ({len(bank.questions)} questions, {len(paragraphs)} paragraphs, median {gen_median:.3f} s)"
        )
    print("ratio = generation time / full-pipeline spaCy parse of the same text (goal <= 1.5)")


if __name__ == "__main__":
    main()
