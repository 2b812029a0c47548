"""Who a speaker phrase names: a person by name, title or apposition, a pronoun ("he", "она", "il")
or a description ("the head of Roscosmos", "the official") pointing back to someone the article
named, an unnamed official, or a body speaking.
"""

from __future__ import annotations

import bisect
import re

from .actors import OTHER, is_former
from .attribution import NounPhrase, is_cap, is_party_tag, is_pronoun
from .context import full_name_before, prev_word
from .entities import Cast, Entity, Mention, Resolved, record_tie
from .lexicon import (
    DETERMINERS_DEF,
    DETERMINERS_INDEF,
    FIRST_NAMES,
    INDEPENDENT_ROLES,
    NOT_NAMES,
    NP_FILLERS,
    PRONOUNS,
    UNNAMED_ROLES,
)
from .mentions import MentionIndex
from .roles import org_word, role_of
from .titles import TitleReader
from .translit import has_cyrillic

_BODY_RELATIVES = frozenset(("which", "that"))
_RELATIVES = frozenset(("which", "who", "whose", "that", "qui", "dont", "который", "которая", "которые"))
# What follows a company's name when the article first gives it in full.
_BODY_TAIL = r",?\s+(?:Corporation|Corp\.?|Inc\.?|Ltd\.?|LLC|Company|Co\.|Group|Industries|Holdings|plc|SA|AG|GmbH)\b"
_SPEAKS_FOR = frozenset(("representative", "spokesperson", "official"))
_GOVERNMENT = "government"
_TITLE_OF = frozenset(("of", "des", "du", "de"))
_LOCATIVES = frozenset(("в", "во"))
_SURNAME_PARTICLES = frozenset("van von der den de da del di du la le ten ter bin al ibn".split())


def _acronym(word: str) -> bool:
    """"MYSA", "IN-SPACe"'s kind: two to six capitals that are no known word ("WASHINGTON" is longer)."""
    core = word[:-2] if word.endswith(("'s", "’s")) else word
    return 2 <= len(core) <= 6 and core.isupper() and core.isalpha() and core not in NOT_NAMES


def _body_before_title(rest: list) -> str | None:
    """"Skyroot co-founder and chief executive Pawan Kumar Chandana", "Global Affairs Canada
    spokesperson Marie-Ève Tremblay": the capitalised words opening a speaker's title, before its
    first role word, name the body the title is of (no given name among them, no possessive)."""
    k = 0
    while k < len(rest) and k < 4 and rest[k].word[:1].isupper() and role_of(rest[k].low) is None:
        w = rest[k]
        if w.word in FIRST_NAMES or w.word.endswith(("'s", "’s")) or w.low in NP_FILLERS or is_former(w.low):
            return None  # ("Press Secretary", "Former NASA astronaut": a title's own words)
        k += 1
    if k == 0 or k >= len(rest) or role_of(rest[k].low) is None:
        return None
    return " ".join(t.word for t in rest[:k])


class Coreference:
    """Resolves the speaker phrases of one article against what it has named so far."""

    def __init__(self, cast: Cast, mentions: MentionIndex, titles: TitleReader) -> None:
        self.text = mentions.text
        self.r = mentions.r
        self.cast = cast
        self.mentions = mentions
        self.titles = titles
        self.valid = self.r.cache("speaker phrases")

    def valid_np(self, np: NounPhrase) -> bool:
        """Does a phrase name a possible speaker: a person, a pronoun, a role or a body?"""
        toks = np.head
        if len(toks) == 1 and is_pronoun(toks[0]) or (len(toks) == 3 and toks[0].low == "one" and toks[1].low == "of"):
            return True
        for t in np.all_tokens():
            if self.mentions.has_name(t) or role_of(t.low) is not None:
                return True
        if len(toks) == 1 and _acronym(toks[0].word) and not self._written_as_name(toks[0].word, toks[0].start):
            return True  # "MYSA said": a body by its acronym
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
        if head[0].low in _LOCATIVES and len(head) > 1:
            return self._body_at(np, as_written, pos, location)
        if len(head) == 3 and head[0].low == "one" and head[1].low == "of" and head[2].low in ("them", "those"):
            # "Two ISRO engineers ... told Reuters ... One of them said": the unnamed people just named
            for _p, ent, m, _subject in self.mentions.recent(pos, 20):
                if m is None and ent.kind == "unnamed":
                    return Resolved(None, as_written, ent.tie, ent)
            return None
        hs, he = head[0].start, head[-1].end
        masked = [(hs + a, hs + b) for a, b in self.titles.org_spans(text[hs:he])]
        local = self.mentions.local
        if local:
            head = [t for t in head if t.word.rstrip("'’s") not in local and t.base not in local]
        if len(masked) == 1:  # (the usual case: one body's name, no generator per word)
            a, b = masked[0]
            head = [t for t in head if not a <= t.start < b]
        elif masked:
            head = [t for t in head if not any(a <= t.start < b for a, b in masked)]
        if any(is_party_tag(t.word) for t in head):
            head = [t for t in head if not is_party_tag(t.word)]  # "Maria Cantwell (D-Wash.)": a tie, no name
        # a named person: the last run of name words in the head, else in an apposition
        name_span = self.mentions.name_in(head)
        if name_span is not None and self._body_word_of_title(head, name_span):
            name_span = None
        rest = [t for t in np.head if name_span is None or not (name_span[0] <= t.start < name_span[1])]
        parts_for_tie = [np.pre, rest, *np.appositions]
        if name_span is None and not (len(head) == 0 and len(np.head) > 0 and not np.pre):
            # (a head that is all a body's name, "Avio, the company that builds Vega C", has no
            # person in its appositions)
            for app in np.appositions:
                if app and app[0].low in _RELATIVES:
                    continue  # "The U.S. Space Force, which operates the Eastern Range, said": what it does
                name_span = self.mentions.name_in(app)
                if name_span is not None:
                    parts_for_tie = [np.pre, np.head, *[a for a in np.appositions if a is not app]]
                    break
        if name_span is not None:
            written = text[name_span[0]:name_span[1]]
            if not np.pre and len(rest) == 0 and (self._unintroduced(written, np, name_span[0])
                                                  or self.company_named(written, name_span[0])):
                # "Boeing said in a statement": one capitalised word the article never introduced
                # as a person (no given name, no title, no honorific) is a body speaking
                body = self.mentions.body_named(written, name_span[0])
                return Resolved(None, as_written, body, Entity(name=None, kind="body", tie=body, first_pos=pos))
            ent = self.cast.person_entity(written, name_span[0])
            m = ent.mention_at(name_span[0])
            if m is None:
                m = Mention(name_span[0], name_span[1], ent, False, True, True)
                ent.add_mention(m)
            elif np.pre or rest or np.appositions:
                m.analyzed = m.subject = True  # this phrase is the mention, read in full
            else:
                # a bare name may follow its title across commas the clause reader stops at ("Le
                # porte-parole du Kremlin, Dmitri Peskov, a estimé", "Генеральный директор Центра ...,
                # входящего в Роскосмос, Максим Овчинников доложил"): read what the scan would
                self.titles.analyze(m)
                m.subject = True
            actor, former, roles, _ref, role_text = self.titles.describe(parts_for_tie, pos, location)
            record_tie(ent, actor, former, roles, role_text, name_span[0])
            if ent.tie is None and not m.possessive:
                self.titles.affiliation_after(m)  # "Олег Шубин из РКК «Энергия» ... говорил"
            if ent.tie is None and roles and not (roles & INDEPENDENT_ROLES):
                record_tie(ent, self.titles.quoted_body(np.start, name_span[0]), None, set(), None, name_span[0])
            if ent.tie is None and roles and not (roles & INDEPENDENT_ROLES) and not np.pre:
                record_tie(ent, _body_before_title(rest), None, set(), None, name_span[0])
            return Resolved(ent.name, as_written, ent.actor, ent)
        toks = np.all_tokens()
        actor, former, roles, ref, _role_text = self.titles.describe([toks], pos, location)
        if roles and any(app and app[0].low in _RELATIVES for app in np.appositions):
            # "The former agency chief, who as a senator wrote the law, said": the head noun says
            # who is meant; a relative clause tells of them (what they were, whom they met)
            own = list(np.pre) + list(np.head)
            for app in np.appositions:
                if app and app[0].low not in _RELATIVES:
                    own += app
            h_actor, h_former, h_roles, h_ref, _h_text = self.titles.describe([own], pos, location)
            if h_roles:
                actor, former, roles, ref = h_actor, h_former, h_roles, h_ref
        if roles and masked and all(any(a <= t.start < b for a, b in masked) for t in toks if role_of(t.low)):
            roles = set()  # "the Office of Inspector General wrote": titles inside a body's name, a body
        first = head[0].base if head else np.head[0].base
        indefinite = first in DETERMINERS_INDEF
        if roles:
            if indefinite:
                ent = Entity(name=None, kind="unnamed", tie=actor, roles=set(roles), first_pos=pos)
                self.cast.entities.append(ent)
                self.mentions.event(pos, ent, False)
                return Resolved(None, as_written, actor, ent)
            found = self.match_description(roles, actor, pos, paragraph_start, definite=first in DETERMINERS_DEF)
            if found is not None:
                if found.kind == "person" and actor is not None and found.tie is None and found.actor is None:
                    found.tie = actor
                elif found.kind == "person" and former is not None and found.former_tie is None:
                    # "the former Canadian Space Agency astronaut said": what the description says
                    # they were is known of them from here on
                    found.former_tie = former
                return Resolved(found.name, as_written, found.actor if found.kind == "person" else found.tie or actor,
                                found)
            unresolved = (frozenset(roles), actor) if not (roles <= UNNAMED_ROLES) else None
            ent = Entity(name=None, kind="unnamed", tie=actor, roles=set(roles), first_pos=pos)
            self.cast.entities.append(ent)
            self.mentions.event(pos, ent, False)
            return Resolved(None, as_written, actor, ent, unresolved)
        if actor is not None or ref is not None:
            ent = Entity(name=None, kind="body", tie=actor, first_pos=pos)
            return Resolved(None, as_written, actor, ent)
        if len(head) == 1 and _acronym(head[0].word) and not np.appositions \
                and not self._written_as_name(head[0].word, head[0].start):
            # "Malaysia's space agency, MYSA, said": an acronym nobody configured names a body speaking
            body = self.mentions.body_named(head[0].word.rstrip("'’s") if head[0].base != head[0].low
                                            else head[0].word, head[0].start)
            return Resolved(None, as_written, body, Entity(name=None, kind="body", tie=body, first_pos=pos))
        # a lone capitalised word nobody introduced: a surname
        caps = [t for t in head if self.mentions.has_name(t)]
        if caps:
            written = text[caps[0].start:caps[-1].end]
            ent = self.cast.person_entity(written, caps[0].start)
            return Resolved(ent.name, as_written, ent.actor, ent)
        return None

    def company_named(self, written: str, pos: int) -> bool:
        """"Mitsubishi Electric said" after "Mitsubishi Electric Corporation": the words the article
        first wrote as a body's name with its legal or head noun are that body, not a person."""
        if " " not in written or written.split()[0] in FIRST_NAMES:
            return False
        return re.search(re.escape(written) + _BODY_TAIL, self.text[:pos]) is not None

    def _written_as_name(self, word: str, pos: int) -> bool:
        """"MELROY, on commercial partners:" after "Pam Melroy": a transcript's capitals spell a
        name the article wrote in its usual case before; an acronym is never written that way."""
        core = word[:-2] if word.endswith(("'s", "’s")) else word
        return re.search(r"\b" + re.escape(core.capitalize()) + r"\b", self.text[:pos]) is not None

    def _body_word_of_title(self, head: list, span: tuple[int, int]) -> bool:
        """"Le ministre des Armées", "the minister of Defence": a lone capitalised word that a title
        ties with of/de to a role is the body the title is of, not the person holding it."""
        i = next((k for k, t in enumerate(head) if t.start == span[0]), -1)
        while i > 2 and head[i - 1].word[:1].isupper() and head[i - 1].low not in _TITLE_OF:
            i -= 1  # ("Head of Propulsion Testing": a capitalised department word before the "name")
        if i < 2 or head[i - 1].low not in _TITLE_OF or role_of(head[i - 2].low) is None:
            return False
        # ("Head of Propulsion Testing": the words after a title's "of" name a department)
        words = [t.word for t in head[i:] if t.end <= span[1]]
        return len(words) <= 4 and all(
            w not in FIRST_NAMES and self.cast.name_facts(w)[0] is None
            and not self.cast.by_key.get(self.cast.name_facts(w)[1]) for w in words)

    def _body_at(self, np: NounPhrase, as_written: str, pos: int, location: str | None) -> Resolved:
        """"В Минобороны заявили", "сообщили в пресс-службе госкорпорации": Russian names the body
        that speaks with "в" and a verb without a subject; no person speaks."""
        caps = [t for t in np.head[1:] if is_cap(t)]
        if caps and org_word(caps[0].word) and not self.r.orgs_in(self.text[np.start:np.end]):
            # "в Центре подготовки космонавтов": a body's own name, whatever its words say
            last = np.head[-1]
            return Resolved(None, as_written, self.text[caps[0].start:last.end],
                            Entity(name=None, kind="body", tie=self.text[caps[0].start:last.end], first_pos=pos))
        actor, _former, _roles, _ref, _text = self.titles.describe([np.all_tokens()], pos, location)
        if actor is None:
            actor = self.text[caps[0].start:caps[-1].end] if caps else None
        return Resolved(None, as_written, actor, Entity(name=None, kind="body", tie=actor, first_pos=pos))

    def _unintroduced(self, written: str, np: NounPhrase, pos: int) -> bool:
        """One capitalised word that is no known person, no given name and no one the article has
        named, with nothing around it that describes a person (a relative "which" describes a body)."""
        if " " in written or written in FIRST_NAMES or written.isupper() or has_cyrillic(written):
            return False
        word, punct = prev_word(self.text, pos)
        if not punct and word in _SURNAME_PARTICLES:
            return False  # "van der Lind said": a particle makes it a surname
        known, key = self.cast.name_facts(written)
        if known is not None or self.cast.by_key.get(key) or full_name_before(self.text, written, pos, NOT_NAMES) >= 0:
            return False
        if self.cast.family_name_first(written, pos) is not None:
            return False  # "Lin Xiqiang ... Lin said": a family name written first
        return all(app[0].low in _BODY_RELATIVES for app in np.appositions if app)

    def resolve_pronoun(self, pronoun: str, pos: int, written: str) -> Resolved | None:
        """he / she / он / il: the last person (or unnamed official) who was a clause's subject;
        it / they (or elle for l'agence, with nobody named): the body named last, close by."""
        gender = PRONOUNS.get(pronoun.lower())
        if gender in ("p", "n"):
            return self._body_before(pos, written)
        fallback = None
        for _p, ent, m, subject in self.mentions.recent(pos):
            if ent.kind == "body" or (ent.gender is not None and ent.gender != gender):
                continue  # (« confie-t-il » is not the woman "elle" meant a sentence before)
            if m is not None:
                subject = self.titles.is_subject(m)
                if fallback is None and ent.kind == "person":
                    fallback = ent
            if subject:
                return self._pronoun_points_to(ent, written, gender)
        if fallback is None:
            return self._body_before(pos, written)
        # nobody was a subject yet: the last person named before the pronoun
        return self._pronoun_points_to(fallback, written, gender)

    @staticmethod
    def _pronoun_points_to(ent: Entity, written: str, gender: str | None) -> Resolved:
        if ent.kind == "person" and ent.gender is None and gender in ("m", "f"):
            ent.gender = gender
        return Resolved(ent.name, written, ent.actor if ent.kind == "person" else ent.tie, ent)

    def _body_before(self, pos: int, written: str) -> Resolved | None:
        """The body named last within a short distance before pos: "The agency said ... it said"."""
        k = bisect.bisect_left(self.mentions.org_mentions, (pos,)) - 1
        if k < 0 or pos - self.mentions.org_mentions[k][0] > 600:
            return None
        actor = self.mentions.org_mentions[k][1]
        return Resolved(None, written, actor, Entity(name=None, kind="body", tie=actor, first_pos=pos))

    def match_description(self, roles: set[str], actor: str | None, pos: int, paragraph_start: int,
                          definite: bool) -> Entity | None:
        """"the head of Roscosmos", "the spokesman", "the scientist": the entity the article means."""
        recent: dict[int, tuple[Entity, int, int]] = {}  # id -> (entity, last seen, last as subject)
        for p, ent, m, subject in self.mentions.recent(pos, 120):
            if m is not None:
                subject = self.titles.is_subject(m)
            seen = recent.get(id(ent))
            if seen is None:
                recent[id(ent)] = (ent, p, p if subject else -1)
                self.titles.actor_of(ent)  # every title and apposition gives roles
            elif subject and seen[2] < 0:
                recent[id(ent)] = (ent, seen[1], p)
        if roles <= UNNAMED_ROLES:
            # (a representative, a spokesperson, an official: one who speaks for a body)
            speaks_for = roles & _SPEAKS_FOR
            for ent, _seen, _subj in recent.values():  # most recent first
                if (ent.roles & roles or (speaks_for and ent.roles & _SPEAKS_FOR and ent.spoke)) \
                        and (actor is None or ent.actor in (actor, None)):
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
                if actor is not None:
                    # "Kremlin Spokesman Dmitry Peskov told reporters ... the Kremlin official said":
                    # a definite description naming the body is the last person of that body
                    for ent, _seen, subj in recent.values():
                        if ent.kind == "person" and ent.actor == actor and subj >= 0:
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
            if actor == OTHER:
                # "the diplomat", "the minister": a title of government ties to some body outside the
                # actors; it is the one of someone who speaks for a ministry (not of just anyone's)
                if ent.actor is not None and ent.actor not in self.r.kinds \
                        and (ent.roles & roles or _GOVERNMENT in self.r.body_kinds(ent.actor)):
                    score += 2
                elif ent.actor is not None:
                    continue
            elif actor is not None and ent.actor == actor:
                score += 2
            elif actor is not None and actor != OTHER and ent.actor is not None:
                continue
            if score > best_score:
                best, best_score = ent, score
        if best is not None:
            return best
        if actor is None and definite:
            # "The most telling voice is Dana Holt's. The former agency chief said": nothing in the
            # description picks anyone; it points back to the person the paragraph just named
            for ent, named_at, _subj in persons:
                if named_at >= paragraph_start:
                    return ent
        if actor is None:
            for ent, _seen, subj in persons:
                if subj >= 0:
                    return ent
        return None
