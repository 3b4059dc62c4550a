//! Settings of the library mirror: how often each user's library is synced, how many background jobs run at once,
//! how hard Spotify is asked, and where uploaded history exports wait for their import (and how much of it and for how
//! long an upload may take).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{SettingsError, invalid, parse_or, positive};

/// How the library is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibrarySettings {
    /// `CROSSFADE_SYNC_INTERVAL_MINUTES`: time between incremental syncs of each user (recently played is polled
    /// with them, so keep it well under the ~50-play window).
    pub sync_interval: Duration,
    /// `CROSSFADE_WORKERS`: background jobs this process runs at once.
    pub workers: usize,
    /// `CROSSFADE_SPOTIFY_CONCURRENCY`: Spotify requests in flight at once.
    pub spotify_concurrency: usize,
    /// `CROSSFADE_SPOTIFY_REQUESTS_PER_30S`: requests started per rolling 30 s (0: no shaping).
    pub spotify_requests_per_30s: Option<usize>,
    /// `SPOTIFY_EXTENDED_ACCESS`: the Spotify app has extended quota (batch reads); demo mode follows the sandbox.
    pub extended_access: bool,
    /// `CROSSFADE_UPLOAD_DIR`: where uploaded history exports are kept until imported.
    pub upload_dir: PathBuf,
    /// `CROSSFADE_UPLOAD_LIMIT_MB`: the largest history export accepted.
    pub upload_limit_bytes: usize,
    /// `CROSSFADE_UPLOAD_IDLE_SECS`: an upload from which no bytes arrived for this long is refused. Uploads are
    /// exempt from the request timeout: they may take as long as their bytes keep coming.
    pub upload_idle: Duration,
    /// `CROSSFADE_UPLOAD_QUOTA_MB`: the most disk one person's uploads waiting to be imported may take, the upload
    /// arriving included (default: twice the upload limit).
    pub upload_quota_bytes: u64,
}

pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
    data_dir: &Path,
) -> Result<LibrarySettings, SettingsError> {
    let per_window: usize = parse_or(get, "CROSSFADE_SPOTIFY_REQUESTS_PER_30S", 150)?;
    let upload_mb: usize = positive(get, "CROSSFADE_UPLOAD_LIMIT_MB", 512)?;
    let quota_mb: u64 = positive(get, "CROSSFADE_UPLOAD_QUOTA_MB", (upload_mb as u64).saturating_mul(2))?;
    Ok(LibrarySettings {
        sync_interval: Duration::from_secs(60 * positive::<u64>(get, "CROSSFADE_SYNC_INTERVAL_MINUTES", 30)?),
        workers: positive(get, "CROSSFADE_WORKERS", 2)?,
        spotify_concurrency: positive(get, "CROSSFADE_SPOTIFY_CONCURRENCY", 4)?,
        spotify_requests_per_30s: (per_window > 0).then_some(per_window),
        extended_access: match get("SPOTIFY_EXTENDED_ACCESS").as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(invalid("SPOTIFY_EXTENDED_ACCESS", format!("`{other}` is neither `true` nor `false`")));
            }
        },
        upload_dir: get("CROSSFADE_UPLOAD_DIR").map_or_else(|| data_dir.join("uploads"), PathBuf::from),
        upload_limit_bytes: upload_mb.saturating_mul(1024 * 1024),
        upload_idle: Duration::from_secs(positive(get, "CROSSFADE_UPLOAD_IDLE_SECS", 30)?),
        upload_quota_bytes: quota_mb.saturating_mul(1024 * 1024),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<LibrarySettings, SettingsError> {
        let get = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        from_lookup(&get, Path::new("data"))
    }

    #[test]
    fn uploads_may_idle_half_a_minute_and_wait_up_to_twice_the_limit() {
        let defaults = settings(&[]).unwrap();
        assert_eq!(defaults.upload_idle, Duration::from_secs(30));
        assert_eq!(defaults.upload_limit_bytes, 512 << 20);
        assert_eq!(defaults.upload_quota_bytes, 1024 << 20);
        let smaller = settings(&[("CROSSFADE_UPLOAD_LIMIT_MB", "100")]).unwrap();
        assert_eq!(smaller.upload_quota_bytes, 200 << 20, "the quota follows the limit unless set");
        let set = settings(&[("CROSSFADE_UPLOAD_QUOTA_MB", "300"), ("CROSSFADE_UPLOAD_IDLE_SECS", "5")]).unwrap();
        assert_eq!((set.upload_quota_bytes, set.upload_idle), (300 << 20, Duration::from_secs(5)));
    }

    #[test]
    fn invalid_upload_settings_name_their_variable() {
        for variable in ["CROSSFADE_UPLOAD_IDLE_SECS", "CROSSFADE_UPLOAD_QUOTA_MB"] {
            for value in ["0", "-1", "soon"] {
                assert_eq!(settings(&[(variable, value)]).unwrap_err().variable, variable, "{value}");
            }
        }
    }
}
