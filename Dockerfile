# kefu: build with the Rust toolchain, run on a slim Debian with the demo knowledge.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY config config
COPY benches benches
COPY tests tests
RUN cargo build --locked --release --bin kefu

FROM debian:bookworm-slim
RUN useradd --system --home /var/lib/kefu kefu && mkdir -p /var/lib/kefu/data && chown -R kefu /var/lib/kefu
WORKDIR /var/lib/kefu
COPY --from=build /src/target/release/kefu /usr/local/bin/kefu
COPY config config
COPY knowledge knowledge
USER kefu
ENV KEFU_ENV=production
EXPOSE 8080
ENTRYPOINT ["kefu"]
CMD ["serve", "--data-dir", "/var/lib/kefu/data"]
