"""Bad input gives a clear error (ArticleError, or exit code 2 and one line from the CLI) or an
empty bank that says why: never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import questions as qs

REPO = Path(__file__).resolve().parents[2]
NO_FACTS = (
    "The weather was mild and the garden looked green.\n\n"
    "Birds sang in the trees near the old wall, and the path was dry underfoot."
)
OVER_2_MB = b"The council met again. " * (2 * 1024 * 1024 // 23 + 1)

BAD_FILES = [
    # (name, bytes, words the message must hold)
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\r\n   \n", "empty"),
    ("binary.txt", bytes(range(256)) * 40, "not text"),
    ("nulls.txt", b"The mayor said\x00\x00\x00\x00 hello" * 50, "not text"),
    ("undecodable.txt", b"\x81\x8d\x8f\x90\x9d" * 200, "encoding"),
    ("huge.txt", OVER_2_MB, "2 MB"),
    ("story.exe", b"The mayor opened the bridge.", ".exe"),
    ("broken.docx", b"PK\x03\x04 this is not a word document", ".docx"),
    ("punctuation.txt", b"!!! ??? ... --- ***", "no words"),
]


#: the CLI prints a second line for these (pypdf logs to stderr): see the generator's notes
LIBRARY_ONLY = [("broken.pdf", b"%PDF-1.4 this is not a real pdf", "PDF")]


@pytest.mark.parametrize(
    ("name", "data", "words"), BAD_FILES + LIBRARY_ONLY, ids=[b[0] for b in BAD_FILES + LIBRARY_ONLY]
)
def test_unreadable_uploads_raise_a_clear_article_error(name: str, data: bytes, words: str) -> None:
    with pytest.raises(qs.ArticleError) as info:
        qs.generate_bank(qs.read_article(data, filename=name))
    message = str(info.value)
    assert words.lower() in message.lower()
    assert "\n" not in message and "Traceback" not in message and len(message) < 200


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   \n\n\t  ", "empty"),
        ("\u200b\u3000 \n", "empty|no words"),
        ("?!", "no words"),
        (OVER_2_MB.decode(), "2 MB"),
    ],
    ids=["empty", "whitespace", "unicode-space", "no-words", "huge"],
)
def test_bad_text_raises_a_clear_article_error(text: str, words: str) -> None:
    with pytest.raises(qs.ArticleError, match=words):
        qs.generate_bank(text)


def test_a_text_with_nothing_to_ask_gives_an_empty_bank_with_the_reason() -> None:
    bank = qs.generate_bank(NO_FACTS)

    assert bank.questions == ()
    assert bank.empty_reason and "no dates" in bank.empty_reason.lower()
    assert qs.bank_to_dict(bank)["empty_reason"] == bank.empty_reason


def test_a_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(qs.ArticleError, match="Cannot read"):
        qs.read_article(tmp_path / "gone.txt")


def generate(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "questions", "generate", *args],
        cwd=REPO,
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_cli_exits_2_with_one_line(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    proc = generate(str(path))

    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("error: ") and words.lower() in line.lower()


def test_cli_missing_file(tmp_path: Path) -> None:
    proc = generate(str(tmp_path / "gone.txt"))

    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "gone.txt" in proc.stderr


def test_cli_empty_standard_input() -> None:
    proc = generate("-", stdin=b"")

    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: The file is empty."


def test_cli_on_a_text_with_nothing_to_ask_prints_an_empty_bank_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "garden.txt"
    path.write_text(NO_FACTS, encoding="utf-8")

    proc = generate(str(path))

    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert data["questions"] == [] and data["empty_reason"]
    assert any(line.startswith("note: ") for line in proc.stderr.splitlines())
