//! The genre normaliser against spellings seen in providers' answers and in imported files, and the tree's rules
//! checked for every genre.

use crossfade_domain::{Genre, GenreId, GenreTree, Normalised, Tag};
use proptest::prelude::*;

/// What a text should become: a genre's slug, or a tag's canonical spelling after `#`.
fn expect(text: &str, expected: &str) {
    let tree = GenreTree::get();
    let wanted = match expected.strip_prefix('#') {
        Some(tag) => Normalised::Tag(Tag::parse(tag).unwrap()),
        None => Normalised::Genre(tree.parse_id(expected).unwrap()),
    };
    assert_eq!(tree.normalise(text), wanted, "{text:?}");
}

#[test]
fn the_spotify_tracks_dataset_genres() {
    for (text, expected) in [
        ("acoustic", "#acoustic"),
        ("afrobeat", "afrobeat"),
        ("alt-rock", "alternative-rock"),
        ("alternative", "alternative-rock"),
        ("black-metal", "black-metal"),
        ("brazil", "brazilian"),
        ("british", "#british"),
        ("cantopop", "cantopop"),
        ("chicago-house", "chicago-house"),
        ("children", "childrens-music"),
        ("chill", "#chill"),
        ("club", "club"),
        ("comedy", "comedy"),
        ("death-metal", "death-metal"),
        ("detroit-techno", "detroit-techno"),
        ("disney", "disney"),
        ("drum-and-bass", "drum-and-bass"),
        ("edm", "edm"),
        ("forro", "forro"),
        ("french", "#french"),
        ("garage", "uk-garage"),
        ("german", "#german"),
        ("goth", "gothic-rock"),
        ("groove", "#groove"),
        ("guitar", "#guitar"),
        ("happy", "#happy"),
        ("hardcore", "hardcore-punk"),
        ("heavy-metal", "heavy-metal"),
        ("honky-tonk", "honky-tonk"),
        ("idm", "idm"),
        ("indian", "indian"),
        ("indie-pop", "indie-pop"),
        ("iranian", "iranian"),
        ("j-dance", "j-dance"),
        ("j-idol", "j-idol"),
        ("kids", "childrens-music"),
        ("latino", "latin"),
        ("malay", "malay"),
        ("minimal-techno", "minimal-techno"),
        ("mpb", "mpb"),
        ("new-age", "new-age"),
        ("pagode", "pagode"),
        ("party", "#party"),
        ("piano", "#piano"),
        ("pop-film", "filmi"),
        ("power-pop", "power-pop"),
        ("psych-rock", "psychedelic-rock"),
        ("punk-rock", "punk"),
        ("r-n-b", "r-and-b"),
        ("rock-n-roll", "rock-and-roll"),
        ("romance", "#romance"),
        ("sad", "#sad"),
        ("show-tunes", "show-tunes"),
        ("sleep", "#sleep"),
        ("songwriter", "singer-songwriter"),
        ("spanish", "#spanish"),
        ("study", "#study"),
        ("swedish", "#swedish"),
        ("synth-pop", "synth-pop"),
        ("trip-hop", "trip-hop"),
        ("turkish", "turkish"),
        ("world-music", "world"),
    ] {
        expect(text, expected);
    }
}

#[test]
fn every_dataset_genre_is_a_genre_or_a_tag() {
    let dataset = "acoustic afrobeat alt-rock alternative ambient anime black-metal bluegrass blues brazil breakbeat \
        british cantopop chicago-house children chill classical club comedy country dance dancehall death-metal \
        deep-house detroit-techno disco disney drum-and-bass dub dubstep edm electro electronic emo folk forro french \
        funk garage german gospel goth grindcore groove grunge guitar happy hard-rock hardcore hardstyle heavy-metal \
        hip-hop honky-tonk house idm indian indie-pop indie industrial iranian j-dance j-idol j-pop j-rock jazz k-pop \
        kids latin latino malay mandopop metal metalcore minimal-techno mpb new-age opera pagode party piano pop-film \
        pop power-pop progressive-house psych-rock punk-rock punk r-n-b reggae reggaeton rock-n-roll rock rockabilly \
        romance sad salsa samba sertanejo show-tunes singer-songwriter ska sleep songwriter soul spanish study swedish \
        synth-pop tango techno trance trip-hop turkish world-music";
    let tags = ["acoustic", "british", "chill", "french", "german", "groove", "guitar", "happy", "party", "piano"]
        .into_iter()
        .chain(["romance", "sad", "sleep", "spanish", "study", "swedish"])
        .collect::<Vec<_>>();
    let tree = GenreTree::get();
    assert_eq!(dataset.split_whitespace().count(), 114);
    for genre in dataset.split_whitespace() {
        match tree.normalise(genre) {
            Normalised::Genre(_) => assert!(!tags.contains(&genre), "{genre} should be a tag"),
            Normalised::Tag(tag) => assert!(tags.contains(&tag.as_str()), "{genre} should be a genre"),
            Normalised::Nothing => panic!("{genre}"),
        }
    }
}

#[test]
fn deezer_genre_names() {
    for (text, expected) in [
        ("Pop", "pop"),
        ("Rap/Hip Hop", "hip-hop"),
        ("Hip-Hop/Rap", "hip-hop"),
        ("Hip Hop/Rap", "hip-hop"),
        ("R&B", "r-and-b"),
        ("Alternative", "alternative-rock"),
        ("Electro", "electro"),
        ("Salsa", "salsa"),
        ("Traditional Mexicano", "regional-mexican"),
        ("Films/Games", "soundtrack"),
        ("Film Scores", "film-score"),
        ("Soul & Funk", "soul"),
        ("African Music", "african"),
        ("Asian Music", "asian"),
        ("Brazilian Music", "brazilian"),
        ("Indian Music", "indian"),
        ("Latin Music", "latin"),
        ("Kids", "childrens-music"),
        ("Techno/House", "electronic"),
        ("Dubstep", "dubstep"),
        ("Reggaeton", "reggaeton"),
        ("Singer & Songwriter", "singer-songwriter"),
        ("Dancehall/Ragga", "dancehall"),
        ("Rock & Roll/Rockabilly", "rock-and-roll"),
        ("Bollywood", "filmi"),
        ("Dirty South", "southern-hip-hop"),
        ("Contemporary R&B", "contemporary-r-and-b"),
        ("Sports", "#sports"),
    ] {
        expect(text, expected);
    }
}

#[test]
fn musicbrainz_genre_names() {
    for (text, expected) in [
        ("drum and bass", "drum-and-bass"),
        ("uk garage", "uk-garage"),
        ("trip hop", "trip-hop"),
        ("boom bap", "boom-bap"),
        ("synth-pop", "synth-pop"),
        ("post-punk", "post-punk"),
        ("shoegaze", "shoegaze"),
        ("hardcore punk", "hardcore-punk"),
        ("pop punk", "pop-punk"),
        ("singer-songwriter", "singer-songwriter"),
        ("bebop", "bebop"),
        ("smooth jazz", "smooth-jazz"),
        ("baroque", "baroque"),
        ("bossa nova", "bossa-nova"),
        ("k-pop", "k-pop"),
        ("afrobeats", "afrobeats"),
        ("amapiano", "amapiano"),
        ("rhythm and blues", "r-and-b"),
        ("electronic dance music", "edm"),
        ("dance-pop", "dance-pop"),
        ("hardcore techno", "hardcore-techno"),
        ("seen live", "#seen live"),
    ] {
        expect(text, expected);
    }
}

#[test]
fn spotify_artist_genres_and_exportify_columns() {
    for (text, expected) in [
        ("album rock", "classic-rock"),
        ("dutch house", "dutch-house"),
        ("melodic techno", "melodic-techno"),
        ("pop dance", "dance-pop"),
        ("modern rock", "alternative-rock"),
        ("mellow gold", "soft-rock"),
        ("adult standards", "traditional-pop"),
        ("urban contemporary", "contemporary-r-and-b"),
        ("post-teen pop", "teen-pop"),
        ("trap latino", "latin-trap"),
        ("german hip hop", "hip-hop"),
        ("uk pop", "pop"),
        ("atl hip hop", "southern-hip-hop"),
        ("chicago rap", "hip-hop"),
        ("french house", "french-house"),
        ("k-pop boy group", "k-pop"),
        ("nigerian pop", "afrobeats"),
        ("funk carioca", "baile-funk"),
        ("sertanejo universitario", "sertanejo"),
        ("lo-fi beats", "lo-fi-hip-hop"),
        ("drift phonk", "phonk"),
        ("neo mellow", "#neo mellow"),
        ("escape room", "#escape room"),
    ] {
        expect(text, expected);
    }
}

#[test]
fn spelling_variants() {
    for (text, expected) in [
        ("R&B", "r-and-b"),
        ("rnb", "r-and-b"),
        ("RnB", "r-and-b"),
        ("R'n'B", "r-and-b"),
        ("rhythm & blues", "r-and-b"),
        ("HIP_HOP", "hip-hop"),
        ("hiphop", "hip-hop"),
        ("drum & bass", "drum-and-bass"),
        ("Drum n Bass", "drum-and-bass"),
        ("drum'n'bass", "drum-and-bass"),
        ("DnB", "drum-and-bass"),
        ("singer/songwriter", "singer-songwriter"),
        ("Rock 'n' Roll", "rock-and-roll"),
        ("forró", "forro"),
        ("FORRÓ", "forro"),
        ("forro\u{301}", "forro"),
        ("Reggaetón", "reggaeton"),
        ("  deep   house ", "deep-house"),
        ("R&B/Soul", "r-and-b"),
        ("Dance/Electronic", "electronic"),
        ("Pop/Rock", "pop-rock"),
        ("a capella", "a-cappella"),
        ("gaming", "video-game-music"),
        ("movie", "film-score"),
        ("lofi", "lo-fi-hip-hop"),
        ("wellness", "#wellness"),
        ("Hip-Hop/R&B", "#hip-hop/r&b"),
        ("  Late   Night  ", "#late night"),
    ] {
        expect(text, expected);
    }
}

#[test]
fn empty_and_punctuation_are_nothing() {
    let tree = GenreTree::get();
    for text in ["", "   ", "-", "/", "&", "♪ ♫", "?!"] {
        assert_eq!(tree.normalise(text), Normalised::Nothing, "{text:?}");
    }
}

fn genres() -> &'static [Genre] {
    GenreTree::get().all()
}

fn genre_at(index: prop::sample::Index) -> Genre {
    genres()[index.index(genres().len())]
}

proptest! {
    #[test]
    fn normalising_a_genre_is_idempotent(index in any::<prop::sample::Index>()) {
        let genre = genre_at(index);
        let tree = GenreTree::get();
        let Normalised::Genre(once) = tree.normalise(genre.name) else { panic!("{}", genre.name) };
        prop_assert_eq!(once, genre.id);
        prop_assert_eq!(tree.normalise(tree.genre(once).name), Normalised::Genre(once));
    }

    #[test]
    fn within_is_reflexive_and_follows_ancestors(a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let tree = GenreTree::get();
        let (a, b) = (genre_at(a), genre_at(b));
        prop_assert!(tree.is_within(a.id, a.id));
        let ancestors: Vec<GenreId> = tree.ancestors(a.id).map(|genre| genre.id).collect();
        for (nearer, further) in ancestors.iter().zip(ancestors.iter().skip(1)) {
            prop_assert!(tree.is_within(a.id, *nearer) && tree.is_within(*nearer, *further));
            prop_assert!(tree.is_within(a.id, *further));
        }
        prop_assert_eq!(tree.is_within(a.id, b.id), a.id == b.id || ancestors.contains(&b.id));
        prop_assert_eq!(tree.descendants(b.id).iter().any(|genre| genre.id == a.id), a.id != b.id && ancestors.contains(&b.id));
        prop_assert_eq!(tree.parent(a.id).map(|genre| genre.id), a.parent);
    }

    #[test]
    fn weights_sum_to_one_whatever_the_order(
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0.001f64..1000.0), 1..12),
        tags in prop::collection::vec(("happy|sad|seen live|favourites", 0.001f64..10.0), 0..4),
        shuffle in any::<prop::sample::Index>(),
    ) {
        let tree = GenreTree::get();
        let mut texts: Vec<(&str, f64)> = picks.iter().map(|(index, weight)| (genre_at(*index).name, *weight)).collect();
        texts.extend(tags.iter().map(|(tag, weight)| (tag.as_str(), *weight)));
        let weights = tree.weigh(texts.iter().copied());
        let total: f64 = weights.genres().iter().map(|(_, weight)| weight).sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "{}", total);
        prop_assert!(weights.genres().windows(2).all(|pair| pair[0].1 >= pair[1].1));
        for top in tree.top_level() {
            let share = tree.share(&weights, top.id);
            prop_assert!((-1e-12..=1.0 + 1e-9).contains(&share));
        }

        let mut reordered = texts.clone();
        reordered.reverse();
        reordered.rotate_left(shuffle.index(texts.len()));
        prop_assert_eq!(tree.weigh(reordered), weights);
    }

    #[test]
    fn any_text_normalises_without_panicking(text in "\\PC{0,120}") {
        let tree = GenreTree::get();
        if let Normalised::Tag(tag) = tree.normalise(&text) {
            prop_assert!(tag.as_str().chars().count() <= crossfade_domain::MAX_TAG_CHARS);
        }
        let _ = tree.weigh([(text.as_str(), 1.0)]);
        let _ = text.parse::<GenreId>();
    }

    #[test]
    fn any_unicode_at_all(text in ".{0,60}") {
        let _ = GenreTree::get().normalise(&text);
    }
}
