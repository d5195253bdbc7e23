#!/usr/bin/env python3
"""Real buyers' product questions from hetPQA (amazon_pqa) as `product_question` examples.

Reads ../shared/data-style amazon_pqa/hetPQA/answer_generation/{train,test}.csv and writes
  knowledge/intents/third_party/hetpqa.jsonl          (train split: training rows)
  knowledge/eval/third_party/hetpqa-heldout.jsonl     (test split: never trained on)
Questions about the products of the pre-sale dev shop (knowledge/eval/presale/pqa-turns.jsonl)
are left out of both, so that shop's questions stay unseen. Questions that also ask about an
order, shipping, returns, payment or a price are left out: they belong to other intents too.

Usage: scripts/map_hetpqa.py DATA_DIR   (the folder holding amazon_pqa/)
"""

import csv
import json
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN_ROWS = 250
HELDOUT_ROWS = 300
# Words that make a question about something other than the product itself.
NOT_PRODUCT = re.compile(
    r"\b(order(ed)?|ship(ping|ped|s)?|deliver(y|ed)?|arriv\w*|return\w*|refund\w*|exchange\w*|"
    r"pay\w*|price[sd]?|cost\w*|cheap\w*|discount\w*|coupon\w*|seller|buy|bought|purchas\w*|"
    r"cancel\w*|track\w*|receiv\w*|send|sent|stock|available|sale)\b",
    re.I,
)


def questions(path, skip):
    seen = set()
    with open(path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f, delimiter="\t")):
            text = " ".join(row["question"].split())
            key = text.lower()
            if row["ASIN"] in skip or key in seen or NOT_PRODUCT.search(text) or not 8 <= len(text) <= 200:
                continue
            seen.add(key)
            yield {"intent": "product_question", "language": "en", "text": text,
                   "source": f"hetpqa/{row['ASIN']}#{os.path.basename(path)[:-4]}-row{i + 2}"}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = os.path.join(sys.argv[1], "amazon_pqa", "hetPQA", "answer_generation")
    dev_shop = open(os.path.join(REPO, "knowledge/eval/presale/pqa-turns.jsonl"), encoding="utf-8").read()
    skip = set(re.findall(r"ASIN (\w+)", dev_shop))
    rng = random.Random(20261207)
    for split, count, target in [("train", TRAIN_ROWS, "knowledge/intents/third_party/hetpqa.jsonl"),
                                 ("test", HELDOUT_ROWS, "knowledge/eval/third_party/hetpqa-heldout.jsonl")]:
        rows = list(questions(os.path.join(folder, f"{split}.csv"), skip))
        rows = sorted(rng.sample(rows, min(count, len(rows))), key=lambda r: r["source"])
        held_out = split == "test"
        with open(os.path.join(REPO, target), "w", encoding="utf-8") as f:
            for row in rows:
                # `kefu eval intents` reads intent, language and text; the sources go beside.
                line = {k: row[k] for k in ("intent", "language", "text")} if held_out else row
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        if held_out:
            with open(os.path.join(REPO, target[:-len(".jsonl")] + "-sources.tsv"), "w", encoding="utf-8") as f:
                for row in rows:
                    f.write(f"{row['source']}\t{row['text']}\n")
        print(f"{target}: {len(rows)} of {split}")


if __name__ == "__main__":
    main()
