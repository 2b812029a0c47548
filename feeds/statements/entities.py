"""The cast of one article: the people, unnamed officials and bodies it names (Entity), each place
a person is named (Mention), who a speaker phrase turned out to be (Resolved), and the registry
that tells whether two spellings name the same person (Cast)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .actors import OTHER, ActorResolver, KnownPerson, is_former, latin_name
from .lexicon import FIRST_NAMES, INTERNAL_ROLES
from .translit import fold, has_cyrillic, ru_first_name_forms, ru_nominative


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
                 "role_text", "mentions", "starts", "pending", "subjects", "spoke", "gender")

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
        self.gender: str | None = None  # "m" or "f", once a he/she pronoun has pointed to them

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


def record_tie(ent: Entity, actor: str | None, former: str | None, roles: set[str], role_text: str | None,
               pos: int) -> None:
    """What a title or an apposition at `pos` says about an entity: the actor it ties them to (the
    article's first tie counts), an actor they used to speak for, their roles."""
    if actor is not None and (ent.tie is None or pos < ent.tie_pos):
        ent.tie, ent.tie_pos = actor, pos  # the article's first tie counts
    if former is not None and ent.former_tie is None:
        ent.former_tie = former
    if roles:
        ent.roles |= roles
        if roles & INTERNAL_ROLES and not (role_text and is_former(role_text)):
            ent.internal_role = True  # (a job held once, "бывший инженер", makes no one an insider now)
        if role_text and ent.role_text is None:
            ent.role_text = role_text


def _family_first(words: list[str]) -> bool:
    """"YAMAKAWA Hiroshi": a family name in capitals before the given name (Japanese style)."""
    return len(words) == 2 and len(words[0]) > 2 and words[0].isalpha() and words[0].isupper() \
        and words[1].istitle()


def surname_key(name: str) -> str:
    """What every spelling of a person's surname folds to ("Borissov", "Борисова" -> one key)."""
    words = name.replace("’s", "").replace("'s", "").split()
    last = words[0] if _family_first(words) else words[-1]
    return fold(ru_nominative(last, feminine_ok=True) if has_cyrillic(last) else last)


def _first_compatible(a: str, b: str) -> bool:
    fa, fb = fold(a.rstrip(".")), fold(b.rstrip("."))
    if not fa or not fb:
        return True
    if len(a.rstrip(".")) == 1 or len(b.rstrip(".")) == 1:
        return fa[0] == fb[0]
    return fa == fb or fa.startswith(fb) or fb.startswith(fa)


class Cast:
    """The people and unnamed officials an article names: one entity per person however the article
    spells them."""

    def __init__(self, resolver: ActorResolver, cyrillic: bool) -> None:
        self.r = resolver
        self.cyrillic = cyrillic
        self.facts, self.canonical_names = resolver.caches(("name facts", "canonical names"))
        self.entities: list[Entity] = []
        self.by_key: dict[str, list[Entity]] = {}
        self.by_known: dict[str, Entity] = {}
        self.by_written: dict[str, Entity] = {}  # full names as written

    def release(self) -> None:
        """Unlink each entity from its mentions (which point back at it) once the article is read:
        its objects then go as soon as the extraction returns, rather than wait for the cyclic
        garbage collector (whose passes grow with everything else a process holds)."""
        for e in self.entities:
            e.mentions.clear()
            e.pending.clear()

    def name_facts(self, written: str) -> tuple[KnownPerson | None, str]:
        """(the known person a name as written is, its surname key), cached per process."""
        hit = self.facts.get(written)
        if hit is None:
            hit = self.facts[written] = (self.r.person(written), surname_key(written))
        return hit

    def person_entity(self, written: str, pos: int, known: KnownPerson | None = None,
                      key: str | None = None) -> Entity:
        """The entity for a person named `written` at `pos` ("Yuri Borissov", "Borissov", "Сергеем Шойгу")."""
        if " " in written:
            hit = self.by_written.get(written)
            if hit is not None:
                return hit
        words = written.split()
        if key is None:
            known, key = self.name_facts(written)
        bucket = self.by_key.get(key, [])
        if len(words) == 1 and not bucket and self.cyrillic and has_cyrillic(written) \
                and written.lower().endswith(("ова", "ева", "ёва", "ина", "ына")):
            # "По словам господина Гордеева": a masculine surname's genitive looks like a woman's
            # surname; with no woman of that name in the article, it is the man named before
            bucket = self.by_key.get(fold(ru_nominative(written)), [])
        if len(words) == 1:
            if len(bucket) == 1:
                return bucket[0]
            if bucket:
                before = [e for e in bucket[-8:] if e.first_pos <= pos] or bucket[-8:]
                return max(before, key=lambda e: self._last_mention(e, pos))
            if known is None:
                family = self.family_name_first(written, pos)
                if family is not None:
                    self.by_key.setdefault(key, []).append(family)
                    return family
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

    def family_name_first(self, word: str, pos: int) -> Entity | None:
        """"Wu Yanhua ... Wu said", "Lin Xiqiang ... Lin": names that put the family name first (Chinese,
        Korean, Hungarian) are referred back to by their first word, which is no given name."""
        given = word in FIRST_NAMES  # ("Zhang" is listed: it opens Chinese names)
        key = fold(word)
        for e in reversed(self.entities):
            if e.kind == "person" and e.name is not None and e.first_pos < pos:
                ws = e.name.split()
                if 1 < len(ws) <= 3 and fold(ws[0]) == key \
                        and not (given and (len(ws) != 2 or ws[1] in FIRST_NAMES)):
                    return e
        return None

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
            first = next((f for f in ru_first_name_forms(words[0]) if f in FIRST_NAMES), None)
            if first is not None and len(words) > 1:
                # "Владимира Соловьёва": a man's given name in the genitive puts his surname there too
                masculine = first != words[0] and words[0][-1:] in "ауеяю"
                last = ru_nominative(words[-1], feminine_ok=not masculine)
                return latin_name(" ".join([first, *[ru_nominative(w) for w in words[1:-1]], last]))
            words = [ru_nominative(w, feminine_ok=(i == len(words) - 1)) for i, w in enumerate(words)]
            return latin_name(" ".join(words))
        if all(w.isupper() and len(w) > 2 for w in words):
            words = [w.capitalize() for w in words]
        elif _family_first(words):
            words = [words[1], words[0].capitalize()]  # "YAMAKAWA Hiroshi" -> "Hiroshi Yamakawa"
        return " ".join(words)
