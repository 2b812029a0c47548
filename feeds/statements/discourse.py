"""Who an article has named so far: people, unnamed officials and bodies, the ties its titles and
appositions make, and what a pronoun or a description ("the head of Roscosmos") points back to.

The article's capitalised words are read once; the words around each name (a title before it, an
apposition after it, whether it is a clause's subject) are read only when a question needs them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .actors import _ORG_HEADS, OTHER, ActorResolver, KnownPerson, body_name, is_former, latin_name
from .attribution import NounPhrase, Tok, is_addressee_verb, is_cap, is_party_tag, is_pronoun, np_ish, tokens
from .lexicon import (
    ABBREVIATIONS,
    ALL_SPEECH_VERBS,
    DETERMINERS_DEF,
    DETERMINERS_INDEF,
    FIRST_NAMES,
    INTERNAL_ROLES,
    NOT_NAMES,
    NP_FILLERS,
    PRONOUNS,
    ROLES,
    UNNAMED_ROLES,
    is_role_word,
)
from .translit import fold, has_cyrillic, ru_nominative

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
# A run of capitalised words: "Yuri Borissov", "NASA Administrator Bill Nelson", "S. Somanath".
# (It opens with a character class so the regex engine can skip ahead to capitals quickly.)
CAP_RUN = re.compile(
    rf"[{_UPPER}](?:\.(?:[{_UPPER}]\.)*|[\w'’\-]*)"
    rf"(?:[ \u00a0](?:(?:van|der|den|de|von|da|del|di|du|bin|al|ibn|dos|das|ten|ter|le|la)[ \u00a0]){{0,2}}"
    rf"[{_UPPER}](?:\.(?:[{_UPPER}]\.)*|[\w'’\-]*))*")
_WORD = re.compile(r"\S+")

_DETERMINERS = DETERMINERS_DEF | DETERMINERS_INDEF
_FRENCH_ARTICLE = frozenset(("l'", "l’", "L'", "L’"))  # elided le/la: "l'Espace" is no one's name
_SUBJECT_BEFORE = frozenset("and but while as when after before since because if that though although whereas "
                            "и а но когда если хотя et mais que qui quand lorsque si".split())
_PARTICLES = frozenset("van der den de von bin al ibn da del della di dos ten ter la le du y".split())
_SPACES = " \t\u00a0\u202f"
_CLOSE_PUNCT = ",;:()—–-.!?\n\"“”«»„‘’[]"
_PREV_WORD = re.compile(r"([\w'’.\-]+)$")
_NEXT_WORD = re.compile(r"[\s\u00a0]+([\w'’\-]+)")
_HARD_STOPS = ".!?\n;:“”«»\"„"
_OPENERS = frozenset(("a", "an", "the", "who", "whose", "le", "la", "l'", "un", "une", "qui", "himself", "herself",
                      "one-time", "former", "ex-", "ancien", "ancienne"))
_APPOSITION_NEXT = re.compile(r"(?:,|\s\()\s*(?:(?:a|an|the|who|whose|le|la|l['’]|un|une|qui|himself|herself|former"
                              r"|one-time|ancien|ancienne)\b|\d|[A-ZÀ-ÞА-ЯЁ])")
# ", a SpaceX engineer", ", 65,", ", who ...", ", spokesman for ...": what follows a person's name
_PERSON_APPOSITION = re.compile(r",\s*(?:(?:a|an|the|who|whose|himself|herself|le|la|l['’]|un|une|qui|former)\b"
                                r"|\d+\s*,|([^\W\d_][\w\-]*))", re.IGNORECASE)
_ORG_LINK_ENDS = (" of ", " for ", " on ", " de ", " du ", " des ", " the ", " la ", " l'", " l’")
_PRE_STOP = frozenset("at for in from with by to on about after before during into than like as "
                      "à en pour par avec sur dans из с для при на о об по к от".split())
_ORG_CONTINUES = re.compile(r"\b(?:" + "|".join(_ORG_HEADS) + r")\s+(?:of|for|on|de|du|des)\s+"
                            r"(?:the\s+|la\s+|l['’])?(?:[A-Z][\w-]*\s+){0,4}$")
_UNNAMED_ROLE_WORDS = (r"(official|source|spokesperson|spokesman|spokeswoman|representative|insider|"
                       r"engineer|employee|aide|responsable|porte-parole|источник|представитель)")
_UNNAMED_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:senior|top|former|military|government|press|intelligence)\s+)?"
                            + _UNNAMED_ROLE_WORDS + r"\b", re.IGNORECASE)
_UNNAMED_NEXT = (" official", " source", " spokes", " represent", " insider", " engineer", " employee", " aide",
                 "'s ", "’s ", " senior", " top ", " former", " military", " government", " press", " intellig",
                 " responsab", " porte", " источн", " предста")
_UNNAMED_LINKS = (" of ", " at ", " from ", " with ", " for ", " de ", " du ", " la ", " l'", " l’", " des ", " the ")
_INDEF_BEFORE = re.compile(r"(?:^|(?<=\s))(?:a|an|one|another|two|three|un|une)\s+"
                           r"(?:(?:senior|top|former|military|government)\s+)?$", re.IGNORECASE)
_UNNAMED_BEFORE = re.compile(r"(?:^|(?<=\s))(?:a|an|one|un|une)\s+(?:senior\s+|haut\s+)?" + _UNNAMED_ROLE_WORDS
                             + r"\s+(?:(?:at|of|from|with|for|de|du|de la|de l['’]|des)\s+)(?:the\s+)?$",
                             re.IGNORECASE)
_CACHES = ("runs", "name words", "name facts", "phrase actors", "speaker phrases", "org spans", "description parts",
           "canonical names")
_AUXILIARIES = frozenset("is was has had will would could can did does must may might should shall "
                         "remains remained became becomes".split())
# words after which a name is an object: "with Putin", "replaced Rogozin", "told Nelson"
_OBJECT_BEFORE = frozenset("with to by from of for about against at on in into than like under replaced replacing "
                           "succeeded fired appointed named met meeting told asked urged thanked".split())
_ROLE_OF_BODY = re.compile(r"([A-Za-z][\w\-]*)\s+(?:of|at|for|with)\s+(?:the\s+)?"
                           r"([A-Z][\w&.\-’']*(?:\s+(?:of|for|and|&|[A-Z][\w&.\-’']*)){0,6})")
# A named unit: capitalised words ending in the noun of a site or an office, and its acronym.
_UNIT = re.compile(r"((?:[A-Z][\w'’\-]*\s+){1,5}?)(Center|Centre|Facility|Laboratory|Directorate|Institute|Office"
                   r"|Observatory)\b(?:\s+\(([A-Z]{2,6})\))?")
_UNIT_HINT = re.compile(r"Cent(?:er|re)|Facility|Laboratory|Directorate|Institute|Office|Observatory")
_LOCAL_WORD = re.compile(r"[A-Z][\w\-]*")
_PARTY_AFTER = re.compile(r",?\s*\(?[RDI]-[A-Z][A-Za-z.]{1,13}[,)]")
_UNIT_HEADS = frozenset("Division Directorate Office Branch Program Programme Project Laboratory Center Centre "
                        "Headquarters".split())


def _is_unit(name: str) -> bool:
    """A department's name rather than an organisation's: "Planetary Science Division"."""
    return not name.isupper() and name.rsplit(None, 1)[-1] in _UNIT_HEADS


_AFFILIATION_LINKS = frozenset("of at from de du".split())
_LOCATION_LEADS = ("at", "in", "à", "au", "в", "во", "du", "from", "inside")


# --- roles ---------------------------------------------------------------------------------------

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
_RU_ROLE_STEMS = {
    "министр": "министр", "президент": "президент", "представител": "представитель", "директор": "директор",
    "заместител": "заместитель", "руководител": "руководитель", "пресс-секретар": "пресс-секретарь",
    "космонавт": "космонавт", "астронавт": "астронавт", "эксперт": "эксперт", "источник": "источник",
    "председател": "председатель", "начальник": "начальник", "советник": "советник", "помощник": "помощник",
    "сотрудник": "сотрудник", "аналитик": "аналитик", "инженер": "инженер", "сенатор": "сенатор",
    "депутат": "депутат", "конструктор": "конструктор", "командир": "командир",
}
_SUFFIX_ROLES = (("ologist", "scientist"), ("icist", "scientist"), ("scientist", "scientist"), ("gineer", "engineer"),
                 ("urnalist", "journalist"), ("umnist", "journalist"), ("nalyst", "analyst"))
_RU_HEAD = frozenset(("глава", "главы", "главе", "главу", "главой"))
_MODIFIER_ROLES = frozenset(("general", "vice", "prime", "associate"))


@lru_cache(maxsize=8192)
def role_of(word: str) -> str | None:
    """Canonical role of one lowercase word ('spokeswoman' -> 'spokesperson', 'министром' -> 'minister')."""
    w = word
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) > 2 and w[1] in "'’":
        w = w[2:]
    if w in ROLES:
        return _ROLE_CANON.get(w, w)
    if is_role_word(w):
        for ending, role in _SUFFIX_ROLES:
            if w.endswith(ending):
                return role
        return w
    if w and "\u0400" <= w[0] <= "\u04ff":
        if w in _RU_HEAD:
            return "head"
        for stem, nominative in _RU_ROLE_STEMS.items():
            if w.startswith(stem):
                return _ROLE_CANON.get(nominative, nominative)
    return None


def roles_in(toks: list[Tok]) -> set[str]:
    out: set[str] = set()
    for i, t in enumerate(toks):
        r = role_of(t.low)
        if r is None:
            continue
        if r in ("secretary", "officer") and i > 0 and toks[i - 1].base == "press":
            r = "spokesperson"
        elif r in _MODIFIER_ROLES and i + 1 < len(toks) and role_of(toks[i + 1].low):
            continue
        out.add(r)
    return out


_ORG_HEAD_SET = frozenset(_ORG_HEADS)
_RU_ORG_STEMS = ("институт", "университет", "министерств", "академи", "агентств", "корпорац", "компани",
                 "центр", "фонд", "комитет", "совет", "служб", "управлени", "правительств", "ведомств",
                 "департамент", "организац", "объединени", "предприяти", "завод", "концерн", "газет")


@lru_cache(maxsize=8192)
def org_word(word: str) -> bool:
    """Institute, Ministry, Института: a word that names a body, never a person."""
    if word in _ORG_HEAD_SET:
        return True
    low = word.lower()
    return low[:1] >= "\u0400" and low.startswith(_RU_ORG_STEMS)


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


def _first_compatible(a: str, b: str) -> bool:
    fa, fb = fold(a.rstrip(".")), fold(b.rstrip("."))
    if not fa or not fb:
        return True
    if len(a.rstrip(".")) == 1 or len(b.rstrip(".")) == 1:
        return fa[0] == fb[0]
    return fa == fb or fa.startswith(fb) or fb.startswith(fa)


# --- records -----------------------------------------------------------------------------------------

@dataclass(slots=True)
class Mention:
    """One place a person is named; the words around it are read when first needed."""

    start: int
    end: int
    entity: Entity
    possessive: bool
    analyzed: bool = False  # its title and apposition have been read
    subject: bool | None = None  # is it its clause's subject? (None: not worked out yet)
    pre_start: int = -1  # where the title before the name begins


class Entity:
    """A speaker candidate in one article: a named person, an unnamed official, or a body.

    (A plain class: articles make several, and a dataclass's default factories cost more.)
    """

    __slots__ = ("name", "kind", "known", "tie", "tie_pos", "former_tie", "roles", "internal_role", "first_pos",
                 "role_text", "mentions", "starts", "pending", "subjects", "spoke")

    def __init__(self, name: str | None, kind: str, known: KnownPerson | None = None, tie: str | None = None,
                 roles: set[str] | None = None, first_pos: int = -1) -> None:
        self.name = name  # canonical name (None: unnamed official or a body)
        self.kind = kind  # "person", "unnamed", "body"
        self.known = known
        self.tie = tie  # the actor the article ties them to (apposition, title)
        self.tie_pos = -1
        self.former_tie: str | None = None
        self.roles: set[str] = roles if roles is not None else set()
        self.internal_role = False
        self.first_pos = first_pos
        self.role_text: str | None = None
        self.mentions: list[Mention] = []  # in text order
        self.starts: list[int] = []  # the mentions' starts, for bisecting
        self.pending: list[Mention] = []  # mentions whose context is not read yet
        self.subjects: list[int] = []  # where the entity is the subject of a speech verb
        self.spoke = 0

    def add_mention(self, m: Mention) -> None:
        if not self.starts or m.start > self.starts[-1]:
            self.starts.append(m.start)
            self.mentions.append(m)
        else:
            i = bisect.bisect_left(self.starts, m.start)
            self.starts.insert(i, m.start)
            self.mentions.insert(i, m)
        if not m.analyzed:
            self.pending.append(m)

    def mention_at(self, pos: int) -> Mention | None:
        i = bisect.bisect_left(self.starts, pos)
        return self.mentions[i] if i < len(self.starts) and self.starts[i] == pos else None

    @property
    def actor(self) -> str | None:
        if self.tie is not None and not (self.tie == OTHER and self.known is not None and self.known.actor):
            return self.tie  # (a tie to some unnamed body, "Department Spokesperson", loses to the config)
        if self.known is not None and self.known.actor is not None:
            return self.known.actor
        return self.former_tie


@dataclass(slots=True)
class Resolved:
    """Who spoke: the canonical name (None for an unnamed official or a body), the phrase as
    written, the actor, and the entity behind it."""

    speaker: str | None
    as_written: str | None
    actor: str | None
    entity: Entity | None
    unresolved_desc: tuple[frozenset[str], str | None] | None = None  # roles, actor: settle after reading on


class Discourse:
    """The people and bodies of one article, and what its pronouns and descriptions refer to."""

    def __init__(self, text: str, resolver: ActorResolver, feed_actor: str | None,
                 skip: list[tuple[int, int]], cyrillic: bool = True) -> None:
        self.text = text
        self.cyrillic = cyrillic
        self.r = resolver
        self.feed_actor = feed_actor
        (self.runs, self.names, self.facts, self.phrases, self.valid, self.org_spans,
         self.part_facts, self.canonical_names) = resolver.caches(_CACHES)
        self.entities: list[Entity] = []
        self.by_key: dict[str, list[Entity]] = {}
        self.by_known: dict[str, Entity] = {}
        self.by_written: dict[str, Entity] = {}  # full names as written
        # every mention of a person (from the scan, in text order) and every later event (a speaker,
        # an unnamed official), for walking back from a position to what came just before it
        self.mentions: list[Mention] = []
        self.mention_starts: list[int] = []
        self.events: list[tuple[int, Entity, bool]] = []  # (position, entity, is a subject)
        self.event_starts: list[int] = []
        self.org_mentions: list[tuple[int, str, str]] = []  # (pos, actor or OTHER, name), in text order
        self.actor_counts: dict[str, int] = {}
        self._scan(skip)

    def release(self) -> None:
        """Unlink each entity from its mentions (which point back at it) once the article is read:
        its objects then go as soon as the extraction returns, rather than wait for the cyclic
        garbage collector (whose passes grow with everything else a process holds)."""
        for e in self.entities:
            e.mentions.clear()
            e.pending.clear()

    # --- reading the names ------------------------------------------------------------------

    def _scan(self, skip: list[tuple[int, int]]) -> None:
        """Every capitalised run outside the quotations: bodies counted, people registered."""
        text = self.text
        get = self.runs.get
        findall = CAP_RUN.findall
        pos = 0
        for a, b in [*skip, (len(text), len(text))]:
            if a > pos:
                # findall gives the runs without a match object each; most name nobody, and only the
                # others are located again (in order, at word boundaries)
                cursor = pos
                for run in findall(text, pos, a):
                    items = get(run)
                    if items is None:
                        items = self.classify_run(run)
                    if not items:
                        continue  # "The", "We", "In": most runs name nobody
                    s = text.find(run, cursor, a)
                    while s > 0 and (text[s - 1].isalnum() or (s + len(run) < len(text)
                                                                and text[s + len(run)].isalnum())):
                        s = text.find(run, s + 1, a)
                    if s < 0:
                        continue
                    cursor = s + len(run)
                    if items[0][0] == "phrase":
                        self._phrase_alias(s, run)
                        items = items[1:]
                    for kind, ts, te, payload in items:
                        ps, pe = s + ts, s + te
                        if kind == "person":
                            self._add_mention(ps, pe)
                        elif payload is not None:  # an actor or another body
                            self.org_mentions.append((ps, payload, text[ps:pe]))
                            if kind == "actor":
                                self.actor_counts[payload] = self.actor_counts.get(payload, 0) + 1
                            self._unnamed_near(ps, pe, payload)
            pos = max(pos, b)
        for start, end, actor in self.r.lowercase_alias_mentions(text, skip, self.cyrillic):
            self.org_mentions.append((start, actor, text[start:end]))
            self.actor_counts[actor] = self.actor_counts.get(actor, 0) + 1
        if len(self.org_mentions) > 1:
            self.org_mentions.sort()
        self.local: dict[str, str] = {}
        if self.actor_counts and _UNIT_HINT.search(text) is not None:
            self._local_units(text)

    def _local_units(self, text: str) -> None:
        """"NASA's Langley Research Center", "NASA Glenn Research Center (GRC)": a unit an actor's
        name introduces lends the actor its short name and its acronym for the rest of the article
        ("Langley engineer ...", "Acting Director of GRC", "Armstrong's university affairs officer")."""
        for m in _UNIT.finditer(text):
            lead = text[max(0, m.start() - 12):m.start()]
            found = [o.actor for o in self.r.orgs_in(lead + m.group(1)) if o.kind == "actor"]
            if not found or found[0] is None:
                continue
            actor = found[0]
            for word in m.group(1).split():
                word = word.rstrip("'’s") if word.endswith(("'s", "’s")) else word
                if word not in NOT_NAMES and self.r.actor_of_alias(word) is None and not org_word(word):
                    self.local.setdefault(word, actor)
                    break
            if m.group(3):
                self.local.setdefault(m.group(3), actor)

    def local_actor(self, phrase: str) -> str | None:
        """The actor an article-local short name in the phrase stands for ("Goddard", "GRC")."""
        if not self.local:
            return None
        for w in _LOCAL_WORD.findall(phrase):
            hit = self.local.get(w)
            if hit is not None:
                return hit
        return None

    def _phrase_alias(self, s: int, run: str) -> None:
        """"the Russian space agency": an alias whose words go on in lowercase after the run."""
        last = run.rsplit(None, 1)[-1]
        pos = s + len(run) - len(last)
        if len(last) > 2 and last[1] in "'’" and last[0] in "lLdD":
            last, pos = last[2:], pos + 2  # L'Agence spatiale européenne
        hit = self.r.phrase_alias_at(self.text, pos, last)
        if hit is not None:
            end, actor = hit
            self.org_mentions.append((pos, actor, self.text[pos:end]))
            self.actor_counts[actor] = self.actor_counts.get(actor, 0) + 1

    def actors_named_in(self, text: str) -> set[str]:
        """The configured actors a short text (a headline) names."""
        out = set()
        get = self.runs.get
        for run in CAP_RUN.findall(text):
            items = get(run)
            if items is None:
                items = self.classify_run(run)
            for kind, _s, _e, payload in items:
                if kind == "actor" and payload is not None:
                    out.add(payload)
        return out

    def classify_run(self, run: str) -> list[tuple[str, int, int, str | None]]:
        """Split a run of capitalised words into bodies and people (cached per run). A leading
        ("phrase", ...) item says the run's last word may open a longer alias ("Russian space agency")."""
        hit = self.runs.get(run)
        if hit is not None:
            return hit
        out: list[tuple[str, int, int, str | None]] = []
        last = run[run.rfind(" ") + 1:].casefold().replace("’", "'")
        if last in self.r._phrase_aliases or (len(last) > 2 and last[1] in "'’"
                                               and last[2:] in self.r._phrase_aliases):
            out.append(("phrase", 0, 0, None))
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(run)]
        i = 0
        n = len(words)
        name_start = None
        r = self.r
        while i < n:
            matched = False
            for length in range(min(5, n - i), 0, -1):
                actor = r.actor_of_alias(run[words[i][0]:words[i + length - 1][1]])
                if actor is not None:
                    if name_start is not None:
                        out.append(("person", words[name_start][0], words[i - 1][1], None))
                        name_start = None
                    out.append(("actor" if actor != OTHER else "body", words[i][0], words[i + length - 1][1],
                                actor))
                    i += length
                    matched = True
                    break
            if matched:
                continue
            w = words[i][2]
            base = w[:-2] if w.endswith(("’s", "'s")) else w
            if self._name_word(base):
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
        self.runs[run] = out
        return out

    def _name_word(self, base: str) -> bool:
        return (base not in NOT_NAMES and role_of(base.lower()) is None and not org_word(base)
                and base[:2] not in _FRENCH_ARTICLE
                and not any(c.isdigit() for c in base)
                and not (base.isupper() and len(base.rstrip(".")) > 1 and not self.r.knows_surname(base)))

    def has_name(self, t: Tok) -> bool:
        """Is this token part of a person's name?"""
        w = t.word
        hit = self.names.get(w)
        if hit is None:
            hit = self.names[w] = self._has_name(t)
        return hit

    def name_word(self, word: str) -> bool:
        """has_name for a bare word (no tokenizing)."""
        hit = self.names.get(word)
        if hit is None:
            low = word.lower()
            hit = self.names[word] = self._has_name(Tok(0, len(word), word, low, low))
        return hit

    def _has_name(self, t: Tok) -> bool:
        if not is_cap(t):
            return False
        w = t.word
        base = w[:-2] if w.endswith(("’s", "'s")) else w
        if base in NOT_NAMES or role_of(t.low) is not None or org_word(base):
            return False
        if base[-1] == "." and base[:-1] in NOT_NAMES:
            return False  # "Mr.", "Dr.", "Sen.": an honorific before the name, not part of it
        if w[:2] in _FRENCH_ARTICLE:
            return False  # "chargé de l'Espace", "l'Europe": French names take no article
        if self.r.actor_of_alias(base) is not None:
            return False
        if any(c.isdigit() for c in base):
            return False
        if base.isupper() and len(base.rstrip(".")) > 1 and not self.r.knows_surname(base):
            # acronyms and datelines (NASA, MOSCOW); a transcript label is read as a label
            return False
        return True

    def _add_mention(self, s: int, e: int) -> None:
        text = self.text
        written = text[s:e]
        possessive = written.endswith(("’s", "'s"))
        if possessive:
            written = written[:-2]
            e -= 2
        if text.endswith(_ORG_LINK_ENDS, max(0, s - 5), s) and _ORG_CONTINUES.search(text, max(0, s - 80), s):
            return  # "the Centre for Orbital Policy": part of a body's name
        facts = self.facts.get(written)
        known, key = facts if facts is not None else self._name_facts(written)
        if known is None:
            established = bool(self.by_key.get(key))
            words = written.split()
            if len(words) == 1:
                # a lone unknown capitalised word is a person only where a title or apposition says so
                if not established and not self._person_context(s, e):
                    return
            else:
                first = ru_nominative(words[0]) if self.cyrillic and has_cyrillic(words[0]) else words[0]
                if first not in FIRST_NAMES and not established and not self._person_context(s, e):
                    return
        ent = self.person_entity(written, s, known, key)
        m = Mention(s, e, ent, possessive)
        if not ent.starts or s > ent.starts[-1]:
            ent.starts.append(s)  # the scan goes in text order: the usual case of add_mention
            ent.mentions.append(m)
            ent.pending.append(m)
        else:
            ent.add_mention(m)
        self.mentions.append(m)
        self.mention_starts.append(s)

    def _name_facts(self, written: str) -> tuple[KnownPerson | None, str]:
        hit = self.facts.get(written)
        if hit is None:
            hit = self.facts[written] = (self.r.person(written), self.key(written))
        return hit

    def _unnamed_near(self, s: int, e: int, actor: str) -> None:
        """"A NASA official said ...", "Un responsable de la NASA": an unnamed speaker for a body,
        remembered so that "the official" later points back to it."""
        text = self.text
        m = _UNNAMED_AFTER.match(text, e, min(len(text), e + 40)) \
            if text[e:e + 12].lower().startswith(_UNNAMED_NEXT) else None
        role = None
        start = s
        if m is not None:
            b = _INDEF_BEFORE.search(text, max(0, s - 30), s)
            if b is not None:
                role, start = m.group(1).lower(), b.start()
                _word, punct = self.prev_word(start)
                if punct.endswith(",") and self.mentions and \
                        text[self.mentions[-1].end:start].strip(" ,’'s\u00a0") == "":
                    return  # "Sarah Gillis, a SpaceX engineer": an apposition, not an unnamed speaker
        elif text.endswith(_UNNAMED_LINKS, max(0, s - 6), s):
            word, _p = self.prev_word(s)
            if word.lower() in ("of", "at", "from", "with", "for", "de", "du", "la", "l'", "des", "the"):
                b = _UNNAMED_BEFORE.search(text, max(0, s - 60), s)
                if b is not None:
                    role, start = b.group(1).lower(), b.start()
        if role is None:
            return
        ent = Entity(name=None, kind="unnamed", tie=actor, roles={role_of(role) or role}, first_pos=start)
        self.entities.append(ent)
        self.event(start, ent, self._subject_position(start, []))

    def event(self, pos: int, ent: Entity, subject: bool) -> None:
        """Something happened to an entity at pos: it spoke, or an unnamed official was introduced."""
        if subject and pos not in ent.subjects[-3:]:
            bisect.insort(ent.subjects, pos)
        if not self.event_starts or pos >= self.event_starts[-1]:
            self.event_starts.append(pos)
            self.events.append((pos, ent, subject))
        else:
            i = bisect.bisect_right(self.event_starts, pos)
            self.event_starts.insert(i, pos)
            self.events.insert(i, (pos, ent, subject))

    def spoke(self, ent: Entity, pos: int) -> None:
        """A speaker is the subject the next sentences' pronouns point back to."""
        ent.spoke += 1
        if ent.kind != "body":
            self.event(pos, ent, True)

    def _recent(self, pos: int, limit: int = 60):
        """(position, entity, mention or None, subject) going back from pos: at most `limit` steps."""
        i = bisect.bisect_left(self.mention_starts, pos) - 1
        j = bisect.bisect_left(self.event_starts, pos) - 1
        for _ in range(limit):
            if i < 0 and j < 0:
                return
            if j < 0 or (i >= 0 and self.mention_starts[i] > self.event_starts[j]):
                m = self.mentions[i]
                i -= 1
                yield m.start, m.entity, m, None
            else:
                p, ent, subject = self.events[j]
                j -= 1
                yield p, ent, None, subject

    # --- entities -------------------------------------------------------------------------

    @staticmethod
    def key(name: str) -> str:
        last = name.replace("’s", "").replace("'s", "").split()[-1]
        return fold(ru_nominative(last, feminine_ok=True) if has_cyrillic(last) else last)

    def person_entity(self, written: str, pos: int, known: KnownPerson | None = None,
                      key: str | None = None) -> Entity:
        """The entity for a person named `written` at `pos` ("Yuri Borissov", "Borissov", "Сергеем Шойгу")."""
        if " " in written:
            hit = self.by_written.get(written)
            if hit is not None:
                return hit
        words = written.split()
        if key is None:
            known, key = self._name_facts(written)
        bucket = self.by_key.get(key, [])
        if len(words) == 1:
            if len(bucket) == 1:
                return bucket[0]
            if bucket:
                before = [e for e in bucket[-8:] if e.first_pos <= pos] or bucket[-8:]
                return max(before, key=lambda e: self._last_mention(e, pos))
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
                    self.by_written[written] = e
                    return e
        if known is not None:
            same = self.by_known.get(known.name)
            if same is not None:
                self.by_key.setdefault(key, []).append(same)
                return same
        name = known.name if known is not None else self._canonical(written)
        e = Entity(name=name, kind="person", known=known, first_pos=pos)
        self.entities.append(e)
        self.by_key.setdefault(key, []).append(e)
        if known is not None:
            self.by_known[known.name] = e
        if len(words) > 1:
            self.by_written[written] = e
        return e

    @staticmethod
    def _last_mention(e: Entity, pos: int) -> int:
        i = bisect.bisect_left(e.starts, pos)
        j = bisect.bisect_left(e.subjects, pos)
        return max(e.starts[i - 1] if i else -1, e.subjects[j - 1] if j else -1,
                   e.first_pos if e.first_pos < pos else -1)

    def _canonical(self, written: str) -> str:
        # (a name with Cyrillic letters comes from a text with them: the cache may span articles)
        hit = self.canonical_names.get(written)
        if hit is None:
            hit = self.canonical_names[written] = self._canonical_of(written)
        return hit

    def _canonical_of(self, written: str) -> str:
        words = [w[:-2] if w.endswith(("’s", "'s")) else w for w in written.split()]
        if self.cyrillic and has_cyrillic(written):
            words = [ru_nominative(w, feminine_ok=(i == len(words) - 1)) for i, w in enumerate(words)]
            return latin_name(" ".join(words))
        if all(w.isupper() and len(w) > 2 for w in words):
            words = [w.capitalize() for w in words]
        return " ".join(words)

    def analyze(self, m: Mention) -> None:
        """Read the words around one mention: its title, its apposition, whether it is a subject."""
        if m.analyzed:
            return
        m.analyzed = True
        pre, location = self._title_before(m.start)
        m.pre_start = pre[0].start if pre else m.start
        app = [] if m.possessive else self._apposition_after(m.end)
        if pre or app:
            actor, former, roles, _ref, role_text = self.describe([pre, *app], m.start, location)
            self.tie(m.entity, actor, former, roles, role_text, m.start)

    def is_subject(self, m: Mention) -> bool:
        """Is this mention its clause's subject (worked out when a pronoun or a description asks)?"""
        if m.subject is None:
            self.analyze(m)
            m.subject = not m.possessive and self._subject_position(m.pre_start, [], m.end)
        return m.subject

    def actor_of(self, ent: Entity) -> str | None:
        """The actor of an entity once every mention of it has been read."""
        while ent.pending:
            self.analyze(ent.pending.pop())
        return ent.actor if ent.kind == "person" else ent.tie

    @staticmethod
    def tie(ent: Entity, actor: str | None, former: str | None, roles: set[str], role_text: str | None,
            pos: int) -> None:
        if actor is not None and (ent.tie is None or pos < ent.tie_pos):
            ent.tie, ent.tie_pos = actor, pos  # the article's first tie counts
        if former is not None and ent.former_tie is None:
            ent.former_tie = former
        if roles:
            ent.roles |= roles
            if roles & INTERNAL_ROLES:
                ent.internal_role = True
            if role_text and ent.role_text is None:
                ent.role_text = role_text

    def subject_before(self, ent: Entity, pos: int) -> int:
        """The last place before `pos` where the entity is a clause's subject (-1: none)."""
        i = bisect.bisect_left(ent.subjects, pos)
        best = ent.subjects[i - 1] if i else -1
        k = bisect.bisect_left(ent.starts, pos) - 1
        for _ in range(50):  # the recent mentions are the ones that count
            if k < 0 or ent.starts[k] <= best:
                break
            m = ent.mentions[k]
            if self.is_subject(m):
                return m.start
            k -= 1
        return best

    # --- the tie an apposition or a title makes ----------------------------------------------

    def describe(self, parts: list[list[Tok]], pos: int, location: str | None = None
                 ) -> tuple[str | None, str | None, set[str], str | None, str | None]:
        """(actor, former actor, roles, bare reference kind, role text) of descriptive phrases."""
        text = self.text
        return self._describe([(text[t[0].start:t[-1].end], t) for t in parts if t], pos, location)

    def describe_phrases(self, phrases: list[str], pos: int
                         ) -> tuple[str | None, str | None, set[str], str | None, str | None]:
        """describe() for phrases given as text (each tokenized only the first time it is seen)."""
        return self._describe([(p, None) for p in phrases], pos, None)

    def _describe(self, items: list[tuple[str, list[Tok] | None]], pos: int, location: str | None
                  ) -> tuple[str | None, str | None, set[str], str | None, str | None]:
        actor = former = ref = None
        roles: set[str] = set()
        role_text = None
        for phrase, toks in items:
            facts = self.part_facts.get(phrase)
            if facts is None:
                if toks is None:
                    toks = tokens(phrase, 0, len(phrase))
                facts = self.part_facts[phrase] = (frozenset(roles_in(toks)), is_former(phrase))
            rs, was = facts
            if rs:
                roles |= rs
                if role_text is None:
                    role_text = phrase
            found, r = self.phrase_actor(phrase, pos)
            if found is None or found == OTHER or found not in self.r.kinds:
                found = self.local_actor(phrase) or found
            if was:
                if found is not None and former is None:
                    former = found
                continue
            if found is not None and (actor is None or (found in self.r.kinds and _is_unit(actor))):
                # a configured actor later in the description beats the name of a unit it has
                # ("director, Planetary Science Division, at NASA Headquarters")
                actor = found
            if r is not None and ref is None:
                ref = r
        if actor is None and location:
            found, _ = self.phrase_actor(location, pos)
            if found is not None and roles:
                actor = found
        return actor, former, roles, ref, role_text

    def phrase_actor(self, phrase: str, pos: int) -> tuple[str | None, str | None]:
        """The actor a phrase names and, for "the agency", which kind of body it points back to."""
        found, ref = self._phrase_facts(phrase)
        if found is None and ref is not None:
            return self.resolve_ref(ref, pos), ref
        return found, ref

    def _phrase_facts(self, phrase: str) -> tuple[str | None, str | None]:
        """(the actor the phrase itself names, the kind of body a bare reference in it means)."""
        hit = self.phrases.get(phrase)
        if hit is None:
            orgs = self.r.orgs_in(phrase)
            tie = self.r.role_tie(phrase)
            first_actor = next((o for o in orgs if o.kind == "actor"), None)
            first_other = next((o for o in orgs if o.kind in ("body", "generic")), None)
            ref = next((o.ref for o in orgs if o.kind == "ref"), None)
            if first_actor is not None and (first_other is None or first_actor.start <= first_other.start
                                            or tie is None):
                found = first_actor.actor
            elif tie is not None and (tie != OTHER or first_other is None):
                found = tie
            elif first_other is not None:
                found = body_name(first_other)  # the body's own name: "Planetary Society", "Boeing"
            else:
                found = self._role_of_body(phrase)
            hit = self.phrases[phrase] = (found, ref)
        return hit

    @staticmethod
    def _role_of_body(phrase: str) -> str | None:
        """"founder and CEO of RoboStore", "engineer at Starpath Robotics": a title tied by a
        preposition to a capitalised name that is no place nor person is that body's."""
        for m in _ROLE_OF_BODY.finditer(phrase):
            if not is_role_word(m.group(1).lower()):
                continue
            words = m.group(2).split()
            while words and words[-1].lower() in ("of", "for", "and", "&"):
                words.pop()
            name = " ".join(words)
            if name.endswith(("'s", "’s")):
                name = name[:-2]
            if words and not all(w.strip("'’s") in NOT_NAMES for w in words) and words[0] not in FIRST_NAMES:
                return name
        return None

    def fixed_body(self, toks: list[Tok]) -> str | None:
        """The actor of a plain phrase (no description before it, no apposition) that names a body
        by itself, as resolve_np reads it in any article: "NASA", "the European Space Agency".
        None where the reading depends on the article: a pronoun, a person's name, a role ("a
        NASA official"), a bare reference ("the agency"), a former tie."""
        if len(toks) == 1 and is_pronoun(toks[0]):
            return None
        text = self.text
        hs, he = toks[0].start, toks[-1].end
        masked = [(hs + a, hs + b) for a, b in self._org_spans(text[hs:he])]
        head = [t for t in toks if not any(a <= t.start < b for a, b in masked)] if masked else toks
        if self._name_in(head) is not None:
            return None
        phrase = text[hs:he]
        facts = self.part_facts.get(phrase)
        if facts is None:
            facts = self.part_facts[phrase] = (frozenset(roles_in(toks)), is_former(phrase))
        if facts[0] or facts[1]:
            return None
        return self._phrase_facts(phrase)[0]

    def resolve_ref(self, ref: str, pos: int) -> str | None:
        """"the agency", "the company": the body of that kind named most recently before `pos`; in
        an actor's own feed, "the agency" is always that actor."""
        if self.feed_actor and ref in self.r.actor_kinds(self.feed_actor):
            return self.feed_actor
        k = bisect.bisect_left(self.org_mentions, (pos,)) - 1
        for _p, actor, _name in self.org_mentions[max(0, k - 200):k + 1][::-1]:
            kinds = self.r.actor_kinds(actor) if actor in self.r.kinds else ("company",)
            if ref in kinds or (ref == "corporation" and "company" in kinds):
                return actor
        if ref == "agency" and self.feed_actor and "agency" in self.r.actor_kinds(self.feed_actor):
            return self.feed_actor
        return None

    # --- the words around a name ---------------------------------------------------------------

    def prev_word(self, s: int) -> tuple[str, str]:
        """(the word before position s, the punctuation between it and s) — cheap, no tokenizing."""
        text = self.text
        j = s
        while j > 0 and text[j - 1] in _SPACES:
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

    def prev_word_or_title(self, s: int) -> tuple[str, str]:
        """prev_word, reading an abbreviated title's period as part of the word ("Sen. Sherrod
        Brown", "Director Dr. Henry McDonald"): it ends no sentence."""
        word, punct = self.prev_word(s)
        if punct == ".":
            text = self.text
            p = s - 1
            while p > 0 and text[p] in _SPACES:
                p -= 1
            if not real_boundary(text, p):
                b = p
                while b > 0 and not text[b - 1].isspace():
                    b -= 1
                return text[b:p + 1], ""
        return word, punct

    def _person_context(self, s: int, e: int) -> bool:
        """Is the unknown capitalised word at text[s:e] a person? Yes next to a title, an
        apposition or a speech verb."""
        text = self.text
        m = _PERSON_APPOSITION.match(text, e, min(len(text), e + 60))
        if m is not None and (m.group(1) is None or role_of(m.group(1).lower()) is not None):
            return True
        if m is not None:  # ", Acting Director of GRC", ", senior research engineer ..."
            words = text[m.start(1):min(len(text), m.start(1) + 40)].split()[:3]
            if any(role_of(w.lower().strip(",.;:")) is not None for w in words):
                return True
        m = _NEXT_WORD.match(text, e, min(len(text), e + 40))
        if m is not None and m.group(1).lower() in ALL_SPEECH_VERBS:
            return True
        if _PARTY_AFTER.match(text, e, min(len(text), e + 20)) is not None:
            return True  # "Sherrod Brown (D-OH)"
        word, punct = self.prev_word_or_title(s)
        if punct or not word:
            return False
        low = word.lower()
        if role_of(low) is not None:
            return True
        return low in ALL_SPEECH_VERBS and not is_addressee_verb(low)

    def _title_before(self, s: int) -> tuple[list[Tok], str | None]:
        """The descriptive words just before a name ("Roscosmos head", "the head of X,") and a
        location phrase opening the clause ("At the Pentagon,")."""
        text = self.text
        word, punct = self.prev_word_or_title(s)
        if punct and punct != ",":
            return [], None
        if not punct:
            low = word.lower()
            if not word or (not word[:1].isupper() and role_of(low) is None and low not in NP_FILLERS
                            and not ("\u0400" <= low[:1] <= "\u04ff")):
                return [], None  # "said Robyn Gatens", "with Putin": no title
        lo = max(0, s - 120)
        cut = max(text.rfind(c, lo, s) for c in _HARD_STOPS)
        while cut > lo and text[cut] == "." and not real_boundary(text, cut):
            # "Director Dr. Henry McDonald": an abbreviation's period ends no clause
            cut = max(text.rfind(c, lo, cut) for c in _HARD_STOPS)
        toks = tokens(text, max(lo, cut + 1), s)
        if not toks:
            return [], None
        j = len(toks) - 1
        pre: list[Tok] = []
        if toks[j].word == ",":
            # "the head of the Russian agency Roscosmos, Yuri Borissov" / "la directrice des vols
            # habités de l'agence, Sophie Adenot": the whole phrase since the previous comma
            k = j - 1
            chunk: list[Tok] = []
            while k >= 0 and toks[k].word not in ",;:()—–" and len(chunk) < 16:
                chunk.insert(0, toks[k])
                k -= 1
            while chunk and chunk[0].base not in _DETERMINERS and len(chunk) > 1:
                chunk = chunk[1:]  # "Interrogée par l'AFP, la directrice ..." keeps the description
            if chunk and chunk[0].base in _DETERMINERS and roles_in(chunk):
                pre = chunk
        else:
            k = j
            ws = toks[0].start
            # words of a body's name are no one's name: "Marshall Space Flight Center Director"
            bodies = [(ws + a, ws + b) for a, b in self._org_spans(text[ws:s])] if toks[j].word[:1].isupper() else []
            while k >= 0 and np_ish(toks[k]) and len(pre) < 12 and toks[k].low not in _PRE_STOP \
                    and (not self.has_name(toks[k]) or any(a <= toks[k].start < b for a, b in bodies)):
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
            if chunk and chunk[0].low in _LOCATION_LEADS:
                location = text[chunk[0].start:chunk[-1].end]
        return pre, location

    def _apposition_after(self, e: int) -> list[list[Tok]]:
        text = self.text
        if not _APPOSITION_NEXT.match(text, e, min(len(text), e + 40)):
            return []
        stop = text.find(". ", e, e + 300)
        toks = tokens(text, e, stop if stop > 0 else min(len(text), e + 300))
        out: list[list[Tok]] = []
        i = 0
        while i < len(toks) and toks[i].word in ",(" and len(out) < 2:
            chunk: list[Tok] = []
            i += 1
            while i < len(toks) and toks[i].word not in ",;:()—–" and len(chunk) < 40:
                chunk.append(toks[i])
                i += 1
            if not chunk or any(x.low in ALL_SPEECH_VERBS for x in chunk):
                break  # "..., the Kremlin said": a clause, not an apposition
            t = chunk[0]
            if t.low in _OPENERS or t.word[:1].isdigit() or role_of(t.low) or (is_cap(t) and roles_in(chunk[:5])) \
                    or is_party_tag(t.word):
                if t.word[:1].isdigit() and len(chunk) == 1:
                    continue  # an age: "Borisov, 65, held ..."
                out.append(chunk)
                continue
            break
        return out

    def _subject_position(self, s: int, pre: list[Tok], end: int = -1) -> bool:
        """Is the name at s the subject of its clause (not the object of "with", "told", "replaced")?"""
        start = pre[0].start if pre else s
        word, punct = self.prev_word(start)
        if punct or not word:
            return True
        low = word.lower()
        if low in _SUBJECT_BEFORE:
            return True
        if low in ALL_SPEECH_VERBS and not is_addressee_verb(low):
            return True  # said Robyn Gatens
        if end >= 0 and low not in _OBJECT_BEFORE:
            # "Her crewmate Butch Wilmore followed": a verb right after the name makes it the subject
            m = _NEXT_WORD.match(self.text, end, min(len(self.text), end + 30))
            if m is not None:
                nxt = m.group(1)
                return nxt.islower() and (nxt in _AUXILIARIES or nxt in ALL_SPEECH_VERBS
                                          or (nxt.endswith("ed") and len(nxt) > 4))
        return False

    def location_of(self, start: int, end: int) -> str | None:
        """"At the Pentagon, ..." opening a sentence: the place phrase before its first comma."""
        head = self.text[start:min(end, start + 60)]
        comma = head.find(",")
        if comma < 0:
            return None
        lead = head[:comma].split(" ", 1)[0].lower()
        return head[:comma] if lead in _LOCATION_LEADS else None

    # --- speakers -----------------------------------------------------------------------------

    def valid_np(self, np: NounPhrase) -> bool:
        """Does a phrase name a possible speaker: a person, a pronoun, a role or a body?"""
        toks = np.head
        if len(toks) == 1 and is_pronoun(toks[0]):
            return True
        for t in np.all_tokens():
            if self.has_name(t) or role_of(t.low) is not None:
                return True
        phrase = self.text[np.start:np.end]
        hit = self.valid.get(phrase)
        if hit is None:
            hit = self.valid[phrase] = bool(self.r.orgs_in(phrase)) or self.r.role_tie(phrase) is not None
        return hit

    def resolve_np(self, np: NounPhrase | None, pos: int, paragraph_start: int, location: str | None = None,
                   pronoun: str | None = None) -> Resolved | None:
        """Who a speaker phrase names, with the actor they speak for, as of position `pos`."""
        text = self.text
        if pronoun is not None or np is None:
            return self.resolve_pronoun(pronoun, pos, pronoun) if pronoun else None
        head = np.head
        as_written = np.as_written(text)
        if len(head) == 1 and is_pronoun(head[0]):
            return self.resolve_pronoun(head[0].low, pos, head[0].word)
        hs, he = head[0].start, head[-1].end
        masked = [(hs + a, hs + b) for a, b in self._org_spans(text[hs:he])]
        if self.local:
            head = [t for t in head if t.word.rstrip("'’s") not in self.local and t.base not in self.local]
        if len(masked) == 1:  # (the usual case: one body's name, no generator per word)
            a, b = masked[0]
            head = [t for t in head if not a <= t.start < b]
        elif masked:
            head = [t for t in head if not any(a <= t.start < b for a, b in masked)]
        # a named person: the last run of name words in the head, else in an apposition
        name_span = self._name_in(head)
        rest = [t for t in np.head if name_span is None or not (name_span[0] <= t.start < name_span[1])]
        parts_for_tie = [np.pre, rest, *np.appositions]
        if name_span is None:
            for app in np.appositions:
                name_span = self._name_in(app)
                if name_span is not None:
                    parts_for_tie = [np.pre, np.head, *[a for a in np.appositions if a is not app]]
                    break
        if name_span is not None:
            written = text[name_span[0]:name_span[1]]
            ent = self.person_entity(written, name_span[0])
            m = ent.mention_at(name_span[0])
            if m is None:
                ent.add_mention(Mention(name_span[0], name_span[1], ent, False, True, True))
            else:
                m.analyzed = m.subject = True  # this phrase is the mention, read in full
            actor, former, roles, _ref, role_text = self.describe(parts_for_tie, pos, location)
            self.tie(ent, actor, former, roles, role_text, name_span[0])
            return Resolved(ent.name, as_written, ent.actor, ent)
        toks = np.all_tokens()
        actor, former, roles, ref, _role_text = self.describe([toks], pos, location)
        first = head[0].base if head else np.head[0].base
        indefinite = first in DETERMINERS_INDEF
        if roles:
            if indefinite:
                ent = Entity(name=None, kind="unnamed", tie=actor, roles=set(roles), first_pos=pos)
                self.entities.append(ent)
                self.event(pos, ent, False)
                return Resolved(None, as_written, actor, ent)
            found = self.match_description(roles, actor, pos, paragraph_start, definite=first in DETERMINERS_DEF)
            if found is not None:
                if found.kind == "person" and actor is not None and found.tie is None and found.actor is None:
                    found.tie = actor
                return Resolved(found.name, as_written, found.actor if found.kind == "person" else found.tie or actor,
                                found)
            unresolved = (frozenset(roles), actor) if not (roles <= UNNAMED_ROLES) else None
            ent = Entity(name=None, kind="unnamed", tie=actor, roles=set(roles), first_pos=pos)
            self.entities.append(ent)
            self.event(pos, ent, False)
            return Resolved(None, as_written, actor, ent, unresolved)
        if actor is not None or ref is not None:
            ent = Entity(name=None, kind="body", tie=actor, first_pos=pos)
            return Resolved(None, as_written, actor, ent)
        # a lone capitalised word nobody introduced: a surname
        caps = [t for t in head if self.has_name(t)]
        if caps:
            written = text[caps[0].start:caps[-1].end]
            ent = self.person_entity(written, caps[0].start)
            return Resolved(ent.name, as_written, ent.actor, ent)
        return None

    def _org_spans(self, phrase: str) -> list[tuple[int, int]]:
        hit = self.org_spans.get(phrase)
        if hit is None:
            hit = self.org_spans[phrase] = [(o.start, o.end) for o in self.r.orgs_in(phrase) if o.kind != "ref"]
        return hit

    def _name_in(self, toks: list[Tok]) -> tuple[int, int] | None:
        best = None
        i = 0
        n = len(toks)
        while i < n:
            if self.has_name(toks[i]):
                j = i
                while j + 1 < n:
                    if self.has_name(toks[j + 1]):
                        j += 1
                        continue
                    # "van der": particles inside a name, followed by its capitalised part
                    k = j + 1
                    while k < n and k - j <= 2 and toks[k].low in _PARTICLES:
                        k += 1
                    if k > j + 1 and k < n and self.has_name(toks[k]):
                        j = k
                        continue
                    break
                cand = (toks[i].start, toks[j].end)
                if self.text[cand[0]:cand[1]].endswith(("’s", "'s")):
                    cand = (cand[0], cand[1] - 2)
                best = cand
                if j + 1 < n and toks[j + 1].low in _AFFILIATION_LINKS:
                    return best  # "Prof. Rajan Mehta of Purdue's School of ...": what follows is where
                i = j + 1
            else:
                i += 1
        return best

    def resolve_pronoun(self, pronoun: str, pos: int, written: str) -> Resolved | None:
        """he / she / он / il: the last person (or unnamed official) who was a clause's subject;
        it / they (or elle for l'agence, with nobody named): the body named last, close by."""
        gender = PRONOUNS.get(pronoun.lower())
        if gender in ("p", "n"):
            return self._body_before(pos, written)
        fallback = None
        for _p, ent, m, subject in self._recent(pos):
            if ent.kind == "body":
                continue
            if m is not None:
                subject = self.is_subject(m)
                if fallback is None and ent.kind == "person":
                    fallback = ent
            if subject:
                return Resolved(ent.name, written, ent.actor if ent.kind == "person" else ent.tie, ent)
        if fallback is None:
            return self._body_before(pos, written)
        # nobody was a subject yet: the last person named before the pronoun
        return Resolved(fallback.name, written, fallback.actor, fallback)

    def _body_before(self, pos: int, written: str) -> Resolved | None:
        """The body named last within a short distance before pos: "The agency said ... it said"."""
        k = bisect.bisect_left(self.org_mentions, (pos,)) - 1
        if k < 0 or pos - self.org_mentions[k][0] > 600:
            return None
        actor = self.org_mentions[k][1]
        return Resolved(None, written, actor, Entity(name=None, kind="body", tie=actor, first_pos=pos))

    def match_description(self, roles: set[str], actor: str | None, pos: int, paragraph_start: int,
                          definite: bool) -> Entity | None:
        """"the head of Roscosmos", "the spokesman", "the scientist": the entity the article means."""
        recent: dict[int, tuple[Entity, int, int]] = {}  # id -> (entity, last seen, last as subject)
        for p, ent, m, subject in self._recent(pos, 120):
            if m is not None:
                subject = self.is_subject(m)
            seen = recent.get(id(ent))
            if seen is None:
                recent[id(ent)] = (ent, p, p if subject else -1)
                self.actor_of(ent)  # every title and apposition gives roles
            elif subject and seen[2] < 0:
                recent[id(ent)] = (ent, seen[1], p)
        if roles <= UNNAMED_ROLES:
            for ent, _seen, _subj in recent.values():  # most recent first
                if ent.roles & roles and (actor is None or ent.actor in (actor, None)):
                    return ent
            if actor is not None and not definite:
                # "представитель Кремля": the Kremlin person the article already quotes
                for ent, _seen, subj in recent.values():
                    if ent.kind == "person" and ent.actor == actor and subj >= 0:
                        return ent
            if definite:
                # "The agency's chief, Dmitry Bakanov, visited ... The 49-year-old official told ..."
                for ent, _seen, subj in recent.values():
                    if ent.kind == "person" and subj >= paragraph_start \
                            and (actor is None or ent.actor in (actor, None)):
                        return ent
            return None
        persons = [(ent, seen, subj) for ent, seen, subj in recent.values() if ent.kind == "person"]
        # someone named as a subject earlier in the same paragraph
        for ent, _seen, subj in persons:
            if subj >= paragraph_start and (actor is None or ent.actor in (actor, None)):
                return ent
        best, best_score = None, 0
        for ent, _seen, _subj in persons:
            score = (2 if ent.roles & roles else 0)
            if actor is not None and ent.actor == actor:
                score += 2
            elif actor is not None and ent.actor is not None:
                continue
            if score > best_score:
                best, best_score = ent, score
        if best is not None:
            return best
        if actor is None:
            for ent, _seen, subj in persons:
                if subj >= 0:
                    return ent
        return None
