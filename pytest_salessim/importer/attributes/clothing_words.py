"""The words clothing product texts use for what shoppers ask about: one pattern per value, lower case."""

# SEO keyword runs ("... wide leg pants for women high waist jeans womens capri ...") name every style
# at once; a line this long with this little punctuation says nothing about the product.
KEYWORD_RUN_LENGTH = 250
KEYWORD_RUN_PUNCTUATION = 0.0045  # the SEO runs of the catalogs: under 0.0042; sentences: over 0.0055

# "Pair it with skinny jeans, a denim jacket": other garments, whose fit and fabric are not the product's
# (up to the next punctuation, "and is ...", "for a ... look", or 60 characters: a pairing is a short phrase)
PAIRING = (
    r"\b(pair(ed|s)?( it| them| these( \w+)?| this( \w+)?)? (up )?with"
    r"|(perfectly )?match(es|ed)?( good)? with|matching:|match ?:|fashion mix ?:|wear (it |them )?with"
    r"|goes with|go well with|style it with|wear a pair of|wearing with|couple with"
    r"|perfect(ly)? (with|paired with)|easy to pair|complete the look with|looks? (great|good) with"
    r"|can (also )?be (worn|paired|matched) with)\b(?:(?!\band (is|are|it)\b|\bfor an? \b)[^.;!,\n]){0,60}"
)

COLOURS = {
    "black": r"\bblack\b",
    "white": r"\b(white|off-white)\b",
    "grey": r"\b(grey|gray|heather)\b",
    "charcoal": r"\bcharcoal\b",
    "navy": r"\bnavy\b",
    "blue": r"\b(blue|aegean|sapphire|royal)\b",
    "teal": r"\b(teal|turquoise|aqua)\b",
    "green": r"\bgreen\b",
    "olive": r"\bolive\b",
    "mint": r"\bmint\b",
    "red": r"\bred\b",
    "wine": r"\b(wine|burgundy|maroon)\b",
    "pink": r"\b(pink|fuchsia|fuschia|rose pink)\b",
    "purple": r"\b(purple|lavender|violet|plum)\b",
    "orange": r"\borange\b",
    "yellow": r"\b(yellow|mustard)\b",
    "brown": r"\bbrown\b",
    "camel": r"\bcamel\b",
    "khaki": r"\bkhaki\b",
    "tan": r"\btan\b",
    "beige": r"\b(beige|nude|taupe|oatmeal)\b",
    "cream": r"\b(cream|ivory|apricot)\b",
    "gold": r"\bgold\b",
    "silver": r"\bsilver\b",
    "lime": r"\blime\b",
    "coral": r"\bcoral\b",
}
# colour words that name something else: a brand, a sale, trimmings, a flower, a skin tone
NOT_THE_GARMENT_COLOUR = (
    r"judy blue",
    r"black friday",
    r"gold (crystals|buttons|hardware)",
    r"skin (tone|colou?r)",
    r"color match(ing)? buttons",
)
NEUTRAL = frozenset({"black", "white", "grey", "charcoal", "navy", "olive", "brown", "camel", "khaki"})
NEUTRAL |= {"tan", "beige", "cream"}
DARK = frozenset({"black", "charcoal", "navy", "wine"})
DARK_SHADE = r"\b(dark|deep|army|midnight|dark wash)\s+(\w+\s+)?"

FIBRES = {
    "cotton": r"\bcotton\b",
    "linen": r"\blinen\b",
    "wool": r"\b(wool|lambs? ?wool|merino)\b",
    "cashmere": r"\bcashmere\b",
    "silk": r"\bsilk\b(?!y)",
    "ramie": r"\bramie\b",
    "rayon": r"\brayon\b",
    "viscose": r"\bviscose\b",
    "modal": r"\bmodal\b",
    "lyocell": r"\b(lyocell|tencel)\b",
    "polyester": r"\b(polyester|polyeser|poly)\b",
    "spandex": r"\b(spandex|elastane|lycra|elasterell)",
    "nylon": r"\b(nylon|polyamide)\b",
    "acrylic": r"\bacrylic\b",
    "polyurethane": r"\bpolyurethane\b",
}
NATURAL = frozenset({"cotton", "linen", "wool", "cashmere", "silk", "ramie"})
REGENERATED = frozenset({"rayon", "viscose", "modal", "lyocell"})  # man-made from cellulose
SYNTHETIC = frozenset({"polyester", "spandex", "nylon", "acrylic", "polyurethane"})
# a "silk" or "cashmere" that is a feel, not a fibre: "satin silk sleepwear" of polyester
FEEL_WORDS = (
    r"\b(silky|satin silk|silk pajama|silk sleepwear|cashmere lounge|thermal cashmere|cotton feel"
    r"|like cotton)\b"
)
# "95% Polyester, 5% Spandex", "55%COTTON 27%NYLON", "polyester 95%": where a text gives the composition
PERCENT = r"\d{1,3}(\.\d+)?\s*%\s*"
# a share and its fibre, "60% polyester", or the other way round, "cotton 35%"
# "Cotton blend" with no composition: the other fibres are not named
BLEND = r"\b(cotton|linen|wool|silk)[ -]blend"
SHARE_FIBRE = r"(\d{1,3}(?:\.\d+)?)\s*%\s*([a-z]+)"
FIBRE_SHARE = r"([a-z]+)\s*(\d{1,3}(?:\.\d+)?)\s*%"

FABRICS = {
    "denim": r"\bdenim\b|^.*\bje(ans?|ggings?)\b",  # a product named a jean is denim
    "knit": r"\bknit",
    "rib knit": r"\b(rib knit|ribbed knit|ribbed)\b",
    "jersey": r"\bjersey\b",
    "chiffon": r"\bchiffon\b",
    "satin": r"\bsatin\b",
    "lace": r"\blace\b(?![ -]up)",
    "crochet": r"\bcrochet\b",
    "mesh": r"\bmesh\b",
    "fleece": r"(?<!no )\b(fleece|sherpa)\b",
    "velour": r"\b(velour|velvet)\b",
    "flannel": r"\bflannel\b",
    "tweed": r"\btweed\b",
    "faux leather": r"\b(faux leather|faux suede|polyurethane)\b",
    "twill": r"\btwill\b",
    "sequin": r"\bsequin",
}

FITS = {
    "relaxed": r"\brelax(ed|ing)[ -]fit|\bfit[: ]+relaxed\b|\brelaxed (silhouette|style)\b",
    "loose": r"\bloose(ly)?[ -]?(fit|fitting)?\b",
    "oversized": r"\bover-?sized?\b",
    "baggy": r"\bbaggy\b|\bslouchy\b|\broomy\b",
    "regular": r"\bregular[ -]fit\b|\bfit[: ]+regular\b|& regular fit\b",
    "classic": r"\bclassic[ -]fit\b",
    "original": r"\boriginal[ -]fit\b",
    # "slim fit", "slim leg", "slim through hip and thigh"; not "makes you look slim"
    "slim": r"\bslim[ -]?(fit|fitting|leg|straight|sleeves?)\b|\bslim through\b|\bslim (party )?dress",
    "skinny": r"\bskinny\b(?! (jeans|pants|leggings))",
    "fitted": r"\bfitted\b|\bform[ -]fitting\b|\bcontoured fit\b|\bsnug (through|fit)\b|\bsecond[ -]skin\b"
    r"|\bbody[ -]?hugging\b",
    "bodycon": r"\bbodycon\b|\bbody[ -]skimming\b",
    "tight": r"\btight\b(?! ?s\b)|\bcompression\b",
    "curvy": r"\bcurvy\b",
}
LOOSE_FITS = frozenset({"relaxed", "loose", "oversized", "baggy"})
CLOSE_FITS = frozenset({"slim", "skinny", "fitted", "bodycon", "tight"})

BOTTOMS = frozenset({"jeans", "pants", "sweatpants"})  # catalog categories whose leg and rise we read
LEGS = {
    "jogger": r"\bjoggers?\b|\bcinch(ed)? bottom\b|\bankle[ -]banded\b",
    "wide": r"\bwide[ -]leg\b|\bpalazzo\b",
    "straight": r"\bstraight[ -]?(leg|fit|cut|jeans?|pants?)\b|\bslim straight\b",
    "skinny": r"\bskinny\b|\bjegging",
    "tapered": r"\btapered\b",
    "bootcut": r"\bboot[ -]?(cut|leg)\b",
    "flare": r"\bflare[ds]?\b(?! silhouette)|\bkick flare\b|\bbell[ -]bottom",
}
RISES = {
    "low": r"\blow[ -](rise|waist(ed)?)\b",
    "mid": r"\bmid[ -]?rise\b|\bmidrise\b",
    "high": r"\bhigh[ -]?(rise|waist(ed)?)\b|\bsits above waist\b",
}
LENGTHS = {
    "cropped": r"\bcrop(ped)?\b(?! (pants|capri|sleeve))",
    "mini": r"\bmini\b|\babove[ -](the )?knee\b|\bshort (casual )?dress\b",
    "knee": r"\bknee[ -]length\b|\babout knee length\b|\bknee length\b",
    "midi": r"\bmidi\b|\bmid-calf\b|\btea[ -]length\b",
    "maxi": r"\bmaxi\b|\bfloor[ -]length\b|\bankle[ -]length\b|\blong (dress|dresses|skirt)\b",
    "tunic": r"\btunic\b",
    "long": r"\blong ?line\b|\bduster\b|\blong cardigans?\b",
}
SLEEVES = {
    "sleeveless": r"\bsleeveless\b|\bstrapless\b|\bspaghetti strap|\bcami\b|\btank\b|\btube\b|\bvest\b",
    "cap": r"\bcap[ -]sleeves?\b",
    "short": r"\bshort[ -]sleeved?\b|\bshort sleeves\b",
    "elbow": r"\belbow[ -]sleeve|\bhalf[ -]sleeve|\b1/2 sleeve",
    "3/4": r"\b3/4[ -](length )?sleeve",
    "long": r"\blong[ -]sleeved?\b|\blong sleeves\b|\bsleeve length: ?full\b",
}
NECKLINES = {
    "v-neck": r"\bv[ -]?(neck|collar|neckline)",
    "scoop": r"\bscoop[ -]?neck",
    "crew": r"\b(crew[ -]?neck|round[ -]?(neck|collar)|o[ -]neck)",
    "off-shoulder": r"\boff[ -](the[ -])?shoulder\b|\bbardot\b",
    "cold-shoulder": r"\b(cold|open)[ -]shoulder\b",
    "halter": r"\bhalter\b",
    "strapless": r"\bstrapless\b|\btube (top|dress)\b",
    "square": r"\bsquare[ -]neck",
    "boat": r"\b(boat|bateau)[ -]?neck",
    "cowl": r"\bcowl[ -]?neck",
    "mock": r"\bmock[ -]?neck\b|\bhigh[ -]neck\b|\bturtleneck\b",
    "keyhole": r"\bkeyhole\b",
    "cutout": r"\bcut[ -]?outs?\b",
    "collar": r"\b(lapel|shawl collar|fold over collar|button down collar|collared)\b",
}
CLOSURES = {
    "button": r"\bbutton(s|ed)?[ -]?(closure|down|up|front|fastening)\b|\bbuttoned\b|\bbuttons\b"
    r"|\bsingle[ -]breasted\b",
    "open-front": r"\bopen[ -]?front\b|\bopen closure\b",
    "zipper": r"\bzip(per)?[ -]?(closure|front|fly)\b|\bfull[ -]zip\b|\bhalf[ -]zip\b",
    "pull-on": r"\bpull[ -]?on\b|\bpullover\b|\bslip[ -]on\b",
    "tie": r"\btie[ -]?(closure|front|belt|waist)\b|\bwrap (dress|style|skirt|front|top)\b",
    "drawstring": r"\bdrawstring\b",
    "elastic": r"\belastic(ated|ized)? (closure|waist)",
}

PATTERNS = {
    "solid": r"\bsolid\b(?! (fitness|pattern for a solid|colou?rs:))|\bplain\b|\bpure colou?r\b",
    "floral": r"\bfloral\b|\bflowers?\b",
    "striped": r"\bstripe[ds]?\b",
    "plaid": r"\bplaid\b|\bchecke[dr]\b|\bgingham\b",
    "polka-dot": r"\bpolka[ -]dots?\b|\bdots\b",
    "leopard": r"\bleopard\b",
    "tie-dye": r"\btie[ -]?dyed?\b|\bacid dye\b",
    "colorblock": r"\bcolou?r[ -]?block\b|\bcontrast colou?r\b|\btwo[ -]tone\b",
    "graphic": r"\bgraphic\b|\bletter print\b|\bfunny\b|\bt-shirt for\b",
    "print": r"\bprint(ed)?\b",
    "geometric": r"\bgeometric\b",
    "tribal": r"\btribal\b",
    "abstract": r"\babstract\b",
    "embroidered": r"\bembroider(ed|y)\b",
    "sequined": r"\bsequins?\b|\bglitter\b|\bsparkl(y|e)\b|\bcrystals\b",
    "ripped": r"\bripped\b|\bdistressed\b|\bdestroyed\b|\bdestruction\b",
}
OCCASIONS = {
    "casual": r"\bcasual\b|\bcausal\b|\beveryday\b|\bdaily\b|\bweekend\b|\bhanging out\b"
    r"|\bdress(ed)? (it |them )?(up or )?down\b",
    "dressy": r"\bdress(ed)? (it |them )?up\b|\bdressy\b|\bsemi[ -]formal\b",
    "work": r"\bwork\b(?!out)|\boffice\b|\bbusiness\b|\bcareer\b|\bjob interview\b|\bprofessional\b",
    "formal": r"(?<!semi-)(?<!semi )\bformal\b|\bbanquet\b",
    "party": r"\bpart(y|ies)\b|\bnight out\b|\bclub(wear)?\b",
    "cocktail": r"\bcocktail\b",
    "evening": r"\bevening\b",
    "wedding": r"\bwedding\b|\bprom\b",
    "date": r"\bdat(e|ing)\b",
    "church": r"\bchurch\b",
    "school": r"\bschool\b|\bcampus\b",
    "beach": r"\bbeach\b|\bswim",
    "vacation": r"\bvacation\b|\bholiday\b|\btravel",
    "outdoor": r"\boutdoors?\b|\bhiking\b|\bcamping\b|\bclimbing\b",
    "sport": r"\bsports?\b|\bworkout\b|\bgym\b|\byoga\b|\brunning\b(?! errands)|\bathletic\b|\bfitness\b"
    r"|\bjogging\b",
    "indoor": r"\bindoors?\b",
    "lounge": r"\blounge|\b(at|around the) (home|house)\b|\bhome ?wear\b|\bpajama|\bsleep|\bnightgown\b",
}
CLAIMS = {
    "breathable": r"\bbreath(able|ability|es)\b|\bairy\b|\bbreezy\b|\bair circulation\b|\bwick",
    "moisture_wicking": r"\bwick(s|ing)?\b|\babsorbs moisture\b|\bmoisture absorption\b",
    "soft": r"\bsoft(est|er)?\b",
    "lightweight": r"\blight[ -]?weight\b|\blight weight\b",
    "durable": r"\bdurab(le|ility)\b|\blong[ -]lasting\b|\bsturdy\b|\breinforced\b|\bheavy[ -]duty\b"
    r"|\bdouble[ -]needle\b|\bpill(ing)?[ -]resistant\b|\bhard[ -]wearing\b",
    "keeps_shape": r"\b(maintain|retain|keep|hold)s?( its)? shape\b|\bshape retention\b|\brecovery\b"
    r"|\bwithout (losing|stretching out of) shape\b|\bnot easy to (deform|fade)\b",
    "wrinkle_resistant": r"\bwrinkle[ -](resistant|free)\b|\banti[ -]wrinkle\b|\bno iron",
    "pockets": r"\bpockets?\b",
    "layering": r"\blayering\b|\blayer(ed)? (it |them )?(over|under|with)\b|\bto layer\b"
    r"|\b(be|easily) layered\b",
    "plus_size": r"\bplus[ -]size\b|\b[1-5]x\b",
    "comfortable": r"\bcomf(ortable|ortably|ort|y)\b|\bcozy\b",
    "movement": r"\b(freedom|ease|range) of (movement|motion)\b|\bmove (freely|with|without|as you move)\b"
    r"|\bmobility\b|\bflexib(le|ility)\b|\bwithout (binding|restrict)|\bunrestrict",
    "versatile": r"\bversatil(e|ity)\b|\b(any|all|many|various|most) occasions?\b"
    r"|\bdress(ed)? (it )?up or down\b",
    "simple": r"\bsimple\b|\bbasic\b|\bplain\b|\bminimalis|\bunderstated\b|\bsolid colou?r\b",
    "classic": r"\bclassic\b(?![ -]fit)|\btimeless\b",
    "sustainable": r"\bsustainab|\beco[ -]friendly\b|\borganic\b|\brecycled\b|\brepreve\b",
    "pleated": r"\bpleat(s|ed)?\b",
    "hand_washable": r"\bhand[ -]?wash",
}
NO_POCKETS = r"\bno (hand )?pockets?\b"
STRETCHY = (
    r"\bstretch(y|able|ing)?\b(?! out)|\belastic(ity)?\b(?! (waist|closure|cuff|band))|\b[24][ -]way stretch"
)
NOT_STRETCHY = r"\bno stretch\b|\bnon[ -]?stretch(y)?\b|\bdoesn't stretch\b|\bnot stretch"

MACHINE_WASH = (
    r"\bmachine[ -]?(wash|washable|washing)|\bwashing machine\b|\bmachine wash-safe\b"
    r"|\bhand ?(and|or|/) ?machine\b|\bwash(ed|ing)? by machine\b"  # "by hand and machine", "by machine"
)
NO_MACHINE_WASH = (
    r"\b(do not|don't|not|never) machine[ -]?wash|\bmachine washing is not recommended\b"
    r"|\bnot machine washable\b"
)
HAND_OR_DRY_CLEAN_ONLY = r"\bhand[ -]?wash(ed)? only\b|\bdry[ -]?clean only\b"
