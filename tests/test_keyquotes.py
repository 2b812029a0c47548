"""feeds.statements.keyquotes: a transparent score with its reasons; the top quotations of an article are key."""

from __future__ import annotations

import pytest

from feeds.models import Statement
from feeds.statements.keyquotes import KEY_THRESHOLD, WEIGHTS, key_indexes, mark_key_quotes, score_quote


def test_a_decision_with_a_date_from_a_named_official_scores_high():
    score, reasons = score_quote("But the decision was made to leave this station after 2024,", "Yuri Borisov",
                                 "Roscosmos", partial=False)
    assert reasons == ("decision or commitment", "date or deadline", "named speaker for an actor", "full statement")
    assert score == pytest.approx(sum(WEIGHTS[r] for r in reasons)) and score >= KEY_THRESHOLD


@pytest.mark.parametrize("quote, reason", [
    ("We will launch the module next spring", "future plan"),
    ("Nous avons décidé de suspendre la coopération", "decision or commitment"),
    ("Мы приняли решение выйти из проекта", "decision or commitment"),
    ("The deadline is the end of the decade", "date or deadline"),
    ("Первый модуль полетит в 2027 году", "date or deadline"),
    ("About 40 percent of the hardware is ready", "number"),
])
def test_reasons_in_three_languages(quote, reason):
    assert reason in score_quote(quote, None, None, partial=False)[1]


def test_color_and_scare_quotes_score_low():
    score, reasons = score_quote("quiet week", None, None, partial=True)
    assert score < KEY_THRESHOLD and "full statement" not in reasons


def test_an_unnamed_official_counts_less_than_a_named_one():
    named = score_quote("We are ready", "Bill Nelson", "NASA", partial=False)[0]
    unnamed = score_quote("We are ready", None, "NASA", partial=False)[0]
    other = score_quote("We are ready", "Anna Reyes", "Other", partial=False)[0]
    assert named > unnamed > other


def test_at_most_a_third_of_an_articles_statements_are_key():
    assert key_indexes([0.9, 0.8, 0.7, 0.6, 0.5, 0.95]) == {5, 0}
    assert key_indexes([0.2, 0.3]) == set()  # nothing reaches the threshold
    assert key_indexes([0.5]) == {0}
    assert key_indexes([]) == set()


def test_mark_key_quotes_keeps_everything_else():
    st = [Statement("a", None, None, None, 0, 0, 1, key_score=0.9), Statement("b", None, None, None, 0, 2, 3)]
    marked = mark_key_quotes(st)
    assert [s.is_key for s in marked] == [True, False]
    assert marked[1] is st[1]
