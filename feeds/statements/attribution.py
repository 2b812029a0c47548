"""Who said it: the attribution clauses around quotations and the noun phrases that name speakers.

Everything here reads short windows next to a quotation (a clause, at most MAX_WINDOW characters),
so the work per quotation is bounded whatever the article looks like.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from .actors import _GENERIC_NOUNS, _ORG_HEADS
from .lexicon import (
    ABBREVIATIONS,
    ACCORDING_TO,
    ADDRESSEE_VERBS,
    ALL_GERUNDS,
    ALL_SPEECH_VERBS,
    APPOSITION_OPENERS,
    DETERMINERS_DEF,
    DETERMINERS_INDEF,
    FR_INVERTED_PRONOUNS,
    NP_FILLERS,
    PHRASAL_PARTICLES,
    PRONOUNS,
    ROLES,
    SKIP_BEFORE_VERB,
    SKIP_PHRASES_BEFORE_VERB,
    TIME_WORDS,
    is_role_word,
)
from .translit import has_cyrillic

_ORG_HEAD_SET = frozenset(_ORG_HEADS)
_BODY_NOUNS = frozenset(_GENERIC_NOUNS)
MAX_WINDOW = 400  # characters of context read on either side of a quotation
MAX_NP_TOKENS = 16
MAX_APPOSITIONS = 3

_TOKEN = re.compile(r"[^\W_][\w'’.\-]*|[,;:()—–]|(?<!\S)-(?!\S)")
_DETERMINERS = DETERMINERS_DEF | DETERMINERS_INDEF
_CYR_VERBISH = re.compile(r"(?:л|ла|ли|ло|лся|лась|лись|ет|ит|ют|ят|ется|ится|ать|ять|ить|еть)$")
_RU_FUNCTION = frozenset("что как и а но или не это этот эта эти же ли бы при для о об от до из к у с со за над под "
                         "после перед который которая которые когда если чтобы также тоже".split())


_POSSESSIVE_DETERMINERS = frozenset(("its", "his", "her", "their"))
_UNIT_GLUE = frozenset(("of", "for", "and", "the", "&"))
_LIST_GLUE = frozenset(("and", "&", "et", "и"))
_PARTITIVES = frozenset(("one", "l'un", "l’un", "l'une", "l’une", "один", "одна"))


def opens_description(t: Tok) -> bool:
    """Does this word open a noun phrase the way an article does: "the", "a", "its", or a body's
    possessive ("NASA's inspector general", "Malaysia's minister of ...")?"""
    return t.base in _DETERMINERS or t.low in _POSSESSIVE_DETERMINERS \
        or (t.base != t.low and t.word[:1].isupper() and t.low.endswith(("'s", "’s")))


class Tok(NamedTuple):
    start: int
    end: int
    word: str  # trailing sentence period removed; abbreviations and initials keep theirs
    low: str
    base: str  # lowercase, possessive 's and French elision (l', d') removed


_new_tok = tuple.__new__
T = TypeVar("T")


try:
    from mypy_extensions import mypyc_attr
except ImportError:  # only the compiler (hatch_build.py) needs it; at run time it changes nothing
    def mypyc_attr(*_: object, **__: object) -> Callable[[type[T]], type[T]]:  # type: ignore[misc]
        return lambda cls: cls


@mypyc_attr(native_class=False)  # compiled classes cannot extend list; this one stays a Python class
class Tokens(list):
    """Tokens, with the indexes of the ones that may be speech verbs (found while tokenizing)."""

    __slots__ = ("verbs",)
    verbs: list[int]


def _fix(w: str) -> str:
    """A word's trailing period or hyphen off, unless it is an initial or an abbreviation."""
    core = w.rstrip(".-")
    if w[-1] == "." and (len(core) == 1 or core.lower() in ABBREVIATIONS or "." in core):
        return w
    return core or w


def _base(low: str) -> str:
    base = low
    if base.endswith(("'s", "’s")):
        base = base[:-2]
    elif base.endswith(("'", "’")) and len(base) > 2:
        base = base[:-1]
    if len(base) > 2 and base[1] in "'’" and base[0] in "ldjnsmc":
        base = base[2:]
    return base


def tokens(text: str, start: int, end: int) -> Tokens:
    """The words and clause punctuation of text[start:end], with their offsets."""
    out = Tokens()
    verbs: list[int] = []
    append = out.append
    candidates = _VERB_CANDIDATES
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        if w[-1] in ".-" and len(w) > 1:
            w = _fix(w)
        low = w.lower()
        if low in candidates or "-" in low:
            verbs.append(len(out))
        s = m.start()
        append(_new_tok(Tok, (s, s + len(w), w, low, _base(low) if ("'" in low or "’" in low) else low)))
    out.verbs = verbs
    return out


def token_count(text: str, start: int, end: int) -> int:
    """len(tokens(text, start, end)), without building the tokens (several times cheaper)."""
    return len(_TOKEN.findall(text, start, end))


def is_punct(t: Tok) -> bool:
    return t.word in ",;:()—–-"


def is_cap(t: Tok) -> bool:
    w = t.word
    if len(w) > 2 and w[1] in "'’" and w[0] in "ldLD":  # l'ESA, d'Alembert
        w = w[2:]
    return w[:1].isupper()


def is_role(t: Tok) -> bool:
    return t.base in ROLES or t.low in ROLES or is_role_word(t.base)


def is_pronoun(t: Tok) -> bool:
    return t.low in PRONOUNS


def np_ish(t: Tok) -> bool:
    """Can this word be part of a noun phrase naming a speaker ("the head of the Russian agency ...")?"""
    hit = _NP_ISH.get(t.word)
    if hit is None:
        if len(_NP_ISH) > 50_000:
            _NP_ISH.clear()
        hit = _NP_ISH[t.word] = _np_ish(t)
    return hit


_NP_ISH: dict[str, bool] = {}


def _np_ish(t: Tok) -> bool:
    if is_punct(t):
        return False
    if is_cap(t) or t.word[:1].isdigit():
        return True
    b = t.base
    if b in ROLES or b in NP_FILLERS or t.low in NP_FILLERS or b in DETERMINERS_DEF or b in DETERMINERS_INDEF \
            or is_role_word(b):
        return True
    if "-" in b and any(part in ROLES for part in b.split("-")):
        return True
    if b in _BODY_NOUNS:
        return True  # "le ministère", "the company"
    c = b[:1]
    if "\u0400" <= c <= "\u04ff":
        # (a body's noun may end like a verb's past: "журнала")
        return b in _BODY_NOUNS or (b not in _RU_FUNCTION and not _CYR_VERBISH.search(b))
    return False


@dataclass(slots=True)
class NounPhrase:
    """The words that name a speaker: a head ("Yuri Borissov", "he", "a NASA official") and the
    appositions around it ("the head of Roscosmos", "who chairs the National Space Council")."""

    head: list[Tok]
    appositions: list[list[Tok]] = field(default_factory=list)
    pre: list[Tok] = field(default_factory=list)  # a description before the head: "the head of X, Name"

    @property
    def start(self) -> int:
        first = self.pre or self.head
        return first[0].start

    @property
    def end(self) -> int:
        last = self.appositions[-1] if self.appositions else self.head
        return last[-1].end

    def head_text(self, text: str) -> str:
        return text[self.head[0].start:self.head[-1].end]

    def as_written(self, text: str) -> str:
        return text[self.start:self.end]

    def all_tokens(self) -> list[Tok]:
        out = list(self.pre)
        out += self.head
        for a in self.appositions:
            out += a
        return out


@dataclass(slots=True)
class Attribution:
    """A speech verb with the phrase that names who spoke."""

    verb_start: int
    verb_end: int
    np: NounPhrase | None
    kind: str  # "sv" (Borissov said), "vs" (said Borissov), "colon", "according", "label", "inherit"
    pronoun: str | None = None  # a French inverted pronoun carried by the verb (confie-t-il)
    gerund: bool = False


def _is_apposition_start(chunk: list[Tok], has_name) -> bool:
    if not chunk:
        return False
    t = chunk[0]
    if t.low in APPOSITION_OPENERS or t.base in APPOSITION_OPENERS or t.word[:1].isdigit():
        return True
    if t.low.endswith("ing") and not is_cap(t) or t.low.startswith("s'exprim") or t.low.startswith("s’exprim"):
        return True
    if is_party_tag(t.word):
        return True  # "Roger Wicker, R-Miss.,": a member of Congress
    if len(chunk) > 2 and t.low in _PARTITIVES and chunk[1].low in ("of", "des", "из") and not has_name(chunk[2]):
        return True  # "Butch Wilmore, one of the two astronauts who ...,": one of a group, described
    # a lowercase description reaching its title: "program manager for NASA's ...", "senior
    # research engineer in ...", "founder and CEO of RoboStore", "Armstrong's university affairs
    # officer" (whatever names follow)
    first = 0  # after a possessive: "NASA's", "Blue Origin's"
    for idx, x in enumerate(chunk[:4]):
        if not is_cap(x):
            break
        if x.base != x.low and idx + 1 < len(chunk):
            first = idx + 1
            break
    for x in chunk[first:first + 4]:
        if is_role(x):
            return True
        if is_cap(x) or x.word[:1].isdigit():
            break
    if first == 0 and is_cap(t) and len(chunk) > 2 and not is_cap(chunk[1]):
        # "Dragonfly project manager at APL": a mission's or a programme's name, then lowercase
        # words reaching a title
        for x in chunk[1:4]:
            if is_role(x):
                return True
            if is_cap(x):
                break
    if any(has_name(x) for x in chunk[:6]):
        return False
    if noun_of_body(chunk):
        return True
    return is_role(t) or (is_cap(t) and any(is_role(x) for x in chunk[:6]))


_OF = frozenset("of at for de du des au aux à chez".split())


def noun_of_body(chunk: list[Tok]) -> bool:
    """"chercheuse à la Fondation ...", "géographe et chercheuse au CNRS": lowercase nouns tied by
    a preposition to a capitalised body describe what a person does, whatever the noun."""
    i = 1
    if len(chunk) > 3 and chunk[1].low in ("and", "et", "и"):
        i = 3
    if i >= len(chunk) or chunk[0].word[:1].isupper() or chunk[i].low not in _OF:
        return False
    return any(is_cap(x) for x in chunk[i + 1:i + 7])


# "R-Miss.", "D-Wash.", "R-Texas", "D-MI", "I-Vt.": party and state after a US legislator's name
_PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]{1,13}")


def is_party_tag(word: str) -> bool:
    return len(word) > 2 and word[1] == "-" and _PARTY_TAG.fullmatch(word) is not None


_PHRASE_ENDS = frozenset(p[-1] for p in SKIP_PHRASES_BEFORE_VERB)


def _second_title(chunk: list[Tok]) -> bool:
    """"Dr. V. Narayanan, Chairman, ISRO and Secretary, Department of Space, said": a body, "and",
    and the title of a second office the person holds, between commas (an Indian release's style)."""
    return len(chunk) >= 3 and is_role(chunk[-1]) and chunk[-2].low == "and" \
        and all(x.word[:1].isupper() or x.low in _UNIT_GLUE for x in chunk)


def _skip_phrase(toks: list[Tok], i: int) -> int:
    """The length of the adverbial phrase ending at toks[i] ("de son côté"), or 0."""
    for phrase in SKIP_PHRASES_BEFORE_VERB:
        n = len(phrase)
        if i + 1 >= n and all(toks[i - n + 1 + k].low == w for k, w in enumerate(phrase)):
            return n
    return 0


def _skip_back(toks: list[Tok], i: int) -> int:
    """Step back over auxiliaries, adverbs and short time phrases between a subject and its verb."""
    while i >= 0:
        t = toks[i]
        if t.low in SKIP_BEFORE_VERB or (t.low.endswith("ly") and len(t.low) > 4 and not is_cap(t)):
            i -= 1
        elif t.low in _PHRASE_ENDS and (n := _skip_phrase(toks, i)):
            i -= n
        elif t.word == "," and i > 1 and toks[i - 1].low in _PHRASE_ENDS and (n := _skip_phrase(toks, i - 1)) \
                and i - 1 - n >= 0 and toks[i - 1 - n].word == ",":
            i -= n + 2  # "Peskov, for his part, said": the phrase and its commas
        elif t.low in TIME_WORDS and i > 0 and toks[i - 1].low in ("on", "in", "в", "во", "last", "this", "ce",
                                                                     "le", "next", "earlier", "later"):
            i -= 2
        elif t.low in TIME_WORDS:
            i -= 1
        else:
            break
    return i


def _contact_clause_subject(chunk: list[Tok], has_name) -> list[Tok]:
    """"a move Jo Park, the mission's lead, called “...”": a noun, then a person's full name and
    the verb, is a relative clause without its "that" (a contact clause); the name is the verb's
    subject, not an apposition to the noun. The name's words, or [] when the chunk is not one."""
    if len(chunk) < 4 or chunk[0].low not in DETERMINERS_INDEF and chunk[0].low not in DETERMINERS_DEF:
        return []
    j = len(chunk)
    while j > 1 and is_cap(chunk[j - 1]) and has_name(chunk[j - 1]):
        j -= 1
    noun = chunk[j - 1]
    # (the noun phrase is short: a determiner, at most two modifiers and the noun; "an analyst
    # at the bank Cantor Fitzgerald" is a person's title and the body they work for)
    if len(chunk) - j < 2 or not 2 <= j <= 4 or is_cap(noun) \
            or any(is_cap(x) or is_role(x) or not x.word.isalpha() or x.low in _OF for x in chunk[1:j]):
        return []
    return chunk[j:]


def np_before(text: str, start: int, verb_start: int, has_name) -> NounPhrase | None:
    """The subject of a verb, read backwards from the verb: "Kremlin spokesman Dmitry Peskov",
    "John Kirby, the national security spokesman at the White House," or "he"."""
    start = max(start, verb_start - MAX_WINDOW)
    return np_before_toks(tokens(text, start, verb_start), has_name)


def np_before_toks(toks: list[Tok], has_name) -> NounPhrase | None:
    """np_before on the tokens of the clause up to the verb."""
    i = _skip_back(toks, len(toks) - 1)
    while i > 1 and "\u0400" <= toks[i].low[:1] <= "\u04ff":
        j = _ru_phrase_start(toks, i)
        if j <= 0:
            break
        i = _skip_back(toks, j - 1)
    if i < 0:
        return None
    if is_pronoun(toks[i]):
        return NounPhrase([toks[i]])
    if toks[i].low == "on" and len(toks) > 2 and toks[0].low == "chez":
        # "Chez ArianeGroup, le maître d'œuvre du lanceur, on assure que": the body at whose place
        # "one" says it is the body speaking
        end = next((k for k, t in enumerate(toks) if k > 0 and is_punct(t)), i)
        return NounPhrase(toks[1:end]) if end > 1 else None
    if i >= 2 and toks[i].low in ("them", "those") and toks[i - 1].low == "of" and toks[i - 2].low == "one":
        return NounPhrase(toks[i - 2:i + 1])  # "One of them said": one of the people just named
    if toks[i].word == ",":
        # "Name, apposition, said" / "the head of X, Name, announced"
        chunks: list[list[Tok]] = []
        cur: list[Tok] = []
        j = i - 1
        while j >= 0 and len(chunks) < MAX_APPOSITIONS + 2:
            t = toks[j]
            if t.word == ")":
                # "président du Centre national d'études spatiales (CNES),": a bracketed acronym
                # or aside belongs to the phrase it follows
                k = j - 1
                while k >= 0 and j - k <= 6 and toks[k].word not in "(),;:":
                    k -= 1
                if k >= 0 and toks[k].word == "(" and k < j - 1:
                    cur.extend(reversed(toks[k + 1:j]))
                    j = k - 1
                    continue
            if t.word in ",;:()—–":
                chunks.append(list(reversed(cur)))
                cur = []
                if t.word != ",":
                    break
            else:
                cur.append(t)
            j -= 1
        if cur:
            chunks.append(list(reversed(cur)))
        apps: list[list[Tok]] = []
        for k, chunk in enumerate(chunks):
            if not chunk:
                break
            named = _contact_clause_subject(chunk, has_name)
            if named:
                return NounPhrase(named, apps)
            if _is_apposition_start(chunk, has_name) and k < MAX_APPOSITIONS and len(chunks) > k + 1:
                apps.insert(0, chunk)
                continue
            if k < MAX_APPOSITIONS - 1 and len(chunks) > k + 2 and chunks[k + 1] \
                    and all(x.word[:1].isupper() or x.low in _UNIT_GLUE for x in chunk) \
                    and ((is_role(chunks[k + 1][0]) and _is_apposition_start(chunks[k + 1], has_name))
                         or _second_title(chunks[k + 1])):
                # "Shri M. Mohan, Director, Liquid Propulsion Systems Centre, said": a bare title,
                # then the unit or body it is of, each between commas (an Indian release's style)
                apps.insert(0, chunk)
                continue
            head = _np_suffix(chunk)
            if not head and chunk[0].base in _DETERMINERS and any(is_role(x) for x in chunk[:6]):
                head = chunk  # "A European diplomat familiar with the talks, who ..., said"
            if not head:
                return None
            np = NounPhrase(head, apps)
            # "the head of the Russian agency Roscosmos, Yuri Borissov, announced"
            if len(head) == len(chunk) and k + 1 < len(chunks):
                prev = chunks[k + 1]
                n = k + 2
                while n < len(chunks) and prev and all(x.word[:1].isupper() or x.low in _LIST_GLUE for x in prev):
                    # "Malaysia's Minister of Science, Technology and Innovation, Chang Lih Kang": a
                    # body's name that lists its fields with commas is one title
                    prev = chunks[n] + prev
                    n += 1
                suffix = _np_suffix(prev)
                if prev and opens_description(prev[0]) and any(is_role(x) for x in prev[:5]):
                    suffix = prev  # "Its head of space systems, Jean-Marc Nasr": whatever its words
                if suffix and opens_description(suffix[0]) and (any(is_role(x) for x in suffix)
                                                                 or noun_of_body(suffix[1:])):
                    np.pre = suffix
            return np
        return None
    head = _np_suffix(toks[: i + 1]) or _role_phrase_suffix(toks[: i + 1]) or _body_name_suffix(toks[: i + 1])
    return NounPhrase(head) if head else None


# (and "из": "Олег Шубин из РКК «Энергия» ... говорил", where the subject works)
_RU_PREPOSITIONS = frozenset("в во на с со при по после перед из".split())


def _ru_phrase_start(toks: list[Tok], i: int) -> int:
    """"Андрей Ионин в беседе с ТАСС отметил": Russian puts where and to whom it was said between
    the subject and its verb; the index of the preposition opening such a phrase that ends at
    toks[i] (at most four words, a word before it), or -1."""
    for j in range(i, max(0, i - 4), -1):
        t = toks[j]
        if is_punct(t):
            return -1
        if t.low in _RU_PREPOSITIONS and j < i:
            if j > 1 and toks[j - 1].word == ")":
                # "Олег Шубин из РКК «Энергия» (также входит в госкорпорацию) в интервью РИА Новости
                # говорил": an aside in brackets before the phrase belongs to the subject's name
                k = j - 2
                while k >= 0 and j - k <= 14 and toks[k].word not in "()":
                    k -= 1
                return k if k > 0 and toks[k].word == "(" and not is_punct(toks[k - 1]) else -1
            return j if j > 0 and not is_punct(toks[j - 1]) and toks[j - 1].low not in _RU_FUNCTION else -1
    return -1


def _body_name_suffix(toks: list[Tok]) -> list[Tok]:
    """"Le Centre national d'études spatiales a indiqué": a French body's name is a capitalised
    head noun and lowercase words after it; with its article it is the subject."""
    n = len(toks)
    for j in range(n - 1, max(-1, n - 9), -1):
        t = toks[j]
        if is_punct(t):
            return []
        if t.word[:1].isupper() or (len(t.word) > 2 and t.word[1] in "'’" and t.word[2:3].isupper()):
            name = t.word[2:] if t.word[1:2] in ("'", "’") else t.word
            if name not in _ORG_HEAD_SET:
                return []
            start = j - 1 if j > 0 and toks[j - 1].base in _DETERMINERS else j
            return toks[start:] if start < j or t.word[1:2] in ("'", "’") else []
    return []


def _role_phrase_suffix(toks: list[Tok]) -> list[Tok]:
    """"the newly appointed head of the Roscosmos space corporation told": a determiner, a role
    within its next words, and whatever nouns of a body follow up to the verb."""
    n = len(toks)
    for j in range(n - 1, max(-1, n - 12), -1):
        t = toks[j]
        if is_punct(t) or t.low in _RELATIVES:
            return []
        if t.base in _DETERMINERS and any(is_role(x) for x in toks[j + 1:j + 5]):
            return toks[j:]
    return []


def _np_suffix(toks: list[Tok]) -> list[Tok]:
    """The longest run of noun-phrase words at the end of `toks` (at most MAX_NP_TOKENS)."""
    j = len(toks) - 1
    while j >= 0 and len(toks) - j <= MAX_NP_TOKENS and np_ish(toks[j]):
        if is_pronoun(toks[j]) and j < len(toks) - 1:
            break
        j -= 1
    head = toks[j + 1:]
    # drop leading fillers that only glue ("of", "and", "в") and capitalised openers ("As one
    # European diplomat", "But Nelson")
    while head and ((head[0].base in NP_FILLERS and head[0].base not in DETERMINERS_DEF
                     and head[0].base not in DETERMINERS_INDEF and not is_cap(head[0]) and head[0].base not in ROLES)
                    or (len(head) > 1 and head[0].word in _OPENER_CAPS)):
        head = head[1:]
    return head


# Capitalised words that open a sentence without being part of the speaker's name.
_OPENER_CAPS = frozenset("As But And So Then While When After Before Yet Still Also Meanwhile However Asked "
                         "Mais Et Alors Quand Но И А Когда Однако Также".split())


_RU_DATIVE = ("у", "ю", "ам", "ям", "ой", "ей")


def _told_outlet(t: Tok, text: str) -> bool:
    """«Известиям», «Коммерсанту»: one Cyrillic word in guillemets, in the dative, right after a speech
    verb is the outlet spoken to (a speaker's name is in the nominative and no quotation)."""
    return (text[t.start - 1:t.start] == "«" and text[t.end:t.end + 1] == "»" and has_cyrillic(t.word)
            and t.low.endswith(_RU_DATIVE))


def np_after(text: str, verb_end: int, end: int, has_name) -> NounPhrase | None:
    """The subject after a verb: said the scientist / said Ken Bowersox, associate administrator ...
    / — сказал заместитель директора ... Игорь Савельев."""
    end = min(end, verb_end + MAX_WINDOW)
    return np_after_toks(tokens(text, verb_end, end), has_name, text)


def np_after_toks(toks: list[Tok], has_name, text: str = "") -> NounPhrase | None:
    """np_after on the tokens that follow the verb (`text`, where given, shows their quotation marks)."""
    i = 0
    if toks and toks[0].low in ("out", "it", "on", "up", "back", "in"):
        i = 1  # phrasal particles: pointed out, put it
    if i + 2 < len(toks) and (toks[i].low, toks[i + 2].low) in _FOR_ONES_PART and toks[i + 1].low in _POSSESSIVE_FR:
        i += 3  # "estime pour sa part Isabelle X", "a déclaré de son côté Y"
    if i + 1 < len(toks) and toks[i].low in _TO_WHOM and is_cap(toks[i + 1]) and not has_name(toks[i + 1]):
        i += 2  # "a déclaré à l'AFP le général X": whom it was said to, then who said it
    elif i + 2 < len(toks) and toks[i].low in _TO_WHOM and toks[i + 1].low in ("la", "les") \
            and toks[i + 2].low in _AUDIENCES:
        i += 3  # "a déclaré à la presse Wu Weiren": the same, to the press
    if text and i + 1 < len(toks) and _told_outlet(toks[i], text):
        i += 1  # "— сообщили «Известиям» в пресс-службе": the paper told, then who told it
    if i + 1 < len(toks) and toks[i].low == "en" and (toks[i + 1].low in TIME_WORDS or toks[i + 1].low.isdigit()):
        i += 2  # "assurait en avril le directeur général": when it was said, then who said it
    if i < len(toks) and is_pronoun(toks[i]):
        return NounPhrase([toks[i]])
    head: list[Tok] = []
    named = False
    while i < len(toks) and len(head) < MAX_NP_TOKENS and (np_ish(toks[i]) or _title_adjective(toks, i, head)):
        t = toks[i]
        if head and is_pronoun(t):
            break
        if named and t.low in _STOP_AFTER_NAME:
            break  # "said Borissov on Tuesday", "сообщил Баканов по итогам встречи"
        head.append(t)
        named = named or (is_cap(t) and not is_role(t))
        i += 1
    if head and i + 2 < len(toks) and toks[i].word == "(" and toks[i + 2].word == ")" \
            and toks[i + 1].word.isupper() and len(head) + 1 <= MAX_NP_TOKENS:
        # "un porte-parole de l'Administration spatiale nationale chinoise (CNSA)": the acronym
        # of the body just named is part of the phrase
        head.append(toks[i + 1])
        i += 3
    # trailing glue words and adverbials: "Borissov at a" -> "Borissov"
    while head and not is_cap(head[-1]) and not is_role(head[-1]) and not _cyr_content(head[-1]) \
            and head[-1].base not in _BODY_NOUNS:
        head.pop()
    if not head:
        return None
    np = NounPhrase(head)
    # appositions: ", associate administrator for ...", ", le directeur général de l'ESA,"
    k = i
    while k < len(toks) and toks[k].word == "," and len(np.appositions) < MAX_APPOSITIONS:
        chunk: list[Tok] = []
        k += 1
        while k < len(toks) and toks[k].word not in ",;:()—–":
            chunk.append(toks[k])
            k += 1
        if not chunk:
            break
        first = chunk[0]
        participle = first.low.endswith(("ing", "ant")) and not is_cap(first) and first.low not in ROLES
        if participle:
            break
        if (_is_apposition_start(chunk, has_name) and _describes(chunk)) or (
                not np_has_name(np, has_name) and any(has_name(x) for x in chunk) and all(np_ish(x) for x in chunk)) \
                or (len(chunk) <= 4 and all(has_name(x) for x in chunk) and any(is_role(x) for x in np.head)):
            # ("said Airbus's Head of Space Systems, Jean-Marc Nasr": a title, then whose it is)
            np.appositions.append(chunk[:40])
            continue
        if np.appositions and len(chunk) <= 8 and all(is_cap(x) or x.low in _ORG_GLUE for x in chunk):
            # "..., deputy associate administrator for programs, Space Technology Mission
            # Directorate, NASA Headquarters": the units a title belongs to, one after another
            np.appositions.append(chunk)
            continue
        break
    return np


_TO_WHOM = frozenset(("à", "au", "aux"))
_FOR_ONES_PART = frozenset((("pour", "part"), ("de", "côté")))
_POSSESSIVE_FR = frozenset(("sa", "son", "leur"))
_AUDIENCES = frozenset(("presse", "journalistes", "télévision", "radio"))
_TITLE_LINKS = frozenset("de du des of for at".split())


def _title_adjective(toks: list[Tok], i: int, head: list[Tok]) -> bool:
    """"le président exécutif d'Arianespace", "le directeur technique du CNES": a French title puts
    its adjective after the noun; a lowercase word between a role and the body it is of."""
    if not head or not is_role(head[-1]) or i + 1 >= len(toks):
        return False
    t, nxt = toks[i], toks[i + 1]
    if not t.word[:1].islower() or not t.low.isalpha() or t.low in NP_FILLERS or t.low in _RU_FUNCTION:
        return False
    if nxt.word == "," and i + 2 < len(toks) and is_cap(toks[i + 2]):
        return True  # "son président exécutif, David Cavaillolès": the title ends before whose it is
    return nxt.low in _TITLE_LINKS or (nxt.low[:2] in ("d'", "d’") and nxt.word[2:3].isupper())


_STOP_AFTER_NAME = frozenset("on in at during after before from to with by for по в во на с со после перед при для "
                             "lors pendant à après avant devant".split())
_ORG_GLUE = frozenset("of for at and the on in de du des la".split())
_RELATIVES = frozenset("who whose which qui dont который которая которые".split())


def _describes(chunk: list[Tok]) -> bool:
    """Does a phrase after a name describe a person (a role, a body, an age, a relative clause)
    rather than go on with the sentence ("..., le lanceur reste")?"""
    return chunk[0].word[:1].isdigit() or any(is_role(t) or is_cap(t) or t.low in _RELATIVES for t in chunk)


def _cyr_content(t: Tok) -> bool:
    c = t.base[:1]
    return "\u0400" <= c <= "\u04ff" and t.base not in _RU_FUNCTION and len(t.base) > 3


def np_has_name(np: NounPhrase, has_name) -> bool:
    return any(has_name(t) for t in np.head)


# --- speech verbs in a clause -------------------------------------------------------------------

def speech_verbs(toks: list[Tok]) -> list[tuple[int, int, str | None, bool]]:
    """(token index of the verb's first word, of its last word, inverted pronoun, gerund?) for
    every speech verb among `toks`."""
    out: list[tuple[int, int, str | None, bool]] = []
    n = len(toks)
    candidates = toks.verbs if isinstance(toks, Tokens) else range(n)
    for i in candidates:
        t = toks[i]
        low = t.low
        if t.word[0].isupper():
            continue  # "the United States", "Reports": a capitalised word is not the verb
        if low in ALL_SPEECH_VERBS:
            last = i
            particle = PHRASAL_PARTICLES.get(low)
            if particle is not None:
                if i + 1 < n and toks[i + 1].low == particle:
                    last = i + 1
                else:
                    continue  # "put", "went" on their own are not speech
            out.append((i, last, None, False))
        elif low in ALL_GERUNDS:
            out.append((i, i, None, True))
        elif low.endswith("-t-on") and low[:-5] in ALL_SPEECH_VERBS and i + 1 < n and toks[i + 1].low == "chez":
            out.append((i, i, "on", False))  # « ... », indique-t-on chez ArianeGroup: the body speaks
        elif "-" in low:
            for suffix in FR_INVERTED_PRONOUNS:
                if low.endswith(suffix):
                    stem = low[: -len(suffix)]
                    # (right after a quotation, any verb inverted with its pronoun reports it:
                    # « ... », sourit-elle / glisse-t-il)
                    if stem in ALL_SPEECH_VERBS or stem in ("dit", "fait", "a", "avait", "ajoute", "poursuit") \
                            or (i <= 1 and len(stem) > 3 and stem.isalpha() and (i == 0 or toks[0].word == ",")):
                        pron = "elle" if "elle" in suffix else "il"
                        last = i
                        # a-t-il déclaré: the participle follows
                        if stem in ("a", "avait") and i + 1 < n and (toks[i + 1].low in ALL_SPEECH_VERBS
                                                                      or speech_participle(toks[i + 1].low)):
                            last = i + 1  # (the inverted pronoun puts only speech in the slot)
                        elif stem in ("a", "avait"):
                            break
                        out.append((i, last, pron, False))
                    break
    return out


_VERB_CANDIDATES = ALL_SPEECH_VERBS | ALL_GERUNDS


def chez_np(toks: list[Tok], j: int, has_name) -> NounPhrase | None:
    """« ... », indique-t-on chez ArianeGroup: "one" at a body's place is the body speaking; toks[j]
    is the word after the verb."""
    if j + 1 < len(toks) and toks[j].low == "chez":
        return np_after_toks(toks[j + 1:j + 12], has_name)
    return None


def is_addressee_verb(word: str) -> bool:
    return word.lower() in ADDRESSEE_VERBS


_ACCORDING = re.compile("|".join(re.escape(a) for a in ACCORDING_TO), re.IGNORECASE)


def according_to(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every "according to" / "по словам" / "selon" in text[start:end]."""
    return [(m.start(), m.end()) for m in _ACCORDING.finditer(text, start, end)
            if (m.start() == 0 or not text[m.start() - 1].isalnum())
            and (m.end() >= len(text) or not text[m.end()].isalnum())]


# --- verbs known by their place, not their word ---------------------------------------------------

# a Russian verb by its ending: the past (сказал, отметила, заявили) or the present (говорит,
# считает, говорится)
_RU_PAST = re.compile(r"[а-яё]{3,}(?:л|ла|ли|лся|лась|лись|ет|ит|ют|ят|ется|ится|ются|ятся)$")
_FR_PARTICIPLE = re.compile(r"[^\W\d_]{3,}(?:é|ée|és|ées|i|is|it|u)$")
_FR_AUXILIARY = frozenset(("a", "ont", "avait", "avaient"))
_NOT_SPEECH_PARTICIPLES = frozenset(("été", "eu", "fait", "pris", "mis", "dû", "pu", "voulu", "su"))
_COMPLEMENTIZERS = frozenset(("que", "that", "что"))


def speech_participle(low: str) -> bool:
    """A French past participle that may follow "a" in the slot of a speech verb ("a-t-il
    tempéré"); not été, eu, fait, pris..."""
    return _FR_PARTICIPLE.fullmatch(low) is not None and low not in _NOT_SPEECH_PARTICIPLES


def verb_after_subject(toks: list[Tok], function_words: frozenset[str]) -> tuple[int, int] | None:
    """“...,” she reported. / “...,” Gillis reported on X.: right after a quotation whose comma
    closes it, a pronoun or a capitalised name and a verb in the past or present tense end the
    clause; the verb is a speech verb whatever its word."""
    i = 0
    if i < len(toks) and is_pronoun(toks[i]):
        i += 1
    else:
        while i < len(toks) and i < 3 and is_cap(toks[i]) and toks[i].low not in function_words:
            i += 1
    if i == 0 or i >= len(toks):
        return None
    v = toks[i]
    low = v.low
    if not v.word[:1].islower() or low in function_words or not low.isalpha() or len(low) < 4:
        return None
    if not (low.endswith("ed") or low.endswith("s")):
        return None
    if i + 1 < len(toks) and not (is_punct(toks[i + 1]) or toks[i + 1].low in function_words):
        return None  # "she reported the figures": an object, a clause of its own
    return (i, i)


def inverted_verb(toks: list[Tok], function_words: frozenset[str]) -> tuple[int, int] | None:
    """(first, last) token of the word in a verb's slot right after a quotation: “...,” VERB X /
    «...», — заявил X / « ... », a estimé X. Journalists put only speech there, so whatever verb
    stands in that slot is a speech verb: a Russian past tense, a French auxiliary and participle,
    a lowercase word followed by a capitalised name."""
    i = 0
    while i < len(toks) and i < 3 and toks[i].word in ",—–-":
        i += 1
    if i == 0 or i + 1 >= len(toks):
        return None
    t = toks[i]
    low = t.low
    if not t.word[:1].islower() or low in function_words or is_pronoun(t) or is_role(t):
        return None
    if "\u0400" <= low[:1] <= "\u04ff":
        return (i, i) if _RU_PAST.fullmatch(low) else None
    nxt = toks[i + 1]
    if low in _FR_AUXILIARY:
        ok = _FR_PARTICIPLE.fullmatch(nxt.low) is not None and nxt.low not in _NOT_SPEECH_PARTICIPLES
        return (i, i + 1) if ok else None
    if len(low) >= 4 and low.isalpha() and is_cap(nxt) and nxt.low not in function_words:
        return (i, i)
    return None


def complementizer_verb(toks: list[Tok], function_words: frozenset[str]) -> tuple[int, bool] | None:
    """(index, is a participle) of the verb in "SUBJECT VERB que/that/что ...": a verb that takes a
    clause of what someone said or thought ("l'astronaute reconnaît que la situation est « sans
    précédent »", "представитель Кремля отметил, что оно «пока продолжается»"). The last one before
    the quotation counts; a Russian adverbial participle ("отметив, что") has the sentence's subject."""
    n = len(toks)
    for j in range(n - 1, max(0, n - 5), -1):
        # a French compound past right before the quotation ("a assuré « ... »", "a jugé ce report
        # « ... »"): the auxiliary and a participle, its object at most three words
        if toks[j - 1].low in _FR_AUXILIARY and speech_participle(toks[j].low) and j >= 2:
            return j, False
    for j in range(n - 1, 0, -1):
        if toks[j].low in _COMPLEMENTIZERS or toks[j].low.startswith(("qu'", "qu’")):
            i = j - 1
            if toks[i].word == "," and i > 0 and toks[j].low == "что":
                i -= 1  # Russian puts a comma before что
            i = _skip_back(toks, i)  # "a estimé pour sa part que"
            if i < 0:
                return None
            v = toks[i]
            if v.word[:1].islower() and len(v.low) >= 3 and v.low not in function_words and not is_role(v) \
                    and not is_pronoun(v) and v.low not in NP_FILLERS:
                return i, "\u0400" <= v.low[:1] <= "\u04ff" and v.low.endswith(("в", "вши"))
            return None
    return None
