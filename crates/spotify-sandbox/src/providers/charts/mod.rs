//! What the chart-source emulations share: the genres they chart, the songs outside the catalog, how a chart is drawn
//! for a day, how each service credits artists, counts that grow day by day, and CSV downloads. The services
//! themselves (Spotify's chart downloads, Apple Music, Billboard, Deezer's chart, Last.fm, Shazam, YouTube,
//! SoundCloud) live beside the other providers.

mod counts;
mod credits;
mod days;
mod download;
mod genres;
mod noise;
mod outside;
mod ranking;
mod songs;

pub(crate) use counts::grown;
pub(crate) use credits::{
    ampersand_joined, billboard_credit, comma_joined, search_words, with_featured, without_featured,
};
pub(crate) use days::{last_on_or_before, parse_day, today};
pub(crate) use download::{csv_download, field};
pub(crate) use genres::ChartGenre;
pub(crate) use noise::{on_day, signed, text_seed, unit};
pub(crate) use ranking::Chart;
pub(crate) use songs::{ChartIndex, ChartSong, Song};
