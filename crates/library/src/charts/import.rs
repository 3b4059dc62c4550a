//! One chart read and stored for a genre.

use std::collections::HashMap;

use crossfade_domain::{ChartFileError, ChartFormat, ChartService, Day, Isrc, match_entry, read_chart};
use crossfade_store::StoreError;
use crossfade_store::charts::{
    ChartToStore, EntryToStore, ImportOrigin, catalog_isrcs, genre, known_recordings, move_charts_version,
    rebuild_merged, record_chart, service_isrcs, take_chart_writes,
};
use sqlx::PgPool;

/// Why a chart was not stored; nothing of it was.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file was refused, with its name and line.
    #[error(transparent)]
    File(#[from] ChartFileError),
    #[error("there is no chart genre “{0}”")]
    UnknownGenre(String),
    /// The file does not say which day its chart is, and none was given.
    #[error("{0}: the file does not say which day its chart is; give the chart's day")]
    Undated(String),
    #[error("storing the chart failed")]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(error: sqlx::Error) -> Self {
        ImportError::Store(error.into())
    }
}

/// A chart to import: the file, and what the person or the schedule says of it.
pub struct ChartImport<'a> {
    pub genre_code: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    /// The chart's day when the file does not say it (the file's own day wins).
    pub day: Option<Day>,
    pub origin: ImportOrigin,
    pub imported_by: Option<i64>,
    /// ISRCs the service gave for its track ids when asked (Deezer's track read), by the entries' service ids.
    pub looked_up: HashMap<String, Isrc>,
}

/// What an import stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedChart {
    pub chart_id: i64,
    pub genre_code: String,
    pub service: ChartService,
    pub format: ChartFormat,
    pub day: Day,
    pub entries: usize,
    pub matched: usize,
    pub new_recordings: usize,
    pub unmatched: usize,
    /// An earlier import of the same genre, service and day was replaced.
    pub replaced: bool,
}

/// Reads `import`'s file as a chart and stores it for its genre with every entry's recording, writing the genre's
/// merged charts again and moving the charts' version on, in one transaction.
pub async fn import_chart(pool: &PgPool, import: &ChartImport<'_>) -> Result<ImportedChart, ImportError> {
    let read = read_chart(import.file_name, import.bytes)?;
    if genre(pool, import.genre_code).await?.is_none() {
        return Err(ImportError::UnknownGenre(import.genre_code.to_owned()));
    }
    let day = read.day.or(import.day).ok_or_else(|| ImportError::Undated(import.file_name.to_owned()))?;
    // A Spotify chart names its tracks: the catalog may know their ISRCs already.
    let spotify_ids: Vec<String> = if read.service() == ChartService::Spotify {
        read.entries.iter().filter_map(|entry| entry.service_id.clone()).collect()
    } else {
        Vec::new()
    };
    let from_catalog = catalog_isrcs(pool, &spotify_ids).await?;
    // And the tracks the catalog lacks may have been read for an earlier chart (`isrc_lookup`).
    let read_before = service_isrcs(pool, ChartService::Spotify, &spotify_ids).await?;
    let looked_up: Vec<Option<Isrc>> = read
        .entries
        .iter()
        .map(|entry| {
            let id = entry.service_id.as_ref()?;
            if let Some(isrc) = import.looked_up.get(id) {
                return Some(isrc.clone());
            }
            match from_catalog.get(id) {
                Some(isrc) => Isrc::parse(isrc).ok(),
                None => read_before.get(id).cloned().flatten(),
            }
        })
        .collect();
    let isrcs: Vec<String> = read
        .entries
        .iter()
        .zip(&looked_up)
        .filter_map(|(entry, looked_up)| entry.isrc.as_ref().or(looked_up.as_ref()))
        .map(|isrc| isrc.as_str().to_owned())
        .collect();

    let mut transaction = pool.begin().await?;
    take_chart_writes(&mut transaction).await?;
    let known = known_recordings(&mut transaction, import.genre_code, day, &isrcs).await?;
    let entries: Vec<EntryToStore<'_>> = read
        .entries
        .iter()
        .zip(&looked_up)
        .map(|(entry, looked_up)| EntryToStore { entry, decision: match_entry(entry, looked_up.as_ref(), &known) })
        .collect();
    let chart = ChartToStore {
        genre_code: import.genre_code,
        day,
        read: &read,
        origin: import.origin,
        source: import.file_name,
        imported_by: import.imported_by,
    };
    let stored = record_chart(&mut transaction, &chart, &entries).await?;
    rebuild_merged(&mut transaction, import.genre_code, day).await?;
    move_charts_version(&mut transaction).await?;
    transaction.commit().await?;
    tracing::info!(
        chart = stored.chart_id,
        genre = import.genre_code,
        service = read.service().code(),
        %day,
        entries = read.entries.len(),
        matched = stored.matched,
        new = stored.new_recordings,
        unmatched = stored.unmatched,
        "chart imported"
    );
    Ok(ImportedChart {
        chart_id: stored.chart_id,
        genre_code: import.genre_code.to_owned(),
        service: read.service(),
        format: read.format,
        day,
        entries: read.entries.len(),
        matched: stored.matched,
        new_recordings: stored.new_recordings,
        unmatched: stored.unmatched,
        replaced: stored.replaced,
    })
}
