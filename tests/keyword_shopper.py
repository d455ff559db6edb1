"""A crude shopper for the local test server that judges free-text criteria by word overlap.

Like a real model it reads only its prompt and the conversation: the persona's criteria as the
shopper prompt words them, the agent's product cards, and what its own tools returned; never
`expect`. It states one criterion a turn, views the products it is shown, and buys the one within
budget whose details share words with most of its criteria; when it has said everything and
nothing fits, it searches the catalog itself once, then buys a good enough match or leaves.
"""

from __future__ import annotations

import re
from typing import Any

from pytest_salessim.agent.ranking import terms
from pytest_salessim.spec.model import content_words

from .llm_policies import _call, _text
from .llm_policies import _tool_contents as _results
from .llm_server import Reply

_CRITERION = re.compile(r"^- \((?:preference, nice to have|DEALBREAKER, non-negotiable)\) (.+)$", re.M)
_BUDGET = re.compile(r"^- \(budget, non-negotiable\) spend at most \$([\d,.]+)", re.M)
_CARD = re.compile(r"\[product card\] .+ \(id: ([\w.-]+)\) - \$")
BUY_AT = 0.5  # the share of its criteria a product must touch to be bought at once
SETTLE_AT = 0.3  # ... once everything has been said and the catalog searched


def _share(details: dict[str, Any], criteria: list[set[str]]) -> float:
    """The share of criteria the product's details speak to (two of a criterion's words, or its only
    one); 0 when the product is of a kind (its `category`) the criteria never name."""
    wanted = set().union(*criteria) if criteria else set()
    kind = details.get("attributes", {}).get("category")
    if kind and not set(terms(str(kind))) & wanted:
        return 0.0
    said = " ".join([details["name"], details.get("description", ""), *details.get("features", [])])
    words = set(terms(said))
    met = [c for c in criteria if len(c & words) >= min(2, len(c))]
    return len(met) / len(criteria) if criteria else 0.0


def keyword_shopper(body: dict[str, Any]) -> Reply:
    messages = body["messages"]
    prompt = _text(messages[0])
    criteria = _CRITERION.findall(prompt)
    budget_match = _BUDGET.search(prompt)
    budget = float(budget_match.group(1).replace(",", "")) if budget_match else float("inf")
    wanted = [set(terms(c)) for c in criteria]
    spoken = sum(1 for m in messages if m["role"] == "assistant" and (m.get("content") or "").strip())
    if spoken == 0:
        first = criteria[0] if criteria else "something nice"
        return {"content": f"Hi! I'm shopping around. {first}"}

    results = _results(messages)
    viewed = {r["id"]: r for r in results if isinstance(r, dict) and "features" in r}
    listings = [r for r in results if isinstance(r, list)]
    cards = [c for m in messages if m["role"] == "user" for c in _CARD.findall(_text(m))]
    found = [row["id"] for row in listings[-1][:3]] if listings else []
    to_view = [pid for pid in dict.fromkeys([*cards, *found]) if pid not in viewed]
    views = [_call("view_product", product_id=pid) for pid in to_view]

    fitting = [(_share(d, wanted), -d["price"], pid) for pid, d in viewed.items() if d["price"] <= budget]
    best = max(fitting, default=None)
    if best is not None and best[0] >= BUY_AT:
        return {"content": "That one sounds right.", "tool_calls": [_call("add_to_cart", product_id=best[2])]}
    if spoken < len(criteria):  # say one more thing, and look at what was shown meanwhile
        return {"content": f"Hmm, not quite. {criteria[spoken]}", "tool_calls": views}
    if views:
        return {"content": "", "tool_calls": views}
    if not listings:
        query = " ".join(content_words(" ".join(criteria)))
        return {"content": "", "tool_calls": [_call("search_products", query=query)]}
    if best is not None and best[0] >= SETTLE_AT:
        return {"content": "I'll settle for this.", "tool_calls": [_call("add_to_cart", product_id=best[2])]}
    return {
        "content": "Nothing here is quite right, thanks.",
        "tool_calls": [_call("end_conversation", reason="nothing fits")],
    }
