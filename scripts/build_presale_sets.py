#!/usr/bin/env python3
"""Build the pre-sale product-question development sets under knowledge/eval/presale/.

    python3 scripts/build_presale_sets.py [--data ../shared/data/amazon_pqa] [--check-only]

Writes:
  knowledge/eval/presale/pqa-shop/          a shop built from amazon_pqa hetPQA attributes (CDLA-Sharing-1.0)
  knowledge/eval/presale/pqa-turns.jsonl    real amazon_pqa buyer questions (+ kefu-team translations)
  knowledge/eval/presale/variants-shop/     a kefu-team retail shop with many variant options
  knowledge/eval/presale/variants-turns.jsonl
and then checks every case against its shop's products.jsonl.

--data is the amazon_pqa folder; by default it is looked for beside the repository
(../shared/data/amazon_pqa relative to the repository root). Nothing else outside the
repository is read. Standard library only.
"""
import argparse
import csv
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "knowledge" / "eval" / "presale"
TRANSLATION_NOTE = "machine translation by the kefu team of an amazon_pqa question"
LANGS = ["en", "es", "pt", "fr", "de", "ru", "zh", "ja", "ar", "ko", "tr", "it"]

# --------------------------------------------------------------------------------------------
# amazon_pqa attribute strings: 'key:  { a:b, c:[ { .. } ] }; { .. }'
# --------------------------------------------------------------------------------------------

class _P:
    def __init__(self, s):
        self.s, self.i = s, 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1

    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            d = {}
            while True:
                self.ws()
                if self.s[self.i] == "}":
                    self.i += 1
                    return d
                k = re.match(r"[A-Za-z_0-9]+", self.s[self.i:]).group(0)
                self.i += len(k)
                self.ws()
                assert self.s[self.i] == ":"
                self.i += 1
                d[k] = self.value()
                self.ws()
                if self.s[self.i] == ",":
                    self.i += 1
        if c == "[":
            self.i += 1
            out = []
            while True:
                self.ws()
                if self.s[self.i] == "]":
                    self.i += 1
                    return out
                out.append(self.value())
                self.ws()
                if self.s[self.i] == ",":
                    self.i += 1
        if c == '"':
            j, out = self.i + 1, ""
            while self.s[j] != '"':
                if self.s[j] == "\\":
                    out += self.s[j + 1]
                    j += 2
                else:
                    out += self.s[j]
                    j += 1
            self.i = j + 1
            return out
        v = re.match(r"[^,}\]\s;]+", self.s[self.i:]).group(0)
        self.i += len(v)
        return v


def parse_attr(s):
    key, rest = s.split(":", 1)
    p = _P(rest)
    items = []
    while True:
        p.ws()
        if p.i >= len(p.s):
            break
        items.append(p.value())
        p.ws()
        if p.i < len(p.s) and p.s[p.i] == ";":
            p.i += 1
    return key.strip(), items


def num(v):
    v = str(v)
    return v[:-1] if v.endswith(".") else v


UNITS = {"milliampere_hour": "mAh"}


def unit(u):
    return UNITS.get(u, u.replace("_", " "))


def enum(v):
    v = str(v).strip("'")
    return {"true": "yes", "false": "no"}.get(v, v.replace("_", " ") if " " not in v and "_" in v else v)


def render_one(d):
    """One parsed item -> the catalogue text. String values are kept exactly as the data writes them."""
    if isinstance(d, str):
        return enum(d)
    if isinstance(d, list):
        return ", ".join(render_one(x) for x in d)
    if {"width", "length", "height"} <= d.keys():
        u = d["length"]["unit"]
        return f'{num(d["length"]["value"])} x {num(d["width"]["value"])} x {num(d["height"]["value"])} {unit(u)} (L x W x H)'
    if "quantity" in d and "type" in d:
        return f'{d["quantity"]} {enum(d["type"])}'
    if "value" in d and "unit" in d:
        s = f'{num(d["value"])} {unit(d["unit"])}'
        n = d.get("normalized_value")
        if isinstance(n, dict) and n.get("unit") != d["unit"]:
            s += f' ({num(n["value"])} {unit(n["unit"])})'
        return s
    if "value" in d:
        return enum(d["value"])
    if "maximum" in d:
        return "maximum " + render_one(d["maximum"])
    if "currency" in d:
        return f'{d["value"]} {d["currency"].upper()}'
    parts = []
    for k, v in d.items():
        if k == "gauge":
            parts.append(render_one(v) + " gauge")
        elif k == "weight":
            parts.append(render_one(v) + " (cell weight)")
        elif k == "average_life":
            parts.append(render_one(v) + " average life")
        else:
            parts.append(render_one(v))
    return ", ".join(parts)


def render(items, sep=", "):
    if items and isinstance(items[0], dict) and "quantity" in items[0]:
        sep = "; "
    seen, out = set(), []
    for it in items:
        r = render_one(it)
        if r not in seen:
            seen.add(r)
            out.append(r)
    return sep.join(out)


# catalogue names for amazon_pqa attribute keys (a key not listed: underscores become spaces)
PQA_KEY_NAMES = {
    "item_dimensions": "dimensions",
    "item_weight": "item weight",
    "item_package_weight": "package weight (shipping)",
    "age_range_description": "age range",
    "included_components": "included components",
    "num_batteries": "batteries",
    "number_of_batteries": "number of batteries",
    "battery": "battery",
    "brake_style": "brake style",
    "compatible_phone_models": "compatible models",
    "compatible_devices": "compatible devices",
    "gps_navigation": "gps",
    "weight_capacity": "weight capacity",
    "maximum_range": "maximum range",
    "hardware_platform": "platform",
    "string": "strings",
    "top": "top material",
    "back": "back material",
    "body": "body material",
}

# --------------------------------------------------------------------------------------------
# pqa-shop: products picked from hetPQA (toys and games). amazon_pqa has no product titles:
# each title is written from the names the product's own evidence text uses (bullets,
# descriptions, attribute values). Prices are the data's list_price where it has one, otherwise
# set by the team. Attributes are the data's, for the keys listed, rendered by render().
# (asin, title, price, [attribute keys], description, tags, variants: (option key, [(value, available)]))
# --------------------------------------------------------------------------------------------
PQA_PRODUCTS = [
    ("B0084JUNXS", "Crayola Light-Up Tracing Pad, Blue", 19.99,
     ["color", "included_components", "battery", "batteries_included"],
     "Light-up tracing pad for drawing and tracing pictures.", ["drawing", "tracing", "crayola"], None),
    ("B00F4WMAI4", "Syma S107G 3.5 Channel RC Helicopter with Gyro", 24.99,
     ["brand", "size", "number_of_channels", "includes_remote", "included_components", "maximum_range", "batteries_included"],
     "Mini remote-control helicopter with gyro stabilisation.", ["rc", "helicopter", "syma"],
     ("Color", [("Blue", True), ("Red", True)])),
    ("B00DMC6KAC", "Rainbow Loom Crafting Kit with Metal Hook and Mini Loom", 16.99,
     ["skill_level", "included_components", "material", "fabric_type", "target_gender"],
     "Loom kit for making rubber-band bracelets and charms.", ["craft", "loom", "bracelets"], None),
    ("B0037U35SO", "7.2V 3000mAh NiMH Rechargeable RC Battery Pack", 22.50,
     ["battery", "reusability", "item_weight", "compatible_devices"],
     "Rechargeable battery pack for radio-controlled cars and trucks.", ["rc", "battery"], None),
    ("B000FH18FY", "Schwinn Roadster Kids' Tricycle", 99.99,
     ["brand", "brake_style", "tire", "item_dimensions", "item_package_weight"],
     "Retro-style kids' tricycle with cruiser handlebars and a bell.", ["tricycle", "schwinn", "ride-on"], None),
    ("B003UNWV60", "Disney Toy Story Talking Buzz Lightyear Figure, 12 inch", 34.99,
     ["brand", "size", "item_dimensions", "material", "language", "batteries_included"],
     "Talking Buzz Lightyear action figure.", ["toy story", "buzz lightyear", "action figure"], None),
    ("B004A2QTRC", "Kids' Wooden Play Kitchen, 33 inch", 146.93,
     ["material", "size", "item_weight", "item_package_weight"],
     "Pretend-play kitchen for children.", ["play kitchen", "pretend play"], None),
    ("B00592BOAO", "KidKraft Espresso Play Kitchen", 129.99,
     ["material", "item_dimensions", "size", "batteries_required"],
     "Pretend-play kitchen in an espresso finish with clicking knobs.", ["play kitchen", "kidkraft", "pretend play"], None),
    ("B004V3PS72", "Dyson Ball Toy Vacuum with Real Suction and Sounds", 39.99,
     ["age_range_description", "included_components", "batteries_included"],
     "Scaled-down toy replica of a Dyson Ball vacuum.", ["toy vacuum", "pretend play", "dyson"], None),
    ("B000068CKY", "Melissa & Doug Wooden Building Blocks Set, 100 Blocks", 29.99,
     ["brand", "size", "included_components", "age_range_description", "item_dimensions"],
     "Classic set of colourful wooden building blocks.", ["blocks", "melissa & doug", "building"], None),
    ("B00BU3ZLJQ", "Minecraft: Xbox 360 Edition", 19.99,
     ["platform", "hardware_platform", "format", "number_of_discs"],
     "Minecraft for the Xbox 360 console.", ["video game", "minecraft", "xbox"], None),
    ("B003YCGCKI", "Easton Black Magic Youth Catcher's Gear Set, Ages 9-12", 89.99,
     ["brand", "sport_type", "size", "color", "item_package_weight"],
     "Youth catcher's set: helmet, chest protector and leg guards.", ["baseball", "catcher", "easton"],
     ("Color", [("Royal", True), ("Black", False)])),
    ("B005LAZDMY", "RoyalBaby Freestyle Kids' Bike", 139.99,
     ["brake_style", "age_range_description", "item_weight", "item_dimensions"],
     "Kids' freestyle bike with training wheels (12/14/16 inch) or kickstand (16/18/20 inch).", ["bike", "kids bike", "royalbaby"],
     ("Wheel size", [("12 inch", True), ("14 inch", True), ("16 inch", True), ("18 inch", False), ("20 inch", True)])),
    ("B0072BKZOQ", "Fisher-Price Laugh & Learn Apptivity Case for iPad", 14.99,
     ["compatible_phone_models", "compatible_devices", "target_audience", "size"],
     "Baby-friendly protective case that holds an iPad behind a clear film.", ["ipad case", "baby", "fisher-price"], None),
    ("B005QZLBXO", "Wooden Dollhouse with Furniture", 89.99,
     ["included_components", "age_range_description", "item_dimensions", "item_package_weight"],
     "Wooden dollhouse with moving parts.", ["dollhouse", "pretend play"], None),
    ("B000EULZDM", "Cardinal Mexican Train Domino Game in Aluminum Case", 19.99,
     ["included_components", "number_of_players", "batteries_included"],
     "Mexican Train dominoes in a carry case.", ["dominoes", "mexican train", "game"], None),
    ("B001U0OWTO", "Half-Size Classical Guitar with Nylon Strings", 59.99,
     ["number_of_strings", "string", "top", "back", "body"],
     "Half-size classical guitar for young players.", ["guitar", "classical guitar", "music"], None),
    ("B00CEP8YN4", "Volcano EPX 4WD Electric Monster Truck", 179.99,
     ["material", "tire", "battery", "batteries_included"],
     "4WD electric RC monster truck.", ["rc", "monster truck"], None),
    ("B00ARQW1E0", "Daisy Plays-With-Me Kitty Interactive Toy", 29.99,
     ["age_range_description", "num_batteries", "battery", "batteries_included"],
     "Interactive kitten toy that responds to your child.", ["interactive toy", "kitty"], None),
    ("B00CI6J5JQ", "Crayola Inspiration Art Case, 140 Pieces", 24.99,
     ["included_components", "color"],
     "Art set in a storage case.", ["art set", "crayola", "crayons"], None),
    ("B001W30D2O", "LeapFrog My Pal Scout Learning Puppy", 24.99,
     ["model_year", "num_batteries", "item_dimensions", "target_gender"],
     "Plush learning puppy that can be personalised with your child's name.", ["plush", "leapfrog", "learning toy"], None),
    ("B000GUGY1S", "PlasmaCar Ride-On Toy", 69.99,
     ["color", "material", "item_dimensions", "age_range_description"],
     "Ride-on car powered by steering: no batteries, pedals or gears.", ["ride-on", "plasmacar"],
     ("Color", [("Blue", True), ("Lime Green", False)])),
    ("B005N0AML4", "Portable Electronic Karaoke Keyboard with Microphone", 49.99,
     ["number_of_keys", "item_weight", "item_dimensions", "includes_ac_adapter"],
     "Electronic keyboard with sound effects and a wired microphone.", ["keyboard", "piano", "music"], None),
    ("B0015YT88A", "Deluxe Wooden Play Kitchen, 43 inch", 159.99,
     ["material", "size", "item_dimensions", "item_package_weight"],
     "Large, colourful pretend-play kitchen.", ["play kitchen", "pretend play"], None),
    ("B00000IWD0", "Sorry! Classic Board Game", 16.99,
     ["number_of_players", "age_range_description", "included_components"],
     "The classic family board game of sweet revenge.", ["board game", "sorry", "family game"], None),
    ("B000L8EEPS", "Intex Inflatable Family Pool", 39.99,
     ["brand", "capacity", "voltage", "power_source_type"],
     "Inflatable above-ground family pool.", ["pool", "intex", "summer"], None),
    ("B00000DMCE", "Gears! Gears! Gears! Beginner Building Set", 34.99,
     ["included_components", "age_range_description", "batteries_required"],
     "Snap-together gear building set.", ["building", "gears", "stem"], None),
    ("B00FW78710", "Mini Quadcopter with Wi-Fi Camera and GPS", 89.99,
     ["skill_level", "gps_navigation", "included_components"],
     "Camera drone with first-person-view streaming to a phone.", ["drone", "quadcopter", "camera"], None),
    ("B00008W72D", "Melissa & Doug Standard Unit Wooden Blocks, 60 Pieces", 49.99,
     ["size", "age_range_description", "is_stain_resistant"],
     "Natural-finish unit blocks in a wooden crate.", ["blocks", "melissa & doug"], None),
    ("B006QKTGL2", "American Mah Jongg Set with Racks", 59.99,
     ["number_of_players", "color", "item_weight"],
     "Full American mah jongg set with racks and pushers.", ["mah jongg", "game", "tiles"], None),
    ("B004M2BINA", "12V Monster Traction Ride-On Truck", 299.00,
     ["num_batteries", "material", "item_package_weight"],
     "Battery-powered ride-on truck for outdoor use.", ["ride-on", "12v", "truck"], None),
    ("B003I86C94", "Light-Up Lightsaber with Metal Hilt", 29.99,
     ["material", "color", "item_dimensions"],
     "Lightsaber with power-up and power-down light effects.", ["lightsaber", "star wars", "role play"], None),
    ("B002F9NH4A", "Construction Worker Dress-Up Set", 24.99,
     ["included_components", "age_range_description", "item_dimensions"],
     "Role-play costume: vest with tool belt and accessories.", ["dress-up", "costume", "role play"], None),
    ("B00BWIRZY8", "Hog Wild Peeramid Bookrest Pillow", 24.99,
     ["brand", "fabric_type", "item_dimensions"],
     "Pyramid-shaped pillow that props a book or tablet for hands-free reading.", ["bookrest", "pillow", "reading"], None),
    ("B001AMO8A0", "Bicycle Standard Playing Cards, 12-Pack", 29.99,
     ["size", "color", "item_dimensions"],
     "Standard decks of playing cards.", ["playing cards", "bicycle", "cards"], None),
    ("B00DSSA54C", "Motorized Mouse Wand Cat Toy", 14.99,
     ["fabric_type", "batteries_required", "battery"],
     "Motorised wand that moves a toy mouse and changes direction, with auto shut-off.", ["cat toy", "pet"], None),
    ("B00D9JGX0U", "Kids' Freestyle BMX Bike, Blue", 159.99,
     ["color", "weight_capacity", "item_package_weight"],
     "Freestyle BMX bike with MX-style handlebar and welded steel frame.", ["bike", "bmx"], None),
    ("B000VO3GPG", "Melissa & Doug Toy Shopping Cart", 49.99,
     ["material", "age_range_description", "item_dimensions"],
     "Child-size shopping cart for pretend play.", ["shopping cart", "melissa & doug", "pretend play"], None),
    ("B002B555QQ", "Playskool Busy Ball Popper", 24.99,
     ["included_components", "num_batteries"],
     "Toddler toy that pops balls into the air with songs and sounds.", ["toddler", "playskool", "ball popper"], None),
    ("1933054395", "Qwirkle Board Game", 24.99,
     ["included_components"],
     "Tile-matching game of shapes and colours.", ["board game", "qwirkle", "family game"], None),
    ("1932855785", "Human Body Anatomy Model, 29 Pieces", 24.99,
     ["included_components", "material"],
     "Clear human body model with removable organs, bones and muscles.", ["anatomy", "science", "stem"], None),
    ("B0012NSMEK", "Farkel Party Dice Game", 19.99,
     ["included_components", "number_of_players", "item_dimensions"],
     "Dice game for parties and families.", ["dice game", "farkel", "party game"], None),
    ("B00068Q7LC", "Toomies Hide & Squeak Eggs", 9.99,
     ["brand", "material", "language"],
     "Six squeaking eggs in a carton for shape sorting.", ["toddler", "shape sorter", "eggs"], None),
    ("B002PEGT9U", "Peg Perego John Deere Ground Force Tractor Ride-On", 349.00,
     ["included_components", "includes_remote", "batteries_included"],
     "Ride-on tractor with 2 speeds plus reverse.", ["ride-on", "john deere", "tractor"], None),
    ("B000V5CXTK", "Kids' Toy Vacuum Cleaner with Attachments", 24.99,
     ["included_components", "age_range_description", "item_dimensions"],
     "Toy vacuum with a removable dustbin.", ["toy vacuum", "pretend play"], None),
    ("B0037UP9MY", "Melissa & Doug Mine to Love Jenna Doll", 19.99,
     ["brand", "material"],
     "Soft baby doll.", ["doll", "melissa & doug"], None),
]

# --------------------------------------------------------------------------------------------
# pqa-turns: real hetPQA questions (English, verbatim) whose answer is one of the product's
# catalogue attributes, asked on the product's page; the other languages are the kefu team's
# machine translations of the same question. facts: substrings of the attribute value.
# (id, asin, facts, {language: text})
# --------------------------------------------------------------------------------------------
PQA_QUESTIONS = [
    ("q01", "B0084JUNXS", ["3 aa"], {
        "en": "what kind of batteries does it require?",
        "es": "¿qué tipo de pilas necesita?",
        "pt": "que tipo de pilha ele precisa?",
        "fr": "quel type de piles faut-il ?",
        "de": "welche Batterien braucht es?",
        "ru": "какие батарейки нужны?",
        "zh": "这个需要什么电池？",
        "ja": "どんな電池が必要ですか？",
        "ar": "ما نوع البطاريات التي يحتاجها؟",
        "ko": "어떤 건전지가 필요한가요?",
        "tr": "ne tür pil gerekiyor?",
        "it": "che tipo di batterie servono?"}),
    ("q02", "B0084JUNXS", ["10 tracing sheets"], {
        "en": "does it come with tracing sheets?",
        "es": "¿viene con hojas para calcar?",
        "pt": "vem com folhas para decalque?",
        "fr": "est-ce qu'il est livré avec des feuilles à calquer ?",
        "de": "sind Pausblätter dabei?",
        "ru": "в комплекте есть листы для обводки?",
        "zh": "有送描图纸吗？",
        "ja": "トレース用の紙は付いていますか？",
        "ar": "هل يأتي مع أوراق للشف؟",
        "ko": "따라 그리기용 종이가 들어 있나요?",
        "tr": "kopya kağıtlarıyla birlikte mi geliyor?",
        "it": "è incluso con fogli da ricalco?"}),
    ("q03", "B00F4WMAI4", ["10 meters"], {
        "en": "how high will it fly?",
        "es": "¿qué tan alto vuela?",
        "pt": "até que altura ele voa?",
        "fr": "il peut voler jusqu'à quelle hauteur ?",
        "de": "wie hoch fliegt er?",
        "ru": "на какую высоту он летает?",
        "zh": "它能飞多高？",
        "ja": "どのくらいの高さまで飛びますか？",
        "ar": "إلى أي ارتفاع يمكن أن تطير؟",
        "ko": "얼마나 높이 날 수 있나요?",
        "tr": "ne kadar yükseğe uçabiliyor?",
        "it": "quanto in alto riesce a volare?"}),
    ("q04", "B00F4WMAI4", ["usb charger"], {
        "en": "how do i charge the helicopter?",
        "es": "¿cómo cargo el helicóptero?",
        "pt": "como eu carrego o helicóptero?",
        "fr": "comment je recharge l'hélicoptère ?",
        "de": "wie lade ich den Hubschrauber auf?",
        "ru": "как заряжать вертолёт?",
        "zh": "直升机怎么充电？",
        "ja": "ヘリコプターはどうやって充電しますか？",
        "ar": "كيف أشحن الهليكوبتر؟",
        "ko": "헬리콥터는 어떻게 충전하나요?",
        "tr": "helikopteri nasıl şarj ederim?",
        "it": "come si ricarica l'elicottero?"}),
    ("q05", "B00DMC6KAC", ["8 years"], {
        "en": "what is the age group for this item?",
        "es": "¿para qué edad es este artículo?",
        "pt": "qual é a faixa etária desse produto?",
        "fr": "c'est pour quelle tranche d'âge ?",
        "de": "für welche Altersgruppe ist das?",
        "ru": "на какой возраст рассчитан этот товар?",
        "zh": "这个适合什么年龄段？",
        "ja": "これは何歳向けですか？",
        "ar": "ما الفئة العمرية لهذا المنتج؟",
        "ko": "이 제품은 몇 살용인가요?",
        "tr": "bu ürün hangi yaş grubu için?",
        "it": "per che fascia d'età è questo articolo?"}),
    ("q06", "B0037U35SO", ["0.8"], {
        "en": "how much does this weigh?",
        "es": "¿cuánto pesa?",
        "pt": "quanto isso pesa?",
        "fr": "combien ça pèse ?",
        "de": "wie viel wiegt das?",
        "ru": "сколько это весит?",
        "zh": "这个有多重？",
        "ja": "重さはどれくらいですか？",
        "ar": "كم يزن هذا؟",
        "ko": "무게가 얼마나 되나요?",
        "tr": "bunun ağırlığı ne kadar?",
        "it": "quanto pesa?"}),
    ("q07", "B000FH18FY", ["coaster"], {
        "en": "does this tricycle have brakes?",
        "es": "¿este triciclo tiene frenos?",
        "pt": "esse triciclo tem freio?",
        "fr": "est-ce que ce tricycle a des freins ?",
        "de": "hat dieses Dreirad Bremsen?",
        "ru": "у этого трёхколёсного велосипеда есть тормоза?",
        "zh": "这辆三轮车有刹车吗？",
        "ja": "この三輪車にブレーキはありますか？",
        "ar": "هل لهذه الدراجة ثلاثية العجلات فرامل؟",
        "ko": "이 세발자전거에 브레이크가 있나요?",
        "tr": "bu üç tekerlekli bisikletin freni var mı?",
        "it": "questo triciclo ha i freni?"}),
    ("q08", "B003UNWV60", ["english"], {
        "en": "does this toy speak spanish??",
        "es": "¿este juguete habla español??",
        "pt": "esse brinquedo fala espanhol??",
        "fr": "est-ce que ce jouet parle espagnol ??",
        "de": "spricht dieses Spielzeug Spanisch??",
        "ru": "эта игрушка говорит по-испански??",
        "zh": "这个玩具会说西班牙语吗？？",
        "ja": "このおもちゃはスペイン語を話しますか？？",
        "ar": "هل تتكلم هذه اللعبة الإسبانية؟؟",
        "ko": "이 장난감 스페인어로 말하나요??",
        "tr": "bu oyuncak İspanyolca konuşuyor mu??",
        "it": "questo giocattolo parla spagnolo??"}),
    ("q09", "B003UNWV60", ["12 inches"], {
        "en": "how tall is it?",
        "es": "¿cuánto mide de alto?",
        "pt": "qual é a altura dele?",
        "fr": "il mesure combien de haut ?",
        "de": "wie groß ist er?",
        "ru": "какой он высоты?",
        "zh": "它有多高？",
        "ja": "高さはどれくらいですか？",
        "ar": "ما طوله؟",
        "ko": "키가 얼마나 되나요?",
        "tr": "boyu ne kadar?",
        "it": "quanto è alto?"}),
    ("q10", "B004A2QTRC", ["35.64"], {
        "en": "how heavy is the kitchen without packaging? description says item weight is 40lbs but shipping weight is 39lbs?",
        "es": "¿cuánto pesa la cocina sin embalaje? la descripción dice que el peso del artículo es 40 lbs pero el peso de envío 39 lbs",
        "pt": "quanto pesa a cozinha sem a embalagem? a descrição diz que o peso do item é 40 lbs mas o peso de envio é 39 lbs?",
        "fr": "combien pèse la cuisine sans l'emballage ? la description dit 40 lbs pour l'article mais 39 lbs pour l'expédition ?",
        "de": "wie schwer ist die Küche ohne Verpackung? In der Beschreibung steht Artikelgewicht 40 lbs, aber Versandgewicht 39 lbs?",
        "ru": "сколько весит кухня без упаковки? в описании вес товара 40 фунтов, а вес при доставке 39 фунтов?",
        "zh": "厨房不含包装有多重？描述里说商品重量40磅，但运输重量是39磅？",
        "ja": "梱包なしでキッチンの重さはどれくらいですか？説明では商品重量40ポンド、配送重量39ポンドとなっていますが？",
        "ar": "كم يزن المطبخ بدون التغليف؟ الوصف يقول إن وزن المنتج 40 رطلاً لكن وزن الشحن 39 رطلاً؟",
        "ko": "포장 없이 주방 놀이 세트 무게가 얼마인가요? 설명에는 상품 무게 40파운드, 배송 무게 39파운드라고 되어 있는데요?",
        "tr": "mutfak ambalajsız ne kadar ağır? açıklamada ürün ağırlığı 40 lbs ama kargo ağırlığı 39 lbs yazıyor?",
        "it": "quanto pesa la cucina senza imballo? la descrizione dice peso articolo 40 lbs ma peso di spedizione 39 lbs?"}),
    ("q11", "B00592BOAO", ["mdf solid wood plastic"], {
        "en": "is it made of wood or is it plastic?",
        "es": "¿es de madera o de plástico?",
        "pt": "é de madeira ou de plástico?",
        "fr": "c'est en bois ou en plastique ?",
        "de": "ist das aus Holz oder aus Plastik?",
        "ru": "она из дерева или из пластика?",
        "zh": "是木头做的还是塑料的？",
        "ja": "木製ですか、それともプラスチックですか？",
        "ar": "هل هو مصنوع من الخشب أم من البلاستيك؟"}),
    ("q12", "B004V3PS72", ["24 months to 60 months"], {
        "en": "for what age child is this appropriate?",
        "es": "¿para niños de qué edad es adecuado?",
        "pt": "é indicado para crianças de que idade?",
        "fr": "c'est adapté à un enfant de quel âge ?",
        "de": "für Kinder welchen Alters ist das geeignet?",
        "ru": "для детей какого возраста это подходит?",
        "zh": "这个适合几岁的孩子？",
        "ja": "何歳の子どもに向いていますか？",
        "ar": "لأي عمر من الأطفال يناسب هذا؟"}),
    ("q13", "B000068CKY", ["100 blocks"], {
        "en": "how many item for 1 set?",
        "es": "¿cuántas piezas trae 1 set?",
        "pt": "quantas peças vêm em 1 conjunto?",
        "fr": "combien de pièces dans 1 set ?",
        "de": "wie viele Teile sind in 1 Set?",
        "ru": "сколько штук в 1 наборе?",
        "zh": "一套有几块？",
        "ja": "1セットに何個入っていますか？",
        "ar": "كم قطعة في المجموعة الواحدة؟"}),
    ("q14", "B00BU3ZLJQ", ["xbox 360"], {
        "en": "can this.be played on 2ds?",
        "es": "¿se puede jugar en 2ds?",
        "pt": "dá pra jogar no 2ds?",
        "fr": "on peut y jouer sur 2ds ?",
        "de": "kann man das auf dem 2DS spielen?",
        "ru": "в это можно играть на 2ds?",
        "zh": "这个能在2DS上玩吗？",
        "ja": "これは2DSで遊べますか？",
        "ar": "هل يمكن تشغيلها على 2ds؟"}),
    ("q15", "B0072BKZOQ", ["ipad air"], {
        "en": "which ipads does it fit?",
        "es": "¿para qué ipads sirve?",
        "pt": "serve em quais ipads?",
        "fr": "il est compatible avec quels ipad ?",
        "de": "für welche iPads passt das?",
        "ru": "на какие ipad подходит?",
        "zh": "适合哪些iPad？",
        "ja": "どのiPadに合いますか？",
        "ar": "ما أجهزة الآيباد التي يناسبها؟"}),
    ("q16", "B005QZLBXO", ["four sets of furniture"], {
        "en": "which accessories come with the house?",
        "es": "¿qué accesorios vienen con la casa?",
        "pt": "quais acessórios vêm com a casinha?",
        "fr": "quels accessoires sont fournis avec la maison ?",
        "de": "welches Zubehör ist beim Haus dabei?",
        "ru": "какие аксессуары идут в комплекте с домиком?",
        "zh": "娃娃屋附带哪些配件？",
        "ja": "ハウスにはどんな付属品が付いてきますか？",
        "ar": "ما الملحقات التي تأتي مع البيت؟"}),
    ("q17", "B000EULZDM", ["score pad"], {
        "en": "does this come with a score pad?",
        "es": "¿viene con libreta para anotar puntos?",
        "pt": "vem com bloco de pontuação?",
        "fr": "est-ce qu'il y a un bloc de score ?",
        "de": "ist ein Punkteblock dabei?",
        "ru": "в комплекте есть блокнот для подсчёта очков?",
        "zh": "有附带计分本吗？",
        "ja": "スコアパッドは付いていますか？",
        "ar": "هل يأتي مع دفتر لتسجيل النقاط؟"}),
    ("q18", "B001U0OWTO", ["nylon strings"], {
        "en": "are the strings nylon?",
        "es": "¿las cuerdas son de nailon?",
        "pt": "as cordas são de náilon?",
        "fr": "les cordes sont en nylon ?",
        "de": "sind die Saiten aus Nylon?",
        "ru": "струны нейлоновые?",
        "zh": "琴弦是尼龙的吗？",
        "ja": "弦はナイロンですか？",
        "ar": "هل الأوتار من النايلون؟"}),
    ("q19", "B00ARQW1E0", ["4 aa"], {
        "en": "what kind of batteries does daisy use?",
        "es": "¿qué pilas usa daisy?",
        "pt": "que pilhas a daisy usa?",
        "fr": "daisy fonctionne avec quelles piles ?",
        "de": "welche Batterien braucht Daisy?",
        "ru": "какие батарейки нужны для daisy?",
        "zh": "daisy用什么电池？",
        "ja": "デイジーはどんな電池を使いますか？",
        "ar": "ما نوع البطاريات التي تستخدمها ديزي؟"}),
    ("q20", "B00CI6J5JQ", ["15 paper sheets"], {
        "en": "does this come with paper?",
        "es": "¿trae papel?",
        "pt": "vem com papel?",
        "fr": "est-ce que du papier est fourni ?",
        "de": "ist Papier dabei?",
        "ru": "бумага в комплекте есть?",
        "zh": "里面有纸吗？",
        "ja": "紙は付いていますか？",
        "ar": "هل يأتي معه ورق؟"}),
    ("q21", "B001W30D2O", ["3 aa", "2 aaa"], {
        "en": "what kind of batteries this uses?",
        "es": "¿qué tipo de pilas usa?",
        "pt": "que tipo de pilha ele usa?",
        "fr": "il utilise quel genre de piles ?",
        "de": "was für Batterien braucht der?",
        "ru": "какие батарейки он использует?",
        "zh": "这个用什么电池？",
        "ja": "どの種類の電池を使いますか？",
        "ar": "ما نوع البطاريات التي يستخدمها؟"}),
    ("q22", "B005N0AML4", ["54"], {
        "en": "it looks like there are 61 keys in the picture.  how many keys are there?",
        "es": "en la foto parece que tiene 61 teclas. ¿cuántas teclas tiene?",
        "pt": "na foto parece que tem 61 teclas. quantas teclas ele tem?",
        "fr": "sur la photo on dirait qu'il y a 61 touches. il y a combien de touches ?",
        "de": "auf dem Bild sieht es nach 61 Tasten aus. Wie viele Tasten hat es?",
        "ru": "на фото вроде 61 клавиша. сколько на самом деле клавиш?",
        "zh": "图片上看好像有61个键，到底有几个键？",
        "ja": "写真だと61鍵に見えますが、鍵盤はいくつありますか？",
        "ar": "يبدو في الصورة أن فيه 61 مفتاحاً. كم عدد المفاتيح؟"}),
    ("q23", "B00000IWD0", ["2-4"], {
        "en": "can this game be played with only two players?",
        "es": "¿se puede jugar con solo dos jugadores?",
        "pt": "dá pra jogar só com dois jogadores?",
        "fr": "peut-on jouer à ce jeu à deux seulement ?",
        "de": "kann man das Spiel auch nur zu zweit spielen?",
        "ru": "в эту игру можно играть вдвоём?",
        "zh": "这个游戏两个人能玩吗？",
        "ja": "このゲームは2人だけでも遊べますか？",
        "ar": "هل يمكن لعب هذه اللعبة بلاعبين اثنين فقط؟"}),
    ("q24", "B000L8EEPS", ["770 liters"], {
        "en": "how many gallons of water fit in the pool?",
        "es": "¿cuántos galones de agua le caben a la piscina?",
        "pt": "quantos galões de água cabem na piscina?",
        "fr": "combien de gallons d'eau contient la piscine ?",
        "de": "wie viele Gallonen Wasser passen in den Pool?",
        "ru": "сколько галлонов воды вмещает бассейн?",
        "zh": "这个泳池能装多少加仑水？",
        "ja": "プールには何ガロンの水が入りますか？",
        "ar": "كم غالوناً من الماء يتسع المسبح؟"}),
    ("q25", "B00FW78710", ["intermediate"], {
        "en": "is this quad recommended for first time users?",
        "es": "¿este dron se recomienda para principiantes?",
        "pt": "esse drone é recomendado para quem nunca pilotou?",
        "fr": "ce quadricoptère est-il conseillé pour un débutant ?",
        "de": "ist der Quadcopter für Anfänger zu empfehlen?",
        "ru": "этот квадрокоптер подходит новичкам?",
        "zh": "这款四轴飞行器适合新手吗？",
        "ja": "このドローンは初めての人にもおすすめですか？",
        "ar": "هل يُنصح بهذه الطائرة لمن يستخدمها لأول مرة؟"}),
    ("q26", "B006QKTGL2", ["burgundy"], {
        "en": "what is color of the back of these tiles?",
        "es": "¿de qué color es la parte de atrás de las fichas?",
        "pt": "qual a cor do verso dessas peças?",
        "fr": "de quelle couleur est le dos des tuiles ?",
        "de": "welche Farbe hat die Rückseite der Steine?",
        "ru": "какого цвета обратная сторона костей?",
        "zh": "这些牌的背面是什么颜色？",
        "ja": "牌の裏は何色ですか？",
        "ar": "ما لون ظهر هذه القطع؟"}),
    ("q27", "B00BWIRZY8", ["micro-fiber"], {
        "en": "what is the material like? is it suede or more of a cotton feel?",
        "es": "¿cómo es el material? ¿es como gamuza o más tipo algodón?",
        "pt": "como é o tecido? é tipo camurça ou mais parecido com algodão?",
        "fr": "c'est quoi comme matière ? plutôt suédine ou plutôt coton ?",
        "de": "wie ist das Material? eher wie Wildleder oder eher wie Baumwolle?",
        "ru": "какой материал? как замша или больше как хлопок?",
        "zh": "面料是什么样的？是麂皮的还是更像棉的手感？",
        "ja": "素材はどんな感じですか？スエード調ですか、それとも綿っぽいですか？",
        "ar": "كيف هي الخامة؟ هل هي شمواه أم أقرب إلى ملمس القطن؟"}),
    ("q28", "B00D9JGX0U", ["160"], {
        "en": "what is the weight limit for the rider?",
        "es": "¿cuál es el peso máximo del ciclista?",
        "pt": "qual é o peso máximo do ciclista?",
        "fr": "quel est le poids maximum du cycliste ?",
        "de": "wie schwer darf der Fahrer maximal sein?",
        "ru": "какой максимальный вес велосипедиста?",
        "zh": "骑车人的体重上限是多少？",
        "ja": "乗る人の体重制限は何ですか？",
        "ar": "ما الحد الأقصى لوزن الراكب؟"}),
    ("q29", "B000VO3GPG", ["metal"], {
        "en": "what is the cart made out of?",
        "es": "¿de qué material es el carrito?",
        "pt": "o carrinho é feito de quê?",
        "fr": "le chariot est fait en quoi ?",
        "de": "woraus ist der Einkaufswagen?",
        "ru": "из чего сделана тележка?",
        "zh": "这个购物车是什么材质的？",
        "ja": "カートは何でできていますか？",
        "ar": "مم صُنعت العربة؟"}),
    ("q30", "B002B555QQ", ["five balls"], {
        "en": "does this come with balls?",
        "es": "¿viene con pelotas?",
        "pt": "vem com bolinhas?",
        "fr": "les balles sont fournies ?",
        "de": "sind Bälle dabei?",
        "ru": "мячики идут в комплекте?",
        "zh": "有送球吗？",
        "ja": "ボールは付いていますか？",
        "ar": "هل يأتي مع كرات؟"}),
]

# Attributes the catalogue does NOT give for the product: the listing cannot answer, a person
# checks. English ones are hetPQA questions verbatim; others are the team's translations of one.
# (id, asin, language, text, english original)
PQA_HANDOFF = [
    ("h01", "B004V3PS72", "en", "what country was this made in?", None),
    ("h02", "B000068CKY", "es", "¿de qué tipo de madera están hechos?", "what kind of wood are they made from?"),
    ("h03", "B00592BOAO", "fr", "combien de temps faut-il pour la monter ?", "how long does it take to assemble?"),
    ("h04", "B00F4WMAI4", "de", "wie lange hält der Akku?", "how long is battery life?"),
    ("h05", "B004V3PS72", "ru", "этот пылесос не царапает паркет?", "does this vacuum sratch hard wood floors?"),
    ("h06", "B0084JUNXS", "zh", "这个能放进14-15寸的邮差包吗？", "can this fit in a 14-15 inch messenger bag?"),
    ("h07", "B00CEP8YN4", "ja", "これ、ホースで水洗いしても大丈夫ですか？", "can you clean\\rinse this off with a hose?"),
    ("h08", "B000L8EEPS", "ar", "هل يوجد في هذا المسبح فتحة تصريف؟", "does this have a drain?"),
    ("h09", "B001U0OWTO", "pt", "esse violão tem pino para alça?", "does this guitar have a strap button?"),
    ("h10", "B00BWIRZY8", "en", "do these have pockets on them?", None),
    ("h11", "B000FH18FY", "ko", "안장 높이 조절되나요?", "is the seat adjustable?"),
    ("h12", "B003UNWV60", "it", "il casco si apre e si chiude?", "does the helmet open and close?"),
    ("h13", "B000FH18FY", "tr", "üç teker montajlı mı geliyor?", "does the trike come assembled?"),
    ("h14", "B00CEP8YN4", "en", "is the motor brushless?", None),
]

# No page context: the buyer names the product. (id, asin, language, text, facts, translated)
PQA_NAMED = [
    ("n01", "B000FH18FY", "en", "does the schwinn roadster tricycle have brakes?", ["coaster"], False),
    ("n02", "B00DMC6KAC", "en", "is the rainbow loom kit easy enough for a five year old?", ["8 years"], False),
    ("n03", "B003UNWV60", "es", "¿el Buzz Lightyear que habla viene en español?", ["english"], True),
    ("n04", "B001U0OWTO", "pt", "o violão clássico meia-medida tem cordas de náilon?", ["nylon strings"], True),
    ("n05", "B000L8EEPS", "de", "Wie viel Wasser passt in den Intex Pool?", ["770 liters"], True),
    ("n06", "B00000IWD0", "zh", "Sorry!桌游几个人可以玩？", ["2-4"], True),
    ("n07", "B0084JUNXS", "fr", "la tablette lumineuse Crayola fonctionne avec quelles piles ?", ["3 aa"], True),
    ("n08", "B00BWIRZY8", "ja", "Hog Wild の Peeramid ブックレストの素材は何ですか？", ["micro-fiber"], True),
    ("n09", "B00D9JGX0U", "ru", "какой максимальный вес райдера у детского BMX велосипеда?", ["160"], True),
    ("n10", "B0072BKZOQ", "ar", "حافظة Fisher-Price للآيباد تناسب أي موديل؟", ["ipad air"], True),
]

# --------------------------------------------------------------------------------------------
# variants-shop: written by the kefu team (outdoor, sports, apparel and electronics).
# (sku, title, base price, description, attributes, option axes [(key, [values])],
#  price overrides {option value: price}, sold out [tuple of option values], tags)
# --------------------------------------------------------------------------------------------
APPAREL = ["S", "M", "L", "XL"]
SHOES = [str(n) for n in range(38, 47)]
VARIANT_PRODUCTS = [
    ("RDG-101", "Stormline Rain Jacket", 59.90, "Waterproof, breathable 2.5-layer shell with a packable hood.",
     {"Material": "100% recycled nylon, PU membrane", "Waterproof rating": "10,000 mm", "Fit": "Regular"},
     [("Color", ["Black", "Navy", "Red"]), ("Size", APPAREL)], {}, [("Red", "XL"), ("Navy", "S")], ["rain jacket", "shell", "waterproof"]),
    ("RDG-102", "Summit Down Jacket", 129.00, "Warm 650-fill down puffer for cold, dry days.",
     {"Fill": "650 fill power duck down", "Weight": "480 g (size M)"},
     [("Color", ["Black", "Olive"]), ("Size", APPAREL + ["XXL"])], {"XXL": 139.00}, [("Olive", "L")], ["down jacket", "puffer"]),
    ("RDG-103", "Trailrunner GTX Trail Running Shoes", 89.90, "Grippy, waterproof trail shoes with a rock plate.",
     {"Drop": "8 mm", "Upper": "Mesh with waterproof membrane", "Sizing": "EU sizes; true to size"},
     [("Color", ["Grey/Orange", "Black"]), ("Size", SHOES)], {}, [("Black", "46"), ("Grey/Orange", "42")], ["trail shoes", "running shoes"]),
    ("RDG-104", "Alpine Leather Hiking Boots", 139.90, "Mid-cut full-grain leather boots for long days on rough trails.",
     {"Upper": "Full-grain leather", "Sole": "Vibram rubber", "Sizing": "EU sizes; half a size large"},
     [("Color", ["Brown"]), ("Size", [str(n) for n in range(39, 47)])], {}, [("Brown", "45")], ["hiking boots", "boots"]),
    ("RDG-105", "Merino Crew Socks, 2-Pack", 18.50, "Cushioned merino wool hiking socks.",
     {"Material": "68% merino wool, 29% nylon, 3% elastane"},
     [("Color", ["Charcoal", "Forest Green"]), ("Size", ["S (36-38)", "M (39-42)", "L (43-46)"])], {}, [("Forest Green", "L (43-46)")], ["socks", "merino"]),
    ("RDG-106", "VoltPack Power Bank", 24.90, "USB-C PD power bank with two outputs.",
     {"Output": "USB-C PD 20 W + USB-A 18 W", "Input": "USB-C"},
     [("Capacity", ["10000mAh", "20000mAh", "26800mAh"]), ("Color", ["Black", "White"])],
     {"20000mAh": 39.90, "26800mAh": 54.90}, [("26800mAh", "White")], ["power bank", "battery pack", "charger"]),
    ("RDG-107", "Nimbus ANC Wireless Headphones", 119.00, "Over-ear Bluetooth headphones with active noise cancelling.",
     {"Battery life": "Up to 35 hours (ANC on)", "Bluetooth": "5.3"},
     [("Color", ["Black", "Silver", "Red"])], {}, [("Red",)], ["headphones", "bluetooth", "noise cancelling"]),
    ("RDG-108", "Pocket X5 Smartphone", 249.00, "6.1-inch unlocked smartphone with dual SIM.",
     {"Screen": "6.1\" OLED", "Network": "Unlocked, dual SIM, 5G"},
     [("Storage", ["64GB", "128GB", "256GB"]), ("Color", ["Midnight Black", "Ocean Blue"])],
     {"128GB": 289.00, "256GB": 349.00}, [("256GB", "Ocean Blue")], ["smartphone", "phone", "mobile"]),
    ("RDG-109", "TabOne 10 Tablet", 199.00, "10.1-inch Android tablet.",
     {"Screen": "10.1\" IPS, 1920x1200", "RAM": "4 GB"},
     [("Storage", ["64GB", "128GB"]), ("Color", ["Space Grey"])], {"128GB": 239.00}, [("128GB", "Space Grey")], ["tablet", "android"]),
    ("RDG-110", "BraidLink USB-C to USB-C Cable", 9.90, "Braided 60 W charging and data cable.",
     {"Power": "60 W", "Data": "USB 2.0, 480 Mbps"},
     [("Length", ["1 m", "2 m", "3 m"])], {"2 m": 12.90, "3 m": 14.90}, [("3 m",)], ["cable", "usb-c", "charging cable"]),
    ("RDG-111", "TrailCam 4K Action Camera", 149.00, "4K60 action camera, waterproof to 10 m without a case.",
     {"Video": "4K at 60 fps", "Waterproof": "10 m"}, [], {}, [], ["action camera", "camera"]),
    ("RDG-112", "Ridgeline 28L Daypack", 69.00, "Everyday hiking daypack with hip belt and rain cover.",
     {"Volume": "28 L", "Weight": "850 g"},
     [("Color", ["Black", "Slate Blue", "Orange"])], {}, [("Orange",)], ["backpack", "daypack"]),
    ("RDG-113", "Expedition Trekking Backpack", 129.00, "Adjustable-back trekking pack.",
     {"Back length": "Adjustable, 42-52 cm"},
     [("Capacity", ["45L", "60L"]), ("Color", ["Black", "Green"])], {"60L": 149.00}, [("45L", "Green")], ["backpack", "trekking pack"]),
    ("RDG-114", "Dome Backpacking Tent", 149.00, "Freestanding three-season dome tent.",
     {"Seasons": "3-season", "Poles": "Aluminium"},
     [("Capacity", ["2-person", "3-person"])], {"3-person": 189.00}, [("3-person",)], ["tent", "camping"]),
    ("RDG-115", "Featherlite Sleeping Bag", 99.00, "Synthetic mummy bag, comfort rating 5 °C.",
     {"Comfort temperature": "5 °C", "Fill": "Synthetic"},
     [("Size", ["Regular", "Long"])], {"Long": 109.00}, [], ["sleeping bag", "camping"]),
    ("RDG-116", "Insulated Steel Water Bottle", 19.90, "Double-wall vacuum bottle: cold 24 h, hot 12 h.",
     {"Material": "18/8 stainless steel", "BPA free": "Yes"},
     [("Capacity", ["500 ml", "750 ml", "1 L"]), ("Color", ["Matte Black", "Arctic White", "Sage"])],
     {"750 ml": 24.90, "1 L": 29.90}, [("1 L", "Sage"), ("500 ml", "Arctic White")], ["water bottle", "bottle", "flask"]),
    ("RDG-117", "Carbon Trekking Poles (Pair)", 79.00, "Three-section carbon poles with cork grips.",
     {"Length": "Adjustable 110-135 cm", "Weight": "420 g per pair"}, [], {}, [], ["trekking poles", "hiking poles"]),
    ("RDG-118", "Cozy Donut Pet Bed", 29.90, "Round plush calming bed for dogs and cats; machine washable.",
     {"Material": "Faux fur, polyester filling"},
     [("Size", ["Small", "Medium", "Large", "X-Large"]), ("Color", ["Beige", "Grey"])],
     {"Medium": 39.90, "Large": 49.90, "X-Large": 59.90}, [("Large", "Grey"), ("X-Large", "Beige")], ["pet bed", "dog bed", "cat bed"]),
    ("RDG-119", "ProGrip Yoga Mat", 34.90, "Non-slip TPE yoga mat with alignment lines.",
     {"Material": "TPE", "Dimensions": "183 x 61 cm"},
     [("Color", ["Purple", "Teal", "Black"]), ("Thickness", ["4 mm", "6 mm"])], {"6 mm": 39.90}, [("Teal", "6 mm")], ["yoga mat", "fitness"]),
    ("RDG-120", "Performance Running Tee", 24.90, "Lightweight quick-dry running T-shirt.",
     {"Material": "100% recycled polyester"},
     [("Color", ["White", "Black", "Royal Blue"]), ("Size", ["XS"] + APPAREL)], {}, [("Royal Blue", "XS"), ("Royal Blue", "XL"), ("White", "M")], ["t-shirt", "running", "tee"]),
    ("RDG-121", "Stretch Hiking Pants", 64.90, "Four-way stretch softshell trousers with zip pockets.",
     {"Material": "88% nylon, 12% elastane", "Inseam": "32\" (81 cm)"},
     [("Color", ["Khaki", "Charcoal"]), ("Size", APPAREL)], {}, [("Khaki", "S")], ["hiking pants", "trousers"]),
    ("RDG-122", "SmartFit GPS Fitness Watch", 129.00, "GPS sports watch with heart-rate and sleep tracking.",
     {"Battery life": "Up to 12 days", "Water resistance": "5 ATM"},
     [("Color", ["Black", "Rose Gold"]), ("Band size", ["S/M", "M/L"])], {}, [("Rose Gold", "M/L")], ["smartwatch", "fitness watch", "gps watch"]),
    ("RDG-123", "Beam 400 Rechargeable Headlamp", 29.90, "400-lumen USB-C rechargeable headlamp with red light.",
     {"Brightness": "400 lumens", "Water resistance": "IPX4"}, [], {}, [], ["headlamp", "torch"]),
    ("RDG-124", "Solar Camping Lantern", 34.50, "Collapsible lantern charged by sun or USB.",
     {"Brightness": "150 lumens", "Charging": "Solar panel or USB"}, [], {}, [], ["lantern", "camping light"]),
    ("RDG-125", "Bluetooth Bike Speaker", 39.90, "Handlebar-mount splash-proof speaker.",
     {"Water resistance": "IPX5", "Battery life": "10 hours"},
     [("Color", ["Black", "Orange"])], {}, [], ["speaker", "bluetooth", "bike"]),
    ("RDG-126", "ProSpeed microSD Card", 12.90, "A2 V30 microSDXC card with SD adapter.",
     {"Speed": "Up to 170 MB/s read"},
     [("Storage", ["64GB", "128GB", "256GB"])], {"128GB": 19.90, "256GB": 34.90}, [("256GB",)], ["memory card", "microsd", "sd card"]),
    ("RDG-127", "Kids' Rain Boots", 29.90, "Natural rubber wellies with easy pull handles.",
     {"Material": "Natural rubber", "Sizing": "EU sizes"},
     [("Color", ["Yellow", "Blue"]), ("Size", ["24", "26", "28", "30", "32"])], {}, [("Yellow", "28")], ["rain boots", "wellies", "kids"]),
    ("RDG-128", "Aero Cycling Helmet", 69.90, "In-mould road and gravel helmet with dial fit.",
     {"Certification": "EN 1078, CPSC"},
     [("Color", ["Matte Black", "White"]), ("Size", ["S (51-55 cm)", "M (55-59 cm)", "L (59-63 cm)"])], {}, [("White", "L (59-63 cm)")], ["helmet", "cycling"]),
    ("RDG-129", "Lite Wireless Earbuds", 49.90, "True wireless earbuds with charging case.",
     {"Battery life": "6 h + 24 h with case", "Water resistance": "IPX4"},
     [("Color", ["White", "Black"])], {}, [("Black",)], ["earbuds", "bluetooth", "headphones"]),
    ("RDG-130", "Polar Fleece Quarter-Zip", 44.90, "Midweight fleece pullover.",
     {"Material": "100% polyester fleece, 280 g/m²"},
     [("Color", ["Heather Grey", "Navy"]), ("Size", APPAREL)], {}, [("Navy", "M")], ["fleece", "pullover"]),
]

# variants-turns: (id, language, text, sku or None, asked options, kind, page context, note)
# kind: stock (expected stock worked out from the catalogue), price, sell (a product we have),
# nosell (a product we do not have: the forbidden titles are what a wrong answer would offer).
CM = "code-mixed"
VARIANT_TURNS = [
    ("en-1", "en", "do you have the stormline rain jacket in XL black?", "RDG-101", {"Color": "Black", "Size": "XL"}, "stock", False, None),
    ("en-2", "en", "got the rain jacket in red xl??", "RDG-101", {"Color": "Red", "Size": "XL"}, "stock", False, None),
    ("en-3", "en", "is the trailrunner available in size 46 black", "RDG-103", {"Color": "Black", "Size": "46"}, "stock", False, None),
    ("en-4", "en", "any 20000mah power banks left?", "RDG-106", {"Capacity": "20000mAh"}, "stock", False, None),
    ("en-5", "en", "do u have this in red", "RDG-107", {"Color": "Red"}, "stock", True, None),
    ("en-6", "en", "does the down jacket come in XXXL?", "RDG-102", {"Size": "XXXL"}, "stock", False, None),
    ("en-7", "en", "pocket x5 256gb ocean blue in stock?", "RDG-108", {"Storage": "256GB", "Color": "Ocean Blue"}, "stock", False, None),
    ("en-8", "en", "how much is the 3m usb c cable", "RDG-110", {"Length": "3 m"}, "price", False, None),
    ("en-9", "en", "do you sell sleeping bags?", "RDG-115", {}, "sell", False, None),
    ("en-10", "en", "do you sell kayaks?", None, {}, "nosell", False, ["Dome Backpacking Tent", "TrailCam 4K Action Camera"]),
    ("en-11", "en", "this in large, grey?", "RDG-118", {"Size": "Large", "Color": "Grey"}, "stock", True, None),
    ("en-12", "en", "need the pet bed in medium beige, have it?", "RDG-118", {"Size": "Medium", "Color": "Beige"}, "stock", False, None),
    ("en-13", "en", "do you have the yoga mat in purple 6mm", "RDG-119", {"Color": "Purple", "Thickness": "6 mm"}, "stock", False, None),
    ("es-1", "es", "¿Tienen la rain jacket en XL?", "RDG-101", {"Size": "XL"}, "stock", False, CM),
    ("es-2", "es", "hola, tienen las zapatillas trailrunner en talla 42 gris con naranja?", "RDG-103", {"Color": "Grey/Orange", "Size": "42"}, "stock", False, None),
    ("es-3", "es", "¿el power bank de 26800mAh en blanco lo tienen?", "RDG-106", {"Capacity": "26800mAh", "Color": "White"}, "stock", False, CM),
    ("es-4", "es", "¿tienen este en talla M negro?", "RDG-128", {"Color": "Matte Black", "Size": "M (55-59 cm)"}, "stock", True, None),
    ("es-5", "es", "cuanto cuesta la tablet de 128gb", "RDG-109", {"Storage": "128GB"}, "price", False, None),
    ("es-6", "es", "¿venden bastones de trekking?", "RDG-117", {}, "sell", False, None),
    ("es-7", "es", "tienen la mochila de 60L en verde?", "RDG-113", {"Capacity": "60L", "Color": "Green"}, "stock", False, None),
    ("es-8", "es", "¿tienen tiendas de campaña para 4 personas?", "RDG-114", {"Capacity": "4-person"}, "stock", False, None),
    ("es-9", "es", "¿Venden bicicletas?", None, {}, "nosell", False, ["Bluetooth Bike Speaker", "Aero Cycling Helmet"]),
    ("es-10", "es", "ola tienen los audifonos nimbus en plateado??", "RDG-107", {"Color": "Silver"}, "stock", False, None),
    ("pt-1", "pt", "vcs tem a jaqueta stormline navy no tamanho S?", "RDG-101", {"Color": "Navy", "Size": "S"}, "stock", False, None),
    ("pt-2", "pt", "tem a garrafa térmica de 1 litro na cor sage?", "RDG-116", {"Capacity": "1 L", "Color": "Sage"}, "stock", False, None),
    ("pt-3", "pt", "tem o fone nimbus em preto?", "RDG-107", {"Color": "Black"}, "stock", False, None),
    ("pt-4", "pt", "oi, tem o smartphone pocket x5 de 128GB azul?", "RDG-108", {"Storage": "128GB", "Color": "Ocean Blue"}, "stock", False, None),
    ("pt-5", "pt", "tem essa em branco M?", "RDG-120", {"Color": "White", "Size": "M"}, "stock", True, None),
    ("pt-6", "pt", "quanto custa a cama pet tamanho X-Large?", "RDG-118", {"Size": "X-Large"}, "price", False, None),
    ("pt-7", "pt", "vocês vendem lanterna de camping?", "RDG-124", {}, "sell", False, None),
    ("pt-8", "pt", "tem a camiseta de corrida em tamanho XXL?", "RDG-120", {"Size": "XXL"}, "stock", False, None),
    ("pt-9", "pt", "vcs vendem prancha de surf?", None, {}, "nosell", False, ["Stormline Rain Jacket", "TrailCam 4K Action Camera"]),
    ("pt-10", "pt", "tem a bota alpine no 44?", "RDG-104", {"Size": "44"}, "stock", False, None),
    ("fr-1", "fr", "vous avez la veste Stormline en rouge taille M ?", "RDG-101", {"Color": "Red", "Size": "M"}, "stock", False, None),
    ("fr-2", "fr", "est-ce que la doudoune Summit existe en XXL ?", "RDG-102", {"Size": "XXL"}, "stock", False, None),
    ("fr-3", "fr", "la gourde 500 ml en blanc, dispo ?", "RDG-116", {"Capacity": "500 ml", "Color": "Arctic White"}, "stock", False, None),
    ("fr-4", "fr", "vous l'avez en noir ?", "RDG-129", {"Color": "Black"}, "stock", True, None),
    ("fr-5", "fr", "bonjour, vous avez le sac de couchage en taille Long ?", "RDG-115", {"Size": "Long"}, "stock", False, None),
    ("fr-6", "fr", "c'est combien la carte microSD 256GB ?", "RDG-126", {"Storage": "256GB"}, "price", False, None),
    ("fr-7", "fr", "Vous vendez des casques de vélo ?", "RDG-128", {}, "sell", False, None),
    ("fr-8", "fr", "vous avez les chaussettes merino en taille XL ?", "RDG-105", {"Size": "XL"}, "stock", False, None),
    ("fr-9", "fr", "Vous vendez des skis ?", None, {}, "nosell", False, ["Carbon Trekking Poles (Pair)", "Alpine Leather Hiking Boots"]),
    ("fr-10", "fr", "tu as la power bank 10000mAh en blanc stp", "RDG-106", {"Capacity": "10000mAh", "Color": "White"}, "stock", False, None),
    ("de-1", "de", "Habt ihr die Regenjacke in Navy, Größe L?", "RDG-101", {"Color": "Navy", "Size": "L"}, "stock", False, None),
    ("de-2", "de", "gibts die trailrunner in 38 schwarz?", "RDG-103", {"Color": "Black", "Size": "38"}, "stock", False, None),
    ("de-3", "de", "Ist der 28L Rucksack in orange noch da?", "RDG-112", {"Color": "Orange"}, "stock", False, None),
    ("de-4", "de", "gibt es die auch in Rose Gold M/L?", "RDG-122", {"Color": "Rose Gold", "Band size": "M/L"}, "stock", True, None),
    ("de-5", "de", "Was kostet das Zelt für 3 Personen?", "RDG-114", {"Capacity": "3-person"}, "price", False, None),
    ("de-6", "de", "Verkauft ihr Stirnlampen?", "RDG-123", {}, "sell", False, None),
    ("de-7", "de", "Habt ihr den Fleece Quarter-Zip in XXL?", "RDG-130", {"Size": "XXL"}, "stock", False, None),
    ("de-8", "de", "Verkauft ihr E-Bikes?", None, {}, "nosell", False, ["Bluetooth Bike Speaker", "Aero Cycling Helmet"]),
    ("de-9", "de", "hab ihr das tablet mit 64GB?", "RDG-109", {"Storage": "64GB"}, "stock", False, None),
    ("de-10", "de", "gibt's die wanderhose in khaki grösse S", "RDG-121", {"Color": "Khaki", "Size": "S"}, "stock", False, None),
    ("ru-1", "ru", "У вас есть headphones в красном?", "RDG-107", {"Color": "Red"}, "stock", False, CM),
    ("ru-2", "ru", "есть дождевик stormline черный размер S?", "RDG-101", {"Color": "Black", "Size": "S"}, "stock", False, None),
    ("ru-3", "ru", "пауэрбанк на 20000mAh белый есть?", "RDG-106", {"Capacity": "20000mAh", "Color": "White"}, "stock", False, None),
    ("ru-4", "ru", "ботинки alpine 45 размер есть в наличии?", "RDG-104", {"Size": "45"}, "stock", False, None),
    ("ru-5", "ru", "а есть такая на 750 ml в черном?", "RDG-116", {"Capacity": "750 ml", "Color": "Matte Black"}, "stock", True, None),
    ("ru-6", "ru", "сколько стоит кабель usb-c 2 метра?", "RDG-110", {"Length": "2 m"}, "price", False, None),
    ("ru-7", "ru", "продаете спальники?", "RDG-115", {}, "sell", False, None),
    ("ru-8", "ru", "есть чехлы для телефона?", None, {}, "nosell", False, ["Pocket X5 Smartphone", "TabOne 10 Tablet"]),
    ("ru-9", "ru", "детские резиновые сапоги 34 размер есть?", "RDG-127", {"Size": "34"}, "stock", False, None),
    ("ru-10", "ru", "есть часы smartfit в черном S/M?", "RDG-122", {"Color": "Black", "Band size": "S/M"}, "stock", False, None),
    ("zh-1", "zh", "你们有large的pet bed吗？", "RDG-118", {"Size": "Large"}, "stock", False, CM),
    ("zh-2", "zh", "Alpine皮登山靴有45码吗？", "RDG-104", {"Size": "45"}, "stock", False, None),
    ("zh-3", "zh", "Pocket X5 手机 64GB 黑色有货吗？", "RDG-108", {"Storage": "64GB", "Color": "Midnight Black"}, "stock", False, None),
    ("zh-4", "zh", "充电宝26800mAh的有黑色吗", "RDG-106", {"Capacity": "26800mAh", "Color": "Black"}, "stock", False, None),
    ("zh-5", "zh", "这件有红色L码吗？", "RDG-101", {"Color": "Red", "Size": "L"}, "stock", True, None),
    ("zh-6", "zh", "yoga mat 青色 6mm 还有吗", "RDG-119", {"Color": "Teal", "Thickness": "6 mm"}, "stock", False, CM),
    ("zh-7", "zh", "帐篷多少钱？2人的", "RDG-114", {"Capacity": "2-person"}, "price", False, None),
    ("zh-8", "zh", "你们卖运动相机吗？", "RDG-111", {}, "sell", False, None),
    ("zh-9", "zh", "你们卖无人机吗？", None, {}, "nosell", False, ["TrailCam 4K Action Camera", "SmartFit GPS Fitness Watch"]),
    ("zh-10", "zh", "羽绒服有XXXL吗", "RDG-102", {"Size": "XXXL"}, "stock", False, None),
    ("ja-1", "ja", "トレイルランナーの黒、43ありますか？", "RDG-103", {"Color": "Black", "Size": "43"}, "stock", False, None),
    ("ja-2", "ja", "Nimbusヘッドホンのシルバーは在庫ありますか？", "RDG-107", {"Color": "Silver"}, "stock", False, None),
    ("ja-3", "ja", "ダウンジャケットのオリーブ、Lサイズありますか", "RDG-102", {"Color": "Olive", "Size": "L"}, "stock", False, None),
    ("ja-4", "ja", "これの256GBありますか？", "RDG-126", {"Storage": "256GB"}, "stock", True, None),
    ("ja-5", "ja", "ケーブルの1mはいくらですか？", "RDG-110", {"Length": "1 m"}, "price", False, None),
    ("ja-6", "ja", "寝袋は売っていますか？", "RDG-115", {}, "sell", False, None),
    ("ja-7", "ja", "ヨガマットの8mmはありますか？", "RDG-119", {"Thickness": "8 mm"}, "stock", False, None),
    ("ja-8", "ja", "ゴルフクラブは売っていますか？", None, {}, "nosell", False, ["Carbon Trekking Poles (Pair)", "Expedition Trekking Backpack"]),
    ("ja-9", "ja", "Lite earbuds の白ありますか", "RDG-129", {"Color": "White"}, "stock", False, CM),
    ("ja-10", "ja", "キッズレインブーツ黄色の28ありますか？", "RDG-127", {"Color": "Yellow", "Size": "28"}, "stock", False, None),
    ("ar-1", "ar", "هل عندكم rain jacket مقاس XL لون أسود؟", "RDG-101", {"Color": "Black", "Size": "XL"}, "stock", False, CM),
    ("ar-2", "ar", "عندكم سماعات Nimbus باللون الأحمر؟", "RDG-107", {"Color": "Red"}, "stock", False, None),
    ("ar-3", "ar", "هل يتوفر هاتف Pocket X5 بسعة 256GB أسود؟", "RDG-108", {"Storage": "256GB", "Color": "Midnight Black"}, "stock", False, None),
    ("ar-4", "ar", "باور بانك 10000mAh أسود متوفر؟", "RDG-106", {"Capacity": "10000mAh", "Color": "Black"}, "stock", False, None),
    ("ar-5", "ar", "هل هذه متوفرة باللون الأزرق؟", "RDG-112", {"Color": "Slate Blue"}, "stock", True, None),
    ("ar-6", "ar", "كم سعر خوذة الدراجة؟", "RDG-128", {}, "price", False, None),
    ("ar-7", "ar", "هل تبيعون خيام؟", "RDG-114", {}, "sell", False, None),
    ("ar-8", "ar", "هل تبيعون أحذية كرة القدم؟", None, {}, "nosell", False, ["Trailrunner GTX Trail Running Shoes", "Alpine Leather Hiking Boots"]),
    ("ar-9", "ar", "عندكم سرير الحيوانات مقاس XXL؟", "RDG-118", {"Size": "XXL"}, "stock", False, None),
    ("ar-10", "ar", "هل ساعة SmartFit متوفرة باللون الوردي الذهبي مقاس M/L؟", "RDG-122", {"Color": "Rose Gold", "Band size": "M/L"}, "stock", False, None),
    ("ko-1", "ko", "레인 재킷 네이비 M 사이즈 있나요?", "RDG-101", {"Color": "Navy", "Size": "M"}, "stock", False, None),
    ("ko-2", "ko", "트레일러너 신발 그레이/오렌지 42 재고 있어요?", "RDG-103", {"Color": "Grey/Orange", "Size": "42"}, "stock", False, None),
    ("ko-3", "ko", "power bank 20000mAh 검정 있나요?", "RDG-106", {"Capacity": "20000mAh", "Color": "Black"}, "stock", False, CM),
    ("ko-4", "ko", "이거 L (43-46) 포레스트 그린 있나요?", "RDG-105", {"Color": "Forest Green", "Size": "L (43-46)"}, "stock", True, None),
    ("ko-5", "ko", "텐트 4인용 있어요?", "RDG-114", {"Capacity": "4-person"}, "stock", False, None),
    ("ko-6", "ko", "마이크로SD 128GB 얼마예요?", "RDG-126", {"Storage": "128GB"}, "price", False, None),
    ("tr-1", "tr", "yağmur ceketi kırmızı S beden var mı?", "RDG-101", {"Color": "Red", "Size": "S"}, "stock", False, None),
    ("tr-2", "tr", "pet bed X-Large bej stokta var mı?", "RDG-118", {"Size": "X-Large", "Color": "Beige"}, "stock", False, CM),
    ("tr-3", "tr", "Pocket X5 128GB siyah var mı?", "RDG-108", {"Storage": "128GB", "Color": "Midnight Black"}, "stock", False, None),
    ("tr-4", "tr", "bunun 45L yeşili var mı?", "RDG-113", {"Capacity": "45L", "Color": "Green"}, "stock", True, None),
    ("tr-5", "tr", "koşu tişörtü XS beyaz var mı?", "RDG-120", {"Color": "White", "Size": "XS"}, "stock", False, None),
    ("tr-6", "tr", "kamp feneri satıyor musunuz?", "RDG-124", {}, "sell", False, None),
    ("tr-7", "tr", "drone satıyor musunuz?", None, {}, "nosell", False, ["TrailCam 4K Action Camera", "SmartFit GPS Fitness Watch"]),
    ("it-1", "it", "avete la giacca antipioggia Stormline nera in L?", "RDG-101", {"Color": "Black", "Size": "L"}, "stock", False, None),
    ("it-2", "it", "il piumino Summit in XXL nero c'è?", "RDG-102", {"Color": "Black", "Size": "XXL"}, "stock", False, None),
    ("it-3", "it", "avete le cuffie nimbus in rosso?", "RDG-107", {"Color": "Red"}, "stock", False, None),
    ("it-4", "it", "ce l'avete in arancione?", "RDG-125", {"Color": "Orange"}, "stock", True, None),
    ("it-5", "it", "quanto costa lo zaino da 60L?", "RDG-113", {"Capacity": "60L"}, "price", False, None),
    ("it-6", "it", "vendete canne da pesca?", None, {}, "nosell", False, ["Carbon Trekking Poles (Pair)", "Dome Backpacking Tent"]),
    ("it-7", "it", "avete la borraccia da 750 ml color salvia?", "RDG-116", {"Capacity": "750 ml", "Color": "Sage"}, "stock", False, None),
]
# Translations by the kefu team of en-2 ("got the rain jacket in red xl??").
VARIANT_TRANSLATIONS = [
    ("en-2", "es", "¿tienen la chaqueta impermeable en rojo XL??"),
    ("en-2", "de", "habt ihr die Regenjacke in Rot XL??"),
    ("en-2", "zh", "雨衣有红色XL的吗？？"),
    ("en-2", "ar", "عندكم جاكيت المطر باللون الأحمر مقاس XL؟؟"),
    ("en-2", "ru", "есть дождевик в красном XL??"),
]

# --------------------------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------------------------

def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def money(x):
    return f"{x:.2f}"


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def load_pqa_attributes(data):
    """asin -> {key: [items]} from every hetPQA file's attribute candidates."""
    attrs = {}
    for f in sorted((data / "hetPQA").glob("*/*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                if r["source"] != "attribute":
                    continue
                k, items = parse_attr(r["candidate"])
                attrs.setdefault(r["ASIN"], {})[k] = items
    return attrs


SHOP_TOML = """name = "{name}"
default_language = "en"
languages = ["en", "es", "pt", "fr", "de", "ru", "zh", "ja", "ar", "ko", "tr", "it"]
currency = "USD"
timezone = "{tz}"

[returns]
window_days = {window}

[support]
email = "{email}"

[handoff]
expected_wait_minutes = 20
"""


# The pqa shops' FAQ and return policy (pqa-shop's, and pqa2-shop's through build_pqa2_set.py).
PQA_FAQ = (
    "# FAQ\n\n## Where do product details come from?\n"
    "Each product page lists the manufacturer's specifications. If a detail you need is not on the page, "
    "ask us and a team member will check it.\n\n"
    "## Are batteries included?\nOnly when the product page says so.\n")
PQA_RETURNS = (
    "# Returns\n\n## Window\nUnused items in their original packaging can be returned within 30 days of delivery.\n\n"
    "## How to return\nWrite to us with your order number and we will send the return instructions.\n")


def build_pqa(data):
    shop = OUT / "pqa-shop"
    (shop / "policies").mkdir(parents=True, exist_ok=True)
    attrs = load_pqa_attributes(data)
    products, by_asin = [], {}
    for n, (asin, title, price, keys, desc, tags, variants) in enumerate(PQA_PRODUCTS, 1):
        sku = f"PQA-{n:04d}"
        a = {}
        for k in keys:
            a[PQA_KEY_NAMES.get(k, k.replace("_", " "))] = render(attrs[asin][k])
        p = {"sku": sku, "title": title, "description": desc, "price": price, "currency": "USD",
             "attributes": a, "variants": [],
             "url": f"https://pqa-shop.example.com/products/{slug(title)}", "tags": tags}
        if variants:
            key, vals = variants
            for i, (v, ok) in enumerate(vals, 1):
                p["variants"].append({"sku": f"{sku}-{i:02d}", "options": {key: v}, "price": price, "available": ok})
        products.append(p)
        by_asin[asin] = sku
    write_jsonl(shop / "products.jsonl", products)
    (shop / "shop.toml").write_text(SHOP_TOML.format(
        name="PQA Toy & Game Shop", tz="America/New_York", window=30, email="help@pqa-shop.example.com"), encoding="utf-8")
    (shop / "faq.md").write_text(PQA_FAQ, encoding="utf-8")
    (shop / "policies" / "returns.md").write_text(PQA_RETURNS, encoding="utf-8")
    shutil.copyfile(data / "LICENSE", shop / "LICENSE")

    cases = []
    for qid, asin, facts, texts in PQA_QUESTIONS:
        for lang in LANGS:
            if lang not in texts:
                continue
            t = {"text": texts[lang], "context": {"product": by_asin[asin]},
                 "expect": {"outcome": "answer", "intent": "product_question", "product": by_asin[asin], "facts": facts}}
            c = {"id": f"pqa-{qid}-{lang}", "shop": "pqa-shop", "language": lang, "translated": lang != "en"}
            c["note"] = (f"amazon_pqa hetPQA question about ASIN {asin}, asked on the product page" if lang == "en"
                         else TRANSLATION_NOTE)
            c["turns"] = [t]
            cases.append(c)
    for hid, asin, lang, text, original in PQA_HANDOFF:
        note = ("handoff: the catalogue does not give this attribute; "
                + (f"amazon_pqa hetPQA question about ASIN {asin}" if original is None
                   else f"{TRANSLATION_NOTE} (\"{original}\", ASIN {asin})"))
        cases.append({"id": f"pqa-{hid}-{lang}", "shop": "pqa-shop", "language": lang, "translated": original is not None,
                      "note": note, "turns": [{"text": text, "context": {"product": by_asin[asin]},
                                               "expect": {"outcome": "handoff"}}]})
    for nid, asin, lang, text, facts, translated in PQA_NAMED:
        note = ("no page context; the product is named. " +
                (f"{TRANSLATION_NOTE}, reworded to name the product (ASIN {asin})" if translated
                 else f"amazon_pqa question reworded by the kefu team to name the product (ASIN {asin})"))
        cases.append({"id": f"pqa-{nid}-{lang}", "shop": "pqa-shop", "language": lang, "translated": translated,
                      "note": note, "turns": [{"text": text, "expect": {
                          "outcome": "answer", "intent": "product_question", "product": by_asin[asin], "facts": facts}}]})
    write_jsonl(OUT / "pqa-turns.jsonl", cases)


def variant_code(v):
    v = v.split(" (")[0]
    words = re.findall(r"[A-Za-z0-9]+", v)
    if len(words) == 1:
        w = words[0]
        return w.upper() if any(ch.isdigit() for ch in w) or len(w) <= 3 else w[:3].upper()
    return "".join(w[0] for w in words).upper()


def build_variants():
    shop = OUT / "variants-shop"
    (shop / "policies").mkdir(parents=True, exist_ok=True)
    products = []
    for sku, title, price, desc, attrs, axes, overrides, sold_out, tags in VARIANT_PRODUCTS:
        p = {"sku": sku, "title": title, "description": desc, "price": price, "currency": "USD",
             "attributes": attrs, "variants": [], "url": f"https://variants-shop.example.com/p/{slug(title)}", "tags": tags}
        combos = [()]
        for _, vals in axes:
            combos = [c + (v,) for c in combos for v in vals]
        if axes:
            for combo in combos:
                vprice = price
                for v in combo:
                    vprice = overrides.get(v, vprice)
                p["variants"].append({
                    "sku": "-".join([sku] + [variant_code(v) for v in combo]),
                    "options": {k: v for (k, _), v in zip(axes, combo)},
                    "price": vprice, "available": not any(set(s) <= set(combo) for s in sold_out)})
            assert len({v["sku"] for v in p["variants"]}) == len(p["variants"]), sku
        products.append(p)
    write_jsonl(shop / "products.jsonl", products)
    (shop / "shop.toml").write_text(SHOP_TOML.format(
        name="Ridgeline Outfitters", tz="America/Denver", window=60, email="crew@variants-shop.example.com"), encoding="utf-8")
    (shop / "faq.md").write_text(
        "# FAQ\n\n## Do you restock sold-out sizes and colours?\n"
        "Usually, but we cannot promise a date. Ask us and we will tell you if a restock is planned.\n\n"
        "## How do shoe sizes run?\nShoe sizes are EU sizes. Each product page says whether the model runs true to size.\n", encoding="utf-8")
    (shop / "policies" / "returns.md").write_text(
        "# Returns\n\n## Window\nReturn or exchange unworn, unused items within 60 days of delivery.\n\n"
        "## Exchanges\nSize and colour exchanges are free while the new variant is in stock.\n", encoding="utf-8")
    return {p["sku"]: p for p in products}


def expected_stock(p, asked):
    match = [v for v in p["variants"] if all(v["options"].get(k) == val for k, val in asked.items())]
    if not match:
        return "not_offered", []
    facts = list(asked.values())
    avail = [v for v in match if v["available"]]
    if avail:
        prices = {v["price"] for v in avail}
        if len(prices) == 1:
            facts.append(money(prices.pop()))
        return "in_stock", facts
    return "sold_out", facts


def variant_case(cid, lang, text, sku, asked, kind, ctx, extra, catalogue, translated=False, note=None):
    notes = []
    if kind == "stock":
        p = catalogue[sku]
        stock, facts = expected_stock(p, asked)
        exp = {"outcome": "answer", "intent": "stock_availability", "product": sku, "stock": stock, "facts": facts}
        notes.append(f"stock: {stock}" + ("" if stock != "not_offered" else f" (asked {asked})"))
    elif kind == "price":
        p = catalogue[sku]
        if asked:
            v = [v for v in p["variants"] if all(v["options"].get(k) == val for k, val in asked.items())]
            prices = {x["price"] for x in v}
            assert len(prices) == 1, (cid, prices)
            price = prices.pop()
        else:
            price = p["price"]
        exp = {"outcome": "answer", "intent": "product_question", "product": sku, "facts": [money(price)]}
        notes.append("how much is X")
    elif kind == "sell":
        exp = {"outcome": "answer", "intent": "product_question", "product": sku, "facts": [money(catalogue[sku]["price"])]}
        notes.append("do you sell X: in the catalogue")
    else:
        exp = {"outcome": "answer", "forbidden": extra}
        notes.append("do you sell X: not in the catalogue")
    if ctx:
        notes.append("page context")
    if note:
        notes.append(note)
    turn = {"text": text}
    if ctx:
        turn["context"] = {"product": sku}
    turn["expect"] = exp
    return {"id": f"var-{cid}" if not translated else f"var-{cid}-{lang}", "shop": "variants-shop", "language": lang,
            "translated": translated, "note": "; ".join(notes), "turns": [turn]}


def build_variant_turns(catalogue):
    cases = []
    by_id = {}
    for cid, lang, text, sku, asked, kind, ctx, extra in VARIANT_TURNS:
        note = extra if extra == CM else None
        forb = extra if kind == "nosell" else None
        c = variant_case(cid, lang, text, sku, asked, kind, ctx, forb, catalogue, note=note)
        cases.append(c)
        by_id[cid] = (sku, asked, kind, ctx)
    for src, lang, text in VARIANT_TRANSLATIONS:
        sku, asked, kind, ctx = by_id[src]
        cases.append(variant_case(src, lang, text, sku, asked, kind, ctx, None, catalogue, translated=True,
                                  note=f"translation by the kefu team of var-{src}"))
    write_jsonl(OUT / "variants-turns.jsonl", cases)

# --------------------------------------------------------------------------------------------
# checking
# --------------------------------------------------------------------------------------------
ID_RE = re.compile(r"^[a-zA-Z0-9._-]+$")
PRODUCT_FIELDS = ["sku", "title", "description", "price", "currency", "attributes", "variants", "url", "tags"]


def check_shop(shop_dir):
    errors = []
    try:
        import tomllib
        t = tomllib.loads((shop_dir / "shop.toml").read_text(encoding="utf-8"))
        if "name" not in t or "default_language" not in t:
            errors.append(f"{shop_dir.name}/shop.toml lacks name or default_language")
    except ImportError:
        pass
    products, skus = {}, set()
    for n, line in enumerate((shop_dir / "products.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        p = json.loads(line)
        for f in PRODUCT_FIELDS:
            if f not in p:
                errors.append(f"{shop_dir.name} line {n}: missing {f}")
        if not isinstance(p["price"], (int, float)) or p["price"] <= 0:
            errors.append(f"{shop_dir.name} {p['sku']}: bad price")
        for v in p["variants"]:
            for f in ("sku", "options", "price", "available"):
                if f not in v:
                    errors.append(f"{shop_dir.name} {p['sku']}: variant missing {f}")
            if v["sku"] in skus:
                errors.append(f"duplicate sku {v['sku']}")
            skus.add(v["sku"])
        if p["sku"] in skus:
            errors.append(f"duplicate sku {p['sku']}")
        skus.add(p["sku"])
        products[p["sku"]] = p
    return products, errors


def fact_ok(fact, p, shop):
    if shop == "pqa-shop":
        return any(fact in str(v) for v in p["attributes"].values())
    values = {val for v in p["variants"] for val in v["options"].values()}
    prices = {money(p["price"])} | {money(v["price"]) for v in p["variants"]}
    return fact in values or fact in prices


def check_cases(path, shop, products, errors, ids):
    titles = {p["title"] for p in products.values()}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        c = json.loads(line)
        if set(c) - {"id", "shop", "language", "translated", "note", "turns"}:
            errors.append(f"{where}: unknown case field")
        if not ID_RE.match(c["id"]) or c["id"] in ids:
            errors.append(f"{where}: bad or duplicate id {c['id']}")
        ids.add(c["id"])
        if c["shop"] != shop or c["language"] not in LANGS or not isinstance(c["translated"], bool) or not c["turns"]:
            errors.append(f"{where}: bad shop/language/translated/turns")
        if c["translated"] and shop == "pqa-shop" and TRANSLATION_NOTE not in c.get("note", ""):
            errors.append(f"{where}: translation without the translation note")
        for t in c["turns"]:
            e = t["expect"]
            if e["outcome"] not in ("answer", "ask", "handoff"):
                errors.append(f"{where}: outcome")
            ctx = t.get("context", {}).get("product")
            if ctx is not None and ctx not in products:
                errors.append(f"{where}: context product {ctx} not in catalogue")
            sku = e.get("product")
            if sku is not None:
                if sku not in products:
                    errors.append(f"{where}: product {sku} not in catalogue")
                    continue
                for f in e.get("facts", []):
                    if not fact_ok(f, products[sku], shop):
                        errors.append(f"{where}: fact {f!r} not in {sku}")
                if e.get("stock") not in (None, "in_stock", "sold_out", "not_offered"):
                    errors.append(f"{where}: stock")
            elif e.get("facts"):
                errors.append(f"{where}: facts without a product")
            for f in e.get("forbidden", []):
                if f not in titles:
                    errors.append(f"{where}: forbidden {f!r} is not a catalogue title")


def check():
    errors, ids = [], set()
    for shop, turns in (("pqa-shop", "pqa-turns.jsonl"), ("variants-shop", "variants-turns.jsonl")):
        products, errs = check_shop(OUT / shop)
        errors += errs
        check_cases(OUT / turns, shop, products, errors, ids)
    return errors


def counts():
    out = []
    for turns in ("pqa-turns.jsonl", "variants-turns.jsonl"):
        by_lang, by_kind = {}, {}
        for line in (OUT / turns).read_text(encoding="utf-8").splitlines():
            c = json.loads(line)
            by_lang[c["language"]] = by_lang.get(c["language"], 0) + len(c["turns"])
            for t in c["turns"]:
                e = t["expect"]
                k = e["outcome"] + ("/" + e["stock"] if "stock" in e else "") + ("/forbidden" if e.get("forbidden") else "")
                k += "/page" if "context" in t else ""
                by_kind[k] = by_kind.get(k, 0) + 1
        out.append((turns, dict(sorted(by_lang.items())), dict(sorted(by_kind.items()))))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data" / "amazon_pqa",
                    help="the amazon_pqa folder (default: ../shared/data/amazon_pqa beside the repository)")
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args()
    if not args.check_only:
        OUT.mkdir(parents=True, exist_ok=True)
        build_pqa(args.data)
        build_variant_turns(build_variants())
    errors = check()
    for e in errors:
        print("ERROR", e)
    for name, langs, kinds in counts():
        print(name, sum(langs.values()), "turns")
        print("  by language:", langs)
        print("  by expectation:", kinds)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
