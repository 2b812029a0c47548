"""Where an article names people and bodies: its capitalised runs read once, outside the quotations,
split into people and bodies, and kept in text order with what happened where (someone spoke, an
unnamed official was introduced), so a pronoun can walk back from any position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .actors import _ORG_HEADS, OTHER, ActorResolver
from .attribution import Tok, is_cap
from .context import full_name_before, person_context, person_evidence, prev_word, subject_position, surname_alone_after
from .entities import Cast, Entity, Mention
from .lexicon import DETERMINER_CAPS_FR, FIRST_NAMES, FRENCH_MONSIEUR, NOT_NAMES
from .roles import abstract_noun, org_word, possessive_len, role_of
from .translit import has_cyrillic, ru_first_name_forms, ru_nominative

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
# A run of capitalised words: "Yuri Borissov", "NASA Administrator Bill Nelson", "S. Somanath".
# (It opens with a character class so the regex engine can skip ahead to capitals quickly.)
CAP_RUN = re.compile(
    rf"[{_UPPER}](?:\.(?:[{_UPPER}]\.)*|[\w'’\-]*)"
    rf"(?:[ \u00a0](?:(?:van|der|den|de|von|da|del|di|du|bin|al|ibn|dos|das|ten|ter|le|la)[ \u00a0]){{0,2}}"
    rf"[{_UPPER}](?:\.(?:[{_UPPER}]\.)*|[\w'’\-]*))*")
_WORD = re.compile(r"\S+")
_FRENCH_ARTICLE = frozenset(("l'", "l’", "L'", "L’"))  # elided le/la: "l'Espace" is no one's name
_PARTICLES = frozenset("van der den de von bin al ibn da del della di dos ten ter la le du y".split())
_AFFILIATION_LINKS = frozenset("of at from de du".split())
_ORG_LINK_ENDS = (" of ", " for ", " on ", " de ", " du ", " des ", " the ", " la ", " l'", " l’")
_ORG_CONTINUES = re.compile(r"\b(?:" + "|".join(_ORG_HEADS) + r")\s+(?:of|for|on|de|du|des)\s+"
                            r"(?:the\s+|la\s+|l['’])?(?:[A-Z][\w-]*\s+){0,4}$")
_UNNAMED_ROLE_WORDS = (r"(official|source|spokesperson|spokesman|spokeswoman|representative|insider|"
                       r"engineer|employee|aide|responsable|porte-parole|источник|представитель)")
_UNNAMED_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:senior|top|former|military|government|press|intelligence)\s+)?"
                            + _UNNAMED_ROLE_WORDS + r"s?\b", re.IGNORECASE)  # ("two ISRO engineers")
_UNNAMED_NEXT = (" official", " source", " spokes", " represent", " insider", " engineer", " employee", " aide",
                 "'s ", "’s ", " senior", " top ", " former", " military", " government", " press", " intellig",
                 " responsab", " porte", " источн", " предста")
_UNNAMED_LINKS = (" of ", " at ", " from ", " with ", " for ", " de ", " du ", " la ", " l'", " l’", " des ", " the ")
_INDEF_BEFORE = re.compile(r"(?:^|(?<=\s))(?:a|an|one|another|two|three|un|une)\s+"
                           r"(?:(?:senior|top|former|military|government)\s+)?$", re.IGNORECASE)
_UNNAMED_BEFORE = re.compile(r"(?:^|(?<=\s))(?:a|an|one|un|une)\s+(?:senior\s+|haut\s+)?" + _UNNAMED_ROLE_WORDS
                             + r"\s+(?:(?:at|of|from|with|for|de|du|de la|de l['’]|des)\s+)(?:the\s+)?$",
                             re.IGNORECASE)
# A named unit: capitalised words (with the small words of a title) ending in the noun of a site,
# an office or a programme, and its acronym: "Langley Research Center (LaRC)", "Break the Ice Lunar
# Challenge".
_UNIT = re.compile(r"((?:[A-Z][\w'’\-]*\s+(?:(?:the|of|and|for)\s+)?){1,6}?)(Center|Centre|Facility|Laboratory"
                   r"|Directorate|Institute|Office|Observatory|Challenges?|Program|Programme|Project)\b"
                   r"(?:\s+\(([A-Z]{2,6})\))?")
_UNIT_HINT = re.compile(r"Cent(?:er|re)|Facility|Laboratory|Directorate|Institute|Office|Observatory|Challenge"
                        r"|Program|Project")
_UNIT_OF = re.compile(r",?\s+(?:at|of|in)\s+(?:the\s+)?")
_LOCAL_WORD = re.compile(r"[A-Z][\w\-]*")
_INITIAL = re.compile(r"[A-Z]\.")
_FRENCH_PREPOSITIONS = frozenset(("de", "du", "des", "la", "le"))
_NAME_PARTICLES = frozenset("van von der den ten ter bin ibn".split())
# What follows a body's name and never a person's: a relative "which", or an apposition whose
# noun is a body's ("Avio, the Italian company that builds ...", "Astrobotic, a Pittsburgh firm"),
# not its possessive ("Sandhoo, the agency's acting director").
_BODY_APPOSITION = re.compile(r",\s+(?:which\b|(?:the|an?)\s+(?:[\w\-]+\s+){0,3}?(?:company|firm|startup|start-up"
                              r"|manufacturer|contractor|operator|consultancy|agency|corporation|group|maker"
                              r"|supplier|newspaper|broadcaster|institute|university)\b(?!['’]s))")


_NAMED_AFTER = frozenset(("имени", "им."))


def _not_a_name_start(word: str, cap_follows: bool) -> bool:
    """"Son patron", "Cette ingénieure": a French determiner opening a run of capitals; "M. Dupont":
    the French honorific before a surname; "PDG de Nordia": after a word that is no name, "de" is
    the preposition, not a name's particle. None of them starts the name."""
    return word in DETERMINER_CAPS_FR or word in _FRENCH_PREPOSITIONS or (cap_follows and word in FRENCH_MONSIEUR)


def _given_name(word: str) -> bool:
    return word in FIRST_NAMES or (has_cyrillic(word) and any(f in FIRST_NAMES for f in ru_first_name_forms(word)))


class MentionIndex:
    """Every place an article names a person or a body, in text order, and every later event (a
    speaker, an unnamed official), for walking back from a position to what came just before it."""

    def __init__(self, text: str, resolver: ActorResolver, cast: Cast, skip: list[tuple[int, int]],
                 cyrillic: bool = True) -> None:
        self.text = text
        self.cyrillic = cyrillic
        self.r = resolver
        self.cast = cast
        self.runs, self.names = resolver.caches(("runs", "name words"))
        self.mentions: list[Mention] = []  # every mention of a person, from the scan
        self.mention_starts: list[int] = []
        self.events: list[tuple[int, Entity, bool]] = []  # (position, entity, is a subject)
        self.event_starts: list[int] = []
        self.org_mentions: list[tuple[int, str, str]] = []  # (pos, actor or OTHER, name), in text order
        self.actor_counts: dict[str, int] = {}
        self.local: dict[str, str] = {}  # an actor's units' short names and acronyms in this article
        self._scan(skip)

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
        if self.actor_counts and _UNIT_HINT.search(text) is not None:
            self._local_units(text)

    def _local_units(self, text: str) -> None:
        """"NASA's Langley Research Center", "NASA Glenn Research Center (GRC)": a unit an actor's
        name introduces lends the actor its short name and its acronym for the rest of the article
        ("Langley engineer ...", "Acting Director of GRC", "Armstrong's university affairs officer")."""
        for m in self._units(text):
            lead = text[max(0, m.start() - 12):m.start()]
            found = [o.actor for o in self.r.orgs_in(lead + m.group(1)) if o.kind == "actor"]
            if not found and _UNIT_OF.match(text, m.end(), min(len(text), m.end() + 12)) is not None:
                # "Science Mission Directorate at NASA Headquarters": the actor after the unit
                tail = text[m.end():min(len(text), m.end() + 40)]
                found = [o.actor for o in self.r.orgs_in(tail) if o.kind == "actor" and o.start < 16]
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

    def body_named(self, name: str, pos: int) -> str:
        """A body the article names by a word of its own ("Boeing", "Arianespace"): from here on
        that word is the body's, its name is the actor it speaks for, and "the company" or "it"
        can point back to it."""
        self.local.setdefault(name, name)
        entry = (pos, name, name)
        i = bisect.bisect_left(self.org_mentions, entry)
        if i >= len(self.org_mentions) or self.org_mentions[i] != entry:
            self.org_mentions.insert(i, entry)
        return self.local[name]

    @staticmethod
    def _units(text: str) -> Iterator[re.Match[str]]:
        """_UNIT's matches, looked for only in a window before each of its head nouns (a scan of
        the whole text tries the pattern at every capital)."""
        done = 0
        for h in _UNIT_HINT.finditer(text):
            lo = max(done, h.start() - 90)
            if lo > 0 and text[lo - 1].isalnum():
                lo = text.find(" ", lo, h.start()) + 1  # (from a word's start, never its middle)
                if lo <= 0:
                    continue
            hi = min(len(text), h.end() + 12)
            for m in _UNIT.finditer(text, lo, hi):
                done = max(done, m.end())
                yield m

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
            cut = possessive_len(w)
            base = w[:-cut] if cut else w
            if name_start is None and _not_a_name_start(base, i + 1 < n):
                # (the word after a preposition is the body it names: "PDG de Nordia Jean Roux")
                i += 2 if base in _FRENCH_PREPOSITIONS else 1
                continue
            family_caps = (name_start is None and i + 2 == n and len(base) >= 4 and base.isalpha() and base.isupper()
                           and words[i + 1][2].istitle() and self._name_word(words[i + 1][2])
                           and r.actor_of_alias(base) is None and base not in NOT_NAMES)
            if self._name_word(base) or family_caps \
                    or (name_start is not None and base in NOT_NAMES and r.knows_surname(base)):
                # ("Nicky Fox": a known surname after a given name, though "Fox" alone names a network)
                if name_start is None:
                    name_start = i
            elif name_start is not None:
                out.append(("person", words[name_start][0], words[i - 1][1], None))
                name_start = None
            if cut and name_start is not None:
                out.append(("person", words[name_start][0], words[i][1], None))
                name_start = None
            i += 1
        if name_start is not None:
            out.append(("person", words[name_start][0], words[n - 1][1], None))
        self.runs[run] = out
        return out

    def _family_caps(self, toks: list[Tok], i: int) -> bool:
        """"JAXA MMX Project Manager SHIRAISHI Kenta": Japanese releases write the family name first,
        in capitals, before the given name that ends the name (not an acronym anyone knows)."""
        w = toks[i].word
        return (len(w) >= 4 and w.isalpha() and w.isupper() and i + 1 < len(toks)
                and toks[i + 1].word.istitle() and self.has_name(toks[i + 1])
                and (i + 2 == len(toks) or not self.has_name(toks[i + 2]))
                and self.r.actor_of_alias(w) is None and w not in NOT_NAMES)

    def _name_word(self, base: str) -> bool:
        return (base not in NOT_NAMES and role_of(base.lower()) is None and not org_word(base)
                and base[:2] not in _FRENCH_ARTICLE
                and not any(c.isdigit() for c in base) and not abstract_noun(base)
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
        cut = possessive_len(w)
        base = w[:-cut] if cut else w
        if base in NOT_NAMES or role_of(t.low) is not None or org_word(base) or abstract_noun(base):
            return False
        if base[-1] == "." and base[:-1] in NOT_NAMES:
            return False  # "Mr.", "Dr.", "Sen.": an honorific before the name, not part of it
        if w[:2] in _FRENCH_ARTICLE:
            return False  # "chargé de l'Espace", "l'Europe": French names take no article
        if self.r.actor_of_alias(base) is not None:
            return False
        if any(c.isdigit() for c in base):
            return False
        if t.low.endswith(("-based", "-born", "-owned", "-run", "-led")):
            return False  # "the Beijing-based company": an adjective made of a place or a body
        if base.isupper() and len(base.rstrip(".")) > 1 and not self.r.knows_surname(base):
            # acronyms and datelines (NASA, MOSCOW); a transcript label is read as a label
            return False
        return True

    def _add_mention(self, s: int, e: int) -> None:
        text = self.text
        if text.endswith(("имени ", "им. "), max(0, s - 6), s):
            # "академии имени К. Э. Циолковского Андрей Ионин": the person starts at a given name
            for w in _WORD.finditer(text, s, e):
                if _given_name(w.group()):
                    s = w.start()
                    break
            else:
                return
        written = text[s:e]
        cut = possessive_len(written)
        possessive = cut > 0
        if possessive:
            written = written[:-cut]
            e -= cut
        if text.endswith(_ORG_LINK_ENDS, max(0, s - 5), s) and _ORG_CONTINUES.search(text, max(0, s - 80), s):
            return  # "the Centre for Orbital Policy": part of a body's name
        known, key = self.cast.name_facts(written)
        if known is None:
            established = bool(self.cast.by_key.get(key))
            words = written.split()
            if len(words) == 1:
                # a lone unknown capitalised word is a person only where a title or apposition says
                # so; a speech verb alone ("Boeing said") needs the article to have given the word
                # as someone's surname before ("Suni Williams ... Williams said")
                if not established:
                    if _BODY_APPOSITION.match(text, e, min(len(text), e + 60)) is not None:
                        self.body_named(written, s)  # "Arianespace, which markets the launcher"
                        return
                    evidence = person_evidence(text, s, e)
                    if evidence == 1 and not has_cyrillic(written):
                        full = full_name_before(text, written, s, NOT_NAMES)
                        if full < 0:
                            return
                        # "Tamsin Okoro and ... Okoro said": the full name was the person's, and its
                        # titles and appositions are read there
                        end = text.find(written, full) + len(written)
                        earlier = self.cast.person_entity(text[full:end], full)
                        if earlier.mention_at(full) is None:
                            m = Mention(full, end, earlier, False)
                            earlier.add_mention(m)
                            i = bisect.bisect_left(self.mention_starts, full)
                            self.mentions.insert(i, m)
                            self.mention_starts.insert(i, full)
                    elif evidence == 0:
                        return
            else:
                first = ru_nominative(words[0]) if self.cyrillic and has_cyrillic(words[0]) else words[0]
                if first not in FIRST_NAMES and not established and not _INITIAL.fullmatch(words[1]) \
                        and _NAME_PARTICLES.isdisjoint(words[1:-1]) and not person_context(text, s, e) \
                        and not (len(words) == 2 and surname_alone_after(text, words[-1], e, NOT_NAMES)):
                    # ("Richard O. Covey", "Pieter van Dam": an initial, a particle make a name; so
                    # does the article going on to call them by the surname alone)
                    return
        ent = self.cast.person_entity(written, s, known, key)
        m = Mention(s, e, ent, possessive)
        if not ent.starts or s > ent.starts[-1]:
            ent.starts.append(s)  # the scan goes in text order: the usual case of add_mention
            ent.mentions.append(m)
            ent.pending.append(m)
        else:
            ent.add_mention(m)
        self.mentions.append(m)
        self.mention_starts.append(s)

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
                _word, punct = prev_word(self.text, start)
                if punct.endswith(",") and self.mentions and \
                        text[self.mentions[-1].end:start].strip(" ,’'s\u00a0") == "":
                    return  # "Sarah Gillis, a SpaceX engineer": an apposition, not an unnamed speaker
        elif text.endswith(_UNNAMED_LINKS, max(0, s - 6), s):
            word, _p = prev_word(self.text, s)
            if word.lower() in ("of", "at", "from", "with", "for", "de", "du", "la", "l'", "des", "the"):
                b = _UNNAMED_BEFORE.search(text, max(0, s - 60), s)
                if b is not None:
                    role, start = b.group(1).lower(), b.start()
        if role is None:
            return
        ent = Entity(name=None, kind="unnamed", tie=actor, roles={role_of(role) or role}, first_pos=start)
        self.cast.entities.append(ent)
        self.event(start, ent, subject_position(self.text, start, []))

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

    def recent(self, pos: int, limit: int = 60) -> Iterator[tuple[int, Entity, Mention | None, bool | None]]:
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

    def name_in(self, toks: list[Tok]) -> tuple[int, int] | None:
        best = None
        i = 0
        n = len(toks)
        while i < n:
            if toks[i].low in _NAMED_AFTER:
                # "академии имени К. Э. Циолковского Андрей Ионин": whom a body is named after is
                # part of its name; the speaker's name starts at a given name
                k = i + 1
                while k < n and not _given_name(toks[k].word) and (
                        self.has_name(toks[k]) or (len(toks[k].word) == 2 and toks[k].word[1] == ".")):
                    k += 1
                i = k
                continue
            if _not_a_name_start(toks[i].word, i + 1 < n and is_cap(toks[i + 1])):
                i += 1
                continue
            if self.has_name(toks[i]) or self._family_caps(toks, i):
                j = i
                while j + 1 < n:
                    nxt = toks[j + 1]
                    if self.has_name(nxt) or (nxt.word in NOT_NAMES and self.r.knows_surname(nxt.word)):
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
                if j - i >= 2 and self.cyrillic and has_cyrillic(toks[i].word) and not _given_name(toks[i].word):
                    # "корабля «Орел» Олег Шубин": a thing's name in guillemets before a given name
                    # and a surname (the guillemets are gone from the tokens) is no part of the name
                    k = next((k for k in range(i + 1, j) if _given_name(toks[k].word)), -1)
                    if k > 0 and "»" in self.text[toks[i].start:toks[k].start]:
                        i = k
                cand = (toks[i].start, toks[j].end)
                cut = possessive_len(self.text[cand[0]:cand[1]])
                if cut:
                    cand = (cand[0], cand[1] - cut)
                best = cand
                if j + 1 < n and toks[j + 1].low in _AFFILIATION_LINKS:
                    return best  # "Prof. Rajan Mehta of Purdue's School of ...": what follows is where
                i = j + 1
            else:
                i += 1
        return best
