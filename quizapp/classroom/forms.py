"""The classroom's forms: starting a session and joining one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from quizapp.classroom import sessions
from quizapp.core.forms import choice


class StartForm(FlaskForm):
    source = SelectField("Questions from")
    count = IntegerField(
        "How many questions",
        default=sessions.DEFAULT_QUESTIONS,
        validators=[
            InputRequired("Say how many questions."),
            NumberRange(
                1, sessions.MAX_QUESTIONS, f"Choose between 1 and {sessions.MAX_QUESTIONS} questions."
            ),
        ],
    )
    pace = RadioField(
        "Pace",
        default="teacher",
        choices=[
            choice("teacher", "Teacher-paced: you open each question on the projector"),
            choice("self", "Self-paced (homework): students go at their own pace until a deadline"),
        ],
    )
    timer_seconds = IntegerField(
        "Timer per question, in seconds (0: no timer; teacher-paced)",
        default=0,
        validators=[
            InputRequired("Say how long the timer runs, or 0 for none."),
            NumberRange(0, sessions.MAX_TIMER_SECONDS, f"From 0 to {sessions.MAX_TIMER_SECONDS} seconds."),
        ],
    )
    deadline_hours = IntegerField(
        "Deadline, in hours from now (self-paced)",
        default=24,
        validators=[
            InputRequired("Say when the homework is due."),
            NumberRange(1, sessions.MAX_DEADLINE_HOURS, f"From 1 to {sessions.MAX_DEADLINE_HOURS} hours."),
        ],
    )
    show_leaderboard = BooleanField("Show a leaderboard", default=True)
    speed_bonus = BooleanField(
        "Speed bonus for quick right answers (turn off for accessibility)", default=True
    )


class JoinForm(FlaskForm):
    code = StringField(
        "Join code", validators=[DataRequired("Type the code on the teacher's screen."), Length(max=20)]
    )
    nickname = StringField(
        "Nickname", validators=[DataRequired("Choose a nickname."), Length(max=4 * sessions.NICKNAME_MAX)]
    )
