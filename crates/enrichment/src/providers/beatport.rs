//! Beatport's v4 catalog API as the curation board's release feed: an application token from the client-credentials
//! grant, and a genre's releases of some days read page by page. Beatport writes its `next` links without a scheme
//! and with its internal host (`api-internal.beatportprod.com/v4/…`), so only their path and query are followed,
//! against the configured base URL. Pages are read by the domain core's feed reader, as an uploaded file would be.

use crossfade_domain::{Day, FeedProblem, FeedRead, read_feed};
use secrecy::{ExposeSecret, SecretString};

use super::app_token::AppToken;
use super::http::{Answer, ProviderError, ProviderHttp};

/// The most tracks Beatport returns per page.
const PER_PAGE: u32 = 100;
/// Pages read at most for one genre and span: a week of one genre is a few hundred tracks.
const MAX_PAGES: usize = 30;

/// A client of Beatport's catalog API.
#[derive(Debug)]
pub struct Beatport {
    http: ProviderHttp,
    client_id: String,
    client_secret: SecretString,
    token: AppToken,
}

impl Beatport {
    /// A client of the API at `http`'s base (`https://api.beatport.com` or the sandbox's `{sandbox}/beatport`).
    pub fn new(http: ProviderHttp, client_id: String, client_secret: SecretString) -> Self {
        Beatport { http, client_id, client_secret, token: AppToken::default() }
    }

    /// The tracks of Beatport genre `genre_id` published from `first` to `last` (both included), every page read;
    /// rows a page could not give are in the answer's bad rows.
    pub async fn releases(&self, genre_id: u32, first: Day, last: Day) -> Result<FeedRead, ProviderError> {
        let mut path = "v4/catalog/tracks/".to_owned();
        let mut query = vec![
            ("genre_id", genre_id.to_string()),
            ("publish_date", format!("{first}:{last}")),
            ("per_page", PER_PAGE.to_string()),
            ("page", "1".to_owned()),
        ];
        let mut all: Option<FeedRead> = None;
        for _ in 0..MAX_PAGES {
            let page = self.page(&path, &query).await?;
            let next = page.next_page.clone();
            match &mut all {
                None => all = Some(page),
                Some(all) => {
                    all.tracks.extend(page.tracks);
                    all.bad_rows.extend(page.bad_rows);
                    all.bad_rows_total += page.bad_rows_total;
                }
            }
            let Some(next) = next else { break };
            (path, query) = follow(&next)?;
        }
        let mut all = all.ok_or_else(|| ProviderError::Malformed("no page was read".into()))?;
        all.next_page = None;
        Ok(all)
    }

    /// Genre `genre_id`'s Top 100 as Beatport's API writes it, for the chart readers.
    pub async fn top_100(&self, genre_id: u32) -> Result<bytes::Bytes, ProviderError> {
        let path = format!("v4/catalog/genres/{genre_id}/top/100/");
        let query = [("per_page", PER_PAGE.to_string())];
        let mut answer = self.get(&path, &query).await?;
        if answer.status == 401 {
            self.forget_token();
            answer = self.get(&path, &query).await?;
        }
        if !answer.status.is_success() {
            return Err(answer.unexpected());
        }
        Ok(answer.body)
    }

    async fn page(&self, path: &str, query: &[(&str, String)]) -> Result<FeedRead, ProviderError> {
        let mut answer = self.get(path, query).await?;
        if answer.status == 401 {
            // The token expired early or the service forgot it: one new token, one more try.
            self.forget_token();
            answer = self.get(path, query).await?;
        }
        if !answer.status.is_success() {
            return Err(answer.unexpected());
        }
        read_feed(&answer.body).map_err(|problem: FeedProblem| ProviderError::Malformed(problem.to_string()))
    }

    async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Answer, ProviderError> {
        let token = self.token().await?;
        self.http.get_with_bearer(path, query, token.expose_secret()).await
    }

    async fn token(&self) -> Result<SecretString, ProviderError> {
        if let Some(token) = self.token.current() {
            return Ok(token);
        }
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
        ];
        let answer = self.http.post_form("v4/auth/o/token/", &form).await?;
        self.token.keep(&answer)
    }

    fn forget_token(&self) {
        self.token.forget();
    }
}

/// A page's path (without its leading `/`) and query.
type PageAddress = (String, Vec<(&'static str, String)>);

/// The path and query of a `next` link, with or without a scheme.
fn follow(next: &str) -> Result<PageAddress, ProviderError> {
    let absolute = if next.contains("://") { next.to_owned() } else { format!("https://{next}") };
    let url = url::Url::parse(&absolute)
        .map_err(|error| ProviderError::Malformed(format!("the next page's link {next:?} is not a link: {error}")))?;
    let known = ["genre_id", "publish_date", "new_release_date", "per_page", "page", "label_id", "order_by"];
    let query = url
        .query_pairs()
        .filter_map(|(name, value)| known.iter().find(|known| **known == name).map(|name| (*name, value.into_owned())))
        .collect();
    Ok((url.path().trim_start_matches('/').to_owned(), query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_are_followed_with_or_without_a_scheme() {
        let (path, query) =
            follow("api-internal.beatportprod.com/v4/catalog/tracks/?genre_id=6&page=2&per_page=100").unwrap();
        assert_eq!(path, "v4/catalog/tracks/");
        assert_eq!(query, vec![("genre_id", "6".to_owned()), ("page", "2".to_owned()), ("per_page", "100".to_owned())]);
        let (path, _) = follow("https://api.beatport.com/v4/catalog/tracks/?page=3").unwrap();
        assert_eq!(path, "v4/catalog/tracks/");
    }
}
