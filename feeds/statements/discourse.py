"""Who an article has named so far, and what its speaker phrases point back to: the parts that read
one article's people and bodies, put together.

  entities      the cast: people, unnamed officials and bodies, one entity per person
  mentions      where the article names them, in text order, read once outside the quotations
  titles        the ties a title or an apposition makes (actor, former actor, roles)
  coreference   who a speaker phrase, a pronoun or a description ("the head of Roscosmos") means
  context       the plain words around a position (the word before, sentence ends, subjects)

The article's capitalised words are read once; the words around each name (a title before it, an
apposition after it, whether it is a clause's subject) are read only when a question needs them.
"""

from __future__ import annotations

from .actors import ActorResolver
from .coreference import Coreference
from .entities import Cast
from .mentions import MentionIndex
from .titles import TitleReader


class Discourse:
    """The people and bodies of one article, and what its pronouns and descriptions refer to."""

    def __init__(self, text: str, resolver: ActorResolver, feed_actor: str | None,
                 skip: list[tuple[int, int]], cyrillic: bool = True) -> None:
        self.cast = Cast(resolver, cyrillic)
        self.mentions = MentionIndex(text, resolver, self.cast, skip, cyrillic)
        self.titles = TitleReader(self.mentions, feed_actor)
        self.coref = Coreference(self.cast, self.mentions, self.titles)

    def release(self) -> None:
        """Unlink the article's entities from their mentions once it is read (see Cast.release)."""
        self.cast.release()
