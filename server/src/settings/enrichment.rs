//! Settings of the enrichment providers: which run, where each is reached, how hard each is asked, and the order in
//! which their values count. Keyless providers receive only Spotify ids and ISRCs, never anything about the user.
//! In demo mode every provider is served by the in-process sandbox and its base URLs are set at start-up.

use std::time::Duration;

use crossfade_domain::{EnrichedField, Provider};
use crossfade_library::enrichment::MIN_REQUESTS_PER_RUN;
use url::Url;

use super::{SettingsError, invalid, positive};

/// One provider switched on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSettings {
    pub provider: Provider,
    /// `CROSSFADE_<PROVIDER>_URL`: the service's base URL; `None` in demo mode (the sandbox serves it).
    pub base_url: Option<Url>,
    /// `CROSSFADE_<PROVIDER>_RATE`: requests per window, as `REQUESTS/SECONDSs` (`50/5s`).
    pub requests: usize,
    pub window: Duration,
    /// `CROSSFADE_<PROVIDER>_CONCURRENCY`: requests in flight at once.
    pub concurrency: usize,
}

/// How tracks are enriched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnrichmentSettings {
    /// `CROSSFADE_ENRICHMENT`: the providers switched on.
    pub providers: Vec<ProviderSettings>,
    /// `CROSSFADE_MUSICBRAINZ_CONTACT`: the e-mail address or URL MusicBrainz's `User-Agent` must name.
    pub musicbrainz_contact: Option<String>,
    /// `CROSSFADE_ENRICHMENT_RECHECK_DAYS`: a track a provider did not know is asked again after this many days.
    pub recheck_after_days: i32,
    /// `CROSSFADE_ENRICHMENT_REQUESTS_PER_RUN`: requests one bounded run sends before the next is queued.
    pub requests_per_run: usize,
    /// `CROSSFADE_SOURCE_ORDER` and `CROSSFADE_SOURCE_ORDER_<FIELD>`: which provider's value counts first.
    pub source_orders: Vec<(EnrichedField, Vec<Provider>)>,
}

/// A provider's defaults: where the real service is, its published (or observed) rate, and how many requests
/// may run at once without tripping it.
struct Defaults {
    provider: Provider,
    variable: &'static str,
    url: &'static str,
    requests: usize,
    window_secs: u64,
    concurrency: usize,
}

const DEFAULTS: [Defaults; 3] = [
    // ReccoBeats publishes no limit; 429s with long waits were seen past about two requests a second.
    Defaults {
        provider: Provider::ReccoBeats,
        variable: "RECCOBEATS",
        url: "https://api.reccobeats.com/",
        requests: 120,
        window_secs: 60,
        concurrency: 2,
    },
    // Deezer's quota: 50 requests per 5 seconds.
    Defaults {
        provider: Provider::Deezer,
        variable: "DEEZER",
        url: "https://api.deezer.com/",
        requests: 50,
        window_secs: 5,
        concurrency: 4,
    },
    // MusicBrainz: one request per second, one at a time.
    Defaults {
        provider: Provider::MusicBrainz,
        variable: "MUSICBRAINZ",
        url: "https://musicbrainz.org/",
        requests: 1,
        window_secs: 1,
        concurrency: 1,
    },
];

pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
    demo: bool,
    extended_access: bool,
) -> Result<EnrichmentSettings, SettingsError> {
    let musicbrainz_contact = get("CROSSFADE_MUSICBRAINZ_CONTACT").map(|contact| contact.trim().to_owned());
    let switched_on = match get("CROSSFADE_ENRICHMENT") {
        Some(list) => parse_providers("CROSSFADE_ENRICHMENT", &list)?,
        None => {
            let mut on = vec![Provider::ReccoBeats, Provider::Deezer];
            if demo || musicbrainz_contact.is_some() {
                on.push(Provider::MusicBrainz);
            }
            if extended_access {
                on.insert(0, Provider::Spotify);
            }
            on
        }
    };
    if switched_on.contains(&Provider::MusicBrainz) && musicbrainz_contact.is_none() && !demo {
        return Err(invalid(
            "CROSSFADE_MUSICBRAINZ_CONTACT",
            "is not set; MusicBrainz refuses clients whose User-Agent names no contact (an e-mail address or URL)",
        ));
    }
    if switched_on.contains(&Provider::Spotify) && !extended_access {
        return Err(invalid(
            "CROSSFADE_ENRICHMENT",
            "names `spotify`, but Spotify serves audio features only to apps with extended access (SPOTIFY_EXTENDED_ACCESS)",
        ));
    }
    let mut providers = Vec::new();
    for provider in switched_on {
        providers.push(match DEFAULTS.iter().find(|defaults| defaults.provider == provider) {
            Some(defaults) => provider_settings(get, defaults, demo)?,
            // Spotify's features pass the library's own Spotify gate.
            None => ProviderSettings { provider, base_url: None, requests: 0, window: Duration::ZERO, concurrency: 1 },
        });
    }
    let requests_per_run: usize = positive(get, "CROSSFADE_ENRICHMENT_REQUESTS_PER_RUN", 200)?;
    if requests_per_run < MIN_REQUESTS_PER_RUN {
        return Err(invalid(
            "CROSSFADE_ENRICHMENT_REQUESTS_PER_RUN",
            format!("must be at least {MIN_REQUESTS_PER_RUN}: a MusicBrainz track takes three requests"),
        ));
    }
    Ok(EnrichmentSettings {
        providers,
        musicbrainz_contact,
        recheck_after_days: positive(get, "CROSSFADE_ENRICHMENT_RECHECK_DAYS", 30)?,
        requests_per_run,
        source_orders: source_orders(get)?,
    })
}

fn provider_settings(
    get: &impl Fn(&str) -> Option<String>,
    defaults: &Defaults,
    demo: bool,
) -> Result<ProviderSettings, SettingsError> {
    let url_variable = leak(format!("CROSSFADE_{}_URL", defaults.variable));
    let rate_variable = leak(format!("CROSSFADE_{}_RATE", defaults.variable));
    let concurrency_variable = leak(format!("CROSSFADE_{}_CONCURRENCY", defaults.variable));
    let base_url = match (get(url_variable), demo) {
        (Some(raw), _) => Some(parse_base_url(url_variable, &raw)?),
        (None, true) => None,
        (None, false) => Some(Url::parse(defaults.url).expect("literal")),
    };
    let (requests, window) = match get(rate_variable) {
        Some(raw) => parse_rate(rate_variable, &raw)?,
        None => (defaults.requests, Duration::from_secs(defaults.window_secs)),
    };
    Ok(ProviderSettings {
        provider: defaults.provider,
        base_url,
        requests,
        window,
        concurrency: positive(get, concurrency_variable, defaults.concurrency)?,
    })
}

/// Setting names are built per provider; they live as long as the process, and there are a handful.
fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}

pub(super) fn parse_base_url(variable: &'static str, raw: &str) -> Result<Url, SettingsError> {
    let mut url = Url::parse(raw.trim()).map_err(|error| invalid(variable, format!("`{raw}`: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(variable, format!("`{raw}` is not an http(s) URL")));
    }
    // Paths are joined onto the base, which keeps its last segment only when it ends with a slash.
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    Ok(url)
}

/// `50/5s` → 50 requests per 5 seconds.
fn parse_rate(variable: &'static str, raw: &str) -> Result<(usize, Duration), SettingsError> {
    let problem = || invalid(variable, format!("`{raw}` is not a rate like `50/5s` (requests per seconds)"));
    let (requests, window) = raw.trim().split_once('/').ok_or_else(problem)?;
    let requests: usize = requests.trim().parse().map_err(|_| problem())?;
    let seconds: u64 = window.trim().trim_end_matches('s').parse().map_err(|_| problem())?;
    if requests == 0 || seconds == 0 {
        return Err(problem());
    }
    Ok((requests, Duration::from_secs(seconds)))
}

fn parse_providers(variable: &'static str, list: &str) -> Result<Vec<Provider>, SettingsError> {
    if list.trim() == "none" {
        return Ok(Vec::new());
    }
    let mut providers = Vec::new();
    for name in list.split(',').map(str::trim).filter(|name| !name.is_empty()) {
        let provider = Provider::parse(name).filter(|provider| *provider != Provider::File).ok_or_else(|| {
            invalid(variable, format!("`{name}` is none of spotify, reccobeats, deezer, musicbrainz (or `none`)"))
        })?;
        if !providers.contains(&provider) {
            providers.push(provider);
        }
    }
    Ok(providers)
}

/// The installation's order per field: `CROSSFADE_SOURCE_ORDER` for every field, `CROSSFADE_SOURCE_ORDER_TEMPO`
/// (and so on) for one. Providers not named come after those named, in the built-in order.
fn source_orders(get: &impl Fn(&str) -> Option<String>) -> Result<Vec<(EnrichedField, Vec<Provider>)>, SettingsError> {
    let everywhere = match get("CROSSFADE_SOURCE_ORDER") {
        Some(list) => Some(parse_order("CROSSFADE_SOURCE_ORDER", &list)?),
        None => None,
    };
    let mut orders = Vec::new();
    for field in EnrichedField::all() {
        let variable = leak(format!("CROSSFADE_SOURCE_ORDER_{}", field.code().to_uppercase()));
        let order = match get(variable) {
            Some(list) => Some(parse_order(variable, &list)?),
            None => everywhere.clone(),
        };
        orders.push((field, order.unwrap_or_default()));
    }
    Ok(orders)
}

fn parse_order(variable: &'static str, list: &str) -> Result<Vec<Provider>, SettingsError> {
    let mut providers = Vec::new();
    for name in list.split(',').map(str::trim).filter(|name| !name.is_empty()) {
        let provider = Provider::parse(name).ok_or_else(|| {
            invalid(variable, format!("`{name}` is none of spotify, file, reccobeats, deezer, musicbrainz"))
        })?;
        if !providers.contains(&provider) {
            providers.push(provider);
        }
    }
    Ok(providers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)], demo: bool) -> Result<EnrichmentSettings, SettingsError> {
        let get = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        from_lookup(&get, demo, false)
    }

    fn providers(settings: &EnrichmentSettings) -> Vec<Provider> {
        settings.providers.iter().map(|provider| provider.provider).collect()
    }

    #[test]
    fn keyless_providers_run_by_default_and_musicbrainz_once_a_contact_is_given() {
        let real = settings(&[], false).unwrap();
        assert_eq!(providers(&real), [Provider::ReccoBeats, Provider::Deezer]);
        assert_eq!(real.providers[1].base_url.as_ref().unwrap().as_str(), "https://api.deezer.com/");
        assert_eq!((real.providers[1].requests, real.providers[1].window), (50, Duration::from_secs(5)));
        let with_contact = settings(&[("CROSSFADE_MUSICBRAINZ_CONTACT", "ops@example.org")], false).unwrap();
        assert_eq!(providers(&with_contact), [Provider::ReccoBeats, Provider::Deezer, Provider::MusicBrainz]);
        let demo = settings(&[], true).unwrap();
        assert_eq!(demo.providers.len(), 3);
        assert!(demo.providers.iter().all(|provider| provider.base_url.is_none()), "the sandbox serves them");
    }

    #[test]
    fn providers_rates_and_orders_are_read() {
        let set = settings(
            &[
                ("CROSSFADE_ENRICHMENT", "deezer"),
                ("CROSSFADE_DEEZER_RATE", "10/2s"),
                ("CROSSFADE_DEEZER_URL", "http://127.0.0.1:9000/deezer"),
                ("CROSSFADE_SOURCE_ORDER", "file,deezer"),
                ("CROSSFADE_SOURCE_ORDER_TEMPO", "deezer"),
            ],
            false,
        )
        .unwrap();
        assert_eq!(providers(&set), [Provider::Deezer]);
        assert_eq!((set.providers[0].requests, set.providers[0].window), (10, Duration::from_secs(2)));
        assert_eq!(set.providers[0].base_url.as_ref().unwrap().as_str(), "http://127.0.0.1:9000/deezer/");
        let order = |field| set.source_orders.iter().find(|(f, _)| *f == field).unwrap().1.clone();
        assert_eq!(order(EnrichedField::Feature(crossfade_domain::AudioFeature::Tempo)), [Provider::Deezer]);
        assert_eq!(order(EnrichedField::Label), [Provider::File, Provider::Deezer]);
        assert!(settings(&[("CROSSFADE_ENRICHMENT", "none")], false).unwrap().providers.is_empty());
    }

    #[test]
    fn invalid_values_name_their_variable() {
        let cases = [
            ("CROSSFADE_ENRICHMENT", "lastfm"),
            ("CROSSFADE_ENRICHMENT", "musicbrainz"),
            ("CROSSFADE_ENRICHMENT", "spotify"),
            ("CROSSFADE_DEEZER_RATE", "fast"),
            ("CROSSFADE_DEEZER_RATE", "0/5s"),
            ("CROSSFADE_RECCOBEATS_URL", "ftp://x"),
            ("CROSSFADE_RECCOBEATS_CONCURRENCY", "0"),
            ("CROSSFADE_ENRICHMENT_RECHECK_DAYS", "0"),
            ("CROSSFADE_ENRICHMENT_REQUESTS_PER_RUN", "2"),
            ("CROSSFADE_SOURCE_ORDER", "tidal"),
        ];
        for (variable, value) in cases {
            let error = settings(&[(variable, value)], false).unwrap_err();
            let expected = if value == "musicbrainz" { "CROSSFADE_MUSICBRAINZ_CONTACT" } else { variable };
            assert_eq!(error.variable, expected, "{variable}={value}");
        }
    }
}
