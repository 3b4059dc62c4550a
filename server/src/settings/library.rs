//! Settings of the library mirror: how often each user's library is synced, how many background jobs run at once,
//! how hard Spotify is asked, and where uploaded history exports wait for their import.

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
}

pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
    data_dir: &Path,
) -> Result<LibrarySettings, SettingsError> {
    let per_window: usize = parse_or(get, "CROSSFADE_SPOTIFY_REQUESTS_PER_30S", 150)?;
    let upload_mb: usize = positive(get, "CROSSFADE_UPLOAD_LIMIT_MB", 512)?;
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
    })
}
