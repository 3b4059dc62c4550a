-- Each streaming-history export a user uploaded, and how its import went. The Import page lists them newest first
-- and shows the running one's progress. An import is all or nothing: its plays are committed together when it
-- reaches 'done'; 'failed' keeps none of them and says why in `error`.
CREATE TABLE history_imports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The name the file was uploaded under, as error messages refer to it.
    file_name text NOT NULL,
    byte_size bigint NOT NULL CHECK (byte_size >= 0),
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'importing', 'done', 'failed')),
    -- Progress while importing: bytes of the upload read (compressed bytes for a zip) and records read.
    bytes_read bigint NOT NULL DEFAULT 0 CHECK (bytes_read >= 0),
    plays_read bigint NOT NULL DEFAULT 0 CHECK (plays_read >= 0),
    -- The outcome once done: new song plays, new episode plays, plays already known (from an earlier import or
    -- from recently played), and records that are neither songs nor episodes (audiobooks, empty entries).
    plays_added bigint NOT NULL DEFAULT 0 CHECK (plays_added >= 0),
    episodes_added bigint NOT NULL DEFAULT 0 CHECK (episodes_added >= 0),
    duplicates bigint NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
    other_records bigint NOT NULL DEFAULT 0 CHECK (other_records >= 0),
    -- Why it failed, in words for the user: the file and record at fault, never database text.
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    CHECK ((state = 'failed') = (error IS NOT NULL))
);
CREATE INDEX history_imports_user_recent ON history_imports (user_id, created_at DESC, id DESC);
