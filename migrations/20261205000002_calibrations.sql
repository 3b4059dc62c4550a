-- Calibration of audio features: each provider's distribution of each feature, and for providers not on Spotify's
-- scale a learned quantile mapping onto it (crates/domain/src/calibration.rs). Both are recomputed together from
-- track_features and replaced whole. Quantiles are kept as arrays of the 101 percentiles (minimum to maximum),
-- not JSON, so they stay exact and readable in SQL.

-- Every value a provider gave for a feature, summarised: imported files count each track once however many users
-- imported it. Kept for every provider, the reference ones too, so a page can show any provider's distribution.
CREATE TABLE feature_quantiles (
    provider text NOT NULL CHECK (provider IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz', 'file')),
    feature text NOT NULL CHECK (feature IN ('danceability', 'energy', 'valence', 'acousticness', 'instrumentalness',
                                             'speechiness', 'liveness', 'loudness', 'tempo', 'gain')),
    sample_count integer NOT NULL CHECK (sample_count > 0),
    quantiles double precision[] NOT NULL CHECK (cardinality(quantiles) = 101),
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (provider, feature)
);

-- What is known about putting a provider's values of a feature on the reference scale, learned from the tracks that
-- have a value from both (the overlap). With enough overlap the mapping is the provider's and the reference's
-- percentiles over those same tracks; with too little both are NULL and the values are uncalibrated.
CREATE TABLE calibrations (
    provider text NOT NULL,
    feature text NOT NULL,
    -- The scale values are mapped onto: 'spotify' (Spotify's own values, else the Spotify figures of imported files).
    reference text NOT NULL CHECK (reference IN ('spotify', 'reccobeats', 'deezer', 'musicbrainz', 'file')),
    overlap integer NOT NULL CHECK (overlap >= 0),
    provider_quantiles double precision[] CHECK (cardinality(provider_quantiles) = 101),
    reference_quantiles double precision[] CHECK (cardinality(reference_quantiles) = 101),
    learned_at timestamptz NOT NULL,
    PRIMARY KEY (provider, feature),
    -- Only a provider that gave values has anything to calibrate.
    FOREIGN KEY (provider, feature) REFERENCES feature_quantiles ON DELETE CASCADE,
    CHECK (provider <> reference),
    CHECK ((provider_quantiles IS NULL) = (reference_quantiles IS NULL))
);
