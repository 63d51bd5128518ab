-- The order index: one row per order, the latest summary from the order change feed.
-- Times are unix milliseconds; total is TEXT so decimals round-trip exactly.
CREATE TABLE IF NOT EXISTS og_order_index (
    order_id     TEXT    NOT NULL PRIMARY KEY,
    customer_id  TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    total        TEXT    NOT NULL,
    units        INTEGER NOT NULL,
    warehouses   TEXT    NOT NULL,
    is_gift      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL
) WITHOUT ROWID;

-- One index per query shape; each ends with the keyset (created_at, order_id) so a page is one index range scan.
CREATE INDEX IF NOT EXISTS og_order_index_created ON og_order_index (created_at DESC, order_id DESC);
CREATE INDEX IF NOT EXISTS og_order_index_customer ON og_order_index (customer_id, created_at DESC, order_id DESC);
CREATE INDEX IF NOT EXISTS og_order_index_status ON og_order_index (status, created_at DESC, order_id DESC);
CREATE INDEX IF NOT EXISTS og_order_index_channel ON og_order_index (channel, created_at DESC, order_id DESC);
