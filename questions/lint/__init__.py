"""The item-writing checker: one small rule per flaw a teacher would not keep.

Every generated question passes through :func:`mend_or_drop`: a rule that fires mends the question
where it knows how (another highlight, a choice fewer, a trimmed role, a reason for a wrong choice)
and the question is dropped, its reason kept, where it does not. :func:`check` runs the same rules
on any :class:`~questions.bank.Question`, a teacher's own included, and returns the flaws as
advice. The rules are the table :data:`RULES`, one line each: name, what it looks for, its fix;
the finders and menders live in :mod:`.rules_prompts`, :mod:`.rules_choices`, :mod:`.rules_keys`
and the other ``rules_*`` modules (:mod:`.rules_judged`: flaws blind judges found), what they share
in :mod:`.common`.

``Lint`` carries what the article can tell a rule (its text, the people it names); every rule
also works without it, seeing less.
"""

from __future__ import annotations

from questions.bank import Question
from questions.lint.common import (
    Finder,
    Flaw,
    Lint,
    Mender,
    Rule,
    as_cloze,
    as_short_answer,
    is_alias,
    max_typed_words,
)
from questions.lint.rules_choices import (
    find_alias,
    find_choice_in_prompt,
    find_invented_choice,
    find_malformed_choice,
    find_missing_note,
    find_not_a_person,
    mend_alias,
    mend_choice_in_prompt,
    mend_invented_choice,
    mend_malformed_choice,
    mend_missing_note,
    mend_not_a_person,
)
from questions.lint.rules_judged import (
    find_fraction_for_count,
    find_generic_role,
    find_role_synonym,
    find_surname_accepted,
    find_vague_subject,
    find_wording_figure,
    mend_fraction_for_count,
    mend_role_synonym,
    mend_surname_accepted,
    mend_vague_subject,
)
from questions.lint.rules_keys import (
    find_bad_accepted,
    find_role_adverb,
    find_title_key,
    find_unsupported_key,
    mend_bad_accepted,
    mend_role_adverb,
    mend_unsupported_key,
)
from questions.lint.rules_people import (
    find_attribution_gap,
    find_cut_quote,
    find_no_speech_verb,
    find_not_named_person,
    find_not_person_statement,
    find_role_also_right,
    find_shared_surname,
    mend_attribution_gap,
    mend_not_named_person,
    mend_role_also_right,
    mend_shared_surname,
)
from questions.lint.rules_prompts import (
    find_demand_deictic,
    find_doubled_punct,
    find_doubled_word,
    find_highlight,
    find_long_tf,
    find_no_blank,
    find_no_choices_prompt,
    find_pronoun,
    find_quote_fragment,
    find_trivial_blank,
    mend_doubled_punct,
    mend_doubled_word,
    mend_highlight,
)
from questions.lint.rules_shown import (
    find_attribution_hidden,
    find_party_hidden,
    mend_attribution_hidden,
    mend_party_hidden,
)
from questions.lint.rules_story import (
    find_converted_figure,
    find_double_comma,
    find_fragment_demand,
    find_long_blank,
    find_long_list,
    find_negative_stem,
    find_off_scale,
    find_party_choice,
    find_quoted_fact,
    mend_double_comma,
    mend_fragment_demand,
    mend_off_scale,
    mend_party_choice,
    mend_quoted_fact,
)

#: what other code imports from here; the rules themselves live in ``rules_*.py``
__all__ = [
    "RULES",
    "Finder",
    "Flaw",
    "Lint",
    "Mender",
    "Rule",
    "as_cloze",
    "as_short_answer",
    "check",
    "is_alias",
    "max_typed_words",
    "mend_or_drop",
]

#: The flaw rules, in the order they run: name, what it looks for, finder, mender (none: drop).
RULES: tuple[Rule, ...] = (
    Rule("no-blank", "a cloze prompt with no blank", find_no_blank),
    Rule("negative-stem", "a “which was NOT …” stem", find_negative_stem),
    Rule("quoted-fact", "a quoted view as the article's fact", find_quoted_fact, mend_quoted_fact),
    Rule("no-speech-verb", "quoted words with no speech verb", find_no_speech_verb),
    Rule("cut-quote", "a quotation that stops mid-sentence", find_cut_quote),
    Rule("shared-surname", "a surname two people share", find_shared_surname, mend_shared_surname),
    Rule("role-also-right", "a distractor with the same role", find_role_also_right, mend_role_also_right),
    Rule("role-synonym", "a wrong role naming the key's post", find_role_synonym, mend_role_synonym),
    Rule("generic-role", "a one-word role the article also uses bare", find_generic_role),
    Rule("not-a-named-person", "a one-word name or a title", find_not_named_person, mend_not_named_person),
    Rule("role-of-a-non-person", "a role statement about a non-person", find_not_person_statement),
    Rule("long-blank", "a blank too long to recall", find_long_blank),
    Rule("party-choice", "a demand choice said of the party", find_party_choice, mend_party_choice),
    Rule("fragment-demand", "a demand choice that is no aim", find_fragment_demand, mend_fragment_demand),
    Rule("converted-figure", "a blank that is a conversion in brackets", find_converted_figure),
    Rule("long-list", "a list of more than six items", find_long_list),
    Rule("off-scale-figure", "a wrong figure of another size", find_off_scale, mend_off_scale),
    Rule(
        "fraction-for-count",
        "a fraction offered for a count",
        find_fraction_for_count,
        mend_fraction_for_count,
    ),
    Rule("double-comma", "a doubled comma", find_double_comma, mend_double_comma),
    Rule("trivial-blank", "a function word or generic phrase as the blank", find_trivial_blank),
    Rule("wording-figure", "a range's end or a set phrase's figure as the blank", find_wording_figure),
    Rule("title-key", "a title or a non-person as the key of a who-question", find_title_key),
    Rule("unsupported-key", "a key its excerpts do not show", find_unsupported_key, mend_unsupported_key),
    Rule(
        "attribution-hidden",
        "a quotation whose excerpts do not show who said it",
        find_attribution_hidden,
        mend_attribution_hidden,
    ),
    Rule(
        "party-hidden", "a demand whose excerpts do not name its party", find_party_hidden, mend_party_hidden
    ),
    Rule("role-adverb", "a role starting with a sentence adverb", find_role_adverb, mend_role_adverb),
    Rule("suffix-accepted", "a name suffix as an accepted answer", find_bad_accepted, mend_bad_accepted),
    Rule(
        "surname-accepted",
        "a surname someone else bears, accepted",
        find_surname_accepted,
        mend_surname_accepted,
    ),
    Rule("malformed-choice", "a fragment as a choice", find_malformed_choice, mend_malformed_choice),
    Rule("alias-choice", "a wrong choice that is the answer", find_alias, mend_alias),
    Rule("invented-choice", "a choice not in the article", find_invented_choice, mend_invented_choice),
    Rule("choice-in-prompt", "a wrong choice the prompt shows", find_choice_in_prompt, mend_choice_in_prompt),
    Rule("not-a-person", "a non-person beside people", find_not_a_person, mend_not_a_person),
    Rule("unresolved-pronoun", "a prompt with an unresolved pronoun", find_pronoun),
    Rule("vague-subject", "a prompt whose subject is “the sides”", find_vague_subject, mend_vague_subject),
    Rule("demand-deictic", "a demand prompt with an unresolved we, our or this", find_demand_deictic),
    Rule("no-choices-prompt", "“which of these” with no choices", find_no_choices_prompt),
    Rule("quote-fragment", "a quote fragment as the whole prompt", find_quote_fragment),
    Rule("doubled-punctuation", "doubled closing punctuation", find_doubled_punct, mend_doubled_punct),
    Rule("doubled-word", "an article's doubled word (“the the”)", find_doubled_word, mend_doubled_word),
    Rule("long-true-false", "a long copied true/false statement", find_long_tf),
    Rule("highlight-off-answer", "a highlight not on the answer", find_highlight, mend_highlight),
    Rule("missing-choice-note", "a wrong choice with no reason", find_missing_note, mend_missing_note),
    Rule("attribution-gap", "a quote apart from its speaker", find_attribution_gap, mend_attribution_gap),
)


def check(q: Question, lint: Lint | None = None) -> list[Flaw]:
    """Every flaw the rules see in a question, as advice (nothing is changed)."""
    ctx = lint or Lint()
    out = []
    for rule in RULES:
        why = rule.find(q, ctx)
        if why is not None:
            out.append(Flaw(rule.name, why))
    return out


def mend_or_drop(q: Question, lint: Lint | None = None) -> tuple[Question | None, Flaw | None]:
    """The question with every flaw mended, or None and the first flaw no rule could mend."""
    ctx = lint or Lint()
    for rule in RULES:
        why = rule.find(q, ctx)
        if why is None:
            continue
        mended = rule.mend(q, ctx) if rule.mend is not None else None
        if mended is None or rule.find(mended, ctx) is not None:
            return None, Flaw(rule.name, why)
        q = mended
    return q, None
