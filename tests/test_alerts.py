"""Alert rules on a real store, with real commands: JSON on stdin, failures and hangs reported, no repeats."""

from __future__ import annotations

import json
import select
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feeds.models import (
    AlertRule,
    ExtractedArticle,
    Extraction,
    FeedSpec,
    FeedUpdate,
    ParsedArticle,
    Statement,
    StatementView,
    WriteSummary,
)
from feeds.newsroom.alerts import fire_alerts, rule_matches
from feeds.newsroom.exports import statement_record
from feeds.store import Store

T0 = datetime(2024, 7, 26, 9, 0, tzinfo=UTC)
QUOTE = "The decision was made to leave this station after 2024, and the ISS will be handed over"


def st(quote: str = QUOTE, speaker: str | None = "Yuri Borisov", actor: str | None = "Roscosmos",
       key: bool = True) -> Statement:
    return Statement(quote=quote, speaker=speaker, speaker_as_written=speaker, actor=actor, paragraph=0, start=0,
                     end=len(quote), is_key=key, key_score=2.0 if key else 0.1)


def update(n: int, *statements: Statement, feed: str = "https://tass.example/feed") -> FeedUpdate:
    article = ParsedArticle(guid=f"g{n}", link=f"https://tass.example/{n}", title=f"Story {n}", text="text",
                            published=T0)
    return FeedUpdate(url=feed, status="ok", started_at=T0,
                      articles=(ExtractedArticle(article, Extraction(statements), 1),))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "spacewatch.db")
    s.sync_feeds([FeedSpec(url="https://tass.example/feed", title="TASS"),
                  FeedSpec(url="https://reuters.example/feed", title="Reuters")])
    yield s
    s.close()


class Notes:
    def __init__(self) -> None:
        self.lines: list[tuple[str, bool]] = []
        self.bells = 0

    def __call__(self, message: str, is_error: bool) -> None:
        self.lines.append((message, is_error))

    def bell(self) -> None:
        self.bells += 1


def view(**kw: object) -> StatementView:
    base: dict[str, object] = dict(id=1, article_id=1, quote=QUOTE, speaker="Yuri Borisov",
                                   speaker_as_written="Borisov", actor="Roscosmos", paragraph=0, start=0, end=1,
                                   key_score=2.0, is_key=True, key_reasons=(), lang="en", article_title="t",
                                   link=None, outlet="TASS", published=T0)
    base.update(kw)
    return StatementView(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("rule", "fires"), [
    (AlertRule("any"), True),
    (AlertRule("actor", actor="roscosmos"), True),
    (AlertRule("other actor", actor="NASA"), False),
    (AlertRule("speaker part", speaker="borisov"), True),
    (AlertRule("other speaker", speaker="Peskov"), False),
    (AlertRule("a word", words=("iss",)), True),
    (AlertRule("any of", words=("moon", "Station")), True),
    (AlertRule("a phrase", words=("leave this station",)), True),
    (AlertRule("not a part of a word", words=("decis",)), False),
    (AlertRule("all conditions", actor="Roscosmos", speaker="Borisov", words=("2024",), key_only=True), True),
])
def test_rules(rule: AlertRule, fires: bool) -> None:
    assert rule_matches(rule, view()) is fires


def test_key_only_rule_needs_a_key_quote() -> None:
    assert not rule_matches(AlertRule("k", key_only=True), view(is_key=False))


def test_command_gets_the_statement_as_json_on_stdin(store: Store, tmp_path: Path) -> None:
    out, env_out = tmp_path / "alert.json", tmp_path / "env.txt"
    rules = [AlertRule("Borisov", speaker="Borisov", command=f"cat > '{out}'"),
             AlertRule("env", words=("ISS",), bell=False, command=f"printf %s \"$SPACEWATCH_SPEAKER\" > '{env_out}'")]
    other = st("Nothing to see in this remark at all", speaker="Dmitry Peskov", actor="Kremlin", key=False)
    summary = store.apply_feed_update(update(1, st(), other))
    notes = Notes()
    fired = fire_alerts(store, rules, [summary], notify=notes, bell=notes.bell)
    assert [(a.rule.name, a.error) for a in fired] == [("Borisov", None), ("env", None)]
    [borisov] = store.statements(search="decision")
    assert json.loads(out.read_text(encoding="utf-8")) == {**statement_record(borisov), "alert": "Borisov"}
    assert env_out.read_text(encoding="utf-8") == "Yuri Borisov"
    assert notes.bells == 1 and [n[1] for n in notes.lines] == [False, False]
    assert notes.lines[0][0].startswith("Borisov: “The decision was made")


def test_only_new_first_copies_fire(store: Store) -> None:
    rules = [AlertRule("all")]
    first = store.apply_feed_update(update(1, st()))
    assert len(fire_alerts(store, rules, [first])) == 1
    again = store.apply_feed_update(update(1, st()))  # the same feed polled again: nothing new
    copy = store.apply_feed_update(update(2, st(QUOTE.upper()), feed="https://reuters.example/feed"))
    assert copy.new_statement_ids  # stored as a source of the same statement...
    assert fire_alerts(store, rules, [again, copy]) == []  # ...but it is not news
    store.replace_extractions([(1, Extraction((st(),)))], version=2)  # re-extraction keeps the id
    assert fire_alerts(store, rules, [WriteSummary(url="x", status="ok")]) == []


def test_a_failing_command_is_reported_and_others_still_fire(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "ok.json"
    rules = [AlertRule("broken", command="echo 'no such hook' >&2; exit 3"),
             AlertRule("missing", command="/nonexistent/notify-me"),
             AlertRule("fine", command=f"cat > '{out}'")]
    notes = Notes()
    fired = fire_alerts(store, rules, [store.apply_feed_update(update(1, st()))], notify=notes)
    errors = {a.rule.name: a.error for a in fired}
    assert errors["broken"] == "exited with status 3: no such hook"
    assert errors["missing"] is not None and "status 127" in errors["missing"]
    assert errors["fine"] is None and out.exists()
    assert [m for m, is_error in notes.lines if is_error] == [
        "alert 'broken': command exited with status 3: no such hook", f"alert 'missing': command {errors['missing']}"]


def test_a_hanging_command_is_stopped_at_the_time_limit(store: Store, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    rules = [AlertRule("hang", command=f"sleep 30 & echo $! > '{pid_file}'; wait")]
    notes = Notes()
    # Two seconds: on a loaded machine the shell must get to start its sleep before the limit.
    [alert] = fire_alerts(store, rules, [store.apply_feed_update(update(1, st()))], notify=notes, timeout=2.0)
    assert alert.error == "did not finish within 2 s and was stopped"
    assert ("alert 'hang': command did not finish within 2 s and was stopped", True) in notes.lines
    pid = int(pid_file.read_text())
    stat = Path(f"/proc/{pid}/stat")

    def sleeping_on() -> bool:  # gone, or a zombie waiting for its new parent: not sleeping on
        try:
            return stat.read_text().split(") ")[1][0] not in "ZX"
        except OSError:
            return False

    deadline = time.monotonic() + 10  # the kill is sent; the kernel ends the process a moment later
    while sleeping_on() and time.monotonic() < deadline:
        select.select([], [], [], 0.05)
    assert not sleeping_on()


def test_a_flood_fires_a_few_and_counts_the_rest(store: Store, tmp_path: Path) -> None:
    statements = [st(f"Remark number {n} about the orbital station and its future plans") for n in range(5)]
    summary = store.apply_feed_update(update(1, *statements))
    notes = Notes()
    fired = fire_alerts(store, [AlertRule("all")], [summary], notify=notes, limit=2)
    assert len(fired) == 2
    assert notes.lines[-1] == ("3 more statements matched alerts (see `spacewatch quotes`); "
                               "their commands were not run", False)


def test_no_rules_no_work(store: Store) -> None:
    assert fire_alerts(store, [], [store.apply_feed_update(update(1, st()))]) == []
