//! The JSON tab: the rule as text, to read, copy, or edit and send back. Text that is JSON becomes the builder's
//! unsaved work (problems then show at their paths here and beside their rows above); text that is not is refused
//! with the line and column. The saved rule downloads as a file from `/smart/:id/export`.

use leptos::prelude::*;

use super::page::ShownProblem;
use crate::AppError;

/// Takes `text` as the rule being built.
#[server(prefix = "/api", endpoint = "use_smart_json")]
pub async fn use_smart_json(id: i64, text: String) -> Result<(), AppError> {
    let (viewer, smart) = super::owned(id).await?;
    if text.len() > crossfade_domain::MAX_RULE_BYTES {
        return Err(AppError::invalid("text", "A rule is at most 64 KiB of JSON.").answer());
    }
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|error| {
        AppError::invalid(
            "text",
            format!("This is not JSON: {error} (line {}, column {}).", error.line(), error.column()),
        )
        .answer()
    })?;
    let form = crossfade_domain::RuleForm::from_json(&value);
    let draft = serde_json::to_string(&form.to_json().0).unwrap_or_default();
    let pool = expect_context::<sqlx::PgPool>();
    crossfade_store::smart_playlists::save_draft(&pool, viewer.user_id, smart.id, Some(&draft), &smart.import_notes)
        .await
        .map(drop)
        .map_err(|error| crate::error::internal("keeping the rule's JSON failed", &error))
}

#[component]
pub fn JsonTab(
    id: i64,
    json: String,
    problems: Vec<ShownProblem>,
    action: ServerAction<UseSmartJson>,
) -> impl IntoView {
    let refused = move || match action.value().get() {
        Some(Err(AppError::InvalidInput { message, .. })) => Some(message),
        Some(Err(other)) => Some(other.to_string()),
        _ => None,
    };
    view! {
        <section aria-labelledby="json-heading" class="rule-json">
            <details>
                <summary id="json-heading">"Rule as JSON"</summary>
                <p>
                    "The same rule as text. Edit it and use it, or "
                    <a href=format!("/smart/{id}/export") download="">"download the saved rule"</a>
                    " to keep or share it."
                </p>
                <ActionForm action>
                    <input type="hidden" name="id" value=id.to_string() />
                    <label for="rule-json-text">"JSON"</label>
                    <textarea id="rule-json-text" name="text" rows="16" spellcheck="false">{json}</textarea>
                    <button type="submit" class="button">"Use this JSON"</button>
                </ActionForm>
                {move || refused().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                {(!problems.is_empty()).then(|| view! {
                    <ul class="form-error json-problems">
                        {problems
                            .into_iter()
                            .map(|problem| view! { <li><code>{problem.path}</code>" "{problem.message}</li> })
                            .collect_view()}
                    </ul>
                })}
            </details>
        </section>
    }
}
