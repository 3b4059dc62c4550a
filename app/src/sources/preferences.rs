//! Your own source order: per field, the provider whose value counts first for you (the others follow in the
//! installation's order). Changing it rewrites your read model at once, so the tables, rules and dashboards use it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// One field and the user's first choice for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceLine {
    pub field_code: String,
    pub field: String,
    /// The provider's code, or empty for the installation's order.
    pub chosen: String,
}

/// The providers a user may put first, as (code, name).
pub const CHOOSABLE: [(&str, &str); 5] = [
    ("spotify", "Spotify"),
    ("file", "Imported files"),
    ("reccobeats", "ReccoBeats"),
    ("deezer", "Deezer"),
    ("musicbrainz", "MusicBrainz"),
];

/// The signed-in user's first choices, one line per field that has a single value to choose.
#[cfg(feature = "ssr")]
pub async fn choice_lines(pool: &sqlx::PgPool, user_id: i64) -> Result<Vec<ChoiceLine>, crossfade_store::StoreError> {
    use crossfade_domain::EnrichedField;
    let chosen = crossfade_store::enrichment::preferences::user_first_choices(pool, user_id).await?;
    Ok(EnrichedField::all()
        .into_iter()
        .filter(|field| *field != EnrichedField::Genres)
        .map(|field| ChoiceLine {
            field_code: field.code().to_owned(),
            field: field.label().to_owned(),
            chosen: chosen
                .iter()
                .find(|(known, _)| *known == field)
                .map(|(_, provider)| provider.code().to_owned())
                .unwrap_or_default(),
        })
        .collect())
}

/// Sets the signed-in user's first choice per field from `first` (field code → provider code, empty for the
/// installation's order). A plain form post without JavaScript comes back to the Sources page.
#[server(prefix = "/api", endpoint = "set_source_order")]
pub async fn set_source_order(first: std::collections::HashMap<String, String>) -> Result<(), AppError> {
    use crossfade_domain::{EnrichedField, Provider};
    let viewer = crate::account::require_viewer()?;
    let mut choices = Vec::new();
    for field in EnrichedField::all().into_iter().filter(|field| *field != EnrichedField::Genres) {
        let provider = match first.get(field.code()).map(String::as_str) {
            None | Some("") => None,
            Some(code) => Some(Provider::parse(code).ok_or_else(|| {
                AppError::invalid(field.code(), format!("`{code}` is not a source {} can come from", field.label()))
                    .answer()
            })?),
        };
        choices.push((field, provider));
    }
    let pool = expect_context::<sqlx::PgPool>();
    crossfade_store::enrichment::preferences::set_user_first_choices(&pool, viewer.user_id, &choices)
        .await
        .map_err(|error| crate::error::internal("saving the source order failed; nothing was changed", &error))
}

/// The form: one choice per field.
#[component]
pub fn SourceOrderForm(lines: Vec<ChoiceLine>, action: ServerAction<SetSourceOrder>) -> impl IntoView {
    let problem = move || match action.value().get() {
        Some(Err(AppError::InvalidInput { message, .. })) => Some(message),
        Some(Err(other)) => Some(other.to_string()),
        _ => None,
    };
    let saved = move || matches!(action.value().get(), Some(Ok(()))).then_some("Saved: your read model now uses it.");
    view! {
        <section aria-labelledby="source-order">
            <h2 id="source-order">"Which source counts first for you"</h2>
            <p>
                "Where several services describe a track, the installation's order decides which value counts. "
                "Choose another first source for any field; the rest follow the installation's order. Genres from "
                "every source are added up rather than chosen."
            </p>
            <ActionForm action attr:class="source-order">
                <table class="coverage-table">
                    <tbody>
                        {lines
                            .into_iter()
                            .map(|line| {
                                let name = format!("first[{}]", line.field_code);
                                let chosen = line.chosen.clone();
                                view! {
                                    <tr>
                                        <th scope="row"><label for=name.clone()>{line.field}</label></th>
                                        <td>
                                            <select id=name.clone() name=name>
                                                <option value="" selected=chosen.is_empty()>"Installation's order"</option>
                                                {CHOOSABLE
                                                    .into_iter()
                                                    .map(|(code, label)| view! {
                                                        <option value=code selected=chosen == code>{label}</option>
                                                    })
                                                    .collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <button type="submit" class="button">"Save my order"</button>
                <p role="status">{saved}</p>
                {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            </ActionForm>
        </section>
    }
}
