"""Values the database refuses (PostgreSQL above all) get a clear answer, never a 500 (issue 14,
hostile input): an import whose article names a source longer than its column, a NUL in an imported
file, a headline longer than the title column; and the last resort for anything no form caught.

Run with QUIZAPP_TEST_DATABASE_URL set: SQLite stores over-long text and NUL without a word.
"""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DataError

from questions.bank import bank_to_dict
from quizapp.core.errors import DATA_ERROR_MESSAGE
from quizapp.core.extensions import db
from quizapp.library.models import Article, Bank

PASSWORD = "correct horse"


def teacher(app, make_user) -> Any:
    make_user("t@example.org", role="teacher")
    client = app.test_client()
    assert (
        client.post("/auth/login", data={"email": "t@example.org", "password": PASSWORD}).status_code == 302
    )
    return client


def upload(client: Any, doc: dict[str, Any]) -> Any:
    data = {"file": (io.BytesIO(json.dumps(doc).encode()), "bank.json"), "bank": "0", "format": ""}
    return client.post("/author/upload", data=data, content_type="multipart/form-data")


def test_an_imported_article_longer_than_its_columns_is_clipped(app, make_user, sample_bank):
    client = teacher(app, make_user)
    doc = bank_to_dict(sample_bank)
    doc["article"]["source_name"] = "S" * 400
    doc["article"]["title"] = "T" * 400
    response = upload(client, doc)
    assert response.status_code == 200 and "imported" in response.text.lower()
    with app.app_context():
        article = db.session.scalars(select(Article).order_by(Article.id.desc())).first()
        assert article.source_name == "S" * 200 and article.title == "T" * 300


def test_an_imported_file_with_a_nul_is_refused_with_a_message(app, make_user, sample_bank):
    client = teacher(app, make_user)
    doc = bank_to_dict(sample_bank)
    doc["questions"][0]["prompt"] = "Who\x00 said it?"
    response = upload(client, doc)
    assert response.status_code == 422 and "NUL characters" in response.text
    with app.app_context():
        assert db.session.scalars(select(Bank)).all() == []


def test_an_article_with_a_very_long_headline_and_file_name_is_imported(app, make_user):
    client = teacher(app, make_user)
    article = (
        "T" * 400 + "\n\n" + "The mayor said on Monday that the school will open in March. " * 12
    ).encode()
    response = client.post(
        "/author/import",
        data={"file": (io.BytesIO(article), "n" * 300 + ".txt"), "visibility": "private"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text[:300]
    from quizapp.authoring.models import ImportJob

    with app.app_context():
        job = db.session.scalars(select(ImportJob)).one()
        assert job.status == "done", job.error
        assert job.bank.article.title == "T" * 300 and len(job.bank.article.filename) == 255


def test_a_value_no_form_caught_is_a_clear_400_and_the_next_query_works(app):
    """The last resort (quizapp.core.errors): a DataError rolls back and says what happened."""

    @app.post("/test-data-error")
    def store_something_too_long() -> str:
        db.session.execute(text("SELECT 1"))
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("SELECT 2147483648::integer"))  # PostgreSQL: integer out of range
        raise DataError("INSERT …", {}, ValueError("value too long for type character varying(300)"))

    client = app.test_client()
    response = client.post("/test-data-error")
    assert response.status_code == 400
    assert DATA_ERROR_MESSAGE in response.text and "Not stored" in response.text
    assert client.get("/").status_code == 200  # the worker's session was rolled back
    as_json = client.post("/test-data-error", headers={"Accept": "application/json"})
    assert as_json.status_code == 400 and as_json.json["message"] == DATA_ERROR_MESSAGE
