//! Command-line flags and environment variables of the sandbox binary.

use std::net::SocketAddr;
use std::time::Duration;

use crossfade_spotify_sandbox::{
    CsvCatalog, DemoUserSpec, Faults, Mode, Provider, ProviderSettings, RateBudget, RegisteredClient, SandboxConfig,
};

pub(crate) const USAGE: &str = "\
crossfade-spotify-sandbox: a local emulation of Spotify's accounts service and Web API

Flags (each also read from the environment variable in brackets; flags win):
  --addr ADDR                  listen address (CROSSFADE_SANDBOX_ADDR, default 127.0.0.1:3030)
  --allow-remote               allow a non-loopback --addr: anyone who reaches the sandbox can sign in as its demo
                               users (CROSSFADE_SANDBOX_ALLOW_REMOTE=true)
  --seed N                     seed of the generated world (CROSSFADE_SANDBOX_SEED, default 2026)
  --mode dev|extended          Web API surface (CROSSFADE_SANDBOX_MODE, default dev)
  --tracks N                   generated catalog size (CROSSFADE_SANDBOX_TRACKS, default 5000)
  --csv PATH                   load the catalog from a Spotify-tracks-dataset CSV (CROSSFADE_SANDBOX_CSV)
  --csv-strict                 reject the CSV at its first malformed row (CROSSFADE_SANDBOX_CSV_STRICT=1)
  --user ID:NAME:LIKED:PLAYLISTS[:free]
                               a demo user, repeatable; replaces the defaults (CROSSFADE_SANDBOX_USERS, ';'-separated)
  --client ID[:SECRET]=REDIRECT_URI[,URI...]
                               a registered client app, repeatable (CROSSFADE_SANDBOX_CLIENTS, ';'-separated)
  --faults JSON                faults in force from the start (CROSSFADE_SANDBOX_FAULTS)
  --token-lifetime SECS        access-token lifetime (CROSSFADE_SANDBOX_TOKEN_LIFETIME, default 3600)
  --providers JSON             provider knobs, e.g. {\"deezer\":{\"rate_budget\":null,\"delay_ms\":200}}
                               (CROSSFADE_SANDBOX_PROVIDERS)
  --provider-rate NAME=REQUESTS/SECS|NAME=off
                               a provider's rate budget, repeatable; providers and defaults: reccobeats=120/60,
                               deezer=50/5, musicbrainz=1/1, beatport=60/60, spotify-charts=60/60,
                               apple-music=60/60, billboard=60/60, lastfm=1500/300, shazam=60/60, youtube=off,
                               soundcloud=60/60 (CROSSFADE_SANDBOX_PROVIDER_RATES, ';'-separated)
  --provider-delay NAME=MS     a provider's slow-answer delay, repeatable (CROSSFADE_SANDBOX_PROVIDER_DELAYS,
                               ';'-separated)
  --youtube-quota UNITS|off    YouTube Data API units per key and sandbox day (CROSSFADE_SANDBOX_YOUTUBE_QUOTA,
                               default 10000)
  --help                       this text
";

/// What the binary runs.
pub(crate) struct Options {
    pub addr: SocketAddr,
    pub config: SandboxConfig,
}

/// One setting from a flag or an environment variable.
fn apply(options: &mut Options, name: &str, value: &str, csv_strict: &mut bool) -> Result<(), String> {
    let config = &mut options.config;
    match name {
        "addr" => options.addr = value.parse().map_err(|e| format!("--addr {value:?}: {e}"))?,
        "seed" => config.seed = value.parse().map_err(|e| format!("--seed {value:?}: {e}"))?,
        "mode" => config.mode = value.parse::<Mode>()?,
        "tracks" => config.catalog.tracks = value.parse().map_err(|e| format!("--tracks {value:?}: {e}"))?,
        "csv" => {
            let text = std::fs::read_to_string(value).map_err(|e| format!("--csv {value:?}: {e}"))?;
            config.catalog.csv = Some(CsvCatalog { text, strict: *csv_strict });
        }
        "csv-strict" => *csv_strict = matches!(value, "1" | "true" | "yes"),
        "allow-remote" => config.allow_remote = switch("allow-remote", value)?,
        "user" => {
            let users: Result<Vec<DemoUserSpec>, _> =
                value.split(';').filter(|s| !s.trim().is_empty()).map(|s| s.trim().parse::<DemoUserSpec>()).collect();
            let users = users.map_err(|e| format!("--user {value:?}: {e}"))?;
            config.users.extend(users);
        }
        "client" => {
            let clients: Result<Vec<RegisteredClient>, _> = value
                .split(';')
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<RegisteredClient>())
                .collect();
            config.clients.extend(clients.map_err(|e| format!("--client {value:?}: {e}"))?);
        }
        "faults" => config.faults = serde_json::from_str::<Faults>(value).map_err(|e| format!("--faults: {e}"))?,
        "token-lifetime" => {
            let secs: u64 = value.parse().map_err(|e| format!("--token-lifetime {value:?}: {e}"))?;
            config.access_token_lifetime = Duration::from_secs(secs);
        }
        "providers" => {
            config.providers =
                serde_json::from_str::<ProviderSettings>(value).map_err(|e| format!("--providers: {e}"))?;
        }
        "provider-rate" => {
            for (provider, budget) in provider_values("provider-rate", value)? {
                let budget = match budget {
                    "off" => None,
                    budget => Some(budget.parse::<RateBudget>().map_err(|e| format!("--provider-rate {e}"))?),
                };
                config.providers.knobs_mut(provider).rate_budget = budget;
            }
        }
        "youtube-quota" => {
            config.providers.youtube_daily_quota = match value.trim() {
                "off" => None,
                units => Some(units.parse().map_err(|e| format!("--youtube-quota {value:?}: {e}"))?),
            };
        }
        "provider-delay" => {
            for (provider, delay) in provider_values("provider-delay", value)? {
                config.providers.knobs_mut(provider).delay_ms =
                    delay.parse().map_err(|e| format!("--provider-delay {delay:?}: {e}"))?;
            }
        }
        other => return Err(format!("unknown flag --{other}")),
    }
    Ok(())
}

/// `NAME=VALUE` pairs naming providers, ';'-separated.
fn provider_values<'v>(flag: &str, value: &'v str) -> Result<Vec<(Provider, &'v str)>, String> {
    value
        .split(';')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (name, setting) =
                part.split_once('=').ok_or_else(|| format!("--{flag} {part:?}: expected NAME=VALUE"))?;
            Ok((name.parse::<Provider>().map_err(|e| format!("--{flag}: {e}"))?, setting.trim()))
        })
        .collect()
}

/// An on/off setting; anything unclear is an error, since this one decides who can reach the sandbox.
fn switch(name: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(format!("--{name} {value:?}: expected true or false")),
    }
}

const ENVIRONMENT: [(&str, &str); 15] = [
    ("CROSSFADE_SANDBOX_ADDR", "addr"),
    ("CROSSFADE_SANDBOX_ALLOW_REMOTE", "allow-remote"),
    ("CROSSFADE_SANDBOX_SEED", "seed"),
    ("CROSSFADE_SANDBOX_MODE", "mode"),
    ("CROSSFADE_SANDBOX_TRACKS", "tracks"),
    ("CROSSFADE_SANDBOX_CSV_STRICT", "csv-strict"),
    ("CROSSFADE_SANDBOX_CSV", "csv"),
    ("CROSSFADE_SANDBOX_USERS", "user"),
    ("CROSSFADE_SANDBOX_CLIENTS", "client"),
    ("CROSSFADE_SANDBOX_FAULTS", "faults"),
    ("CROSSFADE_SANDBOX_TOKEN_LIFETIME", "token-lifetime"),
    // Whole-settings JSON comes before the per-provider variables so that they refine it.
    ("CROSSFADE_SANDBOX_PROVIDERS", "providers"),
    ("CROSSFADE_SANDBOX_PROVIDER_RATES", "provider-rate"),
    ("CROSSFADE_SANDBOX_PROVIDER_DELAYS", "provider-delay"),
    ("CROSSFADE_SANDBOX_YOUTUBE_QUOTA", "youtube-quota"),
];

/// Parses the environment, then the flags. `Ok(None)` means `--help`.
pub(crate) fn parse(
    env: impl Fn(&str) -> Option<String>,
    args: impl IntoIterator<Item = String>,
) -> Result<Option<Options>, String> {
    let mut options = Options { addr: SocketAddr::from(([127, 0, 0, 1], 3030)), config: SandboxConfig::default() };
    let mut csv_strict = false;
    let mut users_replaced = false;
    let mut settings: Vec<(String, String)> =
        ENVIRONMENT.iter().filter_map(|(var, name)| env(var).map(|value| ((*name).to_owned(), value))).collect();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let name = arg.strip_prefix("--").ok_or_else(|| format!("unexpected argument {arg:?}"))?;
        match name {
            "help" => return Ok(None),
            "csv-strict" => settings.push(("csv-strict".into(), "1".into())),
            "allow-remote" => settings.push(("allow-remote".into(), "true".into())),
            _ => {
                let (name, value) = match name.split_once('=') {
                    Some((name, value)) => (name.to_owned(), value.to_owned()),
                    None => (name.to_owned(), args.next().ok_or_else(|| format!("--{name} needs a value"))?),
                };
                settings.push((name, value));
            }
        }
    }
    // The strictness must be known before the CSV is read, whatever the order of the flags.
    if let Some((_, value)) = settings.iter().rev().find(|(name, _)| name == "csv-strict") {
        csv_strict = matches!(value.as_str(), "1" | "true" | "yes");
    }
    for (name, value) in settings {
        if name == "user" && !users_replaced {
            options.config.users.clear();
            users_replaced = true;
        }
        apply(&mut options, &name, &value, &mut csv_strict)?;
    }
    Ok(Some(options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn flags_override_the_environment() {
        let env = |name: &str| (name == "CROSSFADE_SANDBOX_SEED").then(|| "7".to_owned());
        let options = parse(
            env,
            args(&[
                "--seed",
                "9",
                "--mode=extended",
                "--client",
                "app=http://127.0.0.1:3000/cb",
                "--user",
                "big:Big:100:5:free",
            ]),
        )
        .unwrap()
        .unwrap();
        assert_eq!(options.config.seed, 9);
        assert_eq!(options.config.mode, Mode::Extended);
        assert_eq!(options.config.clients.len(), 1);
        assert_eq!(options.config.users.len(), 1);
        assert!(!options.config.users[0].premium);
        assert_eq!(options.addr.port(), 3030);
    }

    #[test]
    fn reports_bad_input_and_help() {
        assert!(parse(|_| None, args(&["--help"])).unwrap().is_none());
        assert!(parse(|_| None, args(&["--seed"])).is_err());
        assert!(parse(|_| None, args(&["--bogus", "1"])).is_err());
        assert!(parse(|_| None, args(&["--faults", "{not json"])).is_err());
    }

    #[test]
    fn provider_knobs_come_from_json_and_per_provider_flags() {
        let options = parse(
            |_| None,
            args(&["--provider-rate", "musicbrainz=off;deezer=10/2", "--provider-delay", "reccobeats=150"]),
        )
        .unwrap()
        .unwrap();
        let providers = options.config.providers;
        assert_eq!(providers.musicbrainz.rate_budget, None);
        assert_eq!(providers.deezer.rate_budget, Some(RateBudget { requests: 10, per_secs: 2 }));
        assert_eq!(providers.reccobeats.delay_ms, 150);
        assert_eq!(providers.reccobeats.rate_budget, ProviderSettings::default().reccobeats.rate_budget);

        let env =
            |name: &str| (name == "CROSSFADE_SANDBOX_PROVIDERS").then(|| r#"{"deezer":{"delay_ms":5}}"#.to_owned());
        let options = parse(env, args(&["--provider-rate=deezer=off"])).unwrap().unwrap();
        assert_eq!((options.config.providers.deezer.delay_ms, options.config.providers.deezer.rate_budget), (5, None));

        assert!(parse(|_| None, args(&["--provider-rate", "napster=1/1"])).is_err());
        assert!(parse(|_| None, args(&["--provider-rate", "deezer"])).is_err());
        assert!(parse(|_| None, args(&["--provider-delay", "deezer=soon"])).is_err());
    }

    #[test]
    fn chart_sources_take_the_same_knobs_and_youtube_a_quota() {
        let options = parse(
            |name: &str| (name == "CROSSFADE_SANDBOX_YOUTUBE_QUOTA").then(|| "500".to_owned()),
            args(&["--provider-rate", "spotify-charts=5/1;lastfm=off", "--provider-delay", "apple-music=20"]),
        )
        .unwrap()
        .unwrap();
        let providers = options.config.providers;
        assert_eq!(providers.spotify_charts.rate_budget, Some(RateBudget { requests: 5, per_secs: 1 }));
        assert_eq!((providers.lastfm.rate_budget, providers.apple_music.delay_ms), (None, 20));
        assert_eq!(providers.youtube_daily_quota, Some(500));
        let off = parse(|_| None, args(&["--youtube-quota", "off"])).unwrap().unwrap();
        assert_eq!(off.config.providers.youtube_daily_quota, None);
        assert!(parse(|_| None, args(&["--youtube-quota", "lots"])).is_err());
    }

    #[test]
    fn remote_listening_is_allowed_only_explicitly() {
        let remote = ["--addr", "0.0.0.0:3030"];
        assert!(!parse(|_| None, args(&remote)).unwrap().unwrap().config.allow_remote);
        let flagged = parse(|_| None, args(&["--addr", "0.0.0.0:3030", "--allow-remote"])).unwrap().unwrap();
        assert!(flagged.config.allow_remote);
        assert_eq!(flagged.addr.to_string(), "0.0.0.0:3030");

        let env = |name: &str| (name == "CROSSFADE_SANDBOX_ALLOW_REMOTE").then(|| "true".to_owned());
        assert!(parse(env, args(&remote)).unwrap().unwrap().config.allow_remote);
        let unclear = |name: &str| (name == "CROSSFADE_SANDBOX_ALLOW_REMOTE").then(|| "maybe".to_owned());
        assert!(parse(unclear, args(&[])).is_err());
        assert!(!parse(env, args(&["--allow-remote=false"])).unwrap().unwrap().config.allow_remote);
    }
}
