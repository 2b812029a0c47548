"""feeds.statements.actors and feeds.statements.translit: who speaks for whom, spelling variants, bodies and titles."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from feeds.config import load_config, parse_config
from feeds.models import LearnedPerson
from feeds.statements.actors import OTHER, ActorResolver
from feeds.statements.translit import fold, ru_forms, ru_nominative, to_latin

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver.from_config(load_config(REPO / "config.toml"))


@pytest.mark.parametrize("written, canonical", [
    ("Yuri Borisov", "Yuri Borisov"), ("Yuri Borissov", "Yuri Borisov"), ("Iouri Borissov", "Yuri Borisov"),
    ("Borissov", "Yuri Borisov"), ("Борисов", "Yuri Borisov"), ("Юрий Борисов", "Yuri Borisov"),
    ("Dmitri Peskov", "Dmitry Peskov"), ("Пескова", "Dmitry Peskov"), ("Дмитрия Пескова", "Dmitry Peskov"),
    ("Rogozine", "Dmitry Rogozin"), ("S. Somanath", "S. Somanath"), ("Маск", "Elon Musk"),
])
def test_people_by_any_spelling_or_case_form(resolver, written, canonical):
    person = resolver.person(written)
    assert person is not None and person.name == canonical


def test_unknown_and_different_first_names_stay_unknown(resolver):
    assert resolver.person("Ivan Ivanov") is None
    assert resolver.person("Mark Nelson") is None  # Bill Nelson's surname, another first name
    assert resolver.person("Nelson").name == "Bill Nelson"


@pytest.mark.parametrize("alias, actor", [
    ("Roscosmos", "Roscosmos"), ("Роскосмоса", "Roscosmos"), ("Роскосмосом", "Roscosmos"), ("Кремле", "Kremlin"),
    ("NASA’s", "NASA"), ("l'ESA", "ESA"), ("European Space Agency", "ESA"), ("State Department", "US State Department"),
    ("Boeing", OTHER), ("Pentagon", OTHER),
])
def test_aliases(resolver, alias, actor):
    assert resolver.actor_of_alias(alias) == actor


def test_bodies_in_phrases(resolver):
    hits = resolver.orgs_in("Director General of JAXA's Institute of Space and Astronautical Science")
    assert [(h.actor, h.kind) for h in hits] == [("JAXA", "actor"), (OTHER, "generic")]
    assert [h.actor for h in resolver.orgs_in("a senior fellow at the Vienna-based Institute for Space Studies")] \
        == [OTHER]
    named = resolver.orgs_in("the founder of the payments company Shift4")
    assert named[0].actor == OTHER  # a company with a name
    ref = resolver.orgs_in("who leads the agency's lunar programme")
    assert ref[0].kind == "ref" and ref[0].actor is None and ref[0].ref == "agency"
    assert resolver.orgs_in("официальный представитель агентства")[0].kind == "ref"


@pytest.mark.parametrize("title, actor", [
    ("President of Russia", "Kremlin"), ("Russian President", "Kremlin"), ("пресс-секретарь президента", "Kremlin"),
    ("Vice President", "White House"), ("Senator", "US Congress"), ("Rep.", "US Congress"),
    ("Secretary of State", "US State Department"), ("Prime Minister", OTHER), ("министр обороны", OTHER),
    ("cosmonaut", "Roscosmos"), ("Japanese astronaut", "JAXA"), ("chief engineer", None),
])
def test_titles_imply_actors(resolver, title, actor):
    assert resolver.role_tie(title) == actor


def test_learned_people_extend_but_never_override_the_config(resolver):
    learned = [LearnedPerson("Viktor Orlanov", "Roscosmos", "deputy head"),
               LearnedPerson("Yuri Borisov", "NASA", "wrong")]
    r = ActorResolver.from_config(load_config(REPO / "config.toml"), learned=learned)
    assert r.person("Orlanov").actor == "Roscosmos" and r.person("Orlanov").source == "learned"
    assert r.person("Borisov").actor == "Roscosmos" and r.person("Borisov").source == "config"


def test_a_custom_config_actor():
    config = parse_config("""
[[actors]]
name = "ISRO"
aliases = ["ISRO", "Indian space agency"]
people = [{ name = "V. Narayanan" }]

[[actors]]
name = "Blue Origin"
aliases = ["Blue Origin"]
people = [{ name = "Dave Limp" }]
""", None)
    r = ActorResolver.from_config(config)
    assert r.person("Dave Limp").actor == "Blue Origin"
    assert r.actor_of_alias("Blue Origin") == "Blue Origin"  # the config's actor, not a known outside body
    assert r.actors == ("ISRO", "Blue Origin")


def test_pickles_without_its_memos(resolver):
    resolver.cache("runs")["x"] = [1]
    again = pickle.loads(pickle.dumps(resolver))
    assert again.person("Borissov").name == "Yuri Borisov"
    assert again.cache("runs") == {}


def test_transliteration_and_folding():
    assert to_latin("Игорь Савельев") == "Igor Savelyev"
    assert to_latin("Дмитрий Песков") == "Dmitry Peskov"
    assert to_latin("Latin stays") == "Latin stays"
    assert fold("Borissov") == fold("Borisov") == fold("Борисов")
    assert fold("Rogozine") == fold("Rogozin")
    assert ru_nominative("Сергеем") == "Сергей" and ru_nominative("Путиным") == "Путин"
    assert ru_nominative("Захарова", feminine_ok=True) == "Захарова"
    assert {"пескова", "пескову", "песковым"} <= ru_forms("Песков")
