"""What one word says about a person: the role it names ("spokeswoman" -> spokesperson, "министром" ->
minister) or a body it names ("Institute", "Министерства"), in English, Russian and French."""

from __future__ import annotations

from functools import lru_cache

from .actors import _ORG_HEADS
from .attribution import Tok
from .lexicon import NOUN_ENDINGS, ROLES, is_role_word

# Spellings and languages of one role, under the name descriptions are matched by.
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
    "chercheur": "researcher", "chercheuse": "researcher", "дипломат": "diplomat", "diplomate": "diplomat",
}
_RU_ROLE_STEMS = {
    "министр": "министр", "президент": "президент", "представител": "представитель", "директор": "директор",
    "заместител": "заместитель", "руководител": "руководитель", "пресс-секретар": "пресс-секретарь",
    "космонавт": "космонавт", "астронавт": "астронавт", "эксперт": "эксперт", "источник": "источник",
    "председател": "председатель", "начальник": "начальник", "советник": "советник", "помощник": "помощник",
    "сотрудник": "сотрудник", "аналитик": "аналитик", "инженер": "инженер", "сенатор": "сенатор",
    "депутат": "депутат", "конструктор": "конструктор", "командир": "командир", "дипломат": "diplomat",
    "член-корреспондент": "member", "академик": "academician",
    "инструктор": "instructor", "губернатор": "governor", "юрист": "lawyer",
    "специалист": "specialist", "технолог": "technologist",
    "собеседни": "источник",  # «собеседник агентства»: the one an outlet spoke to, a source
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


def possessive_len(word: str) -> int:
    """How many closing characters make a word possessive: 2 for "NASA's", 1 for "Ames'", else 0."""
    if word.endswith(("'s", "’s")):
        return 2
    if word.endswith(("s'", "s’")) and len(word) > 2:
        return 1
    return 0


def abstract_noun(word: str) -> bool:
    """"Communication", "Development": a capitalised common noun that names no one."""
    return len(word) >= 8 and word.lower().endswith(NOUN_ENDINGS)
