"""Library: banks with counts per kind, the article reader with marked excerpts, who sees which bank."""

from __future__ import annotations

import re

from quizapp.core.extensions import db
from quizapp.library.models import Bank


def test_library_lists_banks_with_title_date_and_counts_per_kind(client, make_bank):
    make_bank(title="Russia and NATO")
    page = client.get("/")
    assert page.status_code == 200
    assert "Russia and NATO" in page.text
    assert '<time datetime="2022-02-14">14 February 2022</time>' in page.text
    assert "<strong>8</strong> questions" in page.text
    for label in ("Dates: 3", "Who said it: 2", "Demands: 1", "Places: 1", "Numbers: 1"):
        assert label in page.text
    assert "Start a quiz" in page.text


def test_an_article_without_a_headline_is_named_by_its_first_words(client, make_bank):
    make_bank()
    page = client.get("/")
    assert "Russian aggression against Ukraine reached new heights with Moscow increasing" in page.text
    assert "date 2022-02-14 Russian" not in page.text


def test_counts_leave_out_questions_not_approved(client, make_bank, make_user, auth):
    """Its owner sees a bank with nothing approved as "0 questions"; nobody else sees it listed."""
    owner = make_user("teacher@example.org", role="teacher")
    make_bank(status="pending", title="Pending bank", owner_id=owner.id)
    make_bank(title="Approved bank")
    for who in ("anonymous", "student"):
        if who == "student":
            make_user("student@example.org")
            auth.login("student@example.org")
        page = client.get("/")
        assert "Approved bank" in page.text and "Pending bank" not in page.text, who
        assert "<strong>0</strong> questions" not in page.text
        assert "Pending bank" not in client.get("/quiz/").text
    auth.logout()
    auth.login("teacher@example.org")
    page = client.get("/")
    assert "Pending bank" in page.text
    assert "<strong>0</strong> questions" in page.text


def test_a_pasted_article_is_titled_by_its_first_line_only(client, make_user, auth):
    make_user("teacher@example.org", role="teacher")
    auth.login("teacher@example.org")
    pasted = (
        "City opens bridge\n"
        "The mayor said on Tuesday that the old bridge in Riverton reopened after two years of repairs.\n"
        '"It is safer than ever," said Maria Lopez, the city engineer.'
    )
    response = client.post("/author/import", data={"text": pasted, "visibility": "private"})
    assert response.status_code == 302, response.text
    job = int(response.location.rsplit("/", 1)[1])
    status = client.get(f"/author/jobs/{job}/status").get_json()
    assert status["status"] == "done", status
    with client.application.app_context():
        bank = db.session.get(Bank, int(status["bank_url"].rsplit("/", 1)[1]))
        assert bank.title == "City opens bridge"
    assert "opens bridge The mayor" not in client.get("/").text


def test_the_reader_marks_every_excerpt_with_questions(client, make_bank, sample_bank):
    bank_id = make_bank()
    page = client.get(f"/bank/{bank_id}/article")
    assert page.status_code == 200
    ids = re.findall(r'<span class="excerpt-mark" id="(x\d+-\d+)"', page.text)
    excerpts = {(s.start, s.end) for q in sample_bank.questions for s in q.sources}
    assert len(ids) >= len({s for s, _ in excerpts}) - 1  # overlapping excerpts share one mark
    for q in sample_bank.questions:
        for s in q.sources:
            assert any(int(a.split("-")[0][1:]) <= s.start and s.end <= int(a.split("-")[1]) for a in ids), (
                q.id
            )
    # headings of the article stay headings, not marks
    assert '<h2 class="heading">What does Russia want?</h2>' in page.text


def test_the_reader_highlights_the_target_excerpt_with_css_only(client, make_bank):
    page = client.get(f"/bank/{make_bank()}/article")
    assert "<script" not in page.text
    with client.get("/static/css/app.css") as css:
        assert ".excerpt-mark:target" in css.text


def test_a_class_bank_opens_with_its_link_and_a_private_one_does_not(client, make_user, make_bank, app):
    """Banks share like question sets: private is the owner's alone, even with the link; class is whoever
    has the link; making a bank private again, or making a new link, closes the old way in."""
    teacher = make_user("t@example.org", role="teacher")
    bank_id = make_bank(owner_id=teacher.id, visibility="private", title="Private bank")
    owner = app.test_client()
    owner.post("/auth/login", data={"email": "t@example.org", "password": "correct horse"})
    assert "Private bank" in owner.get("/").text  # the owner sees it in the library
    with app.app_context():
        token = db.session.get(Bank, bank_id).share_token

    assert "Private bank" not in client.get("/").text
    assert client.get(f"/bank/{bank_id}/article").status_code == 403
    refused = client.get(f"/shared/{token}")
    assert refused.status_code == 404 and "does not match any shared bank" in refused.text
    assert client.get(f"/bank/{bank_id}/article").status_code == 403

    # the owner shares it with the class; the author page shows the link
    owner.post(f"/author/banks/{bank_id}/settings", data={"visibility": "class"})
    assert f"/shared/{token}" in owner.get(f"/author/banks/{bank_id}").text
    assert client.get(f"/shared/{token}").status_code == 302
    assert client.get(f"/bank/{bank_id}/article").status_code == 200
    assert f'value="{bank_id}">Private bank<' in client.get("/quiz/").text
    assert client.post("/quiz/", data={"bank": bank_id, "count": 2}).status_code == 302
    assert "Private bank" not in app.test_client().get("/").text  # not listed for anyone else

    # private again: the link, and the visit that used it, no longer open it
    owner.post(f"/author/banks/{bank_id}/settings", data={"visibility": "private"})
    assert client.get(f"/bank/{bank_id}/article").status_code == 403
    assert f'value="{bank_id}">Private bank<' not in client.get("/quiz/").text
    assert client.post("/quiz/", data={"bank": bank_id, "count": 2}).status_code != 302
    assert "its link does not work" in owner.get(f"/author/banks/{bank_id}").text

    # class again, with a new link: the old one stops working
    owner.post(f"/author/banks/{bank_id}/settings", data={"visibility": "class"})
    owner.post(f"/author/banks/{bank_id}/new-link")
    assert app.test_client().get(f"/shared/{token}").status_code == 404
    with app.app_context():
        fresh = db.session.get(Bank, bank_id).share_token
    assert fresh != token and app.test_client().get(f"/shared/{fresh}").status_code == 302


def test_an_unknown_share_link_is_a_friendly_404(client):
    response = client.get("/shared/not-a-token")
    assert response.status_code == 404
    assert "share link does not match" in response.text


def test_the_reader_shows_the_date_line_as_the_date_not_as_a_line_of_the_story(client, make_bank):
    page = client.get(f"/bank/{make_bank()}/article").text
    assert "date 2022-02-14" not in page
    assert '<time datetime="2022-02-14">14 February 2022</time>' in page
    assert "Russian aggression against Ukraine reached new heights" in page


def test_every_excerpt_of_the_generated_seed_bank_has_its_anchor_in_the_reader(
    client, app, generated_seed_bank
):
    """Each feedback link ("See it in the article") of the real seed bank lands on a mark in the reader."""
    from quizapp.library import reader
    from quizapp.library.store import store_bank

    assert generated_seed_bank.questions, generated_seed_bank.empty_reason
    with app.app_context():
        bank_id = store_bank(generated_seed_bank, visibility="public", status="approved", is_seed=True).id
    page = client.get(f"/bank/{bank_id}/article").text
    ids = set(re.findall(r'<span class="excerpt-mark" id="(x\d+-\d+)"', page))
    merged = reader.merged_spans(reader.question_spans(generated_seed_bank.questions))
    for q in generated_seed_bank.questions:
        for source in q.sources:
            assert reader.anchor_for(source, merged) in ids, (q.prompt, source.start, source.end)
    home = client.get("/").text
    counts = generated_seed_bank.by_kind()
    assert f"<strong>{len(generated_seed_bank.questions)}</strong> questions" in home
    assert f"Dates: {counts['date']}" in home and f"Who said it: {counts['speaker']}" in home
