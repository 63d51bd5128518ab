-- OrderGrains runtime store, PostgreSQL, schema version 2: cluster membership and partition leases.
-- Every time here comes from the database clock (now()), never from a silo's clock, so silos with skewed clocks
-- agree on who is alive and who owns a partition.

-- One row per silo process. silo_id = name@address:port/generation; a restarted process has a new generation, so a
-- silo declared dead never comes back under the same identity.
CREATE TABLE og_silos (
    silo_id       text        NOT NULL,
    silo_name     text        NOT NULL,
    address       text        NOT NULL,
    gateway       text        NULL,
    generation    bigint      NOT NULL,
    status        smallint    NOT NULL,  -- 0 joining, 1 active, 2 shutting down, 3 dead
    started_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NOT NULL,
    CONSTRAINT pk_og_silos PRIMARY KEY (silo_id)
);

-- One row per partition. epoch increments on every change of owner; grain-state writes, stream appends and reminder
-- updates check (owner_id, epoch, expires_at > now()) in their own transaction (fencing).
CREATE TABLE og_partition_leases (
    partition_id  integer     NOT NULL,
    owner_id      text        NULL,
    epoch         bigint      NOT NULL,
    expires_at    timestamptz NOT NULL,
    CONSTRAINT pk_og_partition_leases PRIMARY KEY (partition_id)
);
