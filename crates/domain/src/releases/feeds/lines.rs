//! Line numbers of places in a feed's text, so a row that is left out is reported where the file has it.

use super::FeedProblem;

/// Counts lines up to the byte offsets asked for. Readers ask in the order of the file, so the text is scanned once
/// however many rows it has, and nothing is kept per line.
pub(crate) struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter { text, offset: 0, line: 1 }
    }

    /// The 1-based line of the byte at `offset`.
    pub(crate) fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text.as_bytes()[self.offset..offset].iter().filter(|&&byte| byte == b'\n').count();
        self.offset = offset;
        self.line
    }

    /// The line where `part` starts; `part` is a slice of the text, as serde_json's borrowed raw values are.
    pub(crate) fn line_of(&mut self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        self.line_at(offset)
    }

    /// A JSON syntax or shape error found while parsing `part`, at its line in the whole text.
    pub(super) fn malformed_json(&mut self, part: &str, error: &serde_json::Error) -> FeedProblem {
        let (line, message) = self.json_error(part, error);
        FeedProblem::Malformed { line, message: format!("the JSON is broken: {message}") }
    }

    /// The line in the whole text of a JSON error found while parsing `part`, and serde_json's message without its
    /// position in `part` (which is not the position in the file).
    pub(crate) fn json_error(&mut self, part: &str, error: &serde_json::Error) -> (usize, String) {
        let line = self.line_of(part) + error.line().saturating_sub(1);
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(end) => message[..end].to_owned(),
            None => message,
        };
        (line, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_forwards_and_again_from_the_start() {
        let text = "one\ntwo\n\nfour";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(4), 2);
        assert_eq!(lines.line_of(&text[10..]), 4);
        assert_eq!(lines.line_at(3), 1);
        assert_eq!(lines.line_at(100), 4);
    }

    #[test]
    fn json_errors_are_placed_in_the_whole_text() {
        let text = "<p>\n<script>\n{\"a\":\n[1,}</script>";
        let json = &text[13..text.len() - 9];
        let error = serde_json::from_str::<serde_json::Value>(json).unwrap_err();
        let FeedProblem::Malformed { line, message } = LineCounter::new(text).malformed_json(json, &error) else {
            panic!("not malformed");
        };
        assert_eq!(line, 4);
        assert!(message.starts_with("the JSON is broken: ") && !message.contains("column"), "{message}");
    }
}
