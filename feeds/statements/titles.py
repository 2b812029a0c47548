"""The ties a title or an apposition makes: "Roscosmos head Yuri Borisov", "Nicola Fox, associate
administrator ... at NASA Headquarters", "the head of the Russian agency Roscosmos, Yuri Borissov" —
the actor (or other body) a person speaks for, one they used to, and their roles.
"""

from __future__ import annotations

import bisect
import re

from .actors import _ORG_HEADS, OTHER, ActorResolver, body_name, is_former
from .attribution import Tok, is_cap, is_party_tag, is_pronoun, noun_of_body, np_ish, opens_description, tokens
from .context import LOCATION_LEADS, prev_word_or_title, real_boundary, subject_position
from .entities import Entity, Mention, record_tie
from .lexicon import (
    ALL_SPEECH_VERBS,
    DETERMINERS_DEF,
    DETERMINERS_INDEF,
    EMPLOYMENT_VERBS,
    FIRST_NAMES,
    HONORIFICS,
    INDEPENDENT_ROLES,
    NOT_NAMES,
    NP_FILLERS,
    is_role_word,
)
from .mentions import MentionIndex
from .roles import role_of, roles_in

_DETERMINERS = DETERMINERS_DEF | DETERMINERS_INDEF
_CONJUNCTIONS = frozenset(("and", "et", "и"))
_LIST_GLUE = frozenset(("and", "&", "et", "и"))
_EMPLOYED = re.compile(r"\s+(?:(?:has|had|also|then|later)\s+)*([a-z]+)\s+(?:(?:alongside|closely|together)\s+)?"
                       r"(?:at|for|with|in)\s+")
_QUOTED_NAME_OPENS = {"»": "«", "”": "“"}
_RELATIVE_PRONOUNS = frozenset(("who", "qui", "который", "которая"))
# "Name, who runs/has led/founded X": verbs whose object is the body a person heads.
_LEADS = re.compile(r",?\s+who\s+(?:(?:also|now|currently|still)\s+)?(?:(has|have)\s+)?(?:(?:long|since|also)\s+)?"
                    r"(runs?|ran|run|leads?|led|heads?|headed|founded|co-founded|cofounded|chairs?|chaired"
                    r"|manages?|managed|directs?|directed)\s+")
_NEXT_WORD = re.compile(r"(?:['’]s)?\s+(?:(?:has|have|had|also|then)\s+)?([^\W\d_]+)")
_WATCHDOG = re.compile(r"\binspector general\b|\binspecteur général\b", re.IGNORECASE)
_LED_BY = re.compile(r"((?:the\s+)?[A-Z][\w&.\-’']*(?:\s+(?:of|for|and|&|[A-Z][\w&.\-’']*)){0,5}),?\s+"
                     r"(?:(?:now|currently|still|since\s+\d{4})\s+)?(?:led|run|headed|chaired|founded|co-founded"
                     r"|managed|directed)\s+by\s+(?:[\w\-’']+\s+){0,3}$")  # (modifiers of the title after)
_AFFILIATION = re.compile(r"\s+(?:of|from|at|из)\s+"
                          r"((?:the\s+)?[A-ZА-ЯЁ][\w&.\-’'«»]*(?:\s+[A-ZА-ЯЁ«][\w&.\-’'«»]*){0,4})")
# Heads of a region's name: "Governor of Tambov Region Arkady Velminov" (the word before one is a place's)
_PLACE_UNITS = frozenset("Region Oblast Province Prefecture Territory Krai County District Governorate".split())
# Nouns before a quoted name that make it a thing's (a ship, a rocket, a mission), not a body's
_THING_STEMS = ("корабл", "ракет", "спутник", "станци", "модул", "аппарат", "мисси", "проект", "программ",
                "ship", "rocket", "satellite", "mission", "project", "programme", "program", "spacecraft")
_LED_PAST = frozenset("ran led headed chaired managed directed".split())
_BODY_NOUN_REF = re.compile(r"\bthe\s+([a-z]+)(?:['’]s)?\b")
_ORG_HEAD_WORDS = frozenset(_ORG_HEADS)
_POSSESSIVES = ("its ", "son ", "sa ", "ses ", "leur ", "leurs ")
_HARD_STOPS = ".!?\n;:“”«»\"„"
_OPENERS = frozenset(("a", "an", "the", "who", "whose", "le", "la", "l'", "un", "une", "qui", "himself", "herself",
                      "one-time", "former", "ex-", "ancien", "ancienne"))
_APPOSITION_NEXT = re.compile(r"(?:,|\s\()\s*(?:(?:a|an|the|who|whose|le|la|l['’]|un|une|qui|himself|herself|former"
                              r"|one-time|ancien|ancienne)\b|\d|[A-ZÀ-ÞА-ЯЁ])")
_PRE_STOP = frozenset("at for in from with by to on about after before during into than like as "
                      "à en pour par avec sur dans из с для при на о об по к от".split())
# "engineer at Starpath Robotics", "founder of the space consultancy Astralytical": a title, a
# preposition, at most three modifiers ("space consultancy", "Madrid-based"), then the body's name.
_ROLE_OF_BODY = re.compile(r"([^\W\d_][\w\-]*)\s+(?:(?:of|at|for|with|de|du|des|au|aux|chez|à)\s+|d['’](?=[A-Z]))"
                           r"(?:the\s+|la\s+|l['’])?"
                           r"(?:(?:(?!(?:of|at|for|with|in|on|to|by|from|and)\b)[a-z][\w\-]*|[A-Z][\w]*(?:,\s+[A-Z][\w.]*)?-based)\s+){0,3}"
                           r"([A-Z][\w&.\-’']*(?:\s+(?:of|for|and|&|[A-Z][\w&.\-’']*)){0,6})")
_AT_THE_BODY = re.compile(r"[Aa]t the ([A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,3})")
_ROLE_AFTER_COMMA = re.compile(r",\s*([a-z][\w\-]*)")
_UNIT_HEADS = frozenset("Division Directorate Office Branch Program Programme Project Laboratory Center Centre "
                        "Headquarters".split())
# Military ranks before a name ("Gen.", "Brig. Gen.", "Col.", "le général", "генерал"); "general"
# after another title ("director general", "inspector general") is no rank.
_RANK = re.compile(r"(?:^|(?<=\s))(?:(?:Gen|Brig|Maj|Col|Lt|Adm|Cmdr|Cdr|Vice Adm|Rear Adm)\.|[Gg]eneral|[Gg]énéral"
                   r"|[Cc]olonel|[Aa]dmiral|[Aa]miral|[Ll]ieutenant|[Гг]енерал(?:-\w+)?(?:а|у|ом|е)?|[Пп]олковник\w*|[Аа]дмирал\w*)"
                   r"(?=\s|$)")


def _military_rank(phrase: str) -> bool:
    for m in _RANK.finditer(phrase):
        before = phrase[:m.start()].split()
        after = phrase[m.end():].split()
        if after and role_of(after[0].lower().strip(".,")) is not None:
            continue  # "General Director", "general counsel": the title's adjective, no rank
        if not before or role_of(before[-1].lower()) is None or before[-1].endswith("."):
            return True
    return False


def _own_name(name: str) -> str:
    """An outside body's name as a statement keeps it ("Boeing's" -> "Boeing")."""
    name = name.strip(" .,;:")
    return name[:-2] if name.endswith(("'s", "’s")) else name


def _is_unit(name: str) -> bool:
    """A department's name rather than an organisation's: "Planetary Science Division"."""
    return not name.isupper() and name.rsplit(None, 1)[-1] in _UNIT_HEADS


def apposition_after(text: str, e: int) -> list[list[Tok]]:
    """The appositions after a name: ", the head of Roscosmos,", ", 65,", " (R-Miss.)", ", co-founder
    of ..."."""
    if not _APPOSITION_NEXT.match(text, e, min(len(text), e + 40)):
        m = _ROLE_AFTER_COMMA.match(text, e, min(len(text), e + 40))
        if m is None:
            return []
        if role_of(m.group(1)) is None:
            # ", curator of extraterrestrial samples at JAXA's Institute": a noun tied to a body;
            # ", acting deputy associate administrator for ...": a title after its modifiers
            words = list(tokens(text, m.start(1), min(len(text), m.start(1) + 80)))
            end = next((i for i, t in enumerate(words) if t.word in ",;:()—–"), len(words))
            lead = next((i for i, t in enumerate(words[:5]) if not t.word[:1].islower()), min(5, end))
            if not noun_of_body(words[:end]) and not any(role_of(t.low) for t in words[:min(lead, end)]):
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
                or _modified_role(chunk) \
                or is_party_tag(t.word) or noun_of_body(chunk):
            if t.word[:1].isdigit() and len(chunk) == 1:
                continue  # an age: "Borisov, 65, held ..."
            out.append(chunk)
            continue
        break
    return out


def _modified_role(chunk: list[Tok]) -> bool:
    """"acting deputy associate administrator", "chief growth officer": lowercase modifiers, then a title."""
    for t in chunk[:4]:
        if not t.word[:1].islower():
            return False
        if role_of(t.low):
            return True
    return False


def role_of_body(phrase: str) -> str | None:
    """"founder and CEO of RoboStore", "engineer at Starpath Robotics": a title tied by a
    preposition to a capitalised name that is no place nor person is that body's."""
    for m in _ROLE_OF_BODY.finditer(phrase):
        if not is_role_word(m.group(1).lower()):
            # "director of research at Quilty Space": a title, lowercase words, then the body
            lead = phrase[max(0, m.start(1) - 60):m.start(1)].split()[-6:]
            while lead and lead[-1][:1].islower() and not is_role_word(lead[-1].lower()):
                lead.pop()
            if not lead or not is_role_word(lead[-1].lower()):
                continue
        words = m.group(2).split()
        cut = next((i for i, w in enumerate(words) if w.lower().rstrip(".") in HONORIFICS), len(words))
        words = words[:cut]  # "Chief of Space Operations Gen. Chance Saltzman": the rank is his
        while words and words[-1].lower() in ("of", "for", "and", "&"):
            words.pop()
        name = " ".join(words)
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        if words and not all(w.strip("'’s") in NOT_NAMES for w in words) and words[0] not in FIRST_NAMES:
            return name
    return None


_INTERLOCUTOR = "собеседни"
_COMPANY_QUOTED = re.compile(r"\b(?:[Кк]омпани[яиюей]|[Ss]ociété|[Ee]ntreprise|[Cc]ompany)"
                             r"\s+[«“]\s*([^»”«“\n]{1,60}?)\s*[»”]")
# Endings of Russian finite verbs (past: "заявил", "отметила", "считают"; present: "считает",
# "говорит", "курирует"), which no title has
_RU_VERB_ENDINGS = ("л", "ла", "ло", "ли", "лся", "лась", "лись", "ет", "ит", "ют", "ят", "ется", "ится", "ует")


class TitleReader:
    """Reads the titles and appositions around an article's names (each mention once, when a
    question first needs it) and the actor a descriptive phrase names."""

    def __init__(self, mentions: MentionIndex, feed_actor: str | None) -> None:
        self.text = mentions.text
        self.r: ActorResolver = mentions.r
        self.mentions = mentions
        self.feed_actor = feed_actor
        self.phrases, self.spans, self.part_facts = self.r.caches(("phrase actors", "org spans", "description parts"))

    def title_before(self, s: int) -> tuple[list[Tok], str | None, str | None]:
        """The descriptive words just before a name ("Roscosmos head", "the head of X,") and a
        location phrase opening the clause ("At the Pentagon,")."""
        text = self.text
        word, punct = prev_word_or_title(text, s)
        quoted: list[Tok] = []
        if punct[-1:] in _QUOTED_NAME_OPENS:
            # "Эксперт журнала «Новости космонавтики» Игорь Маринин": a body's name in quotation
            # marks inside the title; read the title before it, then add the name
            close = text.rfind(punct[-1], 0, s)
            o = text.rfind(_QUOTED_NAME_OPENS[punct[-1]], max(0, close - 60), close)
            if o < 0 or len(punct) > 1:
                return [], None, None
            quoted = tokens(text, o + 1, close)
            s = o
            word, punct = prev_word_or_title(text, s)
        if punct and punct != ",":
            return [], None, None
        if not punct:
            low = word.lower()
            if len(word) > 2 and word[1] in "'’" and word[0] in "lLdD":
                word = word[2:]  # "l'astronaute de l'ESA Thomas Pesquet"
            if not word or (not word[:1].isupper() and role_of(low) is None and low not in NP_FILLERS
                            and not ("\u0400" <= low[:1] <= "\u04ff")):
                return [], None, None  # "said Robyn Gatens", "with Putin": no title
        lo = max(0, s - 120)
        cut = max(text.rfind(c, lo, s) for c in _HARD_STOPS)
        while cut > lo and text[cut] == "." and not real_boundary(text, cut):
            # "Director Dr. Henry McDonald": an abbreviation's period ends no clause
            cut = max(text.rfind(c, lo, cut) for c in _HARD_STOPS)
        toks = tokens(text, max(lo, cut + 1), s)
        if not toks:
            return [], None, None
        j = len(toks) - 1
        pre: list[Tok] = []
        named: str | None = None
        if toks[j].word == ",":
            # "the head of the Russian agency Roscosmos, Yuri Borissov" / "la directrice des vols
            # habités de l'agence, Sophie Adenot": the whole phrase since the previous comma
            k = j - 1
            chunk: list[Tok] = []
            while k >= 0 and toks[k].word not in ",;:()—–" and len(chunk) < 16:
                chunk.insert(0, toks[k])
                k -= 1
                if k > 0 and toks[k].word == "," and chunk and all(x.word[:1].isupper() or x.low in _LIST_GLUE
                                                                  for x in chunk):
                    # "Malaysia's Minister of Science, Technology and Innovation, Chang Lih Kang": a
                    # body's name that lists its fields with commas is one title
                    k -= 1
            while chunk and not opens_description(chunk[0]) and len(chunk) > 1:
                chunk = chunk[1:]  # "Interrogée par l'AFP, la directrice ..." keeps the description
            if chunk and opens_description(chunk[0]) and (roles_in(chunk) or noun_of_body(chunk[1:])):
                pre = chunk  # ("Le porte-parole du Kremlin, Dmitri Peskov": a noun tied to a body)
            elif j < 40 and "\u0400" <= toks[j - 1].low[:1] <= "\u04ff" and toks[0].word[:1].isupper() \
                    and (role_of(toks[0].low) or (j > 1 and role_of(toks[1].low))):
                # "Генеральный директор Центра ... (ЦЭНКИ), входящего в Роскосмос, Максим Овчинников":
                # Russian has no article; a title opening the clause runs over participle phrases
                pre = [t for t in toks[:j] if t.word not in ",()"]
        else:
            k = j
            ws = toks[0].start
            # words of a body's name are no one's name: "Marshall Space Flight Center Director"
            bodies = [(ws + a, ws + b) for a, b in self.org_spans(text[ws:s])] if toks[j].word[:1].isupper() else []
            while k >= 0 and np_ish(toks[k]) and len(pre) < 12 and toks[k].low not in _PRE_STOP \
                    and (not self.mentions.has_name(toks[k]) or toks[k].low in NP_FILLERS
                         or any(a <= toks[k].start < b for a, b in bodies)
                         or (k + 1 < len(toks) and toks[k + 1].word in _PLACE_UNITS)):
                if toks[k].low in _CONJUNCTIONS and k > 0 and self.mentions.has_name(toks[k - 1]):
                    break  # "Director Dr. Orrin Vasquel and University President Dr. Talia ...": his title ends
                pre.insert(0, toks[k])
                k -= 1
            if pre and k >= 0 and role_of(pre[0].low) is not None and is_cap(toks[k]) \
                    and toks[k].word not in FIRST_NAMES and toks[k].word[-2:] not in ("'s", "’s") \
                    and (k == 0 or not is_cap(toks[k - 1])):
                # "Rosatom Director General Alexei Likhachev": one capitalised word before the title
                # (no given name, nothing capitalised before it) is the body the title is of
                pre.insert(0, toks[k])
                named = toks[k].word
            elif pre and 0 < k < 30 and (toks[k].word == "," or toks[k].low in _PRE_STOP) \
                    and self._ru_title_clause(toks[:k + 1]):
                # "Депутат Госдумы, член комитета по бюджету Олег Жмуров": Russian has no article; a
                # clause that opens with a title and runs to the name with no verb is all title (the
                # titles split by a comma, the body after a preposition)
                pre = [t for t in toks[:j + 1] if t.word not in ",()"]
        location = None
        # "At the Pentagon, press secretary John Kirby": a body opening the clause
        k = len(toks) - 1 - len(pre) if pre else -1
        if pre and k >= 0 and toks[k].word == ",":
            m = k - 1
            chunk = []
            while m >= 0 and toks[m].word not in ",;:" and len(chunk) < 8:
                chunk.insert(0, toks[m])
                m -= 1
            if chunk and chunk[0].low in LOCATION_LEADS:
                location = text[chunk[0].start:chunk[-1].end]
        if quoted:
            pre = pre + quoted if pre else []
            if pre:
                named = text[quoted[0].start:quoted[-1].end]
            else:
                named = None
        return pre, location, named

    def _ru_title_clause(self, toks: list[Tok]) -> bool:
        """Do these Russian words, a clause's opening, read as titles only: a capitalised title
        first, then nouns, prepositions and commas, no verb and no one else's name?"""
        first = toks[0]
        if not ("\u0400" <= first.low[:1] <= "\u04ff") or not first.word[:1].isupper() or role_of(first.low) is None:
            return False
        for t in toks[1:]:
            if t.word in ",()":
                continue
            if not ("\u0400" <= t.low[:1] <= "\u04ff"):
                return False
            if t.word[:1].islower():
                if t.low.endswith(_RU_VERB_ENDINGS) or t.low in ALL_SPEECH_VERBS:
                    return False
            elif self.mentions.has_name(t):
                return False
        return True

    def analyze(self, m: Mention) -> None:
        """Read the words around one mention: its title, its apposition, whether it is a subject."""
        if m.analyzed:
            return
        m.analyzed = True
        pre, location, named = self.title_before(m.start)
        m.pre_start = pre[0].start if pre else m.start
        app = [] if m.possessive else apposition_after(self.text, m.end)
        if pre or app:
            actor, former, roles, _ref, role_text = self.describe([pre, *app], m.start, location)
            if actor is None and named is not None and roles and not (roles & INDEPENDENT_ROLES):
                actor = self.quoted_body(pre[0].start, m.start) or (named if named == pre[0].word else None)
            record_tie(m.entity, actor, former, roles, role_text, m.start)
        if m.entity.tie is None and not m.possessive:
            self.affiliation_after(m)
        if m.entity.tie is None and not m.possessive:
            self._employer_after(m)
        if m.entity.tie is None and not m.possessive:
            self._led_by(m)

    def quoted_body(self, s: int, e: int) -> str | None:
        """"генеральный директор «Бюро 1440» Алексей Гордеев": the body a title names in quotation
        marks just before the name (a company nobody listed), as written."""
        seg = self.text[s:e].rstrip()
        if not seg.endswith(("»", "”")):
            return None
        o = seg.rfind("«" if seg[-1] == "»" else "“")
        name = seg[o + 1:-1].strip() if o >= 0 else ""
        before = seg[:max(o, 0)].rsplit(None, 1)[-1:]
        if before and before[0].lower().startswith(_THING_STEMS):
            return None  # "конструктор корабля «Орел»": a ship's name, not a body's
        return name if 0 < len(name) <= 60 and name[:1].isupper() else None

    def affiliation_after(self, m: Mention) -> None:
        """"The moderator was Lauren Pryce of NASA Communications", "Sarah Walker from SpaceX": a
        name followed by of/from/at and a body's capitalised name is that body's person (only a
        configured actor or a known body: "Smith of Texas" names a place)."""
        a = _AFFILIATION.match(self.text, m.end, min(len(self.text), m.end + 90))
        if a is None:
            return
        orgs = self.r.orgs_in(a.group(1))
        hit = next((o for o in orgs if o.kind in ("actor", "body") and o.start == 0), None)
        if hit is not None:
            record_tie(m.entity, hit.actor if hit.kind == "actor" else body_name(hit), None, set(), None, m.start)

    def _employer_after(self, m: Mention) -> None:
        """"Fogg worked with NASA's Space Technology Mission Directorate": the body a person is the
        subject of working for ties them to it, when nothing else has."""
        e = m.end
        while e < len(self.text) and self.text[e] in ",":  # (after an apposition the scan left out)
            e += 1
        v = _EMPLOYED.match(self.text, e, min(len(self.text), e + 40))
        former: str | None = None
        if v is None or v.group(1).lower() not in EMPLOYMENT_VERBS:
            # "Tory Bruno, who has run the joint venture since 2014": the body a person runs, leads
            # or founded (in the past tense, a body they ran before)
            v = _LEADS.match(self.text, e, min(len(self.text), e + 60))
            if v is None:
                return
            stop = min(len(self.text), v.end() + 80)
            for c in ".;:!?,\n":
                k = self.text.find(c, v.end(), stop)
                if k > 0:
                    stop = k
            led, _ref = self.phrase_actor(self.text[v.end():stop], m.start)
            if led is not None:
                now: str | None = led
                if v.group(1) is None and v.group(2).lower() in _LED_PAST:
                    now, former = None, led
                record_tie(m.entity, now, former, set(), None, m.start)
            return
        stop = min(len(self.text), v.end() + 80)
        for c in ".;:!?\n":
            k = self.text.find(c, v.end(), stop)
            if k > 0:
                stop = k
        found, _ref = self.phrase_actor(self.text[v.end():stop], m.start)
        if found is not None:
            record_tie(m.entity, found, None, set(), None, m.start)

    def _led_by(self, m: Mention) -> None:
        """"Relativity Space, now led by former Google chief executive Eric Schmidt": the body a
        passive "led/run/headed/founded by" names before the person is theirs."""
        lo = max(0, m.pre_start - 90)
        b = _LED_BY.search(self.text, lo, m.pre_start)
        if b is None:
            return
        found, _ref = self.phrase_actor(b.group(1), m.start)
        if found is None and b.group(1)[:1].isupper() and b.group(1) not in NOT_NAMES:
            found = b.group(1)  # a capitalised name nobody listed: the body as written
        if found is not None:
            record_tie(m.entity, found, None, set(), None, m.start)

    def is_subject(self, m: Mention) -> bool:
        """Is this mention its clause's subject (worked out when a pronoun or a description asks)?"""
        if m.subject is None:
            self.analyze(m)
            m.subject = not m.possessive and subject_position(self.text, m.pre_start, [], m.end)
        return m.subject

    def actor_of(self, ent: Entity) -> str | None:
        """The actor of an entity once every mention of it has been read."""
        while ent.pending:
            self.analyze(ent.pending.pop())
        return ent.actor if ent.kind == "person" else ent.tie

    def describe(self, parts: list[list[Tok]], pos: int, location: str | None = None
                 ) -> tuple[str | None, str | None, set[str], str | None, str | None]:
        """(actor, former actor, roles, bare reference kind, role text) of descriptive phrases."""
        text = self.text
        items: list[tuple[str, list[Tok] | None]] = []
        for t in parts:
            # «собеседник агентства», «собеседница издания»: what follows the interlocutor is the
            # outlet they spoke to, not the body they speak for
            talk = next((i for i, x in enumerate(t) if x.low.startswith(_INTERLOCUTOR)), -1)
            if talk >= 0:
                t = t[:talk + 1]
            if not t:
                continue
            # "a former NASA official who now teaches at Georgetown University": the relative
            # clause is read apart (it says what the person is now)
            cut = next((i for i, x in enumerate(t) if i > 0 and x.low in _RELATIVE_PRONOUNS), 0)
            if not cut:
                # "director of the Space Policy Institute ... and a former executive secretary of the
                # National Space Council": what a person was, joined to what they are, is read apart
                cut = next((i for i, x in enumerate(t) if 0 < i < len(t) - 1 and x.low in _CONJUNCTIONS
                            and any(is_former(y.low) for y in t[i + 1:i + 3])), 0)
            for piece in ((t[:cut], t[cut:]) if cut else (t,)):
                items.append((text[piece[0].start:piece[-1].end], piece))
        return self._describe(items, pos, location)

    def describe_phrases(self, phrases: list[str], pos: int
                         ) -> tuple[str | None, str | None, set[str], str | None, str | None]:
        """describe() for phrases given as text (each tokenized only the first time it is seen)."""
        return self._describe([(p, None) for p in phrases], pos, None)

    def _describe(self, items: list[tuple[str, list[Tok] | None]], pos: int, location: str | None
                  ) -> tuple[str | None, str | None, set[str], str | None, str | None]:
        actor = former = ref = None
        roles: set[str] = set()
        role_text = None
        by_role = False
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
                found = self.mentions.local_actor(phrase) or found
            if was:
                if found is not None and former is None:
                    former = found
                continue
            if found is not None and (actor is None or (found in self.r.kinds and _is_unit(actor))
                                      or (by_role and found not in self.r.kinds
                                          and "company" in self.r.body_kinds(found))):
                # a configured actor later in the description beats the name of a unit it has
                # ("director, Planetary Science Division, at NASA Headquarters"); a company named
                # later beats the Vice President a bare "vice president" implied ("vice president
                # and general manager, Commercial Civil Space, Lockheed Martin Space")
                new_by_role = "vice" in phrase.lower() and found == self.r.role_tie(phrase) \
                    and not self.r.orgs_in(phrase)
                if actor is None or not by_role or not new_by_role:
                    actor, by_role = found, new_by_role
            if r is not None and ref is None:
                ref = r
        if actor is None and former is None and any(_military_rank(p) for p, _t in items):
            actor = OTHER  # "Brig. Gen. Kristin Panzenhagen", "le général X": an officer of some armed force
        if actor is None and location and roles:
            found, _ = self.phrase_actor(location, pos)
            if found is None:
                # "At the Pentagon, press secretary John Kirby said": an institution, not a town
                m = _AT_THE_BODY.fullmatch(location)
                found = m.group(1) if m is not None and m.group(1) not in NOT_NAMES else None
            if found is not None:
                actor = found
        return actor, former, roles, ref, role_text

    def phrase_actor(self, phrase: str, pos: int) -> tuple[str | None, str | None]:
        """The actor a phrase names and, for "the agency", which kind of body it points back to."""
        found, ref = self._phrase_facts(phrase)
        if (found is None or found not in self.r.kinds) and _WATCHDOG.search(phrase) is not None:
            # "the agency's inspector general", "the Office of Inspector General": every agency has
            # one; it is a unit of the agency the article is about, not a body of its own
            agency = self.resolve_ref("agency", pos)
            if agency is not None and agency in self.r.kinds:
                return agency, ref
        if found is None and ref is not None:
            return self.resolve_ref(ref, pos), ref
        if found is None:
            m = _BODY_NOUN_REF.search(phrase)
            if m is not None and m.group(1).capitalize() in _ORG_HEAD_WORDS:
                # "the federation's president", "the institute said": the body named last whose
                # name ends with that noun ("the Commercial Spaceflight Federation")
                body = self._body_by_head(m.group(1).capitalize(), pos)
                if body is not None:
                    return body, ref
        if found is None and phrase.lower().startswith(_POSSESSIVES):
            # "son directeur général", "its chief executive": the body named last, close by
            mentions = self.mentions.org_mentions
            k = bisect.bisect_left(mentions, (pos,)) - 1
            if k >= 0 and pos - mentions[k][0] < 400:
                return mentions[k][1], ref
        return found, ref

    def _body_by_head(self, head: str, pos: int) -> str | None:
        """The last body named before pos (within a few paragraphs) whose name ends with head."""
        lo = max(0, pos - 1500)
        found = None
        for hit in self.r.orgs_in(self.text[lo:pos]):
            if hit.kind in ("generic", "actor", "body") and hit.text.rstrip(" .,'’s").endswith(head):
                found = hit
        if found is None:
            return None
        return found.actor if found.kind == "actor" else body_name(found)

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
                found = role_of_body(phrase)
            hit = self.phrases[phrase] = (found, ref)
        return hit

    def fixed_body(self, toks: list[Tok]) -> str | None:
        """The actor of a plain phrase (no description before it, no apposition) that names a body
        by itself, as resolve_np reads it in any article: "NASA", "the European Space Agency".
        None where the reading depends on the article: a pronoun, a person's name, a role ("a
        NASA official"), a bare reference ("the agency"), a former tie."""
        if len(toks) == 1 and is_pronoun(toks[0]):
            return None
        text = self.text
        hs, he = toks[0].start, toks[-1].end
        masked = [(hs + a, hs + b) for a, b in self.org_spans(text[hs:he])]
        head = [t for t in toks if not any(a <= t.start < b for a, b in masked)] if masked else toks
        if self.mentions.name_in(head) is not None:
            return None
        phrase = text[hs:he]
        facts = self.part_facts.get(phrase)
        if facts is None:
            facts = self.part_facts[phrase] = (frozenset(roles_in(toks)), is_former(phrase))
        if facts[0] or facts[1] or _WATCHDOG.search(phrase) is not None:
            return None  # (an inspector general's office is the article's agency's)
        return self._phrase_facts(phrase)[0]

    def resolve_ref(self, ref: str, pos: int) -> str | None:
        """"the agency", "the company": the body of that kind named most recently before `pos`; in
        an actor's own feed, "the agency" is always that actor."""
        if self.feed_actor and ref in self.r.actor_kinds(self.feed_actor):
            return self.feed_actor
        k = bisect.bisect_left(self.mentions.org_mentions, (pos,)) - 1
        first: str | None = None
        for p, actor, name in self.mentions.org_mentions[max(0, k - 200):k + 1][::-1]:
            if first is not None and p < pos - 600:
                break
            configured = actor in self.r.kinds
            kinds = self.r.actor_kinds(actor) if configured else self.r.body_kinds(name)
            if ref in kinds or (ref == "corporation" and "company" in kinds):
                # (an outside body keeps its own name: "the agency" after the FAA is the FAA)
                found = actor if configured else _own_name(name)
                if self._speaks_at(p + len(name)):
                    # "LandSpace said ... that have made SpaceX dominant. ... the company said": the
                    # body that spoke last, close by, is the one meant, not one just mentioned
                    return found
                if first is None:
                    first = found
        if first is not None:
            return first
        if ref == "company":
            # "компании «Альфа 1440»", "la société « Orbex »": a company the article names only in
            # quotation marks after its noun (no scan reads inside the marks)
            found_name: str | None = None
            for m in _COMPANY_QUOTED.finditer(self.text, max(0, pos - 1500), pos):
                found_name = m.group(1).strip()
            if found_name:
                return found_name
        if ref == "agency" and self.feed_actor and "agency" in self.r.actor_kinds(self.feed_actor):
            return self.feed_actor
        return None

    def _speaks_at(self, e: int) -> bool:
        """Is a body's name that ends at e the subject of a speech verb ("LandSpace said")?"""
        m = _NEXT_WORD.match(self.text, e, min(len(self.text), e + 30))
        return m is not None and m.group(1).lower() in ALL_SPEECH_VERBS

    def org_spans(self, phrase: str) -> list[tuple[int, int]]:
        hit = self.spans.get(phrase)
        if hit is None:
            hit = self.spans[phrase] = [(o.start, o.end) for o in self.r.orgs_in(phrase) if o.kind != "ref"]
        return hit
