"""Importing an article in the background: import and regeneration jobs, claiming and running them with
a heartbeat, retries, and the worker thread that runs them."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import or_, select, update

import questions as qs
from quizapp.authoring import budget, offload
from quizapp.authoring.banks import AuthoringError
from quizapp.authoring.models import ImportJob, QuestionReview
from quizapp.authoring.review import merge_regenerated
from quizapp.core.extensions import db
from quizapp.core.models import utcnow
from quizapp.library.models import Bank
from quizapp.library.store import (
    default_title,
    store_bank,
)

log = logging.getLogger(__name__)

#: A running job whose worker has not been heard from for this long is queued again (the worker
#: beats every AUTHORING_HEARTBEAT seconds, 30 by default, while a job runs).
STALE_AFTER = timedelta(minutes=2)
#: A job that stopped this many times (the worker died each time) is failed rather than retried.
MAX_TRIES = 3


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
    article = budget.read_article(data, filename, current_app.config)
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
            article = budget.read_article(job.payload or b"", job.filename, current_app.config)
            bank = offload.generate_bank(article, progress)
            # the title detected on the form is the article's first words when it has none: the
            # generator's title (marked as such) is better, unless the teacher typed another
            detected = default_title(qs.ArticleInfo(article.title, None, article.text), job.filename)
            typed = job.title if job.title and job.title != detected else None
            row = store_bank(
                bank,
                owner_id=job.owner_id,
                visibility=job.visibility,
                status="pending",
                filename=job.filename,
                title=typed,
                commit=False,
            )
            if typed:
                row.article.title = typed
            job.title = row.title
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
            bank = offload.generate_bank(article, progress)
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
    if title.strip() and title.strip()[:300] != bank.title:
        bank.title_generated = False
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
