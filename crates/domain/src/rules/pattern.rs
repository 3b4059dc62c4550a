//! The regular expression of a `matches` condition. Rust's regex and PostgreSQL's do not read every pattern the same
//! way (`\b` is a word boundary in one and a backspace in the other; `\w` and case folding follow different tables),
//! so a pattern is parsed once, here, into a syntax tree with case folding and classes spelled out as explicit
//! character ranges; that tree is checked against a subset both engines agree on and printed twice: for the
//! in-memory matcher (Rust's regex, linear time) and for PostgreSQL (an advanced regular expression). Both then test
//! exactly the same set of strings.
//!
//! Allowed: literals, `.`, classes (`[a-z]`, `\d`, `\w`, `\s` and their negations), groups, alternation, repetition
//! up to 255 times, `^` and `$` at the start and end of the text. Refused: word boundaries, multi-line anchors,
//! patterns that can never match, and anything over the size limits.

use std::fmt::Write;

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The longest pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 200;
/// How deeply groups and repetitions may nest.
const MAX_NESTING: u32 = 16;
/// The largest repetition count PostgreSQL accepts (`RE_DUPMAX`).
const MAX_REPEAT: u32 = 255;
/// The largest the spelled-out pattern may get (case folding and `\w` expand into many ranges), in bytes; beyond
/// it, matching gets slow in both engines.
const MAX_SPELLED_BYTES: usize = 16 * 1024;
/// The compiled in-memory matcher's size limit, in bytes.
const MAX_COMPILED_BYTES: usize = 1 << 20;

/// A checked pattern, matched without regard to case.
#[derive(Clone, Debug)]
pub struct Pattern {
    written: String,
    postgres: String,
    matcher: regex::Regex,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.written == other.written
    }
}

impl Pattern {
    /// Checks `written`; the message names what is wrong.
    pub fn parse(written: &str) -> Result<Pattern, String> {
        let length = written.chars().count();
        if length > MAX_PATTERN_CHARS {
            return Err(format!("a pattern has at most {MAX_PATTERN_CHARS} characters; this one has {length}"));
        }
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .nest_limit(MAX_NESTING)
            .build()
            .parse(written)
            .map_err(|error| match error {
                regex_syntax::Error::Parse(error) => format!("not a pattern: {}", error.kind()),
                regex_syntax::Error::Translate(error) => format!("not a pattern: {}", error.kind()),
                _ => "not a pattern".to_owned(),
            })?;
        let mut postgres = String::new();
        print_postgres(&hir, &mut postgres)?;
        if postgres.len() > MAX_SPELLED_BYTES {
            return Err("this pattern is too large once its letter cases and classes are spelled out".to_owned());
        }
        let matcher = regex::RegexBuilder::new(&hir.to_string())
            .size_limit(MAX_COMPILED_BYTES)
            .build()
            .map_err(|_| "this pattern is too large to match quickly".to_owned())?;
        Ok(Pattern { written: written.to_owned(), postgres, matcher })
    }

    /// The pattern as the user wrote it.
    pub fn as_str(&self) -> &str {
        &self.written
    }

    /// The same pattern for PostgreSQL's `~` operator (case folding already spelled out, so `~`, not `~*`).
    pub fn postgres(&self) -> &str {
        &self.postgres
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }
}

fn print_postgres(hir: &Hir, out: &mut String) -> Result<(), String> {
    match hir.kind() {
        HirKind::Empty => out.push_str("(?:)"),
        HirKind::Literal(literal) => {
            // Patterns are parsed in Unicode mode, where literals are always whole UTF-8 characters.
            let text = std::str::from_utf8(&literal.0).map_err(|_| "a pattern must match text".to_owned())?;
            text.chars().for_each(|character| push_character(character, out));
        }
        HirKind::Class(Class::Unicode(class)) => {
            // PostgreSQL text never holds NUL, so ranges start at 1; a class left empty can never match.
            let ranges: Vec<(u32, u32)> = class
                .ranges()
                .iter()
                .map(|range| (u32::from(range.start()).max(1), u32::from(range.end())))
                .filter(|(start, end)| start <= end)
                .collect();
            if ranges.is_empty() {
                return Err("this pattern has a class that matches no character".to_owned());
            }
            out.push('[');
            for (start, end) in ranges {
                push_escape(start, out);
                if end > start {
                    out.push('-');
                    push_escape(end, out);
                }
            }
            out.push(']');
        }
        // The syntax tree spells a class that matches nothing as an empty class of bytes.
        HirKind::Class(Class::Bytes(class)) if class.ranges().is_empty() => {
            return Err("this pattern has a class that matches no character".to_owned());
        }
        HirKind::Class(Class::Bytes(_)) => return Err("a pattern must match text, not bytes".to_owned()),
        HirKind::Look(Look::Start) => out.push('^'),
        HirKind::Look(Look::End) => out.push('$'),
        HirKind::Look(_) => {
            return Err(
                "word boundaries and line anchors are not supported; use ^ and $ for the start and end".to_owned()
            );
        }
        HirKind::Repetition(repetition) => {
            let too_many = |count: u32| count > MAX_REPEAT;
            if too_many(repetition.min) || repetition.max.is_some_and(too_many) {
                return Err(format!("a pattern repeats at most {MAX_REPEAT} times"));
            }
            out.push_str("(?:");
            print_postgres(&repetition.sub, out)?;
            out.push(')');
            // Greediness changes which text a match covers, never whether there is one.
            match (repetition.min, repetition.max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (min, None) => write!(out, "{{{min},}}").expect("writing to a String"),
                (min, Some(max)) => write!(out, "{{{min},{max}}}").expect("writing to a String"),
            }
        }
        HirKind::Capture(capture) => {
            out.push_str("(?:");
            print_postgres(&capture.sub, out)?;
            out.push(')');
        }
        HirKind::Concat(parts) => {
            for part in parts {
                print_postgres(part, out)?;
            }
        }
        HirKind::Alternation(branches) => {
            out.push_str("(?:");
            for (index, branch) in branches.iter().enumerate() {
                if index > 0 {
                    out.push('|');
                }
                print_postgres(branch, out)?;
            }
            out.push(')');
        }
    }
    Ok(())
}

/// A literal character outside brackets: letters and digits as they are, anything else escaped by code point so
/// that nothing reads as an operator.
fn push_character(character: char, out: &mut String) {
    if character.is_ascii_alphanumeric() {
        out.push(character);
    } else {
        push_escape(u32::from(character), out);
    }
}

fn push_escape(code: u32, out: &mut String) {
    if let Some(character) = char::from_u32(code).filter(char::is_ascii_alphanumeric) {
        out.push(character);
    } else if code <= 0xFFFF {
        write!(out, "\\u{code:04X}").expect("writing to a String");
    } else {
        write!(out, "\\U{code:08X}").expect("writing to a String");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_without_regard_to_case() {
        let pattern = Pattern::parse("^the (remix|edit)$").unwrap();
        assert!(pattern.is_match("The Remix"));
        assert!(pattern.is_match("THE EDIT"));
        assert!(!pattern.is_match("The Remix (2024)"));
        assert!(Pattern::parse(r"\d{4}").unwrap().is_match("Live 1999"));
    }

    #[test]
    fn patterns_print_for_postgres_with_explicit_ranges() {
        assert_eq!(Pattern::parse("a+").unwrap().postgres(), "(?:[Aa])+");
        assert_eq!(Pattern::parse("^x.y$").unwrap().postgres(), r"^[Xx][\u0001-\u0009\u000B-\U0010FFFF][Yy]$");
        assert_eq!(Pattern::parse("1{2,3}").unwrap().postgres(), "(?:1){2,3}");
        assert_eq!(Pattern::parse("(?:)").unwrap().postgres(), "(?:)");
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let problem = |text: &str| Pattern::parse(text).unwrap_err();
        assert!(problem(r"\bword").contains("word boundaries"));
        assert!(problem("(unclosed").starts_with("not a pattern"));
        assert!(problem("a{300}").contains("255"));
        assert!(problem(&"a".repeat(201)).contains("200"));
        let never = problem(r"[^\s\S]");
        assert!(never.contains("no character"), "{never}");
        assert!(problem(r"(?m)^a").contains("line anchors"));
    }
}
