//! Progress of one collection as the Sync page shows it, written as pages arrive.

use crossfade_domain::Collection;
use crossfade_store::mirror::status::{self, Progress};

use crate::{Library, SyncError};

/// A collection's progress: items done out of the total Spotify reported.
pub(crate) struct Tracker<'a> {
    /// Where progress is written; `None` counts without writing (a part of a collection tracked elsewhere).
    library: Option<&'a Library>,
    user_id: i64,
    progress: Progress,
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl<'a> Tracker<'a> {
    /// Starts tracking `collection`.
    pub(crate) async fn start(library: &'a Library, user_id: i64, collection: Collection) -> Result<Self, SyncError> {
        let progress = Progress { collection, done: 0, total: 0, finished: false };
        Ok(Tracker { library: Some(library), user_id, progress })
    }

    /// A tracker that writes nothing.
    pub(crate) fn silent() -> Self {
        // Never written, so the collection named is irrelevant.
        let progress = Progress { collection: Collection::PlaylistEntries, done: 0, total: 0, finished: false };
        Tracker { library: None, user_id: 0, progress }
    }

    async fn write(&self) -> Result<(), SyncError> {
        match self.library {
            Some(library) => Ok(status::progress(&library.pool, self.user_id, &self.progress).await?),
            None => Ok(()),
        }
    }

    /// Sets the total and the items done so far.
    pub(crate) async fn set(&mut self, done: usize, total: usize) -> Result<(), SyncError> {
        self.progress.done = count(done.min(total));
        self.progress.total = count(total);
        self.write().await
    }

    /// Adds `items` to the items done.
    pub(crate) async fn advance(&mut self, items: usize) -> Result<(), SyncError> {
        let done = usize::try_from(self.progress.done).unwrap_or(0) + items;
        let total = usize::try_from(self.progress.total).unwrap_or(0);
        self.set(done, total).await
    }

    /// Marks the collection done, with everything counted.
    pub(crate) async fn finish(mut self) -> Result<(), SyncError> {
        self.progress.done = self.progress.total;
        self.progress.finished = true;
        self.write().await
    }
}
