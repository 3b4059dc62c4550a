//! What the user listens to and follows: followed artists (cursor by artist id), top artists and tracks per time
//! range, and recently played tracks (millisecond cursors; only the last 50 plays exist).

use serde::Deserialize;
use tracing::instrument;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::{Artist, PlayHistory, Track};
use crate::ops::MAX_PAGE;
use crate::paging::{CursorPage, Page};
use crate::store::RefreshTokenStore;
use crate::transport::with_query;

/// The period top items are computed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeRange {
    /// About the last 4 weeks.
    ShortTerm,
    /// About the last 6 months.
    MediumTerm,
    /// About the last year.
    LongTerm,
}

impl TimeRange {
    /// All three ranges.
    pub const ALL: [TimeRange; 3] = [TimeRange::ShortTerm, TimeRange::MediumTerm, TimeRange::LongTerm];

    /// Spotify's spelling in `time_range=`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeRange::ShortTerm => "short_term",
            TimeRange::MediumTerm => "medium_term",
            TimeRange::LongTerm => "long_term",
        }
    }
}

/// Which plays to ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayedCursor {
    /// The most recent plays.
    Latest,
    /// Plays strictly before this Unix-millisecond time.
    Before(i64),
    /// Plays strictly after this Unix-millisecond time.
    After(i64),
}

#[derive(Deserialize)]
struct FollowedArtists {
    artists: CursorPage<Artist>,
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /me/following?type=artist`: a page of 50 followed artists after the artist id `after` (the previous
    /// page's [`CursorPage::after`]), or the first page.
    #[instrument(skip_all, fields(user = user))]
    pub async fn followed_artists(&self, user: i64, after: Option<&str>) -> Result<CursorPage<Artist>, ApiError> {
        let mut query = vec![("type", "artist".to_owned()), ("limit", MAX_PAGE.to_string())];
        if let Some(after) = after {
            query.push(("after", after.to_owned()));
        }
        let url = with_query(self.inner.transport.endpoint(&["me", "following"]), &query);
        let envelope: FollowedArtists = self.get(user, url).await?;
        Ok(envelope.artists)
    }

    /// `GET /me/top/artists`: the first page (50) for `range`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn top_artists(&self, user: i64, range: TimeRange) -> Result<Page<Artist>, ApiError> {
        self.get(user, self.top_url("artists", range)).await
    }

    /// `GET /me/top/tracks`: the first page (50) for `range`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn top_tracks(&self, user: i64, range: TimeRange) -> Result<Page<Track>, ApiError> {
        self.get(user, self.top_url("tracks", range)).await
    }

    /// `GET /me/player/recently-played`: up to 50 plays around `cursor`, newest first.
    #[instrument(skip_all, fields(user = user))]
    pub async fn recently_played(&self, user: i64, cursor: PlayedCursor) -> Result<CursorPage<PlayHistory>, ApiError> {
        let mut query = vec![("limit", MAX_PAGE.to_string())];
        match cursor {
            PlayedCursor::Latest => {}
            PlayedCursor::Before(ms) => query.push(("before", ms.to_string())),
            PlayedCursor::After(ms) => query.push(("after", ms.to_string())),
        }
        let url = with_query(self.inner.transport.endpoint(&["me", "player", "recently-played"]), &query);
        self.get(user, url).await
    }

    fn top_url(&self, kind: &str, range: TimeRange) -> url::Url {
        let url = self.inner.transport.endpoint(&["me", "top", kind]);
        with_query(url, &[("time_range", range.as_str().to_owned()), ("limit", MAX_PAGE.to_string())])
    }
}
