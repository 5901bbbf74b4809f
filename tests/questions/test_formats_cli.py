"""``python -m questions export|import|formats`` as a teacher runs them: in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from questions.formats.native import export_json

from .test_formats import ARTICLE, QUESTIONS, make_bank

REPO = Path(__file__).resolve().parents[2]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "questions", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_formats_lists_each_extension_once() -> None:
    out = run("formats").stdout
    assert "gift           Moodle GIFT (.gift.txt), import too" in out
    assert "anki           Anki deck (.apkg)\n" in out
    assert "(." + "." not in out and "(.apkg) (.apkg)" not in out


def test_export_counts_what_it_wrote_and_names_what_it_skipped(tmp_path: Path) -> None:
    # list questions without choices: neither GIFT nor Moodle XML can ask to name several items
    no_choices = [replace(q, id=f"{q.id}-x", choices=()) for q in QUESTIONS if q.type == "list"]
    bank = make_bank((*QUESTIONS, *no_choices))
    path = tmp_path / "bank.json"
    path.write_text(export_json(bank), encoding="utf-8")
    for fmt, label in (("gift", "Moodle GIFT"), ("moodle-xml", "Moodle XML")):
        done = run("export", path, fmt, "-o", tmp_path / f"out.{fmt}")
        assert done.returncode == 0
        written = len(bank.questions) - len(no_choices)
        assert (
            f"wrote {written} questions as {label} to {tmp_path / f'out.{fmt}'}; "
            f"skipped {len(no_choices)} list question" in done.stderr
        )
        assert all(f"not written: {q.id}: " in done.stderr for q in no_choices)


def test_import_with_the_article_keeps_the_excerpts(tmp_path: Path) -> None:
    bank = make_bank()
    path = tmp_path / "bank.json"
    path.write_text(export_json(bank), encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert run("export", path, "gift", "-o", tmp_path / "q.gift.txt").returncode == 0
    with_article = run("import", tmp_path / "q.gift.txt", "--article", article)
    without = run("import", tmp_path / "q.gift.txt")
    assert with_article.returncode == 0, with_article.stderr
    read = json.loads(with_article.stdout)["questions"]
    assert [q["sources"] for q in read] == [
        json.loads(export_json(bank))["questions"][i]["sources"] for i in range(len(read))
    ]
    assert any(q["sources"] for q in read)
    assert all(not q["sources"] for q in json.loads(without.stdout)["questions"])


def test_text_formats_do_not_load_the_pdf_anki_or_language_libraries(tmp_path: Path) -> None:
    """Writing GIFT or CSV imports neither fpdf2 nor genanki nor spaCy (each costs seconds on a slow
    machine); the Anki and PDF exports still work, importing theirs when asked."""
    path = tmp_path / "bank.json"
    path.write_text(export_json(make_bank()), encoding="utf-8")
    script = (
        "import sys\n"
        "from questions.formats.cli import export_command\n"
        f"for fmt in ('gift', 'moodle-xml', 'csv', 'worksheet'):\n"
        f"    assert export_command({str(path)!r}, fmt, {str(tmp_path / 'x')!r}) == 0\n"
        "print(sorted(m for m in ('fpdf', 'genanki', 'spacy') if m in sys.modules))\n"
        f"assert export_command({str(path)!r}, 'anki', {str(tmp_path / 'd.apkg')!r}) == 0\n"
        f"assert export_command({str(path)!r}, 'worksheet-pdf', {str(tmp_path / 'w.pdf')!r}) == 0\n"
        "print(sorted(m for m in ('fpdf', 'genanki', 'spacy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "['fpdf', 'genanki']"]
