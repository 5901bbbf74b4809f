"""Demands: what a party wants, offers, plans, requests or requires, one construction per case.

Each article is short and made up; the assertions are what a reader of the quiz would notice:
the question asked, its key, and that nothing wrong is asked.
"""

from __future__ import annotations

from functools import cache

import pytest

import questions as qs
from tests.questions.helpers import describe, norm

FILLER = (
    "The announcement came at a busy time for the region, where several projects are under way.\n\n"
    "Local businesses said they were watching the situation closely and would comment later."
)


@cache
def bank_of(text: str) -> qs.Bank:
    return qs.generate_bank(text + "\n\n" + FILLER)


def demand_questions(text: str) -> list[qs.Question]:
    return [q for q in bank_of(text).questions if q.kind == "demand"]


def asked(text: str, prompt_start: str, answer: str) -> bool:
    return any(
        q.prompt.startswith(prompt_start)
        and (norm(q.answer) == norm(answer) or norm(answer) in map(norm, q.items))
        for q in demand_questions(text)
    )


OFFER = (
    "Rail deal on the table\n\n"
    "The Marlow Rail Company has offered to cut season ticket prices and reopen the station cafe, "
    "its chairman said on Monday."
)
PLEAD = (
    "Teachers in Dunmore pleaded with the education board to reconsider the closure of the village school."
)
APPEAL = "Kent Police appealed for information about the stolen tractor on 0800 555 111."
URGE = "Mayor Hilda Branagh urged the transport board to approve the new budget and hire more drivers."
WOULD = "Torvane Energy said it would close two coal plants and cut its carbon emissions by half."
MUST = (
    "Torvane Energy raised its prices for the third time this year.\n\n"
    "The regulator Powerwatch said that the firm must refund all overcharged customers."
)
DESIRE = "Striker Pablo Ruiz has reiterated his desire to stay at Harford Town and win the league."
MINERS = "The miners at Carrow Colliery are determined to win the dispute over pensions."
QUOTE_WE = '"We must protect the river from sewage," said Anna Kowalski, who chairs the Clearwater Trust.'
DETERMINED = (
    "Maria Tallis has led the campaign for a year.\n\n"
    "The 41-year-old nurse is determined to keep the ward open."
)
CHALLENGE = "Councillor Dana Whitcombe said the challenge was to keep young families in the town."
PRIZE = (
    "There are risks, but the prize is tackling the housing shortage, argued Tom Haverly, a local builder."
)
WANT_CCOMP = "Union leader Jo Barnard said she wanted the council to build more homes near the station."
QUOTE_I_WANT = '"What I want is a proper apology from the club," said Ruth Okafor, the fan group\'s chair.'
CLEFT = (
    '"As captain, all I want to do is help the team win the cup," said Sam Ketteridge, the Rovers skipper.'
)
QUOTE_BY_PRONOUN = (
    "Senator Rosa Quintero asked for leniency for the man who threatened her.\n\n"
    'She added, "We must teach him kindness."'
)
ASK_FOR_DATED = "Gwen Lutterell asked for calm during the inquiry in a statement on Tuesday."

AIMED_AT = "The Harlow Water Board launched a campaign aimed at cutting leaks in the old town."
VOW_THAT = "Mayor Cal Denholm repeated his vow that the swimming pool would reopen in March."
WORKING_TO = "The Dale Cycling Club said it was working to give children free lessons."

AS_WELL_AS = "The Brenford Nurses Union wants a shorter working week, as well as the removal of night shifts."
DATELINE = (
    "MILLTOWN (AP) — Northern Gas & Power Co. was set to begin cutting supply to some 20,000 homes "
    "as the storm moves east."
)

#: a quotation reopened without a new "he said": still the speaker's
RUN_ON = (
    'Forward Carla Denis scored twice on Saturday. She said: "I am settled here. There is a lot of '
    'talk but that is not down to me. "All I want to do is help the team win the cup."'
)
#: a place the parser may take for a person ("at Anfield") does not compete for "the midfielder"
AT_PLACE = (
    "England midfielder Owen Tarrant has reiterated his wish to stay at Bramwell and win trophies.\n\n"
    "The 24-year-old midfielder is determined to see out his contract."
)
HAD_TO = "Mr Ivo Brandt said video game makers had to listen more closely to parents."

STEPS = "Harbour Ferries is taking steps to cut delays on the island route, its manager Ruth Tolley said."
CLEFT_MUST = (
    '"I think the players want to stay, so what we must do is build a stronger squad around them," '
    "said coach Dean Farrow."
)
GOAL_ATTR = "A cheaper night bus service was the Brenford Council's aim from the start."
LETTER_CALLING = (
    "In a letter calling for a public hearing, the Wexley Tenants Association said rents had doubled."
)

SAYING_WOULD = (
    "Mayor Ada Quill refused to name a date, saying Brenland would hold a vote on the bridge next year."
)
IMPLORE_YOU = (
    '"We implore you to reopen the clinic before winter," the nurses of Kelby Ward wrote in their letter.'
)
ASIDE_CALLED = (
    "The Harbour Traders Guild - which considers the council biased and has rejected the mayor as a "
    "mediator if talks are ever revived - called for an emergency meeting of the board."
)
MOVE_BY = "Critics said the vote was a move by the Brenford Council to close the library for good."
BULLETS = (
    "Nurses strike\n\n"
    "The Royal Borough Nurses Union said on Monday that its members would strike next month. "
    "The demands are:\n\n- a pay rise of five per cent;\n- an end to unpaid overtime;\n"
    "- more staff on night shifts.\n\nThe hospital trust said it would meet the union on Friday."
)

SHOULD_PASSIVE = "Coach Ian Pellow claims Dan Rudd should be punished by the league."

#: an embedded social post is its signature's author's own words
POST_WE = (
    "Senator Rosa Quintero shared her letter to the health board on Tuesday.\n\n"
    "Sharing my letter on the plan to close the Kelby clinic.\n"
    "We must keep the clinic open for every family.\n\n"
    "— Rosa Quintero (@RosaQ) November 19, 2019\n\n"
    "The board will meet again in December."
)

#: '"...," he added' a paragraph after the one who is named
HE_ADDED_AFTER = (
    "Union leader Marek Sobol said the strike would go ahead.\n\n"
    '"We will ask the mayor to open talks with the drivers," he added.'
)
#: "the firm" after a spokesman described as the firm's: the firm
SPOKESMAN_FIRM = (
    "Lena Ortiz, Torvane Energy's head of customer service, said the firm was working to cut waiting "
    "times on its helpline."
)

NEEDS_TO = "Kelby Council needs to repair the old bridge before the winter floods."

PASSIVE_BY = "A new footbridge over the canal is planned by the Dunmore Harbour Board."
RELATIVE_WHO = "The Kelby Tenants Association, which wants to stop the sale of the old depot, met on Monday."
OFFER_LIST = "The Marlow Rail Company offered cheaper season tickets, a later last train and a new cafe."
OFFER_TWO_OBJECTS = "Harbour Ferries offered its drivers a pay rise and extra leave."
SPOKESMAN_FOR = (
    "Harbour Ferries raised its fares on Monday.\n\n"
    '"We must cut delays on the island route before the summer," a spokesman for Harbour Ferries said.'
)
ORG_SPOKESWOMAN = '"We must build a new pier at Kelby," a Dunmore Council spokeswoman said.'
IN_ORDER_TO = "The Kelby Council will close Mill Road for a month in order to repair the old bridge."
SO_AS_TO = "Harbour Ferries cut its fares so as to win back passengers from the airline."
NEEDS_BRACKET = (
    "Kelby Council needs to return to the old timetable [for buses] and provide more trains for commuters."
)
WANT_NO_AND = '"We want to win the league, play in Europe," said Tom Haverly, the club\'s captain.'
PROTESTED = (
    "Nurses at the Kelby clinic have protested the closure of the night ward, saying patients would suffer."
)
HOPED_TO = "The Brenford Council hoped to reopen the swimming pool by the summer."
COURT_RULED = "The country's top court ruled on Monday that employers must pay the new minimum wage."
TOLD_HIM = (
    '"At the gate Dan Moss was shouting at my staff, so I told him to leave them alone and calm down," '
    "Harlow said on Sunday."
)
DEADLINE = (
    "The Harbour Union had set a deadline of Friday for the council to reply "
    "before taking the dispute to court."
)
INCLUDING_CALLING = (
    "Union leader Jo Marsh said they would take a series of steps to fight the closure, "
    "including calling for a public inquiry."
)
GUIDELINES = (
    "Although the Port Authority's guidelines recommend keeping ferries in harbour during gales, "
    "the operator sailed on Monday."
)
RECOMMENDED_DOING = "The Kelby Council recommended closing the old pier to traffic."
WITH_A_VIEW = (
    "The Harbour Trust said it would start dredging in May with a view to reopening the marina by the summer."
)
HEADLINE_TO = (
    "Torvane Energy to close two coal plants\n\n"
    "Torvane Energy, the power company, said on Monday that demand had been falling all year."
)
HEADLINE_NOUN = (
    "Torvane Energy's plan to sell its wind farms\n\n"
    "Torvane Energy, the power company, said on Monday that demand had been falling all year."
)
KEEN_AFTER_REPORTED = (
    "Kent Police think the pair were driving a stolen van, and are keen to hear from anyone who saw it "
    "leaving the town."
)
ORDERED = "The Kelby Council ordered Harbour Ferries to refund every passenger and repair the pier."
MOVE_TO_TRY = "It was the latest move by Acme Foods to try to force the drivers to accept the new rota."


@pytest.mark.parametrize(
    ("text", "prompt_start", "answer"),
    [
        (OFFER, "What has the Marlow Rail Company offered to do", "cut season ticket prices"),
        (
            OFFER,
            "What else has the Marlow Rail Company offered to do other than cut season ticket prices",
            "reopen the station cafe",
        ),
        (
            PLEAD,
            "What did teachers plead with the education board to do",
            "reconsider the closure of the village school",
        ),
        (APPEAL, "What did Kent Police appeal for", "information about the stolen tractor"),
        (URGE, "What did Hilda Branagh urge the transport board to do", "approve the new budget"),
        (URGE, "What else did Hilda Branagh urge the transport board to do", "hire more drivers"),
        (WOULD, "What did Torvane Energy say it would do", "close two coal plants"),
        (MUST, "According to Powerwatch, what must Torvane Energy do", "refund all overcharged customers"),
        (DESIRE, "What did Pablo Ruiz want to do", "stay at Harford Town"),
        (DESIRE, "What else did Pablo Ruiz want to do", "win the league"),
        (QUOTE_WE, "What did Anna Kowalski say must be done", "protect the river from sewage"),
        (DETERMINED, "What was Maria Tallis determined to do", "keep the ward open"),
        (MINERS, "What were the miners", "win the dispute over pensions"),
        (CHALLENGE, "What did Dana Whitcombe say the challenge was", "keep young families in the town"),
        (PRIZE, "What did Tom Haverly say the prize was", "tackling the housing shortage"),
        (WANT_CCOMP, "What did Jo Barnard want the council to do", "build more homes near the station"),
        (QUOTE_I_WANT, "What did Ruth Okafor want", "a proper apology from the club"),
        (CLEFT, "What did Sam Ketteridge want to do", "help the team win the cup"),
        (QUOTE_BY_PRONOUN, "What did Rosa Quintero say must be done", "teach him kindness"),
        (ASK_FOR_DATED, "What did Gwen Lutterell ask for", "calm during the inquiry"),
        (
            AS_WELL_AS,
            "What else does the Brenford Nurses Union want other than a shorter working week",
            "the removal of night shifts",
        ),
        (DATELINE, "What was Northern Gas & Power Co set to do", "begin cutting supply to some 20,000 homes"),
        (COURT_RULED, "According to the country's top court, what must", "pay the new minimum wage"),
        (AIMED_AT, "What was the Harlow Water Board's campaign aimed at", "cutting leaks in the old town"),
        (VOW_THAT, "What did Cal Denholm vow", "the swimming pool would reopen in March"),
        (WORKING_TO, "What was the Dale Cycling Club working to do", "give children free lessons"),
        (STEPS, "What is Harbour Ferries taking steps to do", "cut delays on the island route"),
        (CLEFT_MUST, "What did Dean Farrow say must be done", "build a stronger squad around them"),
        (GOAL_ATTR, "What was the Brenford Council's aim", "A cheaper night bus service"),
        (LETTER_CALLING, "What did the Wexley Tenants Association call for", "a public hearing"),
        (SAYING_WOULD, "What did Ada Quill say Brenland would do", "hold a vote on the bridge next year"),
        (IMPLORE_YOU, "What did the nurses implore those addressed to do", "reopen the clinic before winter"),
        (ASIDE_CALLED, "What did the Harbour Traders Guild call for", "an emergency meeting of the board"),
        (MOVE_BY, "What did the Brenford Council move to do", "close the library for good"),
        (BULLETS, "What was one of the Royal Borough Nurses Union's demands", "a pay rise of five per cent"),
        (
            BULLETS,
            "What was another of the Royal Borough Nurses Union's demands",
            "an end to unpaid overtime",
        ),
        (
            SHOULD_PASSIVE,
            "According to Ian Pellow, what should happen",
            "Dan Rudd should be punished by the league",
        ),
        (POST_WE, "What did Rosa Quintero say must be done", "keep the clinic open for every family"),
        (HE_ADDED_AFTER, "What did Marek Sobol ask the mayor to do", "open talks with the drivers"),
        (SPOKESMAN_FIRM, "What was Torvane Energy working to do", "cut waiting times on its helpline"),
        (NEEDS_TO, "What does Kelby Council need to do", "repair the old bridge before the winter floods"),
        (RUN_ON, "What did Carla Denis want to do", "help the team win the cup"),
        (AT_PLACE, "What was Owen Tarrant determined to do", "see out his contract"),
        (
            HAD_TO,
            "According to Ivo Brandt, what did video game makers have to do",
            "listen more closely to parents",
        ),
        (PASSIVE_BY, "What was the Dunmore Harbour Board planning", "A new footbridge over the canal"),
        (
            RELATIVE_WHO,
            "What does the Kelby Tenants Association want to do",
            "stop the sale of the old depot",
        ),
        (OFFER_LIST, "What did the Marlow Rail Company offer", "cheaper season tickets"),
        (OFFER_LIST, "What else did the Marlow Rail Company offer", "a later last train"),
        (OFFER_LIST, "Name what the Marlow Rail Company wanted, planned or offered", "a new cafe"),
        (OFFER_TWO_OBJECTS, "What did Harbour Ferries offer its drivers", "a pay rise"),
        (OFFER_TWO_OBJECTS, "What else did Harbour Ferries offer its drivers", "extra leave"),
        (
            SPOKESMAN_FOR,
            "What did Harbour Ferries say must be done",
            "cut delays on the island route before the summer",
        ),
        (ORG_SPOKESWOMAN, "What did Dunmore Council say must be done", "build a new pier at Kelby"),
        (IN_ORDER_TO, "What did the Kelby Council aim to do", "repair the old bridge"),
        (SO_AS_TO, "What did Harbour Ferries aim to do", "win back passengers from the airline"),
        (NEEDS_BRACKET, "What does Kelby Council need to do", "return to the old timetable"),
        (NEEDS_BRACKET, "What else does Kelby Council need to do", "provide more trains for commuters"),
        (WANT_NO_AND, "What did Tom Haverly want to do", "win the league"),
        (WANT_NO_AND, "What else did Tom Haverly want to do", "play in Europe"),
        (PROTESTED, "What have nurses at the Kelby clinic protested", "the closure of the night ward"),
        (HOPED_TO, "What did the Brenford Council hope to do", "reopen the swimming pool by the summer"),
        (TOLD_HIM, "What did Harlow tell Dan Moss to do", "leave them alone"),
        (TOLD_HIM, "What else did Harlow tell Dan Moss to do", "calm down"),
        (
            DEADLINE,
            "What did the Harbour Union set a deadline of Friday for",
            "the council to reply before taking the dispute to court",
        ),
        (INCLUDING_CALLING, "What did Jo Marsh say they would call for", "a public inquiry"),
        (
            GUIDELINES,
            "What do the Port Authority's guidelines recommend",
            "keeping ferries in harbour during gales",
        ),
        (RECOMMENDED_DOING, "What did the Kelby Council recommend", "closing the old pier to traffic"),
        (WITH_A_VIEW, "What did the Harbour Trust say it would do", "start dredging in May"),
        (WITH_A_VIEW, "What did the Harbour Trust aim at", "reopening the marina by the summer"),
        (MOVE_TO_TRY, "What did Acme Foods move to do", "force the drivers to accept the new rota"),
        (HEADLINE_TO, "What did Torvane Energy plan to do", "close two coal plants"),
        (ORDERED, "What did the Kelby Council order Harbour Ferries to do", "refund every passenger"),
        (ORDERED, "What else did the Kelby Council order Harbour Ferries to do", "repair the pier"),
        (
            KEEN_AFTER_REPORTED,
            "What was Kent Police keen to do",
            "hear from anyone who saw it leaving the town",
        ),
        (HEADLINE_NOUN, "What did Torvane Energy plan to do", "sell its wind farms"),
    ],
)
def test_demand_constructions(text: str, prompt_start: str, answer: str) -> None:
    assert asked(text, prompt_start, answer), f"not asked; demands:\n{describe(bank_of(text), 'demand')}"


@pytest.mark.parametrize(
    ("text", "never"),
    [
        # a judgement is not a demand
        ("Critics called the new parking scheme misguided and expensive.", "the new parking scheme"),
        # two men named, then "he": nobody can say whose wish it is
        (
            "Alan Price met Brian Cole at the ground on Monday. He wants to build a new stadium.",
            "build a new stadium",
        ),
        # a condition, not a wish
        ("Coach Ellis Moore said the door was open. If he wants to leave, the club will listen.", "leave"),
        # someone's view of what a party is ready to do is not the party's plan
        ("This runs against the popular view that Brenland is ready to raise taxes.", "raise taxes"),
        # "she" after two people the parser names: no speaker for the "we" of her quotation
        (
            "Nora Pell asked for patience during Tom Reed's trial on Monday.\n\n"
            'She added, "We must forgive him."',
            "forgive him",
        ),
        # a forecast under a condition is no plan
        ('"If we lose this vote, Brenland will be isolated," said Mayor Ada Quill.', "be isolated"),
        # a list after "The demands are:" when two parties were named just before: whose, nobody can say
        (
            "The Kelby Union met the Kelby Trust on Monday. The demands are:\n\n- a pay rise of five per "
            "cent;\n- an end to unpaid overtime.",
            "a pay rise of five per cent",
        ),
        # a regulator's director on what "the firm" must do: not the regulator's own obligation
        (
            "Lena Ortiz, Powerwatch's director, said the firm must refund its customers.",
            "refund its customers",
        ),
        # no one owns the aim: nothing is asked
        ("The aim is to open the bridge by spring.", "open the bridge by spring"),
        # what the council hoped to double is elsewhere in the sentence: "double by 2024" is a fragment
        (
            "Its spending on roads was £3m in 2020, which the Kelby Council hoped to double by 2024.",
            "double by 2024",
        ),
        # an obligation someone else sets is no offer
        ("Powerwatch said Torvane Energy must offer its customers a refund.", "a refund"),
        # a list the parser lost the end of ("or | splitting") is not cut into a fragment
        (
            "The regulator offered the firm the choice of change or splitting into two.",
            "the choice of change",
        ),
        # a spokesman the sentence ties to no organisation speaks for nobody the quiz can name
        (
            'Harbour Ferries raised its fares on Monday.\n\n"We must keep the cafe open," a spokesman said.',
            "keep the cafe open",
        ),
        # a purpose after a passive names no one whose aim it is
        (
            "Income taxes will be cut next year in order to attract foreign investment.",
            "attract foreign investment",
        ),
        # a clause that narrows a noun says nothing of a named party
        ("Anyone who wants to join the club should call the secretary.", "join the club"),
        # guidelines whose body the article does not name are nobody's the quiz can ask about
        (
            "Its guidelines recommend keeping ferries in harbour during gales.",
            "keeping ferries in harbour during gales",
        ),
        # things ordered for a purpose are given no order
        ("The Kelby Council ordered 40 new buses to replace the old fleet.", "replace the old fleet"),
        # a headline whose party the article's text never names
        ("Council to close two libraries\n\nThe Kelby Library Trust met on Monday.", "close two libraries"),
        # a deadline nobody is named as setting
        ("A deadline of Friday was set for the council to reply.", "the council to reply"),
        # "him" with two other people named before it: whom the speaker told, nobody can say
        (
            '"Dan Moss and Ed Price were shouting, so I told him to leave the yard," Harlow said.',
            "leave the yard",
        ),
    ],
)
def test_no_demand_asked(text: str, never: str) -> None:
    wrong = [q for q in demand_questions(text) if norm(q.answer) == norm(never)]
    assert not wrong, f"asked {wrong[0].prompt!r} -> {wrong[0].answer!r}"


def test_what_a_party_opposes_is_not_listed_among_its_demands() -> None:
    text = (
        "Dock workers strike\n\n"
        "The Harbour Workers Union opposed the pay freeze. It demanded a pay rise, shorter shifts and a "
        "better pension."
    )
    lists = [q for q in demand_questions(text) if q.type == "list"]
    assert lists, describe(bank_of(text), "demand")
    assert all("pay freeze" not in norm(i) for q in lists for i in q.items)
    opposed = [q for q in demand_questions(text) if norm(q.answer) == "the pay freeze"]
    assert all("opposed" in q.prompt or "opposed" in q.explanation for q in opposed)


def test_a_demand_told_in_someones_quotation_is_asked_as_theirs() -> None:
    text = (
        "Bridge row\n\n"
        '"In short, the council is demanding a new toll bridge over the Avon," said historian Tom Reed, '
        "who has written about the town for decades."
    )
    about = [q for q in demand_questions(text) if "toll bridge" in q.answer]
    assert all(
        q.prompt.startswith(("According to Tom Reed", "True or false? According to Tom Reed")) for q in about
    ), [q.prompt for q in about]


def test_what_a_party_does_not_want_or_refuses_is_asked_as_such_and_never_listed() -> None:
    text = (
        "Stadium row\n\n"
        "The Kelby Supporters Trust demanded a pay rise, shorter shifts and a better pension. "
        "It does not want to move the club out of town. The owners refused to meet the trust in May."
    )
    questions = demand_questions(text)
    assert any(
        q.prompt.startswith("What did the Kelby Supporters Trust not want to do")
        and norm(q.answer) == "move the club out of town"
        for q in questions
    ), describe(bank_of(text), "demand")
    assert any(
        q.prompt.startswith("What did the owners refuse to do") and norm(q.answer) == "meet the trust in may"
        for q in questions
    ), describe(bank_of(text), "demand")
    lists = [q for q in questions if q.type == "list" or "NOT among" in q.prompt]
    assert lists, describe(bank_of(text), "demand")
    assert all("move the club" not in norm(i) for q in lists for i in [*q.items, *q.choices])
    assert all(not ("aims" in q.prompt and "move the club" in norm(q.answer)) for q in questions)


def test_a_surname_two_people_share_names_neither_of_them() -> None:
    text = (
        "Break-in at the Fairleys\n\n"
        "Rock singer Dan Fairley and his wife Ruth Fairley were at home when burglars broke in. "
        '"I was scared," Fairley said. The singer did not want to talk about the break-in.'
    )
    wrong = [q for q in demand_questions(text) if "Ruth" in q.prompt and "break-in" in norm(q.answer)]
    assert not wrong, [q.prompt for q in wrong]


def test_a_list_of_a_partys_demands_leaves_out_what_it_says_another_party_must_do() -> None:
    text = (
        "Power prices row\n\nPowerwatch wants lower prices and a faster network.\n\n"
        "Powerwatch said that Torvane Energy must refund all overcharged customers.\n\n"
        "Powerwatch also wants more rivals for Torvane Energy."
    )
    lists = [q for q in demand_questions(text) if q.type == "list"]
    assert lists, describe(bank_of(text), "demand")
    for q in lists:
        assert "refund all overcharged customers" not in map(norm, q.items), q.items
        assert "lower prices" in map(norm, q.items)


def test_what_a_party_protests_is_never_listed_among_its_demands() -> None:
    text = (
        "Clinic row\n\nThe Kelby Nurses Union wants a pay rise, shorter shifts and a new canteen.\n\n"
        "The union has also protested the closure of the night ward."
    )
    for q in demand_questions(text):
        if q.type == "list" or "want" in q.prompt or "demand" in q.prompt:
            assert "the closure of the night ward" not in map(norm, (q.answer, *q.items)), q.prompt


def test_a_present_conjunct_of_a_past_reported_clause_is_the_main_subjects() -> None:
    # the pair were driving (past), the detectives are keen (present): never asked as the pair's wish
    text = (
        "Detectives think the pair were driving a stolen van, and are keen to hear from anyone who saw it "
        "leaving the town."
    )
    prompts = [q.prompt for q in demand_questions(text)]
    assert any(p.startswith("What were detectives keen to do") for p in prompts), prompts
    assert not any("pair" in p for p in prompts), prompts


WRONG_CHOICE_TRAPS = (
    "Harbour Trust plans new ferry route\n\n"
    "The Harbour Trust wants to open a new ferry route to the northern islands, its chairman Tom "
    'Reddaway said on Monday.\n\n"We know the crossing to be very rough in winter," Mr Reddaway said. '
    "The plan came after months of talks with local fishermen.\n\n"
    "The trust also wants to repair the old stone pier and to build a waiting room for passengers.\n\n"
    "Last year the yard launched 27 boats which sailed to Norway. The council bought two cranes for the "
    "quay and painted the harbour wall.\n"
)


def test_a_demands_wrong_choices_are_never_what_someone_wants_nor_fragments():
    """Wrong choices come from the article's other actions: never a verb phrase that a demand word
    governs ("also wants to repair the pier" is a second right answer), a state of mind ("know the
    crossing to be rough"), a verb with only a phrase after it ("came after months of talks") or a
    clause ("27 boats which sailed")."""
    questions = demand_questions(WRONG_CHOICE_TRAPS)
    ferry = [q for q in questions if norm(q.answer) == norm("open a new ferry route to the northern islands")]
    assert ferry, describe(questions)
    traps = ("repair", "waiting room", "know", "came after", "come after", "which sailed")
    for q in questions:
        wrong = [c for c in q.choices if c != q.answer]
        assert not [c for c in wrong if any(t in c for t in traps)], describe([q])
