-- OrderGrains runtime store, SQLite, schema version 3: keyed entries of a grain state.
-- A state can keep a large keyed collection (a stock slot's reservations, a warehouse's open allocations) as one row
-- per entry beside its state row, so a change writes that entry instead of rewriting the whole collection. Entries
-- change only in the transaction of a version-checked write of their state row.
CREATE TABLE og_grain_entries (
    grain_hash   INTEGER NOT NULL,
    grain_type   TEXT    NOT NULL,
    grain_key    TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    entry_key    TEXT    NOT NULL,
    payload      BLOB    NOT NULL,
    PRIMARY KEY (grain_hash, grain_type, grain_key, state_name, entry_key)
) WITHOUT ROWID;
