#!/usr/bin/env python3
"""Where product attributes sit in the embedding space, on average: kefu's prior for centring.

e5 puts every attribute name near every other ("color", "weight" and "maximum range" are all
~0.8 apart) and every question near them all, so the attribute ranker subtracts the typical
name and the typical value before comparing (retrieval/attributes.rs). This writes the typical
ones, from real product listings nobody on the team wrote: the attribute names and values of
hetPQA (amazon_pqa, CDLA-Sharing 1.0), leaving out the products of the pre-sale dev shop
(knowledge/eval/presale/pqa-turns.jsonl) so it stays unseen.

Writes knowledge/attributes/centres.json: {"embedder", "source", "names": [mean of the
"passage: <name>" vectors], "values": [...], "texts": counts}. Rerun when the embedding model
changes (the embedder id is copied from knowledge/intents/model.json, fitted on the same model).

Usage: scripts/attribute_centres.py DATA_DIR   (the folder holding amazon_pqa/)
Needs the venv of scripts/install-model.sh --check (numpy, onnxruntime, tokenizers).
"""

import csv
import json
import os
import re
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts"))
from check_e5 import DEFAULT_DIR, OnnxE5  # noqa: E402

VALUE_CHARS = 200  # knowledge/mod.rs RANKED_VALUE_CHARS


def parse(candidate):
    """`name: {value: "x", ...}` -> (name, "x, y")."""
    m = re.match(r"\s*([^:{]+?)\s*:\s*(.*)$", candidate, re.S)
    if not m:
        return None
    name = m.group(1).strip().replace("_", " ").replace("-", " ")
    values = [a or b.strip() for a, b in re.findall(r'value:\s*(?:"([^"]*)"|([^,}\s][^,}]*))', m.group(2))]
    values = [v for v in values if v]
    if not values:
        return None
    return name, ", ".join(values)[:VALUE_CHARS]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = os.path.join(sys.argv[1], "amazon_pqa", "hetPQA")
    dev_shop = set(re.findall(r"ASIN (\w+)", open(os.path.join(REPO, "knowledge/eval/presale/pqa-turns.jsonl")).read()))
    names, values = set(), set()
    for split in ["answer_generation/train.csv", "answer_generation/dev.csv", "answer_generation/test.csv",
                  "evidence_ranking/dev.csv"]:
        for row in csv.DictReader(open(os.path.join(root, split)), delimiter="\t"):
            if row["source"] != "attribute" or row["ASIN"] in dev_shop:
                continue
            parsed = parse(row["candidate"])
            if parsed:
                names.add(parsed[0])
                values.add(parsed[1])
    model = OnnxE5(DEFAULT_DIR, 2)

    def mean(texts):
        texts = sorted(texts)
        vectors = [model.embed([f"passage: {t}" for t in texts[i:i + 32]]) for i in range(0, len(texts), 32)]
        return [round(float(x), 6) for x in np.concatenate(vectors).mean(0)]

    embedder = json.load(open(os.path.join(REPO, "knowledge/intents/model.json")))["embedder"]
    out = {
        "embedder": embedder,
        "source": "hetPQA attribute names and values (amazon_pqa, CDLA-Sharing 1.0), dev shop's products left out",
        "texts": {"names": len(names), "values": len(values)},
        "names": mean(names),
        "values": mean(values),
    }
    path = os.path.join(REPO, "knowledge/attributes/centres.json")
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(f"{path}: {len(names)} names, {len(values)} values")


if __name__ == "__main__":
    main()
