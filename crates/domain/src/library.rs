//! Words for the state of a user's library that the store keeps and the pages show: how a user is related to a
//! playlist in their list, and where an uploaded history's import stands. Each is stored as a fixed code.

use serde::{Deserialize, Serialize};

/// How the user is related to a playlist in their list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlaylistRelation {
    Owner,
    Collaborator,
    /// Followed only: Spotify shares the entries with owners and collaborators alone.
    Follower,
}

impl PlaylistRelation {
    pub const ALL: [PlaylistRelation; 3] =
        [PlaylistRelation::Owner, PlaylistRelation::Collaborator, PlaylistRelation::Follower];

    /// The code it is stored under.
    pub fn code(self) -> &'static str {
        match self {
            PlaylistRelation::Owner => "owner",
            PlaylistRelation::Collaborator => "collaborator",
            PlaylistRelation::Follower => "follower",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        PlaylistRelation::ALL.into_iter().find(|relation| relation.code() == code)
    }

    /// Whether Spotify shares the playlist's entries with this user.
    pub fn reads_entries(self) -> bool {
        self != PlaylistRelation::Follower
    }
}

/// Where the import of an uploaded streaming history stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportState {
    /// Uploaded, waiting for a worker.
    Queued,
    Importing,
    Done,
    /// Nothing of the file was kept; the import says why.
    Failed,
}

impl ImportState {
    pub const ALL: [ImportState; 4] =
        [ImportState::Queued, ImportState::Importing, ImportState::Done, ImportState::Failed];

    /// The code it is stored under.
    pub fn code(self) -> &'static str {
        match self {
            ImportState::Queued => "queued",
            ImportState::Importing => "importing",
            ImportState::Done => "done",
            ImportState::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        ImportState::ALL.into_iter().find(|state| state.code() == code)
    }

    /// Whether the import is still to finish (its upload is still kept).
    pub fn is_pending(self) -> bool {
        matches!(self, ImportState::Queued | ImportState::Importing)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for relation in PlaylistRelation::ALL {
            assert_eq!(PlaylistRelation::parse(relation.code()), Some(relation));
        }
        for state in ImportState::ALL {
            assert_eq!(ImportState::parse(state.code()), Some(state));
        }
        assert!(!PlaylistRelation::Follower.reads_entries() && PlaylistRelation::Collaborator.reads_entries());
    }

    proptest! {
        #[test]
        fn unknown_codes_read_as_nothing(code in "[a-z_]{0,16}") {
            prop_assert_eq!(PlaylistRelation::parse(&code).is_some(), PlaylistRelation::ALL.iter().any(|r| r.code() == code));
            prop_assert_eq!(ImportState::parse(&code).is_some(), ImportState::ALL.iter().any(|s| s.code() == code));
        }
    }
}
