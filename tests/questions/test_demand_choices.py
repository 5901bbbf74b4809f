"""A demand question's wrong choices are whole actions of the article's own: a verb with its
complete object, never a phrase cut before its complement or in the middle of a noun group, a
verb of a number ("going to number one"), a phrase about what someone says or wants, a state
("have several things in common") or the article speaking to its reader ("Follow us on ...").

Short made-up articles; the assertions are what a reader of the quiz sees: the choices offered.
"""

from __future__ import annotations

from tests.questions.helpers import demand_questions, norm

CUT_PHRASES = (
    "Dockers want new cranes\n\n"
    "The Westmoor Dockers Union wants to buy two new cranes for the eastern quay, its leader Ana "
    "Pellow said on Monday.\n\n"
    'Some traders dubbed the union\'s plans to the council "a costly dream."\n\n'
    "The health board recommends all workers above age 50 take a rest day each week.\n\n"
    "The union has also maintained its warnings against a sale of the quay.\n\n"
    "Its choir went to number one in the regional chart and 12 in the national one.\n\n"
    "The dockers have several things in common with the fishermen.\n\n"
    "Last year the union painted the harbour wall and repaired the old slipway.\n\n"
    "Follow the Westmoor Dockers Union on its website and radio.\n"
)


def test_a_demands_wrong_choices_are_whole_actions() -> None:
    questions = [q for q in demand_questions(CUT_PHRASES) if q.type != "list"]
    cranes = [q for q in questions if "two new cranes" in norm(q.answer)]
    assert cranes, [(q.prompt, q.answer) for q in questions]
    traps = ("dub", "above age", "warnings", "number one", "in common", "follow the")
    for q in questions:
        wrong = [norm(c) for c in q.choices if c != q.answer]
        assert not [c for c in wrong if any(t in c for t in traps)], (q.prompt, q.choices)
