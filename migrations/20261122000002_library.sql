-- The mirror of each user's Spotify library, and the part of Spotify's catalog it refers to.
--
-- Catalog tables (artists, albums, tracks, episodes) hold public catalog data shared by every user and are keyed by
-- Spotify ids, so a track liked by two users is stored once and every write is an idempotent upsert. Everything a
-- user owns (likes, saved albums, follows, playlists, top lists, plays, sync state) references users(id) ON DELETE
-- CASCADE: disconnecting deletes it with the user.

CREATE TABLE artists (
    spotify_id text PRIMARY KEY,
    name text NOT NULL,
    -- Empty until the artist's own object was read, and in Development Mode Spotify sends none.
    genres text[] NOT NULL DEFAULT '{}',
    popularity smallint,
    followers integer,
    image_url text,
    -- When the full artist object was last read (NULL: only the name from a track or album is known).
    details_fetched_at timestamptz
);

CREATE TABLE albums (
    spotify_id text PRIMARY KEY,
    name text NOT NULL,
    album_type text,
    release_date text,
    release_date_precision text,
    total_tracks integer,
    image_url text,
    label text,
    popularity smallint,
    upc text,
    -- When the full album object was last read (saved albums arrive in full; albums of tracks do not).
    details_fetched_at timestamptz
);

CREATE TABLE album_artists (
    album_id text NOT NULL REFERENCES albums (spotify_id) ON DELETE CASCADE,
    position smallint NOT NULL,
    artist_id text NOT NULL REFERENCES artists (spotify_id),
    PRIMARY KEY (album_id, position)
);
CREATE INDEX album_artists_artist ON album_artists (artist_id);

CREATE TABLE tracks (
    spotify_id text PRIMARY KEY,
    name text NOT NULL,
    album_id text NOT NULL REFERENCES albums (spotify_id),
    duration_ms integer NOT NULL CHECK (duration_ms >= 0),
    explicit boolean NOT NULL DEFAULT false,
    popularity smallint,
    -- The join key across streaming services (restored to the API in March 2026).
    isrc text,
    disc_number smallint,
    track_number smallint
);
CREATE INDEX tracks_album ON tracks (album_id);
CREATE INDEX tracks_isrc ON tracks (isrc) WHERE isrc IS NOT NULL;

CREATE TABLE track_artists (
    track_id text NOT NULL REFERENCES tracks (spotify_id) ON DELETE CASCADE,
    position smallint NOT NULL,
    artist_id text NOT NULL REFERENCES artists (spotify_id),
    PRIMARY KEY (track_id, position)
);
CREATE INDEX track_artists_artist ON track_artists (artist_id);

CREATE TABLE episodes (
    spotify_id text PRIMARY KEY,
    name text NOT NULL,
    duration_ms integer NOT NULL CHECK (duration_ms >= 0),
    release_date text,
    image_url text
);

-- Liked songs, newest first by added_at as Spotify lists them.
CREATE TABLE liked_tracks (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    track_id text NOT NULL REFERENCES tracks (spotify_id),
    added_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, track_id)
);
CREATE INDEX liked_tracks_recent ON liked_tracks (user_id, added_at DESC);
CREATE INDEX liked_tracks_track ON liked_tracks (track_id);

CREATE TABLE saved_albums (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    album_id text NOT NULL REFERENCES albums (spotify_id),
    added_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, album_id)
);
CREATE INDEX saved_albums_recent ON saved_albums (user_id, added_at DESC);

CREATE TABLE followed_artists (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    artist_id text NOT NULL REFERENCES artists (spotify_id),
    PRIMARY KEY (user_id, artist_id)
);

-- The playlists in a user's list. Kept per user: whether the items may be read depends on who asks.
CREATE TABLE playlists (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    spotify_id text NOT NULL,
    -- Where the playlist sits in the user's list (0 = first).
    list_position integer NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    owner_spotify_id text NOT NULL,
    owner_name text,
    relation text NOT NULL CHECK (relation IN ('owner', 'collaborator', 'follower')),
    public boolean,
    collaborative boolean NOT NULL,
    -- Spotify's version as last listed, and the number of entries it reported.
    snapshot_id text NOT NULL,
    items_total integer NOT NULL CHECK (items_total >= 0),
    image_url text,
    -- The version whose entries playlist_items holds; NULL when they were never read (not readable, or not yet).
    items_snapshot_id text,
    -- The version at which Spotify refused to share the entries (a collaborative playlist the user only follows),
    -- so they are not asked for again until the playlist changes.
    withheld_snapshot_id text,
    UNIQUE (user_id, spotify_id)
);

CREATE TABLE playlist_items (
    playlist_id bigint NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    -- 'unavailable': Spotify lists an entry whose track it no longer has.
    kind text NOT NULL CHECK (kind IN ('track', 'episode', 'local', 'unavailable')),
    track_id text REFERENCES tracks (spotify_id),
    episode_id text REFERENCES episodes (spotify_id),
    -- Local files have no Spotify id: their URI and the names the owner's device reported.
    local_uri text,
    local_name text,
    local_artist text,
    local_album text,
    local_duration_ms integer,
    added_at timestamptz,
    added_by text,
    PRIMARY KEY (playlist_id, position),
    CHECK ((kind = 'track') = (track_id IS NOT NULL)),
    CHECK ((kind = 'episode') = (episode_id IS NOT NULL)),
    CHECK ((kind = 'local') = (local_uri IS NOT NULL))
);
CREATE INDEX playlist_items_track ON playlist_items (track_id) WHERE track_id IS NOT NULL;

CREATE TABLE top_tracks (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    time_range text NOT NULL CHECK (time_range IN ('short_term', 'medium_term', 'long_term')),
    rank smallint NOT NULL CHECK (rank >= 1),
    track_id text NOT NULL REFERENCES tracks (spotify_id),
    PRIMARY KEY (user_id, time_range, rank)
);

CREATE TABLE top_artists (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    time_range text NOT NULL CHECK (time_range IN ('short_term', 'medium_term', 'long_term')),
    rank smallint NOT NULL CHECK (rank >= 1),
    artist_id text NOT NULL REFERENCES artists (spotify_id),
    PRIMARY KEY (user_id, time_range, rank)
);

-- Every song play we know of: from an imported streaming-history export, or polled from recently played (which
-- only ever shows the last 50). played_at is when the play ended, to the second, as both sources report it; it and
-- the URI identify a play, so polling and importing the same play twice keeps one row.
CREATE TABLE plays (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    played_at timestamptz NOT NULL,
    -- NULL when only recently played reported it (the API does not say how long).
    ms_played integer CHECK (ms_played >= 0),
    track_uri text,
    -- The id from the URI. Not a foreign key: history names tracks the catalog mirror has not fetched yet.
    track_id text,
    track_name text,
    artist_name text,
    album_name text,
    reason_start text,
    reason_end text,
    skipped boolean,
    shuffle boolean,
    source text NOT NULL CHECK (source IN ('history', 'recently_played')),
    UNIQUE NULLS NOT DISTINCT (user_id, played_at, track_uri)
);
CREATE INDEX plays_user_track ON plays (user_id, track_id);
CREATE INDEX plays_user_recent ON plays (user_id, played_at DESC);

-- Podcast episode plays from the history export, kept apart from song plays.
CREATE TABLE episode_plays (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    played_at timestamptz NOT NULL,
    ms_played integer NOT NULL CHECK (ms_played >= 0),
    episode_uri text,
    episode_name text,
    show_name text,
    reason_start text,
    reason_end text,
    skipped boolean,
    shuffle boolean,
    UNIQUE NULLS NOT DISTINCT (user_id, played_at, episode_uri)
);
CREATE INDEX episode_plays_user_recent ON episode_plays (user_id, played_at DESC);

-- What the Sync page shows: the state of the user's library sync, one row per user.
CREATE TABLE sync_status (
    user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    state text NOT NULL CHECK (state IN ('idle', 'running', 'waiting', 'failed', 'needs_sign_in')),
    started_at timestamptz,
    last_success_at timestamptz,
    -- When a rate-limited sync resumes (state = 'waiting').
    retry_at timestamptz,
    -- What went wrong, as a code the page turns into plain words (never Spotify's or the database's text).
    problem text,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per-collection progress of the current (or last) sync: items done out of total.
CREATE TABLE sync_progress (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    collection text NOT NULL,
    done integer NOT NULL CHECK (done >= 0),
    total integer NOT NULL CHECK (total >= 0),
    finished boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, collection)
);
