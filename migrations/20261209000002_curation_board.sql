-- The curation board: per user, the styles they curate, each style's categories (a permanent "golden" Spotify
-- playlist each), and per style and week a period with a temporary "bronze" playlist of the week's new releases
-- and a "silver" playlist per category. Every card of a period has a place (crates/domain/src/curation/place.rs);
-- every action is logged with the place it came from, so the last actions can be undone on Spotify too.

CREATE TABLE curated_styles (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- A slug of crates/domain/src/releases/style.rs.
    style text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- When the style's releases were last pulled from the release feed (NULL: never).
    pulled_at timestamptz,
    PRIMARY KEY (user_id, style)
);

CREATE TABLE curation_categories (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL,
    style text NOT NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 50),
    -- The order on the board; keys 1–9 send to the first nine.
    position smallint NOT NULL,
    -- The golden playlist on Spotify, created with the category.
    playlist_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (user_id, style) REFERENCES curated_styles (user_id, style) ON DELETE CASCADE,
    UNIQUE (user_id, style, name)
);
CREATE INDEX curation_categories_style ON curation_categories (user_id, style, position);

CREATE TABLE curation_periods (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL,
    style text NOT NULL,
    -- The Monday of the week.
    week date NOT NULL CHECK (extract(isodow FROM week) = 1),
    state text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'sorted')),
    bronze_playlist_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sorted_at timestamptz,
    FOREIGN KEY (user_id, style) REFERENCES curated_styles (user_id, style) ON DELETE CASCADE,
    UNIQUE (user_id, style, week)
);

CREATE TABLE curation_silver_playlists (
    period_id bigint NOT NULL REFERENCES curation_periods (id) ON DELETE CASCADE,
    category_id bigint NOT NULL REFERENCES curation_categories (id) ON DELETE CASCADE,
    playlist_id text NOT NULL,
    PRIMARY KEY (period_id, category_id)
);

-- A release on a period's board. `rank` orders the bronze playlist by the user's taste; `reason` says why.
CREATE TABLE curation_cards (
    period_id bigint NOT NULL REFERENCES curation_periods (id) ON DELETE CASCADE,
    release_track_id bigint NOT NULL REFERENCES release_tracks (id),
    spotify_track_id text NOT NULL REFERENCES tracks (spotify_id),
    place text NOT NULL CHECK (place IN ('bronze', 'silver', 'golden', 'trashed')),
    category_id bigint REFERENCES curation_categories (id) ON DELETE CASCADE,
    CHECK ((place IN ('silver', 'golden')) = (category_id IS NOT NULL)),
    rank integer NOT NULL,
    score real CHECK (score BETWEEN 0 AND 1),
    reason text,
    -- From a label the user follows.
    followed_label boolean NOT NULL DEFAULT false,
    PRIMARY KEY (period_id, release_track_id),
    UNIQUE (period_id, spotify_track_id)
);
CREATE INDEX curation_cards_place ON curation_cards (period_id, place, rank);

-- Every action, newest last; undoing one moves the card back to `from_place` and marks it undone.
CREATE TABLE curation_actions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id bigint NOT NULL REFERENCES curation_periods (id) ON DELETE CASCADE,
    release_track_id bigint NOT NULL,
    from_place text NOT NULL,
    from_category bigint,
    to_place text NOT NULL,
    to_category bigint,
    at timestamptz NOT NULL DEFAULT now(),
    undone_at timestamptz,
    FOREIGN KEY (period_id, release_track_id) REFERENCES curation_cards (period_id, release_track_id) ON DELETE CASCADE
);
CREATE INDEX curation_actions_period ON curation_actions (period_id, id DESC);

-- Tracks the user trashed: never on a board of theirs again, in any week or style.
CREATE TABLE never_show_again (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    spotify_track_id text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, spotify_track_id)
);

CREATE TABLE followed_labels (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label_id bigint NOT NULL REFERENCES release_labels (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, label_id)
);
