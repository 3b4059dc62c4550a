//! Importing charts into a genre against a real database: a week of pop charts from four services merged into one
//! ranking, each service's position kept with its link; a refused file stores nothing; importing a chart again
//! replaces it; ISRCs tie a later chart's entries to the recordings an earlier one brought, and ISRCs read after a
//! chart was stored tie its entries again.

use crossfade_domain::{ChartMatchMethod, ChartOrder, ChartService, Day, RankingMethod};
use crossfade_library::charts::{ChartImport, ImportError, import_chart};
use crossfade_store::charts::{ImportOrigin, charts_version, merged_chart};
use sqlx::PgPool;

const SPOTIFY: &[u8] = include_bytes!("../../domain/tests/charts/regional-global-weekly-2026-11-26.csv");
const APPLE: &[u8] = include_bytes!("../../domain/tests/charts/apple-music-most-played-us.json");
const BILLBOARD: &[u8] = include_bytes!("../../domain/tests/charts/billboard-hot-100-2026-11-28.json");
const SHAZAM: &[u8] = include_bytes!("../../domain/tests/charts/shazam-top-200-global-2026-12-01.csv");
const BEATPORT: &[u8] = include_bytes!("../../domain/tests/charts/beatport-api-top-100-tech-house.json");
const DEEZER: &[u8] = include_bytes!("../../domain/tests/charts/deezer-chart-132-tracks.json");

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

fn upload<'a>(genre_code: &'a str, file_name: &'a str, bytes: &'a [u8], day: Option<Day>) -> ChartImport<'a> {
    ChartImport {
        genre_code,
        file_name,
        bytes,
        day,
        origin: ImportOrigin::Upload,
        imported_by: None,
        looked_up: Default::default(),
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_week_of_pop_charts_merges_across_services(pool: PgPool) {
    let spotify =
        import_chart(&pool, &upload("pop", "regional-global-weekly-2026-11-26.csv", SPOTIFY, None)).await.unwrap();
    assert_eq!((spotify.service, spotify.day, spotify.entries), (ChartService::Spotify, day("2026-11-26"), 10));
    assert_eq!(
        (spotify.matched, spotify.new_recordings, spotify.unmatched),
        (0, 10, 0),
        "the first chart starts every recording"
    );
    let apple = import_chart(&pool, &upload("pop", "songs.json", APPLE, None)).await.unwrap();
    assert_eq!((apple.day, apple.matched, apple.new_recordings), (day("2026-12-01"), 8, 0), "{apple:?}");
    let billboard = import_chart(&pool, &upload("pop", "hot-100.json", BILLBOARD, None)).await.unwrap();
    assert_eq!(billboard.matched + billboard.new_recordings + billboard.unmatched, 10);
    assert!(billboard.matched >= 9, "{billboard:?}");
    let shazam = import_chart(&pool, &upload("pop", "shazam.csv", SHAZAM, None)).await.unwrap();
    assert_eq!(shazam.matched, 10, "{shazam:?}");

    let merged = merged_chart(&pool, "pop", None, RankingMethod::ServicesThenPositions, ChartOrder::Ranking)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(merged.day, day("2026-12-01"), "the latest chart day");
    assert_eq!(merged.days, [day("2026-12-01"), day("2026-11-28"), day("2026-11-26")]);
    let services: Vec<ChartService> = merged.sources.iter().map(|source| source.service).collect();
    assert_eq!(services.len(), 4, "each service's latest chart of the week: {services:?}");
    let top = &merged.rows[0];
    assert_eq!((top.rank, top.title.as_str()), (1, "Die With A Smile"));
    assert_eq!(top.placings.len(), 4, "{top:?}");
    let spotify_place = top.placings.iter().find(|placed| placed.service == ChartService::Spotify).unwrap();
    assert_eq!(spotify_place.position, 1);
    assert_eq!(spotify_place.url.as_deref(), Some("https://open.spotify.com/track/2plbrEY59IikOBgBGLjaoe"));
    assert!(merged.rows.windows(2).all(|pair| pair[0].placings.len() >= pair[1].placings.len()), "more services first");
    assert_eq!(merged.rows.len(), 10, "ten songs, however many services list each");

    // Another method orders the same rows otherwise; an earlier day shows the charts standing then.
    let borda = merged_chart(&pool, "pop", None, RankingMethod::Borda, ChartOrder::Ranking).await.unwrap().unwrap();
    assert_eq!(borda.rows.len(), merged.rows.len());
    let earlier = merged_chart(&pool, "pop", Some(day("2026-11-29")), RankingMethod::Borda, ChartOrder::Ranking)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(earlier.day, day("2026-11-28"));
    assert_eq!(earlier.sources.len(), 2, "Spotify's and Billboard's");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_refused_file_stores_nothing(pool: PgPool) {
    let version = charts_version(&pool).await.unwrap();
    let broken = String::from_utf8(BILLBOARD.to_vec()).unwrap().replace(r#""this_week": 7"#, r#""this_week": "seven""#);
    let error = import_chart(&pool, &upload("pop", "hot-100.json", broken.as_bytes(), None)).await.unwrap_err();
    let ImportError::File(refused) = &error else { panic!("{error:?}") };
    assert!(refused.to_string().starts_with("hot-100.json: line "), "{refused}");
    assert!(refused.to_string().contains("this_week “seven”"), "{refused}");
    let unknown = import_chart(&pool, &upload("polka", "hot-100.json", BILLBOARD, None)).await.unwrap_err();
    assert_eq!(unknown.to_string(), "there is no chart genre “polka”");
    let undated = import_chart(&pool, &upload("dance", "top-100.json", BEATPORT, None)).await.unwrap_err();
    assert_eq!(undated.to_string(), "top-100.json: the file does not say which day its chart is; give the chart's day");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM charts").fetch_one(&pool).await.unwrap();
    let recordings: i64 = sqlx::query_scalar("SELECT count(*) FROM recordings").fetch_one(&pool).await.unwrap();
    assert_eq!((stored, recordings), (0, 0));
    assert_eq!(charts_version(&pool).await.unwrap(), version);
}

#[sqlx::test(migrations = "../../migrations")]
async fn importing_a_chart_again_replaces_it(pool: PgPool) {
    let first = import_chart(&pool, &upload("pop", "hot-100.json", BILLBOARD, None)).await.unwrap();
    let version = charts_version(&pool).await.unwrap();
    let again = import_chart(&pool, &upload("pop", "hot-100.json", BILLBOARD, None)).await.unwrap();
    assert!(!first.replaced && again.replaced);
    assert_eq!((again.chart_id, again.matched, again.new_recordings), (first.chart_id, 10, 0));
    let entries: i64 = sqlx::query_scalar("SELECT count(*) FROM chart_entries").fetch_one(&pool).await.unwrap();
    assert_eq!(entries, 10);
    assert!(charts_version(&pool).await.unwrap() > version, "each import moves the version on");
}

#[sqlx::test(migrations = "../../migrations")]
async fn isrcs_tie_a_later_charts_entries_to_their_recordings(pool: PgPool) {
    let monday =
        import_chart(&pool, &upload("dance", "top-100.json", BEATPORT, Some(day("2026-11-30")))).await.unwrap();
    assert_eq!((monday.new_recordings, monday.matched), (5, 0));
    let tuesday =
        import_chart(&pool, &upload("dance", "top-100.json", BEATPORT, Some(day("2026-12-01")))).await.unwrap();
    assert_eq!((tuesday.new_recordings, tuesday.matched, tuesday.unmatched), (0, 5, 0));
    let methods: Vec<(i32, String)> = sqlx::query_as(
        "SELECT e.position, e.match_method FROM chart_entries e JOIN charts c ON c.id = e.chart_id
         WHERE c.day = '2026-12-01' ORDER BY e.position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let isrc = ChartMatchMethod::Isrc.code().to_owned();
    let fuzzy = ChartMatchMethod::Fuzzy.code().to_owned();
    assert_eq!(
        methods,
        [(1, isrc.clone()), (2, fuzzy), (3, isrc.clone()), (4, isrc.clone()), (5, isrc)],
        "the one without an ISRC by its title"
    );
    let isrcs: i64 = sqlx::query_scalar("SELECT count(*) FROM recording_isrcs").fetch_one(&pool).await.unwrap();
    assert_eq!(isrcs, 4);
}

/// A Spotify chart of `day` listing `Die With A Smile` under a title and credit no other service uses, and a song of
/// its own.
fn spotify_chart_of(day: &str) -> (String, Vec<u8>) {
    let csv = "rank,uri,artist_names,track_name,source,peak_rank,previous_rank,weeks_on_chart,streams\n\
               1,spotify:track:2plbrEY59IikOBgBGLjaoe,LG & BM,Morir Con Una Sonrisa,Atlantic Records,1,-1,1,\"1000\"\n\
               2,spotify:track:0RiverSongBoDalton0000,Bo Dalton,River Song,Indie,2,-1,1,\"900\"\n";
    (format!("regional-global-daily-{day}.csv"), csv.as_bytes().to_vec())
}

#[sqlx::test(migrations = "../../migrations")]
async fn isrcs_read_after_a_spotify_chart_was_stored_tie_its_entries_again(pool: PgPool) {
    use crossfade_domain::Isrc;
    use crossfade_store::charts::{ids_to_look_up, remember_service_isrc, retie_by_isrc};

    let smile = Isrc::parse("USUM72409273").unwrap();
    let river = Isrc::parse("GBXYZ2600001").unwrap();
    // Deezer's chart, with the ISRC its track read gave for Die With A Smile.
    let mut deezer = upload("pop", "chart.json", DEEZER, Some(day("2026-12-01")));
    deezer.looked_up.insert("3135556".to_owned(), smile.clone());
    import_chart(&pool, &deezer).await.unwrap();
    // Spotify's two days: the catalog knows none of their tracks, so they are tied by title and credit alone.
    for day in ["2026-12-01", "2026-12-02"] {
        let (name, bytes) = spotify_chart_of(day);
        let stored = import_chart(&pool, &upload("pop", &name, &bytes, None)).await.unwrap();
        assert_eq!(stored.unmatched, 0);
    }
    let tie_of = |id: &'static str| {
        let pool = pool.clone();
        async move {
            let ties: Vec<(Option<i64>, Option<String>)> = sqlx::query_as(
                "SELECT e.recording_id, e.match_method FROM chart_entries e JOIN charts c ON c.id = e.chart_id
                 WHERE c.service = 'spotify' AND e.service_id = $1 ORDER BY c.day",
            )
            .bind(id)
            .fetch_all(&pool)
            .await
            .unwrap();
            ties
        }
    };
    let deezer_smile: i64 = sqlx::query_scalar("SELECT recording_id FROM recording_isrcs WHERE isrc = $1")
        .bind(smile.as_str())
        .fetch_one(&pool)
        .await
        .unwrap();
    let before = tie_of("2plbrEY59IikOBgBGLjaoe").await;
    let first_seen = before[0].0.unwrap();
    assert_ne!(first_seen, deezer_smile, "no title or artist in common: another recording at first");
    let (first, fuzzy) = (ChartMatchMethod::FirstSeen.code().to_owned(), ChartMatchMethod::Fuzzy.code().to_owned());
    assert_eq!(before, [(Some(first_seen), Some(first)), (Some(first_seen), Some(fuzzy))], "the next day by its title");

    // Spotify's track reads give both ISRCs.
    let chart: i64 = sqlx::query_scalar("SELECT id FROM charts WHERE service = 'spotify' ORDER BY day LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    let ids = ids_to_look_up(&pool, chart).await.unwrap();
    assert_eq!(ids, [("0RiverSongBoDalton0000".to_owned(), false), ("2plbrEY59IikOBgBGLjaoe".to_owned(), false)]);
    remember_service_isrc(&pool, ChartService::Spotify, "2plbrEY59IikOBgBGLjaoe", Some(&smile)).await.unwrap();
    remember_service_isrc(&pool, ChartService::Spotify, "0RiverSongBoDalton0000", Some(&river)).await.unwrap();
    let version = charts_version(&pool).await.unwrap();
    let all: Vec<String> = ids.into_iter().map(|(id, _)| id).collect();
    let retied = retie_by_isrc(&pool, ChartService::Spotify, &all).await.unwrap();
    assert_eq!((retied.entries, retied.folded), (4, 1), "both songs on both days; one recording folded away");
    assert!(charts_version(&pool).await.unwrap() > version);

    // The recording made from Spotify's titles was Deezer's all along: folded into it, on both days.
    let isrc_lookup = Some(ChartMatchMethod::IsrcLookup.code().to_owned());
    assert_eq!(tie_of("2plbrEY59IikOBgBGLjaoe").await, vec![(Some(deezer_smile), isrc_lookup.clone()); 2]);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM recordings WHERE id = $1")
        .bind(first_seen)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    // River Song's recording keeps its place and gains its code.
    let river_ties = tie_of("0RiverSongBoDalton0000").await;
    let river_recording = river_ties[0].0.unwrap();
    assert_eq!(river_ties, vec![(Some(river_recording), isrc_lookup); 2]);
    let river_owner: i64 = sqlx::query_scalar("SELECT recording_id FROM recording_isrcs WHERE isrc = $1")
        .bind(river.as_str())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(river_owner, river_recording);

    // One row in the merged chart, placed by both services.
    let merged = merged_chart(&pool, "pop", Some(day("2026-12-01")), RankingMethod::default(), ChartOrder::Ranking)
        .await
        .unwrap()
        .unwrap();
    let row = merged.rows.iter().find(|row| row.recording_id == Some(deezer_smile)).expect("Die With A Smile");
    let services: Vec<ChartService> = row.placings.iter().map(|placing| placing.service).collect();
    assert!(services.contains(&ChartService::Spotify) && services.contains(&ChartService::Deezer), "{services:?}");
    assert!(merged.rows.iter().all(|row| row.recording_id != Some(first_seen)));

    // Tied by ISRC now, nothing is left to read or tie.
    assert!(ids_to_look_up(&pool, chart).await.unwrap().is_empty());
    assert_eq!(retie_by_isrc(&pool, ChartService::Spotify, &all).await.unwrap().entries, 0);
}
