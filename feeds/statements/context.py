"""The plain words around a position in an article: the word before it, whether a full stop ends a
sentence, whether a name is its clause's subject, and whether an unknown capitalised word is a person.

Text only, no article state: each function reads a few dozen characters next to the position.
"""

from __future__ import annotations

import re

from .attribution import Tok, is_addressee_verb
from .lexicon import ABBREVIATIONS, ALL_SPEECH_VERBS, EMPLOYMENT_VERBS, HONORIFICS
from .roles import role_of
from .translit import ru_nominative

SPACES = " \t\u00a0\u202f"
_CLOSE_PUNCT = ",;:()—–-.!?\n\"“”«»„‘’[]"
NEXT_WORD = re.compile(r"[\s\u00a0]+([\w'’\-]+)")
_SUBJECT_BEFORE = frozenset("and but while as when after before since because if that though although whereas "
                            "и а но когда если хотя et mais que qui quand lorsque si".split())
# ", a SpaceX engineer", ", 65,", ", who ...", ", spokesman for ...": what follows a person's name
# (a role among its first words: ", une décision" follows a thing)
_APPOSITION_WORDS = re.compile(r",\s*([^,;:.()]{1,60})")
_SURNAME_PARTICLES = frozenset("van von der den de da del di du la le ten ter bin al ibn".split())
_AGE = re.compile(r",\s*\d{1,3}(?:\s*(?:ans|years? old|лет|года?))?\s*,")  # ", 65,", ", 17 ans,"
_PERSON_RELATIVES = frozenset(("who", "whose", "himself", "herself", "qui"))
_AUXILIARIES = frozenset("is was has had will would could can did does must may might should shall "
                         "remains remained became becomes".split())
# words after which a name is an object: "with Putin", "replaced Rogozin", "told Nelson"
_OBJECT_BEFORE = frozenset("with to by from of for about against at on in into than like under replaced replacing "
                           "succeeded fired appointed named met meeting told asked urged thanked".split())
_PARTY_AFTER = re.compile(r",?\s*\(?[RDI]-[A-Z][A-Za-z.]{1,13}[,)]")
LOCATION_LEADS = ("at", "in", "à", "au", "в", "во", "du", "from", "inside")


def real_boundary(text: str, i: int) -> bool:
    """Is the full stop at text[i] the end of a sentence (not U.S., Dr., S. Somanath)?"""
    if text[i] != ".":
        return True
    if i > 6:
        tail = text[i - 6:i]
        if tail.isalpha():
            if tail[-1].islower():
                return tail.lower() != "approx"  # a long lowercase word: not an abbreviation
        else:
            # a short word after a space ("said.", "week.", "2026."): what the reading below
            # finds, without searching back for the word's start
            k = tail.rfind(" ")
            if k >= 0 and tail[k + 1:].isalnum():
                word = tail[k + 1:].lower()
                return not ((len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS)
    lo = max(0, i - 24)
    j = max(text.rfind(" ", lo, i), text.rfind("\n", lo, i)) + 1
    word = text[max(j, lo):i].lower().strip("(\"“«")
    if len(word) == 1 and word.isalpha():
        return False  # an initial
    if word in ABBREVIATIONS or ("." in word and len(word) <= 5):
        return False
    return True


def prev_word(text: str, s: int) -> tuple[str, str]:
    """(the word before position s, the punctuation between it and s) — cheap, no tokenizing."""
    j = s
    while j > 0 and text[j - 1] in SPACES:
        j -= 1
    if j > 0 and text[j - 1] in _CLOSE_PUNCT:
        k = j - 1
        while k > 0 and text[k - 1] in _CLOSE_PUNCT:
            k -= 1
        return "", text[k:j]
    if j == 0:
        return "", ""
    b = max(text.rfind(" ", max(0, j - 40), j), text.rfind("\n", max(0, j - 40), j),
            text.rfind("\u00a0", max(0, j - 40), j)) + 1
    return text[max(b, j - 40):j].lstrip("(\"“«„‘'"), ""


def prev_word_or_title(text: str, s: int) -> tuple[str, str]:
    """prev_word, reading an abbreviated title's period as part of the word ("Sen. Sherrod
    Brown", "Director Dr. Henry McDonald"): it ends no sentence."""
    word, punct = prev_word(text, s)
    if punct == ".":
        p = s - 1
        while p > 0 and text[p] in SPACES:
            p -= 1
        if not real_boundary(text, p):
            b = p
            while b > 0 and not text[b - 1].isspace():
                b -= 1
            return text[b:p + 1], ""
    return word, punct


def person_context(text: str, s: int, e: int) -> bool:
    """Is the unknown capitalised word at text[s:e] a person? Yes next to a title, an
    apposition or a speech verb."""
    return person_evidence(text, s, e) > 0


def person_evidence(text: str, s: int, e: int) -> int:
    """How strongly the words around text[s:e] say it names a person: 2 for a title, an
    apposition, an honorific or a party tag; 1 for a speech verb alone ("X said" is as often a
    body speaking); 0 for nothing."""
    if text.startswith(",", e):
        if text[e + 1:e + 6].strip().rstrip(",")[:1].isdigit() and _AGE.match(text, e) is not None:
            return 2  # "Borisov, 65, held ..."
        m = _APPOSITION_WORDS.match(text, e, min(len(text), e + 62))
        words = m.group(1).lower().split()[:4] if m is not None else []
        if words and (words[0] in _PERSON_RELATIVES or any(role_of(w) is not None for w in words)):
            return 2  # ", who ...", ", a SpaceX engineer", ", Acting Director of GRC"
        if len(words) >= 3 and words[0] in ("a", "an") and _agent_apposition(words[1:]):
            return 2  # ", a curator at the museum", ", a historian of spaceflight"
    if _PARTY_AFTER.match(text, e, min(len(text), e + 20)) is not None:
        return 2  # "Sherrod Brown (D-OH)"
    word, punct = prev_word_or_title(text, s)
    low = word.lower()
    if not punct and word and (role_of(low) is not None or low.rstrip(".") in HONORIFICS):
        return 2  # "Director Henry McDonald", "Dr. Henry McDonald"
    if not punct and word and "\u0400" <= text[s:s + 1] <= "\u04ff" and _russian_title_before(text, s):
        return 2  # "глава Роскосмоса Юрий Борисов", "президент России Владимир Путин"
    if punct == "," and _title_before_comma(text, s):
        return 2  # "Son directeur, Marc Tellier,", "Le maire de Kourou, Jean-Claude Bellony"
    m = NEXT_WORD.match(text, e, min(len(text), e + 40))
    if m is not None and (m.group(1).lower() in ALL_SPEECH_VERBS or m.group(1) in EMPLOYMENT_VERBS):
        return 1  # ("X said", "X worked at": people or bodies alike)
    if punct or not word:
        return 0
    return 1 if low in ALL_SPEECH_VERBS and not is_addressee_verb(low) else 0


# agent nouns that name bodies as often as people ("a supplier of engines", "a centre for ...")
_BODY_AGENTS = frozenset("supplier manufacturer provider operator developer contractor subcontractor partner "
                         "maker builder owner customer competitor rival center centre cluster carrier integrator "
                         "distributor sponsor investor player leader pioneer member holder lender buyer seller "
                         "user producer exporter importer insurer broker publisher broadcaster retailer".split())
_AFFILIATION_PREPOSITIONS = frozenset(("at", "of", "with", "for", "from"))


def _agent_apposition(words: list[str]) -> bool:
    """", a curator at ...", ", a lawyer in private practice with ...": an indefinite apposition
    whose noun is an agent noun (-er, -or, -ist, -ian) tied by a preposition to where one works
    describes a person, whatever the noun; a body's apposition names what it makes or does."""
    for k in range(min(2, len(words) - 1)):
        w = words[k]
        if words[k + 1] in _AFFILIATION_PREPOSITIONS:
            return len(w) > 4 and w.isalpha() and w.endswith(("er", "or", "ist", "ian")) and w not in _BODY_AGENTS
    return False


def _title_before_comma(text: str, s: int) -> bool:
    """A title set before a name by a comma: the phrase since the clause began (a few words) ends
    with a role or holds one before a body ("the head of the agency, X")."""
    k = text.rfind(",", max(0, s - 4), s)
    if k < 0:
        return False
    lo = max(0, k - 60)
    b = max(text.rfind(c, lo, k) for c in ".;:!?\n,()«»“”")
    words = text[max(lo, b + 1):k].split()
    return 0 < len(words) <= 6 and any(role_of(w.lower().strip("'’")) is not None for w in words)


def _russian_title_before(text: str, s: int) -> bool:
    """A Russian title puts the body in the genitive between the role and the name: a role word
    among the three words before s (no punctuation in between)."""
    pos = s
    for _ in range(3):
        word, punct = prev_word(text, pos)
        if punct or not word:
            return False
        if role_of(word.lower()) is not None:
            return True
        pos = text.rfind(word, 0, pos)
        if pos < 0:
            return False
    return False


_PASSIVE_BY = re.compile(r"\b(?:was|were|is|are|been|being)\s+[a-z]+ed\b[^.;:!?,“”\"]{0,40}\bby\s*$")
_TOPIC_LEADS = frozenset(("for", "pour", "для"))
_RU_PAST = ("ил", "ыл", "ал", "ял", "ел", "ла", "ли", "лся", "лась", "лись")
_RU_NOT_VERBS = frozenset("если или ли генерал отдел канал сигнал материал персонал".split())
_TOPIC_OPENING = re.compile(r"(?:^|[.!?\n”\"»]\s*)(?:For|Pour|Для)\s+(?:[a-zà-ÿа-яё\-]+\s+){0,3}$")


def subject_position(text: str, s: int, pre: list[Tok], end: int = -1) -> bool:
    """Is the name at s the subject of its clause (not the object of "with", "told", "replaced")?"""
    start = pre[0].start if pre else s
    word, punct = prev_word(text, start)
    if punct or not word:
        return True
    low = word.lower()
    if low in _SUBJECT_BEFORE:
        return True
    if (low in _TOPIC_LEADS or word.islower()) and _TOPIC_OPENING.search(text, max(0, start - 60), start):
        # "For graduate student Maya Nguyen, who wrote the code, the news arrived ...": a sentence
        # that opens with whose view or experience it is makes that person its topic
        return True
    if low in ALL_SPEECH_VERBS and not is_addressee_verb(low):
        return True  # said Robyn Gatens
    if low == "by" and _PASSIVE_BY.search(text, max(0, start - 80), start) is not None:
        return True  # "was represented at the ceremony by Bian Zhigang": the agent of a passive
    if end > s and low.endswith(_RU_PAST) and "\u0400" <= low[:1] <= "\u04ff" and low not in _RU_NOT_VERBS:
        # "С докладом выступил вице-премьер Денис Мантуров": Russian puts the subject after its
        # verb; a name in the nominative right after a past-tense verb is its subject
        last = text[s:end].split()[-1]
        return ru_nominative(last, feminine_ok=True) == last
    if end >= 0 and low not in _OBJECT_BEFORE:
        # "Her crewmate Butch Wilmore followed": a verb right after the name makes it the subject
        m = NEXT_WORD.match(text, end, min(len(text), end + 30))
        if m is not None:
            nxt = m.group(1)
            return nxt.islower() and (nxt in _AUXILIARIES or nxt in ALL_SPEECH_VERBS
                                      or (nxt.endswith("ed") and len(nxt) > 4))
    return False


def location_of(text: str, start: int, end: int) -> str | None:
    """"At the Pentagon, ..." opening a sentence: the place phrase before its first comma."""
    head = text[start:min(end, start + 60)]
    comma = head.find(",")
    if comma < 0:
        return None
    lead = head[:comma].split(" ", 1)[0].lower()
    return head[:comma] if lead in LOCATION_LEADS else None


def _word_before(text: str, pos: int) -> tuple[int, int]:
    """The span (start, end) of the word before pos, past the spaces in between; empty at the start."""
    j = pos
    while j > 0 and text[j - 1] in " \u00a0":
        j -= 1
    k = j
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] in ".'’-"):
        k -= 1
    return k, j


def full_name_before(text: str, word: str, pos: int, not_names: frozenset[str]) -> int:
    """Where the text before pos names someone with this surname in full ("Suni Williams",
    "Richard O. Covey"): the start of the full name, or -1."""
    start = 0
    while True:
        i = text.find(word, start, pos)
        if i < 0:
            return -1
        if i + len(word) < len(text) and text[i + len(word)].isalnum():
            start = i + len(word)
            continue
        k, j = _word_before(text, i)
        before = text[k:j]
        for _ in range(2):  # "Piet van der Lind": particles between the given name and the surname
            if before not in _SURNAME_PARTICLES or k == 0:
                break
            k, j = _word_before(text, k)
            before = text[k:j]
        if j < i and before[:1].isupper() and before.rstrip(".") not in not_names \
                and not before.endswith(("'s", "’s")):
            # (a middle initial: "Richard O. Covey")
            if len(before) == 2 and before[1] == "." and k > 1 and text[k - 1] == " ":
                m = k - 1
                while m > 0 and text[m - 1].isalpha():
                    m -= 1
                if text[m:k - 1][:1].isupper():
                    return m
            return k
        start = i + len(word)


def surname_alone_after(text: str, word: str, pos: int, not_names: frozenset[str]) -> bool:
    """Does the text after pos write this word alone, with no capitalised word before or after it
    ("Priya Ramanathan ... Ramanathan said")? English refers back to a person by the surname
    alone; a body's name is shortened to its first word ("Axiom Space ... Axiom"), not its last."""
    start = pos
    n = len(text)
    while True:
        i = text.find(word, start)
        if i < 0:
            return False
        e = i + len(word)
        start = e
        if (i > 0 and text[i - 1].isalnum()) or (e < n and text[e].isalnum()):
            continue
        k, j = _word_before(text, i)
        before = text[k:j]
        if j == i - 1 and before[:1].isupper() and before.rstrip(".") not in not_names:
            continue  # part of a longer run of capitalised words ("Greta Ramanathan")
        m = e
        while m < n and text[m] in "’'s" and m < e + 2:
            m += 1
        if m < n - 1 and text[m] == " " and text[m + 1].isupper():
            continue
        return True
