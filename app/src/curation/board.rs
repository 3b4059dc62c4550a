//! `/curation/:style/:week`: a period's board. Bronze cards in the order of the user's taste, each with its reason,
//! then each category's silver cards, the promoted ones and the trash. Every card has a button per category and for
//! Trash (or Promote / Back where those apply): plain forms that work without JavaScript and come back to the next
//! card. The last actions can be undone.

use crossfade_domain::{BoardAction, Place};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::keys::{KeyCard, KeyboardTriage, Triage};
use super::labels::{FollowLabel, FollowLabelButton};
use crate::AppError;
use crate::page_answer::gated_view;
use crate::playback::{PlayButton, PlayTrack, PlaybackConsent};

/// A card as the board shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardView {
    pub id: i64,
    pub spotify_id: String,
    pub place: Place,
    pub title: String,
    pub mix: Option<String>,
    pub artists: Vec<String>,
    pub label: Option<(String, String)>,
    pub bpm: Option<f32>,
    pub camelot: Option<String>,
    pub energy: Option<f32>,
    pub release_date: Option<String>,
    /// "by ISRC" or "by title and artists, 93 %".
    pub matched: String,
    pub reason: Option<String>,
    pub followed_label: bool,
}

/// What the board page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub slug: String,
    pub name: String,
    pub week: String,
    pub week_name: String,
    pub sorted: bool,
    pub categories: Vec<(i64, String)>,
    pub cards: Vec<CardView>,
    pub can_undo: bool,
    pub may_write: bool,
    /// The grouping keys of the labels the user follows.
    pub followed_labels: Vec<String>,
    /// Releases of the week matched or brought in after the period started, not on the board yet.
    pub late: i64,
    /// The user allowed Crossfade to play on their Spotify devices.
    pub may_play: bool,
    /// What the user changed in the board's playlists in Spotify: read only when asked for.
    pub changes: Option<ChangesView>,
}

/// The differences between the board and Spotify.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesView {
    /// Each difference in words.
    pub lines: Vec<String>,
    /// How many the user can settle (moves and removals; additions stay as they are).
    pub to_settle: usize,
}

/// The signed-in user's board of `style` for the week starting `week`, compared with the period's playlists on
/// Spotify when `compare`; 404 when that period was not started. A visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "curation_board")]
pub async fn curation_board(style: String, week: String, compare: bool) -> Result<Option<BoardView>, AppError> {
    use crossfade_domain::{Style, Week};
    use crossfade_store::curation;
    crate::account::for_viewer("curation_board", |viewer| async move {
        let style = Style::parse(&style).map_err(|_| AppError::NotFound.answer())?;
        let week = Week::parse(&week).ok_or_else(|| AppError::NotFound.answer())?;
        let pool = expect_context::<sqlx::PgPool>();
        let library = expect_context::<crossfade_library::Library>();
        let failed = |error: crossfade_store::StoreError| crate::error::internal("reading a board failed", &error);
        let board = curation::board(&pool, viewer.user_id, style, week)
            .await
            .map_err(failed)?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let categories = curation::categories(&pool, viewer.user_id, style).await.map_err(failed)?;
        let changes = if compare {
            let report = crossfade_library::curation::spotify_drift(&library, viewer.user_id, style, week)
                .await
                .map_err(|error| super::board_failed("comparing a board with Spotify failed", error))?;
            let to_settle = report.drifts.iter().filter(|drift| drift.kept_place().is_some()).count();
            Some(ChangesView { lines: change_words(&report, &board.cards, &categories), to_settle })
        } else {
            None
        };
        let followed_labels = curation::followed_labels(&pool, viewer.user_id).await.map_err(failed)?;
        let can_undo = curation::last_action(&pool, viewer.user_id, board.period.id).await.map_err(failed)?.is_some();
        let may_write =
            crossfade_library::smart_playlists::may_write_playlists(&pool, viewer.user_id).await.map_err(failed)?;
        let may_play =
            crossfade_library::playback::may_control_playback(&pool, viewer.user_id).await.map_err(failed)?;
        let late = crossfade_library::curation::late_releases(&library, viewer.user_id, style, week, &board)
            .await
            .map_err(|error| super::board_failed("reading a board's late releases failed", error))?
            .len()
            .try_into()
            .unwrap_or(i64::MAX);
        Ok(BoardView {
            slug: style.slug.to_owned(),
            name: style.name.to_owned(),
            week: week.to_string(),
            week_name: week.iso_name(),
            sorted: board.period.sorted,
            categories: categories.into_iter().map(|category| (category.id, category.name)).collect(),
            cards: board.cards.into_iter().map(card_view).collect(),
            can_undo,
            may_write,
            followed_labels,
            late,
            may_play,
            changes,
        })
    })
    .await
}

/// Each difference between the board and Spotify as a sentence.
#[cfg(feature = "ssr")]
fn change_words(
    report: &crossfade_library::curation::DriftReport,
    cards: &[crossfade_store::curation::BoardCard],
    categories: &[crossfade_store::curation::Category],
) -> Vec<String> {
    use crossfade_domain::{Drift, Layer};
    let category =
        |id: i64| categories.iter().find(|category| category.id == id).map_or("a category", |c| c.name.as_str());
    let place = |place: Place| match place {
        Place::Bronze => "bronze".to_owned(),
        Place::Silver(id) => format!("{} (silver)", category(id)),
        Place::Golden(id) => format!("{} (golden)", category(id)),
        Place::Trashed => "the trash".to_owned(),
    };
    let layer = |layer: Layer| match layer {
        Layer::Bronze => place(Place::Bronze),
        Layer::Silver(id) => place(Place::Silver(id)),
        Layer::Golden(id) => place(Place::Golden(id)),
    };
    let title = |track: &str| {
        cards
            .iter()
            .find(|card| card.spotify_track_id == track)
            .map(|card| card.title.clone())
            .or_else(|| report.names.get(track).cloned())
            .unwrap_or_else(|| track.to_owned())
    };
    report
        .drifts
        .iter()
        .map(|drift| match drift {
            Drift::Moved { track, from, to, .. } => {
                format!("“{}” was moved in Spotify from {} to {}.", title(track), place(*from), place(*to))
            }
            Drift::Removed { track, from } => {
                format!("“{}” was removed from {} in Spotify.", title(track), place(*from))
            }
            Drift::Added { track, to } => format!(
                "“{}” was added to {} in Spotify; it is no release of this week, so it stays as it is.",
                title(track),
                layer(*to)
            ),
        })
        .collect()
}

/// Settles the differences between the signed-in user's board and Spotify: `keep-spotify` (the board follows
/// Spotify: moved cards go where Spotify has them, removed ones to Trash) or `restore-board` (Spotify gets the
/// board's version back). Requires sign-in and the permission to change playlists.
#[server(prefix = "/api", endpoint = "settle_board_changes")]
pub async fn settle_board_changes(style: String, week: String, answer: String) -> Result<(), AppError> {
    use crossfade_domain::{Style, Week};
    use crossfade_library::curation::DriftAnswer;
    let viewer = crate::account::require_viewer()?;
    let style = Style::parse(&style).map_err(|problem| AppError::invalid("style", problem).answer())?;
    let week =
        Week::parse(&week).ok_or_else(|| AppError::invalid("week", "not a Monday written YYYY-MM-DD").answer())?;
    let answer = match answer.as_str() {
        "keep-spotify" => DriftAnswer::KeepSpotify,
        "restore-board" => DriftAnswer::RestoreBoard,
        _ => return Err(AppError::invalid("answer", "the answer is `keep-spotify` or `restore-board`").answer()),
    };
    let library = expect_context::<crossfade_library::Library>();
    crossfade_library::curation::settle_drift(&library, viewer.user_id, style, week, answer)
        .await
        .map_err(|error| super::board_failed("settling a board's changes in Spotify failed", error))?;
    leptos_axum::redirect(&format!("{}?compare=1#changes", super::board_path(style, week)));
    Ok(())
}

#[cfg(feature = "ssr")]
fn card_view(card: crossfade_store::curation::BoardCard) -> CardView {
    let confidence =
        card.match_confidence.map(|confidence| format!(", {:.0} %", confidence * 100.0)).unwrap_or_default();
    let matched = match card.match_method.as_deref() {
        Some("isrc") => "by ISRC".to_owned(),
        Some("manual") => "picked by you".to_owned(),
        _ => format!("by title and artists{confidence}"),
    };
    CardView {
        id: card.release_track_id,
        spotify_id: card.spotify_track_id,
        place: card.place,
        title: card.title,
        mix: card.mix,
        artists: card.artists,
        label: card.label.zip(card.label_key),
        bpm: card.bpm,
        camelot: card
            .key_pitch
            .zip(card.key_mode)
            .and_then(|(pitch, mode)| crossfade_domain::Key::from_numbers(pitch.into(), mode.into()).ok().flatten())
            .map(crossfade_domain::Key::camelot),
        energy: card.energy,
        release_date: card.release_date.map(|date| date.to_string()),
        matched,
        reason: card.reason,
        followed_label: card.followed_label,
    }
}

/// Applies `action` (`send-<category>`, `trash`, `promote`, `back`) to card `card` of the signed-in user's board,
/// on Spotify and on the board, then returns to the board at the next card. Requires sign-in and the permission
/// to change playlists.
#[server(prefix = "/api", endpoint = "act_on_card")]
pub async fn act_on_card(style: String, week: String, card: i64, action: String) -> Result<(), AppError> {
    use crossfade_domain::{Style, Week};
    let viewer = crate::account::require_viewer()?;
    let style = Style::parse(&style).map_err(|problem| AppError::invalid("style", problem).answer())?;
    let week =
        Week::parse(&week).ok_or_else(|| AppError::invalid("week", "not a Monday written YYYY-MM-DD").answer())?;
    let action = BoardAction::parse(&action).ok_or_else(|| AppError::invalid("action", "no such action").answer())?;
    let library = expect_context::<crossfade_library::Library>();
    crossfade_library::curation::act(&library, viewer.user_id, style, week, card, action)
        .await
        .map_err(|error| super::board_failed("a board action failed", error))?;
    leptos_axum::redirect(&format!("{}#bronze", super::board_path(style, week)));
    Ok(())
}

/// Undoes the latest action of the signed-in user's board, on Spotify and on the board. Requires sign-in and the
/// permission to change playlists.
#[server(prefix = "/api", endpoint = "undo_curation")]
pub async fn undo_curation(style: String, week: String) -> Result<(), AppError> {
    use crossfade_domain::{Style, Week};
    let viewer = crate::account::require_viewer()?;
    let style = Style::parse(&style).map_err(|problem| AppError::invalid("style", problem).answer())?;
    let week =
        Week::parse(&week).ok_or_else(|| AppError::invalid("week", "not a Monday written YYYY-MM-DD").answer())?;
    let library = expect_context::<crossfade_library::Library>();
    let acted = crossfade_library::curation::undo_last(&library, viewer.user_id, style, week)
        .await
        .map_err(|error| super::board_failed("undoing a board action failed", error))?;
    leptos_axum::redirect(&format!("{}#card-{}", super::board_path(style, week), acted.release_track_id));
    Ok(())
}

/// Adds the week's releases that came after the period started to its bronze playlist (after the cards there, in
/// the order of the user's taste), on Spotify and on the board. Requires sign-in and the permission to change
/// playlists.
#[server(prefix = "/api", endpoint = "bring_in_late_releases")]
pub async fn bring_in_late_releases(style: String, week: String) -> Result<(), AppError> {
    use crossfade_domain::{Style, Week};
    let viewer = crate::account::require_viewer()?;
    let style = Style::parse(&style).map_err(|problem| AppError::invalid("style", problem).answer())?;
    let week =
        Week::parse(&week).ok_or_else(|| AppError::invalid("week", "not a Monday written YYYY-MM-DD").answer())?;
    let library = expect_context::<crossfade_library::Library>();
    crossfade_library::curation::bring_in_late_releases(&library, viewer.user_id, style, week)
        .await
        .map_err(|error| super::board_failed("adding late releases to a board failed", error))?;
    leptos_axum::redirect(&format!("{}#bronze", super::board_path(style, week)));
    Ok(())
}

#[component]
pub fn CurationBoardPage() -> impl IntoView {
    let params = use_params_map();
    let act = ServerAction::<ActOnCard>::new();
    let undo = ServerAction::<UndoCuration>::new();
    let follow = ServerAction::<FollowLabel>::new();
    let late = ServerAction::<BringInLateReleases>::new();
    let play = ServerAction::<PlayTrack>::new();
    crate::player::look_again_after(move || play.version().get());
    let settle = ServerAction::<SettleBoardChanges>::new();
    let query = leptos_router::hooks::use_query_map();
    // Owned by the page, so the focus survives the board being read again after each action.
    let pending = RwSignal::new(Vec::<i64>::new());
    let focused = RwSignal::new(None::<i64>);
    let data = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("style").unwrap_or_default(),
                params.get("week").unwrap_or_default(),
                query.read().get("compare").is_some_and(|compare| compare == "1"),
                act.version().get(),
                (undo.version().get(), follow.version().get(), late.version().get(), settle.version().get()),
            )
        },
        |(style, week, compare, _, _)| curation_board(style, week, compare),
    );
    // A board read again after an action shows where every card is now: nothing is waiting any more.
    Effect::new(move |_| {
        if data.get().is_some() {
            pending.set(Vec::new());
        }
    });
    let keys = KeyState { pending, focused, follow, play };
    view! {
        <Title text="Curation board" />
        <Transition fallback=|| view! { <p>"Reading the board…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to curate new releases", move |view: BoardView| view! {
                    <Board view act undo late settle keys />
                })
            })}
        </Transition>
    }
}

/// The keys' state, kept across reads of the board.
#[derive(Clone, Copy)]
struct KeyState {
    pending: RwSignal<Vec<i64>>,
    focused: RwSignal<Option<i64>>,
    follow: ServerAction<FollowLabel>,
    play: ServerAction<PlayTrack>,
}

#[component]
fn Board(
    view: BoardView,
    act: ServerAction<ActOnCard>,
    undo: ServerAction<UndoCuration>,
    late: ServerAction<BringInLateReleases>,
    settle: ServerAction<SettleBoardChanges>,
    keys: KeyState,
) -> impl IntoView {
    let here = format!("/curation/{}/{}", view.slug, view.week);
    let compared = view.clone();
    let problem = move || {
        let acted = act.value().get().and_then(|outcome| outcome.err());
        let undone = undo.value().get().and_then(|outcome| outcome.err());
        let brought = late.value().get().and_then(|outcome| outcome.err());
        let played = keys.play.value().get().and_then(|outcome| outcome.err());
        let settled = settle.value().get().and_then(|outcome| outcome.err());
        acted.or(undone).or(brought).or(played).or(settled).map(|error| match error {
            AppError::InvalidInput { message, .. } => message,
            other => other.to_string(),
        })
    };
    let in_place =
        |wanted: fn(&Place) -> bool| view.cards.iter().filter(|card| wanted(&card.place)).cloned().collect::<Vec<_>>();
    let bronze = in_place(|place| *place == Place::Bronze);
    let trashed = in_place(|place| *place == Place::Trashed);
    let status = if view.sorted {
        "Sorted: the bronze playlist is empty.".to_owned()
    } else {
        format!("{} of {} left to sort.", bronze.len(), view.cards.len())
    };
    let context = CardContext {
        slug: view.slug.clone(),
        week: view.week.clone(),
        categories: view.categories.clone(),
        act,
        keys,
        followed_labels: view.followed_labels.clone(),
        may_play: view.may_play,
    };
    // The cards in page order, as the keys walk them.
    let mut ordered: Vec<&CardView> = bronze.iter().collect();
    for (id, _) in &view.categories {
        ordered.extend(view.cards.iter().filter(|card| card.place == Place::Silver(*id)));
        ordered.extend(view.cards.iter().filter(|card| card.place == Place::Golden(*id)));
    }
    ordered.extend(trashed.iter());
    let triage = Triage {
        slug: view.slug.clone(),
        week: view.week.clone(),
        categories: view.categories.iter().map(|(id, _)| *id).collect(),
        cards: ordered
            .into_iter()
            .map(|card| KeyCard { id: card.id, place: card.place, spotify_id: card.spotify_id.clone() })
            .collect(),
        act,
        undo,
        play: view.may_play.then_some(keys.play),
        pending: keys.pending,
        focused: keys.focused,
    };
    let slug = view.slug.clone();
    view! {
        <Title text=format!("{} · {} · Curation", view.name, view.week_name) />
        <p class="kind"><a href="/curation">"Curation"</a> " · " <a href=format!("/curation/{}", view.slug)>{view.name.clone()}</a></p>
        <h1>{format!("{} · {}", view.name, view.week_name)}</h1>
        <p role="status">{status}</p>
        {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        {(!view.may_write).then(|| view! { <super::ConsentNotice here=here.clone() /> })}
        {(view.may_write && !view.may_play).then(|| view! {
            <div class="notice">
                <p>"Listen to a card on your phone, computer or speaker without leaving the board (Spotify Premium)."</p>
                <PlaybackConsent here=here.clone() />
            </div>
        })}
        {move || keys.play.value().get().and_then(|outcome| outcome.ok()).map(|()| view! {
            <p role="status">"Playing on your Spotify device."</p>
        })}
        {(view.late > 0).then(|| { let (slug, week) = (view.slug.clone(), view.week.clone()); view! {
            <div class="notice" role="status">
                <p>{format!(
                    "{} of this week came after you started (pulled later, or matched since).",
                    crate::format::counted(view.late, "new release", "new releases"),
                )}</p>
                <ActionForm action=late>
                    <input type="hidden" name="style" value=slug />
                    <input type="hidden" name="week" value=week />
                    <button type="submit" class="button">"Add them to bronze"</button>
                </ActionForm>
            </div>
        }})}
        <KeyboardTriage triage />
        {view.can_undo.then(|| view! {
            <ActionForm action=undo attr:class="undo">
                <input type="hidden" name="style" value=view.slug.clone() />
                <input type="hidden" name="week" value=view.week.clone() />
                <button type="submit" class="button">"Undo the last action"</button>
            </ActionForm>
        })}
        <section id="bronze" aria-labelledby="bronze-heading">
            <h2 id="bronze-heading">"To sort (bronze)"</h2>
            {if bronze.is_empty() { view! { <p>"Nothing left to sort."</p> }.into_any() } else { view! { <Cards cards=bronze context=context.clone() /> }.into_any() }}
        </section>
        {view.categories.iter().map(|(id, name)| {
            let silver = in_place(|place| matches!(place, Place::Silver(_)));
            let silver: Vec<CardView> = silver.into_iter().filter(|card| card.place == Place::Silver(*id)).collect();
            let golden: Vec<CardView> = view.cards.iter().filter(|card| card.place == Place::Golden(*id)).cloned().collect();
            let more = crate::discover::SeedAddress::Category { style: slug.clone(), name: name.clone() }.path();
            view! {
                <section aria-label=name.clone()>
                    <h2>{name.clone()}</h2>
                    <p><a href=more>{format!("Discover more for {name}")}</a></p>
                    <h3>"Sorted (silver)"</h3>
                    {if silver.is_empty() { view! { <p class="muted">"None yet."</p> }.into_any() } else { view! { <Cards cards=silver context=context.clone() /> }.into_any() }}
                    <h3>"Kept (golden)"</h3>
                    {if golden.is_empty() { view! { <p class="muted">"None yet."</p> }.into_any() } else { view! { <Cards cards=golden context=context.clone() /> }.into_any() }}
                </section>
            }
        }).collect_view()}
        <Changes view=compared settle here=here.clone() />
        <section aria-labelledby="trash-heading">
            <h2 id="trash-heading">"Trash"</h2>
            <p class="muted">"Trashed tracks never come back to your board, in any week."</p>
            {if trashed.is_empty() { view! { <p class="muted">"Empty."</p> }.into_any() } else { view! { <Cards cards=trashed context=context.clone() /> }.into_any() }}
        </section>
    }
}

/// What the user changed in the board's playlists in Spotify, once asked for, with the two ways to settle it; else a
/// link that asks.
#[component]
fn Changes(view: BoardView, settle: ServerAction<SettleBoardChanges>, here: String) -> impl IntoView {
    let Some(changes) = view.changes else {
        return view! {
            <section id="changes" aria-labelledby="changes-heading">
                <h2 id="changes-heading">"Changes in Spotify"</h2>
                <p>
                    "Moved or removed tracks in these playlists in Spotify? "
                    <a href=format!("{here}?compare=1#changes")>"Compare the board with Spotify"</a>
                </p>
            </section>
        }
        .into_any();
    };
    let settles = changes.to_settle > 0;
    let changes = changes.lines;
    let answer = move |code: &'static str, words: &'static str| {
        let (slug, week) = (view.slug.clone(), view.week.clone());
        view! {
            <ActionForm action=settle attr:class="card-action">
                <input type="hidden" name="style" value=slug />
                <input type="hidden" name="week" value=week />
                <input type="hidden" name="answer" value=code />
                <button type="submit" class="button">{words}</button>
            </ActionForm>
        }
    };
    view! {
        <section id="changes" aria-labelledby="changes-heading">
            <h2 id="changes-heading">"Changes in Spotify"</h2>
            {if changes.is_empty() {
                view! { <p role="status">"Spotify's playlists are as the board has them."</p> }.into_any()
            } else {
                view! { <ul>{changes.into_iter().map(|change| view! { <li>{change}</li> }).collect_view()}</ul> }.into_any()
            }}
            {settles.then(|| view! {
                <div class="card-actions">
                    {answer("keep-spotify", "Keep Spotify's version (removed tracks go to Trash)")}
                    {answer("restore-board", "Put the board's version back on Spotify")}
                </div>
            })}
        </section>
    }
    .into_any()
}

/// What every card's buttons need.
#[derive(Clone)]
struct CardContext {
    slug: String,
    week: String,
    categories: Vec<(i64, String)>,
    act: ServerAction<ActOnCard>,
    keys: KeyState,
    followed_labels: Vec<String>,
    may_play: bool,
}

#[component]
fn Cards(cards: Vec<CardView>, context: CardContext) -> impl IntoView {
    view! {
        <ol class="cards">
            {cards.into_iter().map(|card| view! { <Card card context=context.clone() /> }).collect_view()}
        </ol>
    }
}

#[component]
fn Card(card: CardView, context: CardContext) -> impl IntoView {
    let mut actions: Vec<(String, String)> = Vec::new();
    for (index, (id, name)) in context.categories.iter().enumerate() {
        let action = BoardAction::Send(*id);
        if card.place.after(action).is_ok() {
            let key = if index < 9 { format!(" ({})", index + 1) } else { String::new() };
            actions.push((action.code(), format!("{name}{key}")));
        }
    }
    for (action, words) in
        [(BoardAction::Promote, "Promote to golden"), (BoardAction::Trash, "Trash"), (BoardAction::Back, "Back")]
    {
        if card.place.after(action).is_ok() {
            actions.push((action.code(), words.to_owned()));
        }
    }
    let details = [
        card.bpm.map(|bpm| format!("{bpm:.0} BPM")),
        card.camelot.clone(),
        card.energy.map(|energy| format!("energy {:.0} %", energy * 100.0)),
        card.release_date.clone().map(|day| format!("released {day}")),
        Some(format!("matched {}", card.matched)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let title = match &card.mix {
        Some(mix) if !mix.is_empty() => format!("{} ({mix})", card.title),
        _ => card.title.clone(),
    };
    let id = card.id;
    let KeyState { pending, focused, follow, play } = context.keys;
    let board = format!("/curation/{}/{}#card-{id}", context.slug, context.week);
    let follow_button = card.label.clone().map(|(name, key)| {
        let followed = context.followed_labels.contains(&key);
        view! { <FollowLabelButton name followed back=board.clone() action=follow /> }
    });
    let node = NodeRef::<leptos::html::Li>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if focused.get() == Some(id)
            && let Some(element) = node.get()
        {
            let _ = element.focus();
        }
    });
    view! {
        <li
            class="card"
            class:focused=move || focused.get() == Some(id)
            id=format!("card-{id}")
            tabindex="-1"
            node_ref=node
            hidden=move || pending.read().contains(&id)
            on:focus=move |_| focused.set(Some(id))
        >
            <p class="card-title"><strong>{title}</strong></p>
            <p>{card.artists.join(", ")}
                {card.label.clone().map(|(name, key)| view! { " · " <a href=format!("/library/labels/{key}")>{name}</a> })}
                {card.followed_label.then(|| view! { " · " <span class="badge">"followed label"</span> })}
            </p>
            <p class="muted">{details}</p>
            {card.reason.clone().map(|reason| view! { <p class="reason">{reason}</p> })}
            {follow_button}
            <div class="card-play">
                {context.may_play.then(|| view! {
                    <PlayButton spotify_id=card.spotify_id.clone() back=board.clone() action=play />
                })}
                <a href=format!("https://open.spotify.com/track/{}", card.spotify_id) rel="noopener" target="_blank">"Open in Spotify"</a>
            </div>
            <div class="card-actions">
                {actions.into_iter().map(|(code, words)| {
                    let (slug, week) = (context.slug.clone(), context.week.clone());
                    view! {
                    <ActionForm action=context.act attr:class="card-action">
                        <input type="hidden" name="style" value=slug />
                        <input type="hidden" name="week" value=week />
                        <input type="hidden" name="card" value=card.id.to_string() />
                        <input type="hidden" name="action" value=code />
                        <button type="submit" class="button">{words}</button>
                    </ActionForm>
                    }
                }).collect_view()}
            </div>
        </li>
    }
}
