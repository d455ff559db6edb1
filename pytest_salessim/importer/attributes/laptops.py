"""Laptop attributes from the product's name, description and features (`Dell - XPS 13.3 Touch-Screen
Laptop - Intel Core i7 - 16GB Memory - 512GB SSD - Platinum Silver`).

Read from the text only, with one inference, stated: `os` is macOS for Apple, ChromeOS where the text
says Chromebook or Chrome OS, and otherwise Windows (the text of the SalesSim catalogs never names the
system; their other brands' laptops ship with Windows). What the text does not say (weight, battery
life, VRAM) is left out, unless the text says it: a weight in pounds, ounces, kilograms or grams
becomes `weight_lb`, a battery life in hours `battery_h`.
"""

from __future__ import annotations

import re
from typing import Any

CATEGORIES = ("laptops", "laptop")
ATTRIBUTES = (
    "brand", "series", "os", "screen_in", "memory_gb", "storage_gb", "storage_type", "processor", "gpu",
    "discrete_gpu", "touch", "two_in_one", "gaming", "finish", "colour", "weight_lb", "battery_h",
)  # fmt: skip

_SCREEN = re.compile(r"(\d{2}(?:\.\d)?)\s*(?:\"|”|-inch\b|\s?inch(?:es)?\b|-in\b(?!-))", re.I)
_MEMORY = re.compile(r"(\d+)\s*GB\s*(?:of\s+)?(?:memory|RAM|DDR\d\w*)", re.I)
_STORAGE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(GB|TB)\s*(?:of\s+)?(SSD|solid[- ]state drive|eMMC|hard drive|HDD|storage)", re.I
)
_GPU = re.compile(
    r"(NVIDIA\s+GeForce\s+(?:RTX|GTX|MX)\s*\d{3,4}(?:\s*Ti)?|AMD\s+Radeon\s+(?:RX|Pro)\s*\w+)", re.I
)
_PROCESSOR = re.compile(
    r"(Intel\s+(?:Core\s+i\d|Celeron|Pentium|Xeon|Core\s+Ultra\s+\d)(?:\s+[A-Z]?\d{4,5}\w*)?|"
    r"AMD\s+Ryzen\s+\d(?:\s+\d{4}\w*)?|(?:Apple\s+)?M\d(?:\s+(?:Pro|Max|Ultra))?(?=\s+chip)|"
    r"MediaTek\s+\w+|Snapdragon\s+\w+)",
    re.I,
)
_WEIGHT = re.compile(r"(\d+(?:\.\d+)?)\s*(pounds?|lbs?|ounces|oz|kilograms?|kg|grams?|g)\b", re.I)
_BATTERY = re.compile(r"(?:up to\s+)?(\d+(?:\.\d+)?)\s*\+?\s*(?:-\s*)?hours?\b[^.;]{0,30}\bbattery", re.I)
_BATTERY_AFTER = re.compile(r"\bbattery\b[^.;]{0,30}?(?:up to\s+)?(\d+(?:\.\d+)?)\s*\+?\s*hours?\b", re.I)
_TOUCH = re.compile(r"\btouch[- ]?(?:screen|display)\b", re.I)  # not "a touch of style"
_POUNDS = {"pound": 1.0, "lb": 1.0, "ounce": 1 / 16, "oz": 1 / 16, "kilogram": 2.20462, "kg": 2.20462}
_POUNDS |= {"gram": 0.00220462, "g": 0.00220462}
# the colour family of a finish's name: what "prefers black or silver" asks about
_COLOURS = {
    "black": "black",
    "obsidian": "black",
    "silver": "silver",
    "platinum": "silver",
    "gray": "gray",
    "grey": "gray",
    "graphite": "gray",
    "gold": "gold",
    "blue": "blue",
    "green": "green",
    "jade": "green",
    "white": "white",
    "sandstone": "beige",
    "beige": "beige",
    "red": "red",
    "pink": "pink",
    "rose": "pink",
}
_SERIES_END = re.compile(
    r"\s*(?:\d{2}(?:\.\d)?\"|\b2-in-1\b|\bTouch-Screen\b|\bGaming\b|\bLaptop\b(?!\s+(?:\d\b|Go\b))|\bChromebook\b)",
    re.I,
)


def _segments(name: str) -> list[str]:
    return [s.strip() for s in re.split(r"\s+-\s+", name) if s.strip()]


def _text(product: dict[str, Any]) -> str:
    return " ".join([product["name"], product.get("description", ""), *product.get("features", [])])


def _screen(product: dict[str, Any]) -> float | None:
    for source in (*product.get("features", []), product["name"], product.get("description", "")):
        found = _SCREEN.search(source)
        if found and 7 <= float(found.group(1)) <= 21:
            return float(found.group(1))
    return None


def _storage(text: str) -> tuple[int | None, str | None]:
    found = _STORAGE.search(text)
    if not found:
        return None, None
    size = float(found.group(1)) * (1000 if found.group(2).upper() == "TB" else 1)
    kind = found.group(3).lower()
    kind = {"solid state drive": "SSD", "solid-state drive": "SSD", "hard drive": "HDD"}.get(kind, kind)
    return int(size), {"ssd": "SSD", "emmc": "eMMC", "hdd": "HDD", "storage": None}.get(kind.lower(), kind)


def _weight_lb(product: dict[str, Any], text: str) -> float | None:
    given = product.get("attributes", {}).get("weight")
    for source in ([str(given)] if given not in (None, "") else []) + [text]:
        found = _WEIGHT.search(source)
        if found:
            unit = found.group(2).lower().rstrip("s")
            factor = _POUNDS.get(unit, _POUNDS.get(unit + "s", 1.0))
            return round(float(found.group(1)) * factor, 2)
    return None


def _series(segments: list[str]) -> str | None:
    if len(segments) < 2:
        return None
    model = re.sub(r"^\d{2}(?:\.\d)?\"\s*", "", segments[1])
    cut = _SERIES_END.search(model)
    series = (model[: cut.start()] if cut else model).strip()
    series = re.sub(r"\s+\d{2}\.\d$", "", series)  # "XPS 13.3": the size is not the series
    return series or None


def _colour(segments: list[str]) -> tuple[str | None, str | None]:
    finish = segments[-1] if len(segments) > 2 else None
    if finish is None:
        return None, None
    words = re.findall(r"[a-z]+", finish.lower())
    family = next((_COLOURS[w] for w in words if w in _COLOURS), None)  # "Nightfall Black with Copper"
    return finish, family


def _processor(found: str) -> str:
    words = " ".join(found.split())
    return f"Apple {words}" if re.match(r"M\d", words) else words


def extract(product: dict[str, Any]) -> dict[str, Any]:
    """The laptop's brand, series, os, screen, memory, storage, processor, graphics, touch, 2-in-1,
    gaming, finish and colour; weight and battery life where the text states them."""
    name = product["name"]
    segments = _segments(name)
    text = _text(product)
    brand = segments[0] if len(segments) > 1 else None
    lowered = text.lower()
    if (brand or "").lower() == "apple" or "macbook" in lowered:
        os = "macOS"
    elif "chromebook" in lowered or "chrome os" in lowered or "chromeos" in lowered:
        os = "ChromeOS"
    else:
        os = "Windows"
    memory = _MEMORY.search(text)
    storage_gb, storage_type = _storage(text)
    gpu = _GPU.search(text)
    processor = _PROCESSOR.search(text)
    battery = _BATTERY.search(text) or _BATTERY_AFTER.search(text)
    finish, colour = _colour(segments)
    return {
        "brand": brand,
        "series": _series(segments),
        "os": os,
        "screen_in": _screen(product),
        "memory_gb": int(memory.group(1)) if memory else None,
        "storage_gb": storage_gb,
        "storage_type": storage_type,
        "processor": _processor(processor.group(1)) if processor else None,
        "gpu": " ".join(gpu.group(1).split()) if gpu else None,
        "discrete_gpu": gpu is not None,
        "touch": bool(_TOUCH.search(" ".join([name, *product.get("features", [])]))),
        "two_in_one": "2-in-1" in lowered,
        "gaming": bool(re.search(r"\bgaming laptop\b", lowered)),
        "finish": finish,
        "colour": colour,
        "weight_lb": _weight_lb(product, text),
        "battery_h": float(battery.group(1)) if battery else None,
    }
