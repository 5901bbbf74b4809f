"""The gradebook: a session's results as CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io

from quizapp.classroom.models import ClassroomSession
from quizapp.classroom.results import percent_of, results

# --- the gradebook ---------------------------------------------------------------------------


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (a nickname may start with "=")."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook_csv(session: ClassroomSession) -> str:
    """One row per student: credit per question (blank: no answer), score, percent, points.

    Starts with a BOM so Excel reads the accents right, like the core's CSV export.
    """
    res = results(session)
    positions = [q.position for q in res.questions]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "Nickname",
            "Account",
            *[f"Q{p + 1}" for p in positions],
            "Answered",
            "Score",
            "Out of",
            "Percent",
            "Points",
        ]
    )
    total = len(positions)
    for s in sorted(res.students, key=lambda r: r.player.nickname_key):
        user = s.player.user
        account = "" if user is None else (user.email or user.display_name)
        credits = [
            f"{s.answers[p].credit:.2f}".rstrip("0").rstrip(".") if p in s.answers else "" for p in positions
        ]
        writer.writerow(
            [
                _cell(s.nickname),
                _cell(account),
                *credits,
                s.answered,
                f"{s.score:.2f}".rstrip("0").rstrip("."),
                total,
                percent_of(s.score, total),
                s.points,
            ]
        )
    return "\ufeff" + out.getvalue()
