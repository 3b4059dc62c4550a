-- The durable background-job queue (crate crossfade-jobs). Workers in any number of server processes claim due rows
-- with `FOR UPDATE SKIP LOCKED` and hold them under a lease that heartbeats extend; every time decision uses the
-- database's clock, so processes on different machines agree.
CREATE TABLE jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Which registered handler runs the job, e.g. `sync`.
    kind text NOT NULL CHECK (kind <> ''),
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- The user the job works for: disconnecting (deleting the user) deletes their jobs.
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    -- Requests with the same key collapse into one queued job.
    dedupe_key text,
    -- At most one job with the same key runs at a time (e.g. one per user).
    exclusive_key text,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'failed')),
    -- Not before this time. For a running job, when its current attempt was due.
    run_at timestamptz NOT NULL DEFAULT now(),
    -- Attempts that started and were not given back (a rate-limited or released attempt is given back).
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    -- The worker that runs it, for people reading the table.
    locked_by text,
    -- The lease: another worker may take the job over after this time.
    locked_until timestamptz,
    -- Drawn afresh at every claim. A worker's heartbeat and its final update touch the row only while the token is
    -- still the one its claim drew, so a worker whose lease was taken over can change nothing.
    lease_token bigint,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT jobs_lease_iff_running CHECK (
        (state = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL AND lease_token IS NOT NULL)
    )
);

CREATE SEQUENCE jobs_lease_token_seq AS bigint;

-- Duplicate requests collapse: at most one queued job per dedupe key.
CREATE UNIQUE INDEX jobs_dedupe_key_queued_idx ON jobs (dedupe_key) WHERE state = 'queued';
-- Serialisation that holds across processes: a second running job with the same key cannot be written.
CREATE UNIQUE INDEX jobs_exclusive_key_running_idx ON jobs (exclusive_key) WHERE state = 'running';
-- The claim query: due queued jobs in order, and running jobs whose lease ran out.
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';
-- Status pages and the cascade from users.
CREATE INDEX jobs_user_id_idx ON jobs (user_id, kind);
