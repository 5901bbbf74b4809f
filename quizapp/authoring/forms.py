"""The authoring forms: importing an article, writing and editing a question, sets, uploads.

Each form says what is wrong in words a teacher can act on; :meth:`QuestionForm.question` turns a
valid form into a :class:`questions.Question`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

import questions as qs
from questions.article import SUPPORTED
from questions.bank import PARTIAL_TYPES, check_partial
from quizapp.authoring import banks, sets
from quizapp.authoring.kinds import GUESS, guess_kind
from quizapp.authoring.models import SET_DIFFICULTIES
from quizapp.core.forms import choice
from quizapp.core.forms import choices as make_choices
from quizapp.library.labels import kind_label, type_label

#: The question types a teacher writes by hand; "list" questions come from the generator and can be edited.
WRITABLE_TYPES = ("multiple_choice", "true_false", "cloze", "short_answer")
MAX_CHOICES = 6
VISIBILITY_LABELS = {
    "private": "Private: only me",
    "class": "Class: whoever has the link",
    "public": "Public: everyone",
}
KIND_CHOICES = [*qs.KINDS, "other"]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def visibility_field(label: str = "Who can take it") -> RadioField:
    return RadioField(label, choices=make_choices(VISIBILITY_LABELS.items()), default="private")


class ImportForm(FlaskForm):
    text = TextAreaField(
        "Paste the article",
        validators=[
            Length(max=qs.MAX_BYTES, message="Pasted text can be up to 2 MB; upload a file instead.")
        ],
    )
    file = FileField("…or upload a file (.txt, .md, .html, .docx or .pdf, up to 2 MB)")
    title = StringField("Title (leave empty to detect it)", validators=[Length(max=300)])
    published = DateField("Publication date (leave empty to detect it)", validators=[Optional()])
    visibility = visibility_field("Who can see the bank")

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        has_file = bool(self.file.data and getattr(self.file.data, "filename", ""))
        has_text = bool((self.text.data or "").strip())
        if ok and has_file and has_text:
            self.text.errors.append("Paste the text or upload a file, not both.")
            return False
        if ok and not has_file and not has_text:
            self.text.errors.append("Paste the article's text here, or choose a file below.")
            return False
        if ok and has_file:
            name = self.file.data.filename.lower()
            if not name.endswith(SUPPORTED):
                self.file.errors.append(
                    "Upload a .txt, .md, .html, .docx or .pdf file; "
                    f"“{self.file.data.filename}” is none of these."
                )
                return False
        return ok

    def article_bytes(self) -> tuple[bytes, str]:
        if self.file.data and getattr(self.file.data, "filename", ""):
            return self.file.data.read(qs.MAX_BYTES + 1), self.file.data.filename
        return (self.text.data or "").encode("utf-8"), "pasted.txt"


class ArticleInfoForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the article a title."), Length(max=300)])
    published = DateField("Publication date", validators=[Optional()])


class RegenerateForm(FlaskForm):
    text = TextAreaField(
        "Article text",
        validators=[
            DataRequired("The article cannot be empty."),
            Length(max=qs.MAX_BYTES, message="The article can be up to 2 MB."),
        ],
    )


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


class BulkForm(FlaskForm):
    kind = SelectField("Kind", choices=[])
    action = SelectField("Do", choices=make_choices([("approve", "Approve"), ("reject", "Reject")]))


class BankSettingsForm(FlaskForm):
    visibility = visibility_field("Who can see the bank in the library")


class NewBankForm(FlaskForm):
    title = StringField(
        "Title of the new bank", validators=[DataRequired("Give the bank a title."), Length(max=300)]
    )
    text = TextAreaField(
        "Article text (optional, to tie questions to its sentences)", validators=[Length(max=qs.MAX_BYTES)]
    )


# --- a question, written or edited ----------------------------------------------------------------

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _lines(raw: str | None) -> list[str]:
    out: list[str] = []
    for line in (raw or "").splitlines():
        line = line.strip()
        if line and _norm(line) not in (_norm(x) for x in out):
            out.append(line)
    return out


class QuestionForm(FlaskForm):
    # no silent default kind: a question nobody classified is guessed from its words, or "other"
    kind = SelectField(
        "What it asks about",
        choices=make_choices(
            [(GUESS, "Guess it from the question"), *((k, kind_label(k)) for k in KIND_CHOICES)]
        ),
        default=GUESS,
    )
    prompt = TextAreaField(
        "Question",
        validators=[
            DataRequired("Write the question."),
            Length(max=2000, message="Keep it under 2000 characters."),
        ],
    )
    choices = FieldList(
        # six slots for a new question; a question imported with more shows them all (no cap here: the
        # request size limit bounds what a client can send, and a cap would drop the choices past it)
        StringField("Choice", validators=[Length(max=300)]),
        min_entries=MAX_CHOICES,
    )
    answer = StringField("Right answer", validators=[Length(max=300)])
    truth = RadioField(
        "The statement is",
        choices=make_choices([("True", "True"), ("False", "False")]),
        validators=[Optional()],
    )
    accepted = TextAreaField("Other answers to accept, one per line", validators=[Length(max=3000)])
    items = TextAreaField("Items to name, one per line", validators=[Length(max=3000)])
    partial = TextAreaField("Answers worth part of the marks, one per line", validators=[Length(max=3000)])
    explanation = TextAreaField("Explanation shown after answering", validators=[Length(max=3000)])
    excerpt = SelectField("Tie it to a sentence of the article", choices=[], default="")
    tags = StringField("Tags (comma-separated)", validators=[Length(max=300)])
    approve = BooleanField("Approved: students can get this question", default=True)

    def __init__(
        self,
        *args: Any,
        qtype: str,
        sentences: Sequence[banks.Sentence] = (),
        keep_excerpt: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.qtype = qtype
        opts = [choice("", "No excerpt")]
        if keep_excerpt:
            opts.append(choice("keep", "Keep the current excerpt"))
        for s in sentences:
            label = s.text if len(s.text) <= 140 else s.text[:137] + "…"
            opts.append(choice(f"{s.start}-{s.end}", label))
        self.excerpt.choices = opts

    @property
    def type_label(self) -> str:
        return type_label(self.qtype)

    # -- validation, by type
    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        check = getattr(self, f"_check_{self.qtype}", None)
        if check is not None:
            ok = check() and ok
        if ok and self.qtype in PARTIAL_TYPES:
            ok = self._check_partial()
        return ok

    def partial_credit(self) -> tuple[qs.PartialCredit, ...]:
        """The lines of "Answers worth part of the marks" (“July = 50%”); raises ValueError with a message."""
        out = []
        for n, line in enumerate((self.partial.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            answer, sep, worth = line.rpartition("=")
            if not sep or not answer.strip():
                raise ValueError(
                    f"Line {n}: write the answer, then “=” and its share of the marks, e.g. “July = 50%”."
                )
            worth = worth.strip().replace(",", ".")
            try:
                value = float(worth.rstrip("%").strip())
            except ValueError:
                raise ValueError(
                    f"Line {n}: “{worth}” is not a share of the marks: write 50% (or 0.5)."
                ) from None
            # "50%" and "50" are percentages, "0.5" a fraction
            credit = value / 100 if worth.endswith("%") or value > 1 else value
            out.append(qs.PartialCredit(answer.strip(), round(credit, 5)))
        return tuple(out)

    def _check_partial(self) -> bool:
        try:
            partial = self.partial_credit()
        except ValueError as exc:
            self.partial.errors.append(str(exc))
            return False
        q = self.question(article_text="", with_sources=False)
        problem = check_partial(q.type, q.answer, q.accepted, q.choices, partial)
        if problem:
            self.partial.errors.append(problem[0].upper() + problem[1:] + ".")
            return False
        return True

    def filled_choices(self) -> list[str]:
        return [(c.data or "").strip() for c in self.choices if (c.data or "").strip()]

    def _check_multiple_choice(self) -> bool:
        ok = True
        filled = self.filled_choices()
        if len(filled) < 2:
            self.choices.errors.append("Give at least 2 choices.")
            ok = False
        seen: dict[str, int] = {}
        for n, c in enumerate((c.data or "").strip() for c in self.choices):
            if not c:
                continue
            if _norm(c) in seen:
                self.choices.errors.append(
                    f"Choice {n + 1} is the same as choice {seen[_norm(c)] + 1} (“{c}”): "
                    "each choice must differ."
                )
                ok = False
            else:
                seen[_norm(c)] = n
        answer = (self.answer.data or "").strip()
        if not answer:
            self.answer.errors.append("Say which choice is right: type it here exactly as in the list.")
            ok = False
        elif answer not in filled:
            self.answer.errors.append(
                f"The right answer “{answer}” is not among the choices: type it exactly as one of them."
            )
            ok = False
        return ok

    def _check_true_false(self) -> bool:
        if self.truth.data not in ("True", "False"):
            self.truth.errors.append("Say whether the statement is true or false.")
            return False
        return True

    def _check_cloze(self) -> bool:
        prompt = self.prompt.data or ""
        blanks = _BRACKETS.findall(prompt)
        if not blanks:
            if not self.prompt.errors:
                self.prompt.errors.append(
                    "Put the words to hide in [square brackets], e.g. “The summit was held in [Brussels].”"
                )
            return False
        if len(blanks) > 1:
            self.prompt.errors.append(
                f"Hide one part only: this sentence has {len(blanks)} parts in brackets."
            )
            return False
        if not blanks[0].strip():
            self.prompt.errors.append("The blank is empty: put the hidden words inside the [brackets].")
            return False
        return True

    def _check_short_answer(self) -> bool:
        if not (self.answer.data or "").strip():
            self.answer.errors.append("Write the right answer.")
            return False
        return True

    def _check_list(self) -> bool:
        if len(_lines(self.items.data)) < 2:
            self.items.errors.append("Give at least 2 items to name, one per line.")
            return False
        return True

    # -- filling the form from a question, and a question from the form
    def fill(self, q: qs.Question, *, approved: bool) -> None:
        self.kind.data = q.kind if q.kind in KIND_CHOICES else "other"
        if q.kind not in KIND_CHOICES:
            self.kind.choices = [*self.kind.choices, choice(q.kind, kind_label(q.kind))]
            self.kind.data = q.kind
        self.prompt.data = q.prompt
        if q.type == "cloze":
            blank = banks.BLANK_RE.search(q.prompt)
            if blank:
                self.prompt.data = q.prompt[: blank.start()] + f"[{q.answer}]" + q.prompt[blank.end() :]
        while len(self.choices) < len(q.choices):
            self.choices.append_entry()
        for n, c in enumerate(q.choices):
            self.choices[n].data = c
        self.answer.data = q.answer
        self.truth.data = q.answer if q.answer in ("True", "False") else None
        self.accepted.data = "\n".join(q.accepted)
        self.items.data = "\n".join(q.items)
        self.explanation.data = q.explanation
        self.tags.data = ", ".join(q.tags)
        self.partial.data = "\n".join(f"{p.answer} = {p.credit * 100:g}%" for p in q.partial)
        self.approve.data = approved
        self.excerpt.data = "keep" if q.sources else ""

    def question(
        self, *, article_text: str, base: qs.Question | None = None, with_sources: bool = True
    ) -> qs.Question:
        """The question the form describes (``base``: the question being edited, for what the form lacks)."""
        qtype = self.qtype
        prompt = (self.prompt.data or "").strip()
        answer = (self.answer.data or "").strip()
        choices_: tuple[str, ...] = ()
        items: tuple[str, ...] = ()
        if qtype == "multiple_choice":
            choices_ = tuple(self.filled_choices())
        elif qtype == "true_false":
            answer, choices_ = self.truth.data or "True", ("True", "False")
        elif qtype == "cloze":
            m = _BRACKETS.search(prompt)
            if m:
                answer = m.group(1).strip()
                prompt = prompt[: m.start()] + banks.BLANK + prompt[m.end() :]
        elif qtype == "list":
            items = tuple(_lines(self.items.data))
            answer = "; ".join(items)
        accepted = tuple(a for a in _lines(self.accepted.data) if _norm(a) != _norm(answer))
        if qtype in ("multiple_choice", "true_false"):
            accepted = ()
        sources: tuple[qs.Source, ...] = ()
        notes: tuple[qs.ChoiceNote, ...] = ()
        if self.excerpt.data == "keep" and base is not None:
            sources = base.sources
        elif self.excerpt.data and with_sources:
            start, end = (int(x) for x in self.excerpt.data.split("-"))
            sources = (banks.source_for(article_text, start, end, answer),)
        partial: tuple[qs.PartialCredit, ...] = ()
        if qtype in PARTIAL_TYPES:
            try:
                partial = self.partial_credit()
            except ValueError:  # validate() has said so
                partial = ()
        if base is not None:
            # why a wrong (or partly right) answer is wrong still holds for those that remain
            kept = {*choices_, *(p.answer for p in partial)}
            notes = tuple(n for n in base.choice_notes if n.choice in kept and n.choice != answer)
        kind = self.kind.data or GUESS
        if kind == GUESS:
            kind = guess_kind(prompt, answer)
        return qs.Question(
            id=base.id if base else "",
            kind=kind,
            type=qtype,
            prompt=prompt,
            answer=answer,
            sources=sources,
            explanation=(self.explanation.data or "").strip(),
            accepted=accepted,
            choices=choices_,
            value=base.value if base else None,
            items=items,
            choice_notes=notes,
            fact_id=base.fact_id if base else "",
            difficulty=base.difficulty if base else 0.5,
            score=base.score if base else 0.0,
            tags=tuple(sets.parse_tags(self.tags.data or "")),
            partial=partial,
        )


# --- sets -----------------------------------------------------------------------------------------


class SetForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the set a title."), Length(max=200)])
    description = TextAreaField("Description", validators=[Length(max=3000)])
    tags = StringField("Tags (comma-separated)", validators=[Length(max=300)])
    difficulty = SelectField(
        "Difficulty", choices=make_choices((d, d.capitalize()) for d in SET_DIFFICULTIES)
    )
    visibility = visibility_field()


class AddQuestionsForm(FlaskForm):
    questions = MultiCheckboxField("Questions", coerce=int, choices=[])


class MoveForm(FlaskForm):
    direction = SelectField(choices=make_choices([("up", "Up"), ("down", "Down")]))


class UploadForm(FlaskForm):
    file = FileField("Question file (JSON, CSV, GIFT or Moodle XML, up to 2 MB)")
    format = SelectField("Format", choices=[], default="")
    bank = SelectField("Into", choices=[], coerce=int)
    approve = BooleanField("Approve the imported questions now", default=False)

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.file.data and getattr(self.file.data, "filename", "")):
            self.file.errors.append("Choose a file to upload.")
            return False
        return ok


class TakeSetForm(FlaskForm):
    count = IntegerField("How many questions (empty: all)", validators=[Optional(), NumberRange(1, 200)])
    shuffle = BooleanField("Shuffle the questions", default=False)


__all__ = [
    "ActionForm",
    "AddQuestionsForm",
    "ArticleInfoForm",
    "BankSettingsForm",
    "BulkForm",
    "ImportForm",
    "MoveForm",
    "NewBankForm",
    "QuestionForm",
    "RegenerateForm",
    "SetForm",
    "TakeSetForm",
    "UploadForm",
    "WRITABLE_TYPES",
]
