-- Each collection's insights as last computed, per user: what a dashboard opens with while the user's read model
-- has not moved since (`version` is library_summary.version when the figures were computed from it). The jobs that
-- move the read model (sync, history import, lookups, enrichment) queue a refresh that recomputes the collections
-- viewed lately, so a dashboard opens without computing; one viewed after another change is computed then.
CREATE TABLE collection_insights (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The collection's address (`TrackCollection::code`: "liked", "playlist:…", "genre:house").
    collection text NOT NULL,
    version bigint NOT NULL,
    computed_at timestamptz NOT NULL,
    viewed_at timestamptz NOT NULL,
    -- The figures, the scatter of the default measures and the collection's name, as the library writes them.
    report jsonb NOT NULL,
    PRIMARY KEY (user_id, collection)
);
CREATE INDEX collection_insights_viewed ON collection_insights (user_id, viewed_at DESC);
