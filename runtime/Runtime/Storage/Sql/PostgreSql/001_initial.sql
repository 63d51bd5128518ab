-- OrderGrains runtime store, PostgreSQL, schema version 1.
-- Every table leads with a hash column (grain_hash = GrainId.StableHash, stream_hash = StableHash of the stream id)
-- that is part of the primary key, so the tables can later be distributed by it (e.g. Citus create_distributed_table).
-- Times are timestamptz (UTC).

CREATE TABLE og_grain_state (
    grain_hash   integer     NOT NULL,
    grain_type   text        NOT NULL,
    grain_key    text        NOT NULL,
    state_name   text        NOT NULL,
    payload      bytea       NULL,
    version      bigint      NOT NULL,
    modified_at  timestamptz NOT NULL,
    CONSTRAINT pk_og_grain_state PRIMARY KEY (grain_hash, grain_type, grain_key, state_name)
);

CREATE TABLE og_streams (
    stream_hash  integer NOT NULL,
    provider     text    NOT NULL,
    stream_ns    text    NOT NULL,
    stream_key   text    NOT NULL,
    head         bigint  NOT NULL,
    CONSTRAINT pk_og_streams PRIMARY KEY (stream_hash, provider, stream_ns, stream_key)
);

CREATE TABLE og_stream_events (
    stream_hash  integer     NOT NULL,
    provider     text        NOT NULL,
    stream_ns    text        NOT NULL,
    stream_key   text        NOT NULL,
    seq          bigint      NOT NULL,
    payload      bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    CONSTRAINT pk_og_stream_events PRIMARY KEY (stream_hash, provider, stream_ns, stream_key, seq)
);

CREATE TABLE og_subscriptions (
    stream_hash      integer NOT NULL,
    provider         text    NOT NULL,
    stream_ns        text    NOT NULL,
    stream_key       text    NOT NULL,
    subscription_id  text    NOT NULL,
    subscriber_type  text    NOT NULL,
    subscriber_key   text    NOT NULL,
    checkpoint       bigint  NOT NULL,
    CONSTRAINT pk_og_subscriptions PRIMARY KEY (stream_hash, provider, stream_ns, stream_key, subscription_id)
);

-- Backlog query: subscriptions of one provider, joined to their stream's head.
CREATE INDEX ix_og_subscriptions_provider
    ON og_subscriptions (provider, stream_hash, stream_ns, stream_key) INCLUDE (checkpoint);

CREATE TABLE og_dead_letters (
    stream_hash      integer     NOT NULL,
    provider         text        NOT NULL,
    stream_ns        text        NOT NULL,
    stream_key       text        NOT NULL,
    subscription_id  text        NOT NULL,
    seq              bigint      NOT NULL,
    subscriber_type  text        NOT NULL,
    subscriber_key   text        NOT NULL,
    payload          bytea       NOT NULL,
    attempts         integer     NOT NULL,
    error            text        NOT NULL,
    failed_at        timestamptz NOT NULL,
    CONSTRAINT pk_og_dead_letters PRIMARY KEY (stream_hash, provider, stream_ns, stream_key, subscription_id, seq)
);

CREATE INDEX ix_og_dead_letters_provider_failed_at
    ON og_dead_letters (provider, failed_at DESC);

CREATE TABLE og_reminders (
    grain_hash  integer     NOT NULL,
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    name        text        NOT NULL,
    start_at    timestamptz NOT NULL,
    period_ms   bigint      NOT NULL,
    CONSTRAINT pk_og_reminders PRIMARY KEY (grain_hash, grain_type, grain_key, name)
);
