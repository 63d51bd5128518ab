-- OrderGrains runtime store, SQLite, schema version 2: cluster membership and partition leases (a cluster of processes
-- on one machine). Times are unix milliseconds from the database clock (julianday('now')), never from a silo's clock.

-- One row per silo process. silo_id = name@address:port/generation; a restarted process has a new generation, so a
-- silo declared dead never comes back under the same identity.
CREATE TABLE og_silos (
    silo_id       TEXT    NOT NULL,
    silo_name     TEXT    NOT NULL,
    address       TEXT    NOT NULL,
    gateway       TEXT    NULL,
    generation    INTEGER NOT NULL,
    status        INTEGER NOT NULL,  -- 0 joining, 1 active, 2 shutting down, 3 dead
    started_at    INTEGER NOT NULL,
    heartbeat_at  INTEGER NOT NULL,
    PRIMARY KEY (silo_id)
) WITHOUT ROWID;

-- One row per partition. epoch increments on every change of owner; grain-state writes, stream appends and reminder
-- updates check (owner_id, epoch, expires_at > now) in their own transaction (fencing).
CREATE TABLE og_partition_leases (
    partition_id  INTEGER NOT NULL,
    owner_id      TEXT    NULL,
    epoch         INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (partition_id)
) WITHOUT ROWID;
