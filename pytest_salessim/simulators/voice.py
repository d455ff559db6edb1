"""How a rule-based shopper words things: varied by speaking style, personality, knowledge and seed,
never by outcome."""

from __future__ import annotations

import random
import re

from ..spec.model import Criterion, Personality, content_words
from ..spec.rules import Rule
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


_WARM = (
    "I'm really excited to find the right one!",
    "Thanks so much for helping me out, by the way!",
    "Honestly, I love chatting this kind of thing through!",
    "This is the fun part of my week, so take your time!",
)
_HEDGES = (
    "I'm worried I'll pick the wrong one.",
    "Sorry, I get nervous about getting this right.",
    "I hope I'm not being too picky.",
    "I just don't want to regret it later.",
)
_UNITS = frozenset(
    {"in", "inch", "inches", "kg", "g", "lb", "lbs", "gb", "tb", "mb", "mm", "cm", "hz", "mah", "w"}
)


def spec_term(attribute: str) -> str:
    """An attribute key as a person says it: `ram_gb` -> `RAM`, `screen_in` -> `screen`."""
    words = attribute.replace("-", "_").split("_")
    if len(words) > 1 and words[-1].lower() in _UNITS:
        words = words[:-1]
    term = " ".join(words)
    return term.upper() if len(term) <= 3 else term


def spec_rule(rule: Rule) -> str:
    """A rule in an expert's shorthand: `RAM >= 16`, `OS = 'Windows'`."""
    return rule.describe().replace(rule.attribute, spec_term(rule.attribute), 1)


class Voice:
    """One persona's way of talking, chosen by its `speaking_style`, its personality and knowledge
    (extraversion: warmth and length; neuroticism: hedges; knowledge: questions or jargon) and a seed.

    `avoid` holds words the voice adds nothing with (the persona's criterion keywords), so that its
    own flourishes never disclose a criterion."""

    def __init__(
        self,
        speaking_style: str,
        seed: int,
        personality: Personality | None = None,
        knowledge: str | None = None,
        avoid: frozenset[str] = frozenset(),
    ):
        self.rng = random.Random(seed)
        self.avoid = avoid
        self.knowledge = knowledge
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
        traits = personality.traits() if personality is not None else {}
        self.warm = traits.get("extraversion") == "high"
        if self.warm:
            self.chatty, self.terse = True, False
        elif traits.get("extraversion") == "low":
            self.chatty, self.terse = False, True
        self.worried = traits.get("neuroticism") == "high"
        self.anxious = self.anxious or self.worried

    def safe(self, options: tuple[str, ...]) -> str:
        """One of `options` that uses none of the words to avoid (or nothing)."""
        fine = [o for o in options if not self.avoid.intersection(content_words(o))]
        return self.rng.choice(fine) if fine else ""

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
        if self.worried and self.rng.random() < 0.8:
            text = f"{text} {self.safe(_HEDGES)}".rstrip()
        elif self.anxious and self.rng.random() < 0.6:
            text += " " + self.pick("Is that okay?", "I hope that's not too picky.", "Does that make sense?")
        if self.warm and self.rng.random() < 0.7:
            text = f"{text} {self.safe(_WARM)}".rstrip()
        if self.chatty and self.rng.random() < 0.5:
            text = self.pick("So, ", "Okay so, ", "Well, ") + text[0].lower() + text[1:]
        if self.casual:
            text = text.replace("Hello", "Hey").replace("Thank you", "Thanks")
        return text

    def greeting(self) -> str:
        if self.warm:
            return self.pick("Hi there, so nice to chat with you!", "Hello hello!", "Hey! Great to meet you.")
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
        said = self._criterion(criterion)
        if self.knowledge == "expert" and criterion.rule is not None:
            said += self.pick(" Spec-wise: {r}.", " So {r}, to be precise.", " In spec terms, {r}.").format(
                r=spec_rule(criterion.rule)
            )
        return said

    def _criterion(self, criterion: Criterion) -> str:
        text = criterion.text.strip().rstrip(".!")
        sentence = text.split()[0].lower() in _SENTENCE_START
        if self.terse:
            return f"Must: {text}." if criterion.hard else f"{text[0].upper()}{text[1:]}, ideally."
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

    def budget(self, amount: float, flexible: float = 0.0) -> str:
        said = self.pick(
            "I want to stay under {m}.",
            "My budget is {m}, tops.",
            "I can spend up to {m}.",
            "I'd rather not go over {m}.",
        ).format(m=money(amount))
        if flexible:
            said = said.replace(", tops", "") + self.pick(
                " I could stretch a little for the right one.",
                " A bit over is okay if it's worth it.",
                " I have a little wiggle room.",
            )
        return said

    def what_is(self, term: str) -> str:
        """A novice's question about a word of the product details."""
        return self.pick(
            "Sorry, what does {t} mean?",
            "What's {t}, exactly? I'm not really a tech person.",
            "I keep seeing {t}. What does that mean for me?",
        ).format(t=term)

    def ask_about(self, names: list[str]) -> str:
        listed = " and the ".join(names)
        if self.knowledge == "expert":
            return self.pick(
                "Pull up the spec sheet for the {n}.",
                "What are the full specs on the {n}?",
                "Give me the tech specs of the {n}.",
            ).format(n=listed)
        if self.terse:
            return self.pick("Details on the {n}?", "Show me the {n}.").format(n=listed)
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
