"""What a refresh's articles teach about people, applied to every statement of theirs, in this refresh and before.

A refresh extracts its articles in several processes at once, each knowing only the people
learned before the refresh began: "Robyn Gatens, NASA director for ..." in one article does not
reach the article, parsed at the same moment elsewhere, where she is only "Gatens". So the
writer tells the store who speakers are with the extractor's own resolver, knowing the config's
people, those stored and those the batch being written teaches: a statement is written with the
full name and actor at once (and clustered among that speaker's copies). At the end of the
refresh, the statements written before someone was learned are told again. What `spacewatch
reextract` would have found, without the user having to know it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..models import ArticleRecord, Config, FeedUpdate, LearnedPerson, WriteSummary
from ..store import Store
from ..store.writes import Resolve


def _resolver(config: Config, people: Iterable[LearnedPerson]) -> Resolve:
    # Imported here: the extractor's modules load only once there is something to tell.
    from ..statements.actors import OTHER, ActorResolver

    resolver = ActorResolver.from_config(config, learned=people)
    actors = set(resolver.actors)
    told: dict[str, tuple[str, str] | None] = {}

    def resolve(speaker: str) -> tuple[str, str] | None:
        if speaker in told:
            return told[speaker]
        person = resolver.person(speaker)
        actor = None if person is None or person.actor in (None, OTHER) else resolver.canonical_actor(person.actor)
        told[speaker] = known = (person.name, actor) if person is not None and actor in actors else None
        return known

    return resolve


def _taught(updates: Sequence[FeedUpdate]) -> list[LearnedPerson]:
    out = []
    for update in updates:
        for item in update.articles:
            if isinstance(item, ArticleRecord):
                if item.extraction is not None:
                    out += [LearnedPerson(name=n, actor=a, role=r) for n, a, r in item.extraction.learned]
            elif item.extraction is not None:
                out += item.extraction.learned
    return out


class LearnedPeople:
    """The people known while one refresh writes; its methods run in the store's writer thread."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._known: tuple[tuple[str, str], ...] | None = None
        self._resolve: Resolve | None = None

    def _resolver_for(self, people: Iterable[LearnedPerson]) -> Resolve:
        by_name = {p.name: p for p in people}  # the newest word on a name, as the store keeps it
        known = tuple(sorted((p.name, p.actor) for p in by_name.values()))
        if self._resolve is None or known != self._known:  # a resolver costs ~10 ms: only when someone is new
            self._known, self._resolve = known, _resolver(self.config, by_name.values())
        return self._resolve

    def write(self, store: Store, updates: Sequence[FeedUpdate]) -> list[WriteSummary]:
        """store.apply_feed_updates, telling speakers by every person known, those the updates teach too."""
        resolve = self._resolver_for([*store.learned_people(), *_taught(updates)])
        return store.apply_feed_updates(updates, resolve=resolve)

    def apply_to_stored(self, store: Store) -> int:
        """Tell again the stored statements whose speaker has no actor or only a surname; returns
        how many changed (Store.resolve_speakers)."""
        return store.resolve_speakers(self._resolver_for(store.learned_people()))


def apply_learned_people(store: Store, config: Config) -> int:
    """LearnedPeople(config).apply_to_stored(store): for a database filled without it."""
    return LearnedPeople(config).apply_to_stored(store)
