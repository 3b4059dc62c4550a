//! Settling a merged chart's unmatched entry: "it is this recording" (the one matching proposed) or "a recording of
//! its own". A plain form post comes back to the chart; with JavaScript the chart is read again in place.

use leptos::prelude::*;

use crate::AppError;

/// Ties the unmatched entry `entry` (`{chart}-{position}`) to recording `recording`, or to a recording of its own
/// when `recording` is `own`, and writes the genre's merged charts again. Requires sign-in; an entry that is gone or
/// settled meanwhile answers 404.
#[server(prefix = "/api", endpoint = "settle_chart_entry")]
pub async fn settle_chart_entry(entry: String, recording: String, back: String) -> Result<(), AppError> {
    use crossfade_store::charts::{Settlement, settle_entry};
    crate::account::require_viewer()?;
    let (chart, position) = entry
        .split_once('-')
        .and_then(|(chart, position)| Some((chart.parse::<i64>().ok()?, position.parse::<i32>().ok()?)))
        .ok_or_else(|| AppError::invalid("entry", "not a chart entry").answer())?;
    let settlement = match recording.as_str() {
        "own" => Settlement::Own,
        id => Settlement::Recording(
            id.parse().map_err(|_| AppError::invalid("recording", "not a recording (or “own”)").answer())?,
        ),
    };
    let pool = expect_context::<sqlx::PgPool>();
    let settled = settle_entry(&pool, chart, position, settlement)
        .await
        .map_err(|error| crate::error::internal("settling a chart entry failed", &error))?;
    if !settled {
        return Err(AppError::NotFound.answer());
    }
    if crate::error::plain_form_post() {
        leptos_axum::redirect(&crate::player::return_path(&back));
    }
    Ok(())
}

/// The two answers to an unmatched entry, as plain forms.
#[component]
pub fn SettleEntry(
    entry: String,
    proposal: Option<(String, String)>,
    back: String,
    action: ServerAction<SettleChartEntry>,
) -> AnyView {
    let own = (entry.clone(), back.clone());
    view! {
        {proposal.map(|(recording, words)| view! {
            <ActionForm action attr:class="settle">
                <input type="hidden" name="entry" value=entry />
                <input type="hidden" name="recording" value=recording />
                <input type="hidden" name="back" value=back />
                <button type="submit" class="button secondary small">{format!("It is {words}")}</button>
            </ActionForm>
        })}
        <ActionForm action attr:class="settle">
            <input type="hidden" name="entry" value=own.0 />
            <input type="hidden" name="recording" value="own" />
            <input type="hidden" name="back" value=own.1 />
            <button type="submit" class="button secondary small">"A recording of its own"</button>
        </ActionForm>
    }
    .into_any()
}
