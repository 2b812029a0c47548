"""A statement's topic: its key words, and what every actor said on them around the same days.

The key words are the quote's content words found in at least one other article (no function
words in English, Russian or French, nothing under three characters; figures such as "2024"
count), rarest first by how many
stored articles hold them, at most TOPIC_WORDS of them. A statement is on the topic when its
quote, or its article's title and text, holds at least two of the words (FTS5, see
feeds/store/compare.py): "leave", "station" and "2024" find the agency that answers a
decision without repeating its words, and the meeting where it was announced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..models import StatementView

if TYPE_CHECKING:
    from ..store import Store

TOPIC_WORDS = 4
WINDOW_DAYS = 7  # the days before and after the statement's own that count as "the same time"
PER_ACTOR = 30

_WORD = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just let me more most my no
nor not now of off on once only or other our ours out over own said same say says she should so some
such than that the their theirs them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yes
made make makes going get got one two told tell asked ask think know want well way per every
still already even many much must need like back new first last year years time day days people
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было
вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас
нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их
чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой
совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при
наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три
эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно
всю между это также который которые заявил сказал
le la les de des du un une et en au aux ce ces dans par pour pas plus que qui sur se ne sont est il
elle ils elles nous vous je tu on avec mais ou donc car leur leurs son sa ses été être avoir fait
""".split())


def candidate_words(text: str) -> list[str]:
    """Content words of a text, in order, each once."""
    words = []
    seen: set[str] = set()
    for word in _WORD.findall(text):
        low = word.casefold()
        if low in seen or low in STOPWORDS or len(low) < 3:
            continue
        seen.add(low)
        words.append(low)
    return words


def key_words(store: Store, view: StatementView, limit: int = TOPIC_WORDS) -> list[str]:
    """The statement's topic: its rarest content words that another article holds too (a word only
    its own article has cannot lead anywhere), in quote order. A quote with fewer than two such
    words borrows from its article's title.
    """
    words = candidate_words(view.quote)
    documents = store.term_documents(words)
    known = [w for w in words if documents.get(w, 0) > 1]
    if len(known) < 2:
        extra = [w for w in candidate_words(view.article_title) if w not in words]
        documents.update(store.term_documents(extra))
        known += [w for w in extra if documents.get(w, 0) > 1]
    rarest = sorted(known, key=lambda w: (documents[w], -len(w)))[:limit]
    return [w for w in known if w in rarest]


@dataclass(frozen=True, slots=True)
class Comparison:
    """What the compare screen shows: the words, the window, and the statements found, by actor."""

    words: tuple[str, ...]
    first: datetime
    last: datetime
    statements: tuple[StatementView, ...]

    def by_actor(self, actors: Sequence[str]) -> dict[str, list[StatementView]]:
        """Columns: the given actors in order (empty ones too), then any other actor found ("" for none)."""
        columns: dict[str, list[StatementView]] = {a: [] for a in actors}
        for view in self.statements:
            columns.setdefault(view.actor or "", []).append(view)
        return columns


def window(view: StatementView, days: int = WINDOW_DAYS) -> tuple[datetime, datetime]:
    """The days around a statement's own: from `days` days before its day's start to `days` after its end."""
    when = view.published or datetime.now().astimezone()
    start = when.replace(hour=0, minute=0, second=0, microsecond=0)
    return start - timedelta(days=days), start + timedelta(days=days + 1) - timedelta(seconds=1)


def compare(store: Store, words: Sequence[str], first: datetime, last: datetime,
            per_actor: int = PER_ACTOR) -> Comparison:
    """Every actor's statements on these words from `first` to `last`, newest first."""
    found = store.statements_on_topic(words, first, last, per_actor=per_actor)
    return Comparison(tuple(words), first, last, tuple(found))


def comparison_for(store: Store, view: StatementView, days: int = WINDOW_DAYS,
                   words: Sequence[str] | None = None) -> Comparison:
    """What the compare screen shows for a statement: its key words (or the given ones), in the
    days around its own."""
    if words is None:
        words = key_words(store, view)
    first, last = window(view, days)
    return compare(store, words, first, last)
