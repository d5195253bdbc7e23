#!/usr/bin/env python3
"""Maps third-party intent data onto kefu's intents (docs/intents.md) and splits it, by source
row, into training examples and held-out evaluation cases that never overlap.

    python3 scripts/map_third_party.py SHARED_DATA_DIR            # writes the files below
    python3 scripts/map_third_party.py SHARED_DATA_DIR --worklist # English rows still to translate

SHARED_DATA_DIR holds the sources as distributed, each with its own licence:

    bitext_customer_support/bitext_dev.csv   Bitext customer support (CDLA-Sharing-1.0)
    clinc150/clinc150_train_val.json         CLINC150 train + val + out-of-scope (CC BY 3.0)
    nlupp/data/{banking,hotels}/fold*.json   NLU++ (CC BY 4.0), multi-label
    banking77/train.csv                      BANKING77 (CC BY 4.0)

Writes (paths relative to the repository):

    knowledge/intents/third_party/train.jsonl               {"intent","language","text","source"}
    knowledge/intents/third_party/train-multilingual.jsonl  same + "translated": true
    knowledge/eval/third_party/heldout.jsonl                {"text","language","intent","translated"}
    knowledge/eval/third_party/heldout-multilingual.jsonl   same, "translated": true
    knowledge/eval/third_party/heldout-sources.tsv          line → source row of heldout.jsonl
    knowledge/eval/third_party/heldout-multilingual-sources.tsv   the same for the translations
    the licence files of the sources, beside the data

The eval files carry no "source" field because `kefu eval intents` rejects unknown fields
(src/eval/intents.rs, `deny_unknown_fields`); the line-aligned `*-sources.tsv` files say where
each case came from.

Translations are the kefu team's own (machine) translations of the sampled English rows, kept
as inputs in `translations.tsv` (source id, language, text) in each of the two directories; the
samples and their languages are chosen here, deterministically, so `--worklist` lists what
still needs translating.

Everything is deterministic: rows are ordered by a SHA-1 of their source id, never at random.
"""
import csv
import glob
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN_DIR = os.path.join("knowledge", "intents", "third_party")
EVAL_DIR = os.path.join("knowledge", "eval", "third_party")
# Evaluation sets that must never be trained on: the Bitext eval rows made by map_bitext.py and
# kefu's own eval cases.
RESERVED_EVAL = [
    os.path.join("knowledge", "eval", "third_party", "bitext", "intents.jsonl"),
    os.path.join("knowledge", "eval", "intents.jsonl"),
]

KEFU_INTENTS = [
    "order_status", "shipping", "customs_duties", "product_question", "stock_availability",
    "returns_refunds", "exchange", "cancel_order", "modify_order", "payment", "discount",
    "damaged_wrong_item", "complaint", "chargeback_dispute", "human_request", "greeting",
    "thanks_bye", "other",
]

# Per (source, kefu intent): up to TRAIN rows for training and a disjoint HELDOUT set; when a
# pool is smaller than TRAIN + HELDOUT it is split 60/40.
TRAIN, HELDOUT = 60, 40
# `other` from CLINC150: this many rows, from two disjoint groups of CLINC intents (and the
# disjoint oos_train / oos_val rows), so held-out `other` tests intents never seen in training.
CLINC_OTHER_TRAIN, CLINC_OTHER_HELDOUT = 600, 400
CLINC_OOS_TRAIN, CLINC_OOS_HELDOUT = 100, 100

# Translated samples: languages, and English rows per kefu intent.
LANGUAGES = ["es", "pt", "fr", "de", "ru", "zh", "ja", "ar", "ko", "tr", "it"]
HELDOUT_TRANSLATED, HELDOUT_TRANSLATED_OTHER = 25, 60
TRAIN_TRANSLATED, TRAIN_TRANSLATED_OTHER = 88, 352

# --------------------------------------------------------------------------------------------
# Bitext (27 intents of generic customer service; the retail reading applies).
# The eval set's mapping (map_bitext.py), and one more.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from map_bitext import MAPPING as BITEXT_EVAL  # noqa: E402

BITEXT = dict(BITEXT_EVAL)
# Not in map_bitext.py: "how do I reach customer service / I have to speak with customer
# assistance". What the buyer wants is the shop's people, so human_request (kefu hands those
# to a person anyway). Rows that only ask for opening hours, a phone number or an e-mail
# address are left out (BITEXT_SKIP): they want information, not a person now.
BITEXT["contact_customer_service"] = "human_request"
BITEXT_SKIP = {
    "contact_customer_service": re.compile(r"hours|what time|number|e-?mail|available", re.I),
    # Bitext's cancellation-fee rows are partly a telecom contract's "early termination /
    # withdrawal / early exit penalty", which no shop buyer says; only "cancellation fee" kept.
    "check_cancellation_fee": re.compile(r"terminat|withdrawal|exit", re.I),
}
# Any source: a row that threatens legal action or a dispute is chargeback_dispute in kefu
# (docs/intents.md boundaries), whatever the source label says; such rows are left out.
THREAT = re.compile(r"\b(sue|suing|lawyers?|attorney|court|legal|chargeback|dispute)\b", re.I)
# Left out, on purpose: create_account, edit_account, delete_account, switch_account,
# recover_password, registration_problems, newsletter_subscription, set_up_shipping_address
# (an address book entry, not a change to an order), place_order, review. They ARE a shop's
# customer service, so they are not `other`; kefu simply has no intent for them.

# --------------------------------------------------------------------------------------------
# CLINC150 (a personal assistant's 150 intents + out-of-scope).
CLINC_IN_DOMAIN = {
    "order_status": "order_status",   # "track my package", "what's going on with my order"
    "greeting": "greeting",
    "goodbye": "thanks_bye",
    "thank_you": "thanks_bye",
}
# Outside a shop's service → `other`, grouped by topic. Within each topic the intents alternate
# between the training group and the held-out group (see clinc_group), so held-out `other`
# covers every topic with intents training never saw.
CLINC_OTHER_TOPICS = [
    # banking and cards (CLINC's `damaged_card` is a bank card split in half, not a parcel)
    ["account_blocked", "apr", "balance", "bill_balance", "bill_due", "credit_limit",
     "credit_limit_change", "credit_score", "damaged_card", "direct_deposit", "exchange_rate",
     "expiration_date", "freeze_account", "improve_credit_score", "income", "interest_rate",
     "international_fees", "min_payment", "new_card", "order_checks", "pay_bill", "payday",
     "pin_change", "replacement_card_duration", "report_lost_card", "rollover_401k", "routing",
     "spending_history", "transactions", "transfer", "w2", "application_status", "insurance",
     "insurance_change"],
    # travel
    ["book_flight", "book_hotel", "car_rental", "carry_on", "flight_status",
     "international_visa", "lost_luggage", "plug_type", "timezone", "travel_alert",
     "travel_notification", "travel_suggestion", "uber", "translate", "vaccines"],
    # dining and cooking
    ["accept_reservations", "cancel_reservation", "confirm_reservation", "how_busy",
     "restaurant_reservation", "restaurant_reviews", "restaurant_suggestion", "calories",
     "cook_time", "food_last", "ingredient_substitution", "ingredients_list", "meal_suggestion",
     "nutrition_info", "recipe"],
    # car and getting around
    ["directions", "distance", "traffic", "current_location", "share_location", "gas",
     "gas_type", "jump_start", "last_maintenance", "mpg", "oil_change_how", "oil_change_when",
     "schedule_maintenance", "tire_change", "tire_pressure"],
    # productivity and work; a personal shopping list is the assistant's, not the shop's
    ["alarm", "calendar", "calendar_update", "reminder", "reminder_update", "timer",
     "todo_list", "todo_list_update", "meeting_schedule", "schedule_meeting", "pto_balance",
     "pto_request", "pto_request_status", "pto_used", "shopping_list", "shopping_list_update"],
    # phone, smart home, music
    ["smart_home", "make_call", "text", "find_phone", "play_music", "next_song",
     "update_playlist", "what_song"],
    # trivia and small talk about the assistant
    ["date", "time", "weather", "next_holiday", "definition", "spelling", "calculator",
     "measurement_conversion", "flip_coin", "roll_dice", "fun_fact", "tell_joke",
     "meaning_of_life", "what_are_your_hobbies", "how_old_are_you", "where_are_you_from",
     "do_you_have_pets", "what_is_your_name", "who_made_you"],
]
# Left out of CLINC150 (neither a kefu intent nor clearly outside a shop's service):
#   cancel            "cancel that / never mind", a meta command, NOT cancel_order
#   order             "order me more lysol": placing an order (shop service, no kefu intent)
#   card_declined     "why did my card not get accepted": to a shop that is `payment`
#   taxes             "and what are the taxes" reads like a sales-tax or customs question
#   report_fraud      "this charge is fraudulent" is close to chargeback_dispute
#   redeem_rewards, rewards_balance   loyalty points are a shop matter too
#   are_you_a_bot, what_can_i_ask_you, who_do_you_work_for   questions about the assistant
#       that lead to a person or to the shop; not out of scope
#   yes, no, maybe, repeat, user_name, change_user_name, change_language, change_accent,
#   change_speed, change_volume, whisper_mode, change_ai_name, reset_settings, sync_device
#       dialogue acts and voice-assistant settings, no meaning on their own

# --------------------------------------------------------------------------------------------
# NLU++ (multi-label; banking and hotels). A row is used only when its whole label set maps.
NLUPP_DIALOGUE = {"affirm", "deny", "dont_know", "acknowledge"}
# handoff with nothing but dialogue acts, a greeting, thanks or "not working" → human_request.
# With a banking/hotel topic ("a real person about your mortgage fees") it is left out.
NLUPP_HANDOFF_OK = NLUPP_DIALOGUE | {"handoff", "greet", "thank", "end_call",
                                     "wrong_notworking_notshowing"}
# A refund with only generic question labels ("I want a refund", "where is my refund") →
# returns_refunds. With account, card, fees, transfer or booking labels it is a bank's or a
# hotel's refund and is left out.
NLUPP_REFUND_OK = {"refund", "affirm", "how", "when", "why", "request_info", "how_long",
                   "wrong_notworking_notshowing", "make_open_apply_setup_get_activate",
                   "arrival"}
# Topics no shop serves → `other` (when no label above applies). Left out as topics, because
# they read like shop questions: arrival (card arrival ~ order_status), card, transfer_payment,
# fees, booking/change (~ modify_order), check_out (~ a shop's checkout), room_ammenities
# ("does it have a hair dryer" ~ product_question), pets, wifi, accesibility, international,
# account, refund, limits.
NLUPP_OTHER_TOPICS = {"mortgage", "loan", "overdraft", "savings", "cheque", "standing_order",
                      "direct_debit", "pin", "withdrawal", "appointment", "restaurant",
                      "swimming_pool", "gym", "spa", "parking", "housekeeping", "room_service",
                      "check_in"}
NLUPP_NOT_OTHER = {"handoff", "refund", "arrival", "check_out", "room_ammenities", "pets",
                   "wifi", "accesibility"}


# Rows whose text belongs to a bank or a hotel whatever the labels ("Hi, cash please" is
# labelled greet only; "I cancelled those 2 rooms … money back" refund only), and handoff rows
# that decline a transfer ("No, you don't need to transfer me to a real person").
NLUPP_SKIP_TEXT = re.compile(
    r"\b(cash|rooms?|reception|flights?|hotel|booking|stay|prime video|waitrose|amazon)\b"
    r"|\b(don'?t|do not) (need to )?transfer", re.I)
# Thanks or greetings that carry an answer ("up to October the 3rd 2004, thanks") are left out.
NLUPP_SKIP_DIGITS = {"greeting", "thanks_bye"}
# `other` rows are spread over their topics in this order (rarest first), not by label set, so
# the sample is not all savings accounts.
NLUPP_TOPIC_ORDER = ["check_in", "room_service", "housekeeping", "parking", "spa", "gym",
                     "swimming_pool", "restaurant", "appointment", "withdrawal", "pin",
                     "direct_debit", "standing_order", "cheque", "loan", "mortgage", "overdraft",
                     "savings"]


# NLU++ labels "this is really frustrating" or "this conversation is not working" as handoff;
# for kefu that is a complaint unless a person is asked for, so handoff rows must name one.
NLUPP_PERSON = re.compile(r"person|human|someone|somebody|some one|agent|manager|operator|"
                          r"staff|representative|customer service|people|machine|bot\b|"
                          r"\breal\b|employee|advisor|adviser|colleague|supervisor", re.I)


def nlupp_row_intent(labels, text):
    intent = nlupp_intent(labels)
    if intent is None or (intent != "other" and NLUPP_SKIP_TEXT.search(text)):
        return None
    if intent != "other" and THREAT.search(text):
        return None
    if intent == "human_request" and not NLUPP_PERSON.search(text):
        return None
    if intent in NLUPP_SKIP_DIGITS and re.search(r"\d", text):
        return None
    return intent


def nlupp_bucket(labels, intent):
    if intent != "other":
        return "+".join(labels)
    return next(t for t in NLUPP_TOPIC_ORDER if t in labels)


def nlupp_intent(labels):
    labels = set(labels)
    if not labels:
        return None
    if "handoff" in labels:
        return "human_request" if labels <= NLUPP_HANDOFF_OK else None
    if labels == {"greet"}:
        return "greeting"
    if labels & {"thank", "end_call"} and labels <= {"thank", "end_call", "acknowledge"}:
        return "thanks_bye"
    if "refund" in labels:
        return "returns_refunds" if labels <= NLUPP_REFUND_OK else None
    if labels & NLUPP_OTHER_TOPICS and not labels & NLUPP_NOT_OTHER:
        return "other"
    return None


# --------------------------------------------------------------------------------------------
# BANKING77: near-domain negatives. Only intents that are plainly a bank's business → `other`;
# anything a buyer could say to a shop about paying, a refund or a delivery is left out
# (request_refund, Refund_not_showing_up, declined_card_payment, pending_card_payment,
# card_payment_fee_charged, reverted_card_payment?, transaction_charged_twice,
# extra_charge_on_statement, card_payment_wrong_exchange_rate, apple_pay_or_google_pay,
# visa_or_mastercard, supported_cards_and_currencies, card_acceptance, country_support,
# fiat_currency_support, card_arrival, card_delivery_estimate, order_physical_card,
# edit_personal_details, passcode_forgotten, terminate_account, cancel_transfer, card_linking,
# card_not_working, contactless_not_working, virtual_card_not_working, age_limit).
BANKING77_OTHER_TOPICS = [
    ["atm_support", "card_swallowed", "cash_withdrawal_charge", "cash_withdrawal_not_recognised",
     "declined_cash_withdrawal", "pending_cash_withdrawal", "wrong_amount_of_cash_received",
     "wrong_exchange_rate_for_cash_withdrawal"],
    ["automatic_top_up", "pending_top_up", "top_up_by_bank_transfer_charge",
     "top_up_by_card_charge", "top_up_by_cash_or_cheque", "top_up_failed", "top_up_limits",
     "top_up_reverted", "topping_up_by_card", "verify_top_up"],
    ["balance_not_updated_after_bank_transfer", "balance_not_updated_after_cheque_or_cash_deposit",
     "beneficiary_not_allowed", "declined_transfer", "failed_transfer", "pending_transfer",
     "receiving_money", "transfer_fee_charged", "transfer_into_account",
     "transfer_not_received_by_recipient", "transfer_timing", "exchange_via_app",
     "exchange_charge", "exchange_rate"],
    ["activate_my_card", "card_about_to_expire", "change_pin", "pin_blocked", "compromised_card",
     "lost_or_stolen_card", "lost_or_stolen_phone", "get_physical_card", "getting_spare_card",
     "getting_virtual_card", "get_disposable_virtual_card", "disposable_card_limits",
     "verify_my_identity", "why_verify_identity", "unable_to_verify_identity",
     "verify_source_of_funds", "card_payment_not_recognised",
     "direct_debit_payment_not_recognised"],
]
# card_payment_not_recognised / direct_debit_payment_not_recognised: "a payment on my
# statement I don't recognise" is asked of a bank; kept as `other` (a judgement call).


def group_of(topics, label):
    """'train' or 'heldout' for a source intent that maps to `other`: within each topic list,
    positions 0-2 of every 5 train, 3-4 are held out (60/40, every topic on both sides)."""
    for topic in topics:
        if label in topic:
            return "heldout" if topic.index(label) % 5 >= 3 else "train"
    raise KeyError(label)


# --------------------------------------------------------------------------------------------

def norm(text):
    """Near-duplicate key: lower case, no digits, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if (c.isdigit() or unicodedata.category(c)[0] in "PS") else c
                   for c in text)
    return " ".join(text.split())


def key(sid):
    return hashlib.sha1(sid.encode("utf-8")).hexdigest()


def clean(text):
    return " ".join(text.split())


class Row:
    __slots__ = ("dataset", "label", "sid", "text", "intent", "group", "bucket")

    def __init__(self, dataset, label, sid, text, intent, group=None, bucket=None):
        self.dataset, self.label, self.sid = dataset, label, sid
        self.text, self.intent, self.group = clean(text), intent, group
        self.bucket = bucket or label  # what interleave() spreads a pool over

    @property
    def source(self):
        return f"{self.dataset}/{self.label}#{self.sid}"


def load(data):
    rows = []
    path = os.path.join(data, "bitext_customer_support", "bitext_dev.csv")
    with open(path, encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            intent = BITEXT.get(r["intent"])
            skip = BITEXT_SKIP.get(r["intent"])
            if intent and not (skip and skip.search(r["instruction"])) \
                    and not THREAT.search(r["instruction"]):
                rows.append(Row("bitext", r["intent"], f"row{i}", r["instruction"], intent))

    clinc = json.load(open(os.path.join(data, "clinc150", "clinc150_train_val.json"),
                           encoding="utf-8"))
    other = {label for topic in CLINC_OTHER_TOPICS for label in topic}
    for split in ("train", "val", "oos_train", "oos_val"):
        for i, (text, label) in enumerate(clinc[split]):
            sid = f"{split}{i}"
            if label in CLINC_IN_DOMAIN:
                rows.append(Row("clinc150", label, sid, text, CLINC_IN_DOMAIN[label]))
            elif label == "oos":
                group = "train" if split == "oos_train" else "heldout"
                rows.append(Row("clinc150", label, sid, text, "other", group))
            elif label in other:
                rows.append(Row("clinc150", label, sid, text, "other",
                                group_of(CLINC_OTHER_TOPICS, label)))

    for domain in ("banking", "hotels"):
        folds = glob.glob(os.path.join(data, "nlupp", "data", domain, "fold*.json"))
        for fold in sorted(folds, key=lambda p: int(re.sub(r"\D", "", os.path.basename(p)))):
            name = os.path.basename(fold)[:-5]
            for i, r in enumerate(json.load(open(fold, encoding="utf-8"))):
                labels = sorted(r.get("intents", []))
                intent = nlupp_row_intent(labels, r["text"])
                if intent:
                    rows.append(Row("nlupp", "+".join(labels), f"{domain}-{name}-{i}",
                                    r["text"], intent, bucket=nlupp_bucket(labels, intent)))

    b77 = {label for topic in BANKING77_OTHER_TOPICS for label in topic}
    with open(os.path.join(data, "banking77", "train.csv"), encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if r["category"] in b77:
                rows.append(Row("banking77", r["category"], f"row{i}", r["text"], "other",
                                group_of(BANKING77_OTHER_TOPICS, r["category"])))
    return rows


def interleave(rows):
    """Rows ordered by hash within each source label (bucket), then taken round-robin across
    labels (in name order), so a pool mixes its source intents evenly."""
    by_label = defaultdict(list)
    for r in rows:
        by_label[r.bucket].append(r)
    queues = [sorted(by_label[l], key=lambda r: key(r.source)) for l in sorted(by_label)]
    out, i = [], 0
    while any(queues):
        for q in queues:
            if i < len(q):
                out.append(q[i])
        i += 1
        if all(i >= len(q) for q in queues):
            break
    return out


def split(rows, reserved):
    """(train, heldout) lists of rows; near-duplicates (of each other or of the reserved eval
    sets) dropped, first come first kept in a deterministic order."""
    seen = set(reserved)

    def fresh(pool):
        out = []
        for r in pool:
            k = norm(r.text)
            if k and k not in seen:
                seen.add(k)
                out.append(r)
        return out

    train, heldout = [], []
    pools = defaultdict(list)
    for r in rows:
        pools[(r.dataset, r.intent)].append(r)
    for (dataset, intent) in sorted(pools):
        pool = pools[(dataset, intent)]
        if intent == "other" and pool[0].group is not None:
            n_train, n_held = ((CLINC_OTHER_TRAIN, CLINC_OTHER_HELDOUT) if dataset == "clinc150"
                               else (TRAIN, HELDOUT))
            for group, n, out in (("train", n_train, train), ("heldout", n_held, heldout)):
                mine = [r for r in pool if r.group == group]
                oos = fresh(interleave([r for r in mine if r.label == "oos"]))
                n_oos = CLINC_OOS_TRAIN if group == "train" else CLINC_OOS_HELDOUT
                rest = interleave([r for r in mine if r.label != "oos"])
                taken = oos[:n_oos]
                taken += fresh(rest)[:n - len(taken)]
                out.extend(taken)
            continue
        pool = fresh(interleave(pool))
        n_train = min(TRAIN, round(len(pool) * 0.6)) if len(pool) < TRAIN + HELDOUT else TRAIN
        n_held = min(HELDOUT, len(pool) - n_train)
        train.extend(pool[:n_train])
        heldout.extend(pool[n_train:n_train + n_held])
    return train, heldout


def sample_for_translation(rows, per_intent, per_other):
    """A balanced sample: per kefu intent, rows round-robin across datasets (hash order), and a
    language for each, rotating through LANGUAGES so every language gets every intent."""
    by_intent = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by_intent[r.intent][r.dataset].append(r)
    out = []
    for n_intent, intent in enumerate(KEFU_INTENTS):
        if intent not in by_intent:
            continue
        n = per_other if intent == "other" else per_intent
        queues = [sorted(by_intent[intent][d], key=lambda r: key("tr:" + r.source))
                  for d in sorted(by_intent[intent])]
        picked, i = [], 0
        while len(picked) < n and any(i < len(q) for q in queues):
            for q in queues:
                if i < len(q) and len(picked) < n:
                    picked.append(q[i])
            i += 1
        for j, r in enumerate(picked):
            out.append((r, LANGUAGES[(j + n_intent) % len(LANGUAGES)]))
    return out


def read_translations(path):
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                source, language, text = line.split("\t")
                out[(source, language)] = clean(text)
    return out


def write_jsonl(path, items):
    with open(os.path.join(REPO, path), "w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    data = args[0]
    reserved = set()
    for path in RESERVED_EVAL:
        with open(os.path.join(REPO, path), encoding="utf-8") as f:
            reserved |= {norm(json.loads(l)["text"]) for l in f if l.strip()}

    rows = load(data)
    for r in rows:
        assert r.intent in KEFU_INTENTS, r.intent
    train, heldout = split(rows, reserved)
    assert not {norm(r.text) for r in train} & {norm(r.text) for r in heldout}

    tr_sample = sample_for_translation(train, TRAIN_TRANSLATED, TRAIN_TRANSLATED_OTHER)
    ho_sample = sample_for_translation(heldout, HELDOUT_TRANSLATED, HELDOUT_TRANSLATED_OTHER)
    tr_tsv = os.path.join(REPO, TRAIN_DIR, "translations.tsv")
    ho_tsv = os.path.join(REPO, EVAL_DIR, "translations.tsv")

    if "--worklist" in sys.argv:
        for name, sample, tsv in (("train", tr_sample, tr_tsv), ("heldout", ho_sample, ho_tsv)):
            have = read_translations(tsv)
            for r, lang in sample:
                if (r.source, lang) not in have:
                    print(json.dumps({"split": name, "source": r.source, "language": lang,
                                      "intent": r.intent, "text": r.text}, ensure_ascii=False))
        return

    os.makedirs(os.path.join(REPO, TRAIN_DIR), exist_ok=True)
    os.makedirs(os.path.join(REPO, EVAL_DIR), exist_ok=True)
    order = {i: n for n, i in enumerate(KEFU_INTENTS)}
    train.sort(key=lambda r: (order[r.intent], r.dataset, key(r.source)))
    heldout.sort(key=lambda r: (order[r.intent], r.dataset, key(r.source)))
    write_jsonl(os.path.join(TRAIN_DIR, "train.jsonl"),
                ({"intent": r.intent, "language": "en", "text": r.text, "source": r.source}
                 for r in train))
    write_jsonl(os.path.join(EVAL_DIR, "heldout.jsonl"),
                ({"text": r.text, "language": "en", "intent": r.intent, "translated": False}
                 for r in heldout))
    with open(os.path.join(REPO, EVAL_DIR, "heldout-sources.tsv"), "w", encoding="utf-8") as f:
        f.write("line\tsource\n")
        for n, r in enumerate(heldout, 1):
            f.write(f"{n}\t{r.source}\n")

    missing = 0
    have = read_translations(tr_tsv)
    items = []
    for r, lang in tr_sample:
        text = have.get((r.source, lang))
        if text is None:
            missing += 1
            continue
        items.append({"intent": r.intent, "language": lang, "text": text, "translated": True,
                      "source": r.source})
    items.sort(key=lambda x: (order[x["intent"]], LANGUAGES.index(x["language"]), x["source"]))
    write_jsonl(os.path.join(TRAIN_DIR, "train-multilingual.jsonl"), items)

    have = read_translations(ho_tsv)
    cases = []
    for r, lang in ho_sample:
        text = have.get((r.source, lang))
        if text is None:
            missing += 1
            continue
        cases.append((r, lang, text))
    cases.sort(key=lambda c: (order[c[0].intent], LANGUAGES.index(c[1]), c[0].source))
    write_jsonl(os.path.join(EVAL_DIR, "heldout-multilingual.jsonl"),
                ({"text": t, "language": l, "intent": r.intent, "translated": True}
                 for r, l, t in cases))
    with open(os.path.join(REPO, EVAL_DIR, "heldout-multilingual-sources.tsv"), "w",
              encoding="utf-8") as f:
        f.write("line\tsource\n")
        for n, (r, _, _) in enumerate(cases, 1):
            f.write(f"{n}\t{r.source}\n")

    # Licences travel with the data (CDLA-Sharing-1.0 requires its text; CC BY, attribution).
    licences = {
        "bitext": ("bitext_customer_support", "LICENSE.txt", "LICENSE-bitext-CDLA-Sharing-1.0.txt"),
        "clinc150": ("clinc150", "LICENSE", "LICENSE-clinc150-CC-BY-3.0.txt"),
        "nlupp": ("nlupp", "LICENSE", "LICENSE-nlupp-CC-BY-4.0.txt"),
        "banking77": ("banking77", "LICENSE", "LICENSE-banking77-CC-BY-4.0.txt"),
    }
    for folder, name, target in licences.values():
        with open(os.path.join(data, folder, name), encoding="utf-8") as f:
            text = f.read()
        for d in (TRAIN_DIR, EVAL_DIR):
            with open(os.path.join(REPO, d, target), "w", encoding="utf-8") as f:
                f.write(text)

    # No text, English or translated, on both sides (after normalisation).
    trained = {norm(r.text) for r in train} | {norm(x["text"]) for x in items}
    held = {norm(r.text) for r in heldout} | {norm(t) for _, _, t in cases}
    if trained & held:
        sys.exit(f"in both training and held-out: {sorted(trained & held)}")

    counts = Counter((r.intent, r.dataset) for r in train)
    hcounts = Counter((r.intent, r.dataset) for r in heldout)
    for intent in KEFU_INTENTS:
        for dataset in ("bitext", "clinc150", "nlupp", "banking77"):
            if counts[(intent, dataset)] or hcounts[(intent, dataset)]:
                print(f"{intent:20} {dataset:10} train {counts[(intent, dataset)]:4} "
                      f"heldout {hcounts[(intent, dataset)]:4}", file=sys.stderr)
    print(f"train {len(train)}, heldout {len(heldout)}, train-multilingual {len(items)}, "
          f"heldout-multilingual {len(cases)}, translations missing {missing}", file=sys.stderr)
    if missing and "--allow-missing" not in sys.argv:
        sys.exit(f"{missing} translations missing: run with --worklist")


if __name__ == "__main__":
    main()
