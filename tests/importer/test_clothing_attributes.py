"""Clothing attributes read from the SalesSim catalogs' own product texts, and only what they say."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.importer.attributes.clothing import (
    ATTRIBUTES,
    ProductText,
    colours,
    extract,
    fibre_mix,
    fibres,
    is_keyword_run,
    machine_washable,
    natural_percent,
)

SHARED = Path(__file__).parent.parent.parent.parent / "shared" / "data" / "salessim"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the SalesSim data is not at {SHARED}")


def product(name: str, *features: str, description: str = "", category: str = "dress") -> dict[str, Any]:
    return {
        "id": "p",
        "name": name,
        "price": 20,
        "description": description,
        "features": list(features),
        "attributes": {"category": category},
    }


def text(name: str, *features: str) -> ProductText:
    return ProductText.of(product(name, *features))


def test_a_care_line_that_allows_a_machine_makes_it_machine_washable_despite_a_hand_wash_label() -> None:
    bluetime = text(
        "Bluetime Women's V Neck Cocktail Bodycon Dress Cap Sleeve Work Pencil Wrap Dress",
        "Hand Wash Only",
        "Garment Care: Hand Wash or Machine Wash, Hang Dry",
    )
    assert machine_washable(bluetime) is True


def test_hand_wash_only_with_nothing_allowing_a_machine_is_not_machine_washable() -> None:
    riviera = text(
        "Riviera Sun Floral Embroidered 3/4 Sleeve Button Front Empire Waist Dress", "Hand Wash Only"
    )
    assert machine_washable(riviera) is False


def test_a_prohibition_wins_over_a_machine_wash_label() -> None:
    olivia = text(
        "Design by Olivia Women's Long Sleeve Faux Leather Jacket Cropped Crop Top",
        "Machine Wash",
        "DO NOT MACHINE WASH, MACHINE DRY, OR DRY CLEAN. DO NOT IRON.",
    )
    assert machine_washable(olivia) is False


def test_a_product_without_care_text_has_no_machine_washable_attribute() -> None:
    tardis = product(
        "Police Box Tardis Blueprint Womens T-Shirt Tee Dr Dalek Doctor Time Who Lord Blue",
        "Pull On closure",
        category="shirt",
    )
    assert "machine_washable" not in extract(tardis)
    assert extract(tardis)["colors"] == ["blue"]


def test_what_the_text_suggests_wearing_it_with_is_not_the_products_fit() -> None:
    imily = product(
        "Imily Bela Womens Summer Zipper Knit Crop Tops Going Out Sweater Tank Fashion Sexy Y2k Sleeveless"
        " Shirts",
        "It can be worn alone or layered. The bottom half can be worn with skinny jeans, suit wide leg pants",
        category="shirt",
    )
    read = extract(imily)
    assert "skinny" not in read.get("fit", []) and "close_fit" not in read
    assert read["length"] == "cropped" and read["sleeve"] == "sleeveless"


def test_a_line_of_search_keywords_says_nothing_about_the_product() -> None:
    seo = (
        "women's pants for work business casual pants for women work casual high waist linen pants for women"
        " plus size capri sweatpants for women plus size with pockets womens pants elastic waist petite"
        " length "
        "wide leg pants for women high waist jeans womens capri pants plus size 2x1 harem pants for women"
    )
    assert is_keyword_run(seo)
    assert not is_keyword_run(
        "Material: 95% Polyester+5% Spandex, Lightweight, Flowy, Breathable, Skin-friendly"
    )
    city_chic = (
        "Work a trendy casual look in the Harley Bootleg Petite Jean. Flaunting an expertly tailored shape"
        " to suit fit and flatter an hourglass shape, these mid denim jeans offer a mid rise fit and kick"
        " flare hem. Key Features Include: - The perfect fit for an hourglass figure - Belt looped waistband"
        " - Mid rise - Classic 5-pocket denim styling - Single button and fly fastening - High denim fibre"
        " retention to maintain shape"
    )
    assert not is_keyword_run(city_chic)
    read = extract(
        product("City Chic Women's Plus Size Jean Harley Bleg P", description=city_chic, category="jeans")
    )
    assert read["leg"] == ["bootcut", "flare"] and read["rise"] == ["mid"]
    comvalue = product("COMVALUE Linen Pants for Women", seo, category="sweatpants")
    assert "wide" not in extract(comvalue).get("leg", [])


def test_a_composition_with_percentages_wins_over_fibres_named_in_passing() -> None:
    dibaolong = text(
        "DIBAOLONG Womens Yoga Sweatpants High Waist Active Workout Joggers Lightweight Tapered Lounge Pants",
        "Lightweight Joggers: Made from 79%Polyester+21%Spandex. These women's pants are soft",
        "Features: slim fit, solid, compression, four-way stretch, women cotton tapered joggers",
    )
    assert fibres(dibaolong) == ["polyester", "spandex"]
    assert fibre_mix(["polyester", "spandex"]) == "synthetic"


def test_fibres_without_percentages_and_what_kinds_they_are() -> None:
    vlazom = text("Vlazom 100% Cotton Women Lounge Pants Soft Sweatpants Yoga Pants", "Cotton")
    assert fibres(vlazom) == ["cotton"]
    assert fibre_mix(["cotton", "rayon", "spandex"]) == "natural+regenerated+synthetic"
    assert fibre_mix(["rayon"]) == "regenerated"
    assert fibre_mix([]) is None


def test_a_satin_that_feels_like_silk_is_not_silk() -> None:
    swomog = text(
        "SWOMOG Women's Nightshirt Comfy Satin Sleepwear Silk 3/4 Sleeve Night Dress",
        "95% Polyester, 5% Spandex",
        "SATIN SLEEPWEAR - Women button down nightgown is made of satin with some stretch touch,"
        " silky-smooth",
    )
    assert fibres(swomog) == ["polyester", "spandex"]


def test_fabric_said_to_have_no_stretch_does_not_stretch_despite_spandex() -> None:
    milumia = product(
        "Milumia Women Mock Neck Puff Sleeve Chiffon Blouse Frilled Work Office Solid Top",
        "Material: 5% Spandex, 95% Polyester. Fabric has no stretch.",
        category="shirt",
    )
    read = extract(milumia)
    assert read["stretch"] is False and read["neckline"][0] == "mock" and "chiffon" in read["fabrics"]


def test_a_dress_length_comes_from_the_name_before_the_features() -> None:
    chvity = product(
        "Chvity Women's Casual Summer Short Sleeve Pleated Polka Dot Loose Swing Midi Dress with Pocket",
        "Features: casual style, two side pockets, o-neck, elastic waist, maxi dresses, polka dot",
    )
    read = extract(chvity)
    assert read["length"] == "midi" and read["loose_fit"] is True and read["pockets"] is True
    assert "polka-dot" in read["pattern"] and read["sleeve"] == "short"


def test_colour_words_in_brands_and_trimmings_are_not_colours() -> None:
    judy = text("Judy Blue Jean Fabulous Slim Fit! Classic Wash High Rise Cuff or Uncuffed Denim!!")
    assert colours(judy) == []
    gold = text("True Religion Women's Becca Mid Rise Bootcut Leg Fit Jean with Gold Crystals")
    assert colours(gold) == []


def test_neutral_and_dark_colours() -> None:
    read = extract(product("Women Two Piece Outfits Long Sleeve Drawstring Hoodies Sweatpants Black 2 Piece"))
    assert read["neutral_color"] is True and read["dark_color"] is True
    mint = extract(
        product("Charm Your Prince Women's Summer Halter Top Sundress (XX-Large, Mint)", "Tie closure")
    )
    assert mint["neutral_color"] is False and mint["neckline"] == ["halter"]


def test_leg_and_rise_are_read_for_bottoms_only() -> None:
    levis = product(
        "Levi's Women's 529 Curvy Bootcut Jeans",
        "Slim through hip and thigh with a bootcut leg",
        "Mid rise: Sits at waist",
        category="jeans",
    )
    read = extract(levis)
    assert read["leg"] == ["bootcut"] and read["rise"] == ["mid"] and "slim" in read["fit"]
    sonja = product("SONJA BETRO Women's Rib Knit Keyhole Scoopneck Fit & Flare Dress with Pocket Plus Size")
    assert "leg" not in extract(sonja)


def test_joggers_and_a_relaxed_fit() -> None:
    rbx = product(
        "RBX Active Women's Full Lenght Relaxed Fit Athletic Pant w/Drawstring Waistband",
        "92% Cotton, 8% Spandex",
        "A relaxed fit to allow room for breathability and air circulation",
        category="sweatpants",
    )
    read = extract(rbx)
    assert (
        read["fit"] == ["relaxed"] and read["breathable"] is True and read["fiber_mix"] == "natural+synthetic"
    )
    zuty = product(
        "ZUTY Womens Cotton Sweatpants Lightweight Slim Fit Joggers Active Tapered Yoga Casual Lounge Pants",
        category="sweatpants",
    )
    assert extract(zuty)["leg"] == ["jogger", "tapered"] and extract(zuty)["close_fit"] is True


def test_cardigan_closures() -> None:
    miholl = product(
        "MIHOLL Women's Casual Button Down Pockets Knit Long Cardigan Sweater",
        "Button Closure, With Pockets, Long Sleeve, Lightweight, Stretchy, high quality Rib Knit fabric",
        category="cardigan",
    )
    assert extract(miholl)["closure"][0] == "button"
    verdusa = product(
        "Verdusa Women's Long Sleeve Open Front Long Cardigan Duster Coat Aegean M", category="cardigan"
    )
    read = extract(verdusa)
    assert "open-front" in read["closure"] and read["length"] == "long" and read["colors"] == ["blue"]


def test_claims_are_set_only_where_said() -> None:
    minpeop = product(
        "MINPEOP Womens Athletic Joggers Stretch Pants UPF 50+ Sweatpants Lounge Workout Drawstring Pants",
        "Lightweight, breathable, moisture-wicking, and quick-dry, Anti-wrinkle keep you cool and dry",
        category="sweatpants",
    )
    read = extract(minpeop)
    assert read["breathable"] and read["moisture_wicking"] and read["wrinkle_resistant"]
    assert "durable" not in read and "machine_washable" not in read


def test_an_off_shoulder_top_and_a_dry_clean_only_jacket() -> None:
    amz = product(
        "AMZ PLUS Women's Casual Scoop Neck Lace Stitching Short Sleeve Pleated Plus Size Blouse Top",
        "Dazzling off the shoulder top is made for spring/fall/winter season.",
        category="shirt",
    )
    assert "off-shoulder" in extract(amz)["neckline"]
    anne = product(
        "Anne Klein Women's Etched Tweed Piped Cardigan Jacket",
        "Dry Clean Only",
        "Open Front",
        category="cardigan",
    )
    read = extract(anne)
    assert read["dry_clean_only"] is True and read["machine_washable"] is False


def test_the_natural_share_of_the_first_composition_in_percentages() -> None:
    culinary = text(
        "Culinary Ninja Funny T-Shirt For Cooks And Chefs",
        "Solid colors: 100% Cotton; Heather Grey: 90% Cotton, 10% Polyester; All Other Heathers: 50% Cotton,"
        " 50% Polyester",
    )
    assert natural_percent(culinary) == 100
    santiny = text(
        "Women's Cotton Sweatpants High Waisted Pants with Pockets Athletic Fit Joggers for Women",
        "Fabric: SANTINY womens sweatpants made of real skin-friendly 92% Cotton and 8% Spandex fabric",
    )
    assert natural_percent(santiny) == 92
    assert natural_percent(text("Aloodor Lightweight Sweatpants", "60%Polyester,35%rayon,5%spandex")) == 0
    assert natural_percent(text("Zuty Womens Cotton Sweatpants")) is None


def test_occasions_are_counted() -> None:
    read = extract(
        product(
            "Chvity Women's Casual Summer Short Sleeve Pleated Polka Dot Loose Swing Midi Dress with Pocket",
            "Suitable Occasion: Casual/Party/Work/Life Style/Beach/Daily/Vacation",
        )
    )
    assert (
        read["occasions"] == ["casual", "party", "work", "beach", "vacation"] and read["occasion_count"] == 5
    )


@needs_shared
def test_every_attribute_read_from_both_catalogs_is_one_the_module_declares() -> None:
    given: set[str] = set()
    for name in ("female_clothing.json", "male_clothing.json"):
        (records,) = json.loads((SHARED / "products" / name).read_text()).values()
        for record in records:
            given |= set(extract({**record, "attributes": {"category": record.get("category")}}))
    assert given <= ATTRIBUTES and {"machine_washable", "leg", "natural_percent"} <= given


def test_care_text_that_allows_hand_and_machine_washing() -> None:
    hpoicly = text(
        "Hpoicly Capri Sweatpants for Women Lounge Cropped Joggers Sports Pants Casual Loose Fit",
        "Wash care for women's petite athletic sweatpants: The yoga capri joggers for women elastic waist"
        " drawstrings jogger sweatpants can washing by hand and machine,please use neutral detergent",
    )
    assert machine_washable(hpoicly) is True
    assert (
        machine_washable(text("Leapparel Men's Pants", "Hand Wash Only", "It can be washed by machine"))
        is True
    )


def test_a_cotton_blend_with_nothing_else_named_is_not_all_natural() -> None:
    yousify = product(
        "Yousify Women Striped Cinch Bottom Sweatpants Pockets High Waist Sporty Gym Athletic Jogger",
        "Material: Cotton blend. Soft, Comfortable, Elastic, Breathable fabric.",
        category="sweatpants",
    )
    assert extract(yousify)["fiber_mix"] == "natural+other"
    assert fibre_mix(["cotton", "polyester"], unnamed=True) == "natural+synthetic"


def test_dressing_up_or_down_and_a_look_after_a_pairing_are_occasions() -> None:
    gloria = product(
        "Gloria Vanderbilt Women's Comfort Curvy Skinny Skimmer",
        "This wardrobe must have can be easily dressed up or down to take you from day to evening plans in"
        " no time. Effortlessly fun and stylish, pairs well with all fashionable tops and trendy footwear"
        " whether at work, school or hanging out with friends.",
        category="jeans",
    )
    assert {"casual", "dressy", "work"} <= set(extract(gloria)["occasions"])
    rubyk = product(
        "RubyK Womens Lightweight 3/4 Sleeve Deep V Neck Cardigan",
        description="Just wear a pair of denim pants and a tank top underneath for a casual everyday look.",
        category="cardigan",
    )
    assert extract(rubyk)["occasions"] == ["casual"] and "denim" not in extract(rubyk).get("fabrics", [])
