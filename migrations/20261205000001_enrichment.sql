-- Enrichment: what other services (and files users import) say about tracks that Spotify no longer tells a
-- Development-Mode app: audio features, BPM and key, genres and tags, record labels. Every value is stored with its
-- provider and when it was fetched, a track may hold values from several providers, and a preference order picks
-- the effective value the read model (track_facts) exposes. Users' own tags live here too.
SET LOCAL statement_timeout = 0;

-- Audio features per track and provider. Values from a file a user imported belong to that user alone (user_id
-- set, provider 'file'): one user's spreadsheet must not change what another user sees.
CREATE TABLE track_features (
    track_id text NOT NULL,
    provider text NOT NULL CHECK (provider IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz', 'file')),
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    danceability real CHECK (danceability BETWEEN 0 AND 1),
    energy real CHECK (energy BETWEEN 0 AND 1),
    valence real CHECK (valence BETWEEN 0 AND 1),
    acousticness real CHECK (acousticness BETWEEN 0 AND 1),
    instrumentalness real CHECK (instrumentalness BETWEEN 0 AND 1),
    speechiness real CHECK (speechiness BETWEEN 0 AND 1),
    liveness real CHECK (liveness BETWEEN 0 AND 1),
    loudness real CHECK (loudness BETWEEN -60 AND 5),
    tempo real CHECK (tempo BETWEEN 1 AND 300),
    gain real CHECK (gain BETWEEN -60 AND 60),
    -- Pitch class 0 (C) to 11 (B); NULL when the provider detected none.
    key smallint CHECK (key BETWEEN 0 AND 11),
    mode smallint CHECK (mode IN (0, 1)),
    time_signature smallint CHECK (time_signature BETWEEN 3 AND 7),
    fetched_at timestamptz NOT NULL,
    CHECK ((provider = 'file') = (user_id IS NOT NULL)),
    CHECK ((key IS NULL) = (mode IS NULL)),
    UNIQUE NULLS NOT DISTINCT (track_id, provider, user_id)
);

-- Genres per track and provider, on the curated hierarchy (crates/domain/data/genres.csv); each provider's weights
-- of a track sum to 1.
CREATE TABLE track_genres (
    track_id text NOT NULL,
    provider text NOT NULL CHECK (provider IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz', 'file')),
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    genre text NOT NULL,
    weight real NOT NULL CHECK (weight > 0 AND weight <= 1),
    fetched_at timestamptz NOT NULL,
    CHECK ((provider = 'file') = (user_id IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (track_id, provider, user_id, genre)
);
CREATE INDEX track_genres_genre ON track_genres (genre);

-- What providers said that is no genre of the hierarchy ("seen live", "chill", an unknown style), kept as tags.
CREATE TABLE track_source_tags (
    track_id text NOT NULL,
    provider text NOT NULL CHECK (provider IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz', 'file')),
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    tag text NOT NULL CHECK (length(tag) BETWEEN 1 AND 60),
    votes integer NOT NULL DEFAULT 1 CHECK (votes >= 1),
    fetched_at timestamptz NOT NULL,
    CHECK ((provider = 'file') = (user_id IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (track_id, provider, user_id, tag)
);

-- A track's record label per provider, as the provider spells it and under its grouping key ("Parlophone Records"
-- and "PARLOPHONE" group together). Spotify's album label (extended access) is read from albums.label instead.
CREATE TABLE track_labels (
    track_id text NOT NULL,
    provider text NOT NULL CHECK (provider IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz', 'file')),
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL,
    label_key text NOT NULL,
    fetched_at timestamptz NOT NULL,
    CHECK ((provider = 'file') = (user_id IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (track_id, provider, user_id)
);

-- The provider's own ids of a track (ReccoBeats' UUID, Deezer's track and album ids, MusicBrainz's recording),
-- so that a later pass never searches again; never a provider's expiring URL.
CREATE TABLE track_provider_ids (
    track_id text NOT NULL,
    provider text NOT NULL CHECK (provider IN ('reccobeats', 'deezer', 'musicbrainz')),
    external_id text NOT NULL,
    album_external_id text,
    PRIMARY KEY (track_id, provider)
);

-- Albums a provider was asked about (Deezer's album answers genres and label for all its tracks): asked once.
CREATE TABLE provider_albums (
    provider text NOT NULL CHECK (provider IN ('deezer', 'musicbrainz')),
    external_id text NOT NULL,
    genres text[] NOT NULL DEFAULT '{}',
    label text,
    fetched_at timestamptz NOT NULL,
    PRIMARY KEY (provider, external_id)
);

-- Which tracks each provider was asked about and whether it knew them. A track it did not know is asked again once
-- the re-check period has passed; a known one is not asked again.
CREATE TABLE enrichment_checks (
    provider text NOT NULL CHECK (provider IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz')),
    track_id text NOT NULL,
    found boolean NOT NULL,
    checked_at timestamptz NOT NULL,
    PRIMARY KEY (provider, track_id)
);
CREATE INDEX enrichment_checks_misses ON enrichment_checks (provider, checked_at) WHERE NOT found;

-- Each provider's latest run, for the Sources page: when it ran and will run, what it did, and why it waits.
CREATE TABLE enrichment_runs (
    provider text PRIMARY KEY CHECK (provider IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz')),
    last_started_at timestamptz,
    last_finished_at timestamptz,
    next_run_at timestamptz,
    requests bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
    found bigint NOT NULL DEFAULT 0 CHECK (found >= 0),
    missing bigint NOT NULL DEFAULT 0 CHECK (missing >= 0),
    -- 'working', 'waiting' (rate limited until next_run_at), 'failed', 'done'.
    state text NOT NULL CHECK (state IN ('working', 'waiting', 'failed', 'done')),
    -- A plain-words account of the last wait or failure, for the page.
    detail text
);

-- Users' own tags on tracks ("warm-up", a mood, anything): facts like any other.
CREATE TABLE user_tags (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    track_id text NOT NULL,
    tag text NOT NULL CHECK (length(tag) BETWEEN 1 AND 60),
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, track_id, tag)
);
CREATE INDEX user_tags_by_tag ON user_tags (user_id, tag);

-- Which provider's value counts, per field: the installation's order (user_id NULL, written from the settings at
-- start-up) and any user's own order. Providers not named rank after the named ones.
CREATE TABLE source_preferences (
    user_id bigint REFERENCES users (id) ON DELETE CASCADE,
    field text NOT NULL,
    providers text[] NOT NULL,
    UNIQUE NULLS NOT DISTINCT (user_id, field)
);

-- The effective values in the read model.
ALTER TABLE track_facts
    ADD COLUMN danceability real,
    ADD COLUMN energy real,
    ADD COLUMN valence real,
    ADD COLUMN acousticness real,
    ADD COLUMN instrumentalness real,
    ADD COLUMN speechiness real,
    ADD COLUMN liveness real,
    ADD COLUMN loudness real,
    ADD COLUMN tempo real,
    ADD COLUMN gain real,
    ADD COLUMN key smallint,
    ADD COLUMN mode smallint,
    ADD COLUMN time_signature smallint,
    -- Genre ids of the hierarchy, heaviest first over every provider.
    ADD COLUMN genres text[] NOT NULL DEFAULT '{}',
    ADD COLUMN label text,
    ADD COLUMN label_key text,
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
    -- Which provider gave each effective value: {"energy": "reccobeats", "label": "deezer", ...}.
    ADD COLUMN value_sources jsonb NOT NULL DEFAULT '{}';

CREATE INDEX track_facts_by_tempo ON track_facts (user_id, tempo DESC NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_tempo_up ON track_facts (user_id, tempo NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_energy ON track_facts (user_id, energy DESC NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_energy_up ON track_facts (user_id, energy NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_danceability ON track_facts (user_id, danceability DESC NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_danceability_up ON track_facts (user_id, danceability NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_valence ON track_facts (user_id, valence DESC NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_valence_up ON track_facts (user_id, valence NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_label ON track_facts (user_id, label_key NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_label_down ON track_facts (user_id, label_key DESC NULLS LAST, title_key, track_id);
CREATE INDEX track_facts_by_tags ON track_facts USING gin (tags);
CREATE INDEX track_facts_by_genres ON track_facts USING gin (genres);

-- The effective enrichment of `p_tracks` for `p_user`: per field, the value of the first provider in the user's
-- order for that field (else the installation's, else the built-in one) that has a value. Key and mode are one field
-- (packed as key * 2 + mode), so they never come from two providers. Genres are summed over every provider, heaviest
-- first; the provider credited with them is the first in the order that gave any. Tags are the user's own.
CREATE FUNCTION effective_enrichment(p_user bigint, p_tracks text[])
RETURNS TABLE (
    track_id text, danceability real, energy real, valence real, acousticness real, instrumentalness real,
    speechiness real, liveness real, loudness real, tempo real, gain real, key smallint, mode smallint,
    time_signature smallint, genres text[], label text, label_key text, tags text[], value_sources jsonb
)
LANGUAGE sql STABLE AS $$
    WITH orders AS (
        SELECT DISTINCT ON (p.field) p.field, p.providers FROM source_preferences p
        WHERE p.user_id = p_user OR p.user_id IS NULL
        ORDER BY p.field, p.user_id NULLS LAST
    ), offered AS (
        SELECT f.track_id, f.provider, v.field, v.value, NULL::text AS label_name
        FROM track_features f
        CROSS JOIN LATERAL (VALUES
            ('danceability', f.danceability), ('energy', f.energy), ('valence', f.valence),
            ('acousticness', f.acousticness), ('instrumentalness', f.instrumentalness),
            ('speechiness', f.speechiness), ('liveness', f.liveness), ('loudness', f.loudness),
            ('tempo', f.tempo), ('gain', f.gain), ('key', (f.key * 2 + f.mode)::real),
            ('time_signature', f.time_signature::real)
        ) AS v (field, value)
        WHERE f.track_id = ANY (p_tracks) AND (f.user_id IS NULL OR f.user_id = p_user) AND v.value IS NOT NULL
        UNION ALL
        SELECT l.track_id, l.provider, 'label', NULL::real, l.name || E'\x1f' || l.label_key
        FROM track_labels l
        WHERE l.track_id = ANY (p_tracks) AND (l.user_id IS NULL OR l.user_id = p_user)
        UNION ALL
        SELECT DISTINCT g.track_id, g.provider, 'genres', NULL::real, NULL::text
        FROM track_genres g
        WHERE g.track_id = ANY (p_tracks) AND (g.user_id IS NULL OR g.user_id = p_user)
    ), best AS (
        SELECT DISTINCT ON (x.track_id, x.field) x.track_id, x.field, x.value, x.label_name, x.provider
        FROM offered x LEFT JOIN orders o ON o.field = x.field
        ORDER BY x.track_id, x.field, coalesce(array_position(o.providers, x.provider), 100),
                 array_position(ARRAY['spotify', 'file', 'reccobeats', 'deezer', 'musicbrainz'], x.provider)
    ), picked AS (
        SELECT b.track_id,
            max(b.value) FILTER (WHERE b.field = 'danceability') AS danceability,
            max(b.value) FILTER (WHERE b.field = 'energy') AS energy,
            max(b.value) FILTER (WHERE b.field = 'valence') AS valence,
            max(b.value) FILTER (WHERE b.field = 'acousticness') AS acousticness,
            max(b.value) FILTER (WHERE b.field = 'instrumentalness') AS instrumentalness,
            max(b.value) FILTER (WHERE b.field = 'speechiness') AS speechiness,
            max(b.value) FILTER (WHERE b.field = 'liveness') AS liveness,
            max(b.value) FILTER (WHERE b.field = 'loudness') AS loudness,
            max(b.value) FILTER (WHERE b.field = 'tempo') AS tempo,
            max(b.value) FILTER (WHERE b.field = 'gain') AS gain,
            max(b.value) FILTER (WHERE b.field = 'key') AS packed_key,
            max(b.value) FILTER (WHERE b.field = 'time_signature') AS time_signature,
            max(b.label_name) FILTER (WHERE b.field = 'label') AS label,
            jsonb_object_agg(b.field, b.provider) AS value_sources
        FROM best b GROUP BY b.track_id
    ), genres AS (
        SELECT g.track_id, array_agg(g.genre ORDER BY g.total DESC, g.genre) AS genres
        FROM (SELECT track_id, genre, sum(weight) AS total FROM track_genres
              WHERE track_id = ANY (p_tracks) AND (user_id IS NULL OR user_id = p_user)
              GROUP BY track_id, genre) AS g
        GROUP BY g.track_id
    ), tags AS (
        SELECT t.track_id, array_agg(t.tag ORDER BY t.tag) AS tags FROM user_tags t
        WHERE t.user_id = p_user AND t.track_id = ANY (p_tracks)
        GROUP BY t.track_id
    )
    SELECT w.track_id, p.danceability, p.energy, p.valence, p.acousticness, p.instrumentalness, p.speechiness,
           p.liveness, p.loudness, p.tempo, p.gain, (p.packed_key::integer / 2)::smallint,
           (p.packed_key::integer % 2)::smallint, p.time_signature::smallint, coalesce(g.genres, '{}'),
           split_part(p.label, E'\x1f', 1), nullif(split_part(p.label, E'\x1f', 2), ''), coalesce(t.tags, '{}'),
           coalesce(p.value_sources, '{}')
    FROM (SELECT DISTINCT given.track_id FROM unnest(p_tracks) AS given (track_id)) AS w
    LEFT JOIN picked p ON p.track_id = w.track_id
    LEFT JOIN genres g ON g.track_id = w.track_id
    LEFT JOIN tags t ON t.track_id = w.track_id
$$;

-- The read model now carries the effective enrichment too: the same refresh, with the columns above.
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
               max(album_name) AS album_name
        FROM plays WHERE user_id = p_user AND track_id = ANY (p_tracks)
        GROUP BY track_id
    ), computed AS (
        SELECT w.track_id, l.added_at AS liked_at, s.first_listed_at, coalesce(s.playlists, 0) AS playlists,
               coalesce(h.plays, 0) AS plays, h.ms_played, coalesce(h.skips, 0) AS skips, h.first_played_at,
               h.last_played_at, t.spotify_id IS NOT NULL AS in_catalog, coalesce(t.name, h.track_name, '') AS title,
               coalesce(credits.ids, '{}') AS artist_ids, coalesce(credits.names, '{}') AS artist_names,
               coalesce(credits.joined, h.artist_name, '') AS artists, t.album_id,
               coalesce(a.name, h.album_name, '') AS album_name, t.duration_ms, e.danceability, e.energy, e.valence,
               e.acousticness, e.instrumentalness, e.speechiness, e.liveness, e.loudness, e.tempo, e.gain, e.key,
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
                                  artists, album_id, album_name, duration_ms, danceability, energy, valence,
                                  acousticness, instrumentalness, speechiness, liveness, loudness, tempo, gain, key,
                                  mode, time_signature, genres, label, label_key, tags, value_sources)
    SELECT p_user, track_id, liked_at, first_listed_at, playlists, plays, ms_played, skips, first_played_at,
           last_played_at, in_catalog, title, artist_ids, artist_names, artists, album_id, album_name, duration_ms,
           danceability, energy, valence, acousticness, instrumentalness, speechiness, liveness, loudness, tempo,
           gain, key, mode, time_signature, genres, label, label_key, tags, value_sources
    FROM computed
    ORDER BY track_id
    ON CONFLICT (user_id, track_id) DO UPDATE SET
        liked_at = EXCLUDED.liked_at, first_listed_at = EXCLUDED.first_listed_at, playlists = EXCLUDED.playlists,
        plays = EXCLUDED.plays, ms_played = EXCLUDED.ms_played, skips = EXCLUDED.skips,
        first_played_at = EXCLUDED.first_played_at, last_played_at = EXCLUDED.last_played_at,
        in_catalog = EXCLUDED.in_catalog, title = EXCLUDED.title, artist_ids = EXCLUDED.artist_ids,
        artist_names = EXCLUDED.artist_names, artists = EXCLUDED.artists, album_id = EXCLUDED.album_id,
        album_name = EXCLUDED.album_name, duration_ms = EXCLUDED.duration_ms,
        danceability = EXCLUDED.danceability, energy = EXCLUDED.energy, valence = EXCLUDED.valence,
        acousticness = EXCLUDED.acousticness, instrumentalness = EXCLUDED.instrumentalness,
        speechiness = EXCLUDED.speechiness, liveness = EXCLUDED.liveness, loudness = EXCLUDED.loudness,
        tempo = EXCLUDED.tempo, gain = EXCLUDED.gain, key = EXCLUDED.key, mode = EXCLUDED.mode,
        time_signature = EXCLUDED.time_signature, genres = EXCLUDED.genres, label = EXCLUDED.label,
        label_key = EXCLUDED.label_key, tags = EXCLUDED.tags, value_sources = EXCLUDED.value_sources
    WHERE (f.liked_at, f.first_listed_at, f.playlists, f.plays, f.ms_played, f.skips, f.first_played_at,
           f.last_played_at, f.in_catalog, f.title, f.artist_ids, f.artist_names, f.artists, f.album_id,
           f.album_name, f.duration_ms, f.danceability, f.energy, f.valence, f.acousticness, f.instrumentalness,
           f.speechiness, f.liveness, f.loudness, f.tempo, f.gain, f.key, f.mode, f.time_signature, f.genres, f.label,
           f.label_key, f.tags, f.value_sources)
        IS DISTINCT FROM (EXCLUDED.liked_at, EXCLUDED.first_listed_at, EXCLUDED.playlists, EXCLUDED.plays,
           EXCLUDED.ms_played, EXCLUDED.skips, EXCLUDED.first_played_at, EXCLUDED.last_played_at,
           EXCLUDED.in_catalog, EXCLUDED.title, EXCLUDED.artist_ids, EXCLUDED.artist_names, EXCLUDED.artists,
           EXCLUDED.album_id, EXCLUDED.album_name, EXCLUDED.duration_ms, EXCLUDED.danceability, EXCLUDED.energy,
           EXCLUDED.valence, EXCLUDED.acousticness, EXCLUDED.instrumentalness, EXCLUDED.speechiness,
           EXCLUDED.liveness, EXCLUDED.loudness, EXCLUDED.tempo, EXCLUDED.gain, EXCLUDED.key, EXCLUDED.mode,
           EXCLUDED.time_signature, EXCLUDED.genres, EXCLUDED.label, EXCLUDED.label_key, EXCLUDED.tags,
           EXCLUDED.value_sources);

    INSERT INTO library_summary AS s (user_id, tracks, liked, listed, heard_only, version)
    SELECT p_user, count(*), count(liked_at), count(*) FILTER (WHERE playlists > 0),
           count(*) FILTER (WHERE liked_at IS NULL AND playlists = 0), 1
    FROM track_facts WHERE user_id = p_user
    ON CONFLICT (user_id) DO UPDATE SET
        tracks = EXCLUDED.tracks, liked = EXCLUDED.liked, listed = EXCLUDED.listed, heard_only = EXCLUDED.heard_only,
        version = s.version + 1;
END
$$;

