"""One statement, many sources: quote fingerprints and the in-memory index that finds copies.

Outlets carry the same quote with different punctuation, case, quote marks and cuts: at either
end, or in the middle where an ellipsis or a bracket ("[...]", "[the agency]") marks them. Such
copies print the same words; a quote with another noun, figure, date or a negation is another
statement, however much else it shares. So a quote is reduced to its words (casefolded,
punctuation gone, bracketed insertions dropped) and to its word pairs (bigrams), made within the
runs its ellipses and brackets separate; one quote is *in* another when every one of its word
pairs and figures is found there. Quotes under EXACT_BELOW words must match word for word.

A cluster (the copies of one statement) is never grown by chaining: every member is in its
*witness*, the fullest text of the cluster, and a new quote joins only when it is in the witness
or the witness is in it (the quote then becomes the witness). All copies of a cluster lie within
WINDOW_DAYS of each other. A quote that holds the witnesses of several clusters joins them into
one: their members are all in it. Everything is within one block (same speaker, else same
actor, else neither).

Finding copies must stay cheap with ~50,000 statements written on a cold start, in the main
process. Most copies are found in O(1): a syndicated copy has the very text of one indexed (a
dict from the text's hash), a reworded one often the same words (a dict from the word
sequence's hash). The others probe with all their bigrams an index of winnowed fingerprints (the
smallest bigram hash of every window of WINNOW, about a third of them, and a short quote's first
and last bigrams): any WINNOW bigrams in a row a copy shares with its original hold one, and a
short copy cut once keeps an end. The clusters of the candidates sharing the most are then
checked against their witnesses. bench/dedupe.py measures precision, recall and cost. The store
(feeds/store/clusters.py) owns the SQL around it: which rows are new, which cluster a candidate
belongs to now and its members when another process changed them, and the writes.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from struct import pack
from typing import NamedTuple

MIN_TOKENS = 3  # shorter quotes ("Yes.", "No comment") are never clustered
# Nor are quotes with fewer different word pairs ("No, no, no"; "we we we … now"): one pair says
# nothing about which statement they copy, and a cut of them would be held by any quote with that pair.
MIN_PAIRS = 2
EXACT_BELOW = 6  # quotes of fewer words must match word for word
WINDOW_DAYS = 7  # copies of one statement appear within days, not months
WINNOW = 6  # fingerprint window, in bigrams: the index keeps the smallest hash of each (about a third)
LONG = 18  # bigrams from which a quote needs two fingerprints in common with a candidate
POSTINGS_CAP = 16  # a fingerprint this common in one speaker's statements finds nothing: skipped
MAX_VERIFIED = 8  # candidates checked per quote, those sharing the most fingerprints first
MAX_INDEXED = 120_000  # past this the index is dropped and rebuilt lazily, bounding memory
# Share of the witness's word pairs that all members of a cluster hold in common: two sentences of
# one quote, each carried alone by an outlet, are two statements.
OVERLAP = 0.5

# How one quote stands to another (relation()).
APART = 0  # not copies
IN = 1  # every word pair and figure of the first is in the second: a cut of it
HOLDS = 2  # the second is in the first, which has more
SAME = 3  # the same words

_WORD = re.compile(r"\w+")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}(?!\d))")  # 2,000 / 2 000 / 2.000 -> 2000
_HAS_DIGIT = re.compile(r"\d")
_ASCII_NOISE = (string.punctuation + string.whitespace).encode()
# Where an outlet cut or replaced words: an ellipsis ("…", "...", "(...)") or anything in square
# brackets ("[...]", "[Roscosmos]": the outlet's words, not the speaker's).
_CUT = re.compile(r"\[[^\[\]\n]{0,100}\]|\((?:…|\.\.\.)\)|…|\.\.\.+")


def _ascii_words_table() -> bytes:
    """bytes.translate table: ASCII letters lowercased, digits and _ kept (what \\w is in ASCII), the rest a space."""
    return bytes(ord(chr(c).lower()) if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


_ASCII_WORDS = _ascii_words_table()


def quote_tokens(text: str) -> list[str]:
    """The words of a quote: NFKC, casefolded, no punctuation or quote marks (brackets kept)."""
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
    key: int = 0  # hash of the word sequence and its cuts: the same for copies word for word
    runs: tuple[int, ...] = ()  # the number of bigrams in each run between cuts, when there are several
    order: bytes = b""  # the bigrams in text order, repeats too, when a pair repeats (shingles has each once)


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


def _tokens(quote: str) -> tuple[list[str], list[int], bool]:
    """The words copies are compared on (bracketed words dropped), where the runs between cuts
    begin (indexes into the words, besides 0), and whether there may be figures."""
    if "…" in quote or "..." in quote or "[" in quote:
        parts = _CUT.split(quote)
        if len(parts) > 1:
            words: list[str] = []
            starts: list[int] = []
            digits = False
            for part in parts:
                more, has = _words(part)
                if more:
                    if words:
                        starts.append(len(words))
                    words += more
                digits = digits or has
            return words, starts, digits
    words, digits = _words(quote)
    return words, [], digits


def _bigrams(words: list[str], starts: list[int]) -> tuple[list[int], tuple[int, ...]]:
    """The hashed word pairs of each run between cuts, in order, and how many each run has (when
    there are several). A lone word at either end, cut off from the rest ("Frankly … the schedule
    was"), is left out like the words cut there; one between two cuts is read with its neighbour
    ("we will … not … comment" must find "will not" and "not comment")."""
    if not starts:
        return list(map(hash, zip(words, words[1:], strict=False))), ()
    bounds = [0, *starts, len(words)]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    if pieces[0][1] - pieces[0][0] == 1:
        pieces = pieces[1:]
    if len(pieces) > 1 and pieces[-1][1] - pieces[-1][0] == 1:
        pieces = pieces[:-1]
    runs: list[tuple[int, int]] = []
    for s, e in pieces:
        if runs and (e - s < 2 or runs[-1][1] - runs[-1][0] < 2):
            runs[-1] = (runs[-1][0], e)
        else:
            runs.append((s, e))
    out: list[int] = []
    for s, e in runs:
        out += map(hash, zip(words[s:e], words[s + 1:e], strict=False))
    return out, tuple(e - s - 1 for s, e in runs) if len(runs) > 1 else ()


def _key(words: list[str], starts: list[int]) -> int:
    """The hash of a quote's words, and of where it is cut: "A … B" is not "A B" word for word."""
    if not starts:
        return hash(" ".join(words))
    bounds = [0, *starts, len(words)]
    return hash(" | ".join(" ".join(words[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)))


def _make_print(words: list[str], starts: list[int], quote: str, day: int, digits: bool) -> QuotePrint | None:
    bigrams, runs = _bigrams(words, starts)
    if len(set(bigrams)) < MIN_PAIRS:
        return None
    order = b""
    if len(set(bigrams)) < len(bigrams):
        order, bigrams = _pack(bigrams), list(dict.fromkeys(bigrams))
    numbers = tuple(dict.fromkeys(filter(str.isdigit, words))) if digits else ()
    return _new_print(QuotePrint, (_pack(bigrams), len(words), day, hash(quote), numbers, _key(words, starts), runs,
                                   order))


def quote_print(quote: str, day: int) -> QuotePrint | None:
    """The fingerprint of a quote, or None when it is too short to cluster (or too plain: "we we we")."""
    words, starts, digits = _tokens(quote)
    return _make_print(words, starts, quote, day, digits) if len(words) >= MIN_TOKENS else None


def winnow(hs: list[int]) -> list[int]:
    """The smallest hash of every window of WINNOW bigrams (hs in the quote's order): any WINNOW
    bigrams in a row that a copy shares with its original hold one of the original's.

    One pass: the minimum of a window stays the next window's unless the new bigram is smaller or
    the minimum has just left the window (then that window is searched): 2.5x cheaper than taking
    min() of every window, and the same set.
    """
    if not hs:
        return []  # ("we we we we": one repeated word makes no pair to index a copy by)
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


# Where the runs of a quote lie in a longer one: (start, length) in the longer one's bigrams, in
# order. SAME words are placed whole.
Placed = tuple[tuple[int, int], ...]


def relation(a: QuotePrint, b: QuotePrint, a_set: set[int] | None = None) -> int:
    """How quote `a` stands to quote `b`, whatever their dates: SAME words, IN (a cut of b: each of
    its runs of words is printed in b, in the same order), HOLDS (b is a cut of a) or APART.
    `a_set`: a's bigrams as a set, when the caller has it."""
    return _relation(set(_hashes(a.shingles)) if a_set is None else a_set, _sequence(a), a.runs, a.words,
                     a.numbers, a.key, b)[0]


def _sequence(qp: QuotePrint) -> memoryview:
    """A quote's bigrams in text order, repeats too."""
    return _hashes(qp.order or qp.shingles)


def _relation(mine: set[int], seq: Sequence[int], runs: tuple[int, ...], words: int, numbers: tuple[str, ...],
              key: int, b: QuotePrint) -> tuple[int, Placed]:
    """relation() of a quote given as its bigram set, its bigrams in order (repeats too) and its runs,
    word count, figures and word-sequence hash; with where the smaller one's runs lie in the other."""
    if key == b.key:
        return SAME, ()
    if words < EXACT_BELOW or b.words < EXACT_BELOW:
        return APART, ()
    theirs = _hashes(b.shingles)
    common = len(mine.intersection(theirs))  # both sides hold distinct hashes
    if common == len(mine) and (not numbers or set(numbers).issubset(b.numbers)):
        placed = _place(seq, runs, _sequence(b))
        if placed:
            return IN, placed
    if common == len(theirs) and (not b.numbers or set(b.numbers).issubset(numbers)):
        placed = _place(_sequence(b), b.runs, seq)
        if placed:
            return HOLDS, placed
    return APART, ()


def _place(small: Sequence[int], runs: tuple[int, ...], large: Sequence[int]) -> Placed:
    """Where each run of `small` (its bigrams in order, all found in `large`) is a stretch of
    `large`, the runs in order; () when they are not: the same word pairs gathered from all over a
    longer quote ("... end to the" + "the Soyuz crew rotation" in a quote naming both apart) are
    not the same words in the same order."""
    start = last = 0
    out: list[tuple[int, int]] = []
    for n in runs or (len(small),):
        run = list(small[start:start + n])
        start += n
        if not run:
            continue
        first = run[0]
        for i in range(last, len(large) - n + 1):
            if large[i] == first and list(large[i:i + n]) == run:
                out.append((i, n))
                last = i + n
                break
        else:
            return ()
    return tuple(out)


def _moved(lo: int, hi: int, placed: Placed) -> tuple[int, int]:
    """A stretch [lo, hi) of a quote's bigrams, in the bigrams of a longer quote its runs are placed in."""
    new_lo = new_hi = at = 0
    for where, n in placed:
        if at <= lo < at + n:
            new_lo = where + lo - at
        if at < hi <= at + n:
            new_hi = where + hi - at
        at += n
    return new_lo, max(new_lo, new_hi)


def copies(a: QuotePrint, b: QuotePrint) -> bool:
    """Two quotes of one block that may be copies of one statement: one is in the other, within WINDOW_DAYS."""
    return abs(a.day - b.day) <= WINDOW_DAYS and relation(a, b) != APART


class Witness(NamedTuple):
    """What a cluster's members are checked against: its fullest text, which holds every member;
    the stretch [lo, hi) of its bigrams that every member prints (the core); the days the members
    span."""

    text: QuotePrint
    lo: int
    hi: int
    first: int
    last: int


def _length(qp: QuotePrint) -> int:
    return len(qp.order or qp.shingles) >> 3


def _span(placed: Placed, whole: int) -> tuple[int, int]:
    """The stretch a quote's placed runs cover (from its first word to its last, cuts included)."""
    return (placed[0][0], placed[-1][0] + placed[-1][1]) if placed else (0, whole)


def witness_of(members: Iterable[tuple[str, int]]) -> Witness | None:
    """The witness of a cluster from its members' (quote, day): the one with the most word pairs,
    and the stretch of it they all print."""
    prints = [(qp, day) for quote, day in members if (qp := quote_print(quote, day)) is not None]
    if not prints:
        return None
    best = max((qp for qp, _ in prints), key=_length)
    lo, hi = 0, _length(best)
    for qp, _day in prints:
        rel, placed = _relation(set(_hashes(qp.shingles)), _sequence(qp), qp.runs, qp.words, qp.numbers, qp.key, best)
        if rel == IN:
            s, e = _span(placed, hi)
            lo, hi = max(lo, s), min(hi, e)
    days = [day for _, day in prints]
    return Witness(best, lo, max(lo, hi), min(days), max(days))


class Clustered(NamedTuple):
    """What ClusterIndex.cluster decided, for the store to write.

    `assigned`: each new statement's cluster (0: alone). `updates`: (cluster, id) of older
    statements that now name a cluster or joined one. `merges`: (kept, dropped) cluster names,
    in order: `dropped` and its members are now in `kept`.
    """

    assigned: dict[int, int]
    updates: list[tuple[int, int]]
    merges: list[tuple[int, int]]


# A candidate's cluster as cluster() weighs it: (name, witness, the candidate is alone). A lone
# statement is a cluster of one, named after itself.
_Found = tuple[int, Witness, bool]
_NOT_LOADED = 1 << 40  # a day later than any: no stored history indexed yet


@dataclass(slots=True)
class _Block:
    # Fingerprint -> the statement, or the statements (a tuple: the collector ignores it), holding it.
    postings: dict[int, int | tuple[int, ...]] = field(default_factory=dict)
    prints: dict[int, QuotePrint] = field(default_factory=dict)
    # Word-sequence hash -> an indexed statement: that statement itself, or one of the cluster a
    # copy of those exact words joined (such copies are not indexed: they add no word pair).
    # The quote's text hash (QuotePrint.check) leads there too, without taking the quote to words.
    exact: dict[int, int] = field(default_factory=dict)
    history_from: int = _NOT_LOADED  # statements stored before the index was made are indexed from this day on


class ClusterIndex:
    """Statements indexed by block and fingerprint, for one process, and their clusters.

    `base` is the highest statement id in the store when the index was made: older statements of
    a block are loaded (by the store) the first time that block appears, back as far as the new
    statements need. `last_seen` is the highest id the index knows, so the store can add what
    other processes wrote meanwhile.
    """

    def __init__(self, base: int) -> None:
        self.base = base
        self.last_seen = base
        self.blocks: dict[str, _Block] = {}
        self.size = 0  # indexed statements and word-for-word aliases: bounds the memory
        # Statement id -> its cluster (0: alone), and cluster -> its witness, as this process last
        # wrote or read them; `merged` leads the old name of a merged cluster to the new one.
        # Valid only while no other connection commits: the store calls invalidate() when one did.
        self.known: dict[int, int] = {}
        self.witnesses: dict[int, Witness] = {}
        self.merged: dict[int, int] = {}
        self.version: tuple[int, int] | None = None  # (connection, data_version) when last in step

    def invalidate(self) -> None:
        """Forget every statement's cluster: another process may have changed them."""
        self.known.clear()
        self.witnesses.clear()
        self.merged.clear()

    def add(self, key: str, statement_id: int, qp: QuotePrint) -> None:
        """Index a statement as it is (history, another process's writes, a cluster repaired)."""
        block = self.blocks.get(key)
        if block is None:
            block = self.blocks[key] = _Block()
        if statement_id not in block.prints:
            self._index(block, statement_id, qp, winnow(_hashes(qp.shingles).tolist()))

    def load(self, key: str, rows: Iterable[tuple[int, int, str, int]], since: int) -> None:
        """Index a block's stored statements (id, cluster or 0, quote, day), read from day `since`
        on in the same transaction as the writes to come. Of a cluster only its longest member is
        indexed (the copies of a statement would only find it again); the others lead to it by
        their very text, as if this process had written them."""
        block = self.blocks.get(key)
        if block is None:
            block = self.blocks[key] = _Block()
        block.history_from = min(block.history_from, since)
        longest: dict[int, tuple[int, str, int]] = {}
        others: list[tuple[int, str]] = []
        known, prints = self.known, block.prints
        for sid, cluster, quote, day in rows:
            if sid in prints:
                continue
            known[sid] = cluster
            if not cluster:
                if (qp := quote_print(quote, day)) is not None:
                    self._index(block, sid, qp, winnow(_hashes(qp.shingles).tolist()))
                continue
            held = longest.get(cluster)
            if held is None or len(quote) > len(held[1]):
                longest[cluster] = (sid, quote, day)
                if held is not None:
                    others.append((cluster, held[1]))
            else:
                others.append((cluster, quote))
        for sid, quote, day in longest.values():
            if (qp := quote_print(quote, day)) is not None:
                self._index(block, sid, qp, winnow(_hashes(qp.shingles).tolist()))
        exact = block.exact
        for cluster, quote in others:
            exact.setdefault(hash(quote), longest[cluster][0])

    def forget(self, key: str, statement_id: int, quote: str | None = None) -> None:
        """Drop a statement found gone: its fingerprints and (given its quote) its words lead nowhere now."""
        cluster = self.known.pop(statement_id, None)
        if cluster:
            self.witnesses.pop(self._name(cluster), None)
        self.witnesses.pop(statement_id, None)
        block = self.blocks.get(key)
        if block is None:
            return
        if block.prints.pop(statement_id, None) is not None:
            self.size -= 1
        if quote is not None:
            block.exact.pop(hash(quote), None)
            words, starts, _digits = _tokens(quote)
            block.exact.pop(_key(words, starts), None)

    def repaired(self, now: dict[int, int], clusters: Iterable[int]) -> None:
        """The store renamed or dissolved `clusters` after members were deleted; `now`: each
        remaining member's cluster (0: alone)."""
        self.known.update(now)
        for cluster in (*clusters, *now.values()):
            self.witnesses.pop(cluster, None)

    def _name(self, cluster: int) -> int:
        """A cluster's name now, after merges (union-find with path compression)."""
        merged = self.merged
        if cluster not in merged:
            return cluster
        root = cluster
        while root in merged:
            root = merged[root]
        while cluster != root:
            merged[cluster], cluster = root, merged[cluster]
        return root

    def _found(self, block: _Block, key: str, cid: int, lookup: Callable[[int], tuple[int, str, str] | None],
               members: Callable[[int], list[tuple[str, int]]]) -> _Found | None:
        """An indexed statement's cluster and witness; None when the statement is found gone."""
        held = block.prints.get(cid)
        if held is None:
            return None
        cluster = self.known.get(cid)
        if cluster is None:  # not seen since another connection wrote: it may be gone or clustered
            row = lookup(cid)
            if row is None or hash(row[1]) != held.check or row[2] != key:
                self.forget(key, cid)
                return None
            cluster = self.known[cid] = row[0]
        if not cluster:
            return cid, Witness(held, 0, _length(held), held.day, held.day), True
        name = self._name(cluster)
        w = self.witnesses.get(name)
        if w is None:
            w = witness_of(members(name))
            if w is None:
                return None
            self.witnesses[name] = w
        return name, w, False

    def _join_copy(self, sid: int, day: int, block: _Block, key: str, cid: int,
                   lookup: Callable[[int], tuple[int, str, str] | None],
                   members: Callable[[int], list[tuple[str, int]]], fresh: set[int],
                   updates: list[tuple[int, int]], merges: list[tuple[int, int]]) -> bool:
        """sid has the very text or words of a member of cid's cluster: it joins, within the window.
        Most copies of a refresh come this way, so the usual cases make no tuple."""
        cluster = self.known.get(cid)
        if cluster == 0:
            held = block.prints.get(cid)
            if held is not None:
                if not -WINDOW_DAYS <= held.day - day <= WINDOW_DAYS:
                    return False
                self._join(sid, day, (cid, Witness(held, 0, _length(held), held.day, held.day), True), None,
                           fresh, updates, merges)
                return True
        elif cluster is not None and sid > cluster:
            name = self._name(cluster) if cluster in self.merged else cluster
            w = self.witnesses.get(name)
            if w is not None and sid > name:
                if w.first <= day <= w.last:
                    self.known[sid] = name
                    return True
                if max(w.last, day) - min(w.first, day) > WINDOW_DAYS:
                    return False
                self.known[sid] = name
                self.witnesses[name] = Witness(w.text, w.lo, w.hi, min(w.first, day), max(w.last, day))
                return True
        found = self._found(block, key, cid, lookup, members)
        if found is None or max(found[1].last, day) - min(found[1].first, day) > WINDOW_DAYS:
            return False
        self._join(sid, day, found, None, fresh, updates, merges)
        return True

    def _join(self, sid: int, day: int, found: _Found, grown: Witness | None, fresh: set[int],
              updates: list[tuple[int, int]], merges: list[tuple[int, int]]) -> int:
        """sid joins a cluster (whose witness is now `grown`, if given); returns the cluster's name."""
        name, w, alone = found
        if alone:
            self.known[name] = name
            if name not in fresh:
                updates.append((name, name))
        self.known[sid] = name
        w = grown or w
        if alone or grown is not None or not w.first <= day <= w.last:
            self.witnesses[name] = Witness(w.text, w.lo, w.hi, min(w.first, day), max(w.last, day))
        if sid < name:  # an older statement (its speaker changed) joins: it names the cluster now
            self._rename(name, sid, merges)
            name = sid
        return name

    def _rename(self, old: int, new: int, merges: list[tuple[int, int]]) -> None:
        self.merged[old] = new
        self.known[new] = new
        merges.append((new, old))
        w = self.witnesses.pop(old, None)
        if w is not None:
            self.witnesses[new] = w

    def _merge(self, name: int, other: _Found, witness: Witness, fresh: set[int],
               updates: list[tuple[int, int]], merges: list[tuple[int, int]]) -> int:
        """Cluster `other` joins cluster `name`, whose witness is now `witness`; returns the merged name."""
        oname, _w, alone = other
        self.witnesses[name] = witness
        if alone:
            self.known[oname] = name
            if oname not in fresh:
                updates.append((name, oname))
        if oname < name:  # the earliest member names a cluster
            self._rename(name, oname, merges)
            return oname
        if not alone:
            self.witnesses.pop(oname, None)
            self.merged[oname] = name
            merges.append((name, oname))
        return name

    def cluster(self, rows: Iterable[tuple[int, str, str, int]],
                lookup: Callable[[int], tuple[int, str, str] | None],
                members: Callable[[int], list[tuple[str, int]]],
                history: Callable[[str, int, int], None]) -> Clustered:
        """Cluster new statements (id, block key, quote, day), in id order, into this index.

        `lookup(id)` reads a stored statement's (cluster or 0, quote, block key), None when it is gone;
        `members(cluster)` the (quote, day) of a stored cluster's members; `history(key, since,
        until)` indexes the block's statements stored before this index was made, of the days
        from `since` up to (not including) `until`. They are called only for what this index
        does not know (another process wrote it, or before the index was made).

        Each statement joins the cluster whose witness holds it (the earliest, if several do),
        else one whose witness it holds, merging every other cluster whose witness it holds;
        otherwise it is alone. A statement with new word pairs is indexed. This runs for every
        statement of a refresh, so it is one loop with the work in C where it can be: a verbatim
        copy (syndication) costs a dict lookup, a copy word for word one more.
        """
        rows = list(rows)
        blocks, known, window = self.blocks, self.known, WINDOW_DAYS
        fresh: set[int] = set()
        updates: list[tuple[int, int]] = []
        merges: list[tuple[int, int]] = []
        need: dict[str, int] = {}  # block -> the earliest day its history must be indexed from
        if self.base:
            for _sid, key, _quote, day in rows:
                if need.get(key, _NOT_LOADED) > day - window:
                    need[key] = day - window
        for sid, key, quote, day in rows:
            fresh.add(sid)
            block = blocks.get(key)
            if block is None:
                block = blocks[key] = _Block()
            if self.base and block.history_from > need[key]:
                since = need[key]
                history(key, since, block.history_from)
                block.history_from = since
            exact, prints = block.exact, block.prints
            # The very text of a member, or its very words: in the witness, holding the core.
            check = hash(quote)
            cid = exact.get(check)
            if cid is not None and self._join_copy(sid, day, block, key, cid, lookup, members, fresh, updates, merges):
                continue
            if "…" in quote or "..." in quote or "[" in quote:
                words, starts, digits = _tokens(quote)
            else:
                (words, digits), starts = _words(quote), []
            n_words = len(words)
            if n_words < MIN_TOKENS:
                continue
            word_key = hash(" ".join(words)) if not starts else _key(words, starts)
            cid = exact.get(word_key)
            if cid is not None and self._join_copy(sid, day, block, key, cid, lookup, members, fresh, updates, merges):
                exact[check] = cid
                self.size += 1
                continue
            # the bigrams, hashed, in one C pass
            if starts:
                hs, runs = _bigrams(words, starts)
            else:
                hs, runs = list(map(hash, zip(words, words[1:], strict=False))), ()
            mine = set(hs)
            if len(mine) < MIN_PAIRS:
                continue  # as quote_print: too plain to match (exact copies joined above)
            seq = hs  # in text order, repeats too
            if len(mine) < len(hs):
                hs = list(dict.fromkeys(hs))
            numbers = tuple(dict.fromkeys(filter(str.isdigit, words))) if digits else ()
            xp: QuotePrint | None = None  # packed only when indexed or compared as a witness
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
            if hits and len(mine) >= LONG:  # a copy of a long quote shares several: one is a chance meeting
                hits = {c: n for c, n in hits.items() if n > 1}
            # (the quote adds word pairs, name, candidate, relation, found, the witness with the quote,
            # where the smaller of the two lies in the other)
            options: list[tuple[bool, int, int, int, _Found, Witness, Placed]] = []
            if hits:
                if len(hits) > MAX_VERIFIED:  # a speaker's stock phrases: the copy shares the most fingerprints
                    seen = sorted(sorted(hits, key=lambda c: (-hits[c], c))[:MAX_VERIFIED])
                else:
                    seen = sorted(hits)
                names: set[int] = set()
                for c in seen:
                    cand = prints.get(c)
                    if cand is None:
                        continue
                    if known.get(c) == 0:  # alone, as this index knows: its own witness (most candidates)
                        if c in names or not -window <= cand.day - day <= window:
                            continue
                        names.add(c)
                        rel, placed = _relation(mine, seq, runs, n_words, numbers, word_key, cand)
                        if rel == APART:
                            continue
                        hit: _Found | None = (c, Witness(cand, 0, _length(cand), cand.day, cand.day), True)
                    else:
                        hit = self._found(block, key, c, lookup, members)
                        if hit is None or hit[0] in names:
                            continue
                        names.add(hit[0])
                        w = hit[1]
                        if max(w.last, day) - min(w.first, day) > window:
                            continue
                        rel, placed = _relation(mine, seq, runs, n_words, numbers, word_key, w.text)
                        if rel == APART:
                            continue
                    assert hit is not None
                    w = hit[1]
                    if rel == HOLDS:  # the quote would be the witness: packed once it may be
                        if xp is None:
                            xp = _new_print(QuotePrint, (_pack(hs), n_words, day, check, numbers, word_key, runs,
                                                         _pack(seq) if seq is not hs else b""))
                        text = xp
                    else:
                        text = w.text
                    if rel == IN:  # the core: what the members and this quote print together
                        s_lo, s_hi = _span(placed, len(seq))
                        lo, hi = max(w.lo, s_lo), min(w.hi, s_hi)
                    elif rel == HOLDS:  # the witness's core, where the witness lies in this quote
                        lo, hi = _moved(w.lo, w.hi, placed)
                    else:
                        lo, hi = w.lo, w.hi
                    if hi - lo >= OVERLAP * _length(text):
                        options.append((rel == HOLDS, hit[0], c, rel, hit,
                                        Witness(text, lo, hi, min(w.first, day), max(w.last, day)), placed))
                        if rel != HOLDS:
                            break  # the earliest witness holding the quote: nothing to add to or merge past it
            if not options:
                known[sid] = 0
                xp = _new_print(QuotePrint, (_pack(hs), n_words, day, check, numbers, word_key, runs,
                                             _pack(seq) if seq is not hs else b""))
                self._index(block, sid, xp, winnow(hs))
                continue
            options.sort(key=lambda o: (o[0], o[1]))  # a witness holding the quote first: it adds nothing
            grows, _name, via, _rel, target, grown, _placed = options[0]
            name = self._join(sid, day, target, grown, fresh, updates, merges)
            for _grows, _n, _c, rel, other, _g, placed in options[1:]:
                # Another cluster whose witness this quote holds: its members are all in the merged
                # cluster's witness. (One whose witness holds the quote may hold other words too.)
                if rel == IN or (not other[2] and self._name(other[0]) == name):
                    continue
                w, o = self.witnesses[name], other[1]
                if not grows:  # the quote is in the witness: where the other's witness lies there
                    rel, placed = _relation(set(_hashes(o.text.shingles)), _sequence(o.text), o.text.runs,
                                            o.text.words, o.text.numbers, o.text.key, w.text)
                    if rel not in (IN, SAME):
                        continue
                o_lo, o_hi = _moved(o.lo, o.hi, placed) if placed else (o.lo, o.hi)
                lo, hi = max(w.lo, o_lo), min(w.hi, o_hi)
                first, last = min(w.first, o.first), max(w.last, o.last)
                if last - first <= window and hi - lo >= OVERLAP * _length(w.text):
                    name = self._merge(name, other, Witness(w.text, lo, hi, first, last), fresh, updates, merges)
            if grows:
                assert xp is not None
                self._index(block, sid, xp, winnow(hs))  # new word pairs to find the next copy by
            else:
                exact[word_key] = exact[check] = via
                self.size += 1
        merged = self.merged
        assigned = {sid: (self._name(c) if c in merged else c) if (c := known.get(sid, 0)) else 0 for sid in fresh}
        return Clustered(assigned, updates, merges)

    def _index(self, block: _Block, statement_id: int, qp: QuotePrint, fps: list[int]) -> None:
        block.prints[statement_id] = qp
        block.exact[qp.key] = block.exact[qp.check] = statement_id
        self.size += 1
        postings = block.postings
        mine: dict[int, int | tuple[int, ...]] = dict.fromkeys(fps, statement_id)
        # A short quote's first and last word pairs too: a copy cut once (at an end, or inside,
        # leaving runs too short to hold a window) keeps one of them. A long one has fingerprints
        # enough for what such a copy keeps.
        ends = _hashes(qp.shingles)
        if 0 < len(ends) < LONG:
            mine[ends[0]] = mine[ends[-1]] = statement_id
        shared = mine.keys() & postings.keys()  # usually none: the rest goes in at C speed
        if shared:
            for fp in shared:
                held = postings[fp]
                mine[fp] = (held, statement_id) if isinstance(held, int) else \
                    (*held, statement_id) if len(held) < POSTINGS_CAP else held
        postings.update(mine)
