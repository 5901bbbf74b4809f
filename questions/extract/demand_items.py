"""The items of a demand frame, one per coordinated verb phrase: "offered to cut fees and open the
library" gives two; cut, trimmed and written out as answer text.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

#: words that end an item: a comma before them starts a loosely attached addition
LOOSE = frozenset("which who whom while whereas despite although though as but because prompting".split())


@dataclass(frozen=True, slots=True)
class Found:
    trigger: Token
    subject: Token | None  # the token naming the party
    ask: str
    state: str
    items: list[list[Token]]
    addressee: str = ""
    obliged: Token | None = None  # who must do it, in "X said the firm must ...": a party too
    #: left to the older reader of demand verbs (demands.py) when the party is unclear here
    fallback: bool = False
    #: what the party does not want or refuses: asked as such, never among its demands
    against: bool = False


def vp_items(verb: Token) -> list[list[Token]]:
    """The verb phrases a to-infinitive or a clause gives, one per coordinated verb:
    "to cut fees and open the library" -> [cut fees], [open the library]."""
    heads = [verb]
    c = verb
    while True:
        nxt = next(
            (x for x in c.children if x.dep_ == "conj" and x.pos_ == "VERB" and _same_form(x, verb)), None
        )
        if nxt is None:
            break
        heads.append(nxt)
        c = nxt
    skip = {h.i for h in heads}
    out = []
    for n, h in enumerate(heads):
        if any(ch.dep_ == "neg" for ch in h.children):
            # "urged the council not to close the market": the item without its "not" would be the
            # opposite of what was asked
            continue
        drop: set[int] = set()
        # "must change or be split into two": an alternative of another form is one item, the choice
        alternative = any(x.dep_ == "conj" and x.i not in skip and x.pos_ == "VERB" for x in h.children)
        for ch in h.children:
            if (
                ch.i in skip
                or ch.dep_ in ("nsubj", "nsubjpass", "aux", "neg", "mark")
                or (ch.dep_ == "cc" and not (alternative and ch.lower_ == "or"))
                or (ch.dep_ in ("advmod", "punct") and ch.i < h.i)
                or _loose_clause(ch)
            ):
                drop |= {t.i for t in ch.subtree}
        if n == 0:
            # the other conjuncts' subtrees are inside the first head's
            for other in heads[1:]:
                drop |= {t.i for t in other.subtree}
        toks = [t for t in h.subtree if t.i not in drop and (t.i >= h.i or t.dep_ in ("auxpass",))]
        toks = _trim(toks)
        for part in _split_bare_verbs(toks):
            out.extend(_split_objects(h, part))
    return [t for t in out if t]


def _same_form(conj: Token, verb: Token) -> bool:
    """A conjunct of the same verb form: "to reopen the market and cut the rents", where the small
    model may tag "cut" (or "put", "set") as a past tense; a conjunct with a subject of its own is
    another clause ("and they cut the rents")."""
    if conj.tag_ == verb.tag_:
        return True
    return (
        verb.tag_ == "VB"
        and conj.tag_ in ("VBD", "VBN", "VBP")
        and conj.lower_ == conj.lemma_.lower()
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in conj.children)
    )


def inf_items(trigger: Token, inf: Token) -> list[list[Token]]:
    """:func:`vp_items` of a to-infinitive, with the bare verbs the parser hung on the trigger
    instead: "needs to return to X and provide Y" (provide under needs), "want to be on the radio,
    have big singles" (have under want, no "and")."""
    out = vp_items(inf)
    asyndetic = not any(c.dep_ == "cc" for c in trigger.children)
    for c in trigger.children:
        if (
            c.dep_ == "conj"
            and c.i > inf.i
            and c.pos_ == "VERB"
            and c.lower_ == c.lemma_.lower()
            and (c.tag_ == "VB" and trigger.tag_ != "VB" or c.tag_ == "VBP" and asyndetic)
            and not any(x.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for x in c.children)
        ):
            out += vp_items(c)
    return out


def _split_objects(verb: Token, toks: list[Token]) -> list[list[Token]]:
    """ "offer operators lower prices, faster services and open access" -> "offer operators lower
    prices", "offer operators faster services", "offer operators open access"."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None or verb not in toks:
        return [toks]
    heads = [obj]
    while (
        nxt := next((x for x in heads[-1].children if x.dep_ == "conj" and x.pos_ == "NOUN"), None)
    ) is not None:
        heads.append(nxt)
    if len(heads) < 2 or any(t.dep_ == "preconj" or t.lower_ in ("between", "both") for t in obj.subtree):
        return [toks]
    ids = {t.i for t in toks}
    prefix = [t for t in toks if t.i < obj.left_edge.i]
    out = []
    for n, h in enumerate(heads):
        start = h.left_edge.i if n == 0 else min(t.i for t in h.subtree if t.dep_ not in ("cc", "punct"))
        stop = heads[n + 1].left_edge.i if n + 1 < len(heads) else h.right_edge.i + 1
        part = [t for t in verb.doc[start:stop] if t.i in ids]
        while part and (part[-1].is_punct or part[-1].dep_ == "cc" or _trailing_also(part)):
            part = part[:-2] if part[-1].lower_ == "well" else part[:-1]
        if not part:
            return [toks]
        out.append(prefix + part)
    # what follows the last object ("... to rivals") belongs to every item only when it is short
    return out


def _loose_clause(tok: Token) -> bool:
    """ "because Arsenal have not written": a reason or concession, not part of what is wanted;
    "with a view to reopening the marina": a purpose, asked as an aim of its own."""
    if tok.dep_ == "prep" and tok.lower_ == "with":
        return view_to(tok) is not None
    return tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in LOOSE | {"since"} for c in tok.children
    )


def view_to(with_: Token) -> Token | None:
    """The -ing verb of "with a view to reopening ...", given its "with"."""
    view = next((c for c in with_.children if c.dep_ == "pobj" and c.lower_ == "view"), None)
    to = next((c for c in view.children if c.dep_ == "prep" and c.lower_ == "to"), None) if view else None
    return next((c for c in to.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None) if to else None


def _split_bare_verbs(toks: list[Token]) -> list[list[Token]]:
    """A list the parser did not see: "stay at the club and win titles" (win under club)."""
    for n, t in enumerate(toks):
        if (
            0 < n < len(toks) - 1
            and t.lower_ in ("and", "or")
            and toks[n + 1].tag_ == "VB"
            and toks[0].tag_ == "VB"
        ):
            nxt = toks[n + 1]
            # "change or | be split into two": a passive alternative, not a verb of a list
            if len(toks) - n > 2 and nxt.head.tag_ != "VB" and nxt.dep_ not in ("aux", "auxpass"):
                a = toks[:n]
                while a and (a[-1].is_punct or a[-1].dep_ == "cc"):
                    a.pop()
                return [a, *_split_bare_verbs(toks[n + 1 :])]
    return [toks]


def _phrase(obj: Token) -> list[Token]:
    end = obj.right_edge.i + 1
    for t in obj.subtree:
        if t.i > obj.i and t.text == "," and t.head.i == obj.i:
            end = t.i
            break
    return _trim([t for t in obj.doc[obj.left_edge.i : end]])


def _with_purpose(verb: Token, toks: list[Token]) -> list[Token]:
    """ "hope for funding | to help pay the cost": a purpose the parser hung on the verb."""
    if not toks:
        return toks
    nxt = toks[-1].i + 1
    doc = verb.doc
    if nxt < len(doc) and doc[nxt].tag_ == "TO":
        purpose = next(
            (c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.left_edge.i == nxt), None
        )
        if purpose is not None:
            return _trim(toks + list(doc[nxt : purpose.right_edge.i + 1]))
    return toks


def _trim(toks: list[Token]) -> list[Token]:
    """Contiguous tokens up to a loosely attached addition, without stray punctuation."""
    if not toks:
        return []
    toks = sorted(toks, key=lambda t: t.i)
    run = [toks[0]]
    for t in toks[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    for n, t in enumerate(run):
        if t.text in ("-", "—", "–") and n and run[n - 1].whitespace_:
            run = run[:n]  # " - with a separate board - ": an aside between dashes
            break
        if n >= 3 and t.dep_ == "mark" and t.lower_ in LOOSE | {"since"} and t.head.dep_ == "advcl":
            run = run[:n]  # "... counties | as the region faces fire weather": a reason, not the item
            break
        if n >= 2 and t.lower_ == "but" and t.dep_ == "cc":
            run = run[:n]  # "avoid them in future | but at the moment ...": a contrast, not the item
            break
        if t.text in (",", ";", "—", "–", "(", ":") and n + 1 < len(run):
            nxt = run[n + 1]
            if nxt.tag_ == "VBG" or nxt.lower_ in LOOSE or t.text in (";", ":", "("):
                run = run[:n]
                break
    for n, t in enumerate(run[:-2]):
        if t.dep_ == "prep" and run[n + 1].like_num and run[n + 2].like_num:
            run = run[:n]  # "on 0845 8 505 505": a phone number
            break
    while run and (run[-1].is_punct or run[-1].dep_ == "cc" or _trailing_also(run)):
        run = run[:-2] if run[-1].lower_ == "well" else run[:-1]
    while run and run[0].is_punct:
        run.pop(0)
    return run


def _trailing_also(run: list[Token]) -> bool:
    """ "see a new car park | too", "cut the rents | as well": the speaker's "also", not the item."""
    last = run[-1]
    if len(run) > 2 and last.lower_ in ("too", "also") and last.dep_ == "advmod":
        return True
    return len(run) > 3 and last.lower_ == "well" and run[-2].lower_ == "as"


def _words(toks: list[Token]) -> str:
    """The text of the tokens, a single space where a stretch was left out."""
    out = ""
    for n, t in enumerate(toks):
        if n and t.i != toks[n - 1].i + 1 and not out.endswith(" "):
            out += " "
        out += t.text_with_ws
    return out.strip()


def _text(toks: list[Token]) -> str:
    toks = sorted(toks, key=lambda t: t.i)
    return "".join(t.text_with_ws for t in toks).strip()


def object_items(obj: Token) -> list[list[Token]]:
    """One item per coordinated object: "offered lower prices and a faster service" -> "lower
    prices", "a faster service"; a list joined by "between" or "both" stays one item."""
    if any(t.dep_ == "cc" and not any(c.dep_ == "conj" for c in t.head.children) for t in obj.subtree):
        return []  # "the choice of change or | splitting ...": the parser lost the list's end
    heads = [obj]
    while (nxt := next((x for x in heads[-1].children if _same_list(x, obj)), None)) is not None:
        heads.append(nxt)
    if len(heads) < 2 or any(t.dep_ == "preconj" or t.lower_ in ("between", "both") for t in obj.subtree):
        return [_phrase(obj)]
    out = []
    for n, h in enumerate(heads):
        last = n + 1 == len(heads)
        rest = set() if last else {t.i for t in heads[n + 1].subtree}
        whole = _phrase(h) if last else list(h.subtree)
        toks = [
            t
            for t in whole
            if t.i not in rest and not (t.head.i == h.i and t.dep_ in ("cc", "punct") and t.i > h.i)
        ]
        toks = _trim(toks)
        if not toks or toks[-1].i - toks[0].i + 1 != len(toks):
            return [_phrase(obj)]  # not one stretch of text: left whole
        out.append(toks)
    return out


def _listed_object(c: Token, obj: Token) -> bool:
    """A second object of the verb that goes on the list after a comma: "offered cheaper tickets,
    a later train and a new cafe" (the parser may read "a later train" as an adverbial noun)."""
    if c.pos_ != "NOUN" or c.ent_type_ or c.doc[c.left_edge.i - 1].text != ",":
        return False
    if c.dep_ in ("dobj", "obj"):
        return True
    return (
        c.dep_ == "npadvmod"
        and any(x.dep_ == "conj" for x in c.children)
        and c.left_edge.i == obj.right_edge.i + 2
    )


def _same_list(x: Token, obj: Token) -> bool:
    return x.dep_ == "conj" and x.pos_ == obj.pos_
