//! Numbers, lengths and page positions as the pages write them. Pure, so the server and the browser write the same
//! text.

use crossfade_domain::{AudioFeature, PageInfo};

/// A track's length: `3:07`, or `1:02:03` from an hour up.
pub fn track_length(ms: i64) -> String {
    let seconds = ms.max(0) / 1000;
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 { format!("{hours}:{minutes:02}:{seconds:02}") } else { format!("{minutes}:{seconds:02}") }
}

/// A total listening time: `42 min`, `3 h 05 min`.
pub fn listening_time(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match (minutes / 60, minutes % 60) {
        (0, 0) if ms > 0 => "under a minute".to_owned(),
        (0, minutes) => format!("{minutes} min"),
        (hours, minutes) => format!("{hours} h {minutes:02} min"),
    }
}

/// A count with thousands separated: `1,234`.
pub fn count(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        text.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// A feature's value in its unit: `124 BPM`, `-7.2 dB`, `0.62`.
pub fn feature_value(feature: AudioFeature, value: f64) -> String {
    match feature {
        AudioFeature::Tempo => format!("{value:.0} BPM"),
        AudioFeature::Loudness | AudioFeature::Gain => format!("{value:.1} dB"),
        _ => format!("{value:.2}"),
    }
}

/// A share in whole percent: `42 %`.
pub fn percent(part: u64, whole: u64) -> String {
    match whole {
        0 => "–".to_owned(),
        _ => format!("{} %", (part as f64 * 100.0 / whole as f64).round()),
    }
}

/// `1 play`, `2 plays`: a count and its noun.
pub fn counted(value: i64, one: &str, many: &str) -> String {
    format!("{} {}", count(value), if value == 1 { one } else { many })
}

/// `Showing 51–100 of 1,234 tracks`.
pub fn page_summary(info: PageInfo, noun: &str) -> String {
    format!("Showing {}–{} of {} {noun}", count(info.first_row()), count(info.last_row()), count(info.total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_lengths_read_like_a_player() {
        assert_eq!(track_length(0), "0:00");
        assert_eq!(track_length(187_999), "3:07");
        assert_eq!(track_length(3_723_000), "1:02:03");
        assert_eq!(track_length(-5), "0:00");
    }

    #[test]
    fn listening_times_round_down_to_minutes() {
        assert_eq!(listening_time(0), "0 min");
        assert_eq!(listening_time(30_000), "under a minute");
        assert_eq!(listening_time(42 * 60_000 + 59_000), "42 min");
        assert_eq!(listening_time(185 * 60_000), "3 h 05 min");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_234), "1,234");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(-20_000), "-20,000");
        assert_eq!(counted(1, "play", "plays"), "1 play");
        assert_eq!(counted(1_000, "play", "plays"), "1,000 plays");
    }

    #[test]
    fn a_page_says_which_rows_it_shows() {
        let first = PageInfo { page: 1, per_page: 50, total: 1_234 };
        assert_eq!(page_summary(first, "tracks"), "Showing 1–50 of 1,234 tracks");
        assert_eq!(page_summary(PageInfo { page: 2, ..first }, "tracks"), "Showing 51–100 of 1,234 tracks");
        assert_eq!(page_summary(PageInfo { page: 25, ..first }, "tracks"), "Showing 1,201–1,234 of 1,234 tracks");
    }
}
