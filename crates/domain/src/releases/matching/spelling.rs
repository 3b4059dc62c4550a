//! The key a title or an artist's name is compared under, and how alike two keys are: one minus the edit distance
//! (insertions, deletions and substitutions of characters) over the longer length, so 1 is the same text and 0
//! nothing in common.

use crate::genres::fold;

/// `text` folded to lower case without accents, "&" read as "and", apostrophes dropped ("Don't" and "Dont" agree),
/// every other mark a space, and runs of spaces made one.
pub(super) fn key(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    for c in fold(text).chars() {
        match c {
            '\'' | '\u{2019}' | '`' => {}
            '&' => spaced.push_str(" and "),
            c if c.is_alphanumeric() => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How alike `a` and `b` are, from 0 to 1; two empty texts are the same.
pub(super) fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    1.0 - edit_distance(&a, &b) as f64 / longer as f64
}

/// The fewest single-character edits that turn `a` into `b`, keeping one row of the table at a time.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &from) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &to) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(from != to);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}
