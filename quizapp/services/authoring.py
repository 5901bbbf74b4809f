"""Authoring: importing articles in the background, reviewing and writing questions, question sets,
and the bank's interchange formats in the web app.

Views call these functions; they never touch the generator, the formats or the job table themselves.
Conversions between rows and :mod:`questions` dataclasses go through :mod:`quizapp.services.banks`.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import func, or_, select, update

import questions as qs
from questions.formats import FORMATS, Format, Skipped, get_format, guess_format
from quizapp.extensions import db
from quizapp.models.attempts import Answer
from quizapp.models.authoring import ImportJob, QuestionEdit, QuestionReview, QuestionSet, SetItem
from quizapp.models.banks import Article, Bank, Question, new_share_token
from quizapp.models.base import utcnow
from quizapp.services import reader
from quizapp.services.banks import (
    default_title,
    question_to_row,
    row_to_question,
    source_from_json,
    source_to_json,
    store_bank,
    text_hash,
)

log = logging.getLogger(__name__)

#: The blank of a cloze prompt as written on save: GIFT and Moodle XML write such a prompt in
#: their missing-word form (questions.formats._common.BLANK).
BLANK = "_____"
BLANK_RE = re.compile(r"(?<!_)_{3,}(?!_)")
#: A running job whose worker has not been heard from for this long is queued again (the worker
#: beats every AUTHORING_HEARTBEAT seconds, 30 by default, while a job runs).
STALE_AFTER = timedelta(minutes=2)
#: A job that stopped this many times (the worker died each time) is failed rather than retried.
MAX_TRIES = 3


class AuthoringError(ValueError):
    """A request that cannot be met, worded for the teacher."""


# --- who may do what ------------------------------------------------------------------------------


def can_edit_bank(user: Any, bank: Bank) -> bool:
    """Authoring a bank: its owner, or an admin. Other teachers never see a private bank here."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_teacher", False):
        return False
    return bool(user.is_admin) or (bank.owner_id is not None and bank.owner_id == user.id)


def can_use_bank(user: Any, bank: Bank) -> bool:
    """Taking questions from a bank into a set: one's own banks, and public ones."""
    return can_edit_bank(user, bank) or (getattr(user, "is_teacher", False) and bank.visibility == "public")


def can_edit_set(user: Any, qset: QuestionSet) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_teacher", False):
        return False
    return bool(user.is_admin) or (qset.owner_id is not None and qset.owner_id == user.id)


def can_take_set(user: Any, qset: QuestionSet, shared_ids: Iterable[int] = ()) -> bool:
    """Students may take a public set, or a class set whose link they opened; owners and admins any."""
    if qset.visibility == "public":
        return True
    if qset.visibility == "class" and qset.id in set(shared_ids):
        return True
    if getattr(user, "is_authenticated", False):
        return qset.owner_id == user.id or bool(getattr(user, "is_admin", False))
    return False


def authored_banks(user: Any) -> list[Bank]:
    """The banks a teacher authors (an admin: every bank)."""
    query = select(Bank).order_by(Bank.created_at.desc(), Bank.id.desc())
    if not user.is_admin:
        query = query.where(Bank.owner_id == user.id)
    return list(db.session.scalars(query))


def usable_banks(user: Any) -> list[Bank]:
    """Banks whose questions a teacher may gather into a set: their own, then public ones."""
    query = select(Bank).order_by(Bank.title, Bank.id)
    if not user.is_admin:
        query = query.where(or_(Bank.owner_id == user.id, Bank.visibility == "public"))
    return list(db.session.scalars(query))


def status_counts(bank_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    ids = list(bank_ids)
    out: dict[int, dict[str, int]] = {i: {"approved": 0, "pending": 0, "rejected": 0} for i in ids}
    if ids:
        rows = db.session.execute(
            select(Question.bank_id, Question.status, func.count())
            .where(Question.bank_id.in_(ids))
            .group_by(Question.bank_id, Question.status)
        )
        for bank_id, status, n in rows:
            out[bank_id][status] = n
    return out


# --- importing an article -------------------------------------------------------------------------


@dataclass(frozen=True)
class Detected:
    """What reading the article found, before the generator runs."""

    title: str
    published: date | None
    words: int
    warnings: tuple[str, ...]


def read_upload(data: bytes, filename: str) -> tuple[qs.Article, Detected]:
    """Read an uploaded or pasted article; raises :class:`questions.ArticleError` saying why not."""
    article = qs.read_article(data, filename=filename)
    info = qs.ArticleInfo(article.title, None, article.text)
    detected = Detected(
        title=default_title(info, filename),
        published=article.published,
        words=len(article.text.split()),
        warnings=tuple(article.warnings),
    )
    return article, detected


def create_import_job(
    owner_id: int,
    data: bytes,
    filename: str,
    *,
    title: str | None = None,
    published: date | None = None,
    visibility: str = "private",
) -> tuple[ImportJob, Detected]:
    """Check the article now (so a bad file is refused on the form), then queue its generation.

    The title and date the teacher typed win over the detected ones.
    """
    filename = Path(filename or "pasted.txt").name[:255] or "pasted.txt"
    _article, detected = read_upload(data, filename)
    job = ImportJob(
        owner_id=owner_id,
        kind="import",
        filename=filename,
        payload=data,
        title=(title or "").strip()[:300] or detected.title,
        published=published or detected.published,
        visibility=visibility,
        stage="Waiting for the generator",
    )
    db.session.add(job)
    db.session.commit()
    wake_worker()
    return job, detected


def create_regenerate_job(owner_id: int, bank: Bank, text: str | None = None) -> ImportJob:
    """Queue the generator over a bank's article again, with the article's text as edited (or as it is)."""
    text = bank.article.text if text is None else text
    if text != bank.article.text:
        qs.parse_article(text)  # raises ArticleError for an emptied article, on the form
    job = ImportJob(
        owner_id=owner_id,
        kind="regenerate",
        filename="article.txt",
        payload=text.encode("utf-8"),
        title=bank.title,
        published=bank.article.published,
        visibility=bank.visibility,
        bank_id=bank.id,
        stage="Waiting for the generator",
    )
    db.session.add(job)
    db.session.commit()
    wake_worker()
    return job


def claim(job_id: int) -> bool:
    """Take a queued job for this worker; False when another worker took it first."""
    now = utcnow()
    result = db.session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == "queued")
        .values(status="running", started_at=now, heartbeat_at=now, tries=ImportJob.tries + 1)
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def requeue_stale(now: Any = None) -> int:
    """Jobs whose worker stopped (a restart, a crash) go back in the queue, or fail after MAX_TRIES."""
    now = now or utcnow()
    stale = list(
        db.session.scalars(
            select(ImportJob).where(
                ImportJob.status == "running",
                or_(ImportJob.heartbeat_at.is_(None), ImportJob.heartbeat_at < now - STALE_AFTER),
            )
        )
    )
    for job in stale:
        if job.tries >= MAX_TRIES:
            job.status = "failed"
            job.error = "The generator stopped several times on this article; try again or shorten it."
            job.finished_at = now
        else:
            job.status = "queued"
            job.stage = "Waiting for the generator (restarted)"
            job.progress = 0.0
    if stale:
        db.session.commit()
    return len(stale)


def queued_job_ids() -> list[int]:
    return list(
        db.session.scalars(
            select(ImportJob.id)
            .where(ImportJob.status == "queued")
            .order_by(ImportJob.created_at, ImportJob.id)
        )
    )


def run_pending_jobs() -> int:
    """Run every queued job this worker can claim; returns how many ran."""
    ran = 0
    for job_id in queued_job_ids():
        if claim(job_id):
            run_job(job_id)
            ran += 1
    return ran


def _progress_writer(job: ImportJob) -> Callable[[str, float], None]:
    """A progress callback that saves the stage and fraction, at most a few times a second."""
    last_stage: list[str] = [""]
    last_fraction: list[float] = [-1.0]
    last_at: list[datetime] = [utcnow() - timedelta(seconds=10)]

    def progress(stage: str, fraction: float) -> None:
        now = utcnow()
        if (
            stage == last_stage[0]
            and fraction - last_fraction[0] < 0.05
            and now - last_at[0] < timedelta(seconds=2)
        ):
            return
        last_stage[0], last_fraction[0], last_at[0] = stage, fraction, now
        job.stage = str(stage)[:80]
        job.progress = max(0.0, min(1.0, float(fraction)))
        job.heartbeat_at = now
        db.session.commit()

    return progress


def run_job(job_id: int) -> ImportJob:
    """Generate the job's bank and save it with the job's outcome in one transaction.

    A failure leaves nothing half-made: the bank, its questions and the job's "done" are
    committed together, or not at all and the job says why it failed.
    """
    job = db.session.get(ImportJob, job_id)
    if job is None:
        raise AuthoringError("That import no longer exists.")
    my_try = job.tries
    progress = _progress_writer(job)
    beat = _Heartbeat(current_app._get_current_object(), job_id, my_try)  # type: ignore[attr-defined]
    beat.start()
    try:
        progress("Reading the article", 0.01)
        if job.kind == "import":
            article = qs.read_article(job.payload or b"", filename=job.filename)
            bank = qs.generate_bank(article, progress=progress)
            row = store_bank(
                bank,
                owner_id=job.owner_id,
                visibility=job.visibility,
                status="pending",
                filename=job.filename,
                title=job.title,
                commit=False,
            )
            if job.title:
                row.article.title = job.title
            if job.published:
                row.article.published = job.published
            for q in row.questions:
                db.session.add(QuestionReview(question_id=q.id, origin="generated"))
            job.bank_id = row.id
            job.summary = {"new": len(row.questions)}
        else:
            target = db.session.get(Bank, job.bank_id) if job.bank_id else None
            if target is None:
                raise AuthoringError("The bank to regenerate was deleted.")
            text = (job.payload or b"").decode("utf-8")
            article = qs.parse_article(
                text,
                title=target.article.title,
                published=target.article.published,
                source_name=target.article.source_name,
            )
            bank = qs.generate_bank(article, progress=progress)
            job.summary = merge_regenerated(target, bank, user_id=job.owner_id)
        db.session.flush()
        # finish only if this worker still holds the job: one whose heartbeat went stale may have been
        # re-queued and taken by another worker, and two banks must not come of one import
        held = db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.status == "running", ImportJob.tries == my_try)
            .values(status="done", stage="Done", progress=1.0, payload=None, finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if not held.rowcount:  # type: ignore[attr-defined]
            db.session.rollback()
            return db.session.get(ImportJob, job_id)  # type: ignore[return-value]
        db.session.commit()
        db.session.refresh(job)
    except (qs.ArticleError, AuthoringError) as exc:
        db.session.rollback()
        _fail(job_id, str(exc))
    except Exception as exc:  # the generator is large: any bug must fail the job, not the worker
        log.exception("import job %s failed", job_id)
        db.session.rollback()
        _fail(job_id, f"The generator stopped with an error ({type(exc).__name__}). Try again, or report it.")
    finally:
        beat.stop()
    return db.session.get(ImportJob, job_id)  # type: ignore[return-value]


class _Heartbeat:
    """Keeps a running job's heartbeat fresh while the generator works between two progress reports
    (parsing a long article is one step), so only a job whose process died looks stale."""

    def __init__(self, app: Flask, job_id: int, my_try: int) -> None:
        self.app, self.job_id, self.my_try = app, job_id, my_try
        self.every = float(app.config.get("AUTHORING_HEARTBEAT", 30.0))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"import-job-{job_id}-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=15)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            with self.app.app_context():
                try:
                    db.session.execute(
                        update(ImportJob)
                        .where(
                            ImportJob.id == self.job_id,
                            ImportJob.status == "running",
                            ImportJob.tries == self.my_try,
                        )
                        .values(heartbeat_at=utcnow())
                    )
                    db.session.commit()
                except Exception:  # a busy database: the next beat tries again
                    log.warning("heartbeat of import job %s failed", self.job_id, exc_info=True)
                    db.session.rollback()
                finally:
                    db.session.remove()


def _fail(job_id: int, message: str) -> None:
    job = db.session.get(ImportJob, job_id)
    if job is None:
        return
    job.status = "failed"
    job.error = message
    job.stage = "Failed"
    job.finished_at = utcnow()
    db.session.commit()


def retry_job(job: ImportJob) -> None:
    if job.status != "failed" or (job.kind == "import" and not job.payload):
        raise AuthoringError("Only a failed import can be tried again.")
    job.status, job.error, job.progress, job.tries = "queued", None, 0.0, 0
    job.stage = "Waiting for the generator"
    db.session.commit()
    wake_worker()


def jobs_of(user: Any, *, limit: int = 20) -> list[ImportJob]:
    query = select(ImportJob).order_by(ImportJob.created_at.desc(), ImportJob.id.desc()).limit(limit)
    if not user.is_admin:
        query = query.where(ImportJob.owner_id == user.id)
    return list(db.session.scalars(query))


def update_article_info(bank: Bank, *, title: str, published: date | None) -> None:
    bank.title = title.strip()[:300] or bank.title
    bank.article.title = bank.title
    bank.article.published = published
    db.session.commit()


def update_job_info(job: ImportJob, *, title: str, published: date | None) -> None:
    """Change the title and date of an import; once the bank exists, they are changed there too."""
    job.title = title.strip()[:300] or job.title
    job.published = published
    if job.bank is not None and job.kind == "import":
        update_article_info(job.bank, title=job.title or job.bank.title, published=published)
    db.session.commit()


# --- the background worker ------------------------------------------------------------------------


@dataclass
class _Worker:
    thread: threading.Thread
    wake: threading.Event
    stop: threading.Event
    pid: int


def worker_mode(app: Flask) -> str:
    """ "thread" (a worker thread per process), "inline" (run in the request), or "off".

    Tests run inline unless they ask for the thread; a served app uses the thread.
    """
    return str(app.config.get("AUTHORING_WORKER") or ("inline" if app.testing else "thread"))


def ensure_worker(app: Flask) -> None:
    """Start this process's worker thread, once (gunicorn forks: a thread started before the fork
    does not exist in the workers, so each process starts its own on its first request)."""
    if worker_mode(app) != "thread":
        return
    state: _Worker | None = app.extensions.get("authoring_worker")
    if state is not None and state.pid == os.getpid() and state.thread.is_alive():
        return
    lock = app.extensions.setdefault("authoring_worker_lock", threading.Lock())
    with lock:
        state = app.extensions.get("authoring_worker")
        if state is not None and state.pid == os.getpid() and state.thread.is_alive():
            return
        wake, stop = threading.Event(), threading.Event()
        thread = threading.Thread(
            target=_worker_loop, args=(app, wake, stop), name="authoring-worker", daemon=True
        )
        app.extensions["authoring_worker"] = _Worker(thread, wake, stop, os.getpid())
        thread.start()


def stop_worker(app: Flask, timeout: float = 10) -> None:
    state: _Worker | None = app.extensions.get("authoring_worker")
    if state is not None:
        state.stop.set()
        state.wake.set()
        state.thread.join(timeout)


def wake_worker() -> None:
    """Run the queue now: in this request (``AUTHORING_WORKER = "inline"``, for tests and the CLI)
    or by waking the worker thread."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    mode = worker_mode(app)
    if mode == "inline":
        run_pending_jobs()
        return
    if mode != "thread":
        return
    ensure_worker(app)
    state: _Worker | None = app.extensions.get("authoring_worker")
    if state is not None:
        state.wake.set()


def _worker_loop(app: Flask, wake: threading.Event, stop: threading.Event) -> None:
    interval = float(app.config.get("AUTHORING_WORKER_POLL", 5.0))
    while not stop.is_set():
        with app.app_context():
            try:
                requeue_stale()
                run_pending_jobs()
            except Exception:  # keep the worker alive; the next round tries again
                log.exception("authoring worker round failed")
                db.session.rollback()
            finally:
                db.session.remove()
        wake.wait(interval)
        wake.clear()


# --- regeneration ---------------------------------------------------------------------------------


def reanchor(src: dict[str, Any], old_text: str, new_text: str) -> dict[str, Any] | None:
    """The same excerpt in an edited article: where it now is, or None when its words are gone."""
    start, end, words = int(src["start"]), int(src["end"]), str(src["text"])
    if new_text[start:end] == words:
        return src
    spots = [m.start() for m in re.finditer(re.escape(words), new_text)] if words else []
    if not spots:
        return None
    at = min(spots, key=lambda s: abs(s - start))
    shift = at - start
    hl = src.get("highlight")
    return {
        "start": at,
        "end": at + len(words),
        "text": words,
        "highlight": [hl[0] + shift, hl[1] + shift] if hl else None,
    }


def _reanchor_row(row: Question, old_text: str, new_text: str) -> bool:
    """Move the row's excerpts into the edited article; False when one was lost."""
    lost = False
    sources = []
    for s in row.sources or []:
        moved = reanchor(s, old_text, new_text)
        lost |= moved is None
        if moved is not None:
            sources.append(moved)
    notes = []
    for n in row.choice_notes or []:
        src = n.get("source")
        moved = reanchor(src, old_text, new_text) if src else None
        notes.append({**n, "source": moved})
    row.sources, row.choice_notes = sources, notes
    return not lost


GENERATED_FIELDS = (
    "kind", "type", "prompt", "answer", "accepted", "choices", "value", "items", "sources",
    "choice_notes", "explanation", "fact_id", "difficulty", "score", "tags",
)  # fmt: skip


def snapshot(row: Question) -> dict[str, Any]:
    """The fields a teacher can change, for the edit history."""
    return {f: getattr(row, f) for f in GENERATED_FIELDS if f not in ("score", "fact_id")} | {
        "status": row.status
    }


def review_of(row: Question) -> QuestionReview:
    rev = db.session.get(QuestionReview, row.id)
    if rev is None:
        rev = QuestionReview(question_id=row.id, origin="generated")
        db.session.add(rev)
    return rev


def merge_regenerated(bank: Bank, fresh: qs.Bank, *, user_id: int | None) -> dict[str, int]:
    """Bring a regenerated bank into the stored one, keeping the teacher's edits and decisions.

    Questions are matched by the generator's stable ids. A question the teacher edited keeps the
    teacher's text (its excerpts follow the article if it was edited); an untouched one takes the
    generator's new version; its status stays whatever the teacher decided. New questions arrive
    pending and marked "new". Questions the generator no longer makes are kept and marked
    "stale" when the teacher decided on them (or students answered them), else removed.
    Hand-written and imported questions are always kept.
    """
    old_text, new_text = bank.article.text, fresh.article.text
    text_changed = old_text != new_text
    if text_changed:
        bank.article.text = new_text
        bank.article.text_hash = text_hash(new_text)
    by_uid = {q.uid: q for q in bank.questions}
    reviews = {
        r.question_id: r
        for r in db.session.scalars(
            select(QuestionReview).where(QuestionReview.question_id.in_([q.id for q in bank.questions]))
        )
    }
    for r in reviews.values():
        r.regen_state = None
    answered = set(
        db.session.scalars(
            select(Answer.question_id).where(Answer.question_id.in_([q.id for q in bank.questions]))
        )
    )
    in_sets = set(
        db.session.scalars(
            select(SetItem.question_id).where(SetItem.question_id.in_([q.id for q in bank.questions]))
        )
    )
    summary = {"new": 0, "updated": 0, "kept_edits": 0, "stale": 0, "removed": 0, "lost_excerpts": 0}
    fresh_uids: set[str] = set()
    order: list[Question] = []
    new_rows: list[Question] = []
    for q in fresh.questions:
        uid = q.id[:64]
        if not uid or uid in fresh_uids:
            continue
        fresh_uids.add(uid)
        row = by_uid.get(uid)
        if row is None:
            row = question_to_row(q, status="pending")
            bank.questions.append(row)
            new_rows.append(row)
            summary["new"] += 1
        else:
            rev = reviews.get(row.id)
            if rev is not None and rev.edited_at is not None:
                summary["kept_edits"] += 1
                if text_changed and not _reanchor_row(row, old_text, new_text):
                    summary["lost_excerpts"] += 1
            else:
                before = snapshot(row)
                fresh_row = question_to_row(q)
                for f in GENERATED_FIELDS:
                    setattr(row, f, getattr(fresh_row, f))
                if snapshot(row) != before:
                    summary["updated"] += 1
        order.append(row)
    for row in list(bank.questions):
        if row.uid in fresh_uids:
            continue
        rev = reviews.get(row.id)
        origin = rev.origin if rev is not None else "generated"
        decided = rev is not None and (rev.decided_at is not None or rev.edited_at is not None)
        if text_changed and not _reanchor_row(row, old_text, new_text):
            summary["lost_excerpts"] += 1
        if origin == "generated":
            if not decided and row.id not in answered and row.id not in in_sets and row.status == "pending":
                bank.questions.remove(row)
                summary["removed"] += 1
                continue
            if rev is None:
                rev = review_of(row)
            rev.regen_state = "stale"
            summary["stale"] += 1
        order.append(row)
    for i, row in enumerate(order):
        row.position = i
    bank.generator = fresh.generator[:40]
    bank.warnings = list(fresh.warnings)
    bank.empty_reason = fresh.empty_reason
    db.session.flush()
    for row in new_rows:
        db.session.add(QuestionReview(question_id=row.id, origin="generated", regen_state="new"))
        db.session.add(
            QuestionEdit(question_id=row.id, user_id=user_id, action="regenerate", after=snapshot(row))
        )
    return summary


# --- reviewing ------------------------------------------------------------------------------------

REVIEW_ACTIONS = {"approve": "approved", "reject": "rejected", "pending": "pending"}
REVIEW_STATUSES = ("pending", "approved", "rejected")


def last_regeneration(bank: Bank) -> ImportJob | None:
    """The bank's latest finished regeneration, to say what it changed."""
    return db.session.scalars(
        select(ImportJob)
        .where(ImportJob.bank_id == bank.id, ImportJob.kind == "regenerate", ImportJob.status == "done")
        .order_by(ImportJob.finished_at.desc(), ImportJob.id.desc())
    ).first()


def set_status(row: Question, action: str, user_id: int | None) -> None:
    status = REVIEW_ACTIONS[action]
    if row.status != status:
        db.session.add(
            QuestionEdit(
                question_id=row.id,
                user_id=user_id,
                action=action,
                before={"status": row.status},
                after={"status": status},
            )
        )
        row.status = status
    rev = review_of(row)
    rev.decided_at = utcnow() if status != "pending" else None
    rev.reviewer_id = user_id
    db.session.commit()


def bulk_status(
    bank: Bank,
    action: str,
    user_id: int | None,
    *,
    kind: str | None = None,
    only_status: str | None = "pending",
) -> int:
    """Approve or reject every question of a kind (every kind when None) that is still ``only_status``."""
    rows = [
        q
        for q in bank.questions
        if (kind is None or q.kind == kind) and (only_status is None or q.status == only_status)
    ]
    status = REVIEW_ACTIONS[action]
    now = utcnow()
    for row in rows:
        if row.status != status:
            db.session.add(
                QuestionEdit(
                    question_id=row.id,
                    user_id=user_id,
                    action=action,
                    before={"status": row.status},
                    after={"status": status},
                )
            )
            row.status = status
        rev = review_of(row)
        rev.decided_at = now if status != "pending" else None
        rev.reviewer_id = user_id
    db.session.commit()
    return len(rows)


@dataclass(frozen=True)
class ReviewItem:
    row: Question
    question: qs.Question
    review: QuestionReview | None
    #: the excerpt in its paragraph: text before, the excerpt's parts (answer highlighted), text after
    context: list[tuple[str, list[reader.ExcerptPart], str, str]]
    anchor: str | None


def _paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b == -1 else b


def review_items(
    bank: Bank, *, status: str | None = None, kind: str | None = None, only_new: bool = False
) -> list[ReviewItem]:
    """The questions to review, filtered; ``only_new``: those the last regeneration brought."""
    rows = [
        q
        for q in bank.questions
        if (status is None or q.status == status) and (kind is None or q.kind == kind)
    ]
    reviews = {
        r.question_id: r
        for r in db.session.scalars(
            select(QuestionReview).where(QuestionReview.question_id.in_([q.id for q in rows] or [0]))
        )
    }
    text = bank.article.text
    merged = reader.merged_spans(reader.question_spans(row_to_question(q) for q in bank.questions))
    items = []
    for row in rows:
        q = row_to_question(row)
        context = []
        for s in q.sources:
            a, b = _paragraph_around(text, s.start, s.end)
            context.append(
                (text[a : s.start], reader.excerpt_parts(s), text[s.end : b], reader.anchor_for(s, merged))
            )
        items.append(ReviewItem(row, q, reviews.get(row.id), context, context[0][3] if context else None))
    if only_new:
        items = [i for i in items if i.review is not None and i.review.regen_state == "new"]
    return items


def article_view(bank: Bank) -> list[reader.Block]:
    """The article with the excerpts of every question not rejected marked.

    The library's reader marks the approved ones only; the teacher needs to see the pending ones too.
    """
    rows = [row_to_question(q) for q in bank.questions if q.status != "rejected"]
    return reader.article_blocks(bank.article.text, rows)


def history(row: Question) -> list[QuestionEdit]:
    return list(
        db.session.scalars(
            select(QuestionEdit)
            .where(QuestionEdit.question_id == row.id)
            .order_by(QuestionEdit.at, QuestionEdit.id)
        )
    )


# --- writing and editing questions ----------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# A regular expression rather than spaCy: choosing a sentence from a list needs no more, and a form
# page must not wait seconds for the language model to load.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def article_sentences(text: str) -> list[Sentence]:
    """The sentences of the article's paragraphs, with their offsets, to tie a question to one."""
    if not text.strip():
        return []
    try:
        blocks = [(b.start, b.end) for b in qs.parse_article(text).paragraphs()]
    except qs.ArticleError:
        return []
    out = []
    for a, b in blocks:
        pos = a
        for m in _SENTENCE_END.finditer(text, a, b):
            if m.start() > pos:
                out.append(Sentence(pos, m.start(), text[pos : m.start()]))
            pos = m.end()
        if pos < b:
            out.append(Sentence(pos, b, text[pos:b]))
    return [s for s in out if s.text.strip()]


def source_for(text: str, start: int, end: int, answer: str) -> qs.Source:
    """The excerpt ``text[start:end]``, its answer highlighted where the sentence has it."""
    words = text[start:end]
    highlight = None
    if answer.strip():
        at = words.lower().find(answer.strip().lower())
        if at >= 0:
            highlight = (start + at, start + at + len(answer.strip()))
    return qs.Source(start, end, words, highlight)


def new_uid() -> str:
    return "hand-" + secrets.token_hex(6)


def _row_fields(q: qs.Question) -> dict[str, Any]:
    fresh = question_to_row(q)
    return {f: getattr(fresh, f) for f in GENERATED_FIELDS}


def create_question(bank: Bank, q: qs.Question, user_id: int | None, *, status: str = "approved") -> Question:
    """Save a hand-written question at the end of the bank."""
    q = replace(q, id=q.id or new_uid())
    row = question_to_row(q, position=len(bank.questions), status=status)
    bank.questions.append(row)
    db.session.flush()
    db.session.add(
        QuestionReview(
            question_id=row.id,
            origin="manual",
            edited_at=utcnow(),
            decided_at=utcnow() if status != "pending" else None,
            reviewer_id=user_id,
        )
    )
    db.session.add(QuestionEdit(question_id=row.id, user_id=user_id, action="create", after=snapshot(row)))
    db.session.commit()
    return row


def update_question(row: Question, q: qs.Question, user_id: int | None, *, approve: bool = False) -> None:
    """Save the teacher's version of a question: later regenerations keep it."""
    before = snapshot(row)
    fields = _row_fields(q)
    for f in ("fact_id", "score"):
        fields.pop(f)
    for name, value in fields.items():
        setattr(row, name, value)
    rev = review_of(row)
    if approve and row.status != "approved":
        row.status = "approved"
        rev.decided_at = utcnow()
    after = snapshot(row)
    if after != before:
        rev.edited_at = utcnow()
        rev.reviewer_id = user_id
        db.session.add(
            QuestionEdit(question_id=row.id, user_id=user_id, action="edit", before=before, after=after)
        )
    db.session.commit()


def delete_question(row: Question) -> None:
    """Remove a hand-written or imported question; generated ones are rejected instead, so a
    regeneration does not bring them back."""
    rev = db.session.get(QuestionReview, row.id)
    if rev is None or rev.origin == "generated":
        raise AuthoringError(
            "Generated questions are rejected, not deleted, so that regenerating keeps them out."
        )
    if db.session.scalars(select(Answer.id).where(Answer.question_id == row.id).limit(1)).first() is not None:
        raise AuthoringError("Students have answered this question; reject it instead of deleting it.")
    bank = row.bank
    bank.questions.remove(row)
    db.session.commit()


def create_empty_bank(owner_id: int, title: str, *, text: str = "", visibility: str = "private") -> Bank:
    """A bank with no generated questions: for questions written by hand or imported from a file."""
    article = Article(title=title[:300], text=text, text_hash=text_hash(text), owner_id=owner_id)
    bank = Bank(
        article=article,
        title=title[:300] or "Untitled",
        generator="",
        owner_id=owner_id,
        visibility=visibility,
    )
    db.session.add(bank)
    db.session.flush()
    return bank


def update_bank_settings(bank: Bank, *, visibility: str) -> None:
    bank.visibility = visibility
    db.session.commit()


def new_bank_link(bank: Bank) -> None:
    """A new share token for the bank: the old link stops working."""
    bank.share_token = new_share_token()
    db.session.commit()


def delete_bank(bank: Bank) -> None:
    """Delete a bank and its questions, unless students took quizzes on it (their scores would go too)."""
    from quizapp.models.attempts import Attempt

    taken = db.session.scalars(select(Attempt.id).where(Attempt.bank_id == bank.id).limit(1)).first()
    answered = db.session.scalars(
        select(Answer.id)
        .join(Question, Answer.question_id == Question.id)
        .where(Question.bank_id == bank.id)
        .limit(1)
    ).first()
    if taken is not None or answered is not None:
        raise AuthoringError(
            "Students have answered questions of this bank, and deleting it would delete their scores. "
            "Make it private instead."
        )
    db.session.delete(bank)
    db.session.commit()


# --- question sets --------------------------------------------------------------------------------


def parse_tags(raw: str) -> list[str]:
    tags: list[str] = []
    for t in re.split(r"[,;\n]", raw or ""):
        t = " ".join(t.split())[:40]
        if t and t.lower() not in (x.lower() for x in tags):
            tags.append(t)
    return tags[:20]


def create_set(
    owner_id: int,
    *,
    title: str,
    description: str = "",
    tags: Sequence[str] = (),
    difficulty: str = "mixed",
    visibility: str = "private",
) -> QuestionSet:
    qset = QuestionSet(
        owner_id=owner_id,
        title=title.strip()[:200] or "Untitled set",
        description=description,
        tags=list(tags),
        difficulty=difficulty,
        visibility=visibility,
    )
    db.session.add(qset)
    db.session.commit()
    return qset


def update_set(
    qset: QuestionSet, *, title: str, description: str, tags: Sequence[str], difficulty: str, visibility: str
) -> None:
    qset.title = title.strip()[:200] or qset.title
    qset.description = description
    qset.tags = list(tags)
    qset.difficulty = difficulty
    qset.visibility = visibility
    db.session.commit()


def sets_of(user: Any) -> list[QuestionSet]:
    query = select(QuestionSet).order_by(QuestionSet.updated_at.desc(), QuestionSet.id.desc())
    if not user.is_admin:
        query = query.where(QuestionSet.owner_id == user.id)
    return list(db.session.scalars(query))


def add_to_set(qset: QuestionSet, question_ids: Iterable[int], user: Any) -> int:
    """Append questions (of banks the teacher may use) not already in the set; returns how many."""
    have = {item.question_id for item in qset.items}
    added = 0
    position = max((i.position for i in qset.items), default=-1) + 1
    for qid in question_ids:
        row = db.session.get(Question, qid)
        if row is None or qid in have or not can_use_bank(user, row.bank):
            continue
        qset.items.append(SetItem(question_id=qid, position=position))
        have.add(qid)
        position += 1
        added += 1
    qset.updated_at = utcnow()
    db.session.commit()
    return added


def remove_from_set(qset: QuestionSet, item_id: int) -> None:
    item = next((i for i in qset.items if i.id == item_id), None)
    if item is None:
        raise AuthoringError("That question is not in this set.")
    qset.items.remove(item)
    _renumber(qset)
    db.session.commit()


def move_in_set(qset: QuestionSet, item_id: int, step: int) -> None:
    items = sorted(qset.items, key=lambda i: i.position)
    at = next((n for n, i in enumerate(items) if i.id == item_id), None)
    if at is None:
        raise AuthoringError("That question is not in this set.")
    to = max(0, min(len(items) - 1, at + step))
    items.insert(to, items.pop(at))
    for n, item in enumerate(items):
        item.position = n
    db.session.commit()


def _renumber(qset: QuestionSet) -> None:
    for n, item in enumerate(sorted(qset.items, key=lambda i: i.position)):
        item.position = n


def duplicate_set(qset: QuestionSet, owner_id: int) -> QuestionSet:
    copy = QuestionSet(
        owner_id=owner_id,
        title=f"Copy of {qset.title}"[:200],
        description=qset.description,
        tags=list(qset.tags or []),
        difficulty=qset.difficulty,
        visibility="private",
        copied_from_id=qset.id,
        items=[SetItem(question_id=i.question_id, position=i.position) for i in qset.items],
    )
    db.session.add(copy)
    db.session.commit()
    return copy


def new_set_link(qset: QuestionSet) -> None:
    """A new share token: the old link stops working."""
    qset.share_token = new_share_token()
    db.session.commit()


def delete_set(qset: QuestionSet) -> None:
    db.session.delete(qset)
    db.session.commit()


def set_by_token(token: str) -> QuestionSet | None:
    return db.session.scalars(select(QuestionSet).where(QuestionSet.share_token == token[:64])).first()


def listed_sets(user: Any, shared_ids: Iterable[int] = ()) -> list[QuestionSet]:
    """The sets a visitor can take: public ones, class sets whose link they opened, their own."""
    clauses = [QuestionSet.visibility == "public"]
    ids = [i for i in shared_ids if isinstance(i, int)]
    if ids:
        clauses.append(QuestionSet.id.in_(ids) & (QuestionSet.visibility == "class"))
    if getattr(user, "is_authenticated", False) and user.id is not None:
        clauses.append(QuestionSet.owner_id == user.id)
    return list(db.session.scalars(select(QuestionSet).where(or_(*clauses)).order_by(QuestionSet.title)))


def set_rows(qset: QuestionSet, *, statuses: Iterable[str] = ("approved",)) -> list[Question]:
    wanted = set(statuses)
    return [i.question for i in sorted(qset.items, key=lambda i: i.position) if i.question.status in wanted]


def set_bank_ids(qset: QuestionSet) -> list[int]:
    return list(dict.fromkeys(i.question.bank_id for i in qset.items))


# --- formats --------------------------------------------------------------------------------------

#: What a download holds: only what students see, or everything not rejected.
EXPORT_SCOPES = {"approved": ("approved",), "all": ("approved", "pending")}


@dataclass(frozen=True)
class Download:
    data: bytes
    media_type: str
    filename: str


def _slug(title: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60]
    return slug or "questions"


def bank_for_export(bank: Bank, scope: str = "approved") -> qs.Bank:
    from quizapp.services.banks import row_to_bank

    out = row_to_bank(bank, statuses=EXPORT_SCOPES.get(scope, ("approved",)))
    return replace(out, article=replace(out.article, title=out.article.title or bank.title))


def set_for_export(qset: QuestionSet, scope: str = "approved") -> qs.Bank:
    """A set as one bank. Its questions may come from several articles: their texts are joined
    (each after a blank line) and every excerpt moved by its article's offset, so each excerpt stays
    an exact slice of the bank's article text."""
    rows = set_rows(qset, statuses=EXPORT_SCOPES.get(scope, ("approved",)))
    offsets: dict[int, int] = {}
    parts: list[str] = []
    length = 0
    for row in rows:
        if row.bank_id not in offsets:
            if parts:
                parts.append("\n\n")
                length += 2
            offsets[row.bank_id] = length
            parts.append(row.bank.article.text)
            length += len(row.bank.article.text)
    text = "".join(parts)

    def moved(s: qs.Source, by: int) -> qs.Source:
        hl = (s.highlight[0] + by, s.highlight[1] + by) if s.highlight else None
        return qs.Source(s.start + by, s.end + by, s.text, hl)

    questions = []
    for row in rows:
        q = row_to_question(row)
        by = offsets[row.bank_id]
        questions.append(
            replace(
                q,
                sources=tuple(moved(s, by) for s in q.sources),
                choice_notes=tuple(
                    replace(n, source=moved(n.source, by) if n.source else None) for n in q.choice_notes
                ),
                tags=tuple(dict.fromkeys([*q.tags, *(qset.tags or [])])),
            )
        )
    published = rows[0].bank.article.published if len(offsets) == 1 and rows else None
    info = qs.ArticleInfo(title=qset.title, published=published.isoformat() if published else None, text=text)
    return qs.Bank(article=info, questions=tuple(_unique_ids(questions)), generator="quizapp set")


def _unique_ids(questions: Sequence[qs.Question]) -> list[qs.Question]:
    seen: set[str] = set()
    out = []
    for q in questions:
        qid, n = q.id, 2
        while qid in seen:
            qid = f"{q.id}-{n}"
            n += 1
        seen.add(qid)
        out.append(q if qid == q.id else replace(q, id=qid))
    return out


#: the formats that can leave the answer key out
WORKSHEETS = ("worksheet", "worksheet-pdf")


def export(bank: qs.Bank, fmt_name: str, *, key: str, title: str, answer_key: bool = True) -> Download:
    """The bank in one of :data:`questions.formats.FORMATS`, as a file to download."""
    fmt: Format = get_format(fmt_name)
    opts: dict[str, Any] = {}
    if fmt.name == "anki":
        opts = {"bank_key": key, "deck_name": title}
    elif fmt.name in WORKSHEETS:
        opts = {"title": title, "answer_key": answer_key}
    data = fmt.export_bytes(bank, **opts)
    suffix = "" if answer_key or fmt.name not in WORKSHEETS else "-questions"
    return Download(data, fmt.media_type, f"{_slug(title)}{suffix}{fmt.extension}")


def export_formats() -> list[Format]:
    return list(FORMATS.values())


def import_formats() -> list[Format]:
    return [f for f in FORMATS.values() if f.can_import]


@dataclass
class UploadReport:
    bank: Bank
    format_label: str
    imported: list[Question] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_bank: bool = False


def _fits(q: qs.Question) -> str | None:
    """Why a read question cannot be stored as it is, or None."""
    if q.type not in qs.TYPES:
        return f"question type {q.type!r} is not one quizapp asks"
    if len(q.kind) > 16:
        return "its kind is longer than 16 characters"
    if q.type in ("multiple_choice", "true_false") and list(q.choices).count(q.answer) != 1:
        return "the right answer is not exactly once among the choices"
    if not q.prompt.strip() or not q.answer.strip():
        return "the question or its answer is empty"
    return None


def import_questions(
    data: bytes,
    filename: str,
    *,
    owner_id: int,
    user_id: int | None,
    fmt_name: str | None = None,
    bank: Bank | None = None,
    status: str = "pending",
) -> UploadReport:
    """Read a question file into a bank (a new one when ``bank`` is None), in one transaction.

    Every question that can be read is imported; the rest are listed with the reason. A
    quizbank JSON file carries its article: a new bank gets it; for an existing bank, excerpts are
    looked up in that bank's article.
    """
    fmt = get_format(fmt_name) if fmt_name else guess_format(filename or "")
    if fmt is None or not fmt.can_import:
        readable = ", ".join(f.label for f in import_formats())
        raise AuthoringError(f"Cannot tell the format of “{filename}”: choose one of {readable}.")
    if not data.strip():
        raise AuthoringError("The file is empty.")
    article_text = bank.article.text if bank is not None else None
    result = fmt.import_(data, article_text=article_text)
    new_bank = bank is None
    questions = list(result.questions)
    if bank is None:
        title = (
            Path(filename or "").stem.removesuffix(".gift").removesuffix(".moodle") or "Imported questions"
        )
        if result.bank is not None:
            art = result.bank.article
            bank = create_empty_bank(owner_id, art.title or title, text=art.text)
            bank.article.published = _iso_date(art.published)
            bank.article.source_name = art.source_name
        else:
            bank = create_empty_bank(owner_id, title)
    elif result.bank is not None and result.bank.article.text != bank.article.text:
        questions = [_moved_into(q, result.bank.article.text, bank.article.text, result) for q in questions]
    report = UploadReport(
        bank,
        fmt.label,
        skipped=list(result.skipped),
        errors=list(result.errors),
        warnings=list(result.warnings),
        new_bank=new_bank,
    )
    existing = {q.uid for q in bank.questions}
    position = len(bank.questions)
    for q in questions:
        reason = _fits(q)
        uid = q.id[:64] or new_uid()
        if reason is None and uid in existing:
            reason = f"a question with the id {uid!r} is already in this bank"
        if reason is not None:
            report.skipped.append(Skipped(f"“{q.prompt[:80]}”", reason))
            continue
        existing.add(uid)
        row = question_to_row(replace(q, id=uid), position=position, status=status)
        position += 1
        bank.questions.append(row)
        report.imported.append(row)
    db.session.flush()
    for row in report.imported:
        db.session.add(
            QuestionReview(
                question_id=row.id,
                origin="imported",
                reviewer_id=user_id,
                decided_at=utcnow() if status != "pending" else None,
            )
        )
        db.session.add(
            QuestionEdit(question_id=row.id, user_id=user_id, action="create", after=snapshot(row))
        )
    if new_bank and not report.imported:
        db.session.rollback()
        raise AuthoringError(_nothing_read(report))
    db.session.commit()
    return report


def _nothing_read(report: UploadReport) -> str:
    why = report.errors[:1] or [str(s) for s in report.skipped[:3]]
    return "No question could be read from this file" + (": " + "; ".join(why) if why else ".")


def _moved_into(q: qs.Question, old_text: str, new_text: str, result: Any) -> qs.Question:
    """A question from a JSON bank about another text: its excerpts found in this bank's article."""
    sources = []
    for s in q.sources:
        moved = reanchor(source_to_json(s), old_text, new_text)
        if moved is not None:
            sources.append(source_from_json(moved))
    notes = []
    for n in q.choice_notes:
        moved = reanchor(source_to_json(n.source), old_text, new_text) if n.source else None
        notes.append(replace(n, source=source_from_json(moved) if moved else None))
    return replace(q, sources=tuple(sources), choice_notes=tuple(notes))


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
