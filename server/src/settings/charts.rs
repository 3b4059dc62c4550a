//! Settings of the scheduled chart fetch and play count: which services charts are fetched from, where each is,
//! Last.fm's API key, YouTube's key and SoundCloud's application for the counts, and how often. In demo mode the
//! sandbox serves every service and all of them are fetched. Elsewhere the keyless feeds are fetched by default;
//! Last.fm needs the installation's API key; charts.spotify.com's downloads need a signed-in browser, so Spotify
//! charts come in by upload unless `CROSSFADE_CHART_FETCH` names them and `CROSSFADE_SPOTIFY_CHARTS_URL` an address
//! that serves them.

use std::time::Duration;

use crossfade_domain::ChartService;
use secrecy::SecretString;
use url::Url;

use super::enrichment::parse_base_url;
use super::{SettingsError, hours, invalid, positive};

/// The services a chart is fetched from, in the order they are set up.
const FETCHABLE: [ChartService; 7] = [
    ChartService::Spotify,
    ChartService::AppleMusic,
    ChartService::Billboard,
    ChartService::Deezer,
    ChartService::Beatport,
    ChartService::LastFm,
    ChartService::Shazam,
];

/// How charts are fetched.
#[derive(Clone, Debug)]
pub struct ChartFetchSettings {
    /// `CROSSFADE_CHART_FETCH`: the services fetched from (`all`, `none`, or codes separated by commas).
    pub services: Vec<ChartService>,
    /// `CROSSFADE_<SERVICE>_URL` (`SPOTIFY_CHARTS`, `APPLE_MUSIC_RSS`, `BILLBOARD`, `DEEZER`, `LASTFM`, `SHAZAM`):
    /// each service's base URL; None in demo mode (the sandbox serves it). Beatport's is the release feed's.
    pub urls: Vec<(ChartService, Url)>,
    /// `LASTFM_API_KEY`: the key Last.fm's API is asked with.
    pub lastfm_key: Option<SecretString>,
    /// `YOUTUBE_API_KEY`: the key YouTube's Data API is asked with; None: views are not counted.
    pub youtube_key: Option<SecretString>,
    /// `SOUNDCLOUD_CLIENT_ID` and `SOUNDCLOUD_CLIENT_SECRET`: the SoundCloud application plays are counted as; None:
    /// not counted.
    pub soundcloud: Option<(String, SecretString)>,
    /// `CROSSFADE_PLAY_COUNT_SEARCHES`: recordings each counting service is searched for in a day (a YouTube search
    /// costs 100 of the 10,000 units a key has a day).
    pub searches_per_day: usize,
    /// `CROSSFADE_CHART_FETCH_HOURS`: time between two fetches of one genre's chart of one service.
    pub interval: Duration,
}

/// The demo's Last.fm key: the sandbox takes any 32 hexadecimal digits.
const DEMO_LASTFM_KEY: &str = "00000000000000000000000000000000";
/// The demo's YouTube key and SoundCloud application: the sandbox takes any.
const DEMO_YOUTUBE_KEY: &str = "crossfade-demo-youtube-key";
const DEMO_SOUNDCLOUD_ID: &str = "crossfade-demo";
const DEMO_SOUNDCLOUD_SECRET: &str = "crossfade-demo-secret";

/// Where each service is, and the variable that moves it.
fn service_url(service: ChartService) -> Option<(&'static str, &'static str)> {
    Some(match service {
        // No default: charts.spotify.com's downloads need a signed-in browser.
        ChartService::Spotify => ("CROSSFADE_SPOTIFY_CHARTS_URL", ""),
        ChartService::AppleMusic => ("CROSSFADE_APPLE_MUSIC_RSS_URL", "https://rss.applemarketingtools.com/"),
        ChartService::Billboard => {
            ("CROSSFADE_BILLBOARD_URL", "https://raw.githubusercontent.com/mhollingshead/billboard-hot-100/main/")
        }
        ChartService::Deezer => ("CROSSFADE_DEEZER_URL", "https://api.deezer.com/"),
        ChartService::LastFm => ("CROSSFADE_LASTFM_URL", "https://ws.audioscrobbler.com/"),
        ChartService::Shazam => ("CROSSFADE_SHAZAM_URL", "https://www.shazam.com/"),
        ChartService::YouTube => ("CROSSFADE_YOUTUBE_URL", "https://www.googleapis.com/"),
        ChartService::SoundCloud => ("CROSSFADE_SOUNDCLOUD_URL", "https://api.soundcloud.com/"),
        ChartService::Beatport => return None,
    })
}

pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
    demo: bool,
) -> Result<ChartFetchSettings, SettingsError> {
    let lastfm_key = match secret(get, "LASTFM_API_KEY") {
        Some(key) => Some(key),
        None if demo => Some(SecretString::from(DEMO_LASTFM_KEY)),
        None => None,
    };
    let services = match get("CROSSFADE_CHART_FETCH") {
        Some(raw) => parse_services(&raw)?,
        None if demo => FETCHABLE.to_vec(),
        None => {
            let mut keyless =
                vec![ChartService::AppleMusic, ChartService::Billboard, ChartService::Deezer, ChartService::Shazam];
            keyless.push(ChartService::Beatport);
            if lastfm_key.is_some() {
                keyless.push(ChartService::LastFm);
            }
            keyless
        }
    };
    if services.contains(&ChartService::LastFm) && lastfm_key.is_none() {
        return Err(invalid(
            "LASTFM_API_KEY",
            "is not set, but CROSSFADE_CHART_FETCH names lastfm; Last.fm answers only with a key",
        ));
    }
    let youtube_key = match secret(get, "YOUTUBE_API_KEY") {
        Some(key) => Some(key),
        None if demo => Some(SecretString::from(DEMO_YOUTUBE_KEY)),
        None => None,
    };
    let soundcloud =
        match (get("SOUNDCLOUD_CLIENT_ID").map(|id| id.trim().to_owned()), secret(get, "SOUNDCLOUD_CLIENT_SECRET")) {
            (Some(id), Some(secret)) if !id.is_empty() => Some((id, secret)),
            (None, None) if demo => Some((DEMO_SOUNDCLOUD_ID.to_owned(), SecretString::from(DEMO_SOUNDCLOUD_SECRET))),
            (None, None) => None,
            _ => {
                return Err(invalid(
                    "SOUNDCLOUD_CLIENT_ID",
                    "and SOUNDCLOUD_CLIENT_SECRET go together: set both to count SoundCloud plays, or neither",
                ));
            }
        };
    let counted = [(ChartService::YouTube, youtube_key.is_some()), (ChartService::SoundCloud, soundcloud.is_some())];
    let counted = counted.into_iter().filter(|(_, on)| *on).map(|(service, _)| service);
    let mut urls = Vec::new();
    for service in services.iter().copied().chain(counted).collect::<Vec<_>>().iter() {
        let Some((variable, real)) = service_url(*service) else { continue };
        match get(variable) {
            Some(raw) => urls.push((*service, parse_base_url(variable, &raw)?)),
            None if demo => {}
            None if *service == ChartService::Spotify => {
                return Err(invalid(
                    variable,
                    "is not set, but CROSSFADE_CHART_FETCH names spotify: charts.spotify.com's downloads need a \
                     signed-in browser, so name an address that serves them, or bring Spotify's charts in by upload",
                ));
            }
            None => urls.push((*service, Url::parse(real).expect("a literal URL"))),
        }
    }
    Ok(ChartFetchSettings {
        services,
        urls,
        lastfm_key,
        youtube_key,
        soundcloud,
        searches_per_day: positive(get, "CROSSFADE_PLAY_COUNT_SEARCHES", 50u32)? as usize,
        interval: hours(positive(get, "CROSSFADE_CHART_FETCH_HOURS", 24)?),
    })
}

/// A secret setting, None when unset or blank.
fn secret(get: &impl Fn(&str) -> Option<String>, variable: &str) -> Option<SecretString> {
    get(variable).map(|value| value.trim().to_owned()).filter(|value| !value.is_empty()).map(SecretString::from)
}

/// `all`, `none`, or service codes separated by commas.
fn parse_services(raw: &str) -> Result<Vec<ChartService>, SettingsError> {
    match raw.trim() {
        "all" => return Ok(FETCHABLE.to_vec()),
        "none" | "" => return Ok(Vec::new()),
        _ => {}
    }
    let mut services = Vec::new();
    for code in raw.split(',').map(str::trim).filter(|code| !code.is_empty()) {
        let service = ChartService::parse(code).filter(|service| FETCHABLE.contains(service)).ok_or_else(|| {
            invalid(
                "CROSSFADE_CHART_FETCH",
                format!(
                    "`{code}` is not a service charts are fetched from (spotify, apple-music, billboard, deezer, \
                     beatport, lastfm, shazam; or all, none)"
                ),
            )
        })?;
        if !services.contains(&service) {
            services.push(service);
        }
    }
    Ok(services)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)], demo: bool) -> Result<ChartFetchSettings, SettingsError> {
        let get = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        from_lookup(&get, demo)
    }

    #[test]
    fn the_demo_fetches_every_service_from_the_sandbox() {
        let demo = settings(&[], true).unwrap();
        assert_eq!(demo.services, FETCHABLE);
        assert!(demo.urls.is_empty(), "the sandbox's addresses are known only once it runs");
        assert!(demo.lastfm_key.is_some() && demo.youtube_key.is_some() && demo.soundcloud.is_some());
        assert_eq!(demo.interval, Duration::from_secs(24 * 3600));
    }

    #[test]
    fn elsewhere_the_keyless_feeds_are_fetched_and_lastfm_only_with_a_key() {
        let real = settings(&[], false).unwrap();
        assert!(!real.services.contains(&ChartService::Spotify), "Spotify's downloads need a signed-in browser");
        assert!(!real.services.contains(&ChartService::LastFm));
        assert!(real.services.contains(&ChartService::Deezer));
        let deezer = real.urls.iter().find(|(service, _)| *service == ChartService::Deezer).unwrap();
        assert_eq!(deezer.1.as_str(), "https://api.deezer.com/");
        let keyed = settings(&[("LASTFM_API_KEY", "abc")], false).unwrap();
        assert!(keyed.services.contains(&ChartService::LastFm));
        let error = settings(&[("CROSSFADE_CHART_FETCH", "lastfm")], false).unwrap_err().to_string();
        assert!(error.contains("LASTFM_API_KEY"), "{error}");
        assert!(real.youtube_key.is_none() && real.soundcloud.is_none(), "counts need a key and an application");
        let counted = settings(&[("YOUTUBE_API_KEY", "k"), ("CROSSFADE_PLAY_COUNT_SEARCHES", "20")], false).unwrap();
        assert_eq!(counted.searches_per_day, 20);
        let youtube = counted.urls.iter().find(|(service, _)| *service == ChartService::YouTube).unwrap();
        assert_eq!(youtube.1.as_str(), "https://www.googleapis.com/");
        let error = settings(&[("SOUNDCLOUD_CLIENT_ID", "app")], false).unwrap_err().to_string();
        assert!(error.contains("SOUNDCLOUD_CLIENT_ID"), "{error}");
    }

    #[test]
    fn the_services_are_named_in_words_and_a_wrong_one_is_refused() {
        let chosen = settings(&[("CROSSFADE_CHART_FETCH", "deezer, shazam,deezer")], false).unwrap();
        assert_eq!(chosen.services, [ChartService::Deezer, ChartService::Shazam]);
        assert!(settings(&[("CROSSFADE_CHART_FETCH", "none")], true).unwrap().services.is_empty());
        let error = settings(&[("CROSSFADE_CHART_FETCH", "deezer,tidal")], false).unwrap_err().to_string();
        assert!(error.contains("CROSSFADE_CHART_FETCH") && error.contains("tidal"), "{error}");
        let error = settings(&[("CROSSFADE_CHART_FETCH", "youtube")], false).unwrap_err().to_string();
        assert!(error.contains("youtube"), "{error}");
        let error = settings(&[("CROSSFADE_CHART_FETCH", "all"), ("LASTFM_API_KEY", "k")], false).unwrap_err();
        assert!(error.to_string().contains("CROSSFADE_SPOTIFY_CHARTS_URL"), "{error}");
        let spotify = [("CROSSFADE_CHART_FETCH", "spotify"), ("CROSSFADE_SPOTIFY_CHARTS_URL", "http://127.0.0.1:9/")];
        assert_eq!(settings(&spotify, false).unwrap().services, [ChartService::Spotify]);
        let moved = settings(&[("CROSSFADE_SHAZAM_URL", "http://127.0.0.1:9/shazam")], false).unwrap();
        let shazam = moved.urls.iter().find(|(service, _)| *service == ChartService::Shazam).unwrap();
        assert_eq!(shazam.1.as_str(), "http://127.0.0.1:9/shazam/");
    }
}
