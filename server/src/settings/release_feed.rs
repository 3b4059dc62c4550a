//! Settings of the release feed the curation board pulls each week's new releases from: Beatport's catalog API,
//! signed in to with a Beatport application's client credentials. Without them the scheduled pull is off and new
//! releases come in by upload only; in demo mode the sandbox's emulation serves the feed, which takes any
//! credentials, so made-up ones stand in. Release files can also be dropped into a watched folder.

use std::path::PathBuf;
use std::time::Duration;

use crossfade_library::releases::ReleaseFolder;
use secrecy::SecretString;
use url::Url;

use super::enrichment::parse_base_url;
use super::{SettingsError, hours, invalid, positive};

/// Where Beatport's API is.
const BEATPORT_URL: &str = "https://api.beatport.com/";

/// The demo's client id and secret: the sandbox's Beatport accepts any.
const DEMO_CLIENT_ID: &str = "crossfade-demo";
const DEMO_CLIENT_SECRET: &str = "crossfade-demo-secret";

/// How new releases are pulled.
#[derive(Clone, Debug)]
pub struct ReleaseFeedSettings {
    /// `BEATPORT_CLIENT_ID`: the Beatport application the pull signs in as; None switches the scheduled pull off.
    pub beatport: Option<BeatportApp>,
    /// `CROSSFADE_RELEASE_PULL_HOURS`: time between pulls of each user's curated styles.
    pub pull_interval: Duration,
    /// `CROSSFADE_RELEASE_FOLDER`: the watched folder (one subfolder per user, named by their Spotify user id), and
    /// `CROSSFADE_RELEASE_FOLDER_SECONDS`, how often it is looked into; None: release files come in by upload only.
    pub folder: Option<ReleaseFolder>,
}

/// A Beatport application.
#[derive(Clone, Debug)]
pub struct BeatportApp {
    /// `CROSSFADE_BEATPORT_URL`: the API's base URL; None in demo mode (the sandbox serves it).
    pub base_url: Option<Url>,
    /// `BEATPORT_CLIENT_ID`: the application's client id.
    pub client_id: String,
    /// `BEATPORT_CLIENT_SECRET`: the application's client secret.
    pub client_secret: SecretString,
}

pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
    demo: bool,
) -> Result<ReleaseFeedSettings, SettingsError> {
    let base_url = match get("CROSSFADE_BEATPORT_URL") {
        Some(raw) => Some(parse_base_url("CROSSFADE_BEATPORT_URL", &raw)?),
        None if demo => None,
        None => Some(Url::parse(BEATPORT_URL).expect("literal")),
    };
    let client_id = get("BEATPORT_CLIENT_ID").map(|id| id.trim().to_owned());
    let client_secret = get("BEATPORT_CLIENT_SECRET").map(SecretString::from);
    let beatport = match (client_id, client_secret) {
        (Some(client_id), Some(client_secret)) => Some(BeatportApp { base_url, client_id, client_secret }),
        (client_id, client_secret) if demo => Some(BeatportApp {
            base_url,
            client_id: client_id.unwrap_or_else(|| DEMO_CLIENT_ID.to_owned()),
            client_secret: client_secret.unwrap_or_else(|| SecretString::from(DEMO_CLIENT_SECRET)),
        }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(invalid(
                "BEATPORT_CLIENT_SECRET",
                "is not set; Beatport gives an application's token only with its client secret",
            ));
        }
        (None, Some(_)) => {
            return Err(invalid(
                "BEATPORT_CLIENT_ID",
                "is not set, but BEATPORT_CLIENT_SECRET is; set both to pull new releases from Beatport, or neither",
            ));
        }
    };
    let folder_interval = Duration::from_secs(positive(get, "CROSSFADE_RELEASE_FOLDER_SECONDS", 60)?);
    let folder = match get("CROSSFADE_RELEASE_FOLDER").filter(|path| !path.trim().is_empty()) {
        Some(path) => {
            let path = PathBuf::from(path.trim());
            if !path.is_dir() {
                return Err(invalid(
                    "CROSSFADE_RELEASE_FOLDER",
                    format!(
                        "{} is not a folder; create it, with a subfolder per user named by their Spotify user id",
                        path.display()
                    ),
                ));
            }
            Some(ReleaseFolder { path, interval: folder_interval })
        }
        None => None,
    };
    Ok(ReleaseFeedSettings {
        beatport,
        pull_interval: hours(positive(get, "CROSSFADE_RELEASE_PULL_HOURS", 24)?),
        folder,
    })
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn settings(vars: &[(&str, &str)], demo: bool) -> Result<ReleaseFeedSettings, SettingsError> {
        let get = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        from_lookup(&get, demo)
    }

    const CREDENTIALS: [(&str, &str); 2] = [("BEATPORT_CLIENT_ID", "bp-app"), ("BEATPORT_CLIENT_SECRET", "bp-s3cr3t")];

    #[test]
    fn without_a_beatport_client_id_the_scheduled_pull_is_off() {
        let off = settings(&[], false).unwrap();
        assert!(off.beatport.is_none());
        assert_eq!(off.pull_interval, Duration::from_secs(24 * 3600));
    }

    #[test]
    fn a_client_id_and_secret_pull_from_beatport() {
        let on = settings(&CREDENTIALS, false).unwrap();
        let app = on.beatport.as_ref().expect("the pull is on");
        assert_eq!(app.base_url.as_ref().map(Url::as_str), Some("https://api.beatport.com/"));
        assert_eq!(app.client_id, "bp-app");
        assert_eq!(app.client_secret.expose_secret(), "bp-s3cr3t");
        assert!(!format!("{on:?}").contains("bp-s3cr3t"), "the secret is redacted");
    }

    #[test]
    fn demo_mode_pulls_from_the_sandbox_with_made_up_credentials() {
        let demo = settings(&[], true).unwrap();
        let app = demo.beatport.expect("the pull is on in demo mode");
        assert_eq!(app.base_url, None, "the sandbox serves it");
        assert_eq!((app.client_id.as_str(), app.client_secret.expose_secret()), (DEMO_CLIENT_ID, DEMO_CLIENT_SECRET));
    }

    #[test]
    fn the_address_and_the_interval_can_be_set() {
        let vars = [
            CREDENTIALS[0],
            CREDENTIALS[1],
            ("CROSSFADE_BEATPORT_URL", "http://127.0.0.1:3030/beatport"),
            ("CROSSFADE_RELEASE_PULL_HOURS", "6"),
        ];
        let set = settings(&vars, false).unwrap();
        let app = set.beatport.expect("the pull is on");
        assert_eq!(app.base_url.as_ref().map(Url::as_str), Some("http://127.0.0.1:3030/beatport/"));
        assert_eq!(set.pull_interval, Duration::from_secs(6 * 3600));
    }

    #[test]
    fn a_watched_folder_must_exist() {
        let folder = std::env::temp_dir();
        let path = folder.to_str().unwrap();
        let on = settings(&[("CROSSFADE_RELEASE_FOLDER", path), ("CROSSFADE_RELEASE_FOLDER_SECONDS", "15")], false)
            .unwrap()
            .folder
            .expect("the folder is watched");
        assert_eq!((on.path, on.interval), (folder.clone(), Duration::from_secs(15)));
        assert_eq!(settings(&[], false).unwrap().folder, None);
        let missing = folder.join("crossfade-no-such-folder");
        let error = settings(&[("CROSSFADE_RELEASE_FOLDER", missing.to_str().unwrap())], false).unwrap_err();
        assert_eq!(error.variable, "CROSSFADE_RELEASE_FOLDER");
        assert!(error.problem.contains("is not a folder"), "{}", error.problem);
    }

    #[test]
    fn invalid_values_name_their_variable() {
        let cases: [(&[(&str, &str)], &str); 8] = [
            (&[("CROSSFADE_RELEASE_FOLDER_SECONDS", "0")], "CROSSFADE_RELEASE_FOLDER_SECONDS"),
            (&[("CROSSFADE_RELEASE_PULL_HOURS", "0")], "CROSSFADE_RELEASE_PULL_HOURS"),
            (&[("CROSSFADE_RELEASE_PULL_HOURS", "-3")], "CROSSFADE_RELEASE_PULL_HOURS"),
            (&[("CROSSFADE_RELEASE_PULL_HOURS", "daily")], "CROSSFADE_RELEASE_PULL_HOURS"),
            (&[("CROSSFADE_BEATPORT_URL", "ftp://beatport")], "CROSSFADE_BEATPORT_URL"),
            (&[("CROSSFADE_BEATPORT_URL", "api.beatport.com")], "CROSSFADE_BEATPORT_URL"),
            (&[("BEATPORT_CLIENT_ID", "bp-app")], "BEATPORT_CLIENT_SECRET"),
            (&[("BEATPORT_CLIENT_SECRET", "bp-s3cr3t")], "BEATPORT_CLIENT_ID"),
        ];
        for (vars, variable) in cases {
            let error = settings(vars, false).unwrap_err();
            assert_eq!(error.variable, variable, "{vars:?}");
        }
    }
}
