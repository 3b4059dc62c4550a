//! Relative addresses with a query string, written the way HTML forms encode their fields, so a link built here and
//! the same choice submitted through a GET form lead to the same URL.

/// A relative address with a query string built from known keys and encoded values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link(String);

impl Link {
    pub fn new(path: &str) -> Self {
        Link(path.to_owned())
    }

    /// Adds `key=value`, or nothing when `value` is None.
    pub fn push(&mut self, key: &str, value: Option<&str>) {
        let Some(value) = value else { return };
        self.0.push(if self.0.contains('?') { '&' } else { '?' });
        self.0.push_str(key);
        self.0.push('=');
        // As HTML forms encode: unreserved characters as they are, spaces as '+', every other byte as %XX.
        for byte in value.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => self.0.push(char::from(byte)),
                b' ' => self.0.push('+'),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789ABCDEF";
                    self.0.push('%');
                    self.0.push(char::from(HEX[usize::from(byte >> 4)]));
                    self.0.push(char::from(HEX[usize::from(byte & 0xF)]));
                }
            }
        }
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// Decodes one form-encoded query value (`+` is a space, `%XX` a byte); None for a broken escape or invalid UTF-8.
/// The router decodes real requests; tests read links back with this.
#[cfg(test)]
pub(crate) fn decode_query_value(encoded: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut rest = encoded.bytes();
    while let Some(byte) = rest.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = char::from(rest.next()?).to_digit(16)?;
                let low = char::from(rest.next()?).to_digit(16)?;
                bytes.push(u8::try_from(high * 16 + low).ok()?);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

/// The key and value pairs of a link's query string, decoded the way a server reads a submitted form.
#[cfg(test)]
pub(crate) fn query_pairs(href: &str) -> Vec<(String, String)> {
    let Some((_, query)) = href.split_once('?') else { return Vec::new() };
    query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').expect("every pair has a value");
            (key.to_owned(), decode_query_value(value).expect("a value the link encoded"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn values_are_encoded_as_forms_encode_them() {
        let mut link = Link::new("/library");
        link.push("q", Some("AC/DC & friends"));
        link.push("source", None);
        link.push("page", Some("2"));
        assert_eq!(link.finish(), "/library?q=AC%2FDC+%26+friends&page=2");
        let mut unicode = Link::new("/x");
        unicode.push("q", Some("Café"));
        assert_eq!(unicode.finish(), "/x?q=Caf%C3%A9");
    }

    proptest! {
        #[test]
        fn every_value_decodes_back(value in ".{0,40}") {
            let mut link = Link::new("/p");
            link.push("v", Some(&value));
            let written = link.finish();
            let encoded = written.strip_prefix("/p?v=").unwrap();
            prop_assert!(!encoded.contains(['&', '=', '#', ' ', '?']));
            prop_assert_eq!(decode_query_value(encoded), Some(value));
        }
    }
}
