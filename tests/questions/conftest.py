"""Fixtures for the generator's tests: the seed bank generated once per session, banks of the
test articles cached per session (spaCy loads once per process), and the shared folder.

The shared folder (gold facts, the scorer, the BBC articles) lives beside the repository:
``<clone>/../shared/``. Tests that need it are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

import questions as qs

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEED = REPO / "seed" / "000_4df508d8d7a01fc2.txt"
SHARED = REPO.parent / "shared"
ARTICLES = HERE / "articles"

#: question types whose prompt must not hold the answer
ASKING_TYPES = ("multiple_choice", "short_answer", "cloze")
BLOCKED_KINDS = ("heading", "title", "dateline", "credit")


def norm(text: str) -> str:
    """Case, quote style and blank space do not matter when comparing answers."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    return re.sub(r"\s+", " ", text).strip().strip(".,;").lower()


def gives_away(answer: str, prompt: str) -> bool:
    """The answer stands in the prompt as whole words (the scorer's rule)."""
    return re.search(r"(?<!\w)" + re.escape(norm(answer)) + r"(?!\w)", norm(prompt)) is not None


def problems(bank: qs.Bank, article: qs.Article | None = None) -> list[str]:
    """Everything a user would notice as broken in a bank, one line per fault."""
    text = bank.article.text
    out: list[str] = []
    blocked = [b for b in article.blocks if b.kind in BLOCKED_KINDS] if article else []
    for q in bank.questions:
        where = f"{q.id} ({q.kind}/{q.type}: {q.prompt[:60]!r})"
        if not q.id or q.kind not in qs.KINDS or q.type not in qs.TYPES:
            out.append(f"{where}: id, kind or type missing or unknown")
        if not q.prompt.strip() or not q.answer.strip():
            out.append(f"{where}: empty prompt or answer")
        if not q.sources:
            out.append(f"{where}: no source excerpt")
        for s in q.sources:
            if not (0 <= s.start < s.end <= len(text)) or text[s.start : s.end] != s.text:
                out.append(f"{where}: source {s.start}-{s.end} is not a slice of the article")
            if s.highlight and not (s.start <= s.highlight[0] <= s.highlight[1] <= s.end):
                out.append(f"{where}: highlight {s.highlight} lies outside its source")
            for b in blocked:
                if b.kind == "title" and q.kind == "demand" and (s.start, s.end) == (b.start, b.end):
                    continue  # a headline that states a named party's plan ("Acme to close two plants")
                if b.start < s.end and s.start < b.end:
                    out.append(f"{where}: source overlaps the {b.kind} {text[b.start : b.end]!r}")
            for a, b in article.masked if article else ():
                if a < s.end and s.start < b:
                    out.append(f"{where}: source overlaps {text[a:b]!r}, which is not a statement")
        if q.type == "multiple_choice":
            n = len(q.choices)
            if n not in (3, 4) or len({norm(c) for c in q.choices}) != n:
                out.append(f"{where}: not 3 or 4 distinct choices: {q.choices}")
            if q.choices.count(q.answer) != 1:
                out.append(f"{where}: the answer is not exactly once among {q.choices}")
        if q.type == "true_false" and (sorted(q.choices) != ["False", "True"] or q.answer not in q.choices):
            out.append(f"{where}: true/false choices {q.choices}, answer {q.answer!r}")
        if q.type in ASKING_TYPES and gives_away(q.answer, q.prompt):
            out.append(f"{where}: the prompt gives away the answer {q.answer!r}")
        if q.type == "list" and not q.items:
            out.append(f"{where}: a list question without items")
    return out


@pytest.fixture(scope="session")
def seed_article() -> qs.Article:
    return qs.read_article(SEED)


@pytest.fixture(scope="session")
def seed_bank(seed_article: qs.Article) -> qs.Bank:
    """The seed article's bank, generated once per session."""
    return qs.generate_bank(seed_article)


@cache
def _article_and_bank(path: Path) -> tuple[qs.Article, qs.Bank]:
    article = qs.read_article(path)
    return article, qs.generate_bank(article)


@pytest.fixture(scope="session")
def article_bank() -> Callable[[Path], tuple[qs.Article, qs.Bank]]:
    """``article_bank(path)`` reads and generates once per session per path."""
    return _article_and_bank


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared folder is not beside the repository (looked for {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def scorer_path(shared: Path) -> Path:
    path = shared / "tools" / "score_bank.py"
    if not path.is_file():
        pytest.skip(f"the scorer is missing: {path}")
    return path


@pytest.fixture(scope="session")
def gold_path(shared: Path) -> Path:
    path = shared / "gold" / "000_4df508d8d7a01fc2.json"
    if not path.is_file():
        pytest.skip(f"the seed's gold facts are missing: {path}")
    return path


@pytest.fixture(scope="session")
def scorer(scorer_path: Path) -> ModuleType:
    """The shared scorer as a module, for its structural ``defects`` check."""
    spec = importlib.util.spec_from_file_location("score_bank", scorer_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bank_problems() -> Callable[..., list[str]]:
    """``bank_problems(bank, article=None)``: what a user would notice as broken, one line each."""
    return problems
