"""The words of demand questions: the prompt for an item (in the article's tense, naming the party
as the article does, a "what else" saying what it sets aside) and the statement an explanation makes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from questions.build.text import norm, overlaps
from questions.facts import Fact


def past_tense(verb: str) -> str:
    irregular = {
        "seek": "sought",
        "push for": "pushed for",
        "press for": "pressed for",
        "call for": "called for",
        "ask for": "asked for",
        "rule out": "ruled out",
        "insist on": "insisted on",
        "opposed": "opposed",
    }
    if verb in irregular:
        return irregular[verb]
    return verb + ("d" if verb.endswith("e") else "ed")


#: verbs of what a party is against: asked as such, never listed among its demands
AGAINST = frozenset({"opposed", "oppose", "reject", "rule out", "not want", "refuse", "protest"})


def _prompt_forms(fact: Fact) -> tuple[str, str, tuple[str, ...]]:
    """The ways to ask one item: the plain question, its "what else" form, and the "which of these
    was also among …" forms, each already said as someone's reading when the item is theirs."""
    party, verb, between = fact.subject or "the party", fact.verb, (fact.detail or "").strip()
    if fact.style == "frame" and fact.question:
        base = fact.question
        if base.startswith("According to "):
            base = base.replace(", according to the article?", "?")
        alt = (
            base.replace("What was one of ", "What was another of ", 1)
            if base.startswith("What was one of ")
            else base.replace("what ", "what else ", 1).replace("What ", "What else ", 1)
        )
    elif fact.verb == "opposed":
        base = f"What was {party} opposed to, according to the article?"
        alt = f"What else was {party} opposed to, according to the article?"
    elif between and between.split()[-1] == "to":
        base = f"What did {party} {verb} {between} do, according to the article?"
        alt = f"What else did {party} {verb} {between} do, according to the article?"
    else:
        head = f"{verb} {between}".strip()
        base = f"What did {party} {head}, according to the article?"
        alt = f"What else did {party} {head}, according to the article?"
    more: tuple[str, ...]
    if fact.verb in AGAINST:
        more = (alt,)  # "Which of these was also among its aims?" would list what it refuses
    elif fact.style == "frame":
        more = (
            f"Which of these was also among {party}'s aims?",
            f"Which of these was one more of {party}'s aims?",
        )
    else:
        more = (
            f"Which of these was also among {party}'s demands?",
            f"Which of these was one more of {party}'s demands?",
        )
    if fact.per:
        # someone's reading of the party, asked as theirs: "According to X, what did Russia demand?"
        base, alt = _per(fact.per, base), _per(fact.per, alt)
        more = tuple(_per(fact.per, m) for m in more)
    return base, alt, more


#: the longest item named in another item's prompt ("What else did X offer to do other than …?")
MAX_BESIDE_WORDS = 10


#: words of an item that point to something its own sentence names: an item holding one is named
#: in another's prompt as the article's words, in quotes ("other than “leave them alone”"), not as
#: the prompt's own (whose "them"?)
POINTERS = frozenset("it they them he him she we us you i me this that these those".split())


def _quoted_if_pointing(item: str) -> str:
    return f"“{item}”" if POINTERS & set(re.findall(r"[a-z]+", item.lower())) else item


def _which(m: re.Match[str]) -> str:
    lead = m.group(1)
    return f"{lead}which of these " if lead else "Which of these "


def _other_than(alt: str, item: str) -> str:
    """ "What else did X offer to do other than cut fares, according to the article?": a "what else"
    that says what it sets aside, so that a reader knows which answer is not asked."""
    tail = ", according to the article?" if alt.endswith(", according to the article?") else "?"
    return f"{alt[: -len(tail)]} other than {item}{tail}"


def demand_prompt(
    fact: Fact,
    used: set[str],
    siblings: Sequence[Fact] = (),
    short: Mapping[str, str] | None = None,
    *,
    typed: bool = False,
) -> tuple[str, str | None]:
    """The item's prompt, and the answer of the sibling item it sets aside (None if none).
    ``siblings`` are the party's other items asked by the same plain question ("What did X offer to
    do?"): a second item is asked "what else … other than <a sibling>", never a bare "what else".
    ``short`` gives an item's short form (its action without when and where), named in its stead;
    ``typed``: the item is to be written, not chosen among others."""
    base, alt, more = _prompt_forms(fact)
    named = {s.answer: (short or {}).get(s.answer, s.answer) for s in siblings}
    beside = [
        answer
        for answer, said in sorted(named.items(), key=lambda kv: len(kv[1].split()))
        if len(said.split()) <= MAX_BESIDE_WORDS
        and not overlaps(said, fact.answer)
        and "“" not in said
        and '"' not in said
    ]
    forms: list[tuple[str, str | None]] = [(base, None)]
    forms += [(_other_than(alt, _quoted_if_pointing(named[b])), b) for b in beside]
    if not typed:
        # among choices of which only one is the party's: the plain question, no "else" needed
        forms.append((re.sub(r"^(According to [^,]+, )?[Ww]hat ", _which, base, count=1), None))
    forms += [(p, None) for p in (alt, *more)]
    if fact.verb not in AGAINST:
        party = fact.subject or "the party"
        forms += [
            (f"Which of these was also among {party}'s demands?", None),
            (f"Which of these was one more of {party}'s demands?", None),
        ]
    for p, aside in forms:
        if norm(p) not in used:
            used.add(norm(p))
            return p, aside
    return f"{base} ({len(used)})", None


def siblings_of(items: Sequence[Fact]) -> dict[int, list[Fact]]:
    """For each item (by its index), the party's other items that the same plain question asks:
    each is a right answer to it ("What did X offer to do?" of "offered to cut fares and open a
    cafe")."""
    plain = [norm(_prompt_forms(f)[0]) for f in items]
    return {
        n: [
            g
            for m, g in enumerate(items)
            if m != n and plain[m] == plain[n] and norm(g.answer) != norm(f.answer)
        ]
        for n, f in enumerate(items)
    }


def _per(who: str, prompt: str) -> str:
    if prompt.startswith("According to "):
        return prompt
    prompt = prompt.replace(", according to the article?", "?")
    return f"According to {who}, {prompt[:1].lower()}{prompt[1:]}"


def demand_statement(party: str, fact: Fact) -> str:
    between = (fact.detail or "").strip()
    verb = past_tense(fact.verb)
    if fact.style == "frame":
        return f"{between.replace(fact.subject or '', party, 1)} {fact.answer}"
    if fact.verb == "opposed":
        return f"{party} was opposed to {fact.answer}"
    if fact.style == "to":
        return f"{party} {verb} {between or 'to'} {fact.answer}"
    if fact.style == "need":
        return f"{party} {verb} {between} {fact.answer}"
    return f"{party} {verb} {fact.answer}"


def words_before(text: str, fact: Fact) -> str:
    """The words of the item's sentence before the item."""
    s, _ = fact.evidence[0] if fact.evidence else fact.span
    return text[s : fact.span[0]] if s <= fact.span[0] else ""


#: verbs whose past is their present: "cut" after a party may be either
SAME_PAST = frozenset("cut put set hit let quit shut spread bid cost hurt split".split())


def tensed(text: str, fact: Fact, prompt: str) -> str:
    """The prompt in the article's tense: "What will X offer to do?" of "X will offer to …", "What
    has X called for?" of "X has called for …", "What does X want to do?" of "X wants to …", not
    "What did X …?"."""
    party, verb = fact.subject or "", fact.verb
    # the trigger right after the party (or "which" standing for it): "plans" of "unveiled plans to"
    # is a noun, not the party's present tense
    last = re.escape(party.split()[-1]) if party else "$^"
    m = re.search(
        rf"(?:\b{last}|\b(?:which|who|it|he|she|they)),?\s+(?:(will|has|have)\s+)?(?:also\s+|now\s+|already\s+|still\s+)?"
        r"([a-z]+)\s+(?:to\s+|for\s+|on\s+)?$",
        words_before(text, fact),
    )
    if m is None:
        # an auxiliary says the tense wherever the party stands ("The doctors, members of a new
        # group, have offered to …"): "have plans to" is no perfect of "plan", so no noun is misread
        m = re.search(
            r"\b(will|has|have),?\s+(?:also\s+|now\s+|already\s+|still\s+)?([a-z]+)\s+(?:to\s+|for\s+|on\s+)?$",
            words_before(text, fact),
        )
    ask = re.search(rf"\b([Ww]hat(?: else)?) did {re.escape(party)} {re.escape(verb)}\b", prompt)
    if m is None or ask is None or not party:
        return prompt
    aux, said, head = m.group(1), m.group(2), verb.split()[0]
    if aux == "will" and said == head:
        now = f"{ask.group(1)} will {party} {verb}"
    elif aux in ("has", "have") and said == past_tense(verb).split()[0]:
        now = f"{ask.group(1)} {aux} {party} {past_tense(verb)}"
    elif aux is None and said in (head + "s", head + "es"):
        now = f"{ask.group(1)} does {party} {verb}"
    elif aux is None and said == head and past_tense(head) != head and head not in SAME_PAST:
        # "Residents want to …": a plural party in the present
        now = f"{ask.group(1)} do {party} {verb}"
    else:
        return prompt
    return prompt[: ask.start()] + now + prompt[ask.end() :]


def lead_item(fact: Fact, siblings: Sequence[Fact]) -> Fact:
    """The first of the items one verb of one sentence heads ("has offered to cut fares and open a
    cafe"): its words before it say the tense for all ("What has X offered to do?", then "What else
    has X offered to do …?"), where a later item's would be the items before it."""
    same = [s for s in siblings if s.evidence[:1] == fact.evidence[:1] and s.span[0] < fact.span[0]]
    return min(same, key=lambda s: s.span[0]) if same and fact.evidence else fact


def tidy_party(text: str, party: str, prompt: str) -> str:
    """The party named in the prompt as the article names it: "the US" where the article writes "the
    US", "Harbour Ferries' aims" where it never writes "Harbour Ferries's"."""
    if not party:
        return prompt
    if party.endswith("s") and f"{party}'s" not in text and f"{party}’s" not in text:
        prompt = prompt.replace(f"{party}'s", f"{party}'")
    if party[:1].isupper() and not party.lower().startswith("the "):
        name = r"(?<![A-Za-z0-9])" + re.escape(party) + r"(?![A-Za-z0-9])"
        with_the = len(re.findall(r"\b[Tt]he " + name, text))
        if with_the and 2 * with_the >= len(re.findall(name, text)):
            prompt = re.sub(r"(?<![Tt]he )" + name, f"the {party}", prompt)
    return prompt


_MODAL_DONE = {
    "must": "must be done",
    "should": "should be done",
    "need to": "needed to be done",
    "have to": "had to be done",
    "had to": "had to be done",
    "would like to": "was wanted",
}


def unplural(prompt: str) -> str:
    """ "What did X say must be done?" of "What did X say we must do?": the speaker's "we" names
    nobody the prompt shows."""
    return re.sub(
        r"\bsay (?:we|you) (must|should|need to|have to|had to|would like to) do\b",
        lambda m: f"say {_MODAL_DONE[m.group(1)]}",
        prompt,
    )
