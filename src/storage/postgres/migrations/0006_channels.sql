-- The channels' poll cursors and applied webhook deliveries, the owner of an outbox row's lease,
-- and the indexes the channel queue's erasures and prunes select by.

-- Where polling a platform without push goes on from, per shop (eBay's, AliExpress's messages).
-- Keyed shop first: a shop's deletion removes its cursors by the key.
CREATE TABLE poll_cursors (
    shop      text NOT NULL,
    platform  text NOT NULL,
    cursor    text NOT NULL,
    PRIMARY KEY (shop, platform)
);

-- Webhook deliveries already applied (Shopify's X-Shopify-Webhook-Id), so a redelivery changes
-- nothing; forgotten after a while (prune_deliveries picks them by applied_at_ms).
CREATE TABLE applied_deliveries (
    platform       text   NOT NULL,
    delivery_id    text   NOT NULL,
    applied_at_ms  bigint NOT NULL,
    PRIMARY KEY (platform, delivery_id)
);
CREATE INDEX applied_deliveries_by_age ON applied_deliveries (applied_at_ms);

-- The node holding an outbox row's lease (until lease_until_ms): `due` hands a row to one node
-- at a time, and gives the holder its own leased rows again. NULL when no node holds it.
ALTER TABLE outbox ADD COLUMN leased_by text;
-- The rows under a lease: few (those being sent), looked at by every `due`.
CREATE INDEX outbox_leased ON outbox (lease_until_ms) WHERE lease_until_ms > 0;

-- A buyer's erasure removes the inbox rows of one platform conversation, which only the
-- message's JSON names.
CREATE INDEX inbox_by_conversation ON inbox (shop, platform, (message ->> 'conversation'));
-- The retention prune removes a shop's answered rows by age.
CREATE INDEX inbox_answered_by_age ON inbox (shop, at_ms) WHERE answered;
