//! How much an upload may make an import read: bounds that keep a crafted archive (a zip bomb, an archive of
//! millions of tiny entries, an endless list of plays) from using up the disk, memory or hours of the import.
//! Real exports stay far below every one of them.

/// The most an import reads from one upload. [`Limits::default`] is what imports use; tests pass smaller ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes unpacked from an archive's history files, per byte of the archive. Spotify's JSON packs to between a
    /// fifth and a tenth of its size; a zip bomb to a thousandth.
    pub unpacked_per_byte: u64,
    /// Bytes unpacked from an archive's history files, whatever the archive's size.
    pub unpacked_bytes: u64,
    /// Entries (files and folders) in an archive. Spotify's holds a few dozen.
    pub entries: u64,
    /// Records in one upload, of any kind, in all its files. Decades of listening are a few million.
    pub records: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { unpacked_per_byte: 20, unpacked_bytes: 8 << 30, entries: 10_000, records: 20_000_000 }
    }
}

impl Limits {
    /// Bytes the history files of an archive of `archive_bytes` may unpack to.
    pub fn unpacked_allowance(&self, archive_bytes: u64) -> u64 {
        archive_bytes.saturating_mul(self.unpacked_per_byte).min(self.unpacked_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_may_unpack_to_a_multiple_of_its_size_up_to_a_ceiling() {
        let limits = Limits::default();
        assert_eq!(limits.unpacked_allowance(1024 * 1024), 20 * 1024 * 1024);
        assert_eq!(limits.unpacked_allowance(512 * 1024 * 1024), 8 << 30);
        assert_eq!(limits.unpacked_allowance(u64::MAX), 8 << 30);
        assert_eq!(limits.unpacked_allowance(0), 0);
    }
}
