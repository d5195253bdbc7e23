#!/usr/bin/env python3
"""Maps the Bitext customer-support utterances (CDLA-Sharing-1.0) onto kefu's intents, for
`kefu eval intents`. English only; the classifier never trains on them.

    python3 scripts/map_bitext.py BITEXT_DEV_CSV > knowledge/eval/third_party/bitext/intents.jsonl

Takes, for each mapped Bitext intent, the first 40 utterances in file order; Bitext intents
outside kefu's taxonomy (accounts, newsletter, reviews, placing an order) are left out.
"""
import csv
import json
import sys

MAPPING = {
    "track_order": "order_status",
    "delivery_period": "shipping",
    "delivery_options": "shipping",
    "get_refund": "returns_refunds",
    "track_refund": "returns_refunds",
    "check_refund_policy": "returns_refunds",
    "cancel_order": "cancel_order",
    "check_cancellation_fee": "cancel_order",
    "change_order": "modify_order",
    "change_shipping_address": "modify_order",
    "payment_issue": "payment",
    "check_payment_methods": "payment",
    "check_invoice": "payment",
    "get_invoice": "payment",
    "complaint": "complaint",
    "contact_human_agent": "human_request",
}
PER_INTENT = 40


def main(path):
    taken = {}
    for row in csv.DictReader(open(path, encoding="utf-8")):
        intent = MAPPING.get(row["intent"])
        if intent is None or taken.get(row["intent"], 0) >= PER_INTENT:
            continue
        taken[row["intent"]] = taken.get(row["intent"], 0) + 1
        text = " ".join(row["instruction"].split())
        print(json.dumps({"text": text, "language": "en", "intent": intent}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
