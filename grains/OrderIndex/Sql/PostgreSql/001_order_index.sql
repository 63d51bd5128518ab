-- The order index: one row per order, the latest summary from the order change feed.
CREATE TABLE IF NOT EXISTS og_order_index (
    order_id     text        NOT NULL PRIMARY KEY,
    customer_id  text        NOT NULL,
    channel      text        NOT NULL,
    status       text        NOT NULL,
    total        numeric     NOT NULL,
    units        integer     NOT NULL,
    warehouses   text        NOT NULL,
    is_gift      boolean     NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint      NOT NULL
);

-- One index per query shape; each ends with the keyset (created_at, order_id) so a page is one index range scan.
CREATE INDEX IF NOT EXISTS og_order_index_created ON og_order_index (created_at DESC, order_id DESC);
CREATE INDEX IF NOT EXISTS og_order_index_customer ON og_order_index (customer_id, created_at DESC, order_id DESC);
CREATE INDEX IF NOT EXISTS og_order_index_status ON og_order_index (status, created_at DESC, order_id DESC);
CREATE INDEX IF NOT EXISTS og_order_index_channel ON og_order_index (channel, created_at DESC, order_id DESC);
