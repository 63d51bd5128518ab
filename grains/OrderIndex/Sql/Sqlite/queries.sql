-- Named queries of the order index (Sqlite). Each starts with a "-- name: X" line.

-- name: CreateSchemaVersionTable
CREATE TABLE IF NOT EXISTS og_order_index_schema (
    version     INTEGER NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL
);


-- name: GetSchemaVersions
SELECT version FROM og_order_index_schema ORDER BY version;

-- name: InsertSchemaVersion
INSERT INTO og_order_index_schema (version, name, applied_at) VALUES (@version, @name, @now);

-- name: Upsert
-- {rows} is UpsertRow repeated, numbered 0..n-1. A stale or repeated change (version not newer) changes nothing.
-- at_risk_at: a change that puts the order at risk brings its own mark; a change to a status in {past_risk_statuses}
-- (shipped or later, cancelled) clears it; any other change keeps the stored mark.
INSERT INTO og_order_index (order_id, customer_id, channel, status, total, units, warehouses, is_gift, created_at, updated_at, version, at_risk_at)
VALUES {rows}
ON CONFLICT (order_id) DO UPDATE SET
    customer_id = excluded.customer_id,
    channel = excluded.channel,
    status = excluded.status,
    total = excluded.total,
    units = excluded.units,
    warehouses = excluded.warehouses,
    is_gift = excluded.is_gift,
    created_at = excluded.created_at,
    updated_at = excluded.updated_at,
    version = excluded.version,
    at_risk_at = CASE WHEN excluded.status IN ({past_risk_statuses}) THEN NULL
                      ELSE COALESCE(excluded.at_risk_at, og_order_index.at_risk_at) END
WHERE excluded.version > og_order_index.version;

-- name: UpsertRow
(@order_id{i}, @customer_id{i}, @channel{i}, @status{i}, @total{i}, @units{i}, @warehouses{i}, @is_gift{i}, @created_at{i}, @updated_at{i}, @version{i}, @at_risk_at{i})

-- name: Search
-- {where} is "WHERE" and the filters joined by AND, or nothing.
SELECT order_id, customer_id, channel, status, total, units, warehouses, is_gift, created_at, updated_at, version
FROM og_order_index
{where}
ORDER BY created_at DESC, order_id DESC
LIMIT @limit;

-- name: AtRisk
-- The newest at-risk marks, read from the partial index og_order_index_at_risk.
SELECT order_id, customer_id, channel, status, total, units, warehouses, is_gift, created_at, updated_at, version, at_risk_at
FROM og_order_index
WHERE at_risk_at IS NOT NULL
ORDER BY at_risk_at DESC, order_id DESC
LIMIT @limit;

-- name: FilterCustomer
customer_id = @customer_id

-- name: FilterChannel
channel = @channel

-- name: FilterStatuses
-- {statuses} is @status0, @status1, ...
status IN ({statuses})

-- name: FilterCreatedFrom
created_at >= @created_from

-- name: FilterCreatedTo
created_at < @created_to

-- name: FilterBeforeCursor
-- A row-value comparison: both databases turn it into a range of the (…, created_at, order_id) index.
(created_at, order_id) < (@cursor_created, @cursor_order)

-- name: CountByStatus
-- One pass over the index for the dashboard: orders per status, created since @since, split over 2+ warehouses, allocated.
SELECT status,
       COUNT(*),
       COALESCE(SUM(CASE WHEN created_at >= @since THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN warehouses LIKE '%,%' THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN warehouses <> '' THEN 1 ELSE 0 END), 0)
FROM og_order_index
GROUP BY status;
