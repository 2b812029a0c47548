"""One statement, many sources: quote fingerprints and the in-memory index that finds copies.

Outlets carry the same quote with different punctuation, case, quote marks, small cuts and
ellipses. A quote is reduced to its words (casefolded, punctuation gone) and then to the set of
its word pairs (bigrams); two statements of the same speaker are copies when the smaller one's
bigrams lie at least CONTAINMENT inside the other's and their articles are at most WINDOW_DAYS
apart. Short quotes must match exactly: "No, not at all" said twice in a month is not one statement.

Finding candidates must stay cheap with ~50,000 statements written on a cold start, so the
index is split by speaker (the block) and holds only winnowed fingerprints of each quote (the
smallest bigram hash of every window of WINNOW bigrams, about a third of them): windows two copies
share pick the same fingerprint in both, so a long quote probes with its fingerprints and a short
one with all its bigrams. Candidates are then verified on their full bigram sets. bench/dedupe.py
measures precision, recall and cost. The store (feeds/store.py) owns the
SQL around it: which rows are new, which cluster a candidate belongs to now, and the writes.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

CONTAINMENT = 0.8  # share of the smaller quote's bigrams found in the other
MIN_TOKENS = 3  # shorter quotes ("Yes.", "No comment") are never clustered
EXACT_BELOW = 6  # quotes of fewer words must match word for word
WINDOW_DAYS = 7  # copies of one statement appear within days, not months
WINNOW = 6  # fingerprint window, in bigrams
POSTINGS_CAP = 16  # a fingerprint this common in one speaker's statements ("of the") finds nothing: skipped
HISTORY_PER_BLOCK = 100  # statements loaded from the store for a speaker met again after a restart
MAX_INDEXED = 120_000  # past this the index is dropped and rebuilt lazily, bounding memory

_WORD = re.compile(r"\w+")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}(?!\d))")  # 2,000 / 2 000 / 2.000 -> 2000
_HAS_DIGIT = re.compile(r"\d")
_ASCII_NOISE = (string.punctuation + string.whitespace).encode()


def quote_tokens(text: str) -> list[str]:
    """The words of a quote as copies share them: NFKC, casefolded, no punctuation or quote marks."""
    if text.isascii():
        text = text.lower()
    else:
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        text = text.casefold().replace("ё", "е")  # Russian outlets write "ё" or "е" for the same word
    if _HAS_DIGIT.search(text):
        text = _DIGIT_GROUP.sub("", text)
    return _WORD.findall(text)


def text_fingerprint(text: str, *, min_chars: int = 300) -> str | None:
    """A key for a whole article text: the same letters in the same order, whatever the case,
    spacing and ASCII punctuation (line breaks, markup leftovers, straight quotes).

    None for texts too short to tell two stories apart (a one-line summary is not enough). The
    start of the text decides (a syndicated copy is the same from its first word), so the cost
    stays flat however long the article; bytes.translate keeps it to microseconds.
    """
    head = text[:2400]
    head = head.lower() if head.isascii() else head.casefold()
    letters = head.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOISE)[:1600]
    if len(letters) < min_chars:
        return None
    return hashlib.blake2b(letters, digest_size=16).hexdigest()


def block_key(speaker: str | None, actor: str | None) -> str:
    """Which statements may be copies of each other: same speaker, else same actor, else unknown."""
    if speaker:
        return "s:" + speaker
    if actor:
        return "a:" + actor
    return "-"


@dataclass(frozen=True, slots=True)
class QuotePrint:
    """What the index keeps of a quote: its bigram hashes, word count, day and a check hash."""

    shingles: array  # array('q') of bigram hashes, without repeats
    words: int
    day: int  # the article's date as a day number (date.toordinal())
    check: int  # hash of the quote text: tells a reused id from the statement it was indexed as
    numbers: frozenset[str] = frozenset()  # outlets cut words, never change figures: 3 missions is not 5


def quote_print(quote: str, day: int) -> QuotePrint | None:
    """The fingerprint of a quote, or None when it is too short to cluster."""
    words = quote_tokens(quote)
    if len(words) < MIN_TOKENS:
        return None
    shingles = array("q", dict.fromkeys(map(hash, zip(words, words[1:], strict=False))))
    numbers = frozenset(filter(str.isdigit, words))
    return QuotePrint(shingles=shingles, words=len(words), day=day, check=hash(quote), numbers=numbers)


def winnow(shingles: array) -> set[int]:
    """The smallest hash of every window of WINNOW bigrams (all in C: map/zip over shifted lists)."""
    if len(shingles) <= WINNOW:
        return {min(shingles)}
    h = shingles.tolist()
    return set(map(min, zip(*(h[i:] for i in range(WINNOW)), strict=False)))


def similarity(a: QuotePrint, b: QuotePrint, a_set: set[int] | None = None) -> float:
    """How much of the smaller quote lies in the other (0..1), or 0 when they may not merge.

    `a_set`: a's bigrams as a set, when the caller compares a with many others.
    """
    if abs(a.day - b.day) > WINDOW_DAYS:
        return 0.0
    if a_set is None:
        a_set = set(a.shingles)
    if min(a.words, b.words) < EXACT_BELOW:
        same = a.words == b.words and a_set.issuperset(b.shingles) and len(a_set) == len(b.shingles)
        return 1.0 if same else 0.0
    small, large = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if not small.numbers <= large.numbers:
        return 0.0
    common = len(a_set.intersection(b.shingles))
    score = common / len(small.shingles)
    return score if score >= CONTAINMENT else 0.0


@dataclass(slots=True)
class _Block:
    postings: dict[int, int | list[int]] = field(default_factory=dict)
    prints: dict[int, QuotePrint] = field(default_factory=dict)
    history_loaded: bool = False


class ClusterIndex:
    """Statements indexed by speaker and fingerprint, for one process.

    `base` is the highest statement id in the store when the index was made: older statements of
    a speaker are loaded (by the store) the first time that speaker appears. `last_seen` is the
    highest id the index knows, so the store can add what other processes wrote meanwhile.
    """

    def __init__(self, base: int) -> None:
        self.base = base
        self.last_seen = base
        self.blocks: dict[str, _Block] = {}
        self.size = 0
        # Statement id -> its cluster (0: alone) as this process last wrote or read it. Valid only
        # while no other connection commits: the store clears it when one did (PRAGMA data_version).
        self.known: dict[int, int] = {}
        self.version: tuple[int, int] | None = None  # (connection, data_version) when last in step

    def needs_history(self, key: str) -> bool:
        block = self.blocks.get(key)
        return self.base > 0 and (block is None or not block.history_loaded)

    def mark_history_loaded(self, key: str) -> None:
        self.blocks.setdefault(key, _Block()).history_loaded = True

    def add(self, key: str, statement_id: int, qp: QuotePrint, fps: set[int] | None = None) -> None:
        block = self.blocks.get(key)
        if block is None:
            block = self.blocks[key] = _Block()
        if statement_id in block.prints:
            return
        block.prints[statement_id] = qp
        self.size += 1
        postings = block.postings
        for fp in fps if fps is not None else winnow(qp.shingles):
            held = postings.get(fp)
            if held is None:
                postings[fp] = statement_id
            elif isinstance(held, int):
                postings[fp] = [held, statement_id]
            elif len(held) < POSTINGS_CAP:
                held.append(statement_id)

    def forget(self, key: str, statement_id: int) -> None:
        """Drop a statement found gone; its postings are skipped from now on."""
        self.known.pop(statement_id, None)
        block = self.blocks.get(key)
        if block is not None and block.prints.pop(statement_id, None) is not None:
            self.size -= 1

    def candidates(self, key: str, qp: QuotePrint, fps: set[int] | None = None) -> Iterator[tuple[float, int]]:
        """(similarity, statement id) of indexed copies of a quote, best first, earliest on ties."""
        block = self.blocks.get(key)
        if block is None:
            return iter(())
        postings = block.postings
        hits: dict[int, int] = {}
        # Windows of WINNOW bigrams that two copies share pick the same fingerprint in both, so a
        # long quote probes with its own fingerprints; a short one with every bigram it has.
        probe = qp.shingles if fps is None or len(qp.shingles) <= 2 * WINNOW else fps
        for sh in probe:
            held = postings.get(sh)
            if held is None:
                continue
            if isinstance(held, int):
                hits[held] = hits.get(held, 0) + 1
            elif len(held) < POSTINGS_CAP:
                for sid in held:
                    hits[sid] = hits.get(sid, 0) + 1
        # A long quote shares a fingerprint with a copy in every WINNOW bigrams they have in common:
        # one shared fingerprint is a chance meeting, not a copy.
        need = 2 if len(qp.shingles) >= 3 * WINNOW else 1
        seen = [sid for sid, n in hits.items() if n >= need]
        found = []
        prints = block.prints
        mine = set(qp.shingles)
        for sid in seen:
            other = prints.get(sid)
            if other is not None and (score := similarity(qp, other, mine)) > 0:
                found.append((score, sid))
        found.sort(key=lambda t: (-t[0], t[1]))
        return iter(found)
