//! The history dashboard's sections: the calendar of days and the months, the hour of day × weekday grid, the tops,
//! skips, sessions with streaks, and discoveries. Charts are SVG drawn on the server, each with its numbers in a
//! table, so they show without JavaScript and read out to screen readers.

use crossfade_domain::{Day, Listened, ListeningReport, Period, TrackCollection};
use leptos::prelude::*;

use super::charts::Columns;
use super::figures::Cards;
use crate::drawn::{Drawing, Drawn, chart_id};
use crate::format;

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// A calendar cell and the gap after it, in SVG units.
const CELL: f64 = 10.0;
const GAP: f64 = 2.0;
/// Room left of the calendar and the grid for the weekday letters.
const LEFT: f64 = 14.0;

/// How strongly a cell is shaded: a share of the largest value, never so faint that a listened day looks empty.
fn shade(value: u64, largest: u64) -> String {
    if value == 0 || largest == 0 {
        "0".to_owned()
    } else {
        format!("{:.2}", 0.15 + 0.85 * value as f64 / largest as f64)
    }
}

/// What a period's time reads as, with its plays: "1 h 05 min, 14 plays".
fn amount(period: &Period) -> String {
    format!("{}, {}", format::listening_time(period.ms as i64), format::counted(period.plays as i64, "play", "plays"))
}

/// What ECharts shows in a cell's tooltip: whole minutes (rounded up, so a day with any time is not shaded as
/// empty), or plays when no time is known.
fn drawn_value(timed: bool, plays: u64, ms: u64) -> u64 {
    if timed { ms.div_ceil(60_000) } else { plays }
}

/// Whether the range's time is known at all; otherwise charts shade by plays (plays only recently played saw).
fn by_time(report: &ListeningReport) -> bool {
    report.totals.ms > 0
}

#[component]
pub(super) fn Calendar(report: ListeningReport) -> AnyView {
    let timed = by_time(&report);
    let value = move |period: &Period| if timed { period.ms } else { period.plays };
    let largest = report.days.iter().map(value).max().unwrap_or(0);
    let mut years: Vec<u16> = report.days.iter().filter_map(|day| Day::parse(&day.label)).map(Day::year).collect();
    years.dedup();
    let calendars = years
        .into_iter()
        .rev()
        .map(|year| {
            let days: Vec<(Day, &Period)> = report
                .days
                .iter()
                .filter_map(|period| Day::parse(&period.label).map(|day| (day, period)))
                .filter(|(day, _)| day.year() == year)
                .collect();
            let listened = days.iter().filter(|(_, period)| period.plays > 0).count();
            let first = Day::parse(&format!("{year:04}-01-01")).map_or(0, Day::epoch_day);
            let offset = Day::from_epoch_day(first).map_or(0, |day| i64::from(day.weekday()));
            let last = Day::parse(&format!("{year:04}-12-31")).map_or(first, Day::epoch_day);
            let width = LEFT + 54.0 * (CELL + GAP);
            let height = 7.0 * (CELL + GAP);
            let cells = (first..=last)
                .filter_map(Day::from_epoch_day)
                .map(|day| {
                    let index = day.epoch_day() - first + offset;
                    let (x, y) = (LEFT + (index / 7) as f64 * (CELL + GAP), f64::from(day.weekday()) * (CELL + GAP));
                    let heard = days.iter().find(|(known, _)| *known == day).map(|(_, period)| *period);
                    match heard {
                        Some(period) => view! {
                            <rect x=x.to_string() y=y.to_string() width=CELL.to_string() height=CELL.to_string()
                                class="heard" fill-opacity=shade(value(period), largest)>
                                <title>{format!("{day}: {}", amount(period))}</title>
                            </rect>
                        }
                        .into_any(),
                        None => view! {
                            <rect x=x.to_string() y=y.to_string() width=CELL.to_string() height=CELL.to_string()
                                class="quiet" />
                        }
                        .into_any(),
                    }
                })
                .collect_view();
            let drawing = Drawing::Calendar {
                year,
                days: days.iter().map(|(day, period)| (day.to_string(), drawn_value(timed, period.plays, period.ms))).collect(),
                series: if timed { "Minutes listened".to_owned() } else { "Plays".to_owned() },
            };
            let label = format!("Calendar of {year}: plays on {listened} days. The months table has the numbers.");
            let drawn = view! { <Drawn id=chart_id(&format!("calendar {year}")) label drawing /> };
            view! {
                <figure class="chart calendar">
                    <figcaption>{year.to_string()}</figcaption>
                    <svg viewBox=format!("0 0 {width} {height}") role="img"
                        aria-label=format!("Calendar of {year}: plays on {listened} days. The months table has the numbers.")>
                        {["M", "", "W", "", "F", "", "S"]
                            .into_iter()
                            .enumerate()
                            .map(|(row, letter)| view! {
                                <text class="axis" x="0" y=format!("{:.1}", row as f64 * (CELL + GAP) + CELL - 1.0)>{letter}</text>
                            })
                            .collect_view()}
                        {cells}
                    </svg>
                    {drawn}
                </figure>
            }
        })
        .collect_view();
    let months = report.months.clone();
    let month_columns: Vec<(String, u64)> =
        months.iter().map(|month| (month.label.clone(), if timed { month.ms / 60_000 } else { month.plays })).collect();
    view! {
        <section class="insight-section" aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">"When you listened"</h2>
            <p class="muted">
                {if timed { "Darker days are days with more time listened." } else { "Darker days are days with more plays." }}
            </p>
            <div class="calendars">{calendars}</div>
            <div class="chart-grid">
                <Columns
                    title={if timed { "Minutes per month".to_owned() } else { "Plays per month".to_owned() }}
                    columns=month_columns
                    label_heading="Month"
                    value_heading={if timed { "Minutes" } else { "Plays" }}
                />
                <PeriodTable caption="Years" periods=report.years.clone() />
            </div>
            <details>
                <summary>"Every month"</summary>
                <PeriodTable caption="Months" periods=months />
            </details>
        </section>
    }
    .into_any()
}

#[component]
fn PeriodTable(caption: &'static str, periods: Vec<Period>) -> AnyView {
    view! {
        <div class="table-scroll">
            <table class="library-table compact">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Period"</th>
                        <th scope="col" class="number">"Time"</th>
                        <th scope="col" class="number">"Plays"</th>
                        <th scope="col" class="number">"Skips"</th>
                        <th scope="col" class="number">"Podcasts"</th>
                    </tr>
                </thead>
                <tbody>
                    {periods
                        .into_iter()
                        .map(|period| view! {
                            <tr>
                                <th scope="row">{period.label.clone()}</th>
                                <td class="number">{format::listening_time(period.ms as i64)}</td>
                                <td class="number">{format::count(period.plays as i64)}</td>
                                <td class="number">{format::count(period.skips as i64)}</td>
                                <td class="number">{format::listening_time(period.episode_ms as i64)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Hours of the day across, weekdays down, shaded by time listened (UTC).
#[component]
pub(super) fn WeekGrid(report: ListeningReport) -> AnyView {
    let timed = by_time(&report);
    let value = move |plays: u64, ms: u64| if timed { ms } else { plays };
    let largest = report.hours_of_week.iter().map(|cell| value(cell.plays, cell.ms)).max().unwrap_or(0);
    let busiest = report
        .hours_of_week
        .iter()
        .max_by_key(|cell| (value(cell.plays, cell.ms), std::cmp::Reverse((cell.weekday, cell.hour))))
        .filter(|cell| value(cell.plays, cell.ms) > 0)
        .map(|cell| format!(" The busiest hour is {} {:02}:00.", WEEKDAYS[usize::from(cell.weekday)], cell.hour));
    let width = LEFT + 24.0 * (CELL + GAP);
    let height = 7.0 * (CELL + GAP) + CELL;
    let cells = report
        .hours_of_week
        .iter()
        .map(|cell| {
            let (x, y) = (LEFT + f64::from(cell.hour) * (CELL + GAP), f64::from(cell.weekday) * (CELL + GAP));
            view! {
                <rect x=x.to_string() y=y.to_string() width=CELL.to_string() height=CELL.to_string()
                    class={if cell.plays > 0 { "heard" } else { "quiet" }}
                    fill-opacity=shade(value(cell.plays, cell.ms), largest)>
                    <title>{format!(
                        "{} {:02}:00: {}, {}",
                        WEEKDAYS[usize::from(cell.weekday)],
                        cell.hour,
                        format::listening_time(cell.ms as i64),
                        format::counted(cell.plays as i64, "play", "plays"),
                    )}</title>
                </rect>
            }
        })
        .collect_view();
    let rows = (0..7usize)
        .map(|weekday| {
            let hours: Vec<String> = report.hours_of_week[weekday * 24..weekday * 24 + 24]
                .iter()
                .map(|cell| if timed { (cell.ms / 60_000).to_string() } else { cell.plays.to_string() })
                .collect();
            view! {
                <tr>
                    <th scope="row">{WEEKDAYS[weekday]}</th>
                    {hours.into_iter().map(|value| view! { <td class="number">{value}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let label = format!(
        "{} by weekday and hour (UTC).{}",
        if timed { "Time listened" } else { "Plays" },
        busiest.clone().unwrap_or_default()
    );
    let drawing = Drawing::WeekGrid {
        cells: report
            .hours_of_week
            .iter()
            .map(|cell| (cell.weekday, cell.hour, drawn_value(timed, cell.plays, cell.ms)))
            .collect(),
        series: if timed { "Minutes listened".to_owned() } else { "Plays".to_owned() },
    };
    let drawn = view! { <Drawn id=chart_id("hours of the week") label=label.clone() drawing /> }.into_any();
    let picture = view! {
        <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=label>
            {["M", "T", "W", "T", "F", "S", "S"]
                .into_iter()
                .enumerate()
                .map(|(row, letter)| view! {
                    <text class="axis" x="0" y=format!("{:.1}", row as f64 * (CELL + GAP) + CELL - 1.0)>{letter}</text>
                })
                .collect_view()}
            {[0u8, 6, 12, 18]
                .into_iter()
                .map(|hour| view! {
                    <text class="axis" x=(LEFT + f64::from(hour) * (CELL + GAP)).to_string() y=(height - 1.0).to_string()>
                        {format!("{hour:02}")}
                    </text>
                })
                .collect_view()}
            {cells}
        </svg>
    }
    .into_any();
    let numbers = view! {
        <details>
            <summary>"Numbers"</summary>
            <div class="table-scroll">
                <table class="library-table compact">
                    <caption>{if timed { "Minutes listened by weekday and hour (UTC)" } else { "Plays by weekday and hour (UTC)" }}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Day"</th>
                            {(0..24).map(|hour| view! { <th scope="col" class="number">{format!("{hour:02}")}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any();
    view! {
        <section class="insight-section" aria-labelledby="week-heading">
            <h2 id="week-heading">"Hours of the week"</h2>
            <figure class="chart week-grid">{picture}{drawn}{numbers}</figure>
        </section>
    }
    .into_any()
}

/// A compact date for a first or last play.
fn day_text(at: Option<i64>) -> String {
    at.and_then(Day::containing).map_or_else(|| "–".to_owned(), |day| day.to_string())
}

/// Where an entry leads: a track's page, or the insights of an artist, album, genre or label.
fn entry_href(kind: &str, entry: &Listened) -> Option<String> {
    if entry.key.is_empty() {
        return None;
    }
    if kind == "track" {
        return crossfade_domain::SpotifyId::parse(&entry.key)
            .ok()
            .map(|id| format!("/library/tracks/{}", id.as_str()));
    }
    TrackCollection::parse(&format!("{kind}:{}", entry.key)).ok().map(|collection| collection.href())
}

#[component]
fn ListenedTable(
    title: &'static str,
    kind: &'static str,
    entries: Vec<Listened>,
    #[prop(optional)] skips: bool,
    #[prop(optional)] note: &'static str,
) -> AnyView {
    let dated = matches!(kind, "track" | "artist");
    let id = format!("{}-{}", title.to_lowercase().replace(' ', "-"), kind);
    view! {
        <div class="insight-list">
            <h3 id=id.clone()>{title}</h3>
            {(!note.is_empty()).then(|| view! { <p class="muted">{note}</p> })}
            {if entries.is_empty() {
                view! { <p class="muted">"None in this range."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="library-table compact" aria-labelledby=id>
                            <thead>
                                <tr>
                                    <th scope="col" class="number">"#"</th>
                                    <th scope="col">"Name"</th>
                                    <th scope="col" class="number">"Plays"</th>
                                    {if skips {
                                        view! {
                                            <th scope="col" class="number">"Skips"</th>
                                            <th scope="col" class="number">"Skip rate"</th>
                                        }.into_any()
                                    } else {
                                        view! { <th scope="col" class="number">"Time"</th> }.into_any()
                                    }}
                                    {dated.then(|| view! {
                                        <th scope="col">"First heard"</th>
                                        <th scope="col">"Last heard"</th>
                                    })}
                                </tr>
                            </thead>
                            <tbody>
                                {entries
                                    .into_iter()
                                    .enumerate()
                                    .map(|(index, entry)| {
                                        let href = entry_href(kind, &entry);
                                        let name = entry.name.clone();
                                        view! {
                                            <tr>
                                                <td class="number">{index + 1}</td>
                                                <td>
                                                    {match href {
                                                        Some(href) => view! { <a href=href>{name}</a> }.into_any(),
                                                        None => view! { <span>{name}</span> }.into_any(),
                                                    }}
                                                    {entry.detail.clone().map(|detail| view! { <span class="muted">" · "{detail}</span> })}
                                                </td>
                                                <td class="number">{format::count(entry.plays as i64)}</td>
                                                {if skips {
                                                    view! {
                                                        <td class="number">{format::count(entry.skips as i64)}</td>
                                                        <td class="number">{format::percent(entry.skips, entry.plays)}</td>
                                                    }.into_any()
                                                } else {
                                                    view! { <td class="number">{format::listening_time(entry.ms as i64)}</td> }.into_any()
                                                }}
                                                {dated.then(|| view! {
                                                    <td>{day_text(entry.first_played)}</td>
                                                    <td>{day_text(entry.last_played)}</td>
                                                })}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </div>
    }
    .into_any()
}

#[component]
pub(super) fn Tops(report: ListeningReport) -> AnyView {
    view! {
        <section class="insight-section" aria-labelledby="tops-heading">
            <h2 id="tops-heading">"Most played"</h2>
            <div class="insight-lists wide">
                <ListenedTable title="Top tracks" kind="track" entries=report.top_tracks />
                <ListenedTable title="Top artists" kind="artist" entries=report.top_artists />
                <ListenedTable title="Top albums" kind="album" entries=report.top_albums />
                <ListenedTable title="Top genres" kind="genre" entries=report.top_genres
                    note="A genre counts the plays of its subgenres." />
                <ListenedTable title="Top labels" kind="label" entries=report.top_labels />
            </div>
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn Skips(report: ListeningReport) -> AnyView {
    let columns: Vec<(String, u64)> = report
        .skips_by_hour
        .iter()
        .map(|hour| (format!("{:02}:00", hour.hour), hour.rate().map_or(0, |rate| (rate * 100.0).round() as u64)))
        .collect();
    view! {
        <section class="insight-section" aria-labelledby="skips-heading">
            <h2 id="skips-heading">"Skips"</h2>
            <p class="muted">
                {format!("You skipped {} of your plays in this range.", format::percent(report.totals.skips, report.totals.plays))}
            </p>
            <div class="chart-grid">
                <Columns title="Skip rate by hour (%, UTC)".to_owned() columns label_heading="Hour" value_heading="Skip rate (%)" />
            </div>
            <div class="insight-lists wide">
                <ListenedTable title="Most skipped" kind="track" entries=report.skipped_tracks skips=true
                    note="Tracks played at least three times." />
                <ListenedTable title="Most skipped" kind="artist" entries=report.skipped_artists skips=true
                    note="Artists played at least three times." />
            </div>
        </section>
    }
    .into_any()
}

fn moment_text(at: i64) -> String {
    let text = crossfade_domain::instant_text(at);
    // "2024-03-12T14:05:09Z" → "2024-03-12 14:05".
    text.get(..16).map_or(text.clone(), |shown| shown.replace('T', " "))
}

#[component]
pub(super) fn Sessions(report: ListeningReport) -> AnyView {
    let sessions = report.sessions;
    let streak_text = |streak: Option<crossfade_domain::Streak>| {
        streak.map_or_else(
            || "–".to_owned(),
            |streak| {
                format!("{} ({} to {})", format::counted(streak.days as i64, "day", "days"), streak.from, streak.to)
            },
        )
    };
    let cards = [
        ("Sessions", format::count(sessions.count as i64)),
        (
            "Average session",
            sessions.mean_seconds.map_or_else(|| "–".to_owned(), |mean| format::listening_time((mean * 1000.0) as i64)),
        ),
        ("Longest streak", streak_text(report.streaks.longest)),
        ("Latest streak", streak_text(report.streaks.latest)),
    ];
    view! {
        <section class="insight-section" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Sessions and streaks"</h2>
            <p class="muted">"A session ends when more than 30 minutes pass without a song; a streak counts days in a row with plays."</p>
            <Cards cards=cards.to_vec() />
            {(!sessions.longest.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="library-table compact">
                        <caption>"Longest sessions (UTC)"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Started"</th>
                                <th scope="col">"Ended"</th>
                                <th scope="col" class="number">"Length"</th>
                                <th scope="col" class="number">"Plays"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {sessions
                                .longest
                                .into_iter()
                                .map(|session| view! {
                                    <tr>
                                        <td>{moment_text(session.started)}</td>
                                        <td>{moment_text(session.ended)}</td>
                                        <td class="number">{format::listening_time(session.seconds() * 1000)}</td>
                                        <td class="number">{format::count(i64::from(session.plays))}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
    .into_any()
}

#[component]
pub(super) fn Discoveries(report: ListeningReport) -> AnyView {
    let columns: Vec<(String, u64)> =
        report.discoveries.iter().map(|month| (month.month.clone(), month.tracks)).collect();
    let rows = report.discoveries.clone();
    view! {
        <section class="insight-section" aria-labelledby="discoveries-heading">
            <h2 id="discoveries-heading">"Discoveries"</h2>
            <p class="muted">"Tracks and artists you heard for the first time, by month."</p>
            {if rows.is_empty() {
                view! { <p class="muted">"Nothing new in this range."</p> }.into_any()
            } else {
                view! {
                    <div class="chart-grid">
                        <Columns title="New tracks per month".to_owned() columns label_heading="Month" value_heading="New tracks" />
                        <div class="table-scroll">
                            <table class="library-table compact">
                                <caption>"New tracks and artists"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Month"</th>
                                        <th scope="col" class="number">"Tracks"</th>
                                        <th scope="col" class="number">"Artists"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|month| view! {
                                            <tr>
                                                <th scope="row">{month.month}</th>
                                                <td class="number">{format::count(month.tracks as i64)}</td>
                                                <td class="number">{format::count(month.artists as i64)}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}
