-- The ledger of order actions buyers confirmed: one row per shop and idempotency key, so two
-- nodes acting on one confirmation at once store one action (the second insert finds the
-- first's row), and a state change is a compare-and-set on `state`.
--
-- Rows carry the same JSON the sled store keeps (`ActionRecord`) plus the columns that queries
-- select, order or compare by; `state` and `created_ms` are the record's own, written with it.

CREATE TABLE actions (
    shop          text   NOT NULL,
    -- The proposal's idempotency key. COLLATE "C": a listing breaks ties of time by the key's
    -- bytes, as sled does.
    action_key    text COLLATE "C" NOT NULL,
    conversation  text   NOT NULL,
    -- `ActionState::as_str`.
    state         text   NOT NULL,
    created_ms    bigint NOT NULL,
    record        jsonb  NOT NULL,
    PRIMARY KEY (shop, action_key)
);
CREATE INDEX actions_by_age ON actions (shop, created_ms DESC, action_key);
CREATE INDEX actions_by_conversation ON actions (shop, conversation);
