"""Text -> statements: each quotation, who said it, the actor they speak for, spans and key scores."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .actors import _ORG_HEADS, OTHER, ActorResolver, KnownPerson, is_former, latin_name
from .attribution import (
    MAX_WINDOW,
    Attribution,
    NounPhrase,
    Tok,
    according_to,
    is_addressee_verb,
    is_cap,
    is_pronoun,
    np_after,
    np_before,
    np_ish,
    speech_verbs,
    tokens,
)
from .keyquotes import mark_key_quotes, score_quote
from .lang import detect_lang
from .lexicon import (
    ABBREVIATIONS,
    DETERMINERS_DEF,
    DETERMINERS_INDEF,
    FIRST_NAMES,
    INDEPENDENT_ROLES,
    INTERNAL_ROLES,
    NOT_NAMES,
    PRONOUNS,
    ROLES,
    UNNAMED_ROLES,
)
from .models import Extraction, LearnedPerson, Statement
from .quotes import Paragraph, QuoteSpan, find_quotes, split_paragraphs
from .translit import has_cyrillic, ru_nominative

EXTRACTOR_VERSION = 1

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
# A run of capitalised words: "Yuri Borissov", "NASA Administrator Bill Nelson", "S. Somanath".
_CAP_RUN = re.compile(
    rf"(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Col|Capt|Lt|Adm|St)\.|[{_UPPER}]\.(?:[{_UPPER}]\.)*|[{_UPPER}][\w'’\-]*)"
    rf"(?:[ \u00a0](?:(?:van|der|de|von|da|del|di|du|bin|al|ibn|dos|das|ten|ter|le|la)[ \u00a0])?"
    rf"(?:[{_UPPER}]\.(?:[{_UPPER}]\.)*|[{_UPPER}][\w'’\-]*))*")
_BOUNDARY = re.compile(r"[.!?…]+[\"”»’')\]]*\s+(?=[\"“«„‘(\[—–\-" + _UPPER + r"0-9])|\n\s*\n")
_TERMINAL = ".!?…"
_LABEL = re.compile(rf"[{_UPPER}][{_UPPER}'’\-]{{2,}}(?:[ \u00a0][{_UPPER}][{_UPPER}'’\-]{{2,}})?(?=\s*[,:(])")
_ASKED = re.compile(r"(?:asked|when asked|questioned|pressed|interrogée?|на вопрос|отвечая на вопрос|"
                    r"в ответ на вопрос|on whether|about whether)\b", re.IGNORECASE)
# Words just before a quotation that make it a name, a nickname or a title rather than speech.
_MARKER_BEFORE = re.compile(
    r"(?:so-called|so called|nicknamed|dubbed|known as|titled|entitled|the title|the word|the words|the term|"
    r"the phrase|the slogan|the hashtag|codenamed|code-named|"
    r"так называем\w*|под названием|прозван\w*|surnommée?s?|baptisée?s?|intitulée?s?)"
    r"[\s\u00a0,]*$", re.IGNORECASE)
# Nouns before a capitalised quotation that make it a name: the rocket “Proton”, газета «Известия».
_THING_BEFORE = re.compile(
    r"(?:brochure|report|book|film|movie|documentary|newspaper|magazine|paper|show|series|programme|program|"
    r"operation|project|mission|module|rocket|ship|spacecraft|satellite|probe|lander|rover|vehicle|channel|"
    r"daily|weekly|app|website|podcast|named|called|"
    r"газет\w*|телеканал\w*|журнал\w*|программ\w*|проект\w*|операци\w*|миссии|миссия|ракет\w*|станци\w*|"
    r"корабл\w*|модул\w*|фильм\w*|книг\w*|спутник\w*|систем\w*|аппарат\w*|агентств\w*|издани\w*|"
    r"радиостанци\w*|компани\w*|appelée?s?|dite?s?|programme|mission|fusée|journal|quotidien|film|série|"
    r"magazine|opération|projet|émission|russe)[\s\u00a0,]*$", re.IGNORECASE)
_UNNAMED_ROLE_WORDS = (r"(official|source|spokesperson|spokesman|spokeswoman|representative|insider|"
                       r"engineer|employee|aide|responsable|porte-parole|источник|представитель)")
_UNNAMED_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:senior|top|former|military|government|press|intelligence)\s+)?"
                            + _UNNAMED_ROLE_WORDS + r"\b", re.IGNORECASE)
_INDEF_BEFORE = re.compile(r"(?:^|(?<=\s))(?:a|an|one|another|two|three|un|une)\s+"
                           r"(?:(?:senior|top|former|military|government)\s+)?$", re.IGNORECASE)
_UNNAMED_BEFORE = re.compile(r"(?:^|(?<=\s))(?:a|an|one|un|une)\s+(?:senior\s+|haut\s+)?" + _UNNAMED_ROLE_WORDS
                             + r"\s+(?:(?:at|of|from|with|for|de|du|de la|de l['’]|des)\s+)(?:the\s+)?$",
                             re.IGNORECASE)
_PRE_STOP = frozenset("at for in from with by to on about after before during into than like as "
                      "à en pour par avec sur dans из с для при на о об по к от".split())
_ORG_CONTINUES = re.compile(r"\b(?:" + "|".join(_ORG_HEADS) + r")\s+(?:of|for|on|de|du|des)\s+"
                            r"(?:the\s+|la\s+|l['’])?(?:[A-Z][\w-]*\s+){0,4}$")
_PARTICLES = frozenset("van der de von bin al ibn da del di dos".split())
_SMALL_WORDS = frozenset("of the and a an to in on for at by with from de la le les du des et à of-the и в на".split())
_CONJ = frozenset("and but or и а но et mais or".split())
_SUBJECT_BEFORE = frozenset("and but while as when after before since because if that though although whereas "
                            "и а но когда если хотя et mais que qui quand lorsque si".split())


# --- people and bodies the article talks about --------------------------------------------------

@dataclass(slots=True)
class _Entity:
    """A speaker candidate in one article: a named person, an unnamed official, or a body."""

    name: str | None  # canonical name (None: unnamed official or a body)
    kind: str  # "person", "unnamed", "body"
    known: KnownPerson | None = None
    tie: str | None = None  # the actor the article ties them to (apposition, title)
    former_tie: str | None = None
    roles: set[str] = field(default_factory=set)
    internal_role: bool = False
    last_pos: int = -1
    subjects: list[int] = field(default_factory=list)  # where the entity is a clause's subject
    spoke: int = 0
    first_pos: int = -1
    role_text: str | None = None

    def subject_before(self, pos: int) -> int:
        i = bisect.bisect_left(self.subjects, pos)
        return self.subjects[i - 1] if i else -1

    def add_subject(self, pos: int) -> None:
        if pos not in self.subjects:
            bisect.insort(self.subjects, pos)

    @property
    def actor(self) -> str | None:
        if self.tie is not None:
            return self.tie
        if self.known is not None and self.known.actor is not None:
            return self.known.actor
        return self.former_tie


@dataclass(slots=True)
class _Resolved:
    speaker: str | None
    as_written: str | None
    actor: str | None
    entity: _Entity | None
    unresolved_desc: tuple[frozenset[str], str | None] | None = None  # roles, actor: settle after reading on


@dataclass(slots=True)
class _Candidate:
    q: QuoteSpan
    text: str
    partial: bool
    sentence: int = -1
    attribution: Attribution | None = None
    resolved: _Resolved | None = None
    how: str = ""
    merged_into: _Candidate | None = None
    extra_parts: list[tuple[int, int]] = field(default_factory=list)
    end_at: int = 0  # close of the last merged part


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    pieces: list[tuple[str, int, int, _Candidate | None]]  # ("g", s, e, None) or ("q", open, close, cand)
    paragraph: int


_ROLE_CANON = {
    "chief": "head", "глава": "head", "руководитель": "head", "patron": "head", "patronne": "head",
    "boss": "head", "leader": "head", "dirigeant": "head",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokespeople": "spokesperson",
    "пресс-секретарь": "spokesperson", "porte-parole": "spokesperson",
    "officials": "official", "responsable": "official", "sources": "source", "источник": "source",
    "astronauts": "astronaut", "astronaute": "astronaut", "астронавт": "astronaut", "spationaute": "astronaut",
    "cosmonauts": "cosmonaut", "космонавт": "cosmonaut", "cosmonaute": "cosmonaut",
    "министр": "minister", "ministre": "minister", "premier": "minister",
    "президент": "president", "président": "president", "présidente": "president",
    "директор": "director", "directeur": "director", "directrice": "director",
    "заместитель": "deputy", "представитель": "representative", "эксперт": "expert", "experte": "expert",
    "аналитик": "analyst", "analyste": "analyst", "инженер": "engineer", "ingénieur": "engineer",
    "председатель": "chairman", "chair": "chairman", "chairwoman": "chairman",
    "советник": "adviser", "conseiller": "adviser", "advisor": "adviser",
    "chercheur": "researcher", "chercheuse": "researcher",
}
_RU_ROLE_STEMS = ("министр", "президент", "представител", "директор", "заместител", "глав", "руководител",
                  "пресс-секретар", "космонавт", "астронавт", "эксперт", "источник", "председател", "начальник",
                  "советник", "помощник", "сотрудник", "аналитик", "инженер", "сенатор", "депутат", "посл",
                  "генеральн", "официальн", "конструктор", "командир")


@lru_cache(maxsize=4096)
def _role_of(word: str) -> str | None:
    """Canonical role of one lowercase word ('spokeswoman' -> 'spokesperson', 'министром' -> 'minister')."""
    w = word
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) > 2 and w[1] in "'’":
        w = w[2:]
    if w in ROLES:
        return _ROLE_CANON.get(w, w.rstrip("s") if w.endswith("officials") else w)
    if w and "\u0400" <= w[0] <= "\u04ff":
        for stem in _RU_ROLE_STEMS:
            if w.startswith(stem):
                if stem in ("генеральн", "официальн"):
                    return None
                nominative = {"министр": "министр", "президент": "президент", "представител": "представитель",
                              "директор": "директор", "заместител": "заместитель", "глав": "глава",
                              "руководител": "руководитель", "пресс-секретар": "пресс-секретарь",
                              "космонавт": "космонавт", "астронавт": "астронавт", "эксперт": "эксперт",
                              "источник": "источник"}.get(stem, stem)
                if stem == "глав" and w not in ("глава", "главы", "главе", "главу", "главой"):
                    return None
                return _ROLE_CANON.get(nominative, nominative)
    return None


_MODIFIER_ROLES = frozenset(("general", "vice", "prime", "press", "associate"))


def _roles(toks: list[Tok]) -> set[str]:
    out: set[str] = set()
    for i, t in enumerate(toks):
        r = _role_of(t.low)
        if r is None:
            continue
        if r == "press" and i + 1 < len(toks) and toks[i + 1].base in ("secretary", "officer"):
            r = "spokesperson"
        elif r == "secretary" and i > 0 and toks[i - 1].base == "press":
            continue
        elif r in _MODIFIER_ROLES and i + 1 < len(toks) and _role_of(toks[i + 1].low):
            continue
        out.add(r)
    return out


class _Article:
    """One extraction: reads the article once, in order, keeping track of who has been named."""

    def __init__(self, text: str, title: str | None, lang: str | None, resolver: ActorResolver,
                 feed_actor: str | None) -> None:
        self.text = text
        self.title = title
        self.r = resolver
        self.feed_actor = resolver.canonical_actor(feed_actor)
        self.lang = detect_lang(text, lang)
        self.entities: list[_Entity] = []
        self.by_key: dict[str, list[_Entity]] = {}
        self.org_mentions: list[tuple[int, str, str]] = []  # (pos, actor or OTHER, name)
        self.actor_counts: dict[str, int] = {}
        self.cache = resolver.run_cache

    # --- entities -------------------------------------------------------------------------

    def _key(self, name: str) -> str:
        from .translit import fold
        last = name.replace("’s", "").replace("'s", "").split()[-1]
        return fold(ru_nominative(last, feminine_ok=True) if has_cyrillic(last) else last)

    def person_entity(self, written: str, pos: int, known: KnownPerson | None = None) -> _Entity:
        """The entity for a person named `written` ("Yuri Borissov", "Borissov", "Сергеем Шойгу")."""
        words = written.split()
        key = self._key(written)
        bucket = self.by_key.get(key, [])
        if known is None:
            known = self.r.person(written)
        if len(words) == 1:
            if bucket:
                return max(bucket, key=lambda e: e.last_pos)
        else:
            for e in bucket:
                if e.name is None:
                    continue
                if known is not None and e.known is not None:
                    if e.known.name == known.name:
                        return e
                    continue
                ew = e.name.split()
                if len(ew) == 1 or _first_compatible(ew[0], words[0]):
                    if len(ew) == 1 and known is None:
                        e.name = self._canonical(written)
                    return e
        if known is not None:
            for e in self.entities:
                if e.known is not None and e.known.name == known.name:
                    self.by_key.setdefault(key, []).append(e)
                    return e
        name = known.name if known is not None else self._canonical(written)
        e = _Entity(name=name, kind="person", known=known, first_pos=pos)
        self.entities.append(e)
        self.by_key.setdefault(key, []).append(e)
        return e

    def _canonical(self, written: str) -> str:
        words = [w[:-2] if w.endswith(("’s", "'s")) else w for w in written.split()]
        if has_cyrillic(written):
            words = [ru_nominative(w, feminine_ok=(i == len(words) - 1)) for i, w in enumerate(words)]
            return latin_name(" ".join(words))
        if all(w.isupper() and len(w) > 2 for w in words):
            words = [w.capitalize() for w in words]
        return " ".join(words)

    # --- the tie an apposition or a title makes ----------------------------------------------

    def describe(self, parts: list[list[Tok]], pos: int, location: str | None = None
                 ) -> tuple[str | None, str | None, set[str], str | None, str | None]:
        """(actor, former actor, roles, bare reference kind, role text) of descriptive phrases."""
        actor = former = ref = None
        roles: set[str] = set()
        role_text = None
        for toks in parts:
            if not toks:
                continue
            phrase = self.text[toks[0].start:toks[-1].end]
            rs = _roles(toks)
            roles |= rs
            if rs and role_text is None:
                role_text = phrase
            found, r = self._phrase_actor(phrase, pos)
            if is_former(phrase):
                if found is not None and former is None:
                    former = found
                continue
            if found is not None and actor is None:
                actor = found
            if r is not None and ref is None:
                ref = r
        if actor is None and location:
            found, _ = self._phrase_actor(location, pos)
            if found is not None and roles:
                actor = found
        return actor, former, roles, ref, role_text

    def _phrase_actor(self, phrase: str, pos: int) -> tuple[str | None, str | None]:
        """The actor a phrase names and, for "the agency", which kind of body it points back to."""
        key = ("P", phrase)
        hit = self.cache.get(key)
        if hit is None:
            orgs = self.r.orgs_in(phrase)
            tie = self.r.role_tie(phrase)
            first_actor = next((o for o in orgs if o.kind == "actor"), None)
            first_other = next((o for o in orgs if o.kind in ("body", "generic")), None)
            ref = next((o.ref for o in orgs if o.kind == "ref"), None)
            if first_actor is not None and (first_other is None or first_actor.start <= first_other.start
                                            or tie is None):
                found = first_actor.actor
            elif tie is not None:
                found = tie
            elif first_other is not None:
                found = OTHER
            else:
                found = None
            hit = (found, ref)
            if len(self.cache) < 50_000:
                self.cache[key] = hit
        found, ref = hit
        if found is None and ref is not None:
            resolved = self.resolve_ref(ref, pos)
            return resolved, ref
        return found, ref

    def resolve_ref(self, ref: str, pos: int) -> str | None:
        """"the agency", "the company": the body of that kind named most recently before `pos`."""
        for p, actor, _name in reversed(self.org_mentions):
            if p >= pos:
                continue
            kinds = self.r.actor_kinds(actor) if actor != OTHER else ("company",)
            if ref in kinds or (ref == "corporation" and "company" in kinds):
                return actor
        if ref == "agency" and self.feed_actor and "agency" in self.r.actor_kinds(self.feed_actor):
            return self.feed_actor
        return None

    # --- reading the text ------------------------------------------------------------------

    def has_name(self, t: Tok) -> bool:
        """Is this token part of a person's name?"""
        if not is_cap(t):
            return False
        w = t.word
        base = w[:-2] if w.endswith(("’s", "'s")) else w
        if base in NOT_NAMES or _role_of(t.low) is not None or _org_word(base):
            return False
        if self.r.actor_of_alias(base) is not None:
            return False
        if any(c.isdigit() for c in base):
            return False
        if base.isupper() and len(base) <= 5 and not self.r.knows_surname(base):
            return False
        return True

    def scan_mentions(self, start: int, end: int, skip: list[tuple[int, int]]) -> None:
        """Register the people and bodies named in text[start:end] outside the spans in `skip`."""
        text = self.text
        for m in _CAP_RUN.finditer(text, start, end):
            s = m.start()
            if skip and any(a <= s < b for a, b in skip):
                continue
            for kind, ts, te, payload in self.classify_run(m.group(0)):
                ps, pe = s + ts, s + te
                if kind == "actor" or kind == "body":
                    self.org_mentions.append((ps, payload, text[ps:pe]))
                    if kind == "actor":
                        self.actor_counts[payload] = self.actor_counts.get(payload, 0) + 1
                    self._unnamed_near(ps, pe, payload)
                elif kind == "person":
                    self.register_person(ps, pe, payload)

    def classify_run(self, run: str) -> list[tuple[str, int, int, object]]:
        """Split a run of capitalised words into bodies, titles and people (cached per run)."""
        hit = self.cache.get(run)
        if hit is not None:
            return hit
        out: list[tuple[str, int, int, object]] = []
        words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", run)]
        i = 0
        n = len(words)
        name_start = None
        while i < n:
            matched = False
            for length in range(min(5, n - i), 0, -1):
                phrase = run[words[i][0]:words[i + length - 1][1]]
                actor = self.r.actor_of_alias(phrase)
                if actor is not None:
                    if name_start is not None:
                        out.append(("person", words[name_start][0], words[i - 1][1], None))
                        name_start = None
                    out.append(("actor" if actor != OTHER else "body", words[i][0], words[i + length - 1][1], actor))
                    i += length
                    matched = True
                    break
            if matched:
                continue
            w = words[i][2]
            base = w[:-2] if w.endswith(("’s", "'s")) else w
            is_name = (base not in NOT_NAMES and _role_of(base.lower()) is None and not _org_word(base)
                       and not any(c.isdigit() for c in base)
                       and not (base.isupper() and len(base) <= 5 and not self.r.knows_surname(base)))
            if is_name:
                if name_start is None:
                    name_start = i
            elif name_start is not None:
                out.append(("person", words[name_start][0], words[i - 1][1], None))
                name_start = None
            if w.endswith(("’s", "'s")) and name_start is not None:
                out.append(("person", words[name_start][0], words[i][1], None))
                name_start = None
            i += 1
        if name_start is not None:
            out.append(("person", words[name_start][0], words[n - 1][1], None))
        if len(self.cache) < 50_000:
            self.cache[run] = out
        return out

    def _unnamed_near(self, s: int, e: int, actor: str) -> None:
        """"A NASA official said ...", "Un responsable de la NASA": an unnamed speaker for a body,
        remembered so that "the official" later points back to it."""
        text = self.text
        m = _UNNAMED_AFTER.match(text, e, min(len(text), e + 40))
        role = None
        start = s
        if m is not None:
            b = _INDEF_BEFORE.search(text, max(0, s - 30), s)
            if b is not None:
                role, start = m.group(1).lower(), b.start()
        else:
            b = _UNNAMED_BEFORE.search(text, max(0, s - 60), s)
            if b is not None:
                role, start = b.group(1).lower(), b.start()
        if role is None:
            return
        canon = _role_of(role) or role
        ent = _Entity(name=None, kind="unnamed", tie=actor, roles={canon}, last_pos=start, first_pos=start)
        self.entities.append(ent)
        if self._subject_position(start, []):
            ent.add_subject(start)

    def register_person(self, s: int, e: int, _payload: object) -> _Entity | None:
        text = self.text
        written = text[s:e]
        possessive = written.endswith(("’s", "'s"))
        if possessive:
            written = written[:-2]
        words = written.split()
        if not words:
            return None
        if _ORG_CONTINUES.search(text, max(0, s - 80), s):
            return None  # "the Centre for Orbital Policy": part of a body's name
        known = self.r.person(written)
        if known is None and len(words) == 1 and not self.by_key.get(self._key(written)):
            # a lone unknown capitalised word is a person only where a title or apposition says so
            if not self._person_context(s, e):
                return None
        if known is None and len(words) > 1:
            first = ru_nominative(words[0]) if has_cyrillic(words[0]) else words[0]
            if first not in FIRST_NAMES and not self.by_key.get(self._key(written)) \
                    and not self._person_context(s, e):
                return None
        ent = self.person_entity(written, s, known)
        ent.last_pos = s
        # the words around the name: "Kremlin spokesman Dmitry Peskov", "Peskov, the spokesman,"
        pre, location = self._title_before(s)
        app = [] if possessive else self._apposition_after(e)
        if pre or app:
            actor, former, roles, _ref, role_text = self.describe([pre, *app], s, location)
            self._tie(ent, actor, former, roles, role_text)
        if not possessive and self._subject_position(s, pre):
            ent.add_subject(s)
        return ent

    def _tie(self, ent: _Entity, actor: str | None, former: str | None, roles: set[str],
             role_text: str | None) -> None:
        if actor is not None:
            ent.tie = actor
        if former is not None and ent.former_tie is None:
            ent.former_tie = former
        if roles:
            ent.roles |= roles
            if roles & INTERNAL_ROLES:
                ent.internal_role = True
            if role_text and ent.role_text is None:
                ent.role_text = role_text

    def _person_context(self, s: int, e: int) -> bool:
        pre, _ = self._title_before(s)
        if pre and (_role_of(pre[-1].low) or (is_cap(pre[-1]) and any(_role_of(t.low) for t in pre))):
            return True
        after = self.text[e:e + 3]
        if after.startswith(", "):
            toks = tokens(self.text, e, min(len(self.text), e + 80))
            if len(toks) > 1:
                t = toks[1]
                if t.low in ("a", "an", "the", "who", "le", "la", "l'", "un", "une", "qui") or t.word[:1].isdigit() \
                        or _role_of(t.low):
                    return True
        toks = tokens(self.text, e, min(len(self.text), e + 40))
        if toks and toks[0].low in _ALL_VERBS:
            return True
        before = tokens(self.text, max(0, s - 20), s)
        return bool(before) and before[-1].low in _ALL_VERBS and not is_addressee_verb(before[-1].low)

    def _title_before(self, s: int) -> tuple[list[Tok], str | None]:
        """The descriptive words just before a name ("Roscosmos head", "the head of X,") and a
        location phrase opening the clause ("At the Pentagon,")."""
        text = self.text
        toks = tokens(text, max(0, s - 160), s)
        # only the current sentence counts
        first = 0
        for i in range(len(toks) - 1, -1, -1):
            nxt = toks[i + 1].start if i + 1 < len(toks) else s
            if _breaks(text, toks[i].end, nxt):
                first = i + 1
                break
        toks = toks[first:]
        if not toks:
            return [], None
        j = len(toks) - 1
        pre: list[Tok] = []
        if toks[j].word == ",":
            # "the head of the Russian agency Roscosmos, Yuri Borissov"
            k = j - 1
            chunk: list[Tok] = []
            while k >= 0 and np_ish(toks[k]) and len(chunk) < 12:
                chunk.insert(0, toks[k])
                k -= 1
            if chunk and chunk[0].base in DETERMINERS_DEF | DETERMINERS_INDEF and _roles(chunk):
                pre = chunk
        else:
            k = j
            while k >= 0 and np_ish(toks[k]) and not self.has_name(toks[k]) and len(pre) < 8 \
                    and toks[k].low not in _PRE_STOP:
                pre.insert(0, toks[k])
                k -= 1
        location = None
        # "At the Pentagon, press secretary John Kirby": a body opening the clause
        k = len(toks) - 1 - len(pre) if pre else -1
        if pre and k >= 0 and toks[k].word == ",":
            m = k - 1
            chunk = []
            while m >= 0 and toks[m].word not in ",;:" and len(chunk) < 8:
                chunk.insert(0, toks[m])
                m -= 1
            if chunk and chunk[0].low in ("at", "in", "à", "au", "в", "во", "du", "from", "inside"):
                location = text[chunk[0].start:chunk[-1].end]
        return pre, location

    def _apposition_after(self, e: int) -> list[list[Tok]]:
        text = self.text
        if not text.startswith(",", e) and not text.startswith(" (", e):
            return []
        toks = tokens(text, e, min(len(text), e + 300))
        out: list[list[Tok]] = []
        i = 0
        while i < len(toks) and toks[i].word in ",(" and len(out) < 2:
            chunk: list[Tok] = []
            i += 1
            while i < len(toks) and toks[i].word not in ",;:()—–" and len(chunk) < 40:
                chunk.append(toks[i])
                i += 1
            if not chunk or any(x.low in _ALL_VERBS for x in chunk):
                break  # "..., the Kremlin said": a clause, not an apposition
            t = chunk[0]
            if t.low in ("a", "an", "the", "who", "whose", "le", "la", "l'", "un", "une", "qui", "himself",
                         "herself", "one-time", "former", "ex-", "ancien", "ancienne") \
                    or t.word[:1].isdigit() or _role_of(t.low) or (is_cap(t) and _roles(chunk[:5])):
                if t.word[:1].isdigit() and len(chunk) == 1:
                    continue  # an age: "Borisov, 65, held ..."
                out.append(chunk)
                continue
            break
        return out

    def _subject_position(self, s: int, pre: list[Tok]) -> bool:
        start = pre[0].start if pre else s
        toks = tokens(self.text, max(0, start - 30), start)
        if not toks:
            return True
        prev = toks[-1]
        if prev.word in ",;:()—–-":
            return True
        if prev.low in _SUBJECT_BEFORE:
            return True
        if prev.low in _ALL_VERBS and not is_addressee_verb(prev.low):
            return True  # said Robyn Gatens
        # the start of a sentence
        gap = self.text[prev.end:start]
        return any(c in gap for c in ".!?\n")

    # --- speakers -----------------------------------------------------------------------------

    def resolve_np(self, np: NounPhrase, pos: int, paragraph_start: int, location: str | None = None,
                   pronoun: str | None = None) -> _Resolved | None:
        """Who a speaker phrase names, with the actor they speak for, as of position `pos`."""
        text = self.text
        if pronoun is not None:
            return self.resolve_pronoun(pronoun, pos, pronoun)
        head = np.head
        as_written = np.as_written(text)
        if len(head) == 1 and is_pronoun(head[0]):
            return self.resolve_pronoun(head[0].low, pos, head[0].word)
        hs, he = head[0].start, head[-1].end
        masked = [(hs + o.start, hs + o.end) for o in self.r.orgs_in(text[hs:he]) if o.kind != "ref"]
        if masked:
            head = [t for t in head if not any(a <= t.start < b for a, b in masked)] or head[:0]
            if not head:
                head = np.head[:0]
        # a named person: the last run of name words in the head, else in an apposition
        name_span = self._name_in(head)
        rest = [t for t in np.head if name_span is None or not (name_span[0] <= t.start < name_span[1])]
        parts_for_tie = [np.pre, rest, *np.appositions]
        if name_span is None:
            for app in np.appositions:
                name_span = self._name_in(app)
                if name_span is not None:
                    parts_for_tie = [np.pre, head, *[a for a in np.appositions if a is not app]]
                    break
        head = np.head
        if name_span is not None:
            written = text[name_span[0]:name_span[1]]
            ent = self.person_entity(written, name_span[0])
            actor, former, roles, _ref, role_text = self.describe(parts_for_tie, pos, location)
            self._tie(ent, actor, former, roles, role_text)
            ent.last_pos = max(ent.last_pos, name_span[0])
            return _Resolved(ent.name, as_written, ent.actor, ent)
        toks = np.all_tokens()
        actor, former, roles, ref, _role_text = self.describe([toks], pos, location)
        first = head[0].base
        indefinite = first in DETERMINERS_INDEF
        person_roles = roles - {"official", "source", "spokesperson", "representative"} if indefinite else roles
        if roles:
            if indefinite:
                ent = _Entity(name=None, kind="unnamed", tie=actor, roles=set(roles), last_pos=pos, first_pos=pos)
                self.entities.append(ent)
                return _Resolved(None, as_written, actor, ent)
            found = self.match_description(roles, actor, pos, paragraph_start, definite=first in DETERMINERS_DEF)
            if found is not None:
                if found.kind == "person" and actor is not None and found.tie is None and found.actor is None:
                    found.tie = actor
                return _Resolved(found.name, as_written, found.actor if found.kind == "person" else found.tie or actor,
                                 found)
            unresolved = (frozenset(roles), actor) if not (roles <= UNNAMED_ROLES) else None
            ent = _Entity(name=None, kind="unnamed", tie=actor, roles=set(roles), last_pos=pos, first_pos=pos)
            self.entities.append(ent)
            return _Resolved(None, as_written, actor, ent, unresolved)
        del person_roles
        if actor is not None or ref is not None:
            ent = _Entity(name=None, kind="body", tie=actor, last_pos=pos, first_pos=pos)
            return _Resolved(None, as_written, actor, ent)
        # a lone capitalised word nobody introduced: a surname
        caps = [t for t in head if self.has_name(t)]
        if caps:
            written = text[caps[0].start:caps[-1].end]
            ent = self.person_entity(written, caps[0].start)
            return _Resolved(ent.name, as_written, ent.actor, ent)
        return None

    def _name_in(self, toks: list[Tok]) -> tuple[int, int] | None:
        best = None
        i = 0
        n = len(toks)
        while i < n:
            if self.has_name(toks[i]):
                j = i
                while j + 1 < n and (self.has_name(toks[j + 1]) or (toks[j + 1].low in _PARTICLES
                                                                     and j + 2 < n and self.has_name(toks[j + 2]))):
                    j += 1
                cand = (toks[i].start, toks[j].end)
                w = self.text[cand[0]:cand[1]]
                if w.endswith(("’s", "'s")):
                    cand = (cand[0], cand[1] - 2)
                best = cand
                i = j + 1
            else:
                i += 1
        return best

    def resolve_pronoun(self, pronoun: str, pos: int, written: str) -> _Resolved | None:
        gender = PRONOUNS.get(pronoun.lower())
        if gender in ("p", "n"):
            return None
        best, best_at = None, -1
        for e in self.entities:
            if e.kind == "body":
                continue
            at = e.subject_before(pos)
            if at > best_at:
                best, best_at = e, at
        if best is None:
            # nobody was a subject yet: the last person named before the pronoun
            for e in self.entities:
                if e.kind == "person" and e.first_pos < pos and (best is None or e.first_pos > best.first_pos):
                    best = e
        if best is None:
            return None
        return _Resolved(best.name, written, best.actor if best.kind == "person" else best.tie, best)

    def match_description(self, roles: set[str], actor: str | None, pos: int, paragraph_start: int,
                          definite: bool) -> _Entity | None:
        """"the head of Roscosmos", "the spokesman", "the scientist": the entity the article means."""
        if roles <= UNNAMED_ROLES:
            best = None
            for e in self.entities:
                if 0 <= e.first_pos < pos and e.roles & roles and (actor is None or e.actor in (actor, None)):
                    if best is None or e.last_pos > best.last_pos:
                        best = e
            if best is None and actor is not None and not definite:
                # "представитель Кремля": the Kremlin person the article already quotes
                people = [e for e in self.entities if e.kind == "person" and e.actor == actor
                          and e.subject_before(pos) >= 0]
                if people:
                    best = max(people, key=lambda e: e.subject_before(pos))
            return best
        persons = [e for e in self.entities if e.kind == "person" and 0 <= e.first_pos < pos]
        # someone named earlier in the same paragraph
        same = [e for e in persons if e.subject_before(pos) >= paragraph_start
                and (actor is None or e.actor in (actor, None))]
        if same:
            return max(same, key=lambda e: e.subject_before(pos))
        scored = []
        for e in persons:
            score = 0
            if e.roles & roles:
                score += 2
            if actor is not None and e.actor == actor:
                score += 2
            elif actor is not None and e.actor is not None:
                continue
            if score:
                scored.append((score, e.last_pos, e))
        if scored:
            return max(scored, key=lambda x: (x[0], x[1]))[2]
        if actor is None:
            subj = [e for e in persons if e.subject_before(pos) >= 0]
            if subj:
                return max(subj, key=lambda e: e.subject_before(pos))
        return None

    # --- the whole article ---------------------------------------------------------------------

    def run(self) -> Extraction:
        text = self.text
        paragraphs = split_paragraphs(text)
        self.paragraphs = paragraphs
        self.par_starts = [p.start for p in paragraphs]
        spans = find_quotes(text, paragraphs)
        cands = self._candidates(spans, paragraphs)
        sentences = self._sentences(cands)
        quote_spans = [(c.q.open_at, c.q.close_at) for c in cands]
        all_spans = [(q.open_at, q.close_at) for q in spans]
        prev_par = -1
        label: _Resolved | None = None
        for si, sent in enumerate(sentences):
            if sent.paragraph != prev_par:
                prev_par = sent.paragraph
                label = self._transcript_label(paragraphs[sent.paragraph])
            for kind, s, e, _c in sent.pieces:
                if kind == "g" and e > s:
                    self.scan_mentions(s, e, all_spans)
            self._attribute(sent, si, sentences, label)
        del quote_spans
        statements = self._finish(cands, sentences)
        mentions = self._mentions(statements)
        return Extraction(statements=tuple(statements), mentions=mentions, learned=self._learned())

    def _paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.par_starts, pos) - 1)

    def _candidates(self, spans: list[QuoteSpan], paragraphs: list[Paragraph]) -> list[_Candidate]:
        text = self.text
        out: list[_Candidate] = []
        title = (self.title or "").strip()
        first_par = text[paragraphs[0].start:paragraphs[0].end].strip() if paragraphs else ""
        skip_first = bool(title) and first_par == title
        for q in spans:
            if skip_first and q.paragraph == 0:
                continue
            qt = q.text(text)
            if not any(c.isalpha() for c in qt):
                continue
            before = text[max(0, q.open_at - 40):q.open_at]
            stripped = before.rstrip(" \u00a0\u202f\t")
            par_start = paragraphs[q.paragraph].start
            initial = q.open_at - len(before) + len(stripped) <= par_start or not stripped \
                or stripped[-1] in ".!?…:;—–-\n(" or stripped.endswith(("—", "–"))
            words = [w for w in qt.split() if any(c.isalnum() for c in w)]
            partial = not initial or qt[:1].islower()
            if partial and len(words) < 2:
                continue
            if _MARKER_BEFORE.search(before):
                continue
            if qt[:1].isupper() and _THING_BEFORE.search(before) and len(words) <= 4:
                continue
            if partial and _name_like(words, qt):
                continue
            out.append(_Candidate(q, qt, partial, end_at=q.close_at))
        return out

    def _sentences(self, cands: list[_Candidate]) -> list[_Sentence]:
        text = self.text
        pieces: list[tuple[str, int, int, _Candidate | None]] = []
        pos = 0
        for c in cands:
            if c.q.open_at < pos:
                continue
            pieces.append(("g", pos, c.q.open_at, None))
            pieces.append(("q", c.q.open_at, c.q.close_at, c))
            pos = c.q.close_at
        pieces.append(("g", pos, len(text), None))
        sentences: list[_Sentence] = []
        cur: list[tuple[str, int, int, _Candidate | None]] = []
        cur_start = 0
        prev_quote: _Candidate | None = None

        def flush(end: int) -> None:
            nonlocal cur, cur_start
            if cur:
                sentences.append(_Sentence(cur_start, end, cur, self._paragraph_of(cur_start)))
            cur = []

        for kind, s, e, c in pieces:
            if kind == "q":
                if not cur:
                    cur_start = s
                cur.append((kind, s, e, c))
                prev_quote = c
                continue
            seg_start = s
            # a quotation ending a sentence ("... thank you.” Then ...): split unless an attribution follows
            if prev_quote is not None and prev_quote.text[-1:] in _TERMINAL and s < e:
                after = text[s:min(e, s + 3)]
                if after[:1].isspace() and not self._short_attribution(s, e):
                    flush(s)
                    cur_start = s
            prev_quote = None
            for m in _BOUNDARY.finditer(text, s, min(len(text), e + 1)):
                if m.start() >= e:
                    break
                if m.group(0).startswith("\n"):
                    pass
                elif not _real_boundary(text, m.start()):
                    continue
                if m.start() > seg_start or cur:
                    if m.start() > seg_start:
                        if not cur:
                            cur_start = seg_start
                        cur.append(("g", seg_start, m.start() + len(m.group(0).rstrip()), None))
                    flush(m.start())
                seg_start = m.end()
                cur_start = seg_start
            if e > seg_start:
                if not cur:
                    cur_start = seg_start
                cur.append(("g", seg_start, e, None))
        flush(len(text))
        return sentences

    def _short_attribution(self, s: int, e: int) -> bool:
        """After a quotation that ends a sentence: is the next clause only "Borissov said." / "she asked."?"""
        m = _BOUNDARY.search(self.text, s, min(e, s + 120))
        end = m.start() if m else min(e, s + 120)
        toks = tokens(self.text, s, end)
        if not toks or len(toks) > 9:
            return False
        verbs = speech_verbs(toks)
        if not verbs:
            return False
        i = verbs[0][0]
        return i <= 5 and all(np_ish(t) or t.word in "," or t.low in PRONOUNS for t in toks[:i])

    def _transcript_label(self, par: Paragraph) -> _Resolved | None:
        """"NELSON, opening remarks: “...”" — a transcript's speaker label."""
        m = _LABEL.match(self.text, par.start, min(par.end, par.start + 120))
        if m is None:
            return None
        rest = self.text[m.end():min(par.end, m.end() + 120)]
        colon = rest.find(":")
        if colon < 0 or any(c in rest[:colon] for c in "“\"«."):
            return None
        word = m.group(0)
        if word in NOT_NAMES or self.r.actor_of_alias(word) is not None:
            return None
        ent = None
        for e in self.entities:
            if e.name and self._key(e.name) == self._key(word):
                ent = e
                break
        if ent is None:
            ent = self.person_entity(word, m.start())
        ent.last_pos = m.start()
        return _Resolved(ent.name, word, ent.actor, ent)

    def _attribute(self, sent: _Sentence, si: int, sentences: list[_Sentence], label: _Resolved | None) -> None:
        text = self.text
        quotes = [(k, p) for k, p in enumerate(sent.pieces) if p[0] == "q"]
        if not quotes:
            return
        par_start = self.paragraphs[sent.paragraph].start
        attributions: list[tuple[int, Attribution]] = []  # (piece index, attribution)
        last_np: NounPhrase | None = None
        for k, (kind, s, e, _c) in enumerate(sent.pieces):
            if kind != "g" or e <= s:
                continue
            toks = tokens(text, s, min(e, s + 2 * MAX_WINDOW))
            for vi, vj, pron, gerund in speech_verbs(toks):
                vs, ve = toks[vi].start, toks[vj].end
                att = None
                if pron is not None:
                    att = Attribution(vs, ve, None, "vs", pronoun=pron)
                elif gerund:
                    src = last_np or self._sentence_subject(sent)
                    if src is not None:
                        att = Attribution(vs, ve, src, "inherit", gerund=True)
                else:
                    prev_tok = toks[vi - 1] if vi > 0 else None
                    if prev_tok is not None and prev_tok.low in _CONJ and last_np is not None:
                        att = Attribution(vs, ve, last_np, "inherit")
                    else:
                        np = np_before(text, s, vs, self.has_name)
                        if np is not None and self._valid_np(np):
                            att = Attribution(vs, ve, np, "sv")
                        elif not is_addressee_verb(toks[vi].low):
                            np = np_after(text, ve, e, self.has_name)
                            if np is not None and self._valid_np(np):
                                att = Attribution(vs, ve, np, "vs")
                if att is not None:
                    if att.np is not None:
                        last_np = att.np
                    attributions.append((k, att))
            for a_s, a_e in according_to(text, s, e):
                np = np_after(text, a_e, e, self.has_name)
                if np is not None and self._valid_np(np):
                    attributions.append((k, Attribution(a_s, a_e, np, "according")))
                    last_np = np
        attributions.sort(key=lambda x: x[1].verb_start)
        asked = _ASKED.match(text, sent.start, sent.start + 40) is not None
        location = self._location(sent)
        for k, (_kind, qs, qe, cand) in quotes:
            assert cand is not None
            cand.sentence = si
            chosen: Attribution | None = None
            how = ""
            gap_before = sent.pieces[k - 1] if k > 0 else None
            colon = gap_before is not None and text[gap_before[1]:gap_before[2]].rstrip().endswith((":", "："))
            if colon:
                before = [a for pk, a in attributions if pk == k - 1]
                if before:
                    chosen, how = before[-1], "colon"
                else:
                    np = self._sentence_subject(sent)
                    if np is not None:
                        chosen, how = Attribution(gap_before[2], gap_before[2], np, "colon"), "colon"
            if chosen is None:
                after = [a for pk, a in attributions if pk == k + 1 and a.verb_start - qe < 160]
                if after:
                    chosen, how = after[0], "after"
            if chosen is None:
                before = [a for pk, a in attributions if pk == k - 1]
                if before:
                    chosen, how = before[-1], "before"
            if chosen is None and attributions:
                best = min(attributions, key=lambda x: min(abs(x[1].verb_start - qe), abs(x[1].verb_start - qs)))
                chosen, how = best[1], "sentence"
            if chosen is not None and asked and cand.partial and chosen.verb_start > qe:
                cand.how = "question"
                continue  # "Asked whether Russia was losing a new “moon race”, Peskov said: ..."
            if chosen is None and label is not None and not cand.partial:
                cand.resolved, cand.how = label, "label"
                continue
            if chosen is None:
                continue
            cand.attribution = chosen
            cand.how = how
            res = self.resolve_np(chosen.np, chosen.verb_start, par_start, location, chosen.pronoun) \
                if chosen.np is not None or chosen.pronoun else None
            cand.resolved = res
        # speakers become the subjects the next sentences' pronouns point back to
        for _k, (_kind, _qs, _qe, cand) in quotes:
            if cand is not None and cand.resolved is not None and cand.resolved.entity is not None:
                ent = cand.resolved.entity
                pos = cand.attribution.verb_start if cand.attribution else cand.q.open_at
                ent.add_subject(pos)
                ent.spoke += 1
                ent.last_pos = max(ent.last_pos, pos)
                if ent not in self.entities and ent.kind != "body":
                    self.entities.append(ent)

    def _valid_np(self, np: NounPhrase) -> bool:
        toks = np.head
        if len(toks) == 1 and is_pronoun(toks[0]):
            return True
        for t in np.all_tokens():
            if self.has_name(t) or _role_of(t.low) is not None:
                return True
        phrase = self.text[np.start:np.end]
        key = ("V", phrase)
        hit = self.cache.get(key)
        if hit is None:
            hit = bool(self.r.orgs_in(phrase)) or self.r.role_tie(phrase) is not None
            if len(self.cache) < 50_000:
                self.cache[key] = hit
        return hit

    def _sentence_subject(self, sent: _Sentence) -> NounPhrase | None:
        """The noun phrase a sentence opens with ("Jim Free, NASA's associate administrator, ...")."""
        s = sent.start
        end = sent.pieces[0][2] if sent.pieces and sent.pieces[0][0] == "g" else s
        toks = tokens(self.text, s, min(end, s + MAX_WINDOW))
        head: list[Tok] = []
        for t in toks:
            if not np_ish(t) or len(head) >= 10:
                break
            head.append(t)
        while head and not (is_cap(head[-1]) or _role_of(head[-1].low) or is_pronoun(head[-1])):
            head.pop()
        if not head:
            return None
        if head[0].low in ("on", "in", "at", "as", "asked", "about", "regarding", "for", "after", "before"):
            return None
        np = NounPhrase(head)
        rest = toks[len(head):]
        if rest and rest[0].word == ",":
            chunk = []
            for t in rest[1:]:
                if t.word in ",;:":
                    break
                chunk.append(t)
            if chunk:
                np.appositions.append(chunk[:40])
        return np if self._valid_np(np) else None

    def _location(self, sent: _Sentence) -> str | None:
        if not sent.pieces or sent.pieces[0][0] != "g":
            return None
        s, e = sent.pieces[0][1], sent.pieces[0][2]
        head = self.text[s:min(e, s + 60)]
        comma = head.find(",")
        if comma < 0:
            return None
        lead = head[:comma].split(" ", 1)[0].lower()
        if lead in ("at", "in", "à", "au", "в", "во", "inside", "from"):
            return head[:comma]
        return None

    # --- after reading ---------------------------------------------------------------------------

    def _finish(self, cands: list[_Candidate], sentences: list[_Sentence]) -> list[Statement]:
        text = self.text
        kept: list[_Candidate] = []
        prev: _Candidate | None = None
        for c in cands:
            if c.how == "question":
                continue
            if c.resolved is None and c.attribution is None and c.how != "label":
                merged = False
                if prev is not None and self._split_continues(prev, c):
                    prev.extra_parts.extend(c.q.parts)
                    prev.text = prev.text + " " + c.text
                    prev.end_at = c.q.close_at
                    merged = True
                if merged:
                    continue
                if c.partial:
                    continue
                cont = self._continuation(prev, c)
                if cont is None:
                    dash = self._dash_attribution(c)
                    cont = dash
                if cont is None and len(c.text.split()) < 4:
                    continue
                c.resolved = cont
                c.how = "continuation" if cont is not None else "unattributed"
            elif c.attribution is not None and prev is not None and self._split_continues(prev, c, own=True):
                prev.extra_parts.extend(c.q.parts)
                prev.text = prev.text + " " + c.text
                prev.end_at = c.q.close_at
                continue
            kept.append(c)
            prev = c
        # descriptions that named nobody yet ("the newly appointed head of Roscosmos") and people
        # whose only tie is an inside role in an agency's own release
        dominant = self.feed_actor or (max(self.actor_counts, key=self.actor_counts.get)
                                       if self.actor_counts else None)
        for c in kept:
            res = c.resolved
            if res is not None and res.unresolved_desc is not None and res.speaker is None:
                roles, actor = res.unresolved_desc
                speakers = {}
                for d in kept:
                    dr = d.resolved
                    if dr is not None and dr.entity is not None and dr.entity.kind == "person" and dr.speaker \
                            and (actor is None or dr.actor == actor):
                        speakers[dr.speaker] = speakers.get(dr.speaker, 0) + 1
                if speakers:
                    name = max(speakers, key=speakers.get)
                    res.speaker = name
                    ent = next((e for e in self.entities if e.name == name), None)
                    if ent is not None:
                        res.actor = ent.actor
                        res.entity = ent
            if res is not None and res.entity is not None and res.entity.kind == "person":
                ent = res.entity
                if ent.actor is None and ent.internal_role and not (ent.roles & INDEPENDENT_ROLES) and dominant:
                    ent.tie = dominant
                res.actor = ent.actor
        out: list[Statement] = []
        for c in kept:
            res = c.resolved
            parts = [*c.q.parts, *c.extra_parts]
            start, end = parts[0][0], parts[-1][1]
            quote = " ".join(text[s:e] for s, e in parts if e > s)
            lang = detect_lang(quote, self.lang) if len(quote) > 24 else self.lang
            speaker = res.speaker if res else None
            actor = res.actor if res else None
            if actor is not None:
                actor = self.r.canonical_actor(actor)
            score, reasons = score_quote(quote, speaker, actor, c.partial, lang)
            out.append(Statement(quote=quote, speaker=speaker, speaker_as_written=res.as_written if res else None,
                                 actor=actor, paragraph=self._paragraph_of(c.q.open_at), start=start, end=end,
                                 key_score=score, key_reasons=reasons, lang=lang))
        return mark_key_quotes(out)

    def _split_continues(self, prev: _Candidate, c: _Candidate, own: bool = False) -> bool:
        """“A,” he said. “B.” — is `c` the second half of `prev`?"""
        if own or prev.attribution is None or prev.how not in ("after",) or prev.partial:
            return False
        if self._paragraph_of(prev.q.close_at) != self._paragraph_of(c.q.open_at):
            return False
        att = prev.attribution
        if not (prev.q.close_at <= att.verb_start < c.q.open_at):
            return False
        gap = self.text[prev.q.close_at:c.q.open_at]
        toks = tokens(self.text, prev.q.close_at, c.q.open_at)
        if len(toks) > 30 or any(t.low in ("that", "что", "que", "adding", "whether") for t in toks):
            return False
        if len([1 for _ in speech_verbs(toks)]) > 1:
            return False
        tail = gap.rstrip()
        if not tail or tail[-1] not in ".,:;—–-":
            return False
        return c.text[:1].isupper() or prev.text.rstrip()[-1:] in ",—–-"

    def _continuation(self, prev: _Candidate | None, c: _Candidate) -> _Resolved | None:
        """An unattributed full-sentence quotation: the speaker of the one just before it, or the
        speaker a colon at the end of the previous paragraph introduces."""
        par = c.q.paragraph
        if par > 0:
            pp = self.paragraphs[par - 1]
            if self.text[pp.start:pp.end].rstrip().endswith((":", "：")) and \
                    self.text[self.paragraphs[par].start:c.q.open_at].strip() == "":
                # "Jim Free, NASA's associate administrator, described the mood:"
                sent_start = pp.start
                for m in _BOUNDARY.finditer(self.text, pp.start, pp.end):
                    if _real_boundary(self.text, m.start()):
                        sent_start = m.end()
                fake = _Sentence(sent_start, pp.end, [("g", sent_start, pp.end, None)], par - 1)
                toks = tokens(self.text, sent_start, pp.end)
                verbs = speech_verbs(toks)
                np = None
                pron = None
                if verbs:
                    vi, vj, pron, _g = verbs[-1]
                    if pron is None:
                        np = np_before(self.text, sent_start, toks[vi].start, self.has_name)
                        if np is None or not self._valid_np(np):
                            np = np_after(self.text, toks[vj].end, pp.end, self.has_name)
                if np is None and pron is None:
                    np = self._sentence_subject(fake)
                if (np is not None and self._valid_np(np)) or pron is not None:
                    res = self.resolve_np(np, sent_start, pp.start, self._location(fake), pron) \
                        if np is not None or pron else None
                    if res is not None:
                        return res
        if prev is not None and prev.resolved is not None:
            if self._paragraph_of(c.q.open_at) - self._paragraph_of(prev.end_at) <= 2:
                r = prev.resolved
                return _Resolved(r.speaker, r.as_written, r.actor, r.entity)
        return None

    def _dash_attribution(self, c: _Candidate) -> _Resolved | None:
        """A block quotation signed on the next line: “...” — Josef Aschbacher, ESA Director General."""
        after = self.text[c.q.close_at:c.q.close_at + 200]
        m = re.match(r"\s*[—–-]\s*", after)
        if m is None:
            return None
        s = c.q.close_at + m.end()
        np = np_after(self.text, s, min(len(self.text), s + 200), self.has_name)
        if np is None or not self._valid_np(np):
            return None
        return self.resolve_np(np, s, self.paragraphs[self._paragraph_of(s)].start)

    def _mentions(self, statements: list[Statement]) -> tuple[str, ...]:
        found = set(self.actor_counts)
        if self.title:
            for _s, _e, actor in self.r.actor_mentions(self.title):
                found.add(actor)
        for e in self.entities:
            if e.kind == "person" and e.actor and e.actor != OTHER:
                found.add(e.actor)
        for st in statements:
            if st.actor and st.actor != OTHER:
                found.add(st.actor)
        order = {a: i for i, a in enumerate(self.r.actors)}
        return tuple(sorted((a for a in found if a in order), key=order.get))

    def _learned(self) -> tuple[LearnedPerson, ...]:
        out = []
        for e in self.entities:
            if e.kind != "person" or e.name is None or e.tie is None or e.tie == OTHER:
                continue
            if len(e.name.split()) < 2:
                continue
            if e.known is not None and e.known.source == "config":
                continue
            if e.known is not None and e.known.actor == e.tie:
                continue
            if self.r.canonical_actor(e.tie) not in self.r.actors:
                continue
            out.append(LearnedPerson(name=e.name, actor=e.tie, role=e.role_text))
        return tuple(out)


_ALL_VERBS: frozenset[str] = frozenset()


def _init_verbs() -> None:
    global _ALL_VERBS
    from .lexicon import ALL_SPEECH_VERBS
    _ALL_VERBS = ALL_SPEECH_VERBS


_init_verbs()


_ORG_HEAD_SET = frozenset(_ORG_HEADS)
_RU_ORG_STEMS = ("институт", "университет", "министерств", "академи", "агентств", "корпорац", "компани",
                 "центр", "фонд", "комитет", "совет", "служб", "управлени", "правительств", "ведомств",
                 "департамент", "организац", "объединени", "предприяти", "завод", "концерн", "газет")


@lru_cache(maxsize=8192)
def _org_word(word: str) -> bool:
    """Institute, Ministry, Института: a word that names a body, never a person."""
    if word in _ORG_HEAD_SET:
        return True
    low = word.lower()
    return low[:1] >= "\u0400" and low.startswith(_RU_ORG_STEMS)


def _breaks(text: str, a: int, b: int) -> bool:
    """Does text[a:b] (between two words) end a sentence or leave a quotation?"""
    between = text[a:b]
    if not between:
        return False
    return any(c in between for c in "!?\n“”«»\"„") or ("." in between and _real_boundary(text, a + between.index(".")))


def _first_compatible(a: str, b: str) -> bool:
    from .translit import fold
    fa, fb = fold(a.rstrip(".")), fold(b.rstrip("."))
    if not fa or not fb:
        return True
    if len(a.rstrip(".")) == 1 or len(b.rstrip(".")) == 1:
        return fa[0] == fb[0]
    return fa == fb or fa.startswith(fb) or fb.startswith(fa)


def _real_boundary(text: str, i: int) -> bool:
    """Is the full stop at text[i] the end of a sentence (not U.S., Dr., S. Somanath)?"""
    if text[i] != ".":
        return True
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    word = text[j:i].lower().strip("(\"“«")
    if len(word) == 1 and word.isalpha():
        return False  # an initial
    if word in ABBREVIATIONS or ("." in word and len(word) <= 5):
        return False
    return True


def _name_like(words: list[str], quote: str) -> bool:
    """“Star Wars”, “ISS Deorbit Analysis Summary”, «Россия 24»: a name or a title, not speech."""
    if len(words) > 7 or any(c in quote[:-1] for c in ".!?;"):
        return False
    content = [w for w in words if w.lower().strip(",.:") not in _SMALL_WORDS]
    if not content:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() for w in content)


_DEFAULT: ActorResolver | None = None


def default_resolver() -> ActorResolver:
    """The resolver for the packaged default config (built once)."""
    global _DEFAULT
    if _DEFAULT is None:
        from .config import packaged_config_text, parse_config
        _DEFAULT = ActorResolver.from_config(parse_config(packaged_config_text(), None))
    return _DEFAULT


def extract(text: str, *, title: str | None = None, lang: str | None = None,
            resolver: ActorResolver | None = None, feed_actor: str | None = None) -> Extraction:
    """The statements of one article: every direct quotation with its speaker, actor, span
    (text[start:end] holds the quotation), paragraph, language and key score, plus the actors the
    article mentions and the people it taught something about.

    `text` is plain text with paragraphs separated by a blank line; `feed_actor` says the article
    comes from that actor's own feed.
    """
    if not text or not text.strip():
        return Extraction(statements=())
    return _Article(text, title, lang, resolver or default_resolver(), feed_actor).run()


ExtractFn = Callable[..., Extraction]
