"""feeds.statements.transcripts: turns of labelled transcripts become statements, with spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.config import load_config
from feeds.statements import extract
from feeds.statements.actors import ActorResolver
from feeds.statements.quotes import split_paragraphs
from feeds.statements.transcripts import find_turns

REPO = Path(__file__).resolve().parent.parent

MEETING = """Vladimir Putin met the head of the state corporation at the Kremlin.

Vladimir Putin: Good afternoon. How is the work on the new station going?

General Director of the Roscosmos State Corporation for Space Activities Yury Borisov: Mr President, \
the design is finished.

The first module will be assembled next year, as we agreed.

Remark: And the launch site?

Yury Borisov: Vostochny is ready. We said it would be “ready on time”, and it is."""


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.from_config(load_config(REPO / "config.toml"))


def test_each_named_turn_is_one_statement_with_its_speaker_and_actor(resolver):
    found = extract(MEETING, resolver=resolver).statements
    assert [(s.speaker, s.actor) for s in found] == [
        ("Vladimir Putin", "Kremlin"), ("Yuri Borisov", "Roscosmos"), ("Yuri Borisov", "Roscosmos")]
    assert found[0].quote == "Good afternoon. How is the work on the new station going?"
    # a paragraph without a label continues the turn, joined by one space
    assert found[1].quote == ("Mr President, the design is finished. "
                              "The first module will be assembled next year, as we agreed.")


def test_a_quotation_inside_a_turn_belongs_to_the_turn(resolver):
    found = extract(MEETING, resolver=resolver).statements
    assert found[-1].quote == "Vostochny is ready. We said it would be “ready on time”, and it is."
    assert all(s.quote != "ready on time" for s in found)


def test_turn_spans_cover_the_turn_for_highlighting(resolver):
    for s in extract(MEETING, resolver=resolver).statements:
        span = MEETING[s.start:s.end]
        assert span.startswith(s.quote.split()[0]) and span.endswith(s.quote.split()[-1])
        assert all(word in span for word in s.quote.split())


def test_unnamed_labels_end_a_turn_and_say_nothing(resolver):
    text = ("QUESTION: Do you expect the launch this week?\n\n"
            "MR MILLER: We are not going to speculate. The assessment is not finished.\n\n"
            "QUESTION: And the partners?\n\n"
            "MR MILLER: They have been briefed.")
    found = extract(text, resolver=resolver).statements
    assert [(s.quote, s.speaker, s.actor) for s in found] == [
        ("We are not going to speculate. The assessment is not finished.", "Matthew Miller", "US State Department"),
        ("They have been briefed.", "Matthew Miller", "US State Department")]


def test_russian_labels_with_initials(resolver):
    text = ("В.Путин: Добрый день! Давайте начнём с орбитальной станции.\n\n"
            "Д.Баканов: Уважаемый Владимир Владимирович! Проект станции готов.\n\n"
            "Вопрос: Когда запуск?\n\n"
            "Д.Баканов: В следующем году.")
    found = extract(text, resolver=resolver).statements
    assert [(s.speaker, s.actor, s.lang) for s in found] == [
        ("Vladimir Putin", "Kremlin", "ru"), ("Dmitry Bakanov", "Roscosmos", "ru"),
        ("Dmitry Bakanov", "Roscosmos", "ru")]


def test_one_label_does_not_make_a_transcript():
    text = ("Update: the launch moved to Friday.\n\n"
            "Engineers found a leak in the second stage, the agency said.")
    assert find_turns(text, split_paragraphs(text)) == []


@pytest.mark.parametrize("opening", ["Note", "Photo", "Read more", "He told reporters", "Phase 2"])
def test_what_is_not_a_speaker_label(opening):
    text = f"{opening}: something happened.\n\nVladimir Putin: Thank you.\n\nQuestion: And then?"
    labels = [t.label for t in find_turns(text, split_paragraphs(text))]
    assert labels == ["Vladimir Putin", "Question"]


def test_a_label_before_a_quotation_is_the_quotations_speaker_not_a_turn(resolver):
    text = ("NELSON: “We will fly when the heat shield is understood.”\n\n"
            "FREE: “The tests finish in May.”")
    found = extract(text, resolver=resolver).statements
    assert [(s.quote, s.speaker) for s in found] == [
        ("We will fly when the heat shield is understood.", "Bill Nelson"), ("The tests finish in May.", "Jim Free")]


def test_a_turns_key_score_is_its_best_sentence(resolver):
    text = ("Vladimir Putin: Thank you. Good. Fine.\n\n"
            "Yury Borisov: Thank you. Russia will leave the station after 2024, the decision was made.")
    found = extract(text, resolver=resolver).statements
    assert found[1].is_key and "date or deadline" in found[1].key_reasons
    assert found[1].key_score > found[0].key_score


def test_a_turn_may_open_with_a_name_in_quotation_marks(resolver):
    text = ("Vladimir Putin: How are the launches going?\n\n"
            "Yury Borisov: «Союз» летает. В этом году планируем четыре пуска.")
    found = extract(text, resolver=resolver).statements
    assert [s.quote for s in found] == ["How are the launches going?",
                                        "«Союз» летает. В этом году планируем четыре пуска."]


def test_a_label_before_a_whole_quotation_is_no_turn():
    text = "MILLER: “We are ready.”\n\nNOTE: “The record was edited.”"
    assert find_turns(text, split_paragraphs(text)) == []


def test_a_paragraph_that_quotes_a_speaker_by_name_ends_the_turn(resolver):
    text = ("HARLAN: Thank you for coming. When will the lander fly?\n\n"
            "OKAFOR: Next spring, if the tests go well.\n\n"
            "After the session, Harlan told reporters he was “hopeful but not convinced.”")
    turns = find_turns(text, split_paragraphs(text))
    assert len(turns[-1].parts) == 1
    found = extract(text, resolver=resolver).statements
    assert found[-1].quote == "hopeful but not convinced."
