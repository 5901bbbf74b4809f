"""Pattern tables of the demand extractor: which words introduce what a party wants, and how a
question asks about it. Each entry gives the question's frame ("What did {party} offer to do?")
and the statement a true/false question and an explanation make of it ("{party} offered to").
"""

from __future__ import annotations

#: forms the small model lemmatises as another word ("hoped" -> "hop"): the demand finders read
#: these verbs by the right lemma
LEMMA_FIXES: dict[str, str] = {"hoped": "hope", "hopes": "hope", "hoping": "hope"}


def trigger_lemma(lower: str, lemma: str, pos: str) -> str:
    """The lemma a demand finder reads a word by: spaCy's, mended by :data:`LEMMA_FIXES`."""
    return LEMMA_FIXES.get(lower, lemma) if pos == "VERB" else lemma


#: a verb whose to-infinitive is what the party wants or sets out to do:
#: "the council offered to cut fees" -> lemma: (question, statement)
TO_VERBS: dict[str, tuple[str, str]] = {
    "offer": ("What did {party} offer to do", "{party} offered to"),
    "plan": ("What did {party} plan to do", "{party} planned to"),
    "pledge": ("What did {party} pledge to do", "{party} pledged to"),
    "vow": ("What did {party} vow to do", "{party} vowed to"),
    "promise": ("What did {party} promise to do", "{party} promised to"),
    "hope": ("What did {party} hope to do", "{party} hoped to"),
    "aim": ("What did {party} aim to do", "{party} aimed to"),
    "intend": ("What did {party} intend to do", "{party} intended to"),
    "seek": ("What did {party} seek to do", "{party} sought to"),
    "want": ("What did {party} want to do", "{party} wanted to"),
    "wish": ("What did {party} wish to do", "{party} wished to"),
    "threaten": ("What did {party} threaten to do", "{party} threatened to"),
    "propose": ("What did {party} propose to do", "{party} proposed to"),
    "strive": ("What did {party} strive to do", "{party} strove to"),
    "try": ("What did {party} try to do", "{party} tried to"),
    "demand": ("What did {party} demand to do", "{party} demanded to"),
    "work": ("What was {party} working to do", "{party} was working to"),
    "fight": ("What did {party} fight to do", "{party} fought to"),
    "campaign": ("What did {party} campaign to do", "{party} campaigned to"),
    "volunteer": ("What did {party} volunteer to do", "{party} volunteered to"),
}

#: of these, the ones whose to-infinitive the parser often reads as a purpose clause (advcl)
PURPOSE_TO_VERBS = frozenset("work strive campaign fight".split())

#: "the miners are determined to win": an adjective with a to-infinitive
TO_ADJECTIVES: dict[str, tuple[str, str]] = {
    "determined": ("What was {party} determined to do", "{party} was determined to"),
    "keen": ("What was {party} keen to do", "{party} was keen to"),
    "eager": ("What was {party} eager to do", "{party} was eager to"),
    "willing": ("What was {party} willing to do", "{party} was willing to"),
    "prepared": ("What was {party} prepared to do", "{party} was prepared to"),
    "ready": ("What was {party} ready to do", "{party} was ready to"),
    "set": ("What was {party} set to do", "{party} was set to"),
    "desperate": ("What was {party} desperate to do", "{party} was desperate to"),
}

#: a verb with an addressee and a to-infinitive: "the mayor urged the board to approve the budget";
#: the addressee stands in the question ("What did the mayor urge the board to do?")
ADDRESSEE_VERBS: dict[str, tuple[str, str]] = {
    "urge": ("What did {party} urge {to} to do", "{party} urged {to} to"),
    "ask": ("What did {party} ask {to} to do", "{party} asked {to} to"),
    "implore": ("What did {party} implore {to} to do", "{party} implored {to} to"),
    "tell": ("What did {party} tell {to} to do", "{party} told {to} to"),
    "encourage": ("What did {party} encourage {to} to do", "{party} encouraged {to} to"),
    "invite": ("What did {party} invite {to} to do", "{party} invited {to} to"),
    "press": ("What did {party} press {to} to do", "{party} pressed {to} to"),
    "call": ("What did {party} call on {to} to do", "{party} called on {to} to"),
    "plead": ("What did {party} plead with {to} to do", "{party} pleaded with {to} to"),
    "appeal": ("What did {party} appeal to {to} to do", "{party} appealed to {to} to"),
    "challenge": ("What did {party} challenge {to} to do", "{party} challenged {to} to"),
    "want": ("What did {party} want {to} to do", "{party} wanted {to} to"),
    "order": ("What did {party} order {to} to do", "{party} ordered {to} to"),
    "instruct": ("What did {party} instruct {to} to do", "{party} instructed {to} to"),
    "beg": ("What did {party} beg {to} to do", "{party} begged {to} to"),
}
#: of these, the ones whose object may be a thing with a purpose ("ordered 40 buses to replace the
#: fleet"): the addressee must be a party (a name, a pronoun, a noun of people or of an organisation)
PARTY_ADDRESSEE_VERBS = frozenset("order instruct beg".split())
#: of these, the ones that stay a plea when made to "you" ("we implore you to allow ...")
PLEA_VERBS = frozenset("urge implore beg ask call plead appeal".split())
#: the preposition that brings the addressee in, where there is one ("plead with", "call on")
ADDRESSEE_PREPS: dict[str, str] = {"call": "on", "plead": "with", "appeal": "to"}

#: a verb whose object is what the party plans or offers: "the council is planning a new bypass"
OBJECT_VERBS: dict[str, tuple[str, str]] = {
    "plan": ("What was {party} planning", "{party} was planning"),
    "offer": ("What did {party} offer", "{party} offered"),
    "promise": ("What did {party} promise", "{party} promised"),
    "pledge": ("What did {party} pledge", "{party} pledged"),
    "threaten": ("What did {party} threaten", "{party} threatened"),
    "recommend": ("What did {party} recommend", "{party} recommended"),
}

#: a verb in the passive with its party in a "by" phrase: "a new bypass is planned by the council";
#: what is planned is the subject, asked as the object of the active verb
PASSIVE_VERBS: dict[str, tuple[str, str]] = {
    "plan": ("What was {party} planning", "{party} was planning"),
    "propose": ("What did {party} propose", "{party} proposed"),
    "offer": ("What did {party} offer", "{party} offered"),
    "promise": ("What did {party} promise", "{party} promised"),
    "pledge": ("What did {party} pledge", "{party} pledged"),
    "recommend": ("What did {party} recommend", "{party} recommended"),
    "demand": ("What did {party} demand", "{party} demanded"),
    "request": ("What did {party} request", "{party} requested"),
    "seek": ("What did {party} seek", "{party} sought"),
}
#: of :data:`OBJECT_VERBS`, those with two objects: "the firm offered staff a pay rise" (asked
#: "What did the firm offer staff?")
DATIVE_VERBS: dict[str, tuple[str, str]] = {
    "offer": ("What did {party} offer {to}", "{party} offered {to}"),
    "promise": ("What did {party} promise {to}", "{party} promised {to}"),
}

#: a verb whose "for" phrase is what the party wants: "residents appealed for help"
FOR_VERBS: dict[str, tuple[str, str]] = {
    "appeal": ("What did {party} appeal for", "{party} appealed for"),
    "hope": ("What did {party} hope for", "{party} hoped for"),
    "yearn": ("What did {party} yearn for", "{party} yearned for"),
    "plead": ("What did {party} plead for", "{party} pleaded for"),
    "lobby": ("What did {party} lobby for", "{party} lobbied for"),
    "campaign": ("What did {party} campaign for", "{party} campaigned for"),
    "argue": ("What did {party} argue for", "{party} argued for"),
    "fight": ("What did {party} fight for", "{party} fought for"),
    "beg": ("What did {party} beg for", "{party} begged for"),
    "bid": ("What did {party} bid for", "{party} bid for"),
}

#: a noun with a "for" phrase, object of a verb of the party: "police issued an appeal for witnesses"
FOR_NOUNS: dict[str, tuple[str, str]] = {
    "appeal": ("What did {party} appeal for", "{party} appealed for"),
    "call": ("What did {party} call for", "{party} called for"),
    "plea": ("What did {party} plead for", "{party} pleaded for"),
    "demand": ("What did {party} demand", "{party} demanded"),
    "request": ("What did {party} request", "{party} requested"),
    "bid": ("What did {party} bid for", "{party} bid for"),
}

#: a noun with a to-infinitive ("his desire to stay") or an "of" phrase ("its ambition of joining"):
#: the party is its possessor, its "by" phrase ("plans by the firm to ...") or the subject of
#: the verb it is the object of ("the firm unveiled plans to ...")
TO_NOUNS: dict[str, tuple[str, str]] = {
    "desire": ("What did {party} want to do", "{party} wanted to"),
    "wish": ("What did {party} want to do", "{party} wanted to"),
    "ambition": ("What was {party}'s ambition", "{party}'s ambition was to"),
    "plan": ("What did {party} plan to do", "{party} planned to"),
    "proposal": ("What did {party} propose to do", "{party} proposed to"),
    "offer": ("What did {party} offer to do", "{party} offered to"),
    "pledge": ("What did {party} pledge to do", "{party} pledged to"),
    "promise": ("What did {party} promise to do", "{party} promised to"),
    "vow": ("What did {party} vow to do", "{party} vowed to"),
    "commitment": ("What did {party} commit to do", "{party} committed to"),
    "aim": ("What was {party}'s aim", "{party}'s aim was to"),
    "goal": ("What was {party}'s goal", "{party}'s goal was to"),
    "target": ("What was {party}'s target", "{party}'s target was to"),
    "intention": ("What did {party} intend to do", "{party} intended to"),
    "determination": ("What was {party} determined to do", "{party} was determined to"),
    "willingness": ("What was {party} willing to do", "{party} was willing to"),
    "threat": ("What did {party} threaten to do", "{party} threatened to"),
    "bid": ("What did {party} bid to do", "{party} bid to"),
    "move": ("What did {party} move to do", "{party} moved to"),
    "attempt": ("What did {party} attempt to do", "{party} attempted to"),
    "effort": ("What did {party} make an effort to do", "{party} made an effort to"),
}

#: a noun that names what a party sets out to do, subject of "be" with a to-infinitive or an -ing
#: complement: "the challenge was to keep players", "the prize is tackling low turnout"; the party
#: is its possessor or the one who says so ("Mr X said the challenge was to ...")
GOAL_NOUNS = frozenset(
    "aim goal target challenge focus priority prize objective task mission ambition idea hope plan "
    "intention purpose dream".split()
)

#: a noun with a "that" clause, what the clause says being the party's: "his vow that taxes would
#: not rise"; the party is the noun's possessor or its "by" phrase
THAT_NOUNS: dict[str, tuple[str, str]] = {
    "vow": ("What did {party} vow", "{party} vowed that"),
    "promise": ("What did {party} promise", "{party} promised that"),
    "pledge": ("What did {party} pledge", "{party} pledged that"),
    "demand": ("What did {party} demand", "{party} demanded that"),
    "insistence": ("What did {party} insist", "{party} insisted that"),
    "proposal": ("What did {party} propose", "{party} proposed that"),
    "requirement": ("What did {party} require", "{party} required that"),
    "recommendation": ("What did {party} recommend", "{party} recommended that"),
    "request": ("What did {party} request", "{party} requested that"),
}

#: "the council launched a campaign aimed at cutting litter": verbs whose subject owns the noun
#: that "aimed at" hangs on
AIMED_OWNER_VERBS = frozenset(
    "carry launch unveil announce introduce start begin propose run mount plan set table present outline "
    "publish submit back lead make".split()
)

#: verbs of saying whose reported clause can carry a plan ("said it would ...") or an
#: obligation ("said the firm must ...")
SAY_VERBS = frozenset(
    "say tell add announce state claim insist argue warn confirm believe write explain pledge promise "
    "vow suggest rule recommend".split()
)
#: modal verbs of an obligation or a condition a party sets
OBLIGATION_MODALS = frozenset("must should".split())
#: auxiliaries of a plan a party announces ("said it would close two plants")
FUTURE_AUX = frozenset("will would 'll".split())

#: nouns that stand for an organisation named before ("the firm said it would ...")
GENERIC_ORG_NOUNS = frozenset(
    "firm company group union utility club council government agency organisation organization "
    "charity association committee authority regulator business corporation board party side team "
    "band bank retailer airline operator league federation commission department ministry trust alliance "
    "coalition panel institute foundation society network lobby forum body watchdog bloc movement".split()
)
#: pronouns a party can be named by, and the kind of party each can stand for
PRONOUN_KINDS: dict[str, frozenset[str]] = {
    "he": frozenset({"PERSON"}),
    "she": frozenset({"PERSON"}),
    "it": frozenset({"ORG"}),
    "they": frozenset({"ORG", "GROUP"}),
}

#: nouns of people or bodies that can want something, besides role words and organisation nouns
AGENT_NOUNS = frozenset(
    "people police staff public residents advocates fans parents families children students patients "
    "countries nations governments states voters citizens taxpayers shareholders investors "
    "lawmakers legislators critics experts doctors nurses physicians campaigners protesters activists "
    "unions authorities councils groups firms companies clubs bands leaders members officials court courts "
    "tribunal judge judges".split()
)
#: endings of plural nouns of people: "workers", "protesters", "analysts", "residents", "employees"
AGENT_ENDINGS = ("ers", "ors", "ists", "ians", "ents", "ants", "ees", "ives")

#: "the firm is taking steps to ...": nouns of action a party takes towards what it wants
STEP_NOUNS = frozenset("step measure action".split())
_TO_INF = {"RIGHT_ATTRS": {"TAG": "TO", "DEP": "aux"}}
#: spaCy DependencyMatcher patterns of that construction: "take" with a step noun as object and a
#: to-infinitive on the noun ("steps to cut") or, as the parser often reads it, on the verb
STEP_PATTERNS: list[list[dict[str, object]]] = [
    [
        {"RIGHT_ID": "take", "RIGHT_ATTRS": {"LEMMA": "take"}},
        {
            "LEFT_ID": "take",
            "REL_OP": ">",
            "RIGHT_ID": "noun",
            "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "obj"]}, "LEMMA": {"IN": sorted(STEP_NOUNS)}},
        },
        {"LEFT_ID": inf_on, "REL_OP": ">", "RIGHT_ID": "inf", "RIGHT_ATTRS": {"DEP": {"IN": deps}}},
        {"LEFT_ID": "inf", "REL_OP": ">", "RIGHT_ID": "to", **_TO_INF},
    ]
    for inf_on, deps in (("noun", ["acl", "relcl"]), ("take", ["advcl", "xcomp"]))
]
#: verbs of what a party will not do, with a to-infinitive: "refused to pay", "does not want to sell"
#: (want only when negated); asked as such and never listed among the party's demands
UNWILLING_VERBS = frozenset("refuse want".split())

#: "the union set a deadline of Friday for the council to reply": what the party wants done by the
#: deadline is the clause of "for X to ..." (the parser hangs it on the noun or on the verb); the
#: verb lemma gives the question's verb
DEADLINE_VERBS: dict[str, str] = {"set": "set", "impose": "impose"}
DEADLINE_NOUNS = ("deadline", "ultimatum")
DEADLINE_PATTERNS: list[list[dict[str, object]]] = [
    [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(DEADLINE_VERBS)}, "POS": "VERB"}},
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "noun",
            "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "obj"]}, "LEMMA": {"IN": list(DEADLINE_NOUNS)}},
        },
        {"LEFT_ID": clause_on, "REL_OP": ">", "RIGHT_ID": "clause", "RIGHT_ATTRS": {"DEP": {"IN": deps}}},
        {
            "LEFT_ID": "clause",
            "REL_OP": ">",
            "RIGHT_ID": "for",
            "RIGHT_ATTRS": {"LOWER": "for", "DEP": "mark"},
        },
        {"LEFT_ID": "clause", "REL_OP": ">", "RIGHT_ID": "who", "RIGHT_ATTRS": {"DEP": "nsubj"}},
        {"LEFT_ID": "clause", "REL_OP": ">", "RIGHT_ID": "to", **_TO_INF},
    ]
    for clause_on, deps in (("noun", ["acl", "relcl"]), ("verb", ["advcl"]))
]

#: "said they would take steps, including calling for an inquiry": a demand verb in the -ing form
#: after "including" is one more item of the plan it hangs on -> how the question names it and
#: where its item is (the "for" phrase or the object)
INCLUDING_VERBS: dict[str, tuple[str, str]] = {
    "call": ("call for", "for"),
    "push": ("push for", "for"),
    "press": ("press for", "for"),
    "demand": ("demand", "dobj"),
    "seek": ("seek", "dobj"),
    "request": ("request", "dobj"),
}
INCLUDING_PATTERNS: list[list[dict[str, object]]] = [
    [
        {
            "RIGHT_ID": "act",
            "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(INCLUDING_VERBS)}, "TAG": "VBG", "DEP": "pcomp"},
        },
        {"LEFT_ID": "act", "REL_OP": "<", "RIGHT_ID": "including", "RIGHT_ATTRS": {"LOWER": "including"}},
        {"LEFT_ID": "including", "REL_OP": "<", "RIGHT_ID": "plan", "RIGHT_ATTRS": {"POS": "VERB"}},
    ]
]

#: "the Port Authority's guidelines recommend keeping ferries in harbour": rules a named body sets
#: recommend what the body wants; only with the body named (its possessor or "of" phrase)
RULE_NOUNS = frozenset("guideline rule regulation code policy standard protocol".split())
RULE_VERBS = frozenset("recommend advise".split())
_RULE_OWNERS: tuple[list[dict[str, object]], ...] = (
    [
        {
            "LEFT_ID": "rules",
            "REL_OP": ">",
            "RIGHT_ID": "owner",
            "RIGHT_ATTRS": {"DEP": "poss", "POS": "PROPN"},
        }
    ],
    [
        {"LEFT_ID": "rules", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"DEP": "prep", "LOWER": "of"}},
        {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "owner", "RIGHT_ATTRS": {"DEP": "pobj", "POS": "PROPN"}},
    ],
)
RULE_PATTERNS: list[list[dict[str, object]]] = [
    [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(RULE_VERBS)}, "POS": "VERB"}},
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "rules",
            "RIGHT_ATTRS": {"DEP": "nsubj", "LEMMA": {"IN": sorted(RULE_NOUNS)}},
        },
        *owner,
    ]
    for owner in _RULE_OWNERS
]

#: a headline that says what a named party is to do or wants: "Acme to close two plants" (a plan),
#: "Acme's plan to close two plants" (a noun of :data:`TO_NOUNS`); spaCy ``Matcher`` patterns over
#: the title, whose words before "to" / "'s" must be a party the article names in its text
HEADLINE_PATTERNS: dict[str, list[list[dict[str, object]]]] = {
    "PLAN": [[{"IS_PUNCT": False, "OP": "+"}, {"LOWER": "to"}, {"POS": "VERB"}]],
    "NOUN": [
        [
            {"IS_PUNCT": False, "OP": "+"},
            {"LOWER": {"IN": ["'s", "’s"]}},
            {"LEMMA": {"IN": sorted(TO_NOUNS)}},
            {"LOWER": "to"},
            {"POS": {"IN": ["VERB", "AUX"]}},
        ]
    ],
}
