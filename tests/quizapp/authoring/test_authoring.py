"""Authoring: importing articles, the review queue, regeneration, hand-written questions, question
sets, downloads and uploads in every format, who may do what, and bad input.

Imports run inline (``AUTHORING_WORKER`` is "inline" under TESTING) except where a test asks for
the background thread. The real generator is used: it takes milliseconds on these short articles.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import time
import zipfile
from datetime import date
from typing import Any

import pypdf
import pytest
from sqlalchemy import func, select
from sqlalchemy import update as sa_update

import questions as qs
from questions.formats import FORMATS, get_format
from quizapp.authoring import imports
from quizapp.authoring.models import ImportJob, QuestionReview, QuestionSet, SetItem
from quizapp.core import models
from quizapp.core.extensions import db
from quizapp.library.models import Article, Bank, Question
from quizapp.quiz.models import Attempt

ARTICLE = """School to open in March

Date 2022-01-02

Anna Smith said on Monday that the school will open in March.

"We are ready," said Tom Jones, the mayor of Springfield.

The council voted 12 to 3 to fund the new school in Springfield on December 14, 2021."""

OTHER_ARTICLE = """Bridge reopens after repairs

Date 2023-05-10

The old bridge in Riverton reopened on Tuesday after two years of repairs.

"It is safer than ever," said Maria Lopez, the city engineer.

Workers replaced 40 steel beams, the council said in April."""

PASSWORD = "correct horse"


# --- helpers --------------------------------------------------------------------------------------


def login(client: Any, email: str) -> None:
    client.post("/auth/logout")
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.text


@pytest.fixture
def teacher(make_user: Any) -> Any:
    return make_user("teacher@example.org", role="teacher", name="Tess Teacher")


@pytest.fixture
def other_teacher(make_user: Any) -> Any:
    return make_user("other@example.org", role="teacher", name="Otto Other")


@pytest.fixture
def student(make_user: Any) -> Any:
    return make_user("student@example.org", role="student", name="Sam Student")


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("admin@example.org", role="admin", name="Ada Admin")


@pytest.fixture
def as_teacher(client: Any, teacher: Any) -> Any:
    login(client, "teacher@example.org")
    return client


def import_text(client: Any, text: str = ARTICLE, **extra: Any) -> tuple[int, int]:
    """Paste an article; returns (job id, bank id)."""
    response = client.post("/author/import", data={"text": text, "visibility": "private", **extra})
    assert response.status_code == 302, response.text
    job_id = int(response.location.rsplit("/", 1)[1])
    status = client.get(f"/author/jobs/{job_id}/status").get_json()
    assert status["status"] == "done", status
    return job_id, int(status["bank_url"].rsplit("/", 1)[1])


def upload(client: Any, url: str, data: bytes, filename: str, **fields: Any) -> Any:
    return client.post(
        url, data={"file": (io.BytesIO(data), filename), **fields}, content_type="multipart/form-data"
    )


def questions_of(app: Any, bank_id: int) -> list[Question]:
    with app.app_context():
        rows = list(
            db.session.scalars(
                select(Question).where(Question.bank_id == bank_id).order_by(Question.position)
            )
        )
        for r in rows:
            db.session.expunge(r)
        return rows


def count(app: Any, model: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF with a text layer, written by hand (pypdf cannot lay out text)."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    stream = text_ops.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- importing an article -------------------------------------------------------------------------


def test_pasted_article_becomes_a_bank_of_pending_questions_with_title_and_date(as_teacher, app):
    job_id, bank_id = import_text(as_teacher)
    page = as_teacher.get(f"/author/jobs/{job_id}")
    assert "Done." in page.text and "wait for your review" in page.text
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert bank.title == "School to open in March"
        assert bank.article.published == date(2022, 1, 2)
        assert bank.visibility == "private" and bank.owner_id is not None
        assert bank.questions and {q.status for q in bank.questions} == {"pending"}
        reviews = db.session.scalars(select(QuestionReview)).all()
        assert {r.origin for r in reviews} == {"generated"} and len(reviews) == len(bank.questions)
        job = db.session.get(ImportJob, job_id)
        assert job.payload is None and job.progress == 1.0


def test_title_and_date_typed_on_the_form_win_and_stay_editable(as_teacher, app):
    job_id, bank_id = import_text(as_teacher, title="My own title", published="2021-12-31")
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert (bank.title, bank.article.published) == ("My own title", date(2021, 12, 31))
    response = as_teacher.post(
        f"/author/jobs/{job_id}/info", data={"title": "Fixed", "published": "2022-01-03"}
    )
    assert response.status_code == 302
    response = as_teacher.post(
        f"/author/banks/{bank_id}/info", data={"title": "Fixed again", "published": ""}
    )
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert (bank.title, bank.article.published, bank.article.title) == (
            "Fixed again",
            None,
            "Fixed again",
        )


ARTICLE_LINES = ARTICLE.split("\n\n")


@pytest.mark.parametrize(
    "filename, data",
    [
        ("school.txt", ARTICLE.encode("utf-8")),
        ("school.md", ("# School to open in March\n\n" + "\n\n".join(ARTICLE_LINES[1:])).encode()),
        (
            "school.html",
            (
                "<html><head><title>School to open in March</title>"
                '<meta property="article:published_time" content="2022-01-02"></head><body><article>'
                "<h1>School to open in March</h1>"
                + "".join(f"<p>{p}</p>" for p in ARTICLE_LINES[1:])
                + "<p>The school will have 30 classrooms and a large library for the pupils of the town.</p>"
                "</article></body></html>"
            ).encode(),
        ),
        ("school.docx", docx_bytes("School to open in March", ARTICLE_LINES[1:])),
        ("school.pdf", pdf_bytes(ARTICLE_LINES)),
    ],
)
def test_each_upload_type_is_read_and_generated(as_teacher, app, filename, data):
    response = upload(as_teacher, "/author/import", data, filename, visibility="private")
    assert response.status_code == 302, response.text
    status = as_teacher.get(response.location + "/status").get_json()
    assert status["status"] == "done", status
    bank_id = int(status["bank_url"].rsplit("/", 1)[1])
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert "Anna Smith" in bank.article.text
        # a PDF's lines come as one block, so its headline is not found: the generator names the
        # article after what it is about, and says so
        assert bank.title.startswith("School to open in March") or (
            bank.title_generated and "Anna Smith" in bank.title
        )
        assert bank.article.filename == filename
        assert bank.questions, f"{filename}: no questions"


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("empty.txt", b"", "The file is empty."),
        ("blank.txt", b"   \n\n ", "The file is empty."),
        ("photo.txt", bytes(range(256)) * 40, "This file is not text"),
        ("notes.odt", b"hello world", "Upload a .txt, .md, .html, .docx or .pdf file"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "could not be opened"),
        ("broken.pdf", b"%PDF-1.4 nothing here", "PDF"),
    ],
)
def test_a_bad_upload_says_why_and_keeps_nothing(as_teacher, app, filename, data, message):
    response = upload(as_teacher, "/author/import", data, filename)
    assert response.status_code == 422
    assert message in response.text
    assert count(app, ImportJob) == 0 and count(app, Bank) == 0


def test_an_empty_form_asks_for_text_or_a_file(as_teacher):
    response = as_teacher.post("/author/import", data={"text": "  "})
    assert response.status_code == 422
    assert "Paste the article" in response.text


def big_upload(client: Any, url: str, data: bytes, filename: str) -> Any:
    # encoded in memory: the test client would spool a large body to a temporary file that a 413,
    # which never reads the body, leaves open
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=filename)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_3_mb_upload_gets_a_clear_413_page(as_teacher, app):
    response = big_upload(as_teacher, "/author/import", b"word " * (3 * 1024 * 1024 // 5), "big.txt")
    assert response.status_code == 413
    assert "up to 2 MB" in response.text and "Back to the library" in response.text
    response = big_upload(as_teacher, "/author/upload", b"x" * (3 * 1024 * 1024), "big.gift")
    assert response.status_code == 413
    assert count(app, ImportJob) == 0


def test_a_generator_failure_fails_the_job_and_keeps_nothing_half_made(as_teacher, app, monkeypatch):
    def broken(article, *, progress=None):
        progress("Finding people", 0.5)
        raise RuntimeError("boom")

    monkeypatch.setattr(qs, "generate_bank", broken)
    response = as_teacher.post("/author/import", data={"text": ARTICLE})
    page = as_teacher.get(response.location)
    assert (
        "The import failed." in page.text
        and "The generator stopped with an error (RuntimeError)" in page.text
    )
    assert "Nothing was saved" in page.text and "Try again" in page.text
    assert count(app, Bank) == 0 and count(app, Article) == 0 and count(app, Question) == 0

    monkeypatch.undo()
    job_id = int(response.location.rsplit("/", 1)[1])
    as_teacher.post(f"/author/jobs/{job_id}/retry")
    assert as_teacher.get(f"/author/jobs/{job_id}/status").get_json()["status"] == "done"
    assert count(app, Bank) == 1


def test_a_failure_while_saving_rolls_back_bank_and_questions(as_teacher, app, monkeypatch):
    def fail_review(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "QuestionReview", fail_review)
    as_teacher.post("/author/import", data={"text": ARTICLE})
    with app.app_context():
        job = db.session.scalars(select(ImportJob)).one()
        assert job.status == "failed"
    assert count(app, Bank) == 0 and count(app, Question) == 0 and count(app, Article) == 0


def test_script_in_an_article_is_stored_as_text_and_shown_escaped(as_teacher, app):
    text = ARTICLE + '\n\nThe mayor wrote <script>alert("x")</script> on the board, said Tom Jones on Monday.'
    _job, bank_id = import_text(as_teacher, text)
    with app.app_context():
        assert '<script>alert("x")</script>' in db.session.get(Bank, bank_id).article.text
    for url in (f"/author/banks/{bank_id}", f"/author/banks/{bank_id}/article"):
        page = as_teacher.get(url)
        assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in as_teacher.get(f"/author/banks/{bank_id}/article").text

    html = (
        b"<html><head><title>Board</title><script>alert('page')</script></head><body><article>"
        b"<p>Anna Smith said on Monday that the school will open in March, "
        b"and wrote &lt;script&gt;x&lt;/script&gt;.</p>"
        b"<p>The council voted 12 to 3 to fund the new school in Springfield on December 14, 2021.</p>"
        b"</article></body></html>"
    )
    response = upload(as_teacher, "/author/import", html, "board.html")
    bank_url = as_teacher.get(response.location + "/status").get_json()["bank_url"]
    page = as_teacher.get(bank_url + "/article")
    assert "alert('page')" not in page.text and "<script>x" not in page.text


def test_the_job_page_refreshes_without_javascript_until_done(as_teacher, app, teacher):
    with app.app_context():
        job = ImportJob(owner_id=teacher.id, payload=ARTICLE.encode(), filename="a.txt", title="Waiting")
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    page = as_teacher.get(f"/author/jobs/{job_id}")
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.text
    assert "js/authoring.js" in page.text and "Waiting for the generator" in page.text
    assert as_teacher.get(f"/author/jobs/{job_id}/status").get_json()["status"] == "queued"


@pytest.fixture
def threaded_app_config() -> dict[str, Any]:
    return {"AUTHORING_WORKER": "thread", "AUTHORING_WORKER_POLL": 0.2}


def test_generation_runs_in_a_background_thread_while_others_are_served(app, teacher, student):
    app.config.update(AUTHORING_WORKER="thread", AUTHORING_WORKER_POLL=0.2)
    client = app.test_client()
    login(client, "teacher@example.org")
    try:
        response = client.post("/author/import", data={"text": ARTICLE})
        assert response.status_code == 302
        other = app.test_client()
        assert other.get("/").status_code == 200  # another visitor is served meanwhile
        deadline = time.monotonic() + 60
        status: dict[str, Any] = {}
        while time.monotonic() < deadline:
            status = client.get(response.location + "/status").get_json()
            if status["finished"]:
                break
            time.sleep(0.1)
        assert status["status"] == "done", status
    finally:
        imports.stop_worker(app)


def test_a_job_left_running_by_a_dead_worker_is_requeued_and_finished(app, teacher):
    with app.app_context():
        long_ago = models.utcnow().replace(year=2020)
        job = ImportJob(
            owner_id=teacher.id,
            payload=ARTICLE.encode(),
            filename="a.txt",
            title="Restarted",
            status="running",
            heartbeat_at=long_ago,
            tries=1,
        )
        fresh = ImportJob(
            owner_id=teacher.id,
            payload=ARTICLE.encode(),
            filename="b.txt",
            status="running",
            heartbeat_at=models.utcnow(),
            tries=1,
        )
        gone = ImportJob(
            owner_id=teacher.id,
            payload=ARTICLE.encode(),
            filename="c.txt",
            status="running",
            heartbeat_at=long_ago,
            tries=imports.MAX_TRIES,
        )
        db.session.add_all([job, fresh, gone])
        db.session.commit()
        assert imports.requeue_stale() == 2
        assert (job.status, fresh.status, gone.status) == ("queued", "running", "failed")
        assert imports.run_pending_jobs() == 1
        assert job.status == "done" and job.bank is not None and job.tries == 2
        assert not imports.claim(job.id)  # a finished job cannot be claimed again


# --- the review queue -----------------------------------------------------------------------------


@pytest.fixture
def bank_id(as_teacher) -> int:
    return import_text(as_teacher)[1]


def test_review_shows_every_question_with_its_excerpt_highlighted(as_teacher, app, bank_id):
    page = as_teacher.get(f"/author/banks/{bank_id}")
    rows = questions_of(app, bank_id)
    assert page.text.count('class="card review-item') == len(rows)
    with_source = next(r for r in rows if r.sources and r.sources[0].get("highlight"))
    src = with_source.sources[0]
    hl = with_source.sources[0]["highlight"]
    answer_text = src["text"][hl[0] - src["start"] : hl[1] - src["start"]]
    assert f'<strong class="answer-hl">{answer_text}</strong>' in page.text
    anchor = re.search(
        rf'id="q{with_source.id}".*?href="/author/banks/{bank_id}/article#(x\d+-\d+)"', page.text, re.S
    )
    assert anchor, "each question links to its excerpt in the article"
    article = as_teacher.get(f"/author/banks/{bank_id}/article")
    assert f'id="{anchor.group(1)}"' in article.text


def test_approve_reject_and_edit_one_by_one(as_teacher, app, bank_id):
    rows = questions_of(app, bank_id)
    a, b = rows[0], rows[1]
    response = as_teacher.post(f"/author/questions/{a.id}/status?status=pending", data={"action": "approve"})
    assert (
        response.status_code == 302
        and response.location.endswith(f"#q{a.id}")
        and "status=pending" in response.location
    )
    as_teacher.post(f"/author/questions/{b.id}/status", data={"action": "reject"})
    assert as_teacher.post(f"/author/questions/{b.id}/status", data={"action": "delete"}).status_code == 400
    statuses = {r.id: r.status for r in questions_of(app, bank_id)}
    assert statuses[a.id] == "approved" and statuses[b.id] == "rejected"

    page = as_teacher.get(f"/author/banks/{bank_id}?status=rejected")
    assert page.text.count('class="card review-item') == 1

    short = next(r for r in rows if r.type == "short_answer")
    form = as_teacher.get(f"/author/questions/{short.id}/edit")
    assert short.prompt in form.text and "Keep the current excerpt" in form.text
    response = as_teacher.post(
        f"/author/questions/{short.id}/edit",
        data={
            "kind": short.kind,
            "prompt": "Who is the mayor of Springfield?",
            "answer": "Tom Jones",
            "accepted": "Jones\nMayor Jones",
            "explanation": "He says so.",
            "excerpt": "keep",
            "approve": "y",
        },
    )
    assert response.status_code == 302, response.text
    with app.app_context():
        row = db.session.get(Question, short.id)
        assert (row.prompt, row.answer, row.accepted, row.status) == (
            "Who is the mayor of Springfield?",
            "Tom Jones",
            ["Jones", "Mayor Jones"],
            "approved",
        )
        assert row.sources == short.sources  # the excerpt was kept
        assert db.session.get(QuestionReview, row.id).edited_at is not None
    history = as_teacher.get(f"/author/questions/{short.id}/edit").text
    assert "edit by Tess Teacher" in history


def test_bulk_approve_by_kind_and_only_approved_reach_students(as_teacher, app, bank_id, client):
    rows = questions_of(app, bank_id)
    kinds = {r.kind for r in rows}
    assert "date" in kinds and len(kinds) > 1
    response = as_teacher.post(f"/author/banks/{bank_id}/bulk", data={"kind": "date", "action": "approve"})
    assert response.status_code == 302
    flashed = as_teacher.get(response.location).text
    n_dates = sum(r.kind == "date" for r in rows)
    assert f"{n_dates} pending dates questions approved" in flashed
    after = questions_of(app, bank_id)
    assert all(r.status == "approved" for r in after if r.kind == "date")
    assert all(r.status == "pending" for r in after if r.kind != "date")
    as_teacher.post(f"/author/banks/{bank_id}/bulk", data={"kind": "", "action": "reject"})
    after = questions_of(app, bank_id)
    assert all(r.status == "rejected" for r in after if r.kind != "date")

    # the owner shares the bank; a student's quiz only ever holds approved questions
    as_teacher.post(f"/author/banks/{bank_id}/settings", data={"visibility": "public"})
    student = app.test_client()
    student.post("/auth/guest")
    response = student.post("/quiz/", data={"bank": bank_id, "count": 50})
    assert response.status_code == 302
    with app.app_context():
        attempt = db.session.scalars(select(Attempt)).one()
        statuses = {db.session.get(Question, qid).status for qid in attempt.question_ids}
        assert statuses == {"approved"} and len(attempt.question_ids) == n_dates


# --- regeneration ---------------------------------------------------------------------------------


def fake_generator(drop: set[str] = frozenset(), add: bool = False, prompt_suffix: str = ""):
    """The real generator's bank, with some questions dropped, one added and prompts changed."""
    real = qs.generate_bank

    def generate(article, *, progress=None):
        bank = real(article, progress=progress)
        kept = [q for q in bank.questions if q.id not in drop]
        kept = [
            qs.Question(**{**{f: getattr(q, f) for f in q.__slots__}, "prompt": q.prompt + prompt_suffix})
            for q in kept
        ]
        if add:
            s = kept[0].sources[0]
            kept.append(
                qs.Question(
                    id="brand-new",
                    kind="date",
                    type="short_answer",
                    prompt="A new one?",
                    answer="March",
                    sources=(s,),
                    explanation="",
                )
            )
        return bank.with_questions(kept)

    return generate


def test_regenerating_keeps_edits_and_decisions_and_shows_what_is_new(as_teacher, app, bank_id, monkeypatch):
    rows = questions_of(app, bank_id)
    edited = next(r for r in rows if r.type == "short_answer")
    approved, rejected, untouched, dropped_pending, dropped_approved = [r for r in rows if r is not edited][
        :5
    ]
    as_teacher.post(f"/author/questions/{approved.id}/status", data={"action": "approve"})
    as_teacher.post(f"/author/questions/{rejected.id}/status", data={"action": "reject"})
    as_teacher.post(f"/author/questions/{dropped_approved.id}/status", data={"action": "approve"})
    assert as_teacher.get(f"/author/questions/{edited.id}/edit").status_code == 200
    data = {"kind": edited.kind, "prompt": "My better wording?", "answer": edited.answer, "excerpt": "keep"}
    response = as_teacher.post(f"/author/questions/{edited.id}/edit", data=data)
    assert response.status_code == 302, response.text
    hand = as_teacher.post(
        f"/author/banks/{bank_id}/questions/new?type=short_answer",
        data={"kind": "speaker", "prompt": "Who wants to be ready?", "answer": "Tom Jones", "approve": "y"},
    )
    assert hand.status_code == 302

    monkeypatch.setattr(
        qs,
        "generate_bank",
        fake_generator({dropped_pending.uid, dropped_approved.uid}, add=True, prompt_suffix=" (v2)"),
    )
    # a paragraph added near the top: every excerpt after it moves, the question ids stay
    edited_text = ARTICLE.replace(
        "Anna Smith said on Monday", "Parents welcomed the plan.\n\nAnna Smith said on Monday"
    )
    response = as_teacher.post(f"/author/banks/{bank_id}/regenerate", data={"text": edited_text})
    assert response.status_code == 302
    job = as_teacher.get(response.location + "/status").get_json()
    assert job["status"] == "done", job
    done_page = as_teacher.get(response.location).text
    assert "1 new question" in done_page and "of your edits kept" in done_page

    after = {r.uid: r for r in questions_of(app, bank_id)}
    assert after[approved.uid].status == "approved" and after[approved.uid].prompt.endswith(" (v2)")
    assert after[rejected.uid].status == "rejected"
    assert after[edited.uid].prompt.startswith("My better wording")  # the teacher's text, not the generator's
    assert (
        after[untouched.uid].prompt == untouched.prompt + " (v2)" and after[untouched.uid].status == "pending"
    )
    assert dropped_pending.uid not in after  # untouched and no longer made: gone
    assert after[dropped_approved.uid].status == "approved"  # decided on: kept, marked stale
    assert after["brand-new"].status == "pending"
    assert any(r.prompt == "Who wants to be ready?" for r in after.values())  # hand-written stays
    with app.app_context():
        bank = db.session.get(Bank, bank_id)
        assert bank.article.text == edited_text
        for row in bank.questions:  # every excerpt is still an exact slice of the edited article
            for s in row.sources:
                assert edited_text[s["start"] : s["end"]] == s["text"]
        assert db.session.get(QuestionReview, after["brand-new"].id).regen_state == "new"
        assert db.session.get(QuestionReview, after[dropped_approved.uid].id).regen_state == "stale"
    review = as_teacher.get(f"/author/banks/{bank_id}").text
    assert review.count("badge badge-new") == 1 and "No longer generated" in review
    assert "The last regeneration brought <strong>1 new</strong>" in review
    only_new = as_teacher.get(f"/author/banks/{bank_id}?new=1").text
    assert only_new.count('class="card review-item') == 1 and "A new one?" in only_new


def test_an_emptied_article_cannot_be_regenerated(as_teacher, bank_id):
    response = as_teacher.post(f"/author/banks/{bank_id}/regenerate", data={"text": "  ...  "})
    assert response.status_code == 422
    assert "no words" in response.text or "cannot be empty" in response.text


# --- writing questions by hand --------------------------------------------------------------------


def write(client: Any, bank_id: int, qtype: str, **data: Any) -> Any:
    data.setdefault("kind", "other")
    return client.post(f"/author/banks/{bank_id}/questions/new?type={qtype}", data=data)


@pytest.fixture
def empty_bank(as_teacher, app) -> int:
    response = as_teacher.post("/author/banks/new", data={"title": "By hand", "text": ARTICLE})
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[1])


def test_write_each_type_by_hand_tied_to_a_sentence(as_teacher, app, empty_bank):
    form = as_teacher.get(f"/author/banks/{empty_bank}/questions/new?type=multiple_choice").text
    sentence = "Anna Smith said on Monday that the school will open in March."
    start = ARTICLE.index(sentence)
    value = f"{start}-{start + len(sentence)}"
    assert f'value="{value}"' in form
    assert (
        write(
            as_teacher,
            empty_bank,
            "multiple_choice",
            prompt="When will the school open?",
            **{"choices-0": "March", "choices-1": "May", "choices-2": "June"},
            answer="March",
            excerpt=value,
            approve="y",
        ).status_code
        == 302
    )
    assert (
        write(
            as_teacher, empty_bank, "true_false", prompt="The mayor is Tom Jones.", truth="True", approve="y"
        ).status_code
        == 302
    )
    assert (
        write(
            as_teacher,
            empty_bank,
            "cloze",
            prompt="The school will open in [March].",
            accepted="march month",
            approve="y",
        ).status_code
        == 302
    )
    assert (
        write(
            as_teacher,
            empty_bank,
            "short_answer",
            prompt="Who is the mayor?",
            answer="Tom Jones",
            accepted="Jones\nTom Jones\nMayor Jones",
        ).status_code
        == 302
    )
    rows = questions_of(app, empty_bank)
    mc, tf, cloze, short = rows
    assert (mc.type, mc.choices, mc.answer, mc.status) == (
        "multiple_choice",
        ["March", "May", "June"],
        "March",
        "approved",
    )
    src = mc.sources[0]
    assert (src["start"], src["text"]) == (start, sentence)
    assert ARTICLE[src["highlight"][0] : src["highlight"][1]] == "March"
    assert (tf.choices, tf.answer) == (["True", "False"], "True")
    assert (cloze.prompt, cloze.answer, cloze.accepted) == (
        "The school will open in _____.",
        "March",
        ["march month"],
    )
    assert (short.accepted, short.status) == (["Jones", "Mayor Jones"], "pending")
    with app.app_context():
        assert {db.session.get(QuestionReview, r.id).origin for r in rows} == {"manual"}
    # a hand-written question can be deleted; a generated one only rejected
    assert as_teacher.post(f"/author/questions/{short.id}/delete").status_code == 302
    assert len(questions_of(app, empty_bank)) == 3


@pytest.mark.parametrize(
    "qtype, data, message",
    [
        (
            "multiple_choice",
            {"prompt": "Q?", "choices-0": "A", "choices-1": "B", "answer": "C"},
            "The right answer “C” is not among the choices",
        ),
        (
            "multiple_choice",
            {
                "prompt": "Q?",
                "choices-0": "Paris",
                "choices-1": "London",
                "choices-2": " paris ",
                "answer": "London",
            },
            "Choice 3 is the same as choice 1 (“paris”)",
        ),
        ("multiple_choice", {"prompt": "Q?", "choices-0": "A", "answer": "A"}, "Give at least 2 choices"),
        (
            "multiple_choice",
            {"prompt": "Q?", "choices-0": "A", "choices-1": "B"},
            "Say which choice is right",
        ),
        (
            "multiple_choice",
            {"prompt": "", "choices-0": "A", "choices-1": "B", "answer": "A"},
            "Write the question.",
        ),
        ("true_false", {"prompt": "The sky is green."}, "Say whether the statement is true or false."),
        ("cloze", {"prompt": "The school opens in March."}, "Put the words to hide in [square brackets]"),
        ("cloze", {"prompt": "The school opens in [ ]."}, "The blank is empty"),
        ("cloze", {"prompt": "The [school] opens in [March]."}, "Hide one part only"),
        ("short_answer", {"prompt": "Who?"}, "Write the right answer."),
        (
            "short_answer",
            {"prompt": "Who?", "answer": "x" * 301},
            "Field cannot be longer than 300 characters.",
        ),
    ],
)
def test_hand_written_questions_are_validated_with_clear_messages(
    as_teacher, app, empty_bank, qtype, data, message
):
    response = write(as_teacher, empty_bank, qtype, **data)
    assert response.status_code == 422
    assert "The question was not saved" in response.text
    assert str(message).replace("“", "&#8220;") in response.text or message in response.text
    assert questions_of(app, empty_bank) == []


def test_an_excerpt_that_is_not_a_sentence_of_the_article_is_refused(as_teacher, empty_bank):
    response = write(as_teacher, empty_bank, "short_answer", prompt="Who?", answer="Tom", excerpt="0-3")
    assert response.status_code == 422 and "Not a valid choice" in response.text


def test_unknown_question_type_is_a_404(as_teacher, empty_bank):
    assert as_teacher.get(f"/author/banks/{empty_bank}/questions/new?type=essay").status_code == 404


# --- question sets --------------------------------------------------------------------------------


@pytest.fixture
def two_banks(as_teacher, app) -> tuple[int, int]:
    first = import_text(as_teacher)[1]
    second = import_text(as_teacher, OTHER_ARTICLE)[1]
    for bank in (first, second):
        as_teacher.post(f"/author/banks/{bank}/bulk", data={"kind": "", "action": "approve"})
    return first, second


def make_set(client: Any, title: str = "Week 3", visibility: str = "private", **extra: Any) -> int:
    response = client.post(
        "/author/sets/new",
        data={
            "title": title,
            "description": "Two articles",
            "tags": "civics, local news, civics",
            "difficulty": "easy",
            "visibility": visibility,
            **extra,
        },
    )
    assert response.status_code == 302, response.text
    return int(re.search(r"/sets/(\d+)/add", response.location).group(1))


def add_questions(client: Any, set_id: int, bank_id: int, ids: list[int]) -> None:
    response = client.post(f"/author/sets/{set_id}/add?bank={bank_id}", data={"questions": ids})
    assert response.status_code == 302, response.text


def test_a_set_gathers_questions_from_two_banks_in_order(as_teacher, app, two_banks):
    first, second = two_banks
    set_id = make_set(as_teacher)
    a = questions_of(app, first)[:2]
    b = questions_of(app, second)[:2]
    add_questions(as_teacher, set_id, first, [q.id for q in a])
    add_questions(as_teacher, set_id, second, [q.id for q in b])
    add_questions(as_teacher, set_id, first, [a[0].id])  # already there: not twice
    with app.app_context():
        qset = db.session.get(QuestionSet, set_id)
        assert [i.question_id for i in qset.items] == [a[0].id, a[1].id, b[0].id, b[1].id]
        assert qset.tags == ["civics", "local news"] and qset.difficulty == "easy"
        last = qset.items[-1].id
        first_item = qset.items[0].id
    as_teacher.post(f"/author/sets/{set_id}/items/{last}/move", data={"direction": "up"})
    as_teacher.post(f"/author/sets/{set_id}/items/{first_item}/move", data={"direction": "down"})
    as_teacher.post(f"/author/sets/{set_id}/items/{first_item}/move", data={"direction": "down"})
    with app.app_context():
        order = [i.question_id for i in db.session.get(QuestionSet, set_id).items]
        assert order == [a[1].id, b[1].id, a[0].id, b[0].id]
        removed = db.session.get(QuestionSet, set_id).items[1].id
    as_teacher.post(f"/author/sets/{set_id}/items/{removed}/remove")
    with app.app_context():
        items = db.session.get(QuestionSet, set_id).items
        assert [i.question_id for i in items] == [a[1].id, a[0].id, b[0].id]
        assert [i.position for i in items] == [0, 1, 2]
    page = as_teacher.get(f"/author/sets/{set_id}").text
    assert page.index(a[1].prompt) < page.index(a[0].prompt)


def test_duplicating_a_set_makes_a_private_copy(as_teacher, app, two_banks):
    first, _ = two_banks
    set_id = make_set(as_teacher, visibility="public")
    add_questions(as_teacher, set_id, first, [q.id for q in questions_of(app, first)[:3]])
    response = as_teacher.post(f"/author/sets/{set_id}/duplicate")
    copy_id = int(response.location.rsplit("/", 1)[1])
    with app.app_context():
        orig, copy = db.session.get(QuestionSet, set_id), db.session.get(QuestionSet, copy_id)
        assert (
            copy.title == "Copy of Week 3" and copy.visibility == "private" and copy.copied_from_id == set_id
        )
        assert [i.question_id for i in copy.items] == [i.question_id for i in orig.items]
        assert copy.share_token != orig.share_token


def test_sharing_private_class_by_link_and_public(as_teacher, app, two_banks, student):
    first, second = two_banks
    set_id = make_set(as_teacher, visibility="private")
    add_questions(as_teacher, set_id, first, [q.id for q in questions_of(app, first)[:2]])
    with app.app_context():
        token = db.session.get(QuestionSet, set_id).share_token
    pupil = app.test_client()
    login(pupil, "student@example.org")
    assert pupil.get(f"/sets/{set_id}").status_code == 403
    assert pupil.get(f"/sets/shared/{token}").status_code == 404  # a private set's link does not work
    assert "Week 3" not in pupil.get("/sets/").text

    as_teacher.post(
        f"/author/sets/{set_id}", data={"title": "Week 3", "difficulty": "easy", "visibility": "class"}
    )
    assert pupil.get(f"/sets/{set_id}").status_code == 403  # class: only with the link
    assert pupil.get(f"/sets/shared/{token}").status_code == 302
    assert pupil.get(f"/sets/{set_id}").status_code == 200
    assert "Week 3" in pupil.get("/sets/").text
    assert "Week 3" not in app.test_client().get("/sets/").text  # not listed for others

    as_teacher.post(f"/author/sets/{set_id}/new-link")
    fresh = app.test_client()
    assert fresh.get(f"/sets/shared/{token}").status_code == 404  # the old link stopped working

    as_teacher.post(
        f"/author/sets/{set_id}", data={"title": "Week 3", "difficulty": "easy", "visibility": "public"}
    )
    assert "Week 3" in fresh.get("/sets/").text and fresh.get(f"/sets/{set_id}").status_code == 200


def test_a_student_takes_a_set_like_a_bank(as_teacher, app, two_banks):
    first, second = two_banks
    set_id = make_set(as_teacher, visibility="public", title="Mixed news")
    a, b = questions_of(app, first)[0], questions_of(app, second)[0]
    pending = questions_of(app, first)[1]
    as_teacher.post(f"/author/questions/{pending.id}/status", data={"action": "pending"})
    add_questions(as_teacher, set_id, second, [b.id])
    add_questions(as_teacher, set_id, first, [a.id, pending.id])

    pupil = app.test_client()  # not logged in: plays as a guest, as with a bank
    page = pupil.get(f"/sets/{set_id}")
    assert "2 questions" in page.text
    response = pupil.post(f"/sets/{set_id}/start", data={})
    assert response.status_code == 302 and "/quiz/attempt/" in response.location
    with app.app_context():
        attempt = db.session.scalars(select(Attempt)).one()
        assert attempt.question_ids == [b.id, a.id]  # the set's order; the pending question left out
        assert attempt.options["set_id"] == set_id
    question = pupil.get(response.location)
    assert "Mixed news" in question.text and "Question 1 of 2" in question.text
    attempt_id = int(re.search(r"/attempt/(\d+)/", response.location).group(1))
    for row in (b, a):
        data = {"choice": row.answer} if row.choices else {"response": row.answer}
        if row.type == "list":
            data = {"response": "\n".join(row.items)}
        assert (
            pupil.post(f"/quiz/attempt/{attempt_id}/answer", data={"question_id": row.id, **data}).status_code
            == 302
        )
    results = pupil.get(f"/quiz/attempt/{attempt_id}/results")
    assert (
        results.status_code == 200 and "Mixed news" in results.text and "Take this set again" in results.text
    )
    assert "<td>Mixed news</td>" in pupil.get("/scores/").text  # the score is kept under the set's title
    # each question's excerpt links to its own article, which the student may now read
    for bank in (first, second):
        assert f"/bank/{bank}/article#" in results.text
        assert pupil.get(f"/bank/{bank}/article").status_code == 200


def test_a_set_without_approved_questions_cannot_be_started(as_teacher, app, bank_id):
    set_id = make_set(as_teacher, visibility="public")
    add_questions(as_teacher, set_id, bank_id, [questions_of(app, bank_id)[0].id])
    response = app.test_client().post(f"/sets/{set_id}/start", data={})
    assert response.status_code == 422 and "no approved questions" in response.text


# --- formats --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_bank_and_a_set_download_in_every_format(as_teacher, app, two_banks, fmt):
    first, second = two_banks
    set_id = make_set(as_teacher)
    add_questions(as_teacher, set_id, first, [q.id for q in questions_of(app, first)[:3]])
    add_questions(as_teacher, set_id, second, [q.id for q in questions_of(app, second)[:3]])
    for url, n in (
        (f"/author/banks/{first}/download?format={fmt}", len(questions_of(app, first))),
        (f"/author/sets/{set_id}/download?format={fmt}", 6),
    ):
        response = as_teacher.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == get_format(fmt).media_type
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.headers["Content-Disposition"].endswith(get_format(fmt).extension + '"')
        data = response.data
        if fmt == "json":
            bank, problems = qs.bank_from_dict(json.loads(data))  # strict: every excerpt fits the article
            assert len(bank.questions) == n and not problems
        elif fmt == "anki":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                z.extract("collection.anki2", path=app.instance_path)
            conn = sqlite3.connect(f"{app.instance_path}/collection.anki2")
            try:
                assert conn.execute("select count(*) from notes").fetchone()[0] == n
            finally:
                conn.close()
        elif fmt == "worksheet":
            assert b"Answer key" in data
        elif fmt == "worksheet-pdf":
            assert data.startswith(b"%PDF-") and len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 2
        elif fmt in ("gift", "moodle-xml", "csv", "quizlet"):
            result = get_format(fmt).import_(data)
            assert len(result.questions) + len(result.skipped) >= 1
    no_key = as_teacher.get(f"/author/banks/{first}/download?format=worksheet&key=0")
    assert b"Answer key" not in no_key.data
    no_key_pdf = as_teacher.get(f"/author/banks/{first}/download?format=worksheet-pdf&key=0")
    assert no_key_pdf.headers["Content-Disposition"].endswith('-questions.pdf"')
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(no_key_pdf.data)).pages)
    assert "1. " in text and "Answer key" not in text
    assert as_teacher.get(f"/author/banks/{first}/download?format=pdf").status_code == 404


def test_download_scope_approved_or_all_but_rejected(as_teacher, app, bank_id):
    rows = questions_of(app, bank_id)
    as_teacher.post(f"/author/questions/{rows[0].id}/status", data={"action": "approve"})
    as_teacher.post(f"/author/questions/{rows[1].id}/status", data={"action": "reject"})
    approved = json.loads(as_teacher.get(f"/author/banks/{bank_id}/download?format=json").data)
    everything = json.loads(as_teacher.get(f"/author/banks/{bank_id}/download?format=json&scope=all").data)
    assert [q["id"] for q in approved["questions"]] == [rows[0].uid]
    assert len(everything["questions"]) == len(rows) - 1


def test_json_download_uploads_into_a_new_bank_losslessly(as_teacher, app, bank_id):
    as_teacher.post(f"/author/banks/{bank_id}/bulk", data={"kind": "", "action": "approve"})
    exported = as_teacher.get(f"/author/banks/{bank_id}/download?format=json").data
    response = upload(as_teacher, "/author/upload", exported, "bank.json", bank="0", approve="y")
    assert response.status_code == 200
    n = len(questions_of(app, bank_id))
    assert (
        f"<strong>{n}</strong> questions imported" in response.text
        and "<strong>0</strong> skipped" in response.text
    )
    with app.app_context():
        new = db.session.scalars(select(Bank).order_by(Bank.id.desc())).first()
        new_id = new.id
        assert new.article.text == db.session.get(Bank, bank_id).article.text
    again = as_teacher.get(f"/author/banks/{new_id}/download?format=json").data
    assert json.loads(again)["questions"] == json.loads(exported)["questions"]


GIFT = """// two good questions, a numerical one and a broken one
::q1:: Who is the mayor of Springfield? {=Tom Jones ~Anna Smith ~Maria Lopez}

::q2:: The school opens in March. {TRUE}

::q3:: How many votes for? {#12}

::q4:: Broken { =yes ~no
"""

XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="shortanswer"><name><text>x1</text></name>
    <questiontext format="html"><text>Who is the mayor?</text></questiontext>
    <answer fraction="100"><text>Tom Jones</text></answer></question>
  <question type="essay"><name><text>x2</text></name>
    <questiontext format="html"><text>Write an essay.</text></questiontext></question>
  <question type="truefalse"><name><text>x3</text></name>
    <questiontext format="html"><text>The school opens in March.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer></question>
  <question type="multichoice"><name><text>x4</text></name>
    <questiontext format="html"><text>Cut off
"""

CSV = (
    "id,kind,type,prompt,answer,accepted,choices,value,explanation,items,choice_notes,sources,fact_id,"
    "difficulty,score,tags\n"
    "c1,speaker,short_answer,Who is the mayor?,Tom Jones,[],[],,,[],[],[],,0.5,0,[]\n"
    "c2,date,essay,Write about it,whatever,[],[],,,[],[],[],,0.5,0,[]\n"
    'c3,date,multiple_choice,When?,June,[],"[""March"",""May""]",,,[],[],[],,0.5,0,[]\n'
    'c4,date,short_answer,"When does it open?",March,"not json",[],,,[],[],[],,0.5,0,[]\n'
)


@pytest.mark.parametrize(
    "filename, data, imported, skipped_words",
    [
        ("quiz.gift", GIFT, 2, ["numerical"]),
        ("quiz.xml", XML, 2, ["essay"]),
        ("quiz.csv", CSV, 1, ["essay", "choices"]),
        (
            "terms.csv",
            "term,definition\nWho is the mayor?,Tom Jones\nonly one column\n,no term\n",
            1,
            ["2 columns"],
        ),
    ],
)
def test_malformed_files_import_what_they_can_and_list_the_rest(
    as_teacher, app, bank_id, filename, data, imported, skipped_words
):
    before = len(questions_of(app, bank_id))
    response = upload(as_teacher, "/author/upload", data.encode(), filename, bank=str(bank_id))
    assert response.status_code == 200, response.text
    report = response.text
    m = re.search(
        r"<strong>(\d+)</strong> questions? imported.*?<strong>(\d+)</strong> skipped", report, re.S
    )
    assert m and int(m.group(1)) == imported, report
    assert int(m.group(2)) >= 1 or "Problems with the file" in report
    for word in skipped_words:
        assert word in report.lower()
    rows = questions_of(app, bank_id)
    assert len(rows) == before + imported
    assert all(r.status == "pending" for r in rows[before:])
    with app.app_context():
        assert {db.session.get(QuestionReview, r.id).origin for r in rows[before:]} == {"imported"}


def test_uploading_the_same_questions_twice_skips_them_by_id(as_teacher, app, empty_bank):
    first = upload(as_teacher, "/author/upload", GIFT.encode(), "quiz.gift", bank=str(empty_bank))
    assert "<strong>2</strong> questions imported" in first.text
    second = upload(as_teacher, "/author/upload", GIFT.encode(), "quiz.gift", bank=str(empty_bank))
    assert "<strong>0</strong> questions imported" in second.text
    assert "is already in this bank" in second.text


def test_an_upload_with_nothing_readable_into_a_new_bank_keeps_nothing(as_teacher, app):
    for data, name, message in (
        (b"", "quiz.gift", "The file is empty."),
        (b"<quiz><question", "quiz.xml", "No question could be read"),
        (b"\x00\x01\x02" * 100, "quiz.csv", "No question could be read"),
        (b"hello", "quiz.docx", "Cannot tell the format"),
    ):
        response = upload(as_teacher, "/author/upload", data, name, bank="0")
        assert response.status_code == 422 and message in response.text, name
    assert count(app, Bank) == 0


# --- who may do what ------------------------------------------------------------------------------


def build_world(app: Any) -> dict[str, Any]:
    """A bank with a question, a job, and a set with an item, all the teacher's and private."""
    client = app.test_client()
    login(client, "teacher@example.org")
    job_id, bank = import_text(client)
    question = questions_of(app, bank)[0].id
    set_id = make_set(client)
    add_questions(client, set_id, bank, [question])
    with app.app_context():
        item = db.session.scalars(select(SetItem.id).where(SetItem.set_id == set_id)).one()
    return {"bank_id": bank, "question_id": question, "set_id": set_id, "item_id": item, "job_id": job_id}


def authoring_routes(app) -> list[tuple[str, str, Any]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("authoring."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                out.append((rule.endpoint, method, rule))
    # deleting comes last, the bank last of all, so the other routes still find what they act on
    last = ("authoring.set_delete", "authoring.bank_delete")
    return sorted(
        out,
        key=lambda r: (last.index(r[0]) if r[0] in last else -1, "delete" in r[0] or "remove" in r[0], r[0]),
    )


PER_REQUEST: dict[str, dict[str, Any]] = {
    "authoring.bank_download": {"query_string": {"format": "json"}},
    "authoring.set_download": {"query_string": {"format": "json"}},
    "authoring.question_status": {"data": {"action": "approve"}},
    "authoring.set_move": {"data": {"direction": "up"}},
}


@pytest.mark.parametrize("role", ["anonymous", "student", "guest", "other teacher", "owner", "admin"])
def test_every_authoring_route_with_every_role(app, teacher, other_teacher, student, admin, role):
    ids = build_world(app)
    routes = authoring_routes(app)
    assert len({e for e, _, _ in routes}) >= 30
    emails = {
        "student": "student@example.org",
        "other teacher": "other@example.org",
        "owner": "teacher@example.org",
        "admin": "admin@example.org",
    }
    client = app.test_client()
    if role == "guest":
        client.post("/auth/guest")
    elif role in emails:
        login(client, emails[role])
    for endpoint, method, rule in routes:
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<int:{arg}>", str(ids[arg]))
        response = client.open(url, method=method, **PER_REQUEST.get(endpoint, {}))
        code = response.status_code
        where = f"{role} {method} {url} -> {code}"
        assert code != 500, where
        if role == "anonymous":
            assert code == 302 and "/auth/login" in response.location, where
        elif role in ("student", "guest"):
            assert code == 403, where
            assert "Only teachers can author questions" in response.text
        elif role == "other teacher" and rule.arguments:
            assert code == 403, where  # someone else's private bank, question, job or set
        else:
            assert code in (200, 302, 422), where  # 422: an empty form, refused with its messages
    if role == "other teacher":
        # the other teacher's own pages never list the owner's bank or set
        index = client.get("/author/").text
        assert "School to open in March" not in index and "Week 3" not in index
        assert f'value="{ids["bank_id"]}"' not in client.get("/author/upload").text


def test_the_author_link_is_shown_to_teachers_only(app, client, teacher, student):
    assert 'href="/author/"' not in client.get("/").text
    login(client, "student@example.org")
    assert 'href="/author/"' not in client.get("/").text
    login(client, "teacher@example.org")
    assert 'href="/author/"' in client.get("/").text


def test_a_teacher_cannot_put_another_teachers_private_questions_in_a_set(
    app, client, teacher, other_teacher
):
    login(client, "other@example.org")
    _job, private_bank = import_text(client)
    private_q = questions_of(app, private_bank)[0].id
    login(client, "teacher@example.org")
    set_id = make_set(client)
    assert client.get(f"/author/sets/{set_id}/add?bank={private_bank}").status_code == 403
    client.post(f"/author/sets/{set_id}/add", data={"questions": [private_q]})
    with app.app_context():
        assert db.session.get(QuestionSet, set_id).items == []


def test_a_job_taken_over_by_another_worker_does_not_make_a_second_bank(app, teacher, monkeypatch):
    with app.app_context():
        job = ImportJob(owner_id=teacher.id, payload=ARTICLE.encode(), filename="a.txt")
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        assert imports.claim(job_id)
        real = qs.generate_bank

        def slow_then_taken_over(article, *, progress=None):
            # meanwhile the job went stale and another worker claimed it (its try count moved on)
            db.session.execute(
                sa_update(ImportJob).where(ImportJob.id == job_id).values(tries=ImportJob.tries + 1)
            )
            return real(article, progress=progress)

        monkeypatch.setattr(qs, "generate_bank", slow_then_taken_over)
        imports.run_job(job_id)
        assert db.session.scalar(select(func.count()).select_from(Bank)) == 0
        assert db.session.get(ImportJob, job_id).status == "running"


def test_a_bank_students_answered_cannot_be_deleted(as_teacher, app, bank_id):
    as_teacher.post(f"/author/banks/{bank_id}/bulk", data={"kind": "", "action": "approve"})
    as_teacher.post(f"/author/banks/{bank_id}/settings", data={"visibility": "public"})
    pupil = app.test_client()
    pupil.post("/auth/guest")
    pupil.post("/quiz/", data={"bank": bank_id, "count": 1})
    response = as_teacher.post(f"/author/banks/{bank_id}/delete")
    assert response.status_code == 302
    assert "would delete their scores" in as_teacher.get(response.location).text
    assert count(app, Bank) == 1


def test_another_teacher_may_copy_a_public_set_but_not_change_it(app, client, teacher, other_teacher):
    login(client, "teacher@example.org")
    _job, bank = import_text(client)
    set_id = make_set(client, visibility="public")
    add_questions(client, set_id, bank, [questions_of(app, bank)[0].id])
    login(client, "other@example.org")
    assert client.get(f"/author/sets/{set_id}").status_code == 403
    response = client.post(f"/author/sets/{set_id}/duplicate")
    assert response.status_code == 302
    copy_id = int(response.location.rsplit("/", 1)[1])
    with app.app_context():
        copy = db.session.get(QuestionSet, copy_id)
        assert copy.owner_id == other_teacher.id and len(copy.items) == 1


def test_every_authoring_post_needs_its_csrf_token(app, teacher, other_teacher, student, admin):
    ids = build_world(app)
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    login_page = client.get("/auth/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post(
        "/auth/login", data={"email": "teacher@example.org", "password": PASSWORD, "csrf_token": token}
    )
    posts = [(e, r) for e, m, r in authoring_routes(app) if m == "POST"]
    assert posts
    for endpoint, rule in posts:
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<int:{arg}>", str(ids[arg]))
        response = client.post(url, data=PER_REQUEST.get(endpoint, {}).get("data", {}))
        assert response.status_code == 400, endpoint
        assert "Your form expired or was tampered with" in response.text
    # with the token from the page, the same action works
    review = client.get(f"/author/banks/{ids['bank_id']}").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', review).group(1)
    response = client.post(
        f"/author/questions/{ids['question_id']}/status", data={"action": "approve", "csrf_token": token}
    )
    assert response.status_code == 302


def test_a_running_job_keeps_its_heartbeat_between_progress_reports(app, teacher, monkeypatch):
    app.config["AUTHORING_HEARTBEAT"] = 0.05
    seen = []
    real = qs.generate_bank

    def slow(article, *, progress=None):
        with app.app_context():  # what another worker sees: the heartbeat moves while no progress is reported
            first = db.session.scalar(select(ImportJob.heartbeat_at))
            time.sleep(0.5)
            db.session.expire_all()
            seen.append((first, db.session.scalar(select(ImportJob.heartbeat_at))))
        return real(article)

    monkeypatch.setattr(qs, "generate_bank", slow)
    with app.app_context():
        db.session.add(ImportJob(owner_id=teacher.id, payload=ARTICLE.encode(), filename="a.txt"))
        db.session.commit()
        assert imports.run_pending_jobs() == 1
    ((before, after),) = seen
    assert after > before


def test_after_a_restart_the_first_request_starts_the_worker_which_finishes_the_interrupted_job(app, teacher):
    # the process that ran the job died: it stays "running" with an old heartbeat, as the new process finds it
    with app.app_context():
        job = ImportJob(
            owner_id=teacher.id,
            payload=ARTICLE.encode(),
            filename="a.txt",
            status="running",
            heartbeat_at=models.utcnow().replace(year=2020),
            tries=1,
            stage="Finding people",
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    app.config.update(AUTHORING_WORKER="thread", AUTHORING_WORKER_POLL=0.1)
    try:
        assert app.test_client().get("/").status_code == 200  # any first request starts the worker
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with app.app_context():
                status = db.session.get(ImportJob, job_id).status
            if status == "done":
                break
            time.sleep(0.1)
        assert status == "done"
        assert count(app, Bank) == 1
    finally:
        imports.stop_worker(app)


def test_editing_generated_list_and_cloze_questions(as_teacher, app, teacher, make_bank):
    bank_id = make_bank(owner_id=teacher.id, visibility="private", status="pending")
    rows = {r.uid: r for r in questions_of(app, bank_id)}
    cloze, listq = rows["q-speaker-rasmussen"], rows["q-demand-list"]
    form = as_teacher.get(f"/author/questions/{cloze.id}/edit").text
    assert "Former NATO Secretary-General [Anders Fogh Rasmussen] wrote for Politico" in form
    response = as_teacher.post(
        f"/author/questions/{cloze.id}/edit",
        data={
            "kind": "speaker",
            "prompt": "[Anders Fogh Rasmussen] wrote for Politico.",
            "accepted": "Rasmussen",
            "excerpt": "keep",
        },
    )
    assert response.status_code == 302
    form = as_teacher.get(f"/author/questions/{listq.id}/edit").text
    assert "withdraw troops from post-1997 placements" in form
    response = as_teacher.post(
        f"/author/questions/{listq.id}/edit",
        data={
            "kind": "demand",
            "prompt": listq.prompt,
            "items": "withdraw troops\nno NATO weapons",
            "excerpt": "keep",
        },
    )
    assert response.status_code == 302
    response = as_teacher.post(
        f"/author/questions/{listq.id}/edit",
        data={"kind": "demand", "prompt": listq.prompt, "items": "just one", "excerpt": "keep"},
    )
    assert response.status_code == 422 and "Give at least 2 items" in response.text
    after = {r.uid: r for r in questions_of(app, bank_id)}
    assert (after[cloze.uid].prompt, after[cloze.uid].answer) == (
        "_____ wrote for Politico.",
        "Anders Fogh Rasmussen",
    )
    assert after[cloze.uid].sources == cloze.sources
    assert after[listq.uid].items == ["withdraw troops", "no NATO weapons"]
    assert after[listq.uid].answer == "withdraw troops; no NATO weapons"
    # a multiple-choice edit keeps the notes of the wrong choices that remain
    mc = rows["q-place-brussels"]
    response = as_teacher.post(
        f"/author/questions/{mc.id}/edit",
        data={
            "kind": "place",
            "prompt": mc.prompt,
            "choices-0": "Moscow",
            "choices-1": "Brussels",
            "choices-2": "Paris",
            "answer": "Brussels",
            "excerpt": "keep",
        },
    )
    assert response.status_code == 302
    after_mc = next(r for r in questions_of(app, bank_id) if r.uid == mc.uid)
    assert [n["choice"] for n in after_mc.choice_notes] == ["Moscow"]


def test_a_question_imported_with_more_than_six_choices_keeps_them_all_when_edited(
    as_teacher, app, teacher, make_bank, sample_bank
):
    import dataclasses

    mc = next(q for q in sample_bank.questions if q.id == "q-place-brussels")
    many = (*mc.choices, *(f"Town {n}" for n in range(1, 9 - len(mc.choices))))
    assert len(many) == 8
    bank = dataclasses.replace(
        sample_bank,
        questions=[dataclasses.replace(q, choices=many) if q is mc else q for q in sample_bank.questions],
    )
    bank_id = make_bank(bank, owner_id=teacher.id, visibility="private", status="pending")
    row = next(r for r in questions_of(app, bank_id) if r.uid == mc.id)
    page = as_teacher.get(f"/author/questions/{row.id}/edit").text
    # the edit page shows every choice, not the first six
    assert 'name="choices-7"' in page and "Town" in page
    posted = {f"choices-{n}": c for n, c in enumerate(many)}
    response = as_teacher.post(
        f"/author/questions/{row.id}/edit",
        data={
            "kind": "place",
            "prompt": "Where is the alliance based?",
            "answer": mc.answer,
            "excerpt": "keep",
            **posted,
        },
    )
    assert response.status_code == 302
    after = next(r for r in questions_of(app, bank_id) if r.uid == mc.id)
    assert list(after.choices) == list(many) and after.prompt == "Where is the alliance based?"
