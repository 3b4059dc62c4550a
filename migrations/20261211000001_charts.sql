-- Charts: per-genre charts of several services, each entry tied to a recording, merged into one ranking per genre
-- and day, with every service's positions kept day by day. Installation-wide, like the catalog: which user brought a
-- chart in is kept with it.

-- The genres charts are merged for, mapped onto the genre hierarchy (crates/domain/data/genres.csv). The installation
-- may add, rename or drop them; these are the defaults.
CREATE TABLE chart_genres (
    code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(code) <= 40),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    genre_id text NOT NULL,
    shown_order smallint NOT NULL
);

-- Which chart of each service stands for a genre, and what the scheduled fetch asks the service for: a Spotify charts
-- alias, an Apple Music storefront, a Deezer genre id, a Beatport genre id, a Last.fm tag, a Shazam chart. Billboard,
-- the Spotify CSV and Shazam's files can also be imported by hand for any genre.
CREATE TABLE chart_sources (
    genre_code text NOT NULL REFERENCES chart_genres (code) ON DELETE CASCADE ON UPDATE CASCADE,
    service text NOT NULL CHECK (service IN ('spotify', 'apple-music', 'billboard', 'deezer', 'beatport', 'lastfm',
                                             'shazam')),
    locator text NOT NULL CHECK (char_length(locator) BETWEEN 1 AND 200),
    fetched boolean NOT NULL DEFAULT true,
    PRIMARY KEY (genre_code, service)
);

INSERT INTO chart_genres (code, name, genre_id, shown_order) VALUES
    ('pop', 'Pop', 'pop', 1),
    ('dance', 'Dance', 'dance', 2),
    ('rap', 'Rap', 'hip-hop', 3),
    ('country', 'Country', 'country', 4),
    ('electronic', 'Electronic', 'electronic', 5),
    ('rock', 'Rock', 'rock', 6),
    ('r-and-b', 'R&B', 'r-and-b', 7),
    ('latin', 'Latin', 'latin', 8);

INSERT INTO chart_sources (genre_code, service, locator) VALUES
    ('pop', 'spotify', 'regional-global-weekly'), ('pop', 'apple-music', 'us'), ('pop', 'billboard', 'hot-100'),
    ('pop', 'deezer', '132'), ('pop', 'lastfm', 'pop'), ('pop', 'shazam', 'top-200-global'),
    ('dance', 'spotify', 'regional-global-weekly'), ('dance', 'deezer', '113'), ('dance', 'beatport', '39'),
    ('dance', 'lastfm', 'dance'),
    ('rap', 'deezer', '116'), ('rap', 'lastfm', 'rap'), ('rap', 'shazam', 'hip-hop-rap-global'),
    ('country', 'deezer', '84'), ('country', 'lastfm', 'country'), ('country', 'shazam', 'country-global'),
    ('electronic', 'deezer', '106'), ('electronic', 'beatport', '3'), ('electronic', 'lastfm', 'electronic'),
    ('rock', 'deezer', '152'), ('rock', 'lastfm', 'rock'),
    ('r-and-b', 'deezer', '165'), ('r-and-b', 'lastfm', 'rnb'),
    ('latin', 'lastfm', 'latin'), ('latin', 'shazam', 'latin-global');

-- A recording: what the entries of every service are merged on. Named as first charted.
CREATE TABLE recordings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL,
    artists text NOT NULL,
    duration_ms integer CHECK (duration_ms > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every ISRC known for a recording: one recording may carry several (a re-release, another distributor's code).
CREATE TABLE recording_isrcs (
    isrc text PRIMARY KEY CHECK (isrc ~ '^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$'),
    recording_id bigint NOT NULL REFERENCES recordings (id) ON DELETE CASCADE
);
CREATE INDEX recording_isrcs_recording ON recording_isrcs (recording_id);

-- One chart of one service for one genre on one day, imported from a file or fetched. Importing the same chart again
-- replaces its entries.
CREATE TABLE charts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    genre_code text NOT NULL REFERENCES chart_genres (code) ON DELETE CASCADE ON UPDATE CASCADE,
    service text NOT NULL CHECK (service IN ('spotify', 'apple-music', 'billboard', 'deezer', 'beatport', 'lastfm',
                                             'shazam')),
    day date NOT NULL,
    format text NOT NULL CHECK (format IN ('spotify-csv', 'spotify-legacy-csv', 'apple-music-rss', 'billboard-json',
                                           'deezer-chart', 'beatport-top-100', 'lastfm-tag-chart', 'shazam-csv')),
    title text,
    region text,
    period text CHECK (period IN ('daily', 'weekly')),
    origin text NOT NULL CHECK (origin IN ('upload', 'fetch')),
    -- The file's name, or the address fetched.
    source text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 300),
    imported_by bigint REFERENCES users (id) ON DELETE SET NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (genre_code, service, day)
);
CREATE INDEX charts_genre_day ON charts (genre_code, day);

-- An entry as its chart lists it, with the recording it was tied to (how and how sure; 'first-seen' when the entry
-- started the recording), or, unmatched, the recording closest to it to ask about.
CREATE TABLE chart_entries (
    chart_id bigint NOT NULL REFERENCES charts (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position > 0),
    title text NOT NULL,
    artists text NOT NULL,
    isrc text,
    service_id text,
    url text,
    duration_ms integer,
    plays bigint CHECK (plays >= 0),
    previous_position integer,
    peak_position integer,
    periods_on_chart integer,
    recording_id bigint REFERENCES recordings (id) ON DELETE SET NULL,
    match_method text CHECK (match_method IN ('isrc', 'isrc-lookup', 'fuzzy', 'first-seen', 'manual')),
    match_confidence real CHECK (match_confidence BETWEEN 0 AND 1),
    proposed_recording_id bigint REFERENCES recordings (id) ON DELETE SET NULL,
    proposed_confidence real CHECK (proposed_confidence BETWEEN 0 AND 1),
    PRIMARY KEY (chart_id, position),
    CHECK ((recording_id IS NULL) = (match_method IS NULL)),
    CHECK ((match_method IS NULL) = (match_confidence IS NULL))
);
CREATE INDEX chart_entries_recording ON chart_entries (recording_id) WHERE recording_id IS NOT NULL;

-- Play and view counts per recording, service and day (Spotify's streams, Last.fm's plays, YouTube's views,
-- SoundCloud's plays), as the services last reported them that day.
CREATE TABLE recording_counts (
    recording_id bigint NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
    service text NOT NULL CHECK (service IN ('spotify', 'lastfm', 'youtube', 'soundcloud', 'deezer', 'apple-music',
                                             'billboard', 'beatport', 'shazam')),
    day date NOT NULL,
    count bigint NOT NULL CHECK (count >= 0),
    PRIMARY KEY (recording_id, service, day)
);

-- The read model: each genre's merged chart for each day a chart of it was published, by every ranking method,
-- written again by each import or fetch that changes one of the charts it merges. Each service counts with its latest
-- chart of the seven days up to the day. A row is a recording, or an entry no recording was tied to.
CREATE TABLE merged_chart_entries (
    genre_code text NOT NULL REFERENCES chart_genres (code) ON DELETE CASCADE ON UPDATE CASCADE,
    day date NOT NULL,
    method text NOT NULL CHECK (method IN ('services-then-positions', 'borda', 'average-rank')),
    rank integer NOT NULL CHECK (rank > 0),
    recording_id bigint REFERENCES recordings (id) ON DELETE CASCADE,
    -- An unmatched entry: its chart and position.
    chart_id bigint,
    entry_position integer,
    FOREIGN KEY (chart_id, entry_position) REFERENCES chart_entries (chart_id, position) ON DELETE CASCADE,
    CHECK ((recording_id IS NULL) <> (chart_id IS NULL)),
    CHECK ((chart_id IS NULL) = (entry_position IS NULL)),
    title text NOT NULL,
    artists text NOT NULL,
    score double precision NOT NULL,
    -- Each service's position: [{"service", "position", "url"}].
    placings jsonb NOT NULL,
    PRIMARY KEY (genre_code, day, method, rank)
);
CREATE INDEX merged_chart_entries_recording ON merged_chart_entries (recording_id) WHERE recording_id IS NOT NULL;

-- Moved on by every change to charts, so each server process knows when its cached chart answers are stale.
CREATE TABLE charts_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO charts_version DEFAULT VALUES;

-- Every chart file a user brought, imported or refused, so the import page can say how each went (a refusal with the
-- file's line and what is wrong there, in the reader's words, which name only the file's own contents).
CREATE TABLE chart_imports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    genre_code text NOT NULL,
    file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 300),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- The chart stored, or why nothing was.
    chart_id bigint REFERENCES charts (id) ON DELETE SET NULL,
    refusal text CHECK (char_length(refusal) <= 1000),
    entries integer,
    matched integer,
    new_recordings integer,
    unmatched integer,
    CHECK ((refusal IS NULL) = (entries IS NOT NULL))
);
CREATE INDEX chart_imports_user ON chart_imports (user_id, id DESC);
