-- The scheduled fetches of charts from their services.

-- Each fetch of one genre's chart from one service: what it stored, or why it stored nothing. The latest per source
-- tells the schedule when that source is due again after a restart, and the charts pages when it was last read.
CREATE TABLE chart_fetches (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    genre_code text NOT NULL REFERENCES chart_genres (code) ON DELETE CASCADE ON UPDATE CASCADE,
    service text NOT NULL CHECK (service IN ('spotify', 'apple-music', 'billboard', 'deezer', 'beatport', 'lastfm',
                                             'shazam')),
    fetched_at timestamptz NOT NULL DEFAULT now(),
    chart_id bigint REFERENCES charts (id) ON DELETE SET NULL,
    entries integer,
    matched integer,
    new_recordings integer,
    unmatched integer,
    -- Why nothing was stored: the service's refusal or failure, or the reader's words about its answer.
    failure text CHECK (char_length(failure) <= 1000),
    CHECK ((failure IS NULL) = (entries IS NOT NULL))
);
CREATE INDEX chart_fetches_source ON chart_fetches (genre_code, service, fetched_at DESC);

-- ISRCs a service gave for its own track ids (Deezer's chart items carry none; its track read does), so each track
-- is read once. A NULL ISRC: the service was asked and has none.
CREATE TABLE service_track_isrcs (
    service text NOT NULL CHECK (service IN ('spotify', 'deezer', 'soundcloud')),
    service_id text NOT NULL CHECK (char_length(service_id) BETWEEN 1 AND 100),
    isrc text CHECK (isrc ~ '^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$'),
    looked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service, service_id)
);

-- The video or track that stands for a recording at a service that counts its plays (YouTube, SoundCloud), found
-- once by searching its title and artists. A NULL id: searched, and nothing was close enough; searched again later.
CREATE TABLE recording_links (
    recording_id bigint NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
    service text NOT NULL CHECK (service IN ('youtube', 'soundcloud')),
    external_id text CHECK (char_length(external_id) BETWEEN 1 AND 100),
    searched_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (recording_id, service)
);

-- Deezer's Latin chart (genre 197) stands for the Latin genre too.
INSERT INTO chart_sources (genre_code, service, locator) VALUES ('latin', 'deezer', '197')
ON CONFLICT (genre_code, service) DO NOTHING;
