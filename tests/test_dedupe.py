"""One statement, many sources: copies of a quote across outlets collapse into one, on real SQLite files."""

from __future__ import annotations

import itertools
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import example, given
from hypothesis import strategies as hs

from feeds.dedupe import (
    APART,
    SAME,
    ClusterIndex,
    copies,
    quote_print,
    quote_tokens,
    relation,
    text_fingerprint,
    winnow,
)
from feeds.models import ExtractedArticle, Extraction, FeedSpec, FeedUpdate, ParsedArticle, Statement
from feeds.store import Store
from feeds.store.schema import migrate_v1

T0 = datetime(2024, 7, 26, 9, 0, tzinfo=UTC)
QUOTE = ("The decision to leave the station after 2024 has been made, and we will begin "
         "forming a Russian orbital station")
FEEDS = [FeedSpec(url=f"https://{name.lower()}.example/feed", title=name) for name in ("TASS", "Reuters", "SpaceNews")]


def st(quote: str, speaker: str | None = "Yuri Borisov", actor: str | None = "Roscosmos") -> Statement:
    return Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor, paragraph=0,
                     start=0, end=len(quote))


def art(key: str, *statements: Statement, text: str | None = None, when: datetime = T0,
        link: str | None = None) -> ExtractedArticle:
    article = ParsedArticle(guid=key, link=link or f"https://{key}.example/story", title=f"Story {key}",
                            text=text or f"Text of {key}.", published=when)
    return ExtractedArticle(article=article, extraction=Extraction(statements=statements), extractor_version=1)


def feed(n: int, *items: ExtractedArticle) -> FeedUpdate:
    return FeedUpdate(url=FEEDS[n].url, status="ok", started_at=T0, articles=items)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "spacewatch.db")
    s.sync_feeds(FEEDS)
    yield s
    s.close()


def d(days: int = 0) -> int:
    return (T0 + timedelta(days=days)).date().toordinal()


# --- the rule ------------------------------------------------------------------------------------

def test_tokens_ignore_case_punctuation_quote_marks_and_yo() -> None:
    assert quote_tokens("«Ещё — РАЗ», he said…") == quote_tokens('"еще раз" HE said...')
    assert quote_tokens("2,000 or 2 000 or 2000, 1.5") == ["2000", "or", "2000", "or", "2000", "1", "5"]


@pytest.mark.parametrize("copy", [
    QUOTE.upper(),
    QUOTE.replace(",", "").replace("2024", "2024 ...") + ".",
    "… the decision to leave the station after 2024 has been made, and we will begin forming …",
    QUOTE.replace("and we will begin", "[...] we will begin"),
    "“" + QUOTE.replace("has been made", "has been made [...]") + "”",
])
def test_copies_with_small_rewrites_are_similar(copy: str) -> None:
    a, b = quote_print(QUOTE, d()), quote_print(copy, d(1))
    assert a is not None and b is not None and copies(a, b)


@pytest.mark.parametrize("other", [
    "We will begin forming a Russian orbital station when the money is there",
    "The decision to stay on the station after 2024 has not been made and we will not begin anything",
    "No, not at all",
    QUOTE.replace("2024", "2028"),
])
def test_different_statements_are_not(other: str) -> None:
    a, b = quote_print(QUOTE, d()), quote_print(other, d())
    assert a is not None and (b is None or not copies(a, b))


# One word of substance changed, in a quote otherwise printed alike (issue 12.2): another statement.
ONE_WORD = [
    ("We are not going to comment on speculation about sanctions",
     "We are not going to comment on speculation about export controls"),  # another noun phrase
    ("The decision on engine anomalies has not been made yet",
     "The decision on sanctions has not been made yet"),
    (QUOTE, QUOTE.replace("Russian orbital station", "lunar orbital station")),
    (QUOTE, QUOTE.replace("after 2024", "after 2025")),  # a figure
    (QUOTE, QUOTE.replace("has been made", "has not been made")),  # a negation
    (QUOTE, QUOTE.replace("we will begin", "we will never begin")),
    (QUOTE, QUOTE.replace("after 2024", "after July")),  # a date
    (QUOTE, QUOTE.replace("leave", "keep")),  # another verb, one word inside
    ("Launch is planned for Tuesday from Baikonur, weather permitting",
     "Launch is planned for Thursday from Baikonur, weather permitting"),
    ("The crew will return on the 14th of May as planned", "The crew will return on the 16th of May as planned"),
    ("«Решение о выходе из станции после 2024 года принято», — сказал он",
     "«Решение о выходе из станции после 2028 года принято», — сказал он"),
]


@pytest.mark.parametrize(("one", "other"), ONE_WORD)
def test_one_word_of_substance_makes_another_statement(one: str, other: str) -> None:
    a, b = quote_print(one, d()), quote_print(other, d())
    assert a is not None and b is not None and not copies(a, b) and not copies(b, a)
    lowered = quote_print(other.lower().replace(",", ""), d())  # however the other outlet prints it
    assert lowered is not None and not copies(a, lowered)


@pytest.mark.parametrize("copy", [
    "… to leave the station after 2024 has been made, and we will begin forming a Russian orbital station",
    "The decision to leave the station after 2024 has been made",  # the first words only
    "The decision to leave the station after 2024 has been made … a Russian orbital station",
    "The decision [to leave the ISS] after 2024 has been made, and we will begin forming a Russian orbital station",
    QUOTE.replace("we will begin", "[we] will begin"),  # an outlet's own word in brackets is not the speaker's
    QUOTE.replace("2024", "2 024"),
])
def test_cuts_and_bracketed_words_keep_the_same_statement(copy: str) -> None:
    a, b = quote_print(QUOTE, d()), quote_print(copy, d(2))
    assert a is not None and b is not None and copies(a, b) and copies(b, a)


def test_short_quotes_match_only_word_for_word_and_tiny_ones_never() -> None:
    a, b, c = quote_print("We are not ready", d()), quote_print("we are NOT ready!", d()), \
        quote_print("We are ready", d())
    assert a and b and c and relation(a, b) == SAME and not copies(a, c)
    assert quote_print("No.", d()) is None
    assert quote_print("No, no, no!", d()) is None and quote_print("We, we, we … now", d()) is None  # one pair


def test_the_same_words_a_month_apart_are_two_statements() -> None:
    a, b = quote_print(QUOTE, d()), quote_print(QUOTE, d(30))
    assert a and b and not copies(a, b)


def _tokens_by_the_rule(text: str) -> list[str]:
    """quote_tokens as the rule states it, with no fast path."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return re.findall(r"\w+", re.sub(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}(?!\d))", "", text))


@given(hs.text(alphabet=hs.sampled_from(list("aZq5 0,.9_-'\"\t") + ["…", "’", "“", "”", "—", "–", "‘", "«", "»",
                                                                    "\u00a0", "\u202f", "é", "ё", "Ё", "²", "①",
                                                                    "ﬁ", "Ж", "٣", "፩"]), max_size=40))
def test_fast_paths_make_the_same_words_as_the_rule(text: str) -> None:
    assert quote_tokens(text) == _tokens_by_the_rule(text)


WORDS = ["we", "will", "not", "fly", "the", "station", "crew", "2030", "soyuz", "launch", "delay", "budget"]


def _edit(words: list[str], how: int, at: int, word: str) -> str:
    """What an outlet or a speaker does to a quote: cut an end, cut inside, change or add a word."""
    at = at % len(words)
    if how == 0:
        return " ".join(words[at // 2 + 1:]) or words[0]
    if how == 1:
        return " ".join(words[:len(words) - at // 2 - 1]) or words[0]
    if how == 2:
        return " ".join(words[:at] + ["…"] + words[at + 2:])
    if how == 3:
        return " ".join(words[:at] + [word] + words[at + 1:])
    return " ".join(words[:at] + [word] + words[at:])


@given(hs.lists(hs.lists(hs.sampled_from(WORDS), min_size=6, max_size=14), min_size=1, max_size=4),
       hs.lists(hs.tuples(hs.integers(0, 3), hs.integers(0, 4), hs.integers(0, 20), hs.sampled_from(WORDS),
                          hs.integers(0, 9)), max_size=30))
@example(originals=[["we", "we", "we", "we", "will", "we"]],  # found by hypothesis: "we we we we we … now"
         edits=[(0, 0, 0, "we", 0), (0, 4, 0, "we", 0), *[(0, 0, 0, "we", 0)] * 5, (2, 2, 5, "we", 1)])
@example(originals=[["we", "we", "we", "we", "will", "we"]],  # found by hypothesis: as many pairs, more words
         edits=[(0, 4, 0, "we", 0), (1, 1, 0, "we", 0)])
def test_every_cluster_is_held_by_its_fullest_member(originals: list[list[str]],
                                                    edits: list[tuple[int, int, int, str, int]]) -> None:
    """Whatever quotes arrive, in whatever order: every member of a cluster is in its fullest
    member, its runs of words in the same order there (no chaining)."""
    quotes = [" ".join(o) for o in originals]
    for source, how, at, word, day in edits:
        quotes.append(_edit(quotes[source % len(quotes)].split(), how, at, word) + f" {day % 2 and 'now' or ''}")
    rows = [(i + 1, "s:Yuri Borisov", q, 739000 + (i % 3)) for i, q in enumerate(quotes)]

    def never(*_args: object) -> object:
        raise AssertionError("one process that wrote everything never asks the store")

    result = ClusterIndex(base=0).cluster(rows, never, never, never)  # type: ignore[arg-type]
    groups: dict[int, list[str]] = {}
    for sid, cluster in result.assigned.items():
        groups.setdefault(cluster or -sid, []).append(quotes[sid - 1])
    for members in groups.values():
        prints = [p for q in members if (p := quote_print(q, 739000)) is not None]
        if len(prints) < 2:
            continue  # alone, or too short to be clustered at all
        # as many pairs, more words: "we we we we we will we" holds "we we we we will we"
        fullest = max(prints, key=lambda p: (len(p.shingles), p.words))
        assert all(relation(p, fullest) != APART for p in prints), members


def test_a_copy_cut_at_both_ends_holds_fingerprints_of_its_original() -> None:
    words = " ".join(f"word{i}" for i in range(40))
    cut = " ".join(words.split()[7:33])
    a, b = quote_print(words, d()), quote_print(cut, d())
    assert a and b
    fps_a = set(winnow(memoryview(a.shingles).cast("q").tolist()))
    fps_b = set(winnow(memoryview(b.shingles).cast("q").tolist()))
    assert fps_b <= fps_a  # every window of the cut is one of the original's: the same smallest hash
    assert 0 < len(fps_a) < 39 // 2  # a sample: about a third of the bigrams


def test_article_text_fingerprint_needs_enough_words() -> None:
    long = " ".join(f"word{i}" for i in range(80))
    assert text_fingerprint(long) == text_fingerprint(long.upper().replace(" ", ",  "))
    assert text_fingerprint("Short summary only.") is None


# --- in the store --------------------------------------------------------------------------------

def test_three_outlets_one_statement_three_sources(store: Store) -> None:
    store.apply_feed_updates([
        feed(0, art("tass", st(QUOTE), st("Completely different words about the budget of the agency"))),
        feed(1, art("reuters", st(QUOTE.lower() + "."), when=T0 + timedelta(hours=2))),
        feed(2, art("spacenews", st("… " + QUOTE.replace(", and", " ... and")), when=T0 + timedelta(hours=5))),
    ])
    rows = store.statements(speaker="Borisov")
    assert sorted((r.quote, r.sources) for r in rows) == [
        ("Completely different words about the budget of the agency", 1), (QUOTE, 3)]
    [first] = [r for r in rows if r.quote == QUOTE]
    assert first.outlet == "TASS" and first.cluster_id == first.id  # the earliest copy stands for all
    sources = store.statement_sources(first.id)
    assert [s.outlet for s in sources] == ["TASS", "Reuters", "SpaceNews"]
    assert sources[1].quote == QUOTE.lower() + "."  # each outlet's own wording
    assert len(store.statements(collapse=False)) == 4
    view = store.article(first.article_id)
    assert view is not None and sorted(s.sources for s in view.statements) == [1, 3]
    assert store.statement(first.id).sources == 3  # type: ignore[union-attr]


def test_sources_list_every_outlet_of_a_statement_with_its_own_link(store: Store) -> None:
    """What the "N sources" screen shows (issue 12.3): outlet, date, link, title and wording of each copy."""
    text = " ".join(f"Paragraph word number {i}." for i in range(30))  # a story syndicated under two URLs
    store.apply_feed_updates([
        feed(0, art("wire", st(QUOTE), text=text, link="https://wire.example/a/1")),
        feed(1, art("portal", st(QUOTE), text=text, link="https://portal.example/news/987",
                    when=T0 + timedelta(hours=1))),
    ])
    [row] = store.statements()
    assert row.sources == 1  # one article so far, carried by two outlets
    summary = store.apply_feed_update(feed(2, art("spacenews", st("… " + QUOTE.lower()), when=T0 + timedelta(hours=3),
                                                  link="https://spacenews.example/s")))
    assert len(summary.new_statement_ids) == 1 and store.new_statement_counts(row.id) == {}  # a copy: not new
    [row] = store.statements()
    assert row.sources == 2
    sources = store.statement_sources(row.id)
    assert [(s.outlet, s.link, s.article_title, s.quote) for s in sources] == [
        ("TASS", "https://wire.example/a/1", "Story wire", QUOTE),
        ("Reuters", "https://portal.example/news/987", "Story wire", QUOTE),
        ("SpaceNews", "https://spacenews.example/s", "Story spacenews", "… " + QUOTE.lower())]
    assert [s.published for s in sources] == [T0, T0, T0 + timedelta(hours=3)]
    assert store.statement_sources(summary.new_statement_ids[0]) == sources  # from any copy


def clusters(store: Store) -> set[frozenset[str]]:
    """The stored statements as groups of quotes, one group per cluster (a lone statement alone)."""
    groups: dict[int, set[str]] = {}
    for sid, cluster, quote in store.conn.execute("SELECT id, cluster_id, quote FROM statements"):
        groups.setdefault(cluster or sid, set()).add(quote)
    return {frozenset(g) for g in groups.values()}


def test_a_speakers_different_sentences_are_never_one_statement(store: Store) -> None:
    # The cluster: 217 copies of 102 different texts by one speaker, one card.
    topics = ["sanctions", "export controls", "engine anomalies", "the budget", "crew safety", "data sharing"]
    texts = [f"We are not going to comment on speculation about {t}" for t in topics] + \
            [f"The decision on {t} has not been made yet" for t in topics]
    for n, outlet in enumerate(("tass", "reuters", "spacenews")):
        store.apply_feed_update(feed(n, *(art(f"{outlet}-{i}", st(q if n == 0 else q.lower() + "."),
                                               when=T0 + timedelta(hours=n)) for i, q in enumerate(texts))))
    rows = store.statements(limit=100)
    assert sorted(r.quote for r in rows) == sorted(texts) and {r.sources for r in rows} == {3}


def test_a_cluster_is_never_grown_by_chaining(store: Store) -> None:
    full = "We will extend the station to 2030 and then we will decide on the new orbital station"
    cut = "We will extend the station to 2030 and then we will decide"  # a copy of `full`, cut
    other = "We will extend the station to 2030 and then we will decide whether to fly at all"
    store.apply_feed_updates([feed(0, art("a", st(full))), feed(1, art("b", st(cut), when=T0 + timedelta(hours=1))),
                              feed(2, art("c", st(other), when=T0 + timedelta(hours=2)))])
    assert clusters(store) == {frozenset({full, cut}), frozenset({other})}  # `other` is like `cut`, not `full`


def test_two_sentences_each_carried_alone_stay_two_statements(store: Store) -> None:
    first = "Safety of the crew is and will remain our first priority on every single flight"
    second = "Frankly, the schedule was always optimistic"
    store.apply_feed_updates([feed(0, art("a", st(f"{first}. {second}"))),
                              feed(1, art("b", st(first), when=T0 + timedelta(hours=1))),
                              feed(2, art("c", st(second), when=T0 + timedelta(hours=2)))])
    assert clusters(store) == {frozenset({f"{first}. {second}", first}), frozenset({second})}


def test_word_pairs_gathered_from_all_over_a_longer_quote_are_not_a_copy(store: Store) -> None:
    both = ("Nobody is talking about leaving the Soyuz crew rotation tomorrow. Every option is on the table, "
            "including an earlier end to the Russian Orbital Station")
    one = "Every option is on the table, including an earlier end to the Soyuz crew rotation"  # every pair is in `both`
    store.apply_feed_updates([feed(0, art("a", st(both))), feed(1, art("b", st(one), when=T0 + timedelta(hours=1)))])
    assert clusters(store) == {frozenset({both}), frozenset({one})}


def test_one_sentence_said_twice_with_two_figures_is_two_statements(store: Store) -> None:
    first, second = (f"We have enough hardware to keep flying until {year}" for year in (2027, 2028))
    store.apply_feed_updates([feed(0, art("a", st(f"{first}. {second}."))),
                              feed(1, art("b", st(first + "."), when=T0 + timedelta(hours=1))),
                              feed(2, art("c", st(second + "."), when=T0 + timedelta(hours=2)))])
    assert not any({first + ".", second + "."} <= group for group in clusters(store))


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_copies_cut_at_either_end_are_one_statement_in_any_order(store: Store, order: tuple[int, ...]) -> None:
    words = QUOTE.split()
    versions = [QUOTE, "… " + " ".join(words[3:]), " ".join(words[:-3]) + " …"]  # the whole, its tail, its head
    for n, i in enumerate(order):
        store.apply_feed_update(feed(n, art(f"k{i}", st(versions[i]), when=T0 + timedelta(hours=n))))
    assert clusters(store) == {frozenset(versions)}


def test_copies_word_for_word_and_verbatim_join_through_the_fast_paths(store: Store) -> None:
    cut = QUOTE.replace(", and we will begin forming a Russian orbital station", "")  # within the original
    store.apply_feed_updates([
        feed(0, art("a", st(QUOTE))),
        feed(1, art("b", st(cut), when=T0 + timedelta(hours=1))),  # near-exact: not indexed, leads to a
        feed(2, art("c", st(cut.upper() + "!"), when=T0 + timedelta(hours=2))),  # the same words as b
        feed(0, art("d", st(cut), when=T0 + timedelta(hours=3))),  # the very text of b
        feed(1, art("e", st(QUOTE), when=T0 + timedelta(days=20))),  # verbatim, but weeks later
    ])
    rows = store.statements(collapse=False)
    assert len(rows) == 5
    first = min(r.id for r in rows)
    assert sorted(r.cluster_id or 0 for r in rows) == [0, first, first, first, first]


def test_same_words_from_another_speaker_stay_apart(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE))))
    store.apply_feed_update(feed(1, art("b", st(QUOTE, speaker="Dmitry Peskov", actor="Kremlin"))))
    assert sorted(r.sources for r in store.statements()) == [1, 1]


def test_search_finds_a_statement_through_any_copy(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st("… we will begin forming a Russian orbital station …"))))
    store.apply_feed_update(feed(1, art("b", st("Now we will begin forming a Russian orbital station quickly"))))
    hits = store.statements(search="quickly")
    assert len(hits) == 1 and hits[0].sources == 2 and hits[0].quote.startswith("…")


def test_a_story_under_two_urls_is_one_article_and_each_feed_knows_its_item(store: Store) -> None:
    text = " ".join(f"Paragraph word number {i}." for i in range(30))
    store.apply_feed_update(feed(0, art("wire", st(QUOTE), text=text, link="https://wire.example/a/1")))
    summary = store.apply_feed_update(
        feed(1, art("copy", st(QUOTE), text=text.upper(), link="https://portal.example/news/987")))
    assert summary.new_articles == 0 and summary.new_statement_ids == ()
    counts = store.counts()
    assert counts["articles"] == 1 and counts["feed_items"] == 2 and counts["statements"] == 1
    links = store.conn.execute("SELECT link FROM feed_items ORDER BY feed_id").fetchall()
    assert links == [("https://wire.example/a/1",), ("https://portal.example/news/987",)]


def test_copies_are_found_after_a_restart_and_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store.open(path) as first:
        first.sync_feeds(FEEDS)
        first.apply_feed_update(feed(0, art("a", st(QUOTE))))
    with Store.open(path) as second, Store.open(path) as third:  # two processes' worth of stores
        second.apply_feed_update(feed(1, art("b", st(QUOTE + "!"))))  # history of a speaker loaded
        third.apply_feed_update(feed(2, art("c", st(QUOTE.upper()))))  # has not seen b: catches up
        second.apply_feed_update(feed(2, art("d", st("... " + QUOTE))))  # has not seen c: catches up
        assert [r.sources for r in third.statements()] == [4]


def _outlets_corpus(seed: int = 7) -> list[FeedUpdate]:
    """Three outlets' feeds each, one speaker, 180 statements each carried by two outlets, reworded."""
    import random

    rng = random.Random(seed)
    vocab = [f"w{n}" for n in range(400)]
    carried: dict[int, list[ExtractedArticle]] = {n: [] for n in range(6)}
    for k in range(180):
        quote = " ".join(rng.sample(vocab, 12))
        first, second = rng.sample(range(6), 2)
        words = quote.split()
        copy = rng.choice([quote.upper(), "… " + " ".join(words[2:]), " ".join(words[:-2]) + " …",
                           " ".join(words[:5] + ["[...]"] + words[6:])])
        for n, text in ((first, quote), (second, copy)):
            carried[n].append(art(f"{n}-{k}", st(text), when=T0 + timedelta(minutes=k + 30 * n)))
    return [FeedUpdate(url=f"https://outlet{n}.example/feed", status="ok", started_at=T0, articles=tuple(items))
            for n, items in carried.items()]


def _partition(store: Store) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for sid, cluster, guid in store.conn.execute(
            "SELECT s.id, s.cluster_id, fi.guid FROM statements s JOIN feed_items fi ON fi.article_id = s.article_id"):
        groups.setdefault(cluster or sid, set()).add(guid)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("turns", [(0, 0, 0, 1, 1, 1), (0, 1, 0, 1, 0, 1), (1, 0, 0, 1, 1, 0)])
def test_two_writers_on_one_database_merge_as_one(tmp_path: Path, turns: tuple[int, ...]) -> None:
    """Two `spacewatch fetch` at once (issue 11.9): each its own connection and index, the feeds
    written in turns; the statements and their merges are those of one writer alone."""
    updates = _outlets_corpus()
    specs = [FeedSpec(url=u.url) for u in updates]
    with Store.open(tmp_path / "one.db") as one:
        one.sync_feeds(specs)
        for u in updates:
            one.apply_feed_update(u)
        alone = _partition(one)
    assert len(alone) == 180
    with Store.open(tmp_path / "two.db") as a, Store.open(tmp_path / "two.db") as b:
        a.sync_feeds(specs)
        for writer, u in zip(turns, updates, strict=True):
            (a, b)[writer].apply_feed_update(u)
        assert _partition(a) == alone


def test_unchanged_statements_keep_their_ids_when_an_article_changes(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE), st("An older remark about the launch schedule"))))
    ids = {s.quote: s.id for s in store.statements()}
    changed = art("a", st(QUOTE), st("A corrected remark about the launch schedule for next year"),
                  text="Corrected text.")
    summary = store.apply_feed_update(feed(0, changed))
    assert summary.updated_articles == 1 and len(summary.new_statement_ids) == 1
    after = {s.quote: s.id for s in store.statements()}
    assert after[QUOTE] == ids[QUOTE]
    assert store.replace_extractions([(1, Extraction(statements=(st(QUOTE),)))], version=2) == 1
    assert [s.id for s in store.statements()] == [ids[QUOTE]]


def test_a_cluster_survives_losing_its_earliest_copy(store: Store) -> None:
    for n, key in enumerate(("a", "b", "c")):
        store.apply_feed_update(feed(n, art(key, st(QUOTE))))
    [row] = store.statements()
    assert row.sources == 3 and row.outlet == "TASS"
    store.replace_extractions([(row.article_id, Extraction(statements=()))], version=2)
    [row] = store.statements()
    assert row.sources == 2 and row.outlet == "Reuters" and row.cluster_id == row.id
    store.replace_extractions([(row.article_id, Extraction(statements=()))], version=2)
    [row] = store.statements()
    assert row.sources == 1 and row.cluster_id is None and row.outlet == "SpaceNews"
    store.apply_feed_update(feed(0, art("e", st(QUOTE))))  # a new copy still finds it
    assert [r.sources for r in store.statements()] == [2]


def test_a_rolled_back_write_leaves_no_trace_in_the_index(store: Store) -> None:
    store.apply_feed_update(feed(0, art("a", st(QUOTE))))
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store._apply(conn, feed(2, art("gone", st("Words that were never stored at all"))))
        raise RuntimeError("undone")
    store.apply_feed_update(feed(1, art("b", st("Words that were never stored at all"))))
    assert [(r.sources, r.cluster_id) for r in store.statements()] == [(1, None), (1, None)]


def test_a_v1_database_is_migrated_and_clustered(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate_v1(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO feeds (id, url, title, added_at) VALUES (1, 'https://a.example/f', 'A', 'x')")
    for n in (1, 2):
        conn.execute("INSERT INTO articles (id, title, text, first_seen_at, sort_at, content_hash) "
                     "VALUES (?, 't', 'x', ?, ?, 'h')", (n, "2024-07-26T09:00:00Z", "2024-07-26T09:00:00Z"))
        conn.execute("INSERT INTO feed_items VALUES (1, ?, ?, NULL, NULL, 'x')", (f"k{n}", n))
        conn.execute("""INSERT INTO statements (id, article_id, ordinal, quote, speaker, actor, paragraph, start,
                        "end", sort_at) VALUES (?, ?, 0, ?, 'Yuri Borisov', 'Roscosmos', 0, 0, 1, ?)""",
                     (n, n, QUOTE if n == 1 else QUOTE.upper(), "2024-07-26T09:00:00Z"))
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store.open(path) as s:
        assert [(r.id, r.sources) for r in s.statements()] == [(1, 2)]
        views = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        assert {"statements_view", "quotes_view", "articles_view"} <= views
        rows = s.conn.execute("SELECT id, sources, is_primary, outlet FROM statements_view ORDER BY id").fetchall()
        assert rows == [(1, 2, 1, "A"), (2, 2, 0, "A")]
        assert s.conn.execute("SELECT count(*) FROM quotes_view").fetchone()[0] == 1
