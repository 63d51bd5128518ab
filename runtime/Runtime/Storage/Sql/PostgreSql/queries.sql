-- OrderGrains runtime store, PostgreSQL: named queries. Each "-- name: X" line starts a query that runs until the next.
-- Parameters are always bound (@name); times are timestamptz in UTC.

-- name: CreateSchemaVersionTable
CREATE TABLE IF NOT EXISTS og_schema_version (
    version     integer     NOT NULL,
    name        text        NOT NULL,
    applied_at  timestamptz NOT NULL,
    CONSTRAINT pk_og_schema_version PRIMARY KEY (version)
);

-- name: LockSchema
-- Serializes migrations of concurrently starting processes until the transaction ends.
SELECT pg_advisory_xact_lock(4713590027311961601);

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
SELECT CAST(0 AS bigint)
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
ORDER BY e.created_at NULLS FIRST, s.stream_ns, s.stream_key, s.subscription_id
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

-- Cluster: membership and partition leases. Every time is the database's (clock_timestamp()), never a silo's.

-- name: GetDbTimeMs
SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint);

-- name: RegisterSilo
INSERT INTO og_silos (silo_id, silo_name, address, gateway, generation, status, started_at, heartbeat_at)
VALUES (@silo_id, @silo_name, @address, @gateway, @generation, 0, clock_timestamp(), clock_timestamp());

-- name: SetSiloStatus
-- A dead silo stays dead.
UPDATE og_silos SET status = @status, heartbeat_at = clock_timestamp() WHERE silo_id = @silo_id AND status <> 3;

-- name: HeartbeatSilo
UPDATE og_silos SET heartbeat_at = clock_timestamp() WHERE silo_id = @silo_id AND status <> 3;

-- name: ReadSilos
SELECT silo_id, silo_name, address, gateway, generation, status,
       CAST(EXTRACT(EPOCH FROM started_at) * 1000 AS bigint),
       CAST(EXTRACT(EPOCH FROM (clock_timestamp() - heartbeat_at)) * 1000 AS bigint)
FROM og_silos
ORDER BY silo_id;

-- name: DeclareSiloDead
-- Conditional: only when the heartbeat is still old, so a silo that just heartbeated is not killed by a stale read.
UPDATE og_silos SET status = 3
WHERE silo_id = @silo_id AND status <> 3 AND heartbeat_at < clock_timestamp() - @timeout_ms * interval '1 millisecond';

-- name: DeleteDeadSilos
DELETE FROM og_silos WHERE status = 3 AND heartbeat_at < clock_timestamp() - @age_ms * interval '1 millisecond';

-- name: EnsurePartitions
-- Only into an empty table: a silo configured with another count must fail (CountPartitions), not extend it.
INSERT INTO og_partition_leases (partition_id, owner_id, epoch, expires_at)
SELECT p, NULL, 0, clock_timestamp() FROM generate_series(0, @count - 1) AS p
WHERE NOT EXISTS (SELECT 1 FROM og_partition_leases)
ON CONFLICT (partition_id) DO NOTHING;

-- name: CountPartitions
SELECT CAST(COUNT(*) AS bigint) FROM og_partition_leases;

-- name: ReadLeases
SELECT partition_id, owner_id, epoch, CAST(EXTRACT(EPOCH FROM (expires_at - clock_timestamp())) * 1000 AS bigint)
FROM og_partition_leases
ORDER BY partition_id;

-- name: RenewLeases
-- Rows are locked in partition order, the order write batches take their share locks in (no deadlock).
UPDATE og_partition_leases l SET expires_at = clock_timestamp() + @duration_ms * interval '1 millisecond'
FROM (SELECT partition_id FROM og_partition_leases WHERE owner_id = @owner_id ORDER BY partition_id FOR UPDATE) o
WHERE l.partition_id = o.partition_id
RETURNING l.partition_id, l.epoch;

-- name: AcquireLease
UPDATE og_partition_leases
SET owner_id = @owner_id, epoch = epoch + 1, expires_at = clock_timestamp() + @duration_ms * interval '1 millisecond'
WHERE partition_id = @partition_id AND epoch = @epoch AND (owner_id IS NULL OR expires_at <= clock_timestamp())
RETURNING epoch;

-- name: ReleaseLease
UPDATE og_partition_leases SET owner_id = NULL, expires_at = clock_timestamp()
WHERE partition_id = @partition_id AND owner_id = @owner_id AND epoch = @epoch;

-- name: CheckFence
-- The share lock holds off a takeover (an UPDATE of the row) until this transaction ends, so the new owner reads
-- everything this transaction commits.
SELECT epoch FROM og_partition_leases
WHERE partition_id = @partition_id AND owner_id = @owner_id AND epoch = @epoch AND expires_at > clock_timestamp()
FOR SHARE;

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

-- Bulk forms of the write-batch statements: one statement per kind for a whole group commit, the rows as arrays.
-- Used when no row appears twice in the batch (otherwise the single-row statements above run in order).

-- name: UpdateStates
UPDATE og_grain_state AS g
SET payload = u.payload, version = g.version + 1, modified_at = @now
FROM unnest(@grain_hashes::integer[], @grain_types::text[], @grain_keys::text[], @state_names::text[], @payloads::bytea[], @expected_versions::bigint[], @ordinals::integer[])
    AS u(grain_hash, grain_type, grain_key, state_name, payload, expected_version, ordinal)
WHERE g.grain_hash = u.grain_hash AND g.grain_type = u.grain_type AND g.grain_key = u.grain_key AND g.state_name = u.state_name
  AND g.version = u.expected_version
RETURNING u.ordinal, g.version;

-- name: InsertStates
INSERT INTO og_grain_state (grain_hash, grain_type, grain_key, state_name, payload, version, modified_at)
SELECT u.grain_hash, u.grain_type, u.grain_key, u.state_name, u.payload, 1, @now
FROM unnest(@grain_hashes::integer[], @grain_types::text[], @grain_keys::text[], @state_names::text[], @payloads::bytea[])
    AS u(grain_hash, grain_type, grain_key, state_name, payload)
ON CONFLICT (grain_hash, grain_type, grain_key, state_name) DO NOTHING
RETURNING grain_type, grain_key, state_name;

-- name: InsertEvents
INSERT INTO og_stream_events (stream_hash, provider, stream_ns, stream_key, seq, payload, created_at)
SELECT u.stream_hash, u.provider, u.stream_ns, u.stream_key, u.seq, u.payload, @now
FROM unnest(@stream_hashes::integer[], @providers::text[], @stream_nss::text[], @stream_keys::text[], @seqs::bigint[], @payloads::bytea[])
    AS u(stream_hash, provider, stream_ns, stream_key, seq, payload);

-- name: AdvanceStreamHeads
INSERT INTO og_streams (stream_hash, provider, stream_ns, stream_key, head)
SELECT * FROM unnest(@stream_hashes::integer[], @providers::text[], @stream_nss::text[], @stream_keys::text[], @counts::bigint[])
ON CONFLICT (stream_hash, provider, stream_ns, stream_key) DO UPDATE SET head = og_streams.head + excluded.head
RETURNING provider, stream_ns, stream_key, head;

-- name: InsertSubscriptions
INSERT INTO og_subscriptions (stream_hash, provider, stream_ns, stream_key, subscription_id, subscriber_type, subscriber_key, checkpoint)
SELECT u.stream_hash, u.provider, u.stream_ns, u.stream_key, u.subscription_id, u.subscriber_type, u.subscriber_key, 0
FROM unnest(@stream_hashes::integer[], @providers::text[], @stream_nss::text[], @stream_keys::text[], @subscription_ids::text[],
            @subscriber_types::text[], @subscriber_keys::text[])
    AS u(stream_hash, provider, stream_ns, stream_key, subscription_id, subscriber_type, subscriber_key)
ON CONFLICT (stream_hash, provider, stream_ns, stream_key, subscription_id) DO NOTHING;

-- name: AdvanceCheckpoints
UPDATE og_subscriptions AS s
SET checkpoint = u.seq
FROM unnest(@stream_hashes::integer[], @providers::text[], @stream_nss::text[], @stream_keys::text[], @subscription_ids::text[], @seqs::bigint[])
    AS u(stream_hash, provider, stream_ns, stream_key, subscription_id, seq)
WHERE s.stream_hash = u.stream_hash AND s.provider = u.provider AND s.stream_ns = u.stream_ns AND s.stream_key = u.stream_key
  AND s.subscription_id = u.subscription_id AND s.checkpoint < u.seq;

-- name: UpsertEntries
INSERT INTO og_grain_entries (grain_hash, grain_type, grain_key, state_name, entry_key, payload)
SELECT * FROM unnest(@grain_hashes::integer[], @grain_types::text[], @grain_keys::text[], @state_names::text[], @entry_keys::text[], @payloads::bytea[])
ON CONFLICT (grain_hash, grain_type, grain_key, state_name, entry_key) DO UPDATE SET payload = excluded.payload;

-- name: DeleteEntries
DELETE FROM og_grain_entries AS e
USING unnest(@grain_hashes::integer[], @grain_types::text[], @grain_keys::text[], @state_names::text[], @entry_keys::text[])
    AS u(grain_hash, grain_type, grain_key, state_name, entry_key)
WHERE e.grain_hash = u.grain_hash AND e.grain_type = u.grain_type AND e.grain_key = u.grain_key AND e.state_name = u.state_name
  AND e.entry_key = u.entry_key;

-- name: ReadStates
SELECT u.ordinal, s.payload, s.version
FROM unnest(@grain_hashes::integer[], @grain_types::text[], @grain_keys::text[], @state_names::text[], @ordinals::integer[])
    AS u(grain_hash, grain_type, grain_key, state_name, ordinal)
JOIN og_grain_state AS s
  ON s.grain_hash = u.grain_hash AND s.grain_type = u.grain_type AND s.grain_key = u.grain_key AND s.state_name = u.state_name;

-- name: ReadEntriesOfStates
SELECT u.ordinal, e.entry_key, e.payload
FROM unnest(@grain_hashes::integer[], @grain_types::text[], @grain_keys::text[], @state_names::text[], @ordinals::integer[])
    AS u(grain_hash, grain_type, grain_key, state_name, ordinal)
JOIN og_grain_entries AS e
  ON e.grain_hash = u.grain_hash AND e.grain_type = u.grain_type AND e.grain_key = u.grain_key AND e.state_name = u.state_name;
