//! A signed-in demo user's seeded library (see `seed.rs`) with enrichment values from several providers for two of
//! its tracks, and a browser without JavaScript visiting it.

use http::StatusCode;
use sqlx::PgPool;

use crate::common::*;
use crate::seed;
use crate::text::visible_text;

/// Values from three providers for two of the five seeded tracks, and the read model refreshed as the enrichment
/// writers do.
pub async fn enrich(pool: &PgPool) {
    let label = crossfade_domain::RecordLabel::parse("Night Label Records").unwrap();
    let rows = format!(
        r#"
        INSERT INTO track_features (track_id, provider, danceability, energy, tempo, key, mode, fetched_at) VALUES
            ('trAlpha000000000000000', 'reccobeats', 0.8, 0.7, 124, 9, 0, now()),
            ('trGamma000000000000000', 'reccobeats', 0.5, 0.4, NULL, NULL, NULL, now());
        INSERT INTO track_features (track_id, provider, tempo, gain, fetched_at) VALUES
            ('trAlpha000000000000000', 'deezer', 118, -7.2, now());
        INSERT INTO track_genres (track_id, provider, genre, weight, fetched_at) VALUES
            ('trAlpha000000000000000', 'deezer', 'deep-house', 1, now()),
            ('trAlpha000000000000000', 'musicbrainz', 'house', 1, now());
        INSERT INTO track_source_tags (track_id, provider, tag, votes, fetched_at) VALUES
            ('trAlpha000000000000000', 'musicbrainz', 'seen live', 3, now());
        INSERT INTO track_labels (track_id, provider, name, label_key, fetched_at) VALUES
            ('trAlpha000000000000000', 'deezer', 'Night Label Records', '{key}', now());
        SELECT refresh_track_facts_everywhere(ARRAY['trAlpha000000000000000', 'trGamma000000000000000']);
        "#,
        key = label.key().as_str(),
    );
    sqlx::raw_sql(&rows).execute(pool).await.unwrap();
}

pub struct Visit {
    pub app: TestApp,
    pub browser: Browser,
}

impl Visit {
    pub async fn start(pool: &PgPool) -> Visit {
        let app = app(pool.clone()).await;
        let (browser, _) = seed::signed_in(&app, pool, false).await;
        enrich(pool).await;
        Visit { app, browser }
    }

    pub async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let response = self.browser.send(&self.app, get(path)).await;
        let status = response.status();
        (status, body_text(response).await)
    }

    pub async fn text(&mut self, path: &str) -> String {
        let (status, html) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        visible_text(&html)
    }

    /// Posts `form` to `action` as a browser without JavaScript does, from `page`; answers where it was sent next.
    pub async fn post(&mut self, action: &str, form: &str, page: &str) -> String {
        let mut request = form_post(action, form, &[]);
        let referer = format!("http://127.0.0.1:3000{page}");
        request.headers_mut().insert("referer", referer.parse().unwrap());
        let response = self.browser.send(&self.app, request).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        response.headers()["location"].to_str().unwrap().to_owned()
    }

    pub async fn change_tags(&mut self, form: &str, page: &str) -> String {
        self.post("/api/change_tags", form, page).await
    }
}
