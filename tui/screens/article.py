"""The article view: header, then the full text with every statement highlighted and attributed in place."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from feeds.models import ArticleView, StatementView
from feeds.store import Store

from .. import messages
from ..footer import KeyFooter
from ..render import Paragraph, article_header, article_paragraphs


class ArticleBody(VerticalScroll):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]


class ParagraphView(Static):
    """One paragraph; `-current` marks the one holding the statement the reader is on."""

    def __init__(self, paragraph: Paragraph) -> None:
        super().__init__(paragraph.text, classes="paragraph")
        self.paragraph = paragraph


class ArticleScreen(messages.ReportsWorkerErrors, Screen[None]):
    """An article, opened from a quote (scrolled to it) or from a list of articles (at the top)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "step(1)", "Next quote"),
        Binding("p", "step(-1)", "Prev quote"),
        Binding("o", "open_link", "Open link"),
        Binding("y", "copy_quote", "Copy quote"),
    ]

    def __init__(self, store: Store, article_id: int, statement_id: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.article_id = article_id
        self.statement_id = statement_id
        self.article: ArticleView | None = None
        self.paragraphs: list[ParagraphView] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("loading the article…"), id="article-head")
        yield ArticleBody(id="article-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ArticleBody).focus()
        self._load()

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(messages.ArticleLoaded(self.store.article(self.article_id),
                                                 self.store.article_page(self.article_id)))

    async def on_article_loaded(self, message: messages.ArticleLoaded) -> None:
        article = self.article = message.article
        head = self.query_one("#article-head", Static)
        if article is None:
            head.update(Text("This article is no longer in the store.", style="bold"))
            return
        head.update(article_header(article, message.page))
        if self.statement_id is None and article.statements:
            self.statement_id = article.statements[0].id
        self.paragraphs = [ParagraphView(p) for p in article_paragraphs(article)]
        await self.query_one(ArticleBody).mount_all(self.paragraphs)
        self._mark_current(scroll=True)

    @property
    def current(self) -> StatementView | None:
        """The statement the reader is on: the one opened, or the one moved to with n/p."""
        if self.article is None:
            return None
        return next((s for s in self.article.statements if s.id == self.statement_id), None)

    def current_paragraph(self) -> ParagraphView | None:
        return next((p for p in self.paragraphs if self.statement_id in p.paragraph.statement_ids), None)

    def _mark_current(self, *, scroll: bool) -> None:
        target = self.current_paragraph()
        for view in self.paragraphs:
            view.set_class(view is target, "-current")
        if target is not None and scroll:
            self.call_after_refresh(self.query_one(ArticleBody).scroll_to_center, target, animate=False)

    def action_step(self, step: int) -> None:
        if self.article is None or not self.article.statements:
            return
        ids = [s.id for s in self.article.statements]
        index = ids.index(self.statement_id) if self.statement_id in ids else -step
        self.statement_id = ids[(index + step) % len(ids)]
        self._mark_current(scroll=True)

    def action_open_link(self) -> None:
        if self.article is not None:
            self.post_message(messages.OpenLink(self.article.link))

    def action_copy_quote(self) -> None:
        statement = self.current
        if statement is None:
            self.app.notify("This article quotes nobody: nothing to copy.", markup=False)
        else:
            self.post_message(messages.CopyStatement(statement))
