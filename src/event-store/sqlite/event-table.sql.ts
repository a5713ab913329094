/**
 * The embedded event log. Append-only is enforced by the database itself, so a
 * bug in our code (or a hand-typed SQL statement) cannot rewrite history.
 */
export const EVENT_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id       TEXT    NOT NULL,
  stream_version  INTEGER NOT NULL,
  event_id        TEXT    NOT NULL UNIQUE,
  type            TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT    NOT NULL,
  prev_hash       TEXT,
  hash            TEXT    NOT NULL,
  UNIQUE (stream_id, stream_version)
);

CREATE TRIGGER IF NOT EXISTS events_reject_update
BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed; record a correcting event instead');
END;

CREATE TRIGGER IF NOT EXISTS events_reject_delete
BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed; record a correcting or redacting event instead');
END;
`;
