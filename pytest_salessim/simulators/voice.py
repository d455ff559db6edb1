"""How a rule-based shopper words things: varied by speaking style and seed, never by outcome."""

from __future__ import annotations

import random
import re

from ..spec.model import Criterion
from ..templating import money

_SENTENCE_START_WORDS = """
i i'm i've i'd it it's its must has have needs need should nothing no not can't cannot don't
won't only anything under over at my something
"""
_SENTENCE_START = frozenset(_SENTENCE_START_WORDS.split())
_PAIRS = ("shoes", "headphones", "earbuds", "glasses", "jeans", "pants", "boots", "sneakers")


def item_phrase(category: str) -> str:
    """`laptops` -> `a laptop`; `running_shoes` -> `a pair of running shoes`."""
    words = category.replace("_", " ").replace("-", " ").strip().lower().split() or ["product"]
    if words[-1] in _PAIRS:
        return "a pair of " + " ".join(words) if words[-1] != "headphones" else "some " + " ".join(words)
    if words[-1].endswith(("ches", "shes", "xes", "sses", "zes")):
        words[-1] = words[-1][:-2]
    elif words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    phrase = " ".join(words)
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


class Voice:
    """One persona's way of talking, chosen by its `speaking_style` and a seed."""

    def __init__(self, speaking_style: str, seed: int):
        self.rng = random.Random(seed)
        style = speaking_style.lower()
        self.fillers = [q.strip() for q in re.findall(r"['\"“‘]([^'\"”’]{2,30})['\"”’]", speaking_style)]
        self.terse = any(w in style for w in ("terse", "direct", "to the point", "brief", "blunt", "short"))
        self.formal = any(w in style for w in ("formal", "polite", "courteous", "proper"))
        self.casual = any(w in style for w in ("casual", "slang", "laid-back", "laid back", "relaxed"))
        self.chatty = any(w in style for w in ("chatty", "talkative", "stories", "rambl", "verbose"))
        self.anxious = any(
            w in style for w in ("anxious", "nervous", "reassur", "unsure", "hesitant", "worr")
        )
        if "filler" in style and not self.fillers:
            self.fillers = ["um", "like"]

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def styled(self, text: str) -> str:
        """Add this persona's habits to a plain sentence or two."""
        if self.fillers and self.rng.random() < 0.7:
            filler = self.rng.choice(self.fillers)
            text = (
                f"{filler.capitalize()}, {text[0].lower()}{text[1:]}"
                if self.rng.random() < 0.5
                else (text.rstrip(".!?") + f", {filler}.")
            )
        if self.anxious and self.rng.random() < 0.6:
            text += " " + self.pick("Is that okay?", "I hope that's not too picky.", "Does that make sense?")
        if self.chatty and self.rng.random() < 0.5:
            text = self.pick("So, ", "Okay so, ", "Well, ") + text[0].lower() + text[1:]
        if self.casual:
            text = text.replace("Hello", "Hey").replace("Thank you", "Thanks")
        return text

    def greeting(self) -> str:
        if self.terse:
            return self.pick("Hi.", "Hello.", "")
        if self.formal:
            return self.pick("Good afternoon.", "Hello, thank you for your help.", "Good day.")
        if self.casual:
            return self.pick("Hey!", "Yo, hi.", "Hey there.")
        return self.pick("Hi!", "Hello!", "Hi there.", "Hey, hi.")

    def opening(self, category: str, criterion: Criterion | None) -> str:
        want = self.pick("I'm looking for", "I need", "I'm shopping for", "I'd like to find", "I want")
        text = f"{self.greeting()} {want} {item_phrase(category)}.".strip()
        if criterion is not None:
            text += " " + self.criterion(criterion)
        return self.styled(text)

    def criterion(self, criterion: Criterion) -> str:
        text = criterion.text.strip().rstrip(".!")
        sentence = text.split()[0].lower() in _SENTENCE_START
        if criterion.hard:
            lead = self.pick(
                "This one's a must:",
                "Non-negotiable for me:",
                "I won't bend on this:",
                "A hard requirement:",
                "One thing I'm firm on:",
            )
            return f"{lead} {text[0].lower()}{text[1:]}." if sentence else f"{lead} {text}."
        if sentence:
            return self.pick("Also, ", "Oh, and ", "", "One more thing: ") + text[0].upper() + text[1:] + "."
        return self.pick(
            "I'd like {t}.",
            "Ideally {t}.",
            "I'm hoping for {t}.",
            "{T} would be great.",
            "Something with {t}, if possible.",
        ).format(t=text, T=text[0].upper() + text[1:])

    def budget(self, amount: float) -> str:
        return self.pick(
            "I want to stay under {m}.",
            "My budget is {m}, tops.",
            "I can spend up to {m}.",
            "I'd rather not go over {m}.",
        ).format(m=money(amount))

    def ask_about(self, names: list[str]) -> str:
        listed = " and the ".join(names)
        return self.pick(
            "Tell me more about the {n}.",
            "Let me take a closer look at the {n}.",
            "Hmm, what's the {n} like?",
            "Can I see the details of the {n}?",
        ).format(n=listed)

    def not_for_me(self, name: str) -> str:
        return self.pick(
            "The {n} isn't for me.", "I don't think the {n} works for me.", "Not the {n}, I think."
        ).format(n=name)

    def browse(self) -> str:
        return self.pick(
            "Let me look around the catalog myself.",
            "I'll browse a bit on my own.",
            "Let me see what else you have.",
        )

    def buy(self, name: str) -> str:
        return self.styled(
            self.pick(
                "Great, I'll take the {n}.", "That's the one. I'll get the {n}.", "Okay, the {n} it is."
            ).format(n=name)
        )

    def leave(self) -> str:
        return self.styled(
            self.pick(
                "Thanks, but nothing here works for me.",
                "I'll leave it for now; none of these fit what I need.",
                "Sorry, I don't see anything that works for me.",
            )
        )
