#!/usr/bin/env python3
"""Build the held-out pre-sale development set pqa2 (shop pqa2-shop + pqa2-turns.jsonl).

    python3 scripts/build_pqa2_set.py [--data <amazon_pqa folder>] [--out <folder>] [--check-only]

Built exactly like pqa-shop / pqa-turns.jsonl (scripts/build_presale_sets.py), but from
hetPQA products and questions that pqa-shop does not use. Products and questions are chosen
by fixed rules (see README.md and select_products / select_questions below), not by hand:
the hand-written parts are the titles, descriptions, prices and tags of the chosen products,
the keys dropped because they contradict the product's own evidence, the questions rejected
(each with a reason), the fact strings, and the translations
(knowledge/eval/presale/pqa2-translations.tsv).

Writes into --out (default: knowledge/eval/presale):
  pqa2-shop/            shop.toml, products.jsonl, faq.md, policies/returns.md, README.md, LICENSE
  pqa2-turns.jsonl      25 hetPQA questions x 12 languages
and then checks everything. Deterministic; standard library only.
"""
import argparse
import csv
import json
import re
import shutil
import sys
from pathlib import Path

# The attribute parsing and rendering, the case format and the checks' constants are pqa-shop's.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_presale_sets import (  # noqa: E402
    ID_RE, LANGS, PQA_FAQ, PQA_KEY_NAMES, PQA_RETURNS, SHOP_TOML, TRANSLATION_NOTE, check_shop,
    enum, num, parse_attr, render, render_one, slug, unit, write_jsonl,
)

REPO = Path(__file__).resolve().parent.parent
HERE = REPO / "knowledge" / "eval" / "presale"
SHOP_ID = "pqa2-shop"
SHOP_NAME = "PQA Hobby & Play Shop"
SKU_PREFIX = "PQ2"
N_PRODUCTS = 40
N_QUESTIONS = 25
# hetPQA files in data order (the order pqa-shop's builder reads them in)
DATA_FILES = ["hetPQA/answer_generation/dev.csv", "hetPQA/answer_generation/test.csv",
              "hetPQA/answer_generation/train.csv", "hetPQA/evidence_ranking/dev.csv"]


# --------------------------------------------------------------------------------------------
# Selection rules
# --------------------------------------------------------------------------------------------

# The 46 ASINs of pqa-shop (scripts/build_presale_sets.py, PQA_PRODUCTS): never used here.
PQA_SHOP_ASINS = {
    "B0084JUNXS", "B00F4WMAI4", "B00DMC6KAC", "B0037U35SO", "B000FH18FY", "B003UNWV60", "B004A2QTRC",
    "B00592BOAO", "B004V3PS72", "B000068CKY", "B00BU3ZLJQ", "B003YCGCKI", "B005LAZDMY", "B0072BKZOQ",
    "B005QZLBXO", "B000EULZDM", "B001U0OWTO", "B00CEP8YN4", "B00ARQW1E0", "B00CI6J5JQ", "B001W30D2O",
    "B000GUGY1S", "B005N0AML4", "B0015YT88A", "B00000IWD0", "B000L8EEPS", "B00000DMCE", "B00FW78710",
    "B00008W72D", "B006QKTGL2", "B004M2BINA", "B003I86C94", "B002F9NH4A", "B00BWIRZY8", "B001AMO8A0",
    "B00DSSA54C", "B00D9JGX0U", "B000VO3GPG", "B002B555QQ", "1933054395", "1932855785", "B0012NSMEK",
    "B00068Q7LC", "B002PEGT9U", "B000V5CXTK", "B0037UP9MY",
}

# The English questions of pqa-turns.jsonl: a pqa2 question must not repeat one of them.
PQA_TURNS_EN = {
    "what kind of batteries does it require?", "does it come with tracing sheets?", "how high will it fly?",
    "how do i charge the helicopter?", "what is the age group for this item?", "how much does this weigh?",
    "does this tricycle have brakes?", "does this toy speak spanish??", "how tall is it?",
    "how heavy is the kitchen without packaging? description says item weight is 40lbs but shipping weight is 39lbs?",
    "is it made of wood or is it plastic?", "for what age child is this appropriate?", "how many item for 1 set?",
    "can this.be played on 2ds?", "which ipads does it fit?", "which accessories come with the house?",
    "does this come with a score pad?", "are the strings nylon?", "what kind of batteries does daisy use?",
    "does this come with paper?", "what kind of batteries this uses?",
    "it looks like there are 61 keys in the picture.  how many keys are there?",
    "can this game be played with only two players?", "how many gallons of water fit in the pool?",
    "is this quad recommended for first time users?", "what is color of the back of these tiles?",
    "what is the material like? is it suede or more of a cotton feel?", "what is the weight limit for the rider?",
    "what is the cart made out of?", "does this come with balls?", "what country was this made in?",
    "do these have pockets on them?", "is the motor brushless?", "does the schwinn roadster tricycle have brakes?",
    "is the rainbow loom kit easy enough for a five year old?",
}

# Keys that describe the listing, shipping or paperwork rather than the product: never catalogue
# attributes (as in pqa-shop).
BOOKKEEPING = {
    "is_sensitive_for_disclosure", "cannot_overwrap", "vendor_name", "is_exclusive_product", "is_fragile",
    "number_of_boxes", "customer_package_type", "import_designation", "is_white_glove_required",
    "is_heat_sensitive", "delivery_option", "program_member", "is_sold_in_stores", "is_base_product",
    "list_price", "total_eaches", "item_package_quantity", "is_discontinued_by_manufacturer",
    "customer_return_policy", "contains_liquid_contents", "is_memorabilia", "is_adult_product",
    "not_for_kids", "contains_food_or_beverage", "is_stain_resistant", "website_shipping_weight", "contributor",
}

# Products the rules would take but that are left out (ASIN: reason).
EXCLUDED = {
    "B00F4WMAAW": "another listing of pqa-shop's Syma S107G helicopter (PQA-0002)",
    "B009PZIKAS": "a Fisher-Price iPad case like pqa-shop's PQA-0014 (possibly the same product line)",
    "B00D8VHJH0": "not identifiable: its evidence does not say what the product is",
    "B00CC52O4Q": "not identifiable: its evidence does not say what the product is",
    "B00E8CADJ4": "not identifiable: its evidence does not say what the product is",
    "B00000IV34": "not identifiable (a Mac game on diskette without a name), and its age/size attributes contradict each other",
    "B007EA4BWM": "not identifiable: a girls' costume, the evidence does not say which",
    "B00I3J4NG2": "not identifiable: a drone battery, the evidence does not say for which model",
    "B002BH4U56": "not identifiable: its evidence does not say what the product is",
}

# Keys dropped from a product (ASIN: {key: reason}); what remains must still be >= 3 (or 2) keys.
DROPPED = {
    "B000BMYWYC": {"material": "'paint': the product is cement (bullets: 'tamiya extra-thin cement')"},
    "B003Y6E6IE": {"is_electric": "'no' contradicts power_source_type 'electric'"},
    "B00AG8CWAW": {"number_of_players": "'2~4 players': the bullets say two kids max",
                   "minimum_weight_recommendation": "'75 pounds' is the bullets' per-child maximum",
                   "is_electric": "'no': a blower must run while it is in use"},
    "B008V2B5AS": {"item_dimensions": "height 19 inches: the bullets say it stands over 42\" tall",
                   "num_batteries": "'3 cr2' contradicts batteries_required 'no'"},
    "B00000J0S3": {"included_components": "'crayons': the product is colored pencils",
                   "has_color_screen": "meaningless for colored pencils"},
    "B00GSNWB5K": {"num_batteries": "lists several battery types at once"},
    "B001DNTGVC": {"item_weight": "2.25 pounds contradicts the description's '8 ounces'"},
    "B00BQYQY8Q": {"included_components": "'batcave': the bullets list Batman and Robin figures and more"},
    "B00DPK10O2": {"num_batteries": "lists several battery types at once (the evidence: one 3.7 V LiPo)"},
    "B003AH6EVY": {"hardware_platform": "a catalogue id, not a platform"},
    "B00CS825XM": {"num_batteries": "lists several battery types at once",
                   "includes_rechargable_battery": "'no' for a rechargeable flight battery"},
    "B00EXBDWZC": {"num_batteries": "lists several battery types at once"},
    "1589942108": {"number_of_players": "the data's value is the placeholder 'string'"},
    "B000VO3GQU": {"size": "'no' is not a size"},
    "B000JRFIL0": {"item_dimensions": "19.88 inches long contradicts 'mr. thrifty stands 33 tall'"},
    "B0006GUY0Y": {"included_components": "the product's own ASIN, not a component",
                   "item_dimensions": "137.8 x 77.47 x 11.43 inches is not a children's table"},
    "B000KI111Y": {"included_components": "'no' is not a component list"},
    "B0045O75AU": {"size": "a second set of dimensions (27.95 high) that differs from item_dimensions (25.8 high)"},
}


def load_rows(data):
    """All hetPQA attribute candidates in data order: (file, row, asin, question, key, items, positive)."""
    rows = []
    for name in DATA_FILES:
        with open(data / name, encoding="utf-8", newline="") as fh:
            for i, r in enumerate(csv.DictReader(fh, delimiter="\t")):
                if r["source"] != "attribute":
                    continue
                k, items = parse_attr(r["candidate"])
                positive = "answer" in r or r.get("label") == "1"  # answer_generation rows are answered pairs
                rows.append((name, i, r["ASIN"], r["question"], k, items, positive))
    return rows


def catalogue_keys(asin, attrs):
    return [k for k in attrs[asin] if k not in BOOKKEEPING and k not in DROPPED.get(asin, {})]


def select_products(rows, attrs):
    """Rule: hetPQA ASINs not in pqa-shop and not EXCLUDED, that have a buyer question with a
    positive attribute candidate (a non-bookkeeping key), in data order (the order of that first
    question); first those with >= 3 catalogue attributes, then, to reach N_PRODUCTS, those with 2."""
    order = []
    for _, _, asin, _, k, _, positive in rows:
        if positive and k not in BOOKKEEPING and asin not in order:
            order.append(asin)
    ok = [a for a in order if a not in PQA_SHOP_ASINS and a not in EXCLUDED]
    tier3 = [a for a in ok if len(catalogue_keys(a, attrs)) >= 3]
    tier2 = [a for a in ok if len(catalogue_keys(a, attrs)) == 2]
    chosen = (tier3 + tier2)[:N_PRODUCTS]
    return [a for a in order if a in chosen]  # SKUs in data order


def norm_q(q):
    """Questions that differ only in case, spaces or punctuation are the same question."""
    return re.sub(r"[^a-z0-9]+", "", q.lower())


def select_questions(rows, attrs, asins):
    """Rule: for each product in SKU order, the first question in data order with a positive
    attribute candidate whose key is in the catalogue, whose value is not a bare yes/no (a yes/no
    cannot be checked as a fact in a translated answer), that repeats no pqa-turns question and no
    earlier pqa2 question, and that is not in REJECTED; the first N_QUESTIONS products that have one."""
    used = {norm_q(q) for q in PQA_TURNS_EN}
    out = []
    for asin in asins:
        keys = catalogue_keys(asin, attrs)
        for name, i, a, q, k, items, positive in rows:
            if a != asin or not positive or k not in keys:
                continue
            value = render(attrs[asin][k])
            qn = norm_q(q)
            if value in ("yes", "no") or qn in used or (asin, q) in REJECTED:
                continue
            used.add(qn)
            out.append((asin, q, k, f"{name}:{i + 2}"))  # line number in the file (header = 1)
            break
        if len(out) == N_QUESTIONS:
            break
    return out


# Questions that pass the mechanical filters but are not answered by the labelled attribute value
# ((ASIN, question): reason). The next question of the same product is taken instead.
REJECTED = {
    ("B0001X2XE2", "does it come with a doll?"):
        "answered by an absence (no doll in the component list): no fact string can check it",
    ("B00CS825XM", "when i buy the fc 40 does the battery comes with the charger?"):
        "answered by an absence (no charger in the component list): no fact string can check it",
    ("B009TC1MFM", "will this and the batteries withstand the cold wisconsin weather?"):
        "'alkaline' does not say whether it withstands cold",
    ("B005JFNE8G", "could someone tell me the dimensions of a card?"):
        "the dimensions are the box's (9.14 x 6.35 x 3.81 cm), not a card's",
    ("B00I8BIKXW", "can i use the usb charger for my iphone to charge it instead of the computer usb port?"):
        "the component list names a usb cord, it does not say which chargers work",
    ("B0070ZFMBA", "i have a 100 pound rottweiler that we just discovers love kiddie pools. will he fit in the large? is there a bigger size?"):
        "the product is the small size; its dimensions do not answer about the large one",
    ("B005FUKQ2W", "does this battery work for an airsoft gun?"):
        "'radio' / a LiPo rating does not say whether it fits an airsoft gun",
    ("B008CO812U", "would my 15 lb daughter be able to sit in this and reach the steering wheel? she is 12 months but quite petitie (tall)?"):
        "the overall dimensions do not say whether a small child can sit in it and reach the wheel",
    ("B000PEOMC8", 'is intex river run i inflatable floating tube raft $19.99 smaller than the intex river run i sport lounge, inflatable water float, 53" diameter one?'):
        "the dimensions (12 x 4.13 x 14 inches) are the packed box's, not the inflated tube's, so they cannot compare the two floats",
    ("B0001X2XE2", "how big of a doll can fit in the crib?"):
        "the crib's outer dimensions do not say what doll size fits (the description says dolls up to 22 inches)",
    ("B0014WO96Y", "is there anything in the product box that wouldn\u2019t allow me to take in my carry-on bag for a flight home for the holidays?"):
        "the component list does not say what may go in a carry-on bag",
}

# --------------------------------------------------------------------------------------------
# The chosen products: written by the kefu team. Titles use the names the product's own evidence
# uses (bullets, descriptions, answers); descriptions are one sentence without specifications, so
# the attributes are the only source of answers; prices are set by the team (none of these ASINs
# has a list_price in the data). ASIN: (title, price, description, tags)
# --------------------------------------------------------------------------------------------
PRODUCTS = {
    "B000BMYWYC": ("Tamiya Extra Thin Cement", 5.49,
                   "Thin-flowing cement with a pointed applicator for building model kits.", ["model kits", "cement", "tamiya"]),
    "B003Y6E6IE": ("LiPo Battery Voltage Checker with Warning Buzzer", 7.99,
                   "Small checker that shows the voltage of each cell of an RC battery pack and beeps when it runs low.", ["rc", "lipo", "battery checker"]),
    "B000PEOMC8": ("Intex River Run I Floating Tube", 19.99,
                   "Inflatable river tube with a backrest, a mesh bottom and two handles.", ["float", "river tube", "intex", "pool"]),
    "B00A795DAQ": ("Party Porcelain Vintage-Style Plates, 12-Pack", 8.99,
                   "Party plates in three vintage china designs.", ["party", "plates", "tableware"]),
    "B00BSWS8LM": ("Despicable Me Minion Figure", 29.99,
                   "Minion figure from Despicable Me.", ["minion", "despicable me", "figure"]),
    "B0001X2XE2": ("Wooden Doll Crib with Bedding and Musical Mobile", 89.99,
                   "Doll crib with soft bedding, a storage cabinet and decals to personalise it.", ["doll furniture", "doll crib"]),
    "B00000J0S3": ("Crayola Colored Pencils, 50 Count", 9.99,
                   "Presharpened colored pencils with soft cores.", ["crayola", "colored pencils", "drawing"]),
    "B009A82UTC": ("La Newborn Deluxe Bathtub Baby Doll Gift Set", 34.99,
                   "Newborn baby doll with a bathtub and bath-time accessories.", ["doll", "baby doll", "la newborn"]),
    "B0012RXYN0": ("12-Inch World Globe", 39.99,
                   "Desktop world globe with detailed countries and places.", ["globe", "geography"]),
    "B00GSNWB5K": ("Hubsan X4 H107D FPV Quadcopter", 119.99,
                   "Palm-size quadcopter with a live-video camera and a transmitter with a built-in screen.", ["drone", "quadcopter", "fpv", "hubsan"]),
    "B001DNTGVC": ("Baby Doll with Jointed Shoulders, Hips and Neck", 24.99,
                   "Unscented baby doll whose arms, legs and head move.", ["doll", "baby doll"]),
    "B0014WO96Y": ("4M Tin Can Robot Kit", 12.99,
                   "Kit that turns a used soda can into a rolling, googly-eyed robot.", ["robot", "stem", "kit", "4m"]),
    "B00B0FV4FE": ("Light-Up Wall Torch", 17.99,
                   "Toy torch that lights up and hangs on a wall or stands on a table.", ["torch", "light", "room decor"]),
    "B000YFSZU8": ("Brass Toy Telescope with Leather Wrap", 14.99,
                   "Collapsible pirate-style brass telescope for pretend play.", ["telescope", "pretend play"]),
    "B00CKH9QWO": ("Hot Wheels Car Maker Playset", 29.99,
                   "Playset that turns sticks of wax into Hot Wheels cars.", ["hot wheels", "car maker", "craft"]),
    "B008V2B5AS": ("Teenage Mutant Ninja Turtles Ultimate Playset", 119.99,
                   "Large Ninja Turtles playset with a practice-dummy Shredder; figures sold separately.", ["playset", "ninja turtles", "tmnt"]),
    "B003AH6EVY": ("Tamashii Nations Figure Stand Set", 16.99,
                   "Display stands for S.H.Figuarts, D-Arts and other action figures.", ["figure stand", "display", "tamashii nations"]),
    "B0006B2Q50": ("Shock Reaction Party Game", 19.99,
                   "Reaction game: the last player to react gets a mild shock.", ["party game", "reaction game"]),
    "B00CWER3XY": ("LEGO Mindstorms EV3 Robot Kit", 349.99,
                   "Build-and-program robot kit with the EV3 brick, motors and sensors.", ["lego", "mindstorms", "robot", "stem"]),
    "B00CS825XM": ("DJI Phantom Replacement Flight Battery", 89.99,
                   "Replacement flight battery for DJI Phantom quadcopters, with an XT60 connector.", ["drone", "battery", "dji", "phantom"]),
    "B00EXBDWZC": ("Mini Quadcopter with 0.3 MP Video Camera", 49.99,
                   "Small quadcopter that records video to a microSD card.", ["drone", "quadcopter", "camera"]),
    "B001SEQQBE": ("12V Kids' Ride-On Car with Opening Doors", 249.99,
                   "Battery-powered ride-on car with a foot pedal that drives on hard surfaces and grass.", ["ride-on", "car", "12v"]),
    "1589942108": ("Arkham Horror Board Game", 59.99,
                   "Cooperative horror board game.", ["board game", "arkham horror", "cooperative"]),
    "B009TC1MFM": ("Portable Scoreboard with Pole Strap", 39.99,
                   "Push-button scoreboard that straps to a pole.", ["scoreboard", "sports"]),
    "B007TJU5KU": ("Spektrum Park Flyer Receiver", 29.99,
                   "Receiver for park flyers, trainers and most sport planes.", ["rc", "receiver", "spektrum"]),
    "B002U2UFB0": ("LEGO Batman Minifigure", 6.99,
                   "Batman minifigure in black.", ["lego", "batman", "minifigure"]),
    "B005JFNE8G": ("Cards Against Humanity: First Expansion", 12.99,
                   "Expansion pack of new white, black and blank cards for Cards Against Humanity.", ["card game", "party game", "expansion"]),
    "B00AW8W4XQ": ("Kids' Sandbox with Lid and Four Seats", 79.99,
                   "Plastic sandbox with a lid against weather and critters and four molded seats.", ["sandbox", "outdoor", "sand play"]),
    "B00009YEGL": ("Melissa & Doug Giant Giraffe Stuffed Animal", 99.99,
                   "Lifelike, 4-foot-tall plush giraffe.", ["plush", "giraffe", "melissa & doug"]),
    "B006F9CFWQ": ("Snap-Together Mobile Suit Model Kit", 24.99,
                   "Japanese snap-together model kit, molded in colour, with an opening cockpit.", ["model kit", "snap-together"]),
    "B00I8BIKXW": ("Estes Syncro X Nano RC Quadcopter", 39.99,
                   "Nano quadcopter with an electronic gyro for stable flight.", ["drone", "quadcopter", "estes"]),
    "B0070ZFMBA": ("PVC Dog Pool, Small", 24.99,
                   "Sturdy PVC pool for dogs that rinses clean with a hose.", ["dog pool", "pet", "pool"]),
    "B002MCAVMG": ("Paint by Number Kit", 14.99,
                   "Detailed paint-by-number picture.", ["paint by number", "painting", "craft"]),
    "B005FUKQ2W": ("5000mAh LiPo RC Battery Pack", 59.99,
                   "LiPo battery pack for radio-controlled cars and trucks.", ["rc", "battery", "lipo"]),
    "B000JRFIL0": ("Mr. Thrifty Skeleton Model", 59.99,
                   "Classroom skeleton model small enough to pass around the room.", ["skeleton", "anatomy", "science"]),
    "B007GQ0YKC": ("Kids' Climbing Dome Play Structure", 129.99,
                   "Indoor/outdoor climbing dome of interlocking plastic tubes.", ["climbing dome", "outdoor", "play structure"]),
    "B0000683A4": ("Snap Circuits 300-Project Electronics Kit", 59.99,
                   "Snap-together electronics kit for learning how circuits work, no soldering.", ["snap circuits", "electronics", "stem"]),
    "B008CO812U": ("Toddler Foot-Powered Ride-On Car", 49.99,
                   "Push-and-steer ride-on car for toddlers.", ["ride-on", "toddler", "car"]),
    "B00A2HD40E": ("Pandemic Cooperative Board Game", 39.99,
                   "Cooperative board game: treat infections around the world and find the cures.", ["board game", "pandemic", "cooperative"]),
    "B00B1Z6EPS": ("Kids' Binoculars", 12.99,
                   "Binoculars made for young explorers.", ["binoculars", "outdoor", "kids"]),
}

# Facts for the chosen questions: ASIN: (question as in the data, [facts]). A fact is a short
# substring of the attribute's catalogue value (lower case, as the data writes it).
FACTS = {
    "B007GQ0YKC": ("what is the height of this play structure?", ["65.53"]),
    "B0000683A4": ("age range for this ?", ["8 year old"]),
    "B000BMYWYC": ("does this also work on pvc plastic or just abs?", ["plastic"]),
    "B003Y6E6IE": ("whats the weight?", ["0.02"]),
    "B008CO812U": ("my dughter 3 wight 29 pounds will it fit her still???", ["22.05"]),
    "B00A2HD40E": ("can only three people play this game?   or does it have to be either two players or four players?", ["2 to 4"]),
    "B000PEOMC8": ("what gauge vinyl is this tube?", ["18-gauge"]),
    "B00B1Z6EPS": ("how heavy is the pair of binoculars?", ["8.48"]),
    "B00A795DAQ": ("what are these plates made out of?", ["paper"]),
    "B00BSWS8LM": ("goods brand?", ["despicable me"]),
    "B0001X2XE2": ("is the inside soft?", ["polyester"]),
    "B00000J0S3": ("how long are they?", ["8.4"]),
    "B009A82UTC": ("what is the material type?", ["vinyl"]),
    "B0012RXYN0": ("what is this item made from?", ["metal"]),
    "B00GSNWB5K": ("does it come with the blade guard?", ["protection ring"]),
    "B00B0FV4FE": ("what is it made out of?", ["plastic"]),
    "B000YFSZU8": ("how big is the box?", ["2.5"]),
    "B00CKH9QWO": ("how many accessories come with the set?", ["molds", "chassis"]),
    "B003AH6EVY": ("what are the dimensions of the stage?", ["7.41 x 1.56 x 7.02"]),
    "B0006B2Q50": ("this might be a stupid question but does this device use real electricity?", ["battery"]),
    "B00CWER3XY": ("what is the weight of this package?", ["4.98"]),
    "B00CS825XM": ("are these oem brand? or knock offs?", ["dji"]),
    "B00EXBDWZC": ("how big is it?", ["2.75 x 2.75 x 1.54"]),
    "1589942108": ("hi! do you have in spanish language?", ["english", "french"]),
    "B007TJU5KU": ("can we be assured that this is genuine spektrum product?", ["spektrum"]),
}


def load(data):
    rows = load_rows(data)
    attrs = {}
    for _, _, asin, _, k, items, _ in rows:
        attrs.setdefault(asin, {})[k] = items
    return rows, attrs


def read_translations(path):
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [l for l in fh.read().splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    assert header == ["id", "lang", "text"], header
    for n, line in enumerate(lines[1:], 2):
        parts = line.split("\t")
        assert len(parts) == 3, f"translations: bad line {line!r}"
        qid, lang, text = parts
        assert lang in LANGS, f"translations: bad language {lang!r}"
        assert (qid, lang) not in out, f"translations: duplicate {qid} {lang}"
        out[(qid, lang)] = text
    return out


SHOP_README = """# pqa2-shop — a held-out shop built from amazon_pqa (hetPQA)

**Source:** amazon_pqa, `hetPQA/answer_generation/{{train,dev,test}}.csv` and
`hetPQA/evidence_ranking/dev.csv` (amazon-science/contextual-product-qa; Shen et al., ECNLP 2022).
**Licence:** CDLA-Sharing-1.0 — see `LICENSE` in this folder (copied unchanged from the dataset).
This shop, and `../pqa2-turns.jsonl`, are derived from that data and are shared under the same licence.

Built like `pqa-shop` (same attribute parsing and rendering, same file layout), but from other
products: none of pqa-shop's 46 ASINs, nor another listing of one of its products.

## What was taken and how

- {n} products, all toys, games and hobby items (hetPQA covers only the "toys and games"
  category): RC and drone gear, model-kit supplies, dolls and doll furniture, board and party games,
  outdoor play, pool floats, pencils, party plates, a globe. Chosen by a fixed rule, in data order
  (the order in which each ASIN's first question answered by an attribute appears in
  `answer_generation/dev, test, train`, then `evidence_ranking/dev`): every ASIN not in pqa-shop with
  a buyer question answered by an attribute and three or more catalogue attributes, then, to reach
  {n}, ASINs with two. Left out: {n_excl} ASINs that duplicate a pqa-shop product or whose evidence does not
  say what the product is (the builder lists each with its reason).
- **Attributes** are the data's semi-structured attributes (source `attribute`), parsed from the
  data's pseudo-JSON and written as text exactly as pqa-shop's are: string values as the data writes
  them (lower case included), `true`/`false` as `yes`/`no`, dimensions as `L x W x H <unit> (L x W x H)`,
  weights `<value> <unit>` (normalised value in brackets where its unit differs), battery lists
  `3 aa; 1 12v`. Names are the data's keys with underscores as spaces (a few renamed as in pqa-shop,
  e.g. `item_dimensions` → `dimensions`). Bookkeeping keys (`vendor_name`, `number_of_boxes`,
  `website_shipping_weight` …) are dropped, and so are {n_drop} keys that contradict the product's own
  evidence or are placeholders (e.g. `num_batteries` listing several battery types at once,
  `number_of_players: string`); the builder lists each with its reason.
- **Titles:** hetPQA has no title field. Each title was written by the kefu team from the names the
  product's own evidence uses (bullet points, descriptions, community answers), e.g. "Hubsan X4
  H107D FPV Quadcopter".
- **Descriptions** are one short sentence written by the kefu team, deliberately without
  specifications, so that the attributes are the only source of answers.
- **Prices** are set by the team (none of these ASINs has a `list_price` in the data). No variants.
- SKUs `{prefix}-0001` … are in data order; the notes in `../pqa2-turns.jsonl` give each question's ASIN.
- `shop.toml`, `faq.md` and `policies/returns.md` are generic, written by the team.
"""


def build(data, out, rows, attrs, asins, questions):
    shop = out / SHOP_ID
    (shop / "policies").mkdir(parents=True, exist_ok=True)
    missing = [a for a in asins if a not in PRODUCTS]
    if missing:
        sys.exit(f"no title/price for selected ASINs {missing}")
    products, by_asin = [], {}
    for n, asin in enumerate(asins, 1):
        title, price, desc, tags = PRODUCTS[asin]
        sku = f"{SKU_PREFIX}-{n:04d}"
        a = {PQA_KEY_NAMES.get(k, k.replace("_", " ")): render(attrs[asin][k]) for k in catalogue_keys(asin, attrs)}
        products.append({"sku": sku, "title": title, "description": desc, "price": price, "currency": "USD",
                         "attributes": a, "variants": [],
                         "url": f"https://{SHOP_ID}.example.com/products/{slug(title)}", "tags": tags})
        by_asin[asin] = sku
    write_jsonl(shop / "products.jsonl", products)
    (shop / "shop.toml").write_text(SHOP_TOML.format(
        name=SHOP_NAME, tz="America/Chicago", window=30, email=f"help@{SHOP_ID}.example.com"), encoding="utf-8")
    (shop / "faq.md").write_text(PQA_FAQ, encoding="utf-8")
    (shop / "policies" / "returns.md").write_text(PQA_RETURNS, encoding="utf-8")
    shutil.copyfile(data / "LICENSE", shop / "LICENSE")
    used_drops = sum(len(v) for a, v in DROPPED.items() if a in asins)
    (shop / "README.md").write_text(SHOP_README.format(
        n=len(asins), prefix=SKU_PREFIX, n_excl=len(EXCLUDED), n_drop=used_drops), encoding="utf-8")

    tr = read_translations(HERE / "pqa2-translations.tsv")
    cases = []
    for n, (asin, q, key, where) in enumerate(questions, 1):
        qid = f"q{n:02d}"
        fq, facts = FACTS[asin]
        if fq != q:
            sys.exit(f"FACTS[{asin}] is for {fq!r}, the rule chose {q!r}")
        if tr.get((qid, "en")) != q:
            sys.exit(f"pqa2-translations.tsv {qid} en is {tr.get((qid, 'en'))!r}, the data says {q!r}")
        sku = by_asin[asin]
        for lang in LANGS:
            text = tr.get((qid, lang))
            if text is None:
                sys.exit(f"pqa2-translations.tsv lacks {qid} {lang}")
            c = {"id": f"pqa2-{qid}-{lang}", "shop": SHOP_ID, "language": lang, "translated": lang != "en",
                 "note": (f"amazon_pqa hetPQA question about ASIN {asin}, asked on the product page"
                          if lang == "en" else TRANSLATION_NOTE),
                 "turns": [{"text": text, "context": {"product": sku},
                            "expect": {"outcome": "answer", "intent": "product_question", "product": sku, "facts": facts}}]}
            cases.append(c)
    extra = {k for k in tr if int(k[0][1:]) > len(questions)}
    if extra:
        sys.exit(f"pqa2-translations.tsv has rows for questions not chosen: {sorted(extra)}")
    # translations are ordered by language like pqa-turns.jsonl's: all of q01, then q02 ...
    write_jsonl(out / "pqa2-turns.jsonl", cases)


def check(out, expected_turns):
    products, errors = check_shop(out / SHOP_ID)
    titles = [p["title"] for p in products.values()]
    if len(set(titles)) != len(titles):
        errors.append("duplicate titles")
    ids, by_lang, texts, n_turns = set(), {}, set(), 0
    for n, line in enumerate((out / "pqa2-turns.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        where = f"pqa2-turns.jsonl:{n}"
        c = json.loads(line)
        if set(c) - {"id", "shop", "language", "translated", "note", "turns"}:
            errors.append(f"{where}: unknown case field")
        if not ID_RE.match(c["id"]) or c["id"] in ids or not re.match(r"^pqa2-q\d\d-[a-z]{2}$", c["id"]):
            errors.append(f"{where}: bad or duplicate id {c['id']}")
        ids.add(c["id"])
        if c["id"].rsplit("-", 1)[1] != c["language"]:
            errors.append(f"{where}: id and language differ")
        if c["shop"] != SHOP_ID or c["language"] not in LANGS or c["translated"] != (c["language"] != "en"):
            errors.append(f"{where}: bad shop/language/translated")
        if c["translated"] and c.get("note") != TRANSLATION_NOTE:
            errors.append(f"{where}: translation without the translation note")
        by_lang[c["language"]] = by_lang.get(c["language"], 0) + len(c["turns"])
        for t in c["turns"]:
            n_turns += 1
            if (c["language"], t["text"]) in texts:
                errors.append(f"{where}: same text twice in {c['language']}")
            texts.add((c["language"], t["text"]))
            e = t["expect"]
            if e.get("outcome") != "answer" or e.get("intent") != "product_question":
                errors.append(f"{where}: expect")
            ctx = t.get("context", {}).get("product")
            if ctx not in products or ctx != e.get("product"):
                errors.append(f"{where}: context product {ctx} / expect product {e.get('product')}")
                continue
            if not e.get("facts"):
                errors.append(f"{where}: no facts")
            for f in e.get("facts", []):
                if not any(f in str(v) for v in products[ctx]["attributes"].values()):
                    errors.append(f"{where}: fact {f!r} not in an attribute value of {ctx}")
    if n_turns != expected_turns:
        errors.append(f"{n_turns} turns, expected {expected_turns}")
    for p in [out / SHOP_ID / f for f in ("products.jsonl", "README.md", "shop.toml", "faq.md")] + [out / "pqa2-turns.jsonl"]:
        if re.search(r"/(work|tmp|home|root)/", p.read_text(encoding="utf-8")):
            errors.append(f"{p.name}: contains a local path")
    return errors, dict(sorted(by_lang.items(), key=lambda kv: LANGS.index(kv[0]))), n_turns


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "amazon_pqa", help="the amazon_pqa folder (with hetPQA/ and LICENSE); default ../shared/data/amazon_pqa")
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--list", action="store_true", help="print the selection and stop")
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args()
    if not args.check_only:
        if args.data is None:
            sys.exit("--data is required (the amazon_pqa folder)")
        rows, attrs = load(args.data)
        asins = select_products(rows, attrs)
        questions = select_questions(rows, attrs, asins)
        if args.list:
            for n, a in enumerate(asins, 1):
                print(f"{SKU_PREFIX}-{n:04d}", a, PRODUCTS.get(a, ("?",))[0])
            for n, (a, q, k, where) in enumerate(questions, 1):
                print(f"q{n:02d}", a, where, repr(q), k, "=", render(attrs[a][k])[:100])
            return
        if len(asins) != N_PRODUCTS or len(questions) != N_QUESTIONS:
            sys.exit(f"selection gave {len(asins)} products and {len(questions)} questions")
        args.out.mkdir(parents=True, exist_ok=True)
        build(args.data, args.out, rows, attrs, asins, questions)
    errors, by_lang, n = check(args.out, N_QUESTIONS * len(LANGS))
    for e in errors:
        print("ERROR", e)
    print("pqa2-turns.jsonl", n, "turns")
    print("  by language:", by_lang)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
