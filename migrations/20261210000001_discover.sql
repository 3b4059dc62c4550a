-- Discover (the fourth part of the product) reads a user's taste from the read model: each track's plays, and its
-- skips, summed with each play counted by how recent it is. A play counts 2^(days after 2020-01-01 / 60); a page
-- multiplies the sums by 2^(-days from 2020-01-01 to now / 60), which makes every play count 0.5^(its age in days /
-- 60): the taste's half-life of 60 days (`TASTE_HALF_LIFE_DAYS` in crates/domain/src/recommend/seed.rs). Summed this
-- way the columns stay exact as plays arrive, without reading the history again on every page. A double holds the
-- sums for centuries of plays.
SET LOCAL statement_timeout = 0;

CREATE FUNCTION play_recency(p_at timestamptz) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT power(2::double precision, extract(epoch FROM p_at - timestamptz '2020-01-01 00:00:00+00')::double precision / (60 * 86400))
$$;

ALTER TABLE track_facts
    ADD COLUMN played_recency double precision NOT NULL DEFAULT 0,
    ADD COLUMN skipped_recency double precision NOT NULL DEFAULT 0;

-- The same refresh as before, with the two sums.
CREATE OR REPLACE FUNCTION refresh_track_facts(p_user bigint, p_tracks text[]) RETURNS void
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
               max(album_name) AS album_name,
               coalesce(sum(play_recency(played_at)) FILTER (WHERE skipped IS NOT TRUE), 0) AS played_recency,
               coalesce(sum(play_recency(played_at)) FILTER (WHERE skipped), 0) AS skipped_recency
        FROM plays WHERE user_id = p_user AND track_id = ANY (p_tracks)
        GROUP BY track_id
    ), computed AS (
        SELECT w.track_id, l.added_at AS liked_at, s.first_listed_at, coalesce(s.playlists, 0) AS playlists,
               coalesce(h.plays, 0) AS plays, coalesce(h.played_recency, 0) AS played_recency,
               coalesce(h.skipped_recency, 0) AS skipped_recency, h.ms_played, coalesce(h.skips, 0) AS skips, h.first_played_at,
               h.last_played_at, t.spotify_id IS NOT NULL AS in_catalog, coalesce(t.name, h.track_name, '') AS title,
               coalesce(credits.ids, '{}') AS artist_ids, coalesce(credits.names, '{}') AS artist_names,
               coalesce(credits.joined, h.artist_name, '') AS artists, t.album_id,
               coalesce(a.name, h.album_name, '') AS album_name, t.duration_ms, t.explicit, t.isrc, release_day(a.release_date) AS release_date,
               nullif(substring(a.release_date FROM '^[0-9]{4}')::smallint, 0) AS release_year, e.danceability,
               e.energy, e.valence, e.acousticness, e.instrumentalness, e.speechiness, e.liveness,
               e.loudness, e.tempo, e.gain, e.key,
               e.mode, e.time_signature, e.genres, e.label, e.label_key, e.tags, e.value_sources
        FROM wanted w
        JOIN effective_enrichment(p_user, p_tracks) e ON e.track_id = w.track_id
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
                                  artists, album_id, album_name, duration_ms, explicit, release_year, isrc, release_date,
                                  danceability, energy, valence, acousticness, instrumentalness, speechiness,
                                  liveness, loudness, tempo, gain, key, mode, time_signature, genres, label,
                                  label_key, tags, value_sources, played_recency, skipped_recency)
    SELECT p_user, track_id, liked_at, first_listed_at, playlists, plays, ms_played, skips, first_played_at,
           last_played_at, in_catalog, title, artist_ids, artist_names, artists, album_id, album_name, duration_ms,
           explicit, release_year, isrc, release_date, danceability, energy, valence, acousticness, instrumentalness, speechiness,
           liveness, loudness, tempo, gain, key, mode, time_signature, genres, label, label_key, tags, value_sources,
           played_recency, skipped_recency
    FROM computed
    ORDER BY track_id
    ON CONFLICT (user_id, track_id) DO UPDATE SET
        liked_at = EXCLUDED.liked_at, first_listed_at = EXCLUDED.first_listed_at, playlists = EXCLUDED.playlists,
        plays = EXCLUDED.plays, ms_played = EXCLUDED.ms_played, skips = EXCLUDED.skips,
        first_played_at = EXCLUDED.first_played_at, last_played_at = EXCLUDED.last_played_at,
        in_catalog = EXCLUDED.in_catalog, title = EXCLUDED.title, artist_ids = EXCLUDED.artist_ids,
        artist_names = EXCLUDED.artist_names, artists = EXCLUDED.artists, album_id = EXCLUDED.album_id,
        album_name = EXCLUDED.album_name, duration_ms = EXCLUDED.duration_ms, explicit = EXCLUDED.explicit,
        release_year = EXCLUDED.release_year, isrc = EXCLUDED.isrc, release_date = EXCLUDED.release_date,
        danceability = EXCLUDED.danceability, energy = EXCLUDED.energy, valence = EXCLUDED.valence,
        acousticness = EXCLUDED.acousticness, instrumentalness = EXCLUDED.instrumentalness,
        speechiness = EXCLUDED.speechiness, liveness = EXCLUDED.liveness, loudness = EXCLUDED.loudness,
        tempo = EXCLUDED.tempo, gain = EXCLUDED.gain, key = EXCLUDED.key, mode = EXCLUDED.mode,
        time_signature = EXCLUDED.time_signature, genres = EXCLUDED.genres, label = EXCLUDED.label,
        label_key = EXCLUDED.label_key, tags = EXCLUDED.tags, value_sources = EXCLUDED.value_sources,
        played_recency = EXCLUDED.played_recency, skipped_recency = EXCLUDED.skipped_recency
    WHERE (f.liked_at, f.first_listed_at, f.playlists, f.plays, f.ms_played, f.skips, f.first_played_at,
           f.last_played_at, f.in_catalog, f.title, f.artist_ids, f.artist_names, f.artists, f.album_id,
           f.album_name, f.duration_ms, f.explicit, f.release_year, f.isrc, f.release_date, f.danceability, f.energy, f.valence,
           f.acousticness, f.instrumentalness, f.speechiness, f.liveness, f.loudness, f.tempo, f.gain,
           f.key, f.mode, f.time_signature, f.genres, f.label,
           f.label_key, f.tags, f.value_sources, f.played_recency, f.skipped_recency)
        IS DISTINCT FROM (EXCLUDED.liked_at, EXCLUDED.first_listed_at, EXCLUDED.playlists, EXCLUDED.plays,
           EXCLUDED.ms_played, EXCLUDED.skips, EXCLUDED.first_played_at, EXCLUDED.last_played_at,
           EXCLUDED.in_catalog, EXCLUDED.title, EXCLUDED.artist_ids, EXCLUDED.artist_names, EXCLUDED.artists,
           EXCLUDED.album_id, EXCLUDED.album_name, EXCLUDED.duration_ms, EXCLUDED.explicit, EXCLUDED.release_year,
           EXCLUDED.isrc, EXCLUDED.release_date,
           EXCLUDED.danceability, EXCLUDED.energy, EXCLUDED.valence, EXCLUDED.acousticness,
           EXCLUDED.instrumentalness, EXCLUDED.speechiness,
           EXCLUDED.liveness, EXCLUDED.loudness, EXCLUDED.tempo, EXCLUDED.gain, EXCLUDED.key, EXCLUDED.mode,
           EXCLUDED.time_signature, EXCLUDED.genres, EXCLUDED.label, EXCLUDED.label_key, EXCLUDED.tags,
           EXCLUDED.value_sources, EXCLUDED.played_recency, EXCLUDED.skipped_recency);

    INSERT INTO library_summary AS s (user_id, tracks, liked, listed, heard_only, version)
    SELECT p_user, count(*), count(liked_at), count(*) FILTER (WHERE playlists > 0),
           count(*) FILTER (WHERE liked_at IS NULL AND playlists = 0), 1
    FROM track_facts WHERE user_id = p_user
    ON CONFLICT (user_id) DO UPDATE SET
        tracks = EXCLUDED.tracks, liked = EXCLUDED.liked, listed = EXCLUDED.listed, heard_only = EXCLUDED.heard_only,
        version = s.version + 1;
END
$$;

UPDATE track_facts f
SET played_recency = h.played_recency, skipped_recency = h.skipped_recency
FROM (SELECT user_id, track_id,
             coalesce(sum(play_recency(played_at)) FILTER (WHERE skipped IS NOT TRUE), 0) AS played_recency,
             coalesce(sum(play_recency(played_at)) FILTER (WHERE skipped), 0) AS skipped_recency
      FROM plays WHERE track_id IS NOT NULL GROUP BY user_id, track_id) AS h
WHERE h.user_id = f.user_id AND h.track_id = f.track_id;

-- The installation's catalog as Discover's candidates last saw it: the jobs that change tracks or their sound (syncs,
-- lookups, enrichment, an artist's albums) move the version on after they commit, and each process rebuilds its
-- candidate vectors when it sees a version newer than the one it built from.
CREATE TABLE discover_catalog (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO discover_catalog DEFAULT VALUES;

-- Discover adds a track to a playlist as a run, so it can be undone like a smart playlist's.
ALTER TABLE smart_playlist_runs DROP CONSTRAINT smart_playlist_runs_trigger_check;
ALTER TABLE smart_playlist_runs
    ADD CONSTRAINT smart_playlist_runs_trigger_check CHECK (trigger IN ('apply', 'schedule', 'undo', 'duplicates', 'discover'));

-- Discover gathers candidates from the artists each user plays most: every album and single of such an artist, its
-- discography read 10 releases a page (Development Mode's most), then each release with its tracks. Progress is kept
-- for the whole installation (the catalog is shared: two users playing one artist read it once), one row per page or
-- release read, so a run cut short by its request budget or a rate limit carries on where it stopped.
CREATE TABLE gathered_artists (
    artist_id text PRIMARY KEY,
    -- The next page of the artist's releases as Spotify linked it, while a reading is under way.
    next_page text,
    -- When the releases were last read to the end: read again a month later for new releases.
    listed_at timestamptz
);

CREATE TABLE gathered_albums (
    album_id text PRIMARY KEY,
    artist_id text NOT NULL REFERENCES gathered_artists ON DELETE CASCADE,
    -- Where the release stood in the artist's list (albums, then singles, newest first): releases are read in it.
    listed_position integer NOT NULL,
    -- When the release was read with its tracks (or found gone); NULL while still to read.
    tracks_read_at timestamptz
);
CREATE INDEX gathered_albums_to_read ON gathered_albums (artist_id, listed_position) WHERE tracks_read_at IS NULL;

-- The `p_count` artists `p_user` played most, with their plays (a track's plays count for each of its artists).
CREATE FUNCTION most_played_artists(p_user bigint, p_count integer) RETURNS TABLE (artist_id text, plays bigint)
LANGUAGE sql STABLE AS $$
    SELECT credited.artist_id, sum(f.plays)::bigint AS plays
    FROM track_facts f CROSS JOIN LATERAL unnest(f.artist_ids) AS credited (artist_id)
    WHERE f.user_id = p_user AND f.plays > 0
    GROUP BY credited.artist_id
    ORDER BY plays DESC, credited.artist_id
    LIMIT p_count
$$;
