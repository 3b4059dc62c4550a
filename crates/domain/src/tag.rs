//! A user's own tag on tracks ("warm-up", "rainy day", anything): trimmed, inner whitespace collapsed, compared
//! without regard to case, at most 60 characters.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 60;

/// A tag in canonical form (lower case, single spaces).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

/// Why text is no tag.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TagProblem {
    #[error("a tag needs at least one letter or digit")]
    Empty,
    #[error("a tag has at most {MAX_TAG_CHARS} characters; this one has {0}")]
    TooLong(usize),
}

impl Tag {
    pub fn parse(text: &str) -> Result<Tag, TagProblem> {
        let canonical = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if !canonical.chars().any(char::is_alphanumeric) {
            return Err(TagProblem::Empty);
        }
        let length = canonical.chars().count();
        if length > MAX_TAG_CHARS {
            return Err(TagProblem::TooLong(length));
        }
        Ok(Tag(canonical))
    }

    /// Tags typed into one field, separated by commas: "warm-up, Rainy day".
    pub fn parse_list(text: &str) -> Result<Vec<Tag>, TagProblem> {
        let mut tags = Vec::new();
        for part in text.split(',').filter(|part| !part.trim().is_empty()) {
            let tag = Tag::parse(part)?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.is_empty() {
            return Err(TagProblem::Empty);
        }
        Ok(tags)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Tag {
    type Error = TagProblem;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Tag::parse(&text)
    }
}

impl From<Tag> for String {
    fn from(tag: Tag) -> Self {
        tag.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn tags_are_compared_without_case_or_extra_spaces() {
        assert_eq!(Tag::parse("  Rainy   Day ").unwrap().as_str(), "rainy day");
        assert_eq!(Tag::parse(" - "), Err(TagProblem::Empty));
        assert_eq!(Tag::parse(&"x".repeat(61)), Err(TagProblem::TooLong(61)));
        let list = Tag::parse_list("warm-up, Warm-Up ,peak time,").unwrap();
        assert_eq!(list.iter().map(Tag::as_str).collect::<Vec<_>>(), ["warm-up", "peak time"]);
        assert_eq!(Tag::parse_list(" , "), Err(TagProblem::Empty));
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(text in "\\PC{0,80}") {
            if let Ok(tag) = Tag::parse(&text) {
                prop_assert_eq!(Tag::parse(tag.as_str()).unwrap(), tag.clone());
                prop_assert!(tag.as_str().chars().count() <= MAX_TAG_CHARS);
            }
        }
    }
}
