//! Smart playlist pages without JavaScript: a signed-in demo user's seeded library (five tracks, two enriched)
//! starts a smart playlist, builds a nested rule with the builder's submit buttons (each post round-trips the whole
//! rule), sees problems beside their rows, saves, previews what matches and why, uses the JSON tab, downloads the
//! rule, imports a Navidrome file, and never sees another user's smart playlists.

use crate::{common, enriched, text};

use enriched::Visit;
use http::StatusCode;
use sqlx::PgPool;

/// A form body as a browser encodes it (brackets and all percent-encoded).
fn encoded(fields: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}

/// The builder's fields for one set of rows `(depth, kind, field, op, value)` over the whole library, sorted by title.
fn builder(id: i64, rows: &[(u8, &str, &str, &str, &str)], edit: &str) -> String {
    let mut fields: Vec<(String, String)> = vec![("id".into(), id.to_string())];
    for (index, (depth, kind, field, op, value)) in rows.iter().enumerate() {
        let name = |part: &str| format!("builder[rows][{index}][{part}]");
        fields.push((name("set"), "0".into()));
        fields.push((name("depth"), depth.to_string()));
        fields.push((name("kind"), (*kind).into()));
        fields.push((name("field"), (*field).into()));
        fields.push((name("op"), (*op).into()));
        fields.push((name("value"), (*value).into()));
    }
    fields.push(("builder[sets][0][sources][0]".into(), "library".into()));
    fields.push(("builder[sets][0][order]".into(), "keys".into()));
    fields.push(("builder[sets][0][sort][0][field]".into(), "title".into()));
    fields.push(("builder[sets][0][sort][0][order]".into(), "asc".into()));
    fields.push(("builder[rule][dedupe]".into(), "id".into()));
    fields.push(("edit".into(), edit.into()));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    encoded(&pairs)
}

async fn start(visit: &mut Visit, name: &str) -> i64 {
    let location = visit.post("/api/create_smart_playlist", &encoded(&[("name", name)]), "/smart").await;
    location.strip_prefix("/smart/").and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("went to {location}"))
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_nested_rule_is_built_with_buttons_saved_and_previewed(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let id = start(&mut visit, "Energetic").await;
    let page = format!("/smart/{id}");
    let text = visit.text(&page).await;
    assert!(text.contains("Energetic"), "{text}");
    assert!(text.contains("5 tracks match"), "a new rule matches the whole library: {text}");

    // "Add condition" on the top group, then "Add group" on it: the rule round-trips and grows.
    visit.post("/api/edit_smart_rule", &builder(id, &[(0, "all", "", "", "")], "add_condition:0:0"), &page).await;
    let html = visit.get(&page).await.1;
    assert!(html.contains("aria-label=\"Condition 2\""), "{html}");
    let rows = [(0, "all", "", "", ""), (1, "condition", "energy", "gt", "lots")];
    visit.post("/api/edit_smart_rule", &builder(id, &rows, "add_group:0:0"), &page).await;
    let html = visit.get(&page).await.1;
    assert!(html.contains("aria-label=\"Group 3\"") && html.contains("aria-label=\"Condition 4\""), "{html}");
    let text = text::visible_text(&html);
    assert!(text.contains("You have unsaved changes"), "{text}");
    assert!(text.contains("energy takes a number from 0 to 1"), "the problem shows beside its row: {text}");

    // Saving with a problem keeps the work and says so.
    let rows = [
        (0, "all", "", "", ""),
        (1, "condition", "energy", "gt", "lots"),
        (1, "any", "", "", ""),
        (2, "condition", "title", "contains", "alpha"),
        (2, "condition", "title", "contains", "gamma"),
    ];
    visit.post("/api/edit_smart_rule", &builder(id, &rows, "save"), &page).await;
    let text = visit.text(&page).await;
    assert!(text.contains("You have unsaved changes") && text.contains("energy takes a number"), "{text}");

    // Fixed and saved: energy above 0.5 and a title containing alpha or gamma is Alpha alone (energy 0.70).
    let rows = [
        (0, "all", "", "", ""),
        (1, "condition", "energy", "gt", "0.5"),
        (1, "any", "", "", ""),
        (2, "condition", "title", "contains", "alpha"),
        (2, "condition", "title", "contains", "gamma"),
    ];
    visit.post("/api/edit_smart_rule", &builder(id, &rows, "save"), &page).await;
    let text = visit.text(&page).await;
    assert!(!text.contains("You have unsaved changes"), "{text}");
    assert!(text.contains("1 track match; the playlist holds 1 track"), "{text}");
    assert!(text.contains("Alpha Song"), "{text}");
    assert!(text.contains("Energy is above 0.5; Title contains “alpha”"), "the conditions it met: {text}");

    // The saved rule downloads as JSON and the JSON tab shows it.
    let response = visit.browser.send(&visit.app, common::get(&format!("/smart/{id}/export"))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"crossfade-smart-energetic.json\"");
    let exported = common::body_text(response).await;
    let rule = crossfade_domain::SmartRules::parse(&exported).unwrap();
    assert_eq!(rule.sets[0].matching.conditions(), 3);
    let html = visit.get(&page).await.1;
    assert!(html.contains("\"op\": \"gt\""), "the JSON tab holds the rule: {html}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_json_tab_accepts_json_and_names_problems_at_their_paths(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let id = start(&mut visit, "From JSON").await;
    let page = format!("/smart/{id}");
    let not_json = encoded(&[("id", &id.to_string()), ("text", "{\"sets\": [")]);
    let location = visit.post("/api/use_smart_json", &not_json, &page).await;
    assert!(location.contains(&page), "{location}");
    let back = location.trim_start_matches("http://127.0.0.1:3000");
    let text = visit.text(back).await;
    assert!(text.contains("This is not JSON: EOF while parsing a list"), "the refusal shows beside the form: {text}");
    let rule = r#"{"sets": [{"match": {"all": [{"field": "bpm", "op": "between", "value": [130, 120]}]}}]}"#;
    visit.post("/api/use_smart_json", &encoded(&[("id", &id.to_string()), ("text", rule)]), &page).await;
    let text = visit.text(&page).await;
    assert!(
        text.contains("$.sets[0].match.all[0].value the first number of a range must not be above the second"),
        "{text}"
    );
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_navidrome_file_imports_with_what_it_left_out(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let nsp =
        r#"{"name": "Loved and rated", "all": [{"is": {"loved": true}}, {"gt": {"rating": 3}}], "sort": "title"}"#;
    let location = visit.post("/api/import_smart_playlist", &encoded(&[("name", ""), ("text", nsp)]), "/smart").await;
    let text = visit.text(&location).await;
    assert!(text.contains("Loved and rated"), "{text}");
    assert!(text.contains("$.all[1].gt.rating: `rating` has no equivalent: Spotify has no ratings"), "{text}");
    assert!(text.contains("2 tracks match"), "liked songs: Alpha and Gamma: {text}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn other_users_smart_playlists_are_not_found(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let theirs: i64 = sqlx::query_scalar("SELECT id FROM users WHERE spotify_account_key = 'someone-else'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO smart_playlists (user_id, name, rules, target) VALUES ($1, 'Theirs', '{\"sets\": [{}]}', 'replace')
         RETURNING id",
    )
    .bind(theirs)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(visit.get(&format!("/smart/{id}")).await.0, StatusCode::NOT_FOUND);
    let response = visit.browser.send(&visit.app, common::get(&format!("/smart/{id}/export"))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(!visit.text("/smart").await.contains("Theirs"));
    // A visitor is pointed to sign-in.
    let mut visitor = common::Browser::default();
    let html = common::page(&visit.app, &mut visitor, "/smart").await;
    assert!(text::visible_text(&html).contains("Sign in with Spotify to build smart playlists"), "{html}");
}
