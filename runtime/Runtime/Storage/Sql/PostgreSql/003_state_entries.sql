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
