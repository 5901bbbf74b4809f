"""One of everything, owned by one teacher: the objects every route acts on, for the authorization
matrix, the fuzzing of every POST route and the XSS tests.

``build_world(app)`` makes the people (owner teacher, another teacher, a student, an admin; a guest is
made per client), a private bank with its article and questions, an import job, a question set with an
item, a classroom session with a player, an attempt and a study deck key. With ``payload=`` every text a
user can type (article, titles, question, answer, choices, nickname, set description) carries it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import questions as qs

PASSWORD = "correct horse"
EMAILS = {
    "student": "student@example.org",
    "other_teacher": "other@example.org",
    "owner": "owner@example.org",
    "admin": "admin@example.org",
}
ROLES = ("anonymous", "guest", "student", "other_teacher", "owner", "admin")


@dataclass
class World:
    ids: dict[str, Any] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    player_token: str = ""
    join_code: str = ""
    payload: str | None = None

    def url(self, rule: Any, *, deck_key: str | None = None) -> str:
        """The rule's URL with every parameter filled from this world."""
        values = {}
        for arg in rule.arguments:
            if arg == "key":
                values[arg] = deck_key or self.ids["deck_key"]
            elif arg == "token":
                values[arg] = self.ids["set_token" if rule.endpoint.startswith("sets.") else "bank_token"]
            elif arg == "filename":
                values[arg] = "css/app.css"
            else:
                values[arg] = self.ids[arg]
        return rule.build(values, append_unknown=False)[1]


def payload_bank(payload: str) -> qs.Bank:
    """An article and questions whose every typed text is ``payload``, with true offsets."""
    text = (
        f"Title {payload}\n\n"
        f"{payload} said on Monday that the school in Springfield will open in March.\n\n"
        f"The mayor, Tom Jones, agreed with {payload} on the plan."
    )
    first = text.index(f"{payload} said")
    end1 = text.index("\n\n", first)
    second = text.index("The mayor")
    s1 = qs.Source(first, end1, text[first:end1], (first, first + len(payload)))
    s2 = qs.Source(second, len(text), text[second:], None)
    questions = (
        qs.Question(
            id="x-mc",
            kind="speaker",
            type="multiple_choice",
            prompt=f"Who said it? {payload}",
            answer=payload,
            choices=(payload, "Tom Jones", "Anna Smith", "Maria Lopez"),
            sources=(s1,),
            explanation=f"The article says {payload}.",
            choice_notes=(qs.ChoiceNote("Tom Jones", f"He agreed with {payload}.", s2),),
        ),
        qs.Question(
            id="x-short",
            kind="speaker",
            type="short_answer",
            prompt=f"Name the speaker {payload}",
            answer=payload,
            accepted=(payload,),
            sources=(s1,),
            explanation=f"Said by {payload}.",
        ),
        qs.Question(
            id="x-tf",
            kind="date",
            type="true_false",
            prompt=f"True or false: {payload} spoke on Monday.",
            answer="True",
            choices=("True", "False"),
            sources=(s1,),
            explanation=f"{payload} spoke on Monday.",
        ),
    )
    return qs.Bank(
        article=qs.ArticleInfo(title=f"Title {payload}", published="2024-03-01", text=text),
        questions=questions,
        generator=f"hand-made {payload}",
    )


def build_world(
    app: Any, sample_bank: qs.Bank, *, payload: str | None = None, nickname: str | None = None
) -> World:
    from sqlalchemy import select

    from quizapp.accounts.models import User
    from quizapp.authoring import sets
    from quizapp.authoring.models import ImportJob, SetItem
    from quizapp.classroom import players, sessions
    from quizapp.core.extensions import db
    from quizapp.library.models import Bank, Question
    from quizapp.library.store import store_bank
    from quizapp.quiz import attempts

    world = World(payload=payload)
    with app.app_context():
        for role, email in EMAILS.items():
            name = f"{role} {payload}" if payload else role
            user = User(
                email=email,
                display_name=name[:80],
                role={"other_teacher": "teacher", "owner": "teacher"}.get(role, role),
            )
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
        users = {
            role: db.session.scalars(select(User).where(User.email == e)).one() for role, e in EMAILS.items()
        }
        world.users = {role: u.id for role, u in users.items()}
        owner = users["owner"]

        bank_data = payload_bank(payload) if payload else sample_bank
        bank = store_bank(
            bank_data,
            owner_id=owner.id,
            visibility="private",
            status="approved",
            title=f"Bank {payload}" if payload else "Owner's private bank",
        )
        questions = list(
            db.session.scalars(select(Question).where(Question.bank_id == bank.id).order_by(Question.id))
        )
        question_id = questions[0].id

        job = ImportJob(
            owner_id=owner.id,
            filename="article.txt",
            payload=bank_data.article.text.encode(),
            title=f"Job {payload}" if payload else "An import",
            status="done",
            bank_id=bank.id,
        )
        db.session.add(job)
        db.session.commit()

        qset = sets.create_set(
            owner.id,
            title=f"Set {payload}" if payload else "Week 3",
            description=payload or "Questions for week 3",
            tags=[payload[:40]] if payload else ["week"],
        )
        sets.add_to_set(qset, [q.id for q in questions], owner)
        item_id = db.session.scalars(select(SetItem.id).where(SetItem.set_id == qset.id)).first()

        session = sessions.create_session(
            owner,
            f"bank:{bank.id}",
            sessions.SessionOptions(count=min(3, len(questions))),
            rng=random.Random(0),
        )
        joined = players.join(session, nickname or "Kim")
        world.player_token = joined.token
        world.join_code = session.join_code

        # a fixed order, so every run of a test meets the same first question
        attempt = attempts.start_attempt(
            owner.id, db.session.get(Bank, bank.id), count=len(questions), rng=random.Random(0)
        )

        world.ids = {
            "bank_id": bank.id,
            "question_id": question_id,
            "question_ids": [q.id for q in questions],
            "job_id": job.id,
            "set_id": qset.id,
            "item_id": item_id,
            "session_id": session.id,
            "player_id": joined.player.id,
            "attempt_id": attempt.id,
            "number": 1,
            "user_id": world.users["student"],
            "deck_key": f"bank:{bank.id}",
            "bank_token": bank.share_token,
            "set_token": qset.share_token,
        }
    return world


def log_in(client: Any, role: str) -> None:
    """Make ``client`` act as ``role`` (CSRF must be off, or use :func:`log_in_with_csrf`)."""
    if role == "anonymous":
        return
    if role == "guest":
        assert client.post("/auth/guest").status_code == 302
        return
    response = client.post("/auth/login", data={"email": EMAILS[role], "password": PASSWORD})
    assert response.status_code == 302, (role, response.status_code)
