-- Smart playlists: a rule (crates/domain/src/rules.rs) written to a Spotify playlist when the user applies it or
-- on its schedule, with every run's before and after kept so one click can undo it.

-- The scopes the user granted at their latest consent, by Spotify's names (NULL: signed in before they were
-- recorded, with the sign-in scopes). Writing playlists asks for more through a new consent the first time.
ALTER TABLE users ADD COLUMN granted_scopes text[];

CREATE TABLE smart_playlists (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    -- The saved rule as its JSON (rules/export.rs); always one the rules language accepts.
    rules jsonb NOT NULL,
    -- The builder's work in progress: the rule's JSON text as last sent, accepted or not (NULL: none).
    draft text CHECK (octet_length(draft) <= 65536),
    -- What an import left out of the draft (a Navidrome rule's parts with no equivalent), until it is saved.
    import_notes text[] NOT NULL DEFAULT '{}',
    -- Replace the playlist's contents, append only new matches, or create a new dated playlist on each run.
    target text NOT NULL CHECK (target IN ('replace', 'append', 'dated')),
    -- The Spotify playlist written to: chosen, or created by the first run ('dated': the latest created).
    playlist_id text,
    schedule text NOT NULL DEFAULT 'never' CHECK (schedule IN ('never', 'hourly', 'daily', 'weekly')),
    -- Hourly: the minute past the hour; daily and weekly: the minute of the day (UTC). Weekly: 0 = Monday.
    schedule_minute smallint CHECK (schedule_minute BETWEEN 0 AND 1439),
    schedule_weekday smallint CHECK (schedule_weekday BETWEEN 0 AND 6),
    next_run_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((schedule = 'never') = (next_run_at IS NULL))
);
CREATE INDEX smart_playlists_user ON smart_playlists (user_id, id);
CREATE INDEX smart_playlists_due ON smart_playlists (next_run_at) WHERE next_run_at IS NOT NULL;

-- Every write Crossfade makes to a playlist (a smart playlist's run, duplicates removed, an undo), with what the
-- playlist held before and after it. A run is stored before its first write, so a failure halfway still leaves the
-- way back.
CREATE TABLE smart_playlist_runs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL for duplicates removed from the Duplicates page (and their undos).
    smart_playlist_id bigint REFERENCES smart_playlists (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Who started it: the user's "Apply", the schedule, an undo of an earlier run, or removing duplicates.
    trigger text NOT NULL CHECK (trigger IN ('apply', 'schedule', 'undo', 'duplicates')),
    state text NOT NULL CHECK (state IN ('writing', 'applied', 'unchanged', 'failed', 'waiting')),
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    -- The seed of a random order, so the run writes what its preview showed.
    seed bigint NOT NULL,
    playlist_id text,
    -- The run created the playlist (undoing it removes the playlist again).
    created_playlist boolean NOT NULL DEFAULT false,
    snapshot_before text,
    uris_before text[],
    snapshot_after text,
    uris_after text[],
    added integer CHECK (added >= 0),
    removed integer CHECK (removed >= 0),
    moved integer CHECK (moved >= 0),
    -- Spotify write requests the run made.
    requests integer CHECK (requests >= 0),
    -- What went wrong or what it waits for, in plain words.
    problem text,
    -- For an undo: the run it reverted.
    undoes bigint REFERENCES smart_playlist_runs (id) ON DELETE SET NULL,
    undone_at timestamptz
);
CREATE INDEX smart_playlist_runs_playlist ON smart_playlist_runs (smart_playlist_id, id DESC);
CREATE INDEX smart_playlist_runs_user ON smart_playlist_runs (user_id, id DESC);
