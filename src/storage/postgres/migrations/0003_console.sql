-- The console's data: agent accounts, their sessions, the shops' audit logs, canned replies and
-- API keys, and cached translations of conversation entries. (Reviews of unsure answers are in
-- 0001: the conversation log writes them; the console lists them and sets verdicts.)
--
-- Rows carry the same JSON the sled store keeps plus the columns that queries select, order or
-- lock by. Columns a listing orders by are COLLATE "C", so the order is the bytes' order, as
-- sled's keys give it, whatever the database's locale.

CREATE TABLE agents (
    id     text COLLATE "C" PRIMARY KEY,
    -- As the agent's JSON has it (the console lower-cases it). Unique: the index, not a read
    -- before the write, decides between two nodes giving one address to two agents at once
    -- (console.rs knows that refusal by the constraint's name).
    email  text  NOT NULL,
    agent  jsonb NOT NULL,
    CONSTRAINT agents_email_unique UNIQUE (email)
);

-- Logged-in sessions, by the SHA-256 (hex) of their token: the token itself is never stored.
CREATE TABLE sessions (
    token_hash  text  PRIMARY KEY,
    session     jsonb NOT NULL
);

-- What agents did, per shop; read newest first (by time, then by the order rows were written).
CREATE TABLE audit (
    id      bigserial PRIMARY KEY,
    shop    text   NOT NULL,
    at_ms   bigint NOT NULL,
    record  jsonb  NOT NULL
);
CREATE INDEX audit_by_age ON audit (shop, at_ms DESC, id DESC);

-- A shop's canned replies (the console sorts them by title).
CREATE TABLE canned (
    shop    text NOT NULL,
    id      text COLLATE "C" NOT NULL,
    canned  jsonb NOT NULL,
    PRIMARY KEY (shop, id)
);

-- Keys for a shop's own systems, by the SHA-256 (hex) of the key; listed and revoked by the
-- hash's first characters.
CREATE TABLE api_keys (
    key_hash       text COLLATE "C" PRIMARY KEY,
    shop           text   NOT NULL,
    created_at_ms  bigint NOT NULL,
    api_key        jsonb  NOT NULL
);
CREATE INDEX api_keys_by_shop ON api_keys (shop, created_at_ms);

-- Entries translated for agents, kept so a second reading costs no second translation. No
-- foreign key to conversations: a conversation's erasure removes them by its key, and the
-- shop's retention by when they were cached.
CREATE TABLE translations (
    shop          text   NOT NULL,
    conversation  text   NOT NULL,
    seq           bigint NOT NULL,
    language      text   NOT NULL,
    cached_at_ms  bigint NOT NULL,
    translated    text   NOT NULL,
    PRIMARY KEY (shop, conversation, seq, language)
);
CREATE INDEX translations_by_age ON translations (shop, cached_at_ms);
