//! The upload folder on disk: private to the server's account (the folder 0700, each file 0600), files being
//! written that remove themselves unless kept, and the stale files a start-up sweep looks at.

use std::io;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossfade_library::jobs;

const FOLDER_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;
/// A file still being uploaded is named `upload-<random>.part`; it is renamed once it is complete and recorded.
const PARTIAL_PREFIX: &str = "upload-";
const PARTIAL_SUFFIX: &str = ".part";

/// Creates the folder (and its parents) readable by the server's account only, and takes the permissions of an
/// existing one back to that: the uploads are people's listening histories.
pub(super) async fn prepare(folder: &Path) -> io::Result<()> {
    tokio::fs::DirBuilder::new().recursive(true).mode(FOLDER_MODE).create(folder).await?;
    let permissions = tokio::fs::metadata(folder).await?.permissions();
    if permissions.mode() & 0o777 != FOLDER_MODE {
        tokio::fs::set_permissions(folder, std::fs::Permissions::from_mode(FOLDER_MODE)).await?;
    }
    Ok(())
}

/// A file being written in the upload folder. Dropped before it is kept (a refusal, an error, a client that went
/// away and took the request's future with it), it removes itself, so no partial upload stays behind.
#[derive(Debug)]
pub(super) struct PartialUpload {
    path: PathBuf,
    kept: bool,
}

impl PartialUpload {
    /// Creates a new, empty file in `folder`, readable by the server's account only.
    pub(super) async fn create(folder: &Path) -> io::Result<(Self, tokio::fs::File)> {
        let path = folder.join(format!("{PARTIAL_PREFIX}{:016x}{PARTIAL_SUFFIX}", rand::random::<u64>()));
        let file = tokio::fs::OpenOptions::new().write(true).create_new(true).mode(FILE_MODE).open(&path).await?;
        Ok((PartialUpload { path, kept: false }, file))
    }

    /// Moves the complete file to `stored`, where it stays.
    pub(super) async fn keep_as(mut self, stored: &Path) -> io::Result<()> {
        tokio::fs::rename(&self.path, stored).await?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for PartialUpload {
    fn drop(&mut self) {
        if !self.kept {
            // Drop cannot wait for the blocking pool; unlinking one file is a single quick system call.
            if let Err(error) = std::fs::remove_file(&self.path)
                && error.kind() != io::ErrorKind::NotFound
            {
                tracing::warn!(error = %error, path = %self.path.display(), "could not remove a partial upload");
            }
        }
    }
}

/// Files in the upload folder not modified for longer than `idle`: nobody is writing them any more (an upload
/// from which nothing arrived for that long has been refused).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct StaleFiles {
    /// Uploads that never completed, left by a process that stopped while writing them.
    pub(super) partial: Vec<PathBuf>,
    /// Complete uploads, by the import they were recorded as.
    pub(super) imports: Vec<i64>,
}

pub(super) async fn stale_files(folder: &Path, idle: Duration) -> io::Result<StaleFiles> {
    let mut stale = StaleFiles::default();
    let mut entries = tokio::fs::read_dir(folder).await?;
    while let Some(entry) = entries.next_entry().await? {
        let metadata = entry.metadata().await?;
        // A modification time in the future (a clock set back) counts as fresh.
        let age = metadata.modified()?.elapsed().unwrap_or_default();
        if !metadata.is_file() || age <= idle {
            continue;
        }
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with(PARTIAL_PREFIX) && name.ends_with(PARTIAL_SUFFIX) {
            stale.partial.push(entry.path());
        } else if let Some(import_id) = jobs::upload_import_id(name) {
            stale.imports.push(import_id);
        }
    }
    Ok(stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[tokio::test]
    async fn the_folder_and_its_files_are_private_and_a_dropped_file_is_removed() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("data/uploads");
        prepare(&folder).await.unwrap();
        assert_eq!(mode(&folder), FOLDER_MODE);
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        prepare(&folder).await.unwrap();
        assert_eq!(mode(&folder), FOLDER_MODE, "wider permissions are taken back");

        let (partial, _file) = PartialUpload::create(&folder).await.unwrap();
        let path = partial.path.clone();
        assert_eq!(mode(&path), FILE_MODE);
        drop(partial);
        assert!(!path.exists(), "a partial upload dropped before it was kept is removed");

        let (partial, _file) = PartialUpload::create(&folder).await.unwrap();
        let stored = folder.join("kept");
        partial.keep_as(&stored).await.unwrap();
        assert_eq!(mode(&stored), FILE_MODE);
    }

    #[tokio::test]
    async fn only_files_left_alone_for_longer_than_the_idle_time_are_stale() {
        let folder = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        for (name, aged) in [
            ("upload-00000000000000aa.part", true),
            ("upload-00000000000000bb.part", false),
            ("history-7", true),
            ("history-8", false),
            ("notes.txt", true),
        ] {
            let file = std::fs::File::create(folder.path().join(name)).unwrap();
            if aged {
                file.set_modified(old).unwrap();
            }
        }
        let stale = stale_files(folder.path(), Duration::from_secs(60)).await.unwrap();
        assert_eq!(stale.partial, [folder.path().join("upload-00000000000000aa.part")]);
        assert_eq!(stale.imports, [7]);
    }
}
