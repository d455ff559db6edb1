"""The retrieval sales agent: BM25 over the catalog, cards for the best few, never the same twice."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pytest_salessim.agent.ranking import CatalogIndex, index_of, stem, terms
from pytest_salessim.agent.retrieval import RetrievalAgent, spending_limit
from pytest_salessim.conversation import make_agent
from pytest_salessim.settings import Settings
from pytest_salessim.spec import Catalog, Product
from pytest_salessim.spec.model import RetrievalAgentSpec

from .conftest import WRITER
from .factories import scenarios

CATALOG = Catalog(
    (
        Product("rain-jacket", "Trail Rain Jacket", 120, "A waterproof shell for hiking.", ("Sealed seams",)),
        Product(
            "fleece", "Cosy Fleece Pullover", 45, "Soft warm fleece for cold evenings.", ("Machine wash",)
        ),
        Product("puffer", "Down Puffer Jacket", 210, "The warmest jacket for winter hiking.", ()),
        Product("linen-shirt", "Linen Shirt", 35, "Breathable linen for hot days.", ("Machine washable",)),
    )
)


def agent(top_k: int = 2) -> RetrievalAgent:
    return RetrievalAgent(RetrievalAgentSpec(top_k), CATALOG, "outdoor_clothing")


def test_greets_naming_the_category() -> None:
    greeting = agent().greet()
    assert greeting.text == "Hi, welcome to our outdoor clothing store! What are you looking for today?"
    assert greeting.cards == ()


def test_recommends_the_best_matches_with_cards_and_names() -> None:
    reply = agent().reply("I need a jacket for hiking in the rain", 1)
    assert [c["id"] for c in reply.cards] == ["rain-jacket", "puffer"]
    assert reply.text == (
        "Based on what you've told me, I'd suggest the Trail Rain Jacket ($120) "
        "and Down Puffer Jacket ($210)."
    )


def test_never_recommends_a_product_twice() -> None:
    seller = agent()
    first = seller.reply("a warm jacket", 1)
    second = seller.reply("a warm jacket, machine washable", 2)
    third = seller.reply("a warm jacket", 3)
    shown = [c["id"] for reply in (first, second) for c in reply.cards]
    assert len(shown) == len(set(shown)) == 4
    assert second.text.startswith("You might also like the ")
    assert third.cards == () and "closest matches" in third.text


def test_keeps_to_the_spending_limit_the_shopper_states() -> None:
    seller = agent(top_k=3)
    reply = seller.reply("A warm jacket, but I can't spend more than $150.", 1)
    assert [c["id"] for c in reply.cards] == ["fleece", "rain-jacket"]
    assert seller.reply("what else is warm?", 2).cards == ()  # the limit holds for later turns


def test_asks_for_more_when_nothing_matches() -> None:
    reply = agent().reply("Hello there!", 1)
    assert reply.cards == () and "tell me more" in reply.text


def test_spending_limit() -> None:
    assert spending_limit("under $500 please") == 500
    assert spending_limit("my budget is 1,200 dollars") == 1200
    assert spending_limit("between $2000 and $2500") == 2500
    assert spending_limit("no more than $2,500 or maybe $2000") == 2500
    assert spending_limit("I saw one for $80") is None


def test_terms_stem_plurals_and_drop_stop_words() -> None:
    assert terms("The shirts and dresses are Machine-Washable") == ["shirt", "dress", "machine", "wash"]
    assert stem("dress") == "dress" and stem("batteries") == "battery" and stem("gas") == "gas"


def test_bm25_prefers_rare_words_and_names() -> None:
    index = CatalogIndex.build(CATALOG)
    ranked = index.rank(Counter(terms("linen")))
    assert ranked[0][0] == "linen-shirt" and len(ranked) == 1
    assert index.rank(Counter(terms("nothing like it"))) == []


def test_the_index_is_built_once_per_catalog() -> None:
    assert index_of(CATALOG) is index_of(CATALOG)


def test_a_spec_names_it_and_make_agent_builds_it(tmp_path: Path) -> None:
    scenario = scenarios(tmp_path, WRITER, agent="agent:\n  retrieval: {}\n")["writer"]
    assert scenario.agent == RetrievalAgentSpec(top_k=3, greeting="")
    built = make_agent(scenario, Settings())
    assert isinstance(built, RetrievalAgent)
    assert [c["id"] for c in built.reply("a gaming laptop", 1).cards] == ["asus-tuf"]


def test_a_spec_greeting_is_a_template(tmp_path: Path) -> None:
    spec = 'agent:\n  greeting: "We have {{ products | length }} laptops."\n  retrieval: {top_k: 1}\n'
    scenario = scenarios(tmp_path, WRITER, agent=spec)["writer"]
    assert make_agent(scenario, Settings()).greet().text == "We have 4 laptops."  # type: ignore[union-attr]
