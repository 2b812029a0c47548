"""Which quotations matter: a transparent key score with its reasons, top ones per article marked key.

The score adds fixed weights for what makes a quotation news: a decision or a commitment, a plan,
a date or a deadline, a number, a named speaker for a known actor, a full statement of a useful
length. Every weight that applies leaves its reason, so a reader can see why a quote is key.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from .models import Statement

_DECISION = re.compile(
    r"\b(?:decision|decided|decide|decides|will (?:leave|withdraw|stop|end|quit|suspend|halt|cancel|close)"
    r"|withdraw\w*|pull(?:ing)? out|commit(?:ted|ment|s)?|agreed|approved|signed|pledge\w*|ban\w*|"
    r"suspend\w*|cancel\w*|terminat\w*|halt\w*|retire\w*|deorbit\w*|no longer|will not|won['’]t|refuse\w*)\b"
    r"|решени\w*|решил\w*|приня\w*|откаж\w*|выйд\w*|выход\w*|прекрат\w*|приостанов\w*|подписа\w*|"
    r"\bdécid\w*|décision\w*|suspend\w*|arrêt\w*|retir\w*|signé\w*|engag\w*", re.IGNORECASE)
_PLAN = re.compile(
    r"\b(?:will|shall|going to|plan\w*|intend\w*|expect\w*|aim\w*|next (?:year|month|week|decade)|"
    r"future|schedule\w*|prepar\w*|build\w*|launch\w*)\b|\bбуд(?:ем|ет|ут)\b|планир\w*|собира\w*|намер\w*|"
    r"\b(?:allons|va|vont|prévo\w*|compt\w*|futur\w*)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|deadline|by the end of|end of the (?:year|decade)|next (?:year|month|week)|this (?:year|decade)|"
    r"янва\w*|феврал\w*|март\w*|апрел\w*|ма[яй]\b|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|"
    r"декабр\w*|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\b",
    re.IGNORECASE)
_NUMBER = re.compile(r"\d")

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
    reasons: list[str] = []
    if _DECISION.search(quote):
        reasons.append("decision or commitment")
    if _PLAN.search(quote):
        reasons.append("future plan")
    if _DATE.search(quote):
        reasons.append("date or deadline")
    elif _NUMBER.search(quote):
        reasons.append("number")
    if actor and actor != "Other":
        reasons.append("named speaker for an actor" if speaker else "unnamed speaker for an actor")
    if not partial:
        reasons.append("full statement")
    if 60 <= len(quote) <= 400:
        reasons.append("substantial length")
    score = round(min(1.0, sum(WEIGHTS[r] for r in reasons)), 3)
    return score, tuple(reasons)


def mark_key_quotes(statements: list[Statement]) -> list[Statement]:
    """Mark the top-scoring statements of an article key: at or above KEY_THRESHOLD, and at most
    a third of the article's statements (at least one)."""
    if not statements:
        return statements
    quota = max(1, math.ceil(len(statements) / 3))
    ranked = sorted(range(len(statements)), key=lambda i: (-statements[i].key_score, i))
    key = {i for i in ranked[:quota] if statements[i].key_score >= KEY_THRESHOLD}
    return [replace(s, is_key=True) if i in key else s for i, s in enumerate(statements)]
