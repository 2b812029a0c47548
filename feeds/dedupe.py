"""One statement, many sources: quote fingerprints and the in-memory index that finds copies.

Outlets carry the same quote with different punctuation, case, quote marks, small cuts and
ellipses. A quote is reduced to its words (casefolded, punctuation gone) and then to the set of
its word pairs (bigrams); two statements of the same speaker are copies when the smaller one's
bigrams lie at least CONTAINMENT inside the other's and their articles are at most WINDOW_DAYS
apart. Short quotes must match exactly: "No, not at all" said twice in a month is not one statement.

Finding copies must stay cheap with ~50,000 statements written on a cold start, in the main
process. The index is split by speaker (the block). Most copies are found in O(1): a syndicated
copy has the very text of one indexed (a dict from the text's hash), a reworded one often the
same words (a dict from the word sequence's hash). The others probe with all their bigrams an
index of winnowed fingerprints (the smallest bigram hash of every window of WINNOW, about a
third of them): any WINNOW bigrams in a row a copy shares with its original hold one. The
candidates sharing the most are verified on their full bigram sets, earliest first.
bench/dedupe.py measures precision, recall and cost (--feeds: on make_feeds.py's corpus). The
store (feeds/store.py) owns the SQL around it: which rows are new, which cluster a candidate
belongs to now, and the writes.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from struct import pack
from typing import NamedTuple

CONTAINMENT = 0.8  # share of the smaller quote's bigrams found in the other
MIN_TOKENS = 3  # shorter quotes ("Yes.", "No comment") are never clustered
EXACT_BELOW = 6  # quotes of fewer words must match word for word
WINDOW_DAYS = 7  # copies of one statement appear within days, not months
WINNOW = 6  # fingerprint window, in bigrams: the index keeps the smallest hash of each (about a third)
LONG = 18  # bigrams from which a quote needs two fingerprints in common with a candidate
POSTINGS_CAP = 16  # a fingerprint this common in one speaker's statements finds nothing: skipped
MAX_VERIFIED = 8  # candidates verified per quote, those sharing the most fingerprints first
HISTORY_PER_BLOCK = 100  # statements loaded from the store for a speaker met again after a restart
MAX_INDEXED = 120_000  # past this the index is dropped and rebuilt lazily, bounding memory

_WORD = re.compile(r"\w+")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}(?!\d))")  # 2,000 / 2 000 / 2.000 -> 2000
_HAS_DIGIT = re.compile(r"\d")
_ASCII_NOISE = (string.punctuation + string.whitespace).encode()


def _ascii_words_table() -> bytes:
    """bytes.translate table: ASCII letters lowercased, digits and _ kept (what \\w is in ASCII), the rest a space."""
    return bytes(ord(chr(c).lower()) if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


_ASCII_WORDS = _ascii_words_table()


def quote_tokens(text: str) -> list[str]:
    """The words of a quote as copies share them: NFKC, casefolded, no punctuation or quote marks."""
    return _words(text)[0]


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


class QuotePrint(NamedTuple):
    """What the index keeps of a quote: its bigram hashes, word count, day and a check hash.

    A tuple of ints, bytes and strings: once indexed the garbage collector stops looking at it,
    which matters with 100,000 of them in a process that allocates as much as a refresh does.
    """

    shingles: bytes  # the distinct bigram hashes, packed (8 bytes each: a fifth of a list of ints)
    words: int
    day: int  # the article's date as a day number (date.toordinal())
    check: int  # hash of the quote text: tells a reused id from the statement it was indexed as; finds verbatim copies
    numbers: tuple[str, ...] = ()  # outlets cut words, never change figures: 3 missions is not 5
    key: int = 0  # hash of the whole word sequence: the same for copies word for word


_new_print = tuple.__new__  # QuotePrint(...) without the keyword handling: this is made for every statement
_DIGITS = b"0123456789"


def _pack(bigrams: list[int]) -> bytes:
    return pack(f"{len(bigrams)}q", *bigrams)


def _hashes(shingles: bytes) -> memoryview:
    return memoryview(shingles).cast("q")


# Non-ASCII punctuation outlets use, and what NFKC + \w+ make of it: no word character, nothing
# _DIGIT_GROUP joins figures across ("\0" stands for such a separator; "…" is "...", no-break
# spaces are spaces). A quote that is ASCII once these are replaced takes the ASCII path.
_PUNCTUATION = (("’", "\0"), ("“", "\0"), ("”", "\0"), ("…", "..."), ("—", "\0"), ("–", "\0"), ("‘", "\0"),
                ("«", "\0"), ("»", "\0"), ("\u00a0", " "), ("\u202f", " "))


def _words(quote: str) -> tuple[list[str], bool]:
    """quote_tokens, and whether the quote may hold figures; for ASCII (most quotes) all in C."""
    if not quote.isascii():
        for mark, same in _PUNCTUATION:
            if mark in quote:
                quote = quote.replace(mark, same)
        if not quote.isascii():
            text = quote if unicodedata.is_normalized("NFKC", quote) else unicodedata.normalize("NFKC", quote)
            text = text.casefold().replace("ё", "е")  # Russian outlets write "ё" or "е" for the same word
            if _HAS_DIGIT.search(text):
                text = _DIGIT_GROUP.sub("", text)
            return _WORD.findall(text), True  # other scripts have digits \d does not match: str.isdigit decides
    raw = quote.encode()
    digits = len(raw.translate(None, _DIGITS)) < len(raw)
    if digits:
        raw = _DIGIT_GROUP.sub("", quote).encode()
    return raw.translate(_ASCII_WORDS).decode().split(), digits  # casefold + \w+, for ASCII


def _print(words: list[str], quote: str, day: int, digits: bool) -> QuotePrint:
    bigrams = list(map(hash, zip(words, words[1:], strict=False)))
    if len(set(bigrams)) < len(bigrams):
        bigrams = list(dict.fromkeys(bigrams))
    numbers = tuple(dict.fromkeys(filter(str.isdigit, words))) if digits else ()
    return _new_print(QuotePrint, (_pack(bigrams), len(words), day, hash(quote), numbers, hash(" ".join(words))))


def quote_print(quote: str, day: int) -> QuotePrint | None:
    """The fingerprint of a quote, or None when it is too short to cluster."""
    words, digits = _words(quote)
    return _print(words, quote, day, digits) if len(words) >= MIN_TOKENS else None


def winnow(hs: list[int]) -> list[int]:
    """The smallest hash of every window of WINNOW bigrams (hs in the quote's order): any WINNOW
    bigrams in a row that a copy shares with its original hold one of the original's.

    One pass: the minimum of a window stays the next window's unless the new bigram is smaller or
    the minimum has just left the window (then that window is searched): 2.5x cheaper than taking
    min() of every window, and the same set.
    """
    if len(hs) <= WINNOW:
        return [min(hs)]
    m = min(hs[:WINNOW])
    j = hs.index(m)
    out = [m]
    for e in range(WINNOW, len(hs)):
        x = hs[e]
        if x < m:
            m, j = x, e
            out.append(x)
        elif j <= e - WINNOW:
            m = min(hs[e - WINNOW + 1:e + 1])
            j = hs.index(m, e - WINNOW + 1)
            out.append(m)
    return out


def _figures_kept(small: tuple[str, ...], large: tuple[str, ...]) -> bool:
    """The smaller quote's figures all appear in the larger one."""
    return not small or set(small).issubset(large)


def similarity(a: QuotePrint, b: QuotePrint, a_set: set[int] | None = None) -> float:
    """How much of the smaller quote lies in the other (0..1), or 0 when they may not merge.

    `a_set`: a's bigrams as a set, when the caller compares a with many others.
    """
    if abs(a.day - b.day) > WINDOW_DAYS:
        return 0.0
    if a_set is None:
        a_set = set(_hashes(a.shingles))
    theirs = _hashes(b.shingles)
    if min(a.words, b.words) < EXACT_BELOW:
        same = a.words == b.words and a_set.issuperset(theirs) and len(a_set) == len(theirs)
        return 1.0 if same else 0.0
    small, large = (a, b) if len(a_set) <= len(theirs) else (b, a)
    if not _figures_kept(small.numbers, large.numbers):
        return 0.0
    common = len(a_set.intersection(theirs))
    score = common / min(len(a_set), len(theirs))
    return score if score >= CONTAINMENT else 0.0


@dataclass(slots=True)
class _Block:
    # Fingerprint -> the statement, or the statements (a tuple: the collector ignores it), holding it.
    postings: dict[int, int | tuple[int, ...]] = field(default_factory=dict)
    prints: dict[int, QuotePrint] = field(default_factory=dict)
    # Word-sequence hash -> an indexed statement: that statement itself, or the one a copy of those
    # exact words was merged into (such copies are not indexed: they add nothing to find others by).
    # The quote's text hash (QuotePrint.check) leads there too, without taking the quote to words.
    exact: dict[int, int] = field(default_factory=dict)
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
        self.size = 0  # indexed statements and word-for-word aliases: bounds the memory
        # Statement id -> its cluster (0: alone) as this process last wrote or read it. Valid only
        # while no other connection commits: the store clears it when one did (PRAGMA data_version).
        self.known: dict[int, int] = {}
        self.version: tuple[int, int] | None = None  # (connection, data_version) when last in step

    def mark_history_loaded(self, key: str) -> None:
        self.blocks.setdefault(key, _Block()).history_loaded = True

    def add(self, key: str, statement_id: int, qp: QuotePrint) -> None:
        """Index a statement as it is (history, another process's writes, a cluster repaired)."""
        block = self.blocks.get(key)
        if block is None:
            block = self.blocks[key] = _Block()
        if statement_id not in block.prints:
            self._index(block, statement_id, qp, winnow(_hashes(qp.shingles).tolist()))

    def forget(self, key: str, statement_id: int) -> None:
        """Drop a statement found gone; its fingerprints lead nowhere from now on."""
        self.known.pop(statement_id, None)
        block = self.blocks.get(key)
        if block is not None and block.prints.pop(statement_id, None) is not None:
            self.size -= 1

    def cluster(self, rows: Iterable[tuple[int, str, str, int]], join: Callable[[int, str, int], bool],
                history: Callable[[str], None]) -> None:
        """Cluster new statements (id, block key, quote, day), in id order, into this index.

        Each joins its best indexed copy through `join(id, key, copy id)`, which says False when
        that copy is found gone (it is then forgotten and the next best tried); a statement with
        no near-exact copy is indexed, with index.known[id] = 0 when it joined none.
        `history(key)` loads a block's stored statements the first time a quote needs them.

        This runs for every statement of a refresh, so it is one loop with the work in C where it
        can be: a verbatim copy (syndication) costs a dict lookup, a copy word for word one more.
        """
        blocks, known, base, window = self.blocks, self.known, self.base, WINDOW_DAYS
        for sid, key, quote, day in rows:
            check = hash(quote)
            block = blocks.get(key)
            if block is not None and (cid := block.exact.get(check)) is not None:
                other = block.prints.get(cid)
                if other is not None and -window <= other.day - day <= window and join(sid, key, cid):
                    continue
            words, digits = _words(quote)
            n_words = len(words)
            if n_words < MIN_TOKENS:
                continue
            if base and (block is None or not block.history_loaded):
                history(key)
                block = blocks.get(key)
            if block is None:
                block = blocks[key] = _Block()
            prints, exact = block.prints, block.exact
            word_key = hash(" ".join(words))
            # The same words as an indexed statement (or as one merged into it): no need to look further.
            if (cid := exact.get(word_key)) is not None and (other := prints.get(cid)) is not None \
                    and -window <= other.day - day <= window and join(sid, key, cid):
                exact[check] = cid
                self.size += 1
                continue
            hs = list(map(hash, zip(words, words[1:], strict=False)))  # the bigrams, hashed, in one C pass
            mine = set(hs)
            if len(mine) < len(hs):
                hs = list(dict.fromkeys(hs))
            numbers = tuple(dict.fromkeys(filter(str.isdigit, words))) if digits else ()
            matched = 0.0
            hits: dict[int, int] = {}
            count = hits.get
            # Every bigram probes: any WINNOW in a row that a copy shares with its original hold one
            # of the original's fingerprints. Most miss: skipped in C.
            held: int | tuple[int, ...]
            for held in filter(None, map(block.postings.get, hs)):  # type: ignore[assignment]
                if isinstance(held, int):
                    hits[held] = count(held, 0) + 1
                elif len(held) < POSTINGS_CAP:
                    for c in held:
                        hits[c] = count(c, 0) + 1
            n_mine = len(mine)
            if hits and n_mine >= LONG:  # a copy of a long quote shares several: one is a chance meeting
                hits = {c: n for c, n in hits.items() if n > 1}
            if hits:
                if len(hits) > MAX_VERIFIED:  # a speaker's stock phrases: the copy shares the most fingerprints
                    seen = sorted(sorted(hits, key=lambda c: (-hits[c], c))[:MAX_VERIFIED])
                else:
                    seen = sorted(hits)  # earliest first: the first whole copy found is the answer
                found = []
                for c in seen:  # similarity(), inlined, cheapest tests first
                    other = prints.get(c)
                    if other is None or not -window <= other.day - day <= window:
                        continue
                    n_theirs = len(other.shingles) >> 3
                    if n_words < EXACT_BELOW or other.words < EXACT_BELOW:
                        if other.words == n_words and n_theirs == n_mine \
                                and mine.issuperset(memoryview(other.shingles).cast("q")):
                            found.append((1.0, c))
                            break
                        continue
                    if n_mine <= n_theirs:
                        if numbers and not set(numbers).issubset(other.numbers):
                            continue
                        score = len(mine.intersection(memoryview(other.shingles).cast("q"))) / n_mine
                    else:
                        if other.numbers and not set(other.numbers).issubset(numbers):
                            continue
                        score = len(mine.intersection(memoryview(other.shingles).cast("q"))) / n_theirs
                    if score >= CONTAINMENT:
                        found.append((score, c))
                        if score == 1.0:
                            break
                if len(found) > 1:
                    found.sort(key=lambda t: (-t[0], t[1]))  # best first, earliest on ties
                for score, c in found:
                    if join(sid, key, c):
                        matched = score
                        if score >= 0.95:  # a near-exact copy adds nothing to find the next one by, only cost
                            exact[word_key] = exact[check] = c
                            self.size += 1
                        break
                if matched >= 0.95:
                    continue
            if not matched:
                known[sid] = 0
            self._index(block, sid, _new_print(QuotePrint, (_pack(hs), n_words, day, check, numbers, word_key)),
                        winnow(hs))

    def _index(self, block: _Block, statement_id: int, qp: QuotePrint, fps: list[int]) -> None:
        block.prints[statement_id] = qp
        block.exact[qp.key] = block.exact[qp.check] = statement_id
        self.size += 1
        postings = block.postings
        mine: dict[int, int | tuple[int, ...]] = dict.fromkeys(fps, statement_id)
        shared = mine.keys() & postings.keys()  # usually none: the rest goes in at C speed
        if shared:
            for fp in shared:
                held = postings[fp]
                mine[fp] = (held, statement_id) if isinstance(held, int) else \
                    (*held, statement_id) if len(held) < POSTINGS_CAP else held
        postings.update(mine)
