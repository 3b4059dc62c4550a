-- Catalog ids Spotify answered "not found" for: tracks a listening history names that were removed from Spotify,
-- albums and artists known only by their short form. Enrichment asks for each of them once, not on every run.
CREATE TABLE catalog_misses (
    kind text NOT NULL CHECK (kind IN ('track', 'album', 'artist')),
    spotify_id text NOT NULL,
    checked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, spotify_id)
);

-- Enrichment looks for catalog rows still in their short form.
CREATE INDEX albums_without_details ON albums (spotify_id) WHERE details_fetched_at IS NULL;
CREATE INDEX artists_without_details ON artists (spotify_id) WHERE details_fetched_at IS NULL;
