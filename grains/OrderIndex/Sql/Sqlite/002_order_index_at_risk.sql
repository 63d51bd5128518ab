-- The at-risk mark: when the order last recorded a PromiseAtRisk event, null when it has none or has shipped,
-- been cancelled or gone further since. Rows indexed before this migration start unmarked (their events are gone).
ALTER TABLE og_order_index ADD COLUMN at_risk_at INTEGER NULL;

-- The at-risk list reads the newest marks only: a partial index holds just the marked rows.
CREATE INDEX IF NOT EXISTS og_order_index_at_risk ON og_order_index (at_risk_at DESC, order_id DESC) WHERE at_risk_at IS NOT NULL;
