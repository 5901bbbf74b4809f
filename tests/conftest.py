"""Shared fixtures: a fresh app per test (instance folder in tmp_path), its client and CLI runner,
an ``auth`` helper, row factories, and a hand-made bank over the real seed article.

The database is a SQLite file in tmp_path. When ``QUIZAPP_TEST_DATABASE_URL`` names a PostgreSQL
database, every run gets its own schema there (dropped at the end), so runs do not collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

import questions as qs
from quizapp import create_app

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "seed" / "000_4df508d8d7a01fc2.txt"
PG_URL = os.environ.get("QUIZAPP_TEST_DATABASE_URL")


# --- database per run -------------------------------------------------------------------------


def _pg_admin_engine(url: str) -> Any:
    import sqlalchemy as sa

    from quizapp.core.config import normalise_database_url

    return sa.create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def database() -> Iterator[dict[str, Any]]:
    """How to reach this run's database: a PostgreSQL schema of its own, or nothing (SQLite per test)."""
    if not PG_URL:
        yield {}
        return
    import sqlalchemy as sa

    schema = f"quizapp_test_{uuid.uuid4().hex[:12]}"
    engine = _pg_admin_engine(PG_URL)
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {"url": PG_URL, "schema": schema, "make_schema": lambda name: _make_schema(engine, name)}
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            for (extra,) in conn.execute(
                sa.text("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :p"),
                {"p": f"{schema}_%"},
            ):
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{extra}" CASCADE'))
        engine.dispose()


def _make_schema(engine: Any, name: str) -> None:
    import sqlalchemy as sa

    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{name}"'))


def database_config(database: dict[str, Any], tmp_path: Path, schema: str | None = None) -> dict[str, Any]:
    """Config keys pointing the app at this test's database (``schema`` picks another PG schema)."""
    if not database:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}"}
    schema = schema or database["schema"]
    if schema != database["schema"]:
        database["make_schema"](schema)
    return {
        "SQLALCHEMY_DATABASE_URI": database["url"],
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-c search_path={schema}"}},
    }


TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    # one JSON line per request would bury a failing test's output; test_operations turns them on
    "LOG_LEVEL": "WARNING",
}


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Extra config for the ``app`` fixture; override in a module to change it."""
    return {}


@pytest.fixture
def app(tmp_path: Path, database: dict[str, Any], app_config: dict[str, Any]) -> Iterator[Flask]:
    from quizapp.core.extensions import db

    config = {**TEST_CONFIG, **database_config(database, tmp_path), **app_config}
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if database:
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


# --- accounts ----------------------------------------------------------------------------------


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def signup(
        self,
        email: str = "student@example.org",
        password: str = "correct horse",
        name: str = "Sam Student",
        **extra: Any,
    ) -> Any:
        return self._client.post(
            "/auth/signup",
            data={"email": email, "display_name": name, "password": password, "confirm": password, **extra},
        )

    def login(self, email: str = "student@example.org", password: str = "correct horse") -> Any:
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self._client.post("/auth/logout")

    def guest(self) -> Any:
        return self._client.post("/auth/guest")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def make_user(app: Flask) -> Any:
    """Create a user row: ``make_user("t@example.org", role="teacher")``; the password is "correct horse"."""
    from quizapp.accounts.models import User
    from quizapp.core.extensions import db

    def make(
        email: str = "student@example.org",
        *,
        role: str = "student",
        name: str | None = None,
        password: str = "correct horse",
        guest: bool = False,
    ) -> User:
        with app.app_context():
            user = User(
                email=None if guest else email.lower(),
                display_name=name or email.split("@")[0],
                role=role,
                is_guest=guest,
            )
            if not guest:
                user.set_password(password)
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


# --- banks -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_text() -> str:
    return qs.read_article(SEED_PATH).text


def _span(text: str, needle: str, within: tuple[int, int] | None = None) -> tuple[int, int]:
    start = text.index(needle, within[0] if within else 0)
    return start, start + len(needle)


def _sentence(text: str, needle: str) -> tuple[int, int]:
    """The sentence (or quoted line) of the seed article that contains ``needle``."""
    at = text.index(needle)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
    if text.rfind(". ", 0, at) == -1:
        start = text.rfind("\n", 0, at) + 1
    ends = [e for e in (text.find(". ", at), text.find("\n", at)) if e != -1]
    end = min(ends) + 1 if ends else len(text)
    if text[end - 1] == "\n":
        end -= 1
    return start, end


def _paragraph(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end == -1 else end


def _source(text: str, sentence_needle: str, answer: str | None, *, paragraph: bool = False) -> qs.Source:
    s, e = (_paragraph if paragraph else _sentence)(text, sentence_needle)
    hl = _span(text, answer, (s, e)) if answer else None
    if hl and hl[1] > e:
        hl = None
    return qs.Source(s, e, text[s:e], hl)


def build_sample_bank(text: str) -> qs.Bank:
    """Eight realistic questions over the seed article, one or more of every type, with true offsets."""
    crimea = _source(text, "annexed the Crimean Peninsula", "2014")
    post1997 = _source(text, "post-1997 placements", "1997")
    stolt = _source(text, "NATO is a defensive alliance", "Jens Stoltenberg", paragraph=True)
    rasm = _source(text, "as written for Politico", "Anders Fogh Rasmussen")
    jan26 = _source(text, "on January 26, NATO and the US", "January 26")
    brussels = _source(text, "headquarters in Brussels", "Brussels")
    moscow_office = _source(text, "sealed its office in the Russian capital", "Moscow")
    nations = _source(text, "leading at least 12 nations", "12")
    december = _source(text, "The proposal made in December 2021", "December")
    demands = (
        _source(text, "withdraw troops from post-1997", "withdraw troops"),
        _source(
            text, "restrict NATO forces and weapon deployment", "restrict NATO forces and weapon deployment"
        ),
        _source(
            text, "ruling out permanent membership of Ukraine", "ruling out permanent membership of Ukraine"
        ),
    )
    questions = (
        qs.Question(
            id="q-date-crimea",
            kind="date",
            type="multiple_choice",
            prompt="In which year did Russia invade Ukraine and annex the Crimean Peninsula?",
            answer="2014",
            choices=("1997", "2014", "2021", "2022"),
            sources=(crimea,),
            explanation="The article dates the rift between Russia and NATO to 2014, when Russia annexed "
            "Crimea.",
            choice_notes=(
                qs.ChoiceNote(
                    "1997",
                    "1997 is the year after which NATO placements should be withdrawn, "
                    "according to Russia's demands.",
                    post1997,
                ),
            ),
            value="2014",
        ),
        qs.Question(
            id="q-speaker-stoltenberg",
            kind="speaker",
            type="short_answer",
            prompt='Who said "NATO is a defensive alliance and we do not seek confrontation"?',
            answer="Jens Stoltenberg",
            accepted=("Stoltenberg", "NATO chief Jens Stoltenberg"),
            sources=(stolt,),
            explanation="The quote is attributed to NATO chief Jens Stoltenberg at a news conference.",
        ),
        qs.Question(
            id="q-demand-list",
            kind="demand",
            type="list",
            prompt="Name the three security guarantees Russia wanted from NATO.",
            answer="withdraw troops; restrict NATO forces and weapon deployment; "
            "rule out Ukraine's membership",
            items=(
                "withdraw troops from post-1997 placements",
                "restrict NATO forces and weapon deployment",
                "rule out Ukraine's membership",
            ),
            sources=demands,
            explanation="The draft security guarantees listed three demands.",
        ),
        qs.Question(
            id="q-date-response",
            kind="date",
            type="true_false",
            prompt="True or false: NATO and the US delivered their written response to Russia on January 26.",
            answer="True",
            choices=("True", "False"),
            sources=(jan26,),
            explanation="The article says the written response was delivered on January 26.",
        ),
        qs.Question(
            id="q-speaker-rasmussen",
            kind="speaker",
            type="cloze",
            prompt="Former NATO Secretary-General ____ wrote for Politico about agreeing to Putin's demands.",
            answer="Anders Fogh Rasmussen",
            accepted=("Rasmussen", "Anders Rasmussen"),
            sources=(rasm,),
            explanation="The Politico piece is by former NATO Secretary-General Anders Fogh Rasmussen.",
        ),
        qs.Question(
            id="q-place-brussels",
            kind="place",
            type="multiple_choice",
            prompt="From NATO's headquarters in which city were Russian officials expelled?",
            answer="Brussels",
            choices=("Moscow", "Brussels", "Kyiv", "Romania"),
            sources=(brussels,),
            explanation="NATO expelled Russian officials from its headquarters in Brussels.",
            choice_notes=(
                qs.ChoiceNote(
                    "Moscow",
                    "Moscow is where Russia sealed NATO's office, not NATO's headquarters.",
                    moscow_office,
                ),
            ),
        ),
        qs.Question(
            id="q-number-nations",
            kind="number",
            type="short_answer",
            prompt="At least how many nations ordered their citizens to fly out?",
            answer="12",
            accepted=("twelve",),
            sources=(nations,),
            value="12",
            explanation="At least 12 nations, including New Zealand, the US, UK and Canada, told citizens "
            "to leave.",
        ),
        qs.Question(
            id="q-date-december",
            kind="date",
            type="cloze",
            prompt="The proposal was made in ____ 2021, during a virtual meeting with US President "
            "Joe Biden.",
            answer="December",
            sources=(december,),
            explanation="The proposal was made in December 2021.",
        ),
    )
    published = qs.read_article(SEED_PATH).published
    return qs.Bank(
        article=qs.ArticleInfo(title=None, published=published.isoformat() if published else None, text=text),
        questions=questions,
        generator="hand-made test bank",
    )


@pytest.fixture(scope="session")
def sample_bank(seed_text: str) -> qs.Bank:
    return build_sample_bank(seed_text)


@pytest.fixture
def make_bank(app: Flask, sample_bank: qs.Bank) -> Any:
    """Store a bank and return its id: ``make_bank()`` is the hand-made seed bank, public and approved."""
    from quizapp.library.store import store_bank

    def make(
        bank: qs.Bank | None = None,
        *,
        owner_id: int | None = None,
        visibility: str = "public",
        status: str = "approved",
        title: str | None = None,
        is_seed: bool = False,
    ) -> int:
        with app.app_context():
            row = store_bank(
                bank or sample_bank,
                owner_id=owner_id,
                visibility=visibility,
                status=status,
                title=title,
                is_seed=is_seed,
            )
            return row.id

    return make


@pytest.fixture(scope="session")
def generated_seed_bank() -> qs.Bank:
    """The real generator's bank of the seed article, generated once per session (spaCy takes seconds)."""
    return qs.generate_bank(qs.read_article(SEED_PATH))
