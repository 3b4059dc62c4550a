//! Settling a merged chart's unmatched entry: "it is this recording" (the one matching proposed, or one found on the
//! entry's page) or "a recording of its own". A plain form post comes back to the chart; with JavaScript the chart is
//! read again in place.

use leptos::prelude::*;

use crate::AppError;

/// Ties the unmatched entry `entry` (`{chart}-{position}`) to recording `recording`, or to a recording of its own
/// when `recording` is `own`, and writes the genre's merged charts again. Requires sign-in; an entry that is gone or
/// settled meanwhile answers 404.
#[server(prefix = "/api", endpoint = "settle_chart_entry")]
pub async fn settle_chart_entry(entry: String, recording: String, back: String) -> Result<(), AppError> {
    use crossfade_store::charts::{Settlement, settle_entry};
    crate::account::require_viewer()?;
    let (chart, position) =
        parse_entry(&entry).ok_or_else(|| AppError::invalid("entry", "not a chart entry").answer())?;
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

/// An entry's id (`{chart}-{position}`) as its chart and position.
#[cfg(feature = "ssr")]
pub(super) fn parse_entry(entry: &str) -> Option<(i64, i32)> {
    let (chart, position) = entry.split_once('-')?;
    Some((chart.parse().ok()?, position.parse().ok()?))
}

/// One answer to an unmatched entry, as a plain form: recording `recording` (or `own`), said in `words`.
#[component]
pub fn SettleAs(
    entry: String,
    recording: String,
    words: String,
    back: String,
    action: ServerAction<SettleChartEntry>,
) -> impl IntoView {
    view! {
        <ActionForm action attr:class="settle">
            <input type="hidden" name="entry" value=entry />
            <input type="hidden" name="recording" value=recording />
            <input type="hidden" name="back" value=back />
            <button type="submit" class="button secondary small">{words}</button>
        </ActionForm>
    }
}

/// The answers to an unmatched entry: the recording proposed, if any, and a recording of its own.
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
            <SettleAs entry recording words=format!("It is {words}") back action />
        })}
        <SettleAs entry=own.0 recording="own".to_owned() words="A recording of its own".to_owned() back=own.1 action />
    }
    .into_any()
}
