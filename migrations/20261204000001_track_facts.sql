-- The per-user read model of the library: one row per (user, track) for every track the user has liked, has in
-- any of their playlists, or has played, holding everything the library pages, dashboards and rules filter and
-- sort on, so that no page aggregates liked songs, playlist entries and plays on a request. The writers keep it
-- exact: every statement that changes a user's likes, playlist entries or plays, or the catalog's names, calls
-- refresh_track_facts for the tracks it touched, in the same transaction.
--
-- The backfill at the end may take a while on a large database; it runs once.
SET LOCAL statement_timeout = 0;

CREATE TABLE track_facts (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Not a foreign key: a listening history names tracks the catalog has not fetched (yet, or ever).
    track_id text NOT NULL,
    liked_at timestamptz,
    -- The earliest `added_at` among the track's entries in the user's playlists.
    first_listed_at timestamptz,
    -- How many of the user's playlists hold the track.
    playlists integer NOT NULL CHECK (playlists >= 0),
    plays integer NOT NULL CHECK (plays >= 0),
    -- Over the plays whose length is known; NULL when none is (recently played does not report it).
    ms_played bigint,
    skips integer NOT NULL CHECK (skips >= 0),
    first_played_at timestamptz,
    last_played_at timestamptz,
    -- Whether the catalog has the track; otherwise the names below are the ones the history gave.
    in_catalog boolean NOT NULL,
    title text NOT NULL,
    -- The credited artists in credit order (empty for a track not in the catalog), and their names as one text:
    -- separated by ", ", or the artist name the history gave.
    artist_ids text[] NOT NULL,
    artist_names text[] NOT NULL,
    artists text NOT NULL,
    album_id text,
    album_name text NOT NULL,
    duration_ms integer,
    -- When the track came into the library: liked, first put in a playlist, or (heard only) first played.
    added_at timestamptz GENERATED ALWAYS AS (coalesce(liked_at, first_listed_at, first_played_at)) STORED,
    -- How many places hold the track: liked counts one, each playlist one.
    sources integer GENERATED ALWAYS AS ((liked_at IS NOT NULL)::integer + playlists) STORED,
    title_key text GENERATED ALWAYS AS (lower(title)) STORED,
    artists_key text GENERATED ALWAYS AS (lower(artists)) STORED,
    album_key text GENERATED ALWAYS AS (lower(album_name)) STORED,
    -- What a search looks in, lower-cased; the unit separator keeps a match from spanning two fields.
    search_text text GENERATED ALWAYS AS (lower(title || E'\x1f' || artists || E'\x1f' || album_name)) STORED,
    PRIMARY KEY (user_id, track_id),
    CHECK (liked_at IS NOT NULL OR playlists > 0 OR plays > 0)
);

-- A search for a word finds its rows through their trigrams instead of reading every row of the user's library.
-- pg_trgm ships with PostgreSQL and is a trusted extension: a database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX track_facts_search ON track_facts USING gin (search_text gin_trgm_ops);

-- A catalog change (a renamed track, a track a lookup found) refreshes every user's row of that track.
CREATE INDEX track_facts_track ON track_facts (track_id);
-- One index per sortable column of the tracks table. Each serves both directions: read forwards for the column's
-- first direction (words A to Z, numbers and dates largest first), backwards for the other. The two columns that
-- can be unknown have a second index, so unknown values come last both ways.
CREATE INDEX track_facts_by_added ON track_facts (user_id, added_at DESC NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_added_up ON track_facts (user_id, added_at NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_title ON track_facts (user_id, title_key, track_id);
CREATE INDEX track_facts_by_artists ON track_facts (user_id, artists_key, title_key, track_id);
CREATE INDEX track_facts_by_album ON track_facts (user_id, album_key, title_key, track_id);
CREATE INDEX track_facts_by_duration ON track_facts (user_id, duration_ms DESC NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_duration_up ON track_facts (user_id, duration_ms NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_plays ON track_facts (user_id, plays DESC, title_key, track_id);
CREATE INDEX track_facts_by_sources ON track_facts (user_id, sources DESC, title_key, track_id);

-- Counts the pages show for a whole library, kept with the facts: how many tracks by source, how many plays.
CREATE TABLE library_summary (
    user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tracks integer NOT NULL DEFAULT 0 CHECK (tracks >= 0),
    liked integer NOT NULL DEFAULT 0 CHECK (liked >= 0),
    -- In at least one playlist.
    listed integer NOT NULL DEFAULT 0 CHECK (listed >= 0),
    -- Neither liked nor in a playlist: only the plays name them.
    heard_only integer NOT NULL DEFAULT 0 CHECK (heard_only >= 0),
    song_plays bigint NOT NULL DEFAULT 0 CHECK (song_plays >= 0),
    episode_plays bigint NOT NULL DEFAULT 0 CHECK (episode_plays >= 0),
    -- Counts every change to the user's facts or plays, so a page rendered from them can be kept until it moves.
    version bigint NOT NULL DEFAULT 0
);

-- The plays page reads newest first and continues from a play: (played_at, id) is its order and its cursor.
DROP INDEX plays_user_recent;
CREATE INDEX plays_user_recent ON plays (user_id, played_at DESC, id DESC);
DROP INDEX episode_plays_user_recent;
CREATE INDEX episode_plays_user_recent ON episode_plays (user_id, played_at DESC, id DESC);

-- Recomputes `p_user`'s facts of the tracks `p_tracks` from the source tables (likes, playlist entries, plays and
-- the catalog): inserts the rows of tracks that are in the library now, deletes those that left it, rewrites only
-- rows whose values changed, recounts the user's summary and moves its version on. Idempotent, so a writer may pass
-- more tracks than it changed.
CREATE FUNCTION refresh_track_facts(p_user bigint, p_tracks text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    WITH wanted AS (
        SELECT DISTINCT track_id FROM unnest(p_tracks) AS given (track_id) WHERE track_id IS NOT NULL
    ), liked AS (
        SELECT l.track_id, l.added_at FROM liked_tracks l WHERE l.user_id = p_user AND l.track_id = ANY (p_tracks)
    ), listed AS (
        SELECT i.track_id, min(i.added_at) AS first_listed_at, count(DISTINCT i.playlist_id)::integer AS playlists
        FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
        WHERE p.user_id = p_user AND i.track_id = ANY (p_tracks)
        GROUP BY i.track_id
    ), heard AS (
        SELECT track_id, count(*)::integer AS plays, sum(ms_played)::bigint AS ms_played,
               count(*) FILTER (WHERE skipped)::integer AS skips, min(played_at) AS first_played_at,
               max(played_at) AS last_played_at, max(track_name) AS track_name, max(artist_name) AS artist_name,
               max(album_name) AS album_name
        FROM plays WHERE user_id = p_user AND track_id = ANY (p_tracks)
        GROUP BY track_id
    ), computed AS (
        SELECT w.track_id, l.added_at AS liked_at, s.first_listed_at, coalesce(s.playlists, 0) AS playlists,
               coalesce(h.plays, 0) AS plays, h.ms_played, coalesce(h.skips, 0) AS skips, h.first_played_at,
               h.last_played_at, t.spotify_id IS NOT NULL AS in_catalog, coalesce(t.name, h.track_name, '') AS title,
               coalesce(credits.ids, '{}') AS artist_ids, coalesce(credits.names, '{}') AS artist_names,
               coalesce(credits.joined, h.artist_name, '') AS artists, t.album_id,
               coalesce(a.name, h.album_name, '') AS album_name, t.duration_ms
        FROM wanted w
        LEFT JOIN liked l ON l.track_id = w.track_id
        LEFT JOIN listed s ON s.track_id = w.track_id
        LEFT JOIN heard h ON h.track_id = w.track_id
        LEFT JOIN tracks t ON t.spotify_id = w.track_id
        LEFT JOIN albums a ON a.spotify_id = t.album_id
        LEFT JOIN LATERAL (
            SELECT array_agg(ar.spotify_id ORDER BY ta.position) AS ids, array_agg(ar.name ORDER BY ta.position) AS names,
                   string_agg(ar.name, ', ' ORDER BY ta.position) AS joined
            FROM track_artists ta JOIN artists ar ON ar.spotify_id = ta.artist_id
            WHERE ta.track_id = t.spotify_id
        ) AS credits ON true
        WHERE l.track_id IS NOT NULL OR s.track_id IS NOT NULL OR h.track_id IS NOT NULL
    ), gone AS (
        DELETE FROM track_facts f
        WHERE f.user_id = p_user AND f.track_id = ANY (p_tracks)
          AND NOT EXISTS (SELECT FROM computed c WHERE c.track_id = f.track_id)
    )
    INSERT INTO track_facts AS f (user_id, track_id, liked_at, first_listed_at, playlists, plays, ms_played, skips,
                                  first_played_at, last_played_at, in_catalog, title, artist_ids, artist_names,
                                  artists, album_id, album_name, duration_ms)
    SELECT p_user, track_id, liked_at, first_listed_at, playlists, plays, ms_played, skips, first_played_at,
           last_played_at, in_catalog, title, artist_ids, artist_names, artists, album_id, album_name, duration_ms
    FROM computed
    ORDER BY track_id
    ON CONFLICT (user_id, track_id) DO UPDATE SET
        liked_at = EXCLUDED.liked_at, first_listed_at = EXCLUDED.first_listed_at, playlists = EXCLUDED.playlists,
        plays = EXCLUDED.plays, ms_played = EXCLUDED.ms_played, skips = EXCLUDED.skips,
        first_played_at = EXCLUDED.first_played_at, last_played_at = EXCLUDED.last_played_at,
        in_catalog = EXCLUDED.in_catalog, title = EXCLUDED.title, artist_ids = EXCLUDED.artist_ids,
        artist_names = EXCLUDED.artist_names, artists = EXCLUDED.artists, album_id = EXCLUDED.album_id,
        album_name = EXCLUDED.album_name, duration_ms = EXCLUDED.duration_ms
    WHERE (f.liked_at, f.first_listed_at, f.playlists, f.plays, f.ms_played, f.skips, f.first_played_at,
           f.last_played_at, f.in_catalog, f.title, f.artist_ids, f.artist_names, f.artists, f.album_id,
           f.album_name, f.duration_ms)
        IS DISTINCT FROM (EXCLUDED.liked_at, EXCLUDED.first_listed_at, EXCLUDED.playlists, EXCLUDED.plays,
           EXCLUDED.ms_played, EXCLUDED.skips, EXCLUDED.first_played_at, EXCLUDED.last_played_at,
           EXCLUDED.in_catalog, EXCLUDED.title, EXCLUDED.artist_ids, EXCLUDED.artist_names, EXCLUDED.artists,
           EXCLUDED.album_id, EXCLUDED.album_name, EXCLUDED.duration_ms);

    INSERT INTO library_summary AS s (user_id, tracks, liked, listed, heard_only, version)
    SELECT p_user, count(*), count(liked_at), count(*) FILTER (WHERE playlists > 0),
           count(*) FILTER (WHERE liked_at IS NULL AND playlists = 0), 1
    FROM track_facts WHERE user_id = p_user
    ON CONFLICT (user_id) DO UPDATE SET
        tracks = EXCLUDED.tracks, liked = EXCLUDED.liked, listed = EXCLUDED.listed, heard_only = EXCLUDED.heard_only,
        version = s.version + 1;
END
$$;

-- After a catalog write: refreshes the facts of `p_tracks` for every user whose library holds them (their names,
-- artists, album or duration may have changed). Users in id order, so concurrent writers lock in the same order.
CREATE FUNCTION refresh_track_facts_everywhere(p_tracks text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    holder record;
BEGIN
    FOR holder IN
        SELECT user_id, array_agg(track_id) AS tracks FROM track_facts WHERE track_id = ANY (p_tracks)
        GROUP BY user_id ORDER BY user_id
    LOOP
        PERFORM refresh_track_facts(holder.user_id, holder.tracks);
    END LOOP;
END
$$;

-- Recomputes all of `p_user`'s facts and summary from scratch: the backfill below, and tests that write the
-- source tables directly.
CREATE FUNCTION rebuild_track_facts(p_user bigint) RETURNS void
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
END
$$;

SELECT rebuild_track_facts(id) FROM users ORDER BY id;
