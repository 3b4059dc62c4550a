-- The per-user read model of the listening history: what the history dashboard charts over any date range. The two
-- writers of plays (a history import's merge and the recently-played poll) call refresh_listening with the earliest
-- play they wrote or changed, in the same transaction, so no page aggregates raw plays.
--
-- Hours and days are UTC, by when a play ended (Spotify's history reports the end). Time listened counts the length
-- each play reports; recently played does not say how long a play lasted, so such plays count as plays only and are
-- counted apart (`unmeasured`) for the page to say so.
--
-- The backfill at the end may take a while on a large database; it runs once.
SET LOCAL statement_timeout = 0;

-- Per user and hour: song plays, their time, skips, plays of unknown length, and podcast episodes kept apart.
CREATE TABLE listening_hours (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The hour's start (UTC).
    hour timestamptz NOT NULL,
    plays integer NOT NULL CHECK (plays >= 0),
    ms_played bigint NOT NULL CHECK (ms_played >= 0),
    skips integer NOT NULL CHECK (skips >= 0),
    unmeasured integer NOT NULL CHECK (unmeasured >= 0),
    episodes integer NOT NULL CHECK (episodes >= 0),
    episode_ms bigint NOT NULL CHECK (episode_ms >= 0),
    PRIMARY KEY (user_id, hour)
);

-- Per user, day and track: what the tops and skips of a date range add up (the whole history reads the per-track
-- totals of track_facts instead).
CREATE TABLE listening_days (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day date NOT NULL,
    track_id text NOT NULL,
    plays integer NOT NULL CHECK (plays > 0),
    ms_played bigint NOT NULL CHECK (ms_played >= 0),
    skips integer NOT NULL CHECK (skips >= 0),
    PRIMARY KEY (user_id, day, track_id)
);

-- Listening sessions: runs of song plays where each starts no more than 30 minutes after the latest end before it.
-- A play starts its length before it ended (a play of unknown length is taken as an instant).
CREATE TABLE listening_sessions (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    plays integer NOT NULL CHECK (plays > 0),
    ms_played bigint NOT NULL CHECK (ms_played >= 0),
    PRIMARY KEY (user_id, started_at),
    CHECK (ended_at >= started_at)
);

-- Recomputes `p_user`'s hours, days and sessions from `p_since` on (the earliest play a writer added or changed;
-- '-infinity' for all of them; NULL for none). Idempotent, so a writer may pass an earlier instant than it needs to.
CREATE FUNCTION refresh_listening(p_user bigint, p_since timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_hour timestamptz := date_trunc('hour', p_since, 'UTC');
    v_day date := (p_since AT TIME ZONE 'UTC')::date;
    v_session timestamptz;
BEGIN
    IF p_since IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM listening_hours WHERE user_id = p_user AND hour >= v_hour;
    INSERT INTO listening_hours (user_id, hour, plays, ms_played, skips, unmeasured, episodes, episode_ms)
    SELECT p_user, hour, sum(plays), sum(ms_played), sum(skips), sum(unmeasured), sum(episodes), sum(episode_ms)
    FROM (
        SELECT date_trunc('hour', played_at, 'UTC') AS hour, 1 AS plays, coalesce(ms_played, 0)::bigint AS ms_played,
               (skipped IS TRUE)::integer AS skips, (ms_played IS NULL)::integer AS unmeasured, 0 AS episodes,
               0::bigint AS episode_ms
        FROM plays WHERE user_id = p_user AND played_at >= v_hour
        UNION ALL
        SELECT date_trunc('hour', played_at, 'UTC'), 0, 0, 0, 0, 1, ms_played
        FROM episode_plays WHERE user_id = p_user AND played_at >= v_hour
    ) AS heard
    GROUP BY hour;

    DELETE FROM listening_days WHERE user_id = p_user AND day >= v_day;
    INSERT INTO listening_days (user_id, day, track_id, plays, ms_played, skips)
    SELECT p_user, (played_at AT TIME ZONE 'UTC')::date, track_id, count(*), coalesce(sum(ms_played), 0),
           count(*) FILTER (WHERE skipped)
    FROM plays
    WHERE user_id = p_user AND track_id IS NOT NULL AND played_at >= v_day::timestamp AT TIME ZONE 'UTC'
    GROUP BY 2, 3;

    -- Sessions are redrawn from the last one that began more than a day before `p_since`: no song lasts a day, so a
    -- new play cannot reach back into an earlier session, and every play of that session and later ones ended after
    -- it began.
    SELECT max(started_at) INTO v_session
    FROM listening_sessions WHERE user_id = p_user AND started_at < p_since - interval '1 day';
    v_session := coalesce(v_session, '-infinity');
    DELETE FROM listening_sessions WHERE user_id = p_user AND started_at >= v_session;
    INSERT INTO listening_sessions (user_id, started_at, ended_at, plays, ms_played)
    WITH heard AS (
        SELECT played_at - coalesce(ms_played, 0) * interval '1 millisecond' AS started, played_at AS ended,
               coalesce(ms_played, 0)::bigint AS ms_played
        FROM plays WHERE user_id = p_user AND played_at >= v_session
    ), marked AS (
        SELECT *, CASE WHEN started - max(ended) OVER (ORDER BY ended, started ROWS BETWEEN UNBOUNDED PRECEDING
                                                       AND 1 PRECEDING) <= interval '30 minutes'
                       THEN 0 ELSE 1 END AS opens
        FROM heard
    ), numbered AS (
        SELECT *, sum(opens) OVER (ORDER BY ended, started ROWS UNBOUNDED PRECEDING) AS session FROM marked
    )
    SELECT p_user, min(started), max(ended), count(*), sum(ms_played) FROM numbered GROUP BY session;
END
$$;

-- Recomputing a user's read model from scratch (the tests that write the source tables directly) includes the
-- listening history.
CREATE OR REPLACE FUNCTION rebuild_track_facts(p_user bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM track_facts WHERE user_id = p_user;
    PERFORM refresh_track_facts(p_user, ARRAY(
        SELECT track_id FROM liked_tracks WHERE user_id = p_user
        UNION
        SELECT i.track_id FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
        WHERE p.user_id = p_user AND i.track_id IS NOT NULL
        UNION
        SELECT track_id FROM plays WHERE user_id = p_user AND track_id IS NOT NULL
    ));
    UPDATE library_summary SET
        song_plays = (SELECT count(*) FROM plays WHERE user_id = p_user),
        episode_plays = (SELECT count(*) FROM episode_plays WHERE user_id = p_user)
    WHERE user_id = p_user;
    PERFORM refresh_listening(p_user, '-infinity');
END
$$;

SELECT refresh_listening(id, '-infinity') FROM users ORDER BY id;
