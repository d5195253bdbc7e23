-- Images buyers attach to their messages, per shop, and what each shop's images take.
--
-- `upload_usage` is the shop's quota counter. Every write of a shop's images (store, delete,
-- prune, erase) first locks the shop's counter row and changes it in the same transaction as the
-- images, so two nodes storing at once take turns and the counter is always the sum of the
-- images' sizes: a shop never goes over its quota.

CREATE TABLE uploads (
    shop          text   NOT NULL,
    id            text   NOT NULL,
    -- When it was stored (Unix ms): retention prunes by it.
    at_ms         bigint NOT NULL,
    content_type  text   NOT NULL,
    bytes         bytea  NOT NULL,
    PRIMARY KEY (shop, id)
);
CREATE INDEX uploads_by_age ON uploads (shop, at_ms);
-- PNG, JPEG, WebP and GIF are compressed already: kept out of line without trying again.
ALTER TABLE uploads ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE upload_usage (
    shop        text   PRIMARY KEY,
    used_bytes  bigint NOT NULL CHECK (used_bytes >= 0)
);
