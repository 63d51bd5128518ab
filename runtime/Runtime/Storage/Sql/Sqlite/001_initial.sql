-- OrderGrains runtime store, SQLite, schema version 1.
-- Every table leads with a hash column (grain_hash = GrainId.StableHash, stream_hash = StableHash of the stream id)
-- that is part of the primary key, so the schema can later be partitioned by it.
-- Times are UTC unix milliseconds (INTEGER).

CREATE TABLE og_grain_state (
    grain_hash   INTEGER NOT NULL,
    grain_type   TEXT    NOT NULL,
    grain_key    TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    payload      BLOB    NULL,
    version      INTEGER NOT NULL,
    modified_at  INTEGER NOT NULL,
    PRIMARY KEY (grain_hash, grain_type, grain_key, state_name)
) WITHOUT ROWID;

CREATE TABLE og_streams (
    stream_hash  INTEGER NOT NULL,
    provider     TEXT    NOT NULL,
    stream_ns    TEXT    NOT NULL,
    stream_key   TEXT    NOT NULL,
    head         INTEGER NOT NULL,
    PRIMARY KEY (stream_hash, provider, stream_ns, stream_key)
) WITHOUT ROWID;

CREATE TABLE og_stream_events (
    stream_hash  INTEGER NOT NULL,
    provider     TEXT    NOT NULL,
    stream_ns    TEXT    NOT NULL,
    stream_key   TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    payload      BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (stream_hash, provider, stream_ns, stream_key, seq)
) WITHOUT ROWID;

CREATE TABLE og_subscriptions (
    stream_hash      INTEGER NOT NULL,
    provider         TEXT    NOT NULL,
    stream_ns        TEXT    NOT NULL,
    stream_key       TEXT    NOT NULL,
    subscription_id  TEXT    NOT NULL,
    subscriber_type  TEXT    NOT NULL,
    subscriber_key   TEXT    NOT NULL,
    checkpoint       INTEGER NOT NULL,
    PRIMARY KEY (stream_hash, provider, stream_ns, stream_key, subscription_id)
) WITHOUT ROWID;

-- Backlog query: subscriptions of one provider, joined to their stream's head.
CREATE INDEX ix_og_subscriptions_provider
    ON og_subscriptions (provider, stream_hash, stream_ns, stream_key, checkpoint);

CREATE TABLE og_dead_letters (
    stream_hash      INTEGER NOT NULL,
    provider         TEXT    NOT NULL,
    stream_ns        TEXT    NOT NULL,
    stream_key       TEXT    NOT NULL,
    subscription_id  TEXT    NOT NULL,
    seq              INTEGER NOT NULL,
    subscriber_type  TEXT    NOT NULL,
    subscriber_key   TEXT    NOT NULL,
    payload          BLOB    NOT NULL,
    attempts         INTEGER NOT NULL,
    error            TEXT    NOT NULL,
    failed_at        INTEGER NOT NULL,
    PRIMARY KEY (stream_hash, provider, stream_ns, stream_key, subscription_id, seq)
) WITHOUT ROWID;

CREATE INDEX ix_og_dead_letters_provider_failed_at
    ON og_dead_letters (provider, failed_at DESC);

CREATE TABLE og_reminders (
    grain_hash  INTEGER NOT NULL,
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    start_at    INTEGER NOT NULL,
    period_ms   INTEGER NOT NULL,
    PRIMARY KEY (grain_hash, grain_type, grain_key, name)
) WITHOUT ROWID;
