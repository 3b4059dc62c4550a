//! What the library's server functions share: the pool, the conversions from store rows to what the pages show,
//! and turning storage failures into a logged reference.

use crossfade_store::StoreError;
use crossfade_store::browse::{ArtistCredit, PageRequest};
use leptos::prelude::expect_context;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

use super::day::Day;
use super::dto::{Moment, Named};
use super::widgets::SpotifyKind;
use crate::AppError;

/// The database pool the server provides to every server function.
pub fn pool() -> sqlx::PgPool {
    expect_context::<sqlx::PgPool>()
}

/// Logs a storage failure with its chain under a fresh reference; the browser gets only the reference.
pub fn internal(error: StoreError) -> AppError {
    let reference = crate::error_reference();
    tracing::error!(%reference, error = %error, source = ?std::error::Error::source(&error), "a library read failed");
    AppError::Internal { reference }.answer()
}

/// A Spotify id from an address, or `NotFound` for one no Spotify id can be (empty, or longer than any).
pub fn spotify_id(id: &str) -> Result<&str, AppError> {
    if id.is_empty() || id.len() > 64 { Err(AppError::NotFound.answer()) } else { Ok(id) }
}

pub fn page(number: u32, size: u32) -> PageRequest {
    PageRequest { number, size }
}

/// An instant with its time of day: `12 March 2024, 14:05 UTC`.
pub fn moment(at: OffsetDateTime) -> Moment {
    let at = at.to_offset(UtcOffset::UTC);
    Moment { iso: iso(at), shown: format!("{}, {:02}:{:02} UTC", day_text(at.date()), at.hour(), at.minute()) }
}

/// An instant shown as its day: `12 March 2024`.
pub fn day_of(at: OffsetDateTime) -> Moment {
    let at = at.to_offset(UtcOffset::UTC);
    Moment { iso: iso(at), shown: day_text(at.date()) }
}

fn iso(at: OffsetDateTime) -> String {
    // Only years beyond 9999 cannot be written in RFC 3339; the visible text is still shown then.
    at.format(&Rfc3339).unwrap_or_default()
}

fn day_text(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// The first instant (UTC) of `day`.
pub fn start_of(day: Day) -> Option<OffsetDateTime> {
    let month = Month::try_from(day.month()).ok()?;
    let date = Date::from_calendar_date(i32::from(day.year()), month, day.day()).ok()?;
    Some(date.with_time(Time::MIDNIGHT).assume_utc())
}

/// The first instant (UTC) after `day`.
pub fn end_of(day: Day) -> Option<OffsetDateTime> {
    start_of(day).map(|start| start + time::Duration::DAY)
}

/// The id in a `spotify:{kind}:{id}` URI.
pub fn id_from_uri(uri: &str, kind: SpotifyKind) -> Option<&str> {
    uri.strip_prefix("spotify:")?.strip_prefix(kind.path())?.strip_prefix(':')
}

pub fn named(credits: Vec<ArtistCredit>) -> Vec<Named> {
    credits.into_iter().map(|credit| Named { spotify_id: credit.spotify_id, name: credit.name }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_written_in_utc() {
        let at = OffsetDateTime::from_unix_timestamp(1_710_252_300)
            .unwrap()
            .to_offset(UtcOffset::from_hms(2, 0, 0).unwrap());
        assert_eq!(moment(at).shown, "12 March 2024, 14:05 UTC");
        assert_eq!(moment(at).iso, "2024-03-12T14:05:00Z");
        assert_eq!(day_of(at).shown, "12 March 2024");
    }

    #[test]
    fn ids_come_out_of_uris_of_their_kind_only() {
        let id = "5Xt5DXGzch68nYYamXrNxZ";
        assert_eq!(id_from_uri(&format!("spotify:episode:{id}"), SpotifyKind::Episode), Some(id));
        assert_eq!(id_from_uri(&format!("spotify:track:{id}"), SpotifyKind::Episode), None);
        assert_eq!(id_from_uri("spotify:local:a:b:c:120", SpotifyKind::Track), None);
    }

    #[test]
    fn a_day_spans_from_its_midnight_to_the_next() {
        let day = Day::parse("2024-02-29").unwrap();
        assert_eq!(start_of(day).unwrap().unix_timestamp(), 1_709_164_800);
        assert_eq!(end_of(day).unwrap().unix_timestamp(), 1_709_164_800 + 86_400);
    }
}
