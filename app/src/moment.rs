//! Instants as every page shows them: machine-readable for `<time datetime>`, and written out in UTC.

use serde::{Deserialize, Serialize};

/// An instant as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// RFC 3339.
    pub iso: String,
    /// For people: `12 March 2024` or `12 March 2024, 14:05 UTC`.
    pub shown: String,
}

#[cfg(feature = "ssr")]
mod from_instants {
    use time::format_description::well_known::Rfc3339;
    use time::{Date, OffsetDateTime, UtcOffset};

    use super::Moment;

    impl Moment {
        /// An instant with its time of day: `12 March 2024, 14:05 UTC`.
        pub fn at(at: OffsetDateTime) -> Moment {
            let at = at.to_offset(UtcOffset::UTC);
            Moment { iso: iso(at), shown: format!("{}, {:02}:{:02} UTC", day_text(at.date()), at.hour(), at.minute()) }
        }

        /// An instant shown as its day: `12 March 2024`.
        pub fn day_of(at: OffsetDateTime) -> Moment {
            let at = at.to_offset(UtcOffset::UTC);
            Moment { iso: iso(at), shown: day_text(at.date()) }
        }

        /// An instant shown as its day, compact for a table's column: `12 Mar 2024`.
        pub fn short_day_of(at: OffsetDateTime) -> Moment {
            let at = at.to_offset(UtcOffset::UTC);
            let date = at.date();
            let month = date.month().to_string();
            Moment { iso: iso(at), shown: format!("{} {} {}", date.day(), &month[..3], date.year()) }
        }
    }

    fn iso(at: OffsetDateTime) -> String {
        // Only years beyond 9999 cannot be written in RFC 3339; the visible text is still shown then.
        at.format(&Rfc3339).unwrap_or_default()
    }

    fn day_text(date: Date) -> String {
        format!("{} {} {}", date.day(), date.month(), date.year())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn instants_are_written_in_utc() {
            let at = OffsetDateTime::from_unix_timestamp(1_710_252_300)
                .unwrap()
                .to_offset(UtcOffset::from_hms(2, 0, 0).unwrap());
            assert_eq!(Moment::at(at).shown, "12 March 2024, 14:05 UTC");
            assert_eq!(Moment::at(at).iso, "2024-03-12T14:05:00Z");
            assert_eq!(Moment::day_of(at).shown, "12 March 2024");
            assert_eq!(Moment::short_day_of(at).shown, "12 Mar 2024");
        }
    }
}
