"""Who speaks for whom: the config's actors, aliases and people, learned people, and the bodies
and titles an article ties a speaker to."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import Actor, Config, LearnedPerson, Person
from .translit import fold, has_cyrillic, ru_first_name_forms, ru_nominative, to_latin

OTHER = "Other"  # a body outside the configured actors (a ministry, a company, a think tank...)


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person the resolver knows before reading the article: from the config or learned."""

    name: str
    actor: str | None
    source: str  # "config" or "learned"
    role: str | None = None


@dataclass(frozen=True, slots=True)
class OrgHit:
    """A body named in a phrase. `actor` is a configured actor, OTHER, or None for a bare
    reference ("the agency", "the company") that the article's context has to settle."""

    start: int
    end: int
    actor: str | None
    text: str
    kind: str  # "actor", "body" (a known outside body), "generic" (a named org), "ref" (the agency)
    ref: str | None = None  # for kind "ref": agency, company, corporation, government


# --- what the package knows about bodies outside the configured actors -------------------------

# Well-known bodies of the space world that are not actors: statements tied to them are "Other".
# A gazetteer, like the config's aliases: each name (and its usual short forms) with the kind of
# body it is, which says what a later "the agency", "the company" or "the service" can point back to.
_AGENCY, _COMPANY, _GOVERNMENT, _MILITARY, _OTHER_KIND = "agency", "company", "government", "military", "other"
OTHER_BODIES: dict[str, str] = {
    # companies of the launch, satellite and station business
    "Boeing": _COMPANY, "Blue Origin": _COMPANY, "Arianespace": _COMPANY, "ArianeGroup": _COMPANY,
    "Airbus": _COMPANY, "Airbus Defence and Space": _COMPANY, "Lockheed Martin": _COMPANY,
    "Northrop Grumman": _COMPANY, "Rocket Lab": _COMPANY, "Axiom Space": _COMPANY, "Axiom": _COMPANY,
    "Sierra Space": _COMPANY, "Firefly": _COMPANY, "Firefly Aerospace": _COMPANY,
    "United Launch Alliance": _COMPANY, "ULA": _COMPANY, "Thales Alenia Space": _COMPANY, "Thales": _COMPANY,
    "OHB": _COMPANY, "Avio": _COMPANY, "Relativity Space": _COMPANY, "Intuitive Machines": _COMPANY,
    "Astrobotic": _COMPANY, "ispace": _COMPANY, "Virgin Galactic": _COMPANY, "Virgin Orbit": _COMPANY,
    "Toyota": _COMPANY, "Mitsubishi Heavy Industries": _COMPANY, "MHI": _COMPANY, "Maxar": _COMPANY,
    "L3Harris": _COMPANY, "Aerojet Rocketdyne": _COMPANY, "Ball Aerospace": _COMPANY, "Planet Labs": _COMPANY,
    "Viasat": _COMPANY, "SES": _COMPANY, "Eutelsat": _COMPANY, "OneWeb": _COMPANY, "Amazon": _COMPANY,
    "Project Kuiper": _COMPANY, "Vast": _COMPANY, "Voyager Space": _COMPANY, "Redwire": _COMPANY,
    "Safran": _COMPANY, "Leonardo": _COMPANY, "Telespazio": _COMPANY, "MDA Space": _COMPANY,
    "Isar Aerospace": _COMPANY, "Rocket Factory Augsburg": _COMPANY, "The Exploration Company": _COMPANY,
    "Skyroot Aerospace": _COMPANY, "Agnikul Cosmos": _COMPANY, "Hindustan Aeronautics": _COMPANY,
    "LandSpace": _COMPANY, "Galactic Energy": _COMPANY, "Space Pioneer": _COMPANY,
    "China Aerospace Science and Technology Corporation": _COMPANY, "CASC": _COMPANY,
    "China Academy of Space Technology": _COMPANY, "CAST": _COMPANY, "CASIC": _COMPANY,
    "Ростех": _COMPANY,
    # space agencies and regulators that have no pane
    "CNES": _AGENCY, "DLR": _AGENCY, "ASI": _AGENCY, "CSA": _AGENCY, "Canadian Space Agency": _AGENCY,
    "UK Space Agency": _AGENCY, "UKSA": _AGENCY, "KARI": _AGENCY, "KASA": _AGENCY,
    "Korea AeroSpace Administration": _AGENCY, "UAE Space Agency": _AGENCY,
    "Mohammed bin Rashid Space Centre": _AGENCY, "Australian Space Agency": _AGENCY, "SUPARCO": _AGENCY,
    "IN-SPACe": _AGENCY, "NewSpace India Limited": _COMPANY, "NSIL": _COMPANY, "EUMETSAT": _AGENCY,
    "EUSPA": _AGENCY, "FAA": _AGENCY, "Federal Aviation Administration": _AGENCY, "NOAA": _AGENCY,
    "National Oceanic and Atmospheric Administration": _AGENCY, "FCC": _AGENCY,
    "Federal Communications Commission": _AGENCY, "NTSB": _AGENCY, "National Science Foundation": _AGENCY,
    "NSF": _AGENCY, "DARPA": _AGENCY, "National Reconnaissance Office": _AGENCY, "NRO": _AGENCY,
    "Space Development Agency": _AGENCY, "SDA": _AGENCY, "Missile Defense Agency": _AGENCY,
    "Government Accountability Office": _AGENCY, "GAO": _AGENCY, "Congressional Budget Office": _AGENCY,
    "CBO": _AGENCY, "Office of Management and Budget": _AGENCY,
    "OMB": _AGENCY, "Department of Commerce": _GOVERNMENT, "Commerce Department": _GOVERNMENT,
    "Office of Space Commerce": _AGENCY,
    # armed forces and defence ministries
    "Pentagon": _MILITARY, "Space Force": _MILITARY, "U.S. Space Force": _MILITARY, "USSF": _MILITARY,
    "Space Command": _MILITARY, "U.S. Space Command": _MILITARY, "Air Force": _MILITARY,
    "Department of Defense": _MILITARY, "Defense Department": _MILITARY, "DoD": _MILITARY,
    "Defence Ministry": _MILITARY, "Defense Ministry": _MILITARY, "Ministry of Defence": _MILITARY,
    "Ministry of Defense": _MILITARY, "Commandement de l'espace": _MILITARY, "Bundeswehr": _MILITARY,
    "Минобороны": _MILITARY,
    # governments, ministries, international bodies
    "Foreign Ministry": _GOVERNMENT, "Ministry of Foreign Affairs": _GOVERNMENT, "МИД": _GOVERNMENT,
    "United Nations": _GOVERNMENT, "UNOOSA": _GOVERNMENT, "NATO": _GOVERNMENT, "European Commission": _GOVERNMENT,
    "European Union": _GOVERNMENT, "Élysée": _GOVERNMENT, "Downing Street": _GOVERNMENT,
    # research bodies, think tanks, advocacy groups, universities' usual short names
    "РАН": _OTHER_KIND, "ИКИ": _OTHER_KIND, "ЦУП": _OTHER_KIND, "CNRS": _OTHER_KIND, "Caltech": _OTHER_KIND,
    "MIT": _OTHER_KIND, "CSIS": _OTHER_KIND, "Center for Strategic and International Studies": _OTHER_KIND,
    "American Enterprise Institute": _OTHER_KIND, "AEI": _OTHER_KIND, "RAND": _OTHER_KIND,
    "RAND Corporation": _OTHER_KIND, "Brookings Institution": _OTHER_KIND, "Secure World Foundation": _OTHER_KIND,
    "Planetary Society": _OTHER_KIND, "Aerospace Corporation": _OTHER_KIND,
    # newspapers and agencies that are quoted as bodies
    "Vedomosti": _OTHER_KIND, "Interfax": _OTHER_KIND, "Известия": _OTHER_KIND,
}

# Nouns that end the name of an organisation ("Institute for Space Security Studies").
_ORG_HEADS = (
    "Ministry", "Institute", "Institution", "University", "Academy", "Centre", "Center", "Forum", "Council",
    "Committee", "Commission", "Agency", "Corporation", "Corp", "Inc", "Ltd", "LLC", "Company", "Foundation",
    "Society", "Laboratory", "Laboratories", "Lab", "Labs", "Observatory", "Partners", "Group", "Associates",
    "Consulting", "Administration", "Department", "Office", "Bureau", "Authority", "Association", "Union",
    "Organisation", "Organization", "Party", "Parliament", "Government", "Embassy", "Court", "Assembly",
    "Industries", "Technologies", "Systems", "Dynamics", "Aerospace", "Times", "Post", "Journal", "Network",
    "Service", "Services", "Trust", "Fund", "Bank", "Team", "Command", "Force", "Forces",
    "School", "College", "Faculty", "Directorate", "Division", "Branch", "Federation", "Coalition", "Alliance",
    "Consortium", "Project", "Facility", "Museum", "Robotics", "Institut", "Fondation", "Centre", "Agence",
)
# The kind of body a name's head noun makes it ("Space Development Agency", "Rocket Lab Inc").
_HEAD_KINDS = {
    **dict.fromkeys(("Agency", "Administration", "Office", "Authority", "Commission", "Bureau", "Agence"), _AGENCY),
    **dict.fromkeys(("Company", "Corporation", "Corp", "Inc", "Ltd", "LLC", "Industries", "Technologies", "Systems",
                     "Dynamics", "Aerospace", "Robotics", "Labs", "Partners", "Associates", "Consulting"), _COMPANY),
    **dict.fromkeys(("Ministry", "Department", "Government", "Embassy", "Parliament", "Ministère"), _GOVERNMENT),
    **dict.fromkeys(("Force", "Forces", "Command", "Army", "Navy"), _MILITARY),
    **dict.fromkeys(("Institute", "Institution", "University", "Academy", "Foundation", "Society", "Observatory",
                     "Laboratory", "College", "School", "Council", "Association"), _OTHER_KIND),
}
# Lowercase nouns for a body ("the payments company Shift4", "a think tank") and what a bare
# definite one ("the agency said") refers to.
_GENERIC_NOUNS = {
    "agency": "agency", "agence": "agency", "агентство": "agency", "агентства": "agency",
    "агентстве": "agency", "ведомство": "agency", "ведомства": "agency",
    "corporation": "corporation", "корпорация": "corporation", "корпорации": "corporation",
    "госкорпорация": "corporation", "госкорпорации": "corporation", "госкорпорацией": "corporation",
    "company": "company", "firm": "company", "startup": "company", "contractor": "company",
    "manufacturer": "company", "operator": "company", "venture": "company", "joint venture": "company",
    "maker": "company", "builder": "company",
    "société": "company", "entreprise": "company",
    "компания": "company", "компании": "company",
    "ministry": "government", "government": "government", "ministère": "government",
    "gouvernement": "government", "министерство": "government", "министерства": "government",
    "правительство": "government", "правительства": "government",
    "institute": "other", "university": "other", "newspaper": "other", "think tank": "other",
    "institut": "other", "université": "other", "институт": "other", "института": "other",
    "университета": "other", "университет": "other", "газета": "other", "газеты": "other",
    "magazine": "other", "журнал": "other", "журнала": "other", "академия": "other", "академии": "other",
    "regulator": "agency", "watchdog": "agency", "service": "military", "military": "military",
    "commission": "agency", "комиссия": "agency", "комиссии": "agency", "council": "other", "conseil": "other",
}
_ACTOR_KINDS = {
    "NASA": ("agency",), "ESA": ("agency",), "CNSA": ("agency",), "JAXA": ("agency",),
    "ISRO": ("agency",), "Roscosmos": ("agency", "corporation"), "SpaceX": ("company",),
    "Kremlin": ("government",), "White House": ("government",), "US State Department": ("government",),
    "US Congress": ("government",),
}

# Titles and roles that tie a speaker to an actor without naming it.
_ROLE_TIES = (
    ("Kremlin", re.compile(
        r"(?:russian|russia['’]s) president|president of russia|президент\w* росси|пресс-секретар\w* "
        r"(?:президента|кремля)|président russe|président de la russie|presidential administration",
        re.IGNORECASE)),
    ("White House", re.compile(
        r"(?:u\.s\.|\bus|american|united states) president|president of the united states"
        # the Vice President, not a company's ("SpaceX's vice president of launch", "executive vice
        # president", "the Amazon vice president"): at the start, after "the" or the country alone,
        # and not "of"/"for"/"at" a body
        r"|(?:^|(?<=\bthe )|(?<=u\.s\. )|(?<=\bus )|(?<=american ))vice[- ]president(?!\s+(?:of|for|at)\b)"
        r"|national security council|national space council|white house|президент\w* сша|вице-президент"
        r"|président américain|maison blanche", re.IGNORECASE)),
    ("US Congress", re.compile(r"(?<![\w-])[RDI]-[A-Z][A-Za-z.]{1,13}(?![\w-])")),  # R-Miss., D-MI, R-S.D.
    ("US Congress", re.compile(
        r"\bsenators?\b|\bsens?\.|\brepresentative\b|\breps?\.|congressman|congresswoman|\blawmaker"
        r"|\b(?:house|senate)\b[\w\s]{0,30}?\bcommittee|конгрессмен|американск\w+ сенатор\w*|сенатор\w* сша"
        r"|sénat\w* (?:américain|des états-unis)\w*", re.IGNORECASE)),
    ("US State Department", re.compile(
        r"state department|secretary of state|госдеп|département d['’]état", re.IGNORECASE)),
    (OTHER, re.compile(
        r"\bprime minister|\bpremier\b|\bminister\b|\bsénat(?:eur|rice)s?\b|сенатор|министр|премьер|\bministre\b"
        r"|\bgovernor\b|губернатор|\bambassador|\bcommissioner\b|\bcommissaire\b|комиссар"
        r"|депутат|\bdéputée?s?\b"
        r"|\bпосол|ambassadeur|\bchancellor|\bmayor\b|\bmaire\b|\bмэр\b|\bpréfet\b|\bpréfète\b|\bprefect\b|\bdiplomat|\benvoy\b|дипломат|diplomate"
        # a school's head ("le proviseur"): the title names the body it heads
        r"|\bproviseure?\b|\bheadmaster\b|\bheadmistress\b"
        r"|\b(?:defen[cs]e|military|pentagon) (?:department |ministry )?(?:officials?|sources?|spokes)",
        re.IGNORECASE)),
    ("Roscosmos", re.compile(r"\bcosmonaut(?!ic)|космонавт(?!ик)|cosmonaute", re.IGNORECASE)),  # (not cosmonautics)
    ("JAXA", re.compile(r"japanese astronaut|японск\w+ астронавт|astronaute japonais", re.IGNORECASE)),
    ("ESA", re.compile(r"european astronaut|европейск\w+ астронавт|astronaute européen", re.IGNORECASE)),
    ("CNSA", re.compile(r"chinese astronaut|taikonaut|китайск\w+ (?:астронавт|тайконавт)", re.IGNORECASE)),
    ("ISRO", re.compile(r"indian astronaut|gaganyatri", re.IGNORECASE)),
)
_FORMER = re.compile(r"\b(?:former|ex-|one-time|onetime|then-|erstwhile|retired|бывш\w*|экс-|ancien\w*)",
                     re.IGNORECASE)

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
_CAPWORD = rf"[{_UPPER}][\w&\-]*"


_NO_MARKS = str.maketrans("", "", "«»“”\"„")


def _alias_pattern(alias: str) -> str:
    """A regex for one alias; Cyrillic words take their case endings (Роскосмоса, Кремле)."""
    words = alias.split()
    parts = []
    for w in words:
        core = w.strip("«»“”\"„")
        if core != w and core:
            # "РКЦ «Прогресс»" is also written without its marks (or a title drops them)
            parts.append("[«“\"„]?" + _alias_pattern(core) + "[»”\"]?")
            continue
        if has_cyrillic(w) and len(w) >= 5 and not w.isupper():
            stem = w[:-1] if w[-1].lower() in "аяоеьйиыуюё" else w
            parts.append(re.escape(stem) + r"\w{0,3}")
        else:
            parts.append(re.sub("['’]", "['’]", re.escape(w)))  # China's = China’s
    return r"\s+".join(parts)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in alias


class ActorResolver:
    """Everything the extractor knows about actors before reading an article.

    Built once per process (it pickles: plain dicts and compiled patterns) and shared by every
    extraction. `learned` people come from earlier articles; the config wins where both know a person.
    """

    def __init__(self, actors: Sequence[Actor], learned: Iterable[LearnedPerson] = ()) -> None:
        self.actors: tuple[str, ...] = tuple(a.name for a in actors)
        self.pane_actors: tuple[str, ...] = tuple(a.name for a in actors if a.pane)
        self.actor_order: dict[str, int] = {name: i for i, name in enumerate(self.actors)}  # config order
        self._canon = {a.name.casefold(): a.name for a in actors}
        self.kinds: dict[str, tuple[str, ...]] = {}
        alias_actor: dict[str, str] = {}
        acronyms: set[str] = set()
        words: set[str] = set()
        for a in actors:
            kinds = _ACTOR_KINDS.get(a.name)
            if kinds is None:
                text = " ".join(a.aliases).lower()
                kinds = tuple(k for k, words_ in (("agency", ("agency", "агентств", "agence")),
                                                    ("corporation", ("corporation", "корпорац")),
                                                    ("company", ("company", "inc", "corp")))
                              if any(w in text for w in words_)) or ("other",)
            self.kinds[a.name] = kinds
            for alias in (a.name, *a.aliases):
                alias = alias.strip()
                if not alias:
                    continue
                key = alias.casefold().replace("’", "'")
                alias_actor.setdefault(key, a.name)
                if has_cyrillic(alias) and len(alias) >= 5 and not alias.isupper() and " " not in alias:
                    stem = key[:-1] if key[-1] in "аяоеьйиыуюё" else key
                    alias_actor.setdefault(stem, a.name)
                (acronyms if _is_acronym(alias) else words).add(alias)
        self._body_kind: dict[str, str] = {}
        for body, kind in OTHER_BODIES.items():
            key = body.casefold()
            if key not in alias_actor:
                alias_actor[key] = OTHER
                self._body_kind[key.replace("’", "'")] = kind
                (acronyms if _is_acronym(body) else words).add(body)
        for key in [k for k in alias_actor if any(c in k for c in "«»“”\"„")]:
            # ("РКЦ Прогресс": the same name without its marks)
            alias_actor.setdefault(" ".join(key.translate(_NO_MARKS).split()), alias_actor[key])
        self._alias_actor = alias_actor
        # one-word Latin aliases by their folded spelling, for the same names written in Cyrillic
        self._latin_aliases = {fold(a): act for a, act in alias_actor.items()
                               if " " not in a and not has_cyrillic(a) and len(fold(a)) >= 3}
        from .lexicon import NOT_NAMES
        # capitalised words that are neither names nor bodies: a scan skips them outright
        self.skip_words = frozenset(w for w in NOT_NAMES if self.actor_of_alias(w) is None)
        # Aliases a scan of capitalised words cannot see whole. "Russian space agency": looked up from
        # its capitalised first word; "госкорпорация": its own regex, run only when its stem occurs.
        self._phrase_aliases: dict[str, list[tuple[str, str]]] = {}
        lowercase_first = []
        for alias in sorted(words, key=len, reverse=True):
            ws = alias.split()
            if not alias[:1].isupper():
                lowercase_first.append(alias)
            elif len(ws) > 1 and any(w[:1].islower() for w in ws):
                folded = alias.casefold().replace("’", "'")
                self._phrase_aliases.setdefault(ws[0].casefold().replace("’", "'"), []).append(
                    (folded, alias_actor[folded]))
        self._lower_anchors = tuple(sorted({a.split()[0][:5] for a in lowercase_first}))
        self._latin_anchors = tuple(a for a in self._lower_anchors if not has_cyrillic(a))
        self._lower_re = re.compile(
            r"(?<![\w-])(?:" + "|".join(_alias_pattern(a) for a in lowercase_first) + r")(?![\w-])") \
            if lowercase_first else None
        ordered_words = sorted(words, key=len, reverse=True)
        ordered_acr = sorted(acronyms, key=len, reverse=True)
        alt = "|".join(_alias_pattern(w) for w in ordered_words)
        acr = "|".join(re.escape(w) for w in ordered_acr)
        body = "|".join(x for x in (f"(?i:{alt})" if alt else "", acr) if x)
        # l'ESA, ESA's, НАСА: an alias is a whole word; French elision and English possessives allowed.
        self._alias_re = re.compile(rf"(?<![\w@#/.-])(?:[ldLD]['’])?(?P<a>{body})(?:['’]s?)?(?![\w-])") if body \
            else None
        heads = "|".join(_ORG_HEADS)
        self._org_re = re.compile(
            rf"(?:(?:{_CAPWORD}|and|&)\s+){{0,6}}(?:{heads})\b"
            rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAPWORD}(?:\s+(?:and\s+)?{_CAPWORD}){{0,5}})?")
        generic = "|".join(sorted((re.escape(g) for g in _GENERIC_NOUNS), key=len, reverse=True))
        self._generic_re = re.compile(rf"(?i:(?<![\w-])(?:{generic})(?:['’]s)?(?![\w-]))")
        self._canon_lower = {n.casefold(): n for n in self.actors}
        # classifications of capitalised runs, names and phrases, shared by the articles of a process
        self._caches: dict[str, dict] = {}

        # people: full-name keys and surname keys (Latin, Cyrillic and their case forms fold alike)
        self._by_full: dict[str, KnownPerson] = {}
        self._by_surname: dict[str, list[KnownPerson]] = {}
        for a in actors:
            for p in a.people:
                self._add_person(p, a.name, "config")
        for lp in learned:
            actor = self._canon.get(lp.actor.casefold(), lp.actor) if lp.actor else None
            if self._full_key(lp.name) in self._by_full:
                continue  # the config knows this person already
            self._add_person(Person(name=lp.name, actor=actor), actor, "learned", lp.role)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_caches"] = {}  # caches, not state: each process fills its own
        return state

    def caches(self, names: tuple[str, ...], limit: int = 50_000) -> list[dict]:
        """Several named memos at once (see cache)."""
        got = self._caches
        out = []
        for name in names:
            c = got.get(name)
            if c is None or len(c) > limit:
                c = got[name] = {}
            out.append(c)
        return out

    def cache(self, name: str, limit: int = 50_000) -> dict:
        """A named memo shared by the extractions of this process (emptied when it grows past limit)."""
        c = self._caches.get(name)
        if c is None or len(c) > limit:
            c = self._caches[name] = {}
        return c

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def from_config(cls, config: Config, learned: Iterable[LearnedPerson] = ()) -> ActorResolver:
        return cls(config.actors, learned)

    @staticmethod
    def _full_key(name: str) -> str:
        ws = [fold(w) for w in name.replace(".", ". ").split()]
        ws = [w for w in ws if w]
        if not ws:
            return ""
        return ws[0] + " " + ws[-1] if len(ws) > 1 else ws[0]

    def _add_person(self, p: Person, actor: str | None, source: str, role: str | None = None) -> None:
        known = KnownPerson(name=p.name, actor=p.actor if p.actor is not None else actor, source=source,
                            role=role)
        for spelling in (p.name, *p.aliases):
            words = spelling.split()
            if not words:
                continue
            if len(words) > 1:
                self._by_full.setdefault(self._full_key(spelling), known)
            sk = fold(words[-1])
            if sk:
                bucket = self._by_surname.setdefault(sk, [])
                if all(k.name != known.name for k in bucket):
                    bucket.append(known)

    # --- people ------------------------------------------------------------------------------

    def person(self, name: str) -> KnownPerson | None:
        """The known person a name (full, surname only, any spelling or case form) refers to."""
        return _lookup(self, name)

    def surname_candidates(self, word: str) -> list[KnownPerson]:
        key = fold(word)
        hits = self._by_surname.get(key)
        if hits is None and has_cyrillic(word):
            hits = self._by_surname.get(fold(ru_nominative(word)))
        return hits or []

    def knows_surname(self, word: str) -> bool:
        return bool(self.surname_candidates(word))

    # --- bodies -------------------------------------------------------------------------------

    def actor_of_alias(self, alias: str) -> str | None:
        key = alias.casefold().strip().replace("’", "'")
        for prefix in ("l'", "l’", "d'", "d’"):
            if key.startswith(prefix):
                key = key[2:]
        for suffix in ("'s", "’s", "'", "’"):
            if key.endswith(suffix):
                key = key[: -len(suffix)]
                break
        hit = self._alias_actor.get(key)
        if hit is None and any(c in key for c in "«»“”\"„"):
            hit = self._alias_actor.get(" ".join(key.translate(_NO_MARKS).split()))
        if hit is None and has_cyrillic(key):
            for cut in (1, 2, 3):
                if len(key) - cut >= 4 and (hit := self._alias_actor.get(key[:-cut])):
                    break
            if hit is None and " " not in key:
                # "НАСА", "Роскосмоса": a Latin alias written in Cyrillic letters
                for cut in (0, 1, 2):
                    if len(key) - cut >= (3 if cut == 0 else 4) \
                            and (hit := self._latin_aliases.get(fold(key[:len(key) - cut]))):
                        break
        return hit

    def phrase_alias_at(self, text: str, pos: int, first_word: str) -> tuple[int, str] | None:
        """(end, actor) of a multi-word alias with lowercase words starting at `pos` ("Russian space agency")."""
        cands = self._phrase_aliases.get(first_word.casefold().replace("’", "'"))
        if not cands:
            return None
        for alias, actor in cands:
            end = pos + len(alias)
            if text[pos:end].casefold().replace("’", "'") == alias and (end >= len(text) or not text[end].isalnum()):
                return end, actor
        return None

    def lowercase_alias_mentions(self, text: str, skip: Sequence[tuple[int, int]] = (), cyrillic: bool = True
                                 ) -> list[tuple[int, int, str]]:
        """(start, end, actor) of the aliases that start with a lowercase word, outside `skip`."""
        if self._lower_re is None:
            return []
        for anchor in self._lower_anchors if cyrillic else self._latin_anchors:
            if anchor in text:
                break
        else:
            return []  # none of their first words occurs: no regex scan
        out = []
        starts = [a for a, _b in skip]
        for m in self._lower_re.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < skip[i][1]:
                continue  # inside a quotation
            actor = self.actor_of_alias(m.group())
            if actor is not None and actor != OTHER:
                out.append((m.start(), m.end(), actor))
        return out

    def orgs_in(self, phrase: str) -> list[OrgHit]:
        """The bodies a phrase names, in order: actors' aliases, known outside bodies, named
        organisations ("the Atlantic Orbital Policy Institute") and bare references ("the agency")."""
        return list(_orgs_in(self, phrase))

    def role_tie(self, phrase: str) -> str | None:
        """The actor a title implies ("Kremlin spokesman", "Representative", "cosmonaut")."""
        for actor, rx in _ROLE_TIES:
            if rx.search(phrase):
                return actor if actor == OTHER or actor.casefold() in self._canon else None
        return None

    def canonical_actor(self, name: str | None) -> str | None:
        if name is None:
            return None
        return self._canon.get(name.casefold(), name)

    def actor_kinds(self, actor: str) -> tuple[str, ...]:
        return self.kinds.get(actor, ("other",))

    def body_kinds(self, name: str) -> tuple[str, ...]:
        """What kind of body an outside body's name names ("FAA": an agency, "Boeing": a company,
        "Space Development Agency": an agency by its head noun); a name that says nothing is taken
        for a company, the body a news story most often calls by a bare name."""
        key = name.casefold().replace("’", "'").strip()
        if key.endswith("'s"):
            key = key[:-2]
        if key.startswith("the "):
            key = key[4:]
        kind = self._body_kind.get(key)
        if kind is None:
            kind = _HEAD_KINDS.get(name.rstrip(" .,'’s").rsplit(None, 1)[-1] if name.strip() else "", _COMPANY)
        return (kind, "corporation") if kind == _COMPANY else (kind,)


def is_former(phrase: str) -> bool:
    return _FORMER.search(phrase) is not None


def _orgs_in(r: ActorResolver, phrase: str) -> Iterator[OrgHit]:
    taken: list[tuple[int, int]] = []
    leads: dict[int, tuple[int, str]] = {}  # alias start -> (end, actor)
    if r._alias_re is not None:
        for m in r._alias_re.finditer(phrase):
            actor = r.actor_of_alias(m.group("a"))
            if actor is None:
                continue
            taken.append((m.start(), m.end()))
            leads[m.start()] = (m.end(), actor)
            yield OrgHit(m.start(), m.end(), actor, m.group("a"), "actor" if actor != OTHER else "body")
    for m in r._org_re.finditer(phrase):
        s, e = m.start(), m.end()
        lead = leads.get(s)
        if lead is not None and e > lead[0] and not any(lead[0] < ts < e for ts, _te in taken):
            # "NASA Ames Research Center", "Roscosmos State Corporation": a body whose name opens
            # with an actor's is that actor's own unit
            taken.append((s, e))
            yield OrgHit(s, e, lead[1], m.group(0), "actor" if lead[1] != OTHER else "body")
            continue
        if any(s < te and ts < e for ts, te in taken):
            continue
        text = m.group(0)
        # "the Atlantic Orbital Policy Institute": drop leading lowercase words
        words = text.split()
        while words and words[0][:1].islower():
            words.pop(0)
        if not words:
            continue
        taken.append((s, e))
        acr = _ACRONYM_AFTER.match(phrase, e)
        actor = r.actor_of_alias(acr.group(1)) if acr is not None else None
        if acr is not None and actor is not None and actor != OTHER:
            # "l'Administration spatiale nationale chinoise (CNSA)": a body's name in another
            # language, then the acronym the actor is known by
            taken[-1] = (s, acr.end())
            yield OrgHit(s, acr.end(), actor, phrase[s:acr.end()], "actor")
            continue
        yield OrgHit(s, e, OTHER, " ".join(words), "generic")
    for m in r._generic_re.finditer(phrase):
        s, e = m.start(), m.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        word = m.group(0).lower().rstrip("'’s") if m.group(0).lower().endswith(("'s", "’s")) \
            else m.group(0).lower()
        ref = _GENERIC_NOUNS.get(word, "other")
        # "the payments company Shift4", "компания Boeing": a named body, not a reference
        after = phrase[e:e + 40].lstrip()
        named = bool(after) and (after[0].isupper() or after[0] in "«\"“")
        name = _NAME_AFTER.match(after) if named else None
        written = name.group(1) if name is not None else m.group(0)
        if name is not None:
            e = len(phrase) - len(phrase[e:].lstrip()) + name.end()  # (the body's name is part of it)
        else:
            of = _OF_NAME.match(phrase, e)
            if of is not None:
                # "le ministère des Armées", "the ministry of Foreign Affairs": the capitalised
                # words after "of" name the body, no one
                named, e = True, of.end()
                written = phrase[s:e]
        yield OrgHit(s, e, OTHER if named or ref in ("government", "other") else None, written,
                     "generic" if named or ref in ("government", "other") else "ref", ref)


# the name after a body's common noun: "the payments company Shift4", "компания «Энергия»"
_NAME_AFTER = re.compile(r"[«\"“]?([^\W\d_][\w&.\-]*(?:\s[A-ZА-ЯЁ][\w&.\-]*){0,4})")
_OF_NAME = re.compile(r"\s+(?:of\s+(?:the\s+)?|de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+)"
                      r"[A-ZÀ-ÖØ-Þ][\w\-]*(?:\s+(?:(?:et|and|de|des|du|of|la|le)\s+)?[A-ZÀ-ÖØ-Þ][\w\-]*){0,4}")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")
_LOWER_BODY_WORDS = frozenset(_GENERIC_NOUNS)


def body_name(hit: OrgHit) -> str:
    """The name a statement keeps as its actor for a body outside the configured actors: its
    own words ("Planetary Society", "Boeing", "Shift4"), or OTHER when the phrase names no body
    by name ("the ministry", "a think tank")."""
    name = hit.text.strip(" .,;:'’\"“”«»")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if name[:4].lower() == "the ":
        name = name[4:]
    if not name or name.lower() in _LOWER_BODY_WORDS or not any(c.isupper() for c in name) or name in _ORG_HEADS:
        return OTHER
    return name


@lru_cache(maxsize=4096)
def _split_name(name: str) -> tuple[str, ...]:
    return tuple(w for w in name.replace(".", ". ").split() if w.strip(".-"))


def _lookup(r: ActorResolver, name: str) -> KnownPerson | None:
    words = _split_name(name)
    if not words:
        return None
    if len(words) > 1:
        first, last = words[0], words[-1]
        key = fold(first) + " " + fold(last)
        hit = r._by_full.get(key)
        if hit is None and has_cyrillic(name):
            # Дмитрия Пескова, Владимира Соловьёва: both words in an oblique case; a woman's -ова
            # surname stays as it is
            lasts = (fold(ru_nominative(last, feminine_ok=True)), fold(ru_nominative(last)))
            for first_form in ru_first_name_forms(first):
                first_key = fold(first_form)
                hit = r._by_full.get(first_key + " " + lasts[0]) or r._by_full.get(first_key + " " + lasts[1])
                if hit is not None:
                    break
        if hit is not None:
            return hit
        # "S. Somanath", "Bill Nelson" vs "William Nelson": the surname decides when the first name
        # is an initial; a different full first name is a different person.
        cands = r.surname_candidates(last)
        if len(cands) == 1:
            known_first = cands[0].name.split()[0]
            f = first.rstrip(".")
            if len(f) == 1 and fold(known_first).startswith(fold(f)):
                return cands[0]
        return None
    cands = r.surname_candidates(words[0])
    return cands[0] if len(cands) == 1 else None


def latin_name(name: str) -> str:
    """A name as the English press spells it when nobody configured it ('Игорь Савельев' -> 'Igor Savelyev')."""
    return to_latin(name) if has_cyrillic(name) else name
