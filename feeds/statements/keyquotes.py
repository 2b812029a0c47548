"""Which quotations matter: a transparent key score with its reasons, top ones per article marked key.

The score adds fixed weights for what makes a quotation news: a decision or a commitment, a plan,
a date or a deadline, a number, a named speaker for a known actor, a full statement of a useful
length. Every weight that applies leaves its reason, so a reader can see why a quote is key.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..models import Statement

# Features are read from the lowercased quotation with one regex each (prefixes catch inflections:
# решени-, décid-, withdraw-), a microsecond or two per quotation.
# Features are read from the beginnings of the quotation's lowercase words, compared as sets (a few
# microseconds a quotation): "commi" catches committed, "реше" решение, "déci" décidé.
_DECISION_STEMS = frozenset((
    "deci pled susp canc halt deor refu quit withd commi termi retir agree appro signe "
    "реше отка выйд прек запр приня приос выход подпи "
    "déci arrê reno signé engag").split())
_DECISION_WORDS = frozenset("ban bans banned".split())
_DECISION_PHRASES = ("no longer", "will not", "won't", "won’t", "pull out", "pulling out", "will leave", "will stop",
                     "will end", "will close", "not going to")
_PLAN_STEMS = frozenset("plan futu sche buil laun next inten expec prepa буде план соби наме allo prév compt".split())
_PLAN_WORDS = frozenset("will shall aim aims va vont".split())
_DATE_STEMS = frozenset((
    "janu febr marc apri june july augu sept octo novem decem deadl "
    "янва февр март апре июня июле июля авгу сент октя нояб дека "
    "janv févr mars avri juin juil août décem").split()) | frozenset(str(y) for y in range(1950, 2101))
_DATE_WORDS = frozenset("may мая мае mai".split())
_DATE_PHRASES = ("by the end of", "end of the year", "end of the decade", "next year", "next month", "next week",
                 "this year", "this decade", "до конца", "в следующем году", "d'ici", "d’ici", "l'an prochain")
_DECISION_RE = re.compile("|".join(re.escape(p) for p in _DECISION_PHRASES))
_DATE_RE = re.compile("|".join(re.escape(p) for p in _DATE_PHRASES))
_DIGIT = re.compile(r"\d")


def _with_punct(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w + p for w in words for p in ("", ",", ".", ";", ":", "!", "?", "”", "»", '"'))


_DECISION_WORDS = _with_punct(_DECISION_WORDS)
_PLAN_WORDS = _with_punct(_PLAN_WORDS)
_DATE_WORDS = _with_punct(_DATE_WORDS)


# Words that a decision or a date phrase needs (none holds a space, so a word holds them if the
# quotation does): a quotation without any skips the phrase regex.
_DECISION_HINTS = ("will", "won", "longer", "pull", "going")
_DATE_HINTS = ("next", "this", "конца", "следующ", "ici", "prochain")  # and "end of", checked apart

_WORD_BITS: dict[str, int] = {}  # word -> feature bits (see _word_bits), memoized per process


def _word_bits(word: str) -> int:
    """Decision 1, plan 2, date 4, a digit 8, a decision-phrase hint 16, a date-phrase hint 32."""
    first4, first5 = word[:4], word[:5]
    bits = 8 if _DIGIT.search(word) is not None else 0
    if any(h in word for h in _DECISION_HINTS):
        bits |= 16
    if any(h in word for h in _DATE_HINTS):
        bits |= 32
    if first4 in _DECISION_STEMS or first5 in _DECISION_STEMS or word in _DECISION_WORDS:
        bits |= 1
    if first4 in _PLAN_STEMS or first5 in _PLAN_STEMS or word in _PLAN_WORDS:
        bits |= 2
    if first4 in _DATE_STEMS or first5 in _DATE_STEMS or word in _DATE_WORDS:
        bits |= 4
    if len(_WORD_BITS) > 100_000:
        _WORD_BITS.clear()
    _WORD_BITS[word] = bits
    return bits


def _features(quote: str) -> int:
    """Decision 1, plan 2, date 4, number 8 for one quotation: its words' feature bits (each word
    read once per process), then a few phrases."""
    low = quote.lower()
    words = low.split()
    bits = set(map(_WORD_BITS.get, words))  # a handful of distinct values: OR-ed cheaply
    if None in bits:
        bits = {_WORD_BITS[w] if w in _WORD_BITS else _word_bits(w) for w in words}  # (0 is a known value)
    flags = 0
    for b in bits:
        if b:
            flags |= b
    if flags & 16:  # a word a decision phrase needs
        if not flags & 1 and _DECISION_RE.search(low) is not None:
            flags |= 1
        if not flags & 2 and "going to" in low:
            flags |= 2
    if not flags & 4 and (flags & 32 or "end of" in low) and _DATE_RE.search(low) is not None:
        flags |= 4
    return flags & 15  # (lowercasing and splitting keep every digit)


WEIGHTS = {
    "decision or commitment": 0.30,
    "future plan": 0.15,
    "date or deadline": 0.20,
    "number": 0.05,
    "named speaker for an actor": 0.15,
    "unnamed speaker for an actor": 0.05,
    "full statement": 0.10,
    "substantial length": 0.05,
}
KEY_THRESHOLD = 0.45


def score_quote(quote: str, speaker: str | None, actor: str | None, partial: bool,
                lang: str | None = None) -> tuple[float, tuple[str, ...]]:
    """(score in 0..1, reasons) for one quotation."""
    flags = _features(quote)
    if flags & 4:
        flags &= ~8  # a date's digits are not "a number" as well
    if actor and actor != "Other":
        flags |= 16 if speaker else 32
    if not partial:
        flags |= 64
    if 60 <= len(quote) <= 400:
        flags |= 128
    hit = _SCORES.get(flags)
    if hit is None:
        reasons = tuple(r for bit, r in enumerate(_REASONS) if flags >> bit & 1)
        hit = _SCORES[flags] = (round(min(1.0, sum((WEIGHTS[r] for r in reasons), 0.0)), 3), reasons)
    return hit


# the reason each bit of score_quote's flags stands for, lowest bit first
_REASONS = ("decision or commitment", "future plan", "date or deadline", "number", "named speaker for an actor",
            "unnamed speaker for an actor", "full statement", "substantial length")
_SCORES: dict[int, tuple[float, tuple[str, ...]]] = {}  # at most 2^8 combinations


def key_indexes(scores: list[float]) -> set[int]:
    """Which of an article's statements are key: the top-scoring ones at or above KEY_THRESHOLD,
    at most a third of them (at least one)."""
    if not scores:
        return set()
    quota = max(1, math.ceil(len(scores) / 3))
    ranked = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)  # (stable: ties keep their order)
    return {i for i in ranked[:quota] if scores[i] >= KEY_THRESHOLD}


def mark_key_quotes(statements: list[Statement]) -> list[Statement]:
    """The statements with the key ones marked (see key_indexes)."""
    key = key_indexes([s.key_score for s in statements])
    return [replace(s, is_key=True) if i in key else s for i, s in enumerate(statements)]
