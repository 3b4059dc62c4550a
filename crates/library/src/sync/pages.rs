//! Reading offset-paged lists with as few round trips as possible: once the first page tells the total, every other
//! page is asked for at once (each through the gate), instead of following `next` links one after another.

use std::collections::BTreeMap;

use crossfade_spotify::Page;
use serde::de::DeserializeOwned;
use tokio::task::JoinSet;

use super::progress::Tracker;
use crate::{Library, SyncError};

/// The items of every page of `page`'s list from `from_offset` on, in list order; `tracker` counts them as they
/// arrive.
pub(crate) async fn pages_from<T>(
    library: &Library,
    user_id: i64,
    page: &Page<T>,
    from_offset: u32,
    tracker: &mut Tracker<'_>,
) -> Result<Vec<T>, SyncError>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let step = usize::try_from(page.limit.max(1)).unwrap_or(usize::MAX);
    let mut requests = JoinSet::new();
    for offset in (from_offset..page.total).step_by(step) {
        let (library, link) = (library.clone(), link_of(page));
        requests.spawn(async move {
            let page = library.gate.pass(library.spotify.page_at(user_id, &link, offset)).await;
            (offset, page)
        });
    }
    let mut pages = BTreeMap::new();
    // An error returns early; dropping the set aborts the requests still running.
    while let Some(joined) = requests.join_next().await {
        let (offset, page) = joined?;
        let items = page?.map(|page| page.items).unwrap_or_default();
        tracker.advance(items.len()).await?;
        pages.insert(offset, items);
    }
    Ok(pages.into_values().flatten().collect())
}

/// `page` without its items: all that is needed to ask for another offset of the same list.
fn link_of<T>(page: &Page<T>) -> Page<T> {
    Page {
        href: page.href.clone(),
        limit: page.limit,
        next: page.next.clone(),
        offset: page.offset,
        previous: None,
        total: page.total,
        items: Vec::new(),
    }
}

/// The offset of the page after `page`.
pub(crate) fn after(page: &Page<impl Sized>) -> u32 {
    page.offset.saturating_add(page.limit.max(1))
}
