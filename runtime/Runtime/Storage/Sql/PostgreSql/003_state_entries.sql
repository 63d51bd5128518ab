-- OrderGrains runtime store, PostgreSQL, schema version 3: keyed entries of a grain state.
-- A state can keep a large keyed collection (a stock slot's reservations, a warehouse's open allocations) as one row
-- per entry beside its state row, so a change writes that entry instead of rewriting the whole collection. Entries
-- change only in the transaction of a version-checked write of their state row.
CREATE TABLE og_grain_entries (
    grain_hash   integer NOT NULL,
    grain_type   text    NOT NULL,
    grain_key    text    NOT NULL,
    state_name   text    NOT NULL,
    entry_key    text    NOT NULL,
    payload      bytea   NOT NULL,
    CONSTRAINT pk_og_grain_entries PRIMARY KEY (grain_hash, grain_type, grain_key, state_name, entry_key)
);

-- Payloads are JSON written with every group commit: compress the large ones with lz4, much cheaper than the default
-- pglz on the write path, where the server was built with it (otherwise the default stays).
DO $$
BEGIN
    ALTER TABLE og_grain_state ALTER COLUMN payload SET COMPRESSION lz4;
    ALTER TABLE og_grain_entries ALTER COLUMN payload SET COMPRESSION lz4;
    ALTER TABLE og_stream_events ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;

-- Rows rewritten in place all the time (states, entries, stream heads, checkpoints): leave room on each page so an
-- update can stay on its page without touching the index (HOT update).
ALTER TABLE og_grain_state SET (fillfactor = 70);
ALTER TABLE og_grain_entries SET (fillfactor = 70);
ALTER TABLE og_streams SET (fillfactor = 50);
ALTER TABLE og_subscriptions SET (fillfactor = 50);
