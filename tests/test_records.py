"""feeds.records: what the parser workers hand the store, and that it stores like the in-process form."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime
from pathlib import Path

from feeds.models import (
    ArticleRecord,
    ExtractedArticle,
    Extraction,
    FeedSpec,
    FeedUpdate,
    LearnedPerson,
    ParsedArticle,
    Statement,
)
from feeds.records import article_record, item_key
from feeds.store import Store

T0 = datetime(2024, 7, 26, 9, 15, tzinfo=UTC)


def extracted(link: str | None = "https://www.News.example/iss/?utm_source=rss") -> ExtractedArticle:
    article = ParsedArticle(guid=None, link=link, title="Russia to leave the ISS",
                            text="Borisov said the decision was made. " * 12, published=T0, lang="en")
    said = Statement(quote="the decision was made", speaker="Yuri Borisov", speaker_as_written="Borisov",
                     actor="Roscosmos", paragraph=0, start=14, end=35, key_score=0.6, is_key=True,
                     key_reasons=("decision or commitment", "date or deadline"), lang="en")
    return ExtractedArticle(article, Extraction(statements=(said,), mentions=("NASA",),
                                                learned=(LearnedPerson("Yuri Borisov", "Roscosmos", "head"),)), 3)


def test_a_record_carries_the_keys_and_rows_the_store_writes() -> None:
    r = article_record(extracted())
    assert r.key == "link:https://news.example/iss" == item_key(extracted().article)
    assert r.canonical_url == "https://news.example/iss"
    assert r.published == "2024-07-26T09:15:00Z" and r.extractor_version == 3
    assert r.text_key is not None and len(r.content_hash) == 32
    assert r.extraction is not None
    (row,) = r.extraction.statements
    assert row[0] == "the decision was made" and row[3] == "Roscosmos" and row[8] == 1
    assert json.loads(row[9]) == ["decision or commitment", "date or deadline"]
    # the actors an article names include those it quotes, sorted
    assert r.extraction.mentions == ("NASA", "Roscosmos")
    assert r.extraction.learned == (("Yuri Borisov", "Roscosmos", "head"),)


def test_an_article_not_extracted_has_no_rows_and_no_version() -> None:
    r = article_record(ExtractedArticle(extracted().article))
    assert r.extraction is None and r.extractor_version is None


def test_records_cross_a_process_boundary_as_themselves() -> None:
    r = article_record(extracted())
    back = pickle.loads(pickle.dumps(r))
    assert back == r and isinstance(back, ArticleRecord)


def test_the_store_writes_a_record_as_it_writes_the_article_it_came_from(tmp_path: Path) -> None:
    dumps = []
    for form in ("article", "record"):
        with Store.open(tmp_path / f"{form}.db") as store:
            store.sync_feeds([FeedSpec(url="https://a.example/feed")])
            item = extracted()
            store.apply_feed_update(FeedUpdate(url="https://a.example/feed", status="ok", started_at=T0,
                                               articles=(item if form == "article" else article_record(item),)))
            conn = store.conn
            dumps.append((
                conn.execute("SELECT canonical_url, link, title, text, lang, published_at, content_hash, "
                             "extractor_version, text_key FROM articles").fetchall(),
                conn.execute('SELECT quote, speaker, actor, start, "end", is_key, key_reasons, lang '
                             "FROM statements").fetchall(),
                conn.execute("SELECT actor FROM article_actors ORDER BY actor").fetchall(),
                conn.execute("SELECT name, actor, role FROM people").fetchall(),
                conn.execute("SELECT item_key FROM feed_items").fetchall()))
    assert dumps[0] == dumps[1]
    assert dumps[0][2] == [("NASA",), ("Roscosmos",)]
