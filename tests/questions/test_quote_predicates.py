"""A quoted predicate with no subject ("corrected an old wrong", "to be settled fairly") is asked
with the words of its sentence that say what it was said of, or not asked as "Who said “…”?".

Short made-up articles; the assertions are what a reader of the quiz sees: the prompt.
"""

from __future__ import annotations

import re
from dataclasses import replace

import questions as qs
from questions.lint import check

#: the subject stands before the quoted predicate, the speech verb after it
SUBJECT_FIRST = (
    "Harbour deal signed\n\n"
    'The harbour board has "corrected an old wrong and stood up for the fishing families", '
    "Mayor Dina Kovacs said on Monday.\n\n"
    "The board signed the deal after three years of talks with the fishermen.\n"
)
#: the quoted predicate's subject is a pronoun: nothing to ask it with
PRONOUN_SUBJECT = (
    "Vote date set\n\n"
    "Senator Arlo Venn, who backs the plan, said he expected the vote in the spring.\n\n"
    'He said the wording sounded fair, adding it would allow the case "to be settled fairly and '
    'openly by both camps".\n'
)


def _who_said(text: str) -> list[str]:
    bank = qs.generate_bank(text)
    return [q.prompt for q in bank.questions if q.kind == "speaker" and q.prompt.startswith("Who")]


def test_a_quoted_predicate_is_asked_with_its_subject() -> None:
    prompts = _who_said(SUBJECT_FIRST)
    assert (
        "Who said the harbour board has “corrected an old wrong and stood up for the fishing families”?"
        in (prompts)
    ), prompts


def test_a_quoted_predicate_with_no_subject_to_give_is_not_asked_bare() -> None:
    prompts = _who_said(PRONOUN_SUBJECT)
    assert not [p for p in prompts if re.fullmatch(r"Who said “to be settled[^”]*”\?", p)], prompts


def test_the_lint_refuses_a_bare_quoted_predicate() -> None:
    text = 'The council said it "regrets any decision likely to harm the talks".'
    q = qs.Question(
        id="x0000000001",
        kind="speaker",
        type="short_answer",
        prompt="Who said “regrets any decision likely to harm the talks”?",
        answer="The council",
        sources=(qs.Source(0, len(text), text, None),),
        explanation="",
    )
    assert any(f.rule == "quote-fragment" for f in check(q))
    asked = replace(q, prompt="Who said the council “regrets any decision likely to harm the talks”?")
    assert not any(f.rule == "quote-fragment" for f in check(asked))


#: a body speaks of itself as "it" before its quoted predicate
BODY_ITSELF = (
    "Ferry plan criticised\n\n"
    "The Velland Transport Ministry announced on Monday that the night ferry would stop next year.\n\n"
    'The Orvik Harbour Council said it "regrets any decision likely to cut the island off from the '
    'mainland".\n'
)
#: a hedge before a figure in a quotation
HEDGED_FIGURE = (
    "Debt warning\n\n"
    '"At about 80% of its income, the town\'s debt is double the usual figure," said treasurer Ola '
    "Brandt of the Velland audit office.\n\n"
    "The town council will meet on Friday to discuss the budget.\n"
)


def test_a_bodys_quoted_predicate_is_asked_with_its_own_it() -> None:
    assert "Who said it “regrets any decision likely to cut the island off from the mainland”?" in _who_said(
        BODY_ITSELF
    )


def test_a_hedge_stays_in_the_quotation_and_the_figure_is_the_blank() -> None:
    bank = qs.generate_bank(HEDGED_FIGURE)
    blanks = [q for q in bank.questions if q.type == "cloze" and "80%" in q.answer]
    assert all(q.answer == "80%" and "about _____" in q.prompt for q in blanks), [
        (q.prompt, q.answer) for q in blanks
    ]
