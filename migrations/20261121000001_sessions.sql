-- Browser sessions, in the layout tower-sessions' PostgreSQL store reads and writes.
-- Kept here so every table Crossfade uses is created by its own migrations.
CREATE SCHEMA IF NOT EXISTS tower_sessions;

CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id text PRIMARY KEY NOT NULL,
    data bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);

-- The periodic clean-up deletes by expiry date.
CREATE INDEX IF NOT EXISTS session_expiry_date_idx ON tower_sessions.session (expiry_date);
