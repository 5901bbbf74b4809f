"""Study: self-study flashcards scheduled by FSRS. Decks, the study page (flip, type the answer or
multiple choice), undo, progress, settings and export.

Every page works without JavaScript (links and forms, a redirect after each POST); static/js/study.js
adds the keys (Space flips, 1-4 rate, U undoes). Scheduling lives in :mod:`quizapp.study.scheduler`.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any
from zoneinfo import available_timezones

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from fsrs import Rating
from werkzeug.wrappers import Response
from wtforms import FloatField, HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from quizapp.core.wrappers import fits_id
from quizapp.library import labels
from quizapp.study import cards, decks, exports, scheduler
from quizapp.study import progress as study_progress
from quizapp.study import queue as study_queue
from quizapp.study.decks import Deck

bp = Blueprint("study", __name__, url_prefix="/study")

MODES = ("flip", "type", "choice")


class RateForm(FlaskForm):
    card_id = IntegerField(validators=[InputRequired()])
    rating = IntegerField(validators=[InputRequired(), NumberRange(1, 4)])
    token = HiddenField(validators=[InputRequired(), Length(max=64)])
    mode = HiddenField()


class CheckForm(FlaskForm):
    card_id = IntegerField(validators=[InputRequired()])
    response = StringField("Your answer", validators=[Length(max=2000)])
    mode = HiddenField()


class UndoForm(FlaskForm):
    review_id = IntegerField(validators=[InputRequired()])
    mode = HiddenField()


def _time_zone(_form: FlaskForm, field: Any) -> None:
    if not scheduler.valid_time_zone((field.data or "").strip()):
        raise ValidationError("Choose a time zone from the list, such as Europe/Berlin or America/New_York.")


class SettingsForm(FlaskForm):
    new_per_day = IntegerField(
        "New cards per day (per deck)",
        validators=[InputRequired("Say how many."), NumberRange(0, 9999, "Between 0 and 9999.")],
    )
    reviews_per_day = IntegerField(
        "Reviews per day (per deck)",
        validators=[InputRequired("Say how many."), NumberRange(0, 99999, "Between 0 and 99999.")],
    )
    desired_retention = FloatField(
        "Desired retention",
        validators=[
            InputRequired("Give a share such as 0.9."),
            NumberRange(0.7, 0.99, "Between 0.70 and 0.99."),
        ],
    )
    time_zone = StringField(
        "Time zone", validators=[InputRequired("Choose a time zone."), Length(max=64), _time_zone]
    )
    day_start_hour = IntegerField(
        "A new study day starts at (hour)",
        validators=[InputRequired("Give an hour."), NumberRange(0, 23, "An hour from 0 to 23.")],
    )


@bp.before_request
def members_only() -> Any:
    """Every study page needs an account: guests have no memory to keep."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if current_user.is_guest:
        flash("Flashcards remember what you know over weeks: sign up to use them (guest scores come along).")
        return redirect(url_for("auth.signup"))
    return None


def deck_or_404(key: str) -> Deck:
    try:
        return decks.get_deck(current_user, key)
    except scheduler.DeckNotFound:
        abort(404, "There is no such deck. Pick one from your decks.")
    except scheduler.DeckForbidden:
        abort(403)


def _mode(value: str | None) -> str:
    return value if value in MODES else "flip"


def _study_url(deck: Deck, mode: str) -> str:
    return url_for("study.deck", key=deck.key, mode=None if mode == "flip" else mode)


@bp.get("/")
def index() -> str:
    return render_template(
        "study/index.html",
        decks=study_progress.deck_summaries(current_user.id, current_user),
    )


def _study_page(
    deck: Deck,
    mode: str,
    *,
    show: bool = False,
    check: dict[str, Any] | None = None,
    check_form: CheckForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    user_id = current_user.id
    now = scheduler.aware(None)
    settings = scheduler.get_settings(user_id)
    day = study_queue.day_counts(user_id, deck, settings, now)
    card = study_queue.next_card(user_id, deck, now, settings=settings, counts=day)
    queue = study_queue.queue_counts(user_id, deck, now, settings=settings, counts=day)
    view = cards.card_view(card) if card else None
    buttons = []
    if card is not None:
        intervals = scheduler.preview(card, settings, now)
        buttons = [
            {
                "rating": int(r),
                "label": scheduler.RATING_LABELS[r],
                "interval": scheduler.format_interval(i),
            }
            for r, i in intervals.items()
        ]
    if check is not None and card is not None and check["card_id"] != card.id:
        check = None  # answered a card that is no longer the next one (another tab rated it)
    if view is not None and mode == "choice" and not view.has_choices:
        mode_shown = "flip"
    else:
        mode_shown = mode
    last = study_queue.last_review(user_id, deck)
    next_due = study_queue.next_learning_due(user_id, deck) if card is None else None
    return render_template(
        "study/study.html",
        deck=deck,
        mode=mode,
        mode_shown=mode_shown,
        card=card,
        view=view,
        show=show or check is not None,
        check=check,
        check_form=check_form or CheckForm(formdata=None),
        buttons=buttons,
        token=secrets.token_urlsafe(16),
        queue=queue,
        day=day,
        last=last,
        next_due=_local(next_due, settings) if next_due else None,
        kind_label=labels.kind_label,
        type_label=labels.type_label,
        undo_form=UndoForm(formdata=None),
        rate_form=RateForm(formdata=None),
    ), status


def _local(moment: datetime, settings: Any) -> datetime:
    return scheduler.aware(moment).astimezone(scheduler.zone(settings.time_zone))


@bp.get("/deck/<key>")
def deck(key: str) -> tuple[str, int]:
    deck = deck_or_404(key)
    if not decks.has_cards(current_user.id, deck):
        decks.ensure_cards(current_user.id, deck)
    return _study_page(deck, _mode(request.args.get("mode")), show=request.args.get("show") == "1")


@bp.post("/deck/<key>/check")
def check(key: str) -> tuple[str, int] | Response:
    """Type the answer or pick a choice: graded as in a quiz, then the back is shown to rate."""
    deck = deck_or_404(key)
    form = CheckForm()
    mode = _mode(form.mode.data)
    if not form.validate_on_submit():
        return _study_page(deck, mode, check_form=form, status=422)
    if not fits_id(form.card_id.data):
        abort(404, "There is no such card.")
    try:
        card = study_queue.own_card(current_user.id, form.card_id.data or 0)
    except scheduler.NotYours as exc:
        abort(403, str(exc))
    response = (form.response.data or "").strip()
    result = cards.check_answer(card, response)
    suggested = Rating.Good if result.correct else Rating.Again
    verdict = {
        "card_id": card.id,
        "response": response,
        "correct": result.correct,
        "near": result.near,
        "note": result.note,
        "suggested": int(suggested),
    }
    return _study_page(deck, mode, check=verdict)


@bp.post("/deck/<key>/rate")
def rate(key: str) -> Response:
    deck = deck_or_404(key)
    form = RateForm()
    mode = _mode(form.mode.data)
    if not form.validate_on_submit():
        abort(400, "The rating form was incomplete. Go back to the deck and rate the card again.")
    if not fits_id(form.card_id.data):
        abort(404, "There is no such card.")
    try:
        result = study_queue.rate(
            current_user.id,
            form.card_id.data or 0,
            form.rating.data or 0,
            deck=deck,
            token=form.token.data or "",
        )
    except scheduler.NotYours as exc:
        abort(403, str(exc))
    except scheduler.NotDue as exc:
        flash(str(exc), "info")
        return redirect(_study_url(deck, mode), 303)
    except scheduler.StudyError as exc:
        abort(400, str(exc))
    if not result.created:
        flash("That rating had already been counted; it counts once.", "info")
    return redirect(_study_url(deck, mode), 303)


@bp.post("/deck/<key>/undo")
def undo(key: str) -> Response:
    deck = deck_or_404(key)
    form = UndoForm()
    mode = _mode(form.mode.data)
    if not form.validate_on_submit():
        abort(400, "The undo form was incomplete. Go back to the deck and try again.")
    try:
        study_queue.undo(current_user.id, deck, form.review_id.data or 0)
    except scheduler.StudyError as exc:
        flash(str(exc), "info")
    else:
        flash("Rating undone: the card is back as it was.", "success")
    return redirect(_study_url(deck, mode), 303)


@bp.get("/progress")
def progress() -> str:
    key = request.args.get("deck")
    deck = deck_or_404(key) if key else None
    user_id = current_user.id
    summary = study_progress.progress(user_id, deck)
    per_deck = []
    if deck is None:
        for s in study_progress.deck_summaries(user_id, current_user):
            if s.started:
                per_deck.append((s.deck, study_progress.progress(user_id, s.deck)))
    return render_template(
        "study/progress.html",
        deck=deck,
        p=summary,
        forecast_chart=study_progress.bar_chart(summary.forecast),
        history_chart=study_progress.bar_chart(summary.reviews_per_day),
        per_deck=per_deck,
    )


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> tuple[str, int] | Response:
    current = scheduler.get_settings(current_user.id)
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        scheduler.save_settings(
            current_user.id,
            new_per_day=form.new_per_day.data,
            reviews_per_day=form.reviews_per_day.data,
            desired_retention=round(float(form.desired_retention.data or 0.9), 3),
            time_zone=(form.time_zone.data or "UTC").strip(),
            day_start_hour=form.day_start_hour.data,
        )
        flash("Study settings saved.", "success")
        return redirect(url_for("study.settings"), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("study/settings.html", form=form, zones=sorted(available_timezones())), status


@bp.get("/deck/<key>/export.apkg")
def export_apkg(key: str) -> Response:
    deck = deck_or_404(key)
    data = exports.export_apkg(current_user.id, deck)
    return Response(
        data,
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="quizapp-{deck.kind}-{deck.ref_id}.apkg"'},
    )


@bp.get("/reviews.csv")
def reviews_csv() -> Response:
    key = request.args.get("deck")
    deck = deck_or_404(key) if key else None
    name = f"quizapp-reviews-{deck.kind}-{deck.ref_id}.csv" if deck else "quizapp-reviews.csv"
    return Response(
        exports.reviews_csv(current_user, deck),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
