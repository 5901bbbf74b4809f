"""The review page at scale (#16.1): one fact's versions together with their types shown, filters by
kind, status and flag, 12 facts a page, approve in place (JSON for review.js) and without JavaScript."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

import questions as qs
from quizapp.core.extensions import db
from quizapp.itemstats.recording import add_counts
from quizapp.library.models import Question


def many_facts_bank(sample: qs.Bank, facts: int = 15) -> qs.Bank:
    """``facts`` facts, each asked as multiple choice and as true/false (the seed bank's wording)."""
    mc = next(q for q in sample.questions if q.type == "multiple_choice")
    tf = next(q for q in sample.questions if q.type == "true_false")
    out = []
    for i in range(facts):
        out.append(replace(mc, id=f"mc-{i}", fact_id=f"fact-{i}", prompt=f"Fact {i}: {mc.prompt}"))
        out.append(replace(tf, id=f"tf-{i}", fact_id=f"fact-{i}", prompt=f"Fact {i}: {tf.prompt}"))
    return replace(sample, questions=tuple(out))


@pytest.fixture
def teacher_bank(app, client, auth, make_user, make_bank, sample_bank) -> dict[str, Any]:
    teacher = make_user("t@example.org", role="teacher")
    bank_id = make_bank(
        many_facts_bank(sample_bank), owner_id=teacher.id, status="pending", visibility="private"
    )
    auth.login("t@example.org")
    with app.app_context():
        ids = list(
            db.session.scalars(select(Question.id).where(Question.bank_id == bank_id).order_by(Question.id))
        )
    return {"bank_id": bank_id, "ids": ids}


def facts_on(page: str) -> list[str]:
    return re.findall(r"Fact (\d+): In which year", page)


def test_one_facts_versions_are_together_with_their_types_and_12_facts_a_page(client, teacher_bank):
    first = client.get(f"/author/banks/{teacher_bank['bank_id']}").get_data(as_text=True)
    assert facts_on(first) == [str(i) for i in range(12)]
    assert first.count("One fact, 2 versions: Multiple choice, True or false") == 12
    # both versions of fact 0 sit in one group, before fact 1's
    group = first.split('class="fact-group"')[1]
    assert "Fact 0: In which year" in group and "Fact 0: True or false" in group and "Fact 1:" not in group
    assert "30 questions on 15 facts" in first
    second = client.get(f"/author/banks/{teacher_bank['bank_id']}?page=2").get_data(as_text=True)
    assert facts_on(second) == ["12", "13", "14"]
    assert 'aria-current="page">2<' in second and 'rel="prev"' in second and 'rel="next"' not in second
    # a page past the end shows the last; nonsense shows the first, never a 500
    assert facts_on(
        client.get(f"/author/banks/{teacher_bank['bank_id']}?page=99").get_data(as_text=True)
    ) == [
        "12",
        "13",
        "14",
    ]
    assert client.get(f"/author/banks/{teacher_bank['bank_id']}?page=x&flag=bogus&sort=1").status_code == 200


def test_filters_by_status_and_flag_and_sort_by_flags(app, client, teacher_bank):
    bank_id, ids = teacher_bank["bank_id"], teacher_bank["ids"]
    client.post(f"/author/questions/{ids[0]}/status", data={"action": "approve"})
    approved = client.get(f"/author/banks/{bank_id}?status=approved").get_data(as_text=True)
    assert "1 question on 1 fact match" in approved and f'id="q{ids[0]}"' in approved
    # fact 14's multiple-choice version: a wrong answer picked far more than the key
    last_mc = ids[-2]
    with app.app_context():
        key = db.session.get(Question, last_mc).choices.index(db.session.get(Question, last_mc).answer)
        wrong = (key + 1) % 4
        add_counts([(last_mc, "quiz", "answers", 20), (last_mc, "quiz", "correct", 4)])
        add_counts([(last_mc, "quiz", f"pick:{key}", 4), (last_mc, "quiz", f"pick:{wrong}", 16)])
        db.session.commit()
    flagged = client.get(f"/author/banks/{bank_id}?flag=distractor_over_key").get_data(as_text=True)
    assert facts_on(flagged) == ["14"] and "A wrong answer beats the key" in flagged
    assert "was picked 16 times, more than the right answer" in flagged
    assert "1 flagged by their answers" in flagged
    sorted_page = client.get(f"/author/banks/{bank_id}?sort=flags").get_data(as_text=True)
    assert facts_on(sorted_page)[:2] == ["14", "0"]
    assert facts_on(client.get(f"/author/banks/{bank_id}?flag=too_easy").get_data(as_text=True)) == []


def test_approve_in_place_answers_with_the_new_card_and_counts(client, teacher_bank):
    qid = teacher_bank["ids"][3]
    reply = client.post(
        f"/author/questions/{qid}/status", data={"action": "approve"}, headers={"Accept": "application/json"}
    )
    assert reply.status_code == 200
    body = reply.get_json()
    assert (
        body["status"] == "approved" and body["counts"]["approved"] == 1 and body["counts"]["pending"] == 29
    )
    assert f'id="q{qid}"' in body["html"] and "status-approved" in body["html"]
    assert ">Reject</button>" in body["html"] and ">Approve</button>" not in body["html"]
    bad = client.post(
        f"/author/questions/{qid}/status", data={"action": "x"}, headers={"Accept": "application/json"}
    )
    assert bad.status_code == 400 and "error" in bad.get_json()


def test_without_javascript_approve_redirects_back_to_the_same_filters_and_page(client, teacher_bank):
    bank_id, qid = teacher_bank["bank_id"], teacher_bank["ids"][26]
    reply = client.post(
        f"/author/questions/{qid}/status",
        data={"action": "reject", "status_filter": "pending", "page_filter": "2"},
    )
    assert reply.status_code == 302
    assert reply.location.endswith(f"/author/banks/{bank_id}?page=2&status=pending#q{qid}")
    page = client.get(reply.location.split("#")[0]).get_data(as_text=True)
    assert f'id="q{qid}"' not in page  # rejected: no longer among the pending ones


def test_versions_on_the_same_excerpt_show_it_once(app, client, auth, make_user, make_bank, sample_bank):
    teacher = make_user("t@example.org", role="teacher")
    mc = replace(next(q for q in sample_bank.questions if q.type == "multiple_choice"), fact_id="crimea")
    cloze = replace(mc, id="cloze", type="cloze", choices=(), prompt="Russia annexed Crimea in ____.")
    bank_id = make_bank(replace(sample_bank, questions=(mc, cloze)), owner_id=teacher.id)
    auth.login("t@example.org")
    page = client.get(f"/author/banks/{bank_id}").get_data(as_text=True)
    assert re.search(r"One fact, 2 versions: Multiple choice, \w", page)
    assert page.count('<blockquote class="context">') == 1
    assert "From the same excerpt as the version above." in page
