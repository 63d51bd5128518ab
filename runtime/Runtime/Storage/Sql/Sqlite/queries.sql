-- OrderGrains runtime store, SQLite: named queries. Each "-- name: X" line starts a query that runs until the next.
-- Parameters are always bound (@name); times are UTC unix milliseconds.

-- name: CreateSchemaVersionTable
CREATE TABLE IF NOT EXISTS og_schema_version (
    version     INTEGER NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL
);

-- name: GetSchemaVersions
SELECT version FROM og_schema_version ORDER BY version;

-- name: InsertSchemaVersion
INSERT INTO og_schema_version (version, name, applied_at) VALUES (@version, @name, @now);

-- name: ReadState
SELECT payload, version
FROM og_grain_state
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;

-- name: InsertState
INSERT INTO og_grain_state (grain_hash, grain_type, grain_key, state_name, payload, version, modified_at)
VALUES (@grain_hash, @grain_type, @grain_key, @state_name, @payload, 1, @now)
ON CONFLICT (grain_hash, grain_type, grain_key, state_name) DO NOTHING
RETURNING version;

-- name: UpdateState
UPDATE og_grain_state
SET payload = @payload, version = version + 1, modified_at = @now
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
  AND version = @expected_version
RETURNING version;

-- name: ClearState
UPDATE og_grain_state
SET payload = NULL, version = version + 1, modified_at = @now
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
  AND version = @expected_version
RETURNING version;

-- name: CheckStateAbsent
SELECT 0
WHERE NOT EXISTS (
    SELECT 1 FROM og_grain_state
    WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name);

-- name: AdvanceStreamHead
INSERT INTO og_streams (stream_hash, provider, stream_ns, stream_key, head)
VALUES (@stream_hash, @provider, @stream_ns, @stream_key, @count)
ON CONFLICT (stream_hash, provider, stream_ns, stream_key) DO UPDATE SET head = og_streams.head + excluded.head
RETURNING head;

-- name: InsertEvent
INSERT INTO og_stream_events (stream_hash, provider, stream_ns, stream_key, seq, payload, created_at)
VALUES (@stream_hash, @provider, @stream_ns, @stream_key, @seq, @payload, @now);

-- name: InsertSubscription
INSERT INTO og_subscriptions (stream_hash, provider, stream_ns, stream_key, subscription_id, subscriber_type, subscriber_key, checkpoint)
VALUES (@stream_hash, @provider, @stream_ns, @stream_key, @subscription_id, @subscriber_type, @subscriber_key, @checkpoint)
ON CONFLICT (stream_hash, provider, stream_ns, stream_key, subscription_id) DO NOTHING;

-- name: UpsertSubscriptionRewind
INSERT INTO og_subscriptions (stream_hash, provider, stream_ns, stream_key, subscription_id, subscriber_type, subscriber_key, checkpoint)
VALUES (@stream_hash, @provider, @stream_ns, @stream_key, @subscription_id, @subscriber_type, @subscriber_key, @checkpoint)
ON CONFLICT (stream_hash, provider, stream_ns, stream_key, subscription_id) DO UPDATE SET checkpoint = excluded.checkpoint;

-- name: GetSubscriptions
SELECT subscription_id, subscriber_type, subscriber_key, checkpoint
FROM og_subscriptions
WHERE stream_hash = @stream_hash AND provider = @provider AND stream_ns = @stream_ns AND stream_key = @stream_key
ORDER BY subscription_id;

-- name: DeleteSubscription
DELETE FROM og_subscriptions
WHERE stream_hash = @stream_hash AND provider = @provider AND stream_ns = @stream_ns AND stream_key = @stream_key
  AND subscription_id = @subscription_id;

-- name: GetBacklog
-- Oldest work first: ordered by the creation time of the first undelivered event.
SELECT s.stream_ns, s.stream_key, s.subscription_id, s.subscriber_type, s.subscriber_key, s.checkpoint, st.head
FROM og_subscriptions s
JOIN og_streams st
  ON st.stream_hash = s.stream_hash AND st.provider = s.provider AND st.stream_ns = s.stream_ns AND st.stream_key = s.stream_key
LEFT JOIN og_stream_events e
  ON e.stream_hash = s.stream_hash AND e.provider = s.provider AND e.stream_ns = s.stream_ns AND e.stream_key = s.stream_key
 AND e.seq = s.checkpoint + 1
WHERE s.provider = @provider AND s.checkpoint < st.head
ORDER BY e.created_at, s.stream_ns, s.stream_key, s.subscription_id
LIMIT @limit;

-- name: ReadStream
SELECT seq, payload, created_at
FROM og_stream_events
WHERE stream_hash = @stream_hash AND provider = @provider AND stream_ns = @stream_ns AND stream_key = @stream_key
  AND seq > @after_seq
ORDER BY seq
LIMIT @limit;

-- name: GetStreamHead
SELECT head
FROM og_streams
WHERE stream_hash = @stream_hash AND provider = @provider AND stream_ns = @stream_ns AND stream_key = @stream_key;

-- name: AdvanceCheckpoint
UPDATE og_subscriptions
SET checkpoint = @seq
WHERE stream_hash = @stream_hash AND provider = @provider AND stream_ns = @stream_ns AND stream_key = @stream_key
  AND subscription_id = @subscription_id AND checkpoint < @seq;

-- name: UpsertDeadLetter
INSERT INTO og_dead_letters
    (stream_hash, provider, stream_ns, stream_key, subscription_id, seq, subscriber_type, subscriber_key, payload, attempts, error, failed_at)
VALUES
    (@stream_hash, @provider, @stream_ns, @stream_key, @subscription_id, @seq, @subscriber_type, @subscriber_key, @payload, @attempts, @error, @failed_at)
ON CONFLICT (stream_hash, provider, stream_ns, stream_key, subscription_id, seq) DO UPDATE
SET subscriber_type = excluded.subscriber_type, subscriber_key = excluded.subscriber_key, payload = excluded.payload,
    attempts = excluded.attempts, error = excluded.error, failed_at = excluded.failed_at;

-- name: GetDeadLetters
SELECT stream_ns, stream_key, subscription_id, subscriber_type, subscriber_key, seq, payload, attempts, error, failed_at
FROM og_dead_letters
WHERE provider = @provider
ORDER BY failed_at DESC, seq DESC
LIMIT @limit;

-- name: UpsertReminder
INSERT INTO og_reminders (grain_hash, grain_type, grain_key, name, start_at, period_ms)
VALUES (@grain_hash, @grain_type, @grain_key, @name, @start_at, @period_ms)
ON CONFLICT (grain_hash, grain_type, grain_key, name) DO UPDATE SET start_at = excluded.start_at, period_ms = excluded.period_ms;

-- name: DeleteReminder
DELETE FROM og_reminders
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND name = @name;

-- name: GetReminders
SELECT grain_type, grain_key, name, start_at, period_ms
FROM og_reminders
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key
ORDER BY name;

-- name: GetAllReminders
SELECT grain_type, grain_key, name, start_at, period_ms
FROM og_reminders
ORDER BY grain_type, grain_key, name;

-- Cluster: membership and partition leases. Every time is the database's (julianday('now') as unix milliseconds),
-- never a silo's. SQLite has one writer at a time, so no row locks are needed for fencing.

-- name: GetDbTimeMs
SELECT CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER);

-- name: RegisterSilo
INSERT INTO og_silos (silo_id, silo_name, address, gateway, generation, status, started_at, heartbeat_at)
VALUES (@silo_id, @silo_name, @address, @gateway, @generation, 0,
        CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER));

-- name: SetSiloStatus
UPDATE og_silos SET status = @status, heartbeat_at = CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)
WHERE silo_id = @silo_id AND status <> 3;

-- name: HeartbeatSilo
UPDATE og_silos SET heartbeat_at = CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) WHERE silo_id = @silo_id AND status <> 3;

-- name: ReadSilos
SELECT silo_id, silo_name, address, gateway, generation, status, started_at,
       CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) - heartbeat_at
FROM og_silos
ORDER BY silo_id;

-- name: DeclareSiloDead
UPDATE og_silos SET status = 3
WHERE silo_id = @silo_id AND status <> 3 AND heartbeat_at < CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) - @timeout_ms;

-- name: DeleteDeadSilos
DELETE FROM og_silos WHERE status = 3 AND heartbeat_at < CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) - @age_ms;

-- name: EnsurePartitions
WITH RECURSIVE p(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM p WHERE n + 1 < @count)
INSERT OR IGNORE INTO og_partition_leases (partition_id, owner_id, epoch, expires_at)
SELECT n, NULL, 0, 0 FROM p WHERE NOT EXISTS (SELECT 1 FROM og_partition_leases);

-- name: CountPartitions
SELECT COUNT(*) FROM og_partition_leases;

-- name: ReadLeases
SELECT partition_id, owner_id, epoch, expires_at - CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)
FROM og_partition_leases
ORDER BY partition_id;

-- name: RenewLeases
UPDATE og_partition_leases SET expires_at = CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + @duration_ms
WHERE owner_id = @owner_id
RETURNING partition_id, epoch;

-- name: AcquireLease
UPDATE og_partition_leases
SET owner_id = @owner_id, epoch = epoch + 1, expires_at = CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) + @duration_ms
WHERE partition_id = @partition_id AND epoch = @epoch
  AND (owner_id IS NULL OR expires_at <= CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER))
RETURNING epoch;

-- name: ReleaseLease
UPDATE og_partition_leases SET owner_id = NULL, expires_at = CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)
WHERE partition_id = @partition_id AND owner_id = @owner_id AND epoch = @epoch;

-- name: CheckFence
SELECT epoch FROM og_partition_leases
WHERE partition_id = @partition_id AND owner_id = @owner_id AND epoch = @epoch
  AND expires_at > CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER);

-- name: ReadEntries
SELECT entry_key, payload
FROM og_grain_entries
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;

-- name: UpsertEntry
INSERT INTO og_grain_entries (grain_hash, grain_type, grain_key, state_name, entry_key, payload)
VALUES (@grain_hash, @grain_type, @grain_key, @state_name, @entry_key, @payload)
ON CONFLICT (grain_hash, grain_type, grain_key, state_name, entry_key) DO UPDATE SET payload = excluded.payload;

-- name: DeleteEntry
DELETE FROM og_grain_entries
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name AND entry_key = @entry_key;

-- name: ClearEntries
DELETE FROM og_grain_entries
WHERE grain_hash = @grain_hash AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;
