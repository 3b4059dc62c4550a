-- New releases for the curation board, stored once for the installation (like the catalog tables): the artists,
-- labels, releases and tracks release feeds list, each with Crossfade's own id, the feed's (Beatport's) id where
-- known, and for tracks the Spotify track they were matched to, with how and how sure. Which user brought a release
-- in is kept per ingest; what a user does with a release lives in the board's tables.

-- An artist credited on a release, one row per folded name (the same artist from a file and from Beatport's API).
CREATE TABLE release_artists (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name_key text NOT NULL UNIQUE,
    name text NOT NULL,
    beatport_id bigint
);

-- A record label, one row per grouping key (crates/domain/src/record_label.rs), as the library's label pages group.
CREATE TABLE release_labels (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label_key text NOT NULL UNIQUE,
    name text NOT NULL,
    beatport_id bigint
);

-- A release (single, EP, album), one row per label and folded name.
CREATE TABLE releases (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_key text NOT NULL UNIQUE,
    name text NOT NULL,
    label_id bigint REFERENCES release_labels (id),
    catalog_number text,
    beatport_id bigint
);
CREATE INDEX releases_label ON releases (label_id);

-- A released track, one row per identity (folded artists, title and mix: crates/domain/src/releases/feed_track.rs),
-- so the same track read from two feeds is one card.
CREATE TABLE release_tracks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identity text NOT NULL UNIQUE,
    beatport_id bigint,
    title text NOT NULL,
    mix text,
    release_id bigint REFERENCES releases (id),
    isrc text,
    bpm real CHECK (bpm BETWEEN 20 AND 400),
    -- Spotify's numbering: pitch class 0 (C) to 11 (B), mode 1 major / 0 minor.
    key_pitch smallint CHECK (key_pitch BETWEEN 0 AND 11),
    key_mode smallint CHECK (key_mode IN (0, 1)),
    CHECK ((key_pitch IS NULL) = (key_mode IS NULL)),
    genre_slug text,
    genre_name text,
    -- The style (crates/domain/src/releases/style.rs) the genre belongs to; NULL for genres no style covers.
    style text,
    release_date date,
    length_ms integer CHECK (length_ms >= 0),
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    -- Matching to Spotify: waiting, matched, proposed to the user (a middle-band score), or no match found.
    match_state text NOT NULL DEFAULT 'pending' CHECK (match_state IN ('pending', 'matched', 'review', 'unmatched')),
    match_method text CHECK (match_method IN ('isrc', 'fuzzy', 'manual')),
    match_confidence real CHECK (match_confidence BETWEEN 0 AND 1),
    -- The matched track, or the proposed one while the state is 'review'.
    spotify_track_id text REFERENCES tracks (spotify_id),
    matched_at timestamptz,
    CHECK ((match_state IN ('matched', 'review')) = (spotify_track_id IS NOT NULL)),
    CHECK ((match_state IN ('matched', 'review')) = (match_method IS NOT NULL AND match_confidence IS NOT NULL))
);
CREATE INDEX release_tracks_style_date ON release_tracks (style, release_date);
CREATE INDEX release_tracks_pending ON release_tracks (id) WHERE match_state = 'pending';
CREATE INDEX release_tracks_spotify ON release_tracks (spotify_track_id) WHERE spotify_track_id IS NOT NULL;
CREATE INDEX release_tracks_isrc ON release_tracks (isrc) WHERE isrc IS NOT NULL;
CREATE INDEX release_tracks_beatport ON release_tracks (beatport_id) WHERE beatport_id IS NOT NULL;

CREATE TABLE release_track_artists (
    release_track_id bigint NOT NULL REFERENCES release_tracks (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('artist', 'remixer')),
    position smallint NOT NULL,
    artist_id bigint NOT NULL REFERENCES release_artists (id),
    PRIMARY KEY (release_track_id, role, position)
);
CREATE INDEX release_track_artists_artist ON release_track_artists (artist_id);

-- One reading of a feed: a user's upload, a file in the watched folder, or the scheduled pull of a style's week.
CREATE TABLE release_ingests (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The user whose upload or whose styles it was; their Spotify access matches the tracks.
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    origin text NOT NULL CHECK (origin IN ('upload', 'folder', 'feed')),
    format text NOT NULL CHECK (format IN ('beatport-api', 'beatport-page', 'beatport-feed', 'top100-csv', 'plain-csv')),
    -- The file's name, or the style and week pulled.
    source text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 300),
    created_at timestamptz NOT NULL DEFAULT now(),
    tracks_read integer NOT NULL CHECK (tracks_read >= 0),
    tracks_new integer NOT NULL CHECK (tracks_new >= 0),
    -- Rows left out: how many, and the first of them with their lines and problems ([{"line":…,"problem":…}]).
    bad_rows_total integer NOT NULL CHECK (bad_rows_total >= 0),
    bad_rows jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX release_ingests_user ON release_ingests (user_id, id DESC);

CREATE TABLE release_ingest_tracks (
    ingest_id bigint NOT NULL REFERENCES release_ingests (id) ON DELETE CASCADE,
    release_track_id bigint NOT NULL REFERENCES release_tracks (id) ON DELETE CASCADE,
    PRIMARY KEY (ingest_id, release_track_id)
);
CREATE INDEX release_ingest_tracks_track ON release_ingest_tracks (release_track_id);
