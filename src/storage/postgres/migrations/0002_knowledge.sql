-- Each shop's ingested knowledge, as retrieval loads it: the shop's record (its settings and how
-- its passages were embedded), its passages with their vectors, and its orders. An ingestion
-- writes all three in one transaction, so a shop is never half-written; deleting the record
-- deletes the rest with it (ON DELETE CASCADE), so a shop is never half-removed either.
--
-- Rows carry the same JSON the sled store keeps (the types' serde form) plus the columns that
-- queries select, order or lock by. Ids are compared byte by byte (COLLATE "C"), so shops,
-- passages and orders are listed in the order the sled store lists them whatever the
-- database's locale, and the primary keys serve that order.

-- The shop's record (`ShopRecord`, with its `indexed` mark). A commit writes it first: the row
-- lock makes two nodes' commits or removals of one shop take turns.
CREATE TABLE shops (
    shop    text COLLATE "C" PRIMARY KEY,
    record  jsonb NOT NULL
);

CREATE TABLE passages (
    shop     text COLLATE "C" NOT NULL REFERENCES shops (shop) ON DELETE CASCADE,
    id       text COLLATE "C" NOT NULL,
    -- The content hash, also in the JSON: ingestion reads every passage's hash to find what
    -- changed, and this way without reading the passages themselves.
    hash     text  NOT NULL,
    -- The `StoredPassage` without its vector.
    passage  jsonb NOT NULL,
    -- The embedding as f32 little-endian, four bytes a dimension, exactly the bits written.
    vector   bytea NOT NULL,
    PRIMARY KEY (shop, id)
);
-- Embeddings do not compress: a long vector goes out of line without a futile attempt first.
ALTER TABLE passages ALTER COLUMN vector SET STORAGE EXTERNAL;

-- Every order of the shop (`Order`); a commit replaces the set whole.
CREATE TABLE orders (
    shop      text COLLATE "C" NOT NULL REFERENCES shops (shop) ON DELETE CASCADE,
    order_id  text COLLATE "C" NOT NULL,
    body      jsonb NOT NULL,
    PRIMARY KEY (shop, order_id)
);
