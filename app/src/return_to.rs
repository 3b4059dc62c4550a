//! Where a form sends the browser back to: only a path on this site, so a crafted form cannot send a signed-in user
//! to another host.

/// A path on this site: starts with one slash (not two, which a browser reads as another host), holds no backslash
/// (which some browsers read as a slash), no whitespace or control character (browsers drop tabs and line breaks from
/// an address, so "/\t/host" would become "//host") and is of a reasonable length.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_whitespace() || c.is_control())
        && path.len() <= 512
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_returned_to() {
        for path in ["/", "/curation/techno/2026-11-30#card-4", "/library?page=2"] {
            assert!(is_local_path(path), "{path}");
        }
        for path in [
            "",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "https://evil.example/",
            "curation",
            &"/a".repeat(300),
        ] {
            assert!(!is_local_path(path), "{path}");
        }
    }
}
