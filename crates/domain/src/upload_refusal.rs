//! Why an upload of a listening-history export was refused. The upload route passes the reason back to the History
//! page in its URL as a short code, and the page turns the code into words: both sides read the code from here.

/// A refused history upload. Each variant travels as [`UploadRefusal::code`] in the History page's `?problem=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UploadRefusal {
    /// The form carried no file.
    NoFile,
    /// A file is neither a `.zip` nor a `.json`.
    NotAnExport,
    /// The request is larger than the upload limit.
    TooLarge,
    /// A file is empty.
    Empty,
    /// The request broke off or could not be read as a form.
    Broken,
    /// No bytes arrived for the upload's idle timeout.
    Stalled,
    /// The person's uploads waiting to be imported, with this one, would pass their disk quota.
    OverQuota,
    /// The server could not store or queue the upload.
    Failed,
}

impl UploadRefusal {
    /// Every refusal, for tests and exhaustive listings.
    pub const ALL: [UploadRefusal; 8] = [
        UploadRefusal::NoFile,
        UploadRefusal::NotAnExport,
        UploadRefusal::TooLarge,
        UploadRefusal::Empty,
        UploadRefusal::Broken,
        UploadRefusal::Stalled,
        UploadRefusal::OverQuota,
        UploadRefusal::Failed,
    ];

    /// The code in the URL. Links people keep may hold it, so a code never changes meaning.
    pub fn code(self) -> &'static str {
        match self {
            UploadRefusal::NoFile => "no-file",
            UploadRefusal::NotAnExport => "not-an-export",
            UploadRefusal::TooLarge => "too-large",
            UploadRefusal::Empty => "empty",
            UploadRefusal::Broken => "broken-upload",
            UploadRefusal::Stalled => "stalled",
            UploadRefusal::OverQuota => "over-quota",
            UploadRefusal::Failed => "failed",
        }
    }

    /// The refusal a code stands for; None for anything else (a URL anyone can edit).
    pub fn parse(code: &str) -> Option<Self> {
        UploadRefusal::ALL.into_iter().find(|refusal| refusal.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_refusal_round_trips_through_its_code() {
        for refusal in UploadRefusal::ALL {
            assert_eq!(UploadRefusal::parse(refusal.code()), Some(refusal));
        }
    }

    #[test]
    fn codes_are_distinct_and_fit_a_url_unescaped() {
        let codes: std::collections::HashSet<&str> = UploadRefusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), UploadRefusal::ALL.len());
        assert!(codes.iter().all(|code| code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
    }

    proptest! {
        #[test]
        fn only_a_refusals_own_code_parses(code in "[a-z-]{0,20}|.{0,40}") {
            match UploadRefusal::parse(&code) {
                Some(refusal) => prop_assert_eq!(refusal.code(), code.as_str()),
                None => prop_assert!(UploadRefusal::ALL.iter().all(|refusal| refusal.code() != code)),
            }
        }

        #[test]
        fn a_code_with_anything_added_parses_to_nothing(index in 0..UploadRefusal::ALL.len(), extra in ".{1,10}") {
            let code = UploadRefusal::ALL[index].code();
            prop_assert_eq!(UploadRefusal::parse(&format!("{code}{extra}")), None);
            prop_assert_eq!(UploadRefusal::parse(&format!("{extra}{code}")), None);
            prop_assert_eq!(UploadRefusal::parse(&code.to_uppercase()), None);
        }
    }
}
