"""The quiz's forms: the options of a new quiz and the answer to one question."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

import questions as qs
from quizapp.core.forms import choice
from quizapp.library.grading import MAX_LIST_RESPONSE, MAX_RESPONSE


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OptionsForm(FlaskForm):
    bank = SelectField("Article", coerce=int)
    count = IntegerField("How many questions", validators=[InputRequired("Say how many questions.")])
    kinds = MultiCheckboxField("Kinds of question (none ticked: all)", choices=[])
    types = MultiCheckboxField("Types of question (none ticked: all)", choices=[])


class ChoiceAnswerForm(FlaskForm):
    question_id = HiddenField()
    choice = RadioField("Your answer", choices=[], validators=[InputRequired("Choose one of the answers.")])


class TypedAnswerForm(FlaskForm):
    question_id = HiddenField()
    response = StringField(
        "Your answer",
        validators=[
            DataRequired("Type an answer, or press “I don't know”."),
            Length(max=MAX_RESPONSE, message=f"Keep the answer under {MAX_RESPONSE} characters."),
        ],
    )


class ListAnswerForm(FlaskForm):
    question_id = HiddenField()
    response = TextAreaField(
        "Your answer, one per line",
        validators=[
            DataRequired("Name at least one, or press “I don't know”."),
            Length(max=MAX_LIST_RESPONSE, message=f"Keep the answer under {MAX_LIST_RESPONSE} characters."),
        ],
    )


def answer_form(question: qs.Question, **kwargs: Any) -> FlaskForm:
    if question.type == "list":
        return ListAnswerForm(**kwargs)
    if question.choices:
        form = ChoiceAnswerForm(**kwargs)
        form.choice.choices = [choice(c, c) for c in question.choices]
        return form
    return TypedAnswerForm(**kwargs)


def form_response(form: FlaskForm) -> str:
    field = getattr(form, "choice", None) or form.response  # type: ignore[attr-defined]
    return str(field.data or "").strip()
