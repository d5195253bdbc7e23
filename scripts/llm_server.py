#!/usr/bin/env python3
"""Serve a GGUF model with llama.cpp's own HTTP server (OpenAI chat-completions API), for
kefu's development and tests. Run it with the python of the venv made by
scripts/install-llm.sh (it has xllamacpp); usually through scripts/llm.sh start.

    $KEFU_CACHE/llm/venv/bin/python scripts/llm_server.py --model PATH [--port 8090]
        [--threads 2] [--ctx-size 4096] [--parallel 2]

Listens on 127.0.0.1 only, without the web UI and offline (no model download ever). The model
is served under the alias "kefu-local" (ask for model "kefu-local"). When /health answers it
prints one line
    ready http://127.0.0.1:PORT/v1 model=kefu-local
on stdout, then serves until SIGTERM or SIGINT. llama.cpp's log goes to stderr.

--ctx-size is the whole KV cache, shared by the --parallel slots: each request gets
ctx-size / parallel tokens (prompt + reply). Standard library only, besides xllamacpp.
"""
import argparse
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

ALIAS = "kefu-local"
HOST = "127.0.0.1"


def fail(msg: str, code: int = 1) -> "NoReturn":  # noqa: F821
    print(f"llm_server.py: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def get_json(url: str, timeout: float = 2.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, json.loads(r.read().decode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="GGUF file")
    ap.add_argument("--port", type=int, default=8090)
    ap.add_argument("--threads", type=int, default=2, help="CPU threads for generation and prompt reading")
    ap.add_argument("--ctx-size", type=int, default=4096, help="KV cache size in tokens, shared by the slots")
    ap.add_argument("--parallel", type=int, default=2, help="requests served at once (slots)")
    ap.add_argument("--ready-timeout", type=float, default=120.0, help="seconds to wait for /health")
    args = ap.parse_args()

    if not os.path.isfile(args.model):
        fail(f"model file not found: {args.model} (install it with scripts/install-llm.sh)", 2)
    if not 0 < args.port < 65536:
        fail(f"bad --port {args.port}", 2)
    for name in ("threads", "ctx_size", "parallel"):
        if getattr(args, name) < 1:
            fail(f"--{name.replace('_', '-')} must be >= 1", 2)
    # Fail early and clearly when the port is taken (llama.cpp would only say "failed to init").
    # SO_REUSEADDR as llama.cpp's listener has it: connections in TIME_WAIT do not count.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, args.port))
        except OSError as e:
            fail(f"cannot listen on {HOST}:{args.port}: {e.strerror}; is a server already running "
                 f"there (scripts/llm.sh status)? Or pick another port with --port", 3)

    try:
        import xllamacpp as xlc
    except ImportError as e:
        fail(f"cannot import xllamacpp ({e}); run this with the venv's python: "
             f"$KEFU_CACHE/llm/venv/bin/python (scripts/install-llm.sh makes it)", 2)

    params = xlc.CommonParams()
    params.model.path = os.path.abspath(args.model)
    params.model_alias = {ALIAS}
    params.hostnames = [HOST]
    params.port = args.port
    params.ui = False          # no web UI (the wheel has none built in anyway)
    params.offline = True      # never reach for a model hub
    params.n_ctx = args.ctx_size
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads

    # Blocks until the HTTP server listens and the model is loaded (or raises).
    t0 = time.monotonic()
    try:
        server = xlc.Server(params)
    except Exception as e:  # noqa: BLE001  (xllamacpp raises RuntimeError; the reason is in the log)
        fail(f"llama.cpp server did not start: {e}; see llama.cpp's messages above", 1)

    # llama.cpp installs its own SIGINT/SIGTERM handler, which stops its loop but not this
    # process: put Python's back and shut down through the Server's destructor.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    base = f"http://{HOST}:{args.port}"
    deadline = t0 + args.ready_timeout
    while True:
        try:
            status, body = get_json(base + "/health")
            if status == 200 and body.get("status") == "ok":
                break
        except (urllib.error.URLError, OSError, ValueError):
            pass
        if time.monotonic() > deadline or stop.is_set():
            fail(f"{base}/health did not answer ok within {args.ready_timeout:.0f} s", 1)
        time.sleep(0.2)
    try:
        _, models = get_json(base + "/v1/models")
        ids = [m.get("id") for m in models.get("data", [])]
        alias = ALIAS if ALIAS in ids else (ids[0] if ids else ALIAS)
    except (urllib.error.URLError, OSError, ValueError):
        alias = ALIAS
    print(f"ready {base}/v1 model={alias}", flush=True)
    print(f"llm_server.py: ready in {time.monotonic() - t0:.1f} s; model {args.model}, "
          f"{args.threads} threads, ctx {args.ctx_size} over {args.parallel} slots", file=sys.stderr, flush=True)

    while not stop.wait(1.0):
        pass
    print("llm_server.py: stopping", file=sys.stderr, flush=True)
    # If llama.cpp hangs on the way out, do not hang with it.
    threading.Timer(15.0, lambda: os._exit(1)).start()
    del server  # ~Server: terminate the main loop, stop HTTP, join
    os._exit(0)


if __name__ == "__main__":
    main()
