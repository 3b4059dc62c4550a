//! Paged answers: offset pages, followed by their absolute `next` URL verbatim, and cursor pages (followed artists
//! by artist id, recently played by millisecond timestamps), which may carry `"cursors": null` when empty.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::serde_util::{optional_whole_number, skip_null_entries, whole_number};
use crate::store::RefreshTokenStore;

/// One page of an offset-paged list. `null` entries are dropped from `items`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// This page's URL.
    #[serde(default)]
    pub href: Option<String>,
    /// The page size asked for.
    #[serde(default, deserialize_with = "whole_number")]
    pub limit: u32,
    /// The absolute URL of the next page, `None` on the last.
    #[serde(default)]
    pub next: Option<String>,
    /// This page's offset.
    #[serde(default, deserialize_with = "whole_number")]
    pub offset: u32,
    /// The absolute URL of the previous page.
    #[serde(default)]
    pub previous: Option<String>,
    /// The number of items in the whole list.
    #[serde(default, deserialize_with = "whole_number")]
    pub total: u32,
    /// This page's items.
    #[serde(default = "Vec::new", deserialize_with = "skip_null_entries")]
    pub items: Vec<T>,
}

/// One page of a cursor-paged list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct CursorPage<T> {
    /// This page's URL.
    #[serde(default)]
    pub href: Option<String>,
    /// The page size asked for.
    #[serde(default, deserialize_with = "whole_number")]
    pub limit: u32,
    /// The absolute URL of the next page, `None` on the last.
    #[serde(default)]
    pub next: Option<String>,
    /// Where this page ends; `None` on an empty page.
    #[serde(default)]
    pub cursors: Option<Cursors>,
    /// The number of items in the whole list, when reported.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub total: Option<u32>,
    /// This page's items.
    #[serde(default = "Vec::new", deserialize_with = "skip_null_entries")]
    pub items: Vec<T>,
}

impl<T> CursorPage<T> {
    /// The `after` cursor, if there is a next page to ask for with it.
    pub fn after(&self) -> Option<&str> {
        self.next.as_ref()?;
        self.cursors.as_ref()?.after.as_deref()
    }

    /// The `before` cursor (older plays, for recently played).
    pub fn before(&self) -> Option<&str> {
        self.cursors.as_ref()?.before.as_deref()
    }
}

/// Cursor positions: an artist id for followed artists, Unix milliseconds for recently played.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursors {
    /// The position after this page's last item.
    #[serde(default)]
    pub after: Option<String>,
    /// The position before this page's first item.
    #[serde(default)]
    pub before: Option<String>,
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// The page after `page`, fetched from its `next` URL exactly as Spotify gave it; `None` after the last page.
    pub async fn next_page<T: DeserializeOwned>(&self, user: i64, page: &Page<T>) -> Result<Option<Page<T>>, ApiError> {
        match &page.next {
            None => Ok(None),
            Some(next) => self.get(user, self.next_url(next)?).await.map(Some),
        }
    }

    /// Every item from `first` onwards, following `next` URLs: ⌈total/limit⌉ requests for the whole list.
    pub async fn all_items<T: DeserializeOwned>(&self, user: i64, first: Page<T>) -> Result<Vec<T>, ApiError> {
        // `total` is Spotify's claim, so it only sizes the first allocation up to a bound.
        let mut items = Vec::with_capacity((first.total as usize).min(10_000));
        let mut page = first;
        loop {
            let next = self.next_page(user, &page).await?;
            items.append(&mut page.items);
            match next {
                Some(following) => page = following,
                None => return Ok(items),
            }
        }
    }

    /// The page of `first`'s list that starts at `offset`: `first`'s `next` URL with only its offset changed, so the
    /// pages after the first can be fetched concurrently once `total` is known. `None` when `first` has no next page.
    pub async fn page_at<T: DeserializeOwned>(
        &self,
        user: i64,
        first: &Page<T>,
        offset: u32,
    ) -> Result<Option<Page<T>>, ApiError> {
        let Some(next) = &first.next else { return Ok(None) };
        let mut url = self.next_url(next)?;
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(key, value)| {
                let value = if key == "offset" { offset.to_string() } else { value.into_owned() };
                (key.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
        self.get(user, url).await.map(Some)
    }

    /// Checks a `next` link before a token is sent to it: it must lie under the configured API base.
    fn next_url(&self, next: &str) -> Result<Url, ApiError> {
        let url =
            Url::parse(next).map_err(|error| ApiError::Model { path: "next".into(), message: error.to_string() })?;
        if !self.inner.transport.is_api_url(&url) {
            return Err(ApiError::Model { path: "next".into(), message: format!("`{url}` is outside the API base") });
        }
        Ok(url)
    }
}
