//! Artists, albums, tracks, local files, shows, episodes and audio features.

use serde_json::{Map, Value, json};

use super::Render;
use crate::catalog::AlbumType;
use crate::paging::PageLink;
use crate::state::{Item, LocalFile};

impl Render<'_> {
    /// SimplifiedArtistObject.
    pub(crate) fn artist_simple(&self, index: usize) -> Value {
        let artist = &self.catalog.artists[index];
        json!({
            "external_urls": Self::external_urls("artist", &artist.id),
            "href": self.api_url(&format!("artists/{}", artist.id)),
            "id": artist.id,
            "name": artist.name,
            "type": "artist",
            "uri": format!("spotify:artist:{}", artist.id),
        })
    }

    /// ArtistObject.
    pub(crate) fn artist(&self, index: usize) -> Value {
        let artist = &self.catalog.artists[index];
        let mut value = self.artist_simple(index);
        value["images"] = if artist.has_image { self.images(&artist.id) } else { json!([]) };
        if self.extended() {
            value["followers"] = json!({ "href": null, "total": artist.followers });
            value["genres"] = json!(artist.genres);
            value["popularity"] = json!(artist.popularity);
        }
        value
    }

    /// SimplifiedAlbumObject.
    pub(crate) fn album_simple(&self, index: usize) -> Value {
        let album = &self.catalog.albums[index];
        let mut value = json!({
            "album_type": album.album_type.as_str(),
            "total_tracks": album.tracks.len(),
            "external_urls": Self::external_urls("album", &album.id),
            "href": self.api_url(&format!("albums/{}", album.id)),
            "id": album.id,
            "images": self.images(&album.id),
            "name": album.name,
            "release_date": album.release.text(),
            "release_date_precision": album.release.precision_text(),
            "type": "album",
            "uri": format!("spotify:album:{}", album.id),
            "artists": album.artists.iter().map(|a| self.artist_simple(*a)).collect::<Vec<_>>(),
        });
        if self.extended() {
            value["available_markets"] = self.markets();
        }
        value
    }

    /// ArtistDiscographyAlbumObject: a simplified album with the artist's `album_group`.
    pub(crate) fn discography_album(&self, index: usize, artist: usize) -> Value {
        let album = &self.catalog.albums[index];
        let group = if !album.artists.contains(&artist) {
            "appears_on"
        } else {
            match album.album_type {
                AlbumType::Album => "album",
                AlbumType::Single => "single",
                AlbumType::Compilation => "compilation",
            }
        };
        let mut value = self.album_simple(index);
        value["album_group"] = json!(group);
        value
    }

    /// AlbumObject, with the first page of its tracks.
    pub(crate) fn album(&self, index: usize) -> Value {
        let album = &self.catalog.albums[index];
        let mut value = self.album_simple(index);
        let year = album.release.date.year();
        let first_page: Vec<Value> = album.tracks.iter().take(50).map(|t| self.track_simple(*t)).collect();
        value["tracks"] = PageLink::new(self.api_url(&format!("albums/{}/tracks", album.id))).page(
            0,
            50,
            album.tracks.len(),
            first_page,
        );
        value["copyrights"] = json!([
            { "text": format!("© {year} {}", album.label), "type": "C" },
            { "text": format!("℗ {year} {}", album.label), "type": "P" },
        ]);
        value["external_ids"] = json!({ "upc": album.upc });
        if self.extended() {
            value["genres"] = json!([]);
            value["label"] = json!(album.label);
            value["popularity"] = json!(album.popularity);
        }
        value
    }

    /// SimplifiedTrackObject.
    pub(crate) fn track_simple(&self, index: usize) -> Value {
        let track = &self.catalog.tracks[index];
        let preview = track.has_preview.then(|| format!("https://p.scdn.co/mp3-preview/{}", track.id));
        let mut value = json!({
            "artists": track.artists.iter().map(|a| self.artist_simple(*a)).collect::<Vec<_>>(),
            "disc_number": track.disc_number,
            "duration_ms": track.duration_ms,
            "explicit": track.explicit,
            "external_urls": Self::external_urls("track", &track.id),
            "href": self.api_url(&format!("tracks/{}", track.id)),
            "id": track.id,
            "is_local": false,
            "name": track.name,
            "preview_url": preview,
            "track_number": track.track_number,
            "type": "track",
            "uri": format!("spotify:track:{}", track.id),
        });
        if self.extended() {
            value["available_markets"] = self.markets();
        }
        value
    }

    /// TrackObject.
    pub(crate) fn track(&self, index: usize) -> Value {
        let track = &self.catalog.tracks[index];
        let mut value = self.track_simple(index);
        value["album"] = self.album_simple(track.album);
        value["external_ids"] = json!({ "isrc": track.isrc });
        if self.extended() {
            value["popularity"] = json!(track.popularity);
        }
        value
    }

    /// A local file as Spotify renders it: a track object with `is_local: true` and null ids.
    pub(crate) fn local_track(&self, file: &LocalFile) -> Value {
        let mut album = json!({
            "album_type": null, "artists": [], "external_urls": {}, "href": null, "id": null, "images": [],
            "name": file.album, "release_date": null, "release_date_precision": null, "type": "album", "uri": null,
        });
        let mut value = json!({
            "artists": [{ "external_urls": {}, "href": null, "id": null, "name": file.artist, "type": "artist", "uri": null }],
            "disc_number": 0,
            "duration_ms": file.duration_ms,
            "explicit": false,
            "external_ids": {},
            "external_urls": {},
            "href": null,
            "id": null,
            "is_local": true,
            "name": file.title,
            "preview_url": null,
            "track_number": 0,
            "type": "track",
            "uri": file.uri(),
        });
        if self.extended() {
            album["available_markets"] = json!([]);
            value["available_markets"] = json!([]);
            value["popularity"] = json!(0);
        }
        value["album"] = album;
        value
    }

    /// SimplifiedShowObject.
    pub(crate) fn show_simple(&self, index: usize) -> Value {
        let show = &self.catalog.shows[index];
        let mut value = json!({
            "copyrights": [],
            "description": show.description,
            "explicit": false,
            "external_urls": Self::external_urls("show", &show.id),
            "href": self.api_url(&format!("shows/{}", show.id)),
            "html_description": format!("<p>{}</p>", show.description),
            "id": show.id,
            "images": self.images(&show.id),
            "is_externally_hosted": false,
            "languages": ["en"],
            "media_type": "audio",
            "name": show.name,
            "publisher": show.publisher,
            "total_episodes": show.episodes.len(),
            "type": "show",
            "uri": format!("spotify:show:{}", show.id),
        });
        if self.extended() {
            value["available_markets"] = self.markets();
        }
        value
    }

    /// SimplifiedEpisodeObject.
    pub(crate) fn episode_simple(&self, index: usize) -> Value {
        let episode = &self.catalog.episodes[index];
        let date = episode.release;
        json!({
            "audio_preview_url": null,
            "description": episode.description,
            "html_description": format!("<p>{}</p>", episode.description),
            "duration_ms": episode.duration_ms,
            "explicit": episode.explicit,
            "external_urls": Self::external_urls("episode", &episode.id),
            "href": self.api_url(&format!("episodes/{}", episode.id)),
            "id": episode.id,
            "images": self.images(&episode.id),
            "is_externally_hosted": false,
            "is_playable": true,
            "languages": ["en"],
            "name": episode.name,
            "release_date": format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()),
            "release_date_precision": "day",
            "resume_point": { "fully_played": false, "resume_position_ms": 0 },
            "type": "episode",
            "uri": format!("spotify:episode:{}", episode.id),
        })
    }

    /// EpisodeObject.
    pub(crate) fn episode(&self, index: usize) -> Value {
        let mut value = self.episode_simple(index);
        value["show"] = self.show_simple(self.catalog.episodes[index].show);
        value
    }

    /// What a playlist entry or queue slot holds; `null` for an unavailable item.
    pub(crate) fn item(&self, item: &Item) -> Value {
        match item {
            Item::Track(index) => self.track(*index),
            Item::Episode(index) => self.episode(*index),
            Item::Local(file) => self.local_track(file),
            Item::Unavailable => Value::Null,
        }
    }

    /// AudioFeaturesObject (Extended mode only).
    pub(crate) fn audio_features(&self, index: usize) -> Value {
        let track = &self.catalog.tracks[index];
        let f = &track.features;
        let mut value = Map::new();
        for (name, number) in [
            ("acousticness", f.acousticness),
            ("danceability", f.danceability),
            ("energy", f.energy),
            ("instrumentalness", f.instrumentalness),
            ("liveness", f.liveness),
            ("loudness", f.loudness),
            ("speechiness", f.speechiness),
            ("tempo", f.tempo),
            ("valence", f.valence),
        ] {
            value.insert(name.into(), json!(number));
        }
        value.insert("key".into(), json!(f.key));
        value.insert("mode".into(), json!(f.mode));
        value.insert("time_signature".into(), json!(f.time_signature));
        value.insert("duration_ms".into(), json!(track.duration_ms));
        value.insert("id".into(), json!(track.id));
        value.insert("uri".into(), json!(format!("spotify:track:{}", track.id)));
        value.insert("type".into(), json!("audio_features"));
        value.insert("track_href".into(), json!(self.api_url(&format!("tracks/{}", track.id))));
        value.insert("analysis_url".into(), json!(self.api_url(&format!("audio-analysis/{}", track.id))));
        Value::Object(value)
    }
}
