-- Conversations, their logs and what is written with their entries: the hand-off queue, the
-- reviews of unsure answers, and the channels' links, inbox and outbox (a marketplace reply
-- enters the outbox in the transaction of its entry).
--
-- Rows carry the same JSON the sled store keeps (the types' serde form) plus the columns that
-- queries select, order or lock by. Ids never contain NUL (see `domain`).

CREATE TABLE conversations (
    shop        text   NOT NULL,
    id          text   NOT NULL,
    -- When its last entry was written (Unix ms): retention picks idle conversations by it.
    last_at_ms  bigint NOT NULL,
    meta        jsonb  NOT NULL,
    PRIMARY KEY (shop, id)
);

CREATE TABLE entries (
    shop          text   NOT NULL,
    conversation  text   NOT NULL,
    seq           bigint NOT NULL,
    at_ms         bigint NOT NULL,
    entry         jsonb  NOT NULL,
    PRIMARY KEY (shop, conversation, seq),
    FOREIGN KEY (shop, conversation) REFERENCES conversations (shop, id) ON DELETE CASCADE
);

-- A buyer message's client id: a resend is recognised and stored once.
CREATE TABLE client_msgs (
    shop           text   NOT NULL,
    conversation   text   NOT NULL,
    client_msg_id  text   NOT NULL,
    seq            bigint NOT NULL,
    PRIMARY KEY (shop, conversation, client_msg_id),
    FOREIGN KEY (shop, conversation) REFERENCES conversations (shop, id) ON DELETE CASCADE
);

-- The shop's hand-off queue: one ticket per conversation waiting for a person.
CREATE TABLE handoffs (
    shop          text   NOT NULL,
    conversation  text   NOT NULL,
    at_ms         bigint NOT NULL,
    seq           bigint NOT NULL,
    ticket        jsonb  NOT NULL,
    PRIMARY KEY (shop, conversation),
    FOREIGN KEY (shop, conversation) REFERENCES conversations (shop, id) ON DELETE CASCADE
);
CREATE INDEX handoffs_by_age ON handoffs (shop, at_ms, seq);

-- Unsure bot answers kept for review; agents add verdicts.
CREATE TABLE reviews (
    shop          text   NOT NULL,
    conversation  text   NOT NULL,
    seq           bigint NOT NULL,
    at_ms         bigint NOT NULL,
    review        jsonb  NOT NULL,
    PRIMARY KEY (shop, conversation, seq),
    FOREIGN KEY (shop, conversation) REFERENCES conversations (shop, id) ON DELETE CASCADE
);
CREATE INDEX reviews_by_age ON reviews (shop, at_ms DESC, seq DESC);

-- Which platform conversation a kefu conversation is.
CREATE TABLE channel_links (
    shop                   text NOT NULL,
    conversation           text NOT NULL,
    platform               text NOT NULL,
    platform_conversation  text NOT NULL,
    PRIMARY KEY (shop, conversation)
);

-- Verified buyer messages from the platforms, de-duplicated by the platform's message id; kept
-- after they are answered until the shop's [retention] inbox has passed.
CREATE TABLE inbox (
    platform    text    NOT NULL,
    shop        text    NOT NULL,
    message_id  text    NOT NULL,
    answered    boolean NOT NULL,
    at_ms       bigint  NOT NULL,
    message     jsonb   NOT NULL,
    PRIMARY KEY (platform, shop, message_id)
);
CREATE INDEX inbox_pending ON inbox (at_ms) WHERE NOT answered;

-- Replies to deliver. A node takes due rows for `lease_until_ms` (FOR UPDATE SKIP LOCKED), so
-- two nodes never send the same reply at once.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    platform        text   NOT NULL,
    shop            text   NOT NULL,
    conversation    text   NOT NULL,
    next_at_ms      bigint NOT NULL,
    lease_until_ms  bigint NOT NULL DEFAULT 0,
    reply           jsonb  NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_at_ms, id);
CREATE INDEX outbox_by_shop ON outbox (shop, platform, conversation);
