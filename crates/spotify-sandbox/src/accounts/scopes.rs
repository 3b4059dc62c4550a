//! OAuth scopes: the ones Spotify knows, what the consent page says about each, and how granted scopes are held.

/// Every scope Spotify's accounts service accepts, with the consent page's wording.
pub(crate) const KNOWN_SCOPES: [(&str, &str); 19] = [
    ("app-remote-control", "Communicate with the Spotify app on your device"),
    ("playlist-read-private", "Access your private playlists"),
    ("playlist-read-collaborative", "Access your collaborative playlists"),
    ("playlist-modify-public", "Manage your public playlists"),
    ("playlist-modify-private", "Manage your private playlists"),
    ("user-library-read", "Access your saved content"),
    ("user-library-modify", "Manage your saved content"),
    ("user-read-private", "Access your subscription details"),
    ("user-read-email", "Get your real email address"),
    ("user-follow-read", "Access your followers and who you are following"),
    ("user-follow-modify", "Manage who you are following"),
    ("user-top-read", "Read your top artists and content"),
    ("user-read-playback-position", "Read your position in content you have played"),
    ("user-read-playback-state", "Read your currently playing content and Spotify Connect devices information"),
    ("user-read-recently-played", "Access your recently played items"),
    ("user-read-currently-playing", "Read your currently playing content"),
    ("user-modify-playback-state", "Control playback on your Spotify clients and Spotify Connect devices"),
    ("ugc-image-upload", "Upload images to Spotify on your behalf"),
    ("streaming", "Play content and control playback on your other devices"),
];

/// What the consent page says a scope allows.
pub(crate) fn describe(scope: &str) -> Option<&'static str> {
    KNOWN_SCOPES.iter().find(|(name, _)| *name == scope).map(|(_, text)| *text)
}

/// Splits a space-separated scope parameter, keeping the first occurrence of each scope in order. Returns the
/// first unknown scope as the error.
pub(crate) fn parse_scope_list(text: &str) -> Result<Vec<String>, String> {
    let mut scopes: Vec<String> = Vec::new();
    for scope in text.split([' ', '+', ',']).filter(|s| !s.is_empty()) {
        if describe(scope).is_none() {
            return Err(scope.to_owned());
        }
        if !scopes.iter().any(|known| known == scope) {
            scopes.push(scope.to_owned());
        }
    }
    Ok(scopes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_deduplicates_scopes() {
        assert_eq!(
            parse_scope_list("user-library-read  user-top-read user-library-read").unwrap(),
            vec!["user-library-read", "user-top-read"]
        );
        assert_eq!(parse_scope_list("user-library-read bogus"), Err("bogus".to_owned()));
        assert!(parse_scope_list("").unwrap().is_empty());
    }
}
