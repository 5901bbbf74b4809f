"""The pipeline: article -> parse -> people -> extractors -> builders -> validate, rank, drop.

``generate_bank`` is the one entry point. Each step is a small function; the extractors and
builders are registries, so a new kind of fact is one module and one line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

from questions.article import Article, parse_article
from questions.bank import ArticleInfo, Bank, Dropped, Question
from questions.build import Candidate, Context, build_all
from questions.build.text import contains_words, norm, overlaps
from questions.extract.dates import extract_dates
from questions.extract.demands import extract_demands
from questions.extract.facts import extract_numbers, extract_places, extract_roles
from questions.extract.memo import speaker_facts
from questions.extract.people import People, find_people
from questions.facts import Fact
from questions.lint import Lint, max_typed_words, mend_or_drop
from questions.nlp import ParsedArticle, parse
from questions.title import generated_title

GENERATOR_VERSION = "questions/2.0"

#: kind -> extractor(parsed article, people=...) -> facts
EXTRACTORS: dict[str, Callable[..., list[Fact]]] = {
    "date": extract_dates,
    "speaker": speaker_facts,
    "demand": extract_demands,
    "role": extract_roles,
    "place": extract_places,
    "number": extract_numbers,
}
MIN_SCORE = 0.3
TYPE_ORDER = {"multiple_choice": 0, "short_answer": 1, "cloze": 2, "true_false": 3, "list": 4}
#: the kinds the product promises come first in a bank; the others support them
PROMISED = ("date", "speaker", "demand")
#: at most this many role questions, or a quarter of the promised ones if more
ROLE_CAP = 6
#: a speaker question whose excerpts run to more sentences than this ("He said:" and quotation
#: after quotation before the one asked about) is asked once, its best-ranked version only
CHAIN_EXCERPTS = 3

Progress = Callable[[str, float], None]


def generate_bank(
    article: Article | str,
    *,
    kinds: Iterable[str] | None = None,
    progress: Progress | None = None,
    nlp: object | None = None,
) -> Bank:
    """Generate the question bank of an article (an :class:`Article` or plain text).

    ``progress(stage, fraction)`` is called as the work goes on. Raises
    :class:`questions.ArticleError` for unusable text; an article with nothing to ask gives an
    empty bank whose ``empty_reason`` says why.
    """
    report = progress or (lambda stage, fraction: None)
    if isinstance(article, str):
        article = parse_article(article)
    report("Reading the article", 0.05)
    pa = parse(article, nlp=nlp)  # type: ignore[arg-type]
    report("Finding people", 0.5)
    people = find_people(pa)
    wanted = list(kinds) if kinds is not None else list(EXTRACTORS)
    facts: list[Fact] = []
    for n, kind in enumerate(wanted):
        extractor = EXTRACTORS.get(kind)
        if extractor is None:
            raise ValueError(f"unknown kind of fact {kind!r}; known: {', '.join(EXTRACTORS)}")
        report(f"Finding {kind} facts", 0.55 + 0.3 * n / max(len(wanted), 1))
        facts.extend(extractor(pa, people=people))
    facts = limit_minor_facts(facts)
    report("Writing questions", 0.9)
    seed = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    ctx = Context(pa=pa, people=people, facts=facts, rng_seed=seed)
    candidates = build_all(ctx)
    kept, dropped = select(candidates, lint_context(pa, people))
    title = article.title or generated_title(pa)
    info = ArticleInfo(
        title=title,
        title_generated=article.title is None and title is not None,
        published=article.published.isoformat() if article.published else None,
        text=article.text,
        source_name=article.source_name,
    )
    reason = None
    if not kept:
        reason = (
            "No dates, quotations, demands or other facts worth asking were found in this text."
            if not facts
            else "Facts were found, but none made a question good enough to keep."
        )
    report("Done", 1.0)
    return Bank(
        article=info,
        questions=tuple(kept),
        generator=GENERATOR_VERSION,
        dropped=tuple(dropped),
        warnings=article.warnings,
        empty_reason=reason,
    )


def limit_minor_facts(facts: list[Fact]) -> list[Fact]:
    """Places and numbers are many in long articles; keep them from crowding out the rest."""
    core = sum(1 for f in facts if f.kind in ("date", "speaker", "demand"))
    cap = max(6, core // 2)
    out, seen = [], {"place": 0, "number": 0}
    for f in facts:
        if f.kind in seen:
            if seen[f.kind] >= cap:
                continue
            seen[f.kind] += 1
        out.append(f)
    return out


def problem(q: Question) -> str | None:
    """Why a question must not be shown, or None."""
    if not q.prompt.strip() or not q.answer.strip():
        return "empty prompt or answer"
    if not q.sources:
        return "no source excerpt"
    if q.type in ("multiple_choice", "true_false"):
        normed = [norm(c) for c in q.choices]
        if len(set(normed)) != len(normed):
            return "duplicate choices"
        if normed.count(norm(q.answer)) != 1:
            return "the answer is not exactly once among the choices"
        if q.type == "multiple_choice":
            if len(q.choices) < 3:
                return "too few distractors of the same type"
            if any(c != q.answer and overlaps(c, q.answer) for c in q.choices):
                return "a choice overlaps the answer"
    if q.type in ("multiple_choice", "short_answer", "cloze") and contains_words(q.answer, q.prompt):
        return "the prompt gives the answer away"
    if len(q.prompt) > 600:
        return "prompt too long"
    if q.type == "short_answer" and len(q.answer.split()) > max_typed_words(q.kind):
        return "answer too long to type"
    if q.score < MIN_SCORE:
        return f"low confidence ({q.score:.2f})"
    return None


def lint_context(pa: ParsedArticle, people: People) -> Lint:
    """What the flaw rules may know of the article: its text, its people, its sentences."""
    names = {v for p in people.persons.values() for v in people.variants(p.name)}
    return Lint(
        text=pa.text,
        people=frozenset(names),
        sentences=tuple((s.start, s.end) for s in pa.sentences),
    )


def select(candidates: Sequence[Candidate], lint: Lint | None = None) -> tuple[list[Question], list[Dropped]]:
    """Validate, mend or drop by the flaw rules, rank and de-duplicate; every drop keeps its reason."""
    kept: list[Question] = []
    dropped: list[Dropped] = []
    seen_prompts: set[tuple[str, str]] = set()
    seen_ids: set[str] = set()
    promised = sum(1 for c in candidates if c.question.kind in PROMISED and c.problem is None)
    role_cap = max(ROLE_CAP, promised // 4)
    roles = 0
    chained: set[int] = set()
    once: set[str] = set()
    for c in sorted(candidates, key=lambda c: (-c.question.score, c.question.id)):
        q = c.question
        why = c.problem or problem(q)
        if why is None:
            mended, flaw = mend_or_drop(q, lint)
            if mended is None and flaw is not None:
                why = f"{flaw.rule}: {flaw.reason}"
            elif mended is not None:
                q = mended
        key = (norm(q.prompt), q.type)
        if why is None and key in seen_prompts:
            why = "duplicate prompt"
        if why is None and q.id in seen_ids:
            why = "duplicate question"
        if why is None and q.kind == "speaker" and len(q.sources) > CHAIN_EXCERPTS:
            # keyed by the quotation's sentence: a blank in it is a fact of its own
            quote_at = q.sources[-1].start
            if quote_at in chained:
                why = "a quotation read through a chain of excerpts is asked once"
            chained.add(quote_at)
        if why is None and c.once:
            if q.fact_id in once:
                why = "this fact is asked once, by its best-ranked question"
            once.add(q.fact_id)
        if why is None and q.kind == "role" and roles >= role_cap:
            why = f"role questions capped at {role_cap}: the promised kinds come first"
        if why is not None:
            dropped.append(Dropped(q.prompt, q.kind, q.type, why))
            continue
        roles += q.kind == "role"
        seen_prompts.add(key)
        seen_ids.add(q.id)
        kept.append(q)
    kept.sort(key=lambda q: (q.kind not in PROMISED, q.sources[0].start, TYPE_ORDER.get(q.type, 9), q.id))
    return kept, dropped
