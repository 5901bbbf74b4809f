"""XSS: an article, a title, a question, its answer, a set and a nickname made of payloads are shown
escaped on every page type and in every export. (tests/e2e/test_xss_e2e.py renders the same pages in
Chromium and checks that nothing runs.)"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from xml.etree import ElementTree

import pypdf
import pytest

from questions.formats import FORMATS
from tests.e2e.pages import page_tour
from tests.quizapp.world import build_world, log_in

PAYLOAD = (
    '<script>window.__xss=1</script><img id="xss-img" src=x onerror="window.__xss=1">'
    "\"'><svg id=xss-svg onload=window.__xss=1>"
)
NICKNAME = "<svg/onload=alert(1)>"  # 21 characters: nicknames are short
RAW = ("<script>window.__xss", '<img id="xss-img"', "<svg id=xss-svg", "<svg/onload")


@pytest.fixture
def xss_world(app, sample_bank):
    return build_world(app, sample_bank, payload=PAYLOAD, nickname=NICKNAME)


def client_for(app, world, who):
    client = app.test_client()
    if who == "player":
        client.set_cookie(
            f"classroom_player_{world.ids['session_id']}", world.player_token, path="/classroom/"
        )
    else:
        log_in(client, who)
    return client


def test_every_page_shows_the_payloads_as_text(app, xss_world):
    clients = {who: client_for(app, xss_world, who) for who in ("anonymous", "owner", "admin", "player")}
    shown = 0
    for name, who, path in page_tour(app, xss_world):
        response = clients[who].get(path)
        assert response.status_code in (200, 302, 404), (name, path, response.status_code)
        html = response.text
        for raw in RAW:
            assert raw not in html, f"{name} ({path}) shows {raw!r} unescaped"
        if "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html or "&lt;svg/onload" in html:
            shown += 1
    assert shown >= 25  # the payloads really are on the pages, escaped


def owner_client(app):
    client = app.test_client()
    log_in(client, "owner")
    return client


def texts_of_apkg(data: bytes) -> str:
    """The note fields and deck names inside an Anki package (a zip holding a SQLite collection)."""
    import tempfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.TemporaryDirectory() as tmp:
        name = next(n for n in archive.namelist() if n.startswith("collection.anki"))
        path = archive.extract(name, tmp)
        conn = sqlite3.connect(path)
        try:
            fields = [row[0] for row in conn.execute("SELECT flds FROM notes")]
        finally:
            conn.close()
    return "\n".join(fields)


def assert_export_safe(fmt: str, data: bytes, where: str) -> None:
    """A payload may stay raw where the format is plain data (JSON, CSV, GIFT text is escaped by its
    own rules); where the consumer renders HTML (worksheet, Moodle XML, Anki) it must be escaped."""
    if fmt == "worksheet":
        html = data.decode("utf-8")
        for raw in RAW:
            assert raw not in html, (where, raw)
        assert "&lt;script&gt;" in html, where
    elif fmt == "moodle-xml":
        # Moodle shows these as HTML (format="html"); a category path is plain text to it
        root = ElementTree.fromstring(data)
        checked = 0
        for tag in ("questiontext", "answer", "generalfeedback", "feedback"):
            for element in root.iter(tag):
                if element.get("format") != "html":
                    continue  # plain_text: Moodle escapes it itself
                for text_el in element.findall("text"):
                    content = text_el.text or ""
                    checked += 1
                    for raw in RAW:
                        assert raw not in content, (where, tag, content[:200])
        assert checked, where
    elif fmt == "anki":
        fields = texts_of_apkg(data)
        for raw in RAW:
            assert raw not in fields, (where, raw)
    elif fmt in ("csv", "quizlet"):
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (where, cell[:80])
    elif fmt == "gift":
        text = data.decode("utf-8")
        assert PAYLOAD not in text or "\\=" in text or "&lt;" in text, where
    elif fmt == "worksheet-pdf":
        # a PDF shows the payload as text; what could run in a reader is a JavaScript or launch action
        assert data.startswith(b"%PDF-"), where
        assert b"/JavaScript" not in data and b"/Launch" not in data, where
        assert re.search(rb"/JS\s*[(<]", data) is None, where
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
        assert "<script>" in text, where  # the payload is there, as the words it is
    else:
        assert fmt == "json", f"{fmt}: say what makes this format safe"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_of_a_bank_and_a_set_is_safe(app, xss_world, fmt):
    client = owner_client(app)
    for url in (
        f"/author/banks/{xss_world.ids['bank_id']}/download",
        f"/author/sets/{xss_world.ids['set_id']}/download",
    ):
        response = client.get(url, query_string={"format": fmt})
        assert response.status_code == 200, (url, fmt)
        assert_export_safe(fmt, response.data, f"{url} {fmt}")


def test_the_gradebook_and_study_exports_are_safe(app, xss_world):
    client = owner_client(app)
    sid = xss_world.ids["session_id"]
    player = client_for(app, xss_world, "player")
    client.post(f"/classroom/s/{sid}/control", data={"action": "open", "position": 0})
    player.post(f"/classroom/s/{sid}/answer", data={"position": 0, "response": '=HYPERLINK("http://x")'})
    client.post(f"/classroom/s/{sid}/control", data={"action": "end"})
    gradebook = client.get(f"/classroom/s/{sid}/results.csv")
    assert gradebook.status_code == 200
    rows = list(csv.reader(io.StringIO(gradebook.data.decode("utf-8-sig"))))
    assert any(NICKNAME in cell for row in rows for cell in row)  # the nickname is there, as data
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
    deck = xss_world.ids["deck_key"]
    client.get(f"/study/deck/{deck}")
    reviews = client.get("/study/reviews.csv")
    assert reviews.status_code == 200
    for row in csv.reader(io.StringIO(reviews.data.decode("utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
    apkg = client.get(f"/study/deck/{deck}/export.apkg")
    assert apkg.status_code == 200
    fields = texts_of_apkg(apkg.data)
    for raw in RAW:
        assert raw not in fields, raw
