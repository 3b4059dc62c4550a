//! The visual rule builder. Without JavaScript it is one plain form: "Add condition", "Add group", "Remove", "Add
//! rule set", the sort keys' buttons and "Update" (after changing a field or an operator) are submit buttons that
//! post the whole rule; the server applies the edit to the form (crates/domain/src/rules/form.rs), keeps it as
//! unsaved work and shows it again with every problem beside its row. "Save rule" saves it when it has none. With
//! JavaScript the same form posts in place, a changed field or operator updates its row at once, and typing asks
//! for a fresh preview after a pause.

use crossfade_domain::{FormEdit, RowForm, RuleForm, SetForm, SortForm};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::Choice;
use super::page::ShownProblem;
use super::preview::PreviewView;
use crate::AppError;

/// One row as the form posts it (with the set it belongs to).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostedRow {
    pub set: usize,
    pub depth: u8,
    pub kind: String,
    pub field: String,
    pub op: String,
    pub value: String,
    pub value2: String,
    pub unit: String,
    pub source: String,
    pub window_count: String,
    pub window_unit: String,
}

/// A set's settings as the form posts them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostedSet {
    /// Checked sources (the form numbers them, so unchecked ones leave gaps).
    pub sources: Vec<String>,
    pub order: String,
    pub sort: Vec<SortForm>,
    pub limit_amount: String,
    pub limit_unit: String,
}

/// The rule's own settings as the form posts them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostedRule {
    pub combine: String,
    pub dedupe: String,
    pub per_artist: String,
    pub separation: String,
    pub limit_amount: String,
    pub limit_unit: String,
}

/// The whole builder as posted: flat enough for a plain form's field names (`builder[rows][3][field]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BuilderPost {
    pub rows: Vec<PostedRow>,
    pub sets: Vec<PostedSet>,
    pub rule: PostedRule,
}

#[cfg(feature = "ssr")]
impl BuilderPost {
    /// The form it posts.
    pub fn into_form(self) -> RuleForm {
        let count = self.sets.len().max(self.rows.iter().map(|row| row.set + 1).max().unwrap_or(0)).max(1);
        let mut sets: Vec<SetForm> = (0..count)
            .map(|index| {
                let head = self.sets.get(index).cloned().unwrap_or_default();
                SetForm {
                    sources: head.sources.into_iter().filter(|source| !source.is_empty()).collect(),
                    rows: Vec::new(),
                    order: head.order,
                    sort: head.sort,
                    limit: crossfade_domain::LimitForm { amount: head.limit_amount, unit: head.limit_unit },
                }
            })
            .collect();
        for row in self.rows {
            sets[row.set.min(count - 1)].rows.push(RowForm {
                depth: row.depth,
                kind: row.kind,
                field: row.field,
                op: row.op,
                value: row.value,
                value2: row.value2,
                unit: row.unit,
                source: row.source,
                window_count: row.window_count,
                window_unit: row.window_unit,
            });
        }
        RuleForm {
            sets,
            combine: self.rule.combine,
            dedupe: self.rule.dedupe,
            per_artist: self.rule.per_artist,
            separation: self.rule.separation,
            limit: crossfade_domain::LimitForm { amount: self.rule.limit_amount, unit: self.rule.limit_unit },
        }
    }
}

/// Keeps `form` as the smart playlist's unsaved work (with what an import left out, until saved).
#[cfg(feature = "ssr")]
async fn keep_draft(
    user_id: i64,
    smart: &crossfade_store::smart_playlists::SmartPlaylist,
    form: &RuleForm,
) -> Result<(), AppError> {
    let pool = expect_context::<sqlx::PgPool>();
    let draft = serde_json::to_string(&form.to_json().0).unwrap_or_default();
    crossfade_store::smart_playlists::save_draft(&pool, user_id, smart.id, Some(&draft), &smart.import_notes)
        .await
        .map(drop)
        .map_err(|error| crate::error::internal("keeping the rule being built failed", &error))
}

/// The builder's submit: makes the edit its button names (`edit`) and keeps the result as unsaved work; "save"
/// saves the rule when it has no problems, "discard" drops the unsaved work. Answers whether the rule was saved.
#[server(prefix = "/api", endpoint = "edit_smart_rule")]
pub async fn edit_smart_rule(id: i64, builder: BuilderPost, edit: Option<String>) -> Result<bool, AppError> {
    let (viewer, smart) = super::owned(id).await?;
    let pool = expect_context::<sqlx::PgPool>();
    let mut form = builder.into_form();
    match edit.as_deref() {
        Some("discard") => {
            crossfade_store::smart_playlists::save_draft(&pool, viewer.user_id, id, None, &[])
                .await
                .map_err(|error| crate::error::internal("dropping the unsaved rule failed", &error))?;
            Ok(false)
        }
        Some("save") => {
            form.apply(None);
            match form.rules() {
                Ok(rules) => {
                    let settings = crossfade_store::smart_playlists::Settings {
                        name: &smart.name,
                        rules: &rules,
                        target: smart.target,
                        playlist_id: smart.playlist_id.as_deref(),
                        schedule: smart.schedule,
                    };
                    let now = time::OffsetDateTime::now_utc();
                    if let Err(error) =
                        crossfade_library::smart_playlists::save(&pool, viewer.user_id, Some(id), &settings, now).await
                    {
                        keep_draft(viewer.user_id, &smart, &form).await?;
                        return Err(super::smart_failed("saving the rule failed", error));
                    }
                    Ok(true)
                }
                Err(problems) => {
                    keep_draft(viewer.user_id, &smart, &form).await?;
                    let count = problems.len();
                    Err(AppError::invalid(
                        "rule",
                        format!(
                            "The rule was not saved: it has {} to fix, shown beside {}.",
                            crate::format::counted(count as i64, "problem", "problems"),
                            if count == 1 { "its condition" } else { "their conditions" }
                        ),
                    )
                    .answer())
                }
            }
        }
        other => {
            form.apply(other.and_then(FormEdit::parse));
            keep_draft(viewer.user_id, &smart, &form).await?;
            Ok(false)
        }
    }
}

/// What the live preview shows while typing: the preview, or the rule's problems.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveAnswer {
    pub preview: Option<PreviewView>,
    pub problems: Vec<ShownProblem>,
}

/// The builder's fields as typed (`form`, the form's URL-encoded body), previewed with `seed` and kept as unsaved
/// work, so nothing typed is lost.
#[server(prefix = "/api", endpoint = "preview_smart_draft")]
pub async fn preview_smart_draft(id: i64, form: String, seed: String) -> Result<LiveAnswer, AppError> {
    #[derive(Deserialize)]
    struct Posted {
        #[serde(default)]
        builder: BuilderPost,
    }
    let (viewer, smart) = super::owned(id).await?;
    let posted: Posted = serde_qs::Config::new(5, false).deserialize_str(&form).map_err(|error| {
        AppError::invalid("form", format!("the builder's fields could not be read: {error}")).answer()
    })?;
    let form = posted.builder.into_form();
    keep_draft(viewer.user_id, &smart, &form).await?;
    let seed = seed.parse::<u64>().unwrap_or_else(|_| rand::random());
    match form.rules() {
        Ok(rules) => {
            let pool = expect_context::<sqlx::PgPool>();
            let preview = crossfade_library::smart_playlists::preview(
                &pool,
                viewer.user_id,
                &rules,
                seed,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .map_err(|error| super::smart_failed("previewing the rule failed", error))?;
            Ok(LiveAnswer { preview: Some(PreviewView::from(preview)), problems: Vec::new() })
        }
        Err(problems) => Ok(LiveAnswer {
            preview: None,
            problems: problems
                .into_iter()
                .map(|(row, problem)| ShownProblem {
                    set: row.map(|(set, _)| set),
                    row: row.map(|(_, row)| row),
                    path: problem.path,
                    message: problem.message,
                })
                .collect(),
        }),
    }
}

/// The names of a row's fields in the posted form.
fn row_name(index: usize, part: &str) -> String {
    format!("builder[rows][{index}][{part}]")
}

#[component]
pub fn Builder(
    id: i64,
    form: RuleForm,
    problems: Vec<ShownProblem>,
    unsaved: bool,
    import_notes: Vec<String>,
    readable: Vec<Choice>,
    smart: Vec<Choice>,
    edit: ServerAction<EditSmartRule>,
    live: RwSignal<Option<PreviewView>>,
) -> impl IntoView {
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let outcome = move || match edit.value().get() {
        Some(Ok(true)) => Some(("notice", "Saved.".to_owned())),
        Some(Err(AppError::InvalidInput { message, .. })) => Some(("form-error", message)),
        Some(Err(other)) => Some(("form-error", other.to_string())),
        _ => None,
    };
    let sets_count = form.sets.len();
    let mut next_row = 0usize;
    let sets = form
        .sets
        .iter()
        .enumerate()
        .map(|(set_index, set)| {
            let first_row = next_row;
            next_row += set.rows.len();
            view! {
                <SetFields
                    set_index
                    set=set.clone()
                    first_row
                    problems=problems.clone()
                    readable=readable.clone()
                    smart=smart.clone()
                    removable={sets_count > 1}
                    form_ref
                />
            }
        })
        .collect_view();
    let rule_problems: Vec<String> = problems
        .iter()
        .filter(|problem| problem.set.is_none())
        .map(|problem| format!("{}: {}", problem.path, problem.message))
        .collect();
    let on_input = move |_| schedule_live_preview(id, form_ref, live);
    view! {
        <section aria-labelledby="rule-heading" class="rule-builder">
            <h2 id="rule-heading">"Rule"</h2>
            {unsaved.then(|| view! {
                <p class="notice">
                    "You have unsaved changes to this rule. Save it to use it, or discard them to go back to the saved rule."
                </p>
            })}
            {(!import_notes.is_empty()).then(|| view! {
                <div class="notice">
                    <p>"The import left these parts out, as they have no equivalent here:"</p>
                    <ul>{import_notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul>
                </div>
            })}
            <ActionForm action=edit node_ref=form_ref attr:class="rule-form" on:input=on_input>
                <input type="hidden" name="id" value=id.to_string() />
                {sets}
                <fieldset class="rule-settings">
                    <legend>"After matching"</legend>
                    {(sets_count > 1).then(|| view! {
                        <label>
                            "Combine the sets "
                            <select name="builder[rule][combine]">
                                <option value="concatenate" selected=form.combine != "alternate">"one after the other"</option>
                                <option value="alternate" selected=form.combine == "alternate">"taking turns"</option>
                            </select>
                        </label>
                    })}
                    {(sets_count <= 1).then(|| view! { <input type="hidden" name="builder[rule][combine]" value=form.combine.clone() /> })}
                    <label>
                        "Count as the same track "
                        <select name="builder[rule][dedupe]">
                            <option value="id" selected=form.dedupe != "isrc">"the same Spotify track"</option>
                            <option value="isrc" selected=form.dedupe == "isrc">"the same recording (ISRC)"</option>
                        </select>
                    </label>
                    <label>
                        "At most "
                        <input
                            class="short"
                            name="builder[rule][per_artist]"
                            value=form.per_artist.clone()
                            inputmode="numeric"
                            aria-label="At most this many tracks per artist"
                        />
                        " per artist"
                    </label>
                    <label>
                        "At least "
                        <input
                            class="short"
                            name="builder[rule][separation]"
                            value=form.separation.clone()
                            inputmode="numeric"
                            aria-label="At least this many other tracks between two by one artist"
                        />
                        " other tracks between two by one artist"
                    </label>
                    <LimitFields
                        prefix="builder[rule]".to_owned()
                        amount=form.limit.amount.clone()
                        unit=form.limit.unit.clone()
                        label="Limit the playlist to"
                    />
                    {(!rule_problems.is_empty()).then(|| view! {
                        <ul class="form-error">{rule_problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                    })}
                </fieldset>
                <div class="rule-actions">
                    <button type="submit" name="edit" value=FormEdit::AddSet.button() class="button secondary">"Add rule set"</button>
                    <button type="submit" name="edit" value="update" class="button secondary">"Update preview"</button>
                    <button type="submit" name="edit" value="save" class="button">"Save rule"</button>
                    {unsaved.then(|| view! {
                        <button type="submit" name="edit" value="discard" class="button secondary">"Discard changes"</button>
                    })}
                </div>
            </ActionForm>
            {move || outcome().map(|(class, message)| view! { <p class=class role="status">{message}</p> })}
        </section>
    }
}

/// Asks for a fresh preview of what is typed, after a pause (browser only).
fn schedule_live_preview(id: i64, form_ref: NodeRef<leptos::html::Form>, live: RwSignal<Option<PreviewView>>) {
    #[cfg(feature = "hydrate")]
    {
        use std::cell::Cell;
        thread_local! {
            static PENDING: Cell<u32> = const { Cell::new(0) };
        }
        let ticket = PENDING.with(|pending| {
            pending.set(pending.get().wrapping_add(1));
            pending.get()
        });
        set_timeout(
            move || {
                if PENDING.with(Cell::get) != ticket {
                    return;
                }
                // The builder may have been drawn again since (a structural edit): then this pause is over.
                let Some(form) = form_ref.try_get_untracked().flatten() else { return };
                let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
                let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
                let body: String = params.to_string().into();
                let seed = document_seed();
                leptos::task::spawn_local(async move {
                    if let Ok(answer) = preview_smart_draft(id, body, seed).await
                        && PENDING.with(Cell::get) == ticket
                    {
                        let _ = live.try_set(answer.preview);
                    }
                });
            },
            std::time::Duration::from_millis(400),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, form_ref, live);
}

/// The seed the page's preview was made with (kept in the apply form).
#[cfg(feature = "hydrate")]
fn document_seed() -> String {
    document()
        .query_selector("input[name=seed]")
        .ok()
        .flatten()
        .and_then(|input| input.get_attribute("value"))
        .unwrap_or_default()
}

/// Submits the builder as a plain update (a changed field or operator re-renders its row).
fn update_now(form_ref: NodeRef<leptos::html::Form>) {
    #[cfg(feature = "hydrate")]
    if let Some(form) = form_ref.try_get_untracked().flatten() {
        let _ = form.request_submit();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = form_ref;
}

#[component]
fn SetFields(
    set_index: usize,
    set: SetForm,
    first_row: usize,
    problems: Vec<ShownProblem>,
    readable: Vec<Choice>,
    smart: Vec<Choice>,
    removable: bool,
    form_ref: NodeRef<leptos::html::Form>,
) -> impl IntoView {
    let prefix = format!("builder[sets][{set_index}]");
    let has = |source: &str| set.sources.iter().any(|chosen| chosen == source);
    let fixed = [("library", "The whole library"), ("liked", "Liked songs"), ("history", "Played (your history)")];
    let mut slot = 0usize;
    let mut source_box = |value: String, label: String, checked: bool| {
        let name = format!("{prefix}[sources][{slot}]");
        slot += 1;
        view! {
            <label class="check">
                <input type="checkbox" name=name value=value checked=checked />
                {label}
            </label>
        }
    };
    let fixed_boxes = fixed
        .iter()
        .map(|(value, label)| source_box((*value).to_owned(), (*label).to_owned(), has(value)))
        .collect_view();
    let playlist_boxes = readable
        .iter()
        .chain(smart.iter())
        .map(|choice| source_box(choice.value.clone(), choice.name.clone(), has(&choice.value)))
        .collect_view();
    let set_problems: Vec<String> = problems
        .iter()
        .filter(|problem| problem.set == Some(set_index) && problem.row.is_none())
        .map(|problem| format!("{}: {}", problem.path, problem.message))
        .collect();
    let rows = set
        .rows
        .iter()
        .enumerate()
        .map(|(row_index, row)| {
            let messages: Vec<String> = problems
                .iter()
                .filter(|problem| problem.set == Some(set_index) && problem.row == Some(row_index))
                .map(|problem| problem.message.clone())
                .collect();
            view! {
                <Row
                    set_index
                    row_index
                    index=first_row + row_index
                    row=row.clone()
                    messages
                    readable=readable.clone()
                    smart=smart.clone()
                    form_ref
                />
            }
        })
        .collect_view();
    let random = set.order == "random";
    let sort_keys = set
        .sort
        .iter()
        .enumerate()
        .map(|(key_index, key)| {
            let field_name = format!("{prefix}[sort][{key_index}][field]");
            let order_name = format!("{prefix}[sort][{key_index}][order]");
            view! {
                <div class="sort-key">
                    <label>
                        {if key_index == 0 { "By " } else { "Then by " }}
                        <select name=field_name aria-label=format!("Sort key {}", key_index + 1)>
                            {crossfade_domain::Field::ALL
                                .into_iter()
                                .filter(|field| field.is_sortable())
                                .map(|field| view! {
                                    <option value=field.code() selected=key.field == field.code()>{field.label()}</option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <select name=order_name aria-label=format!("Sort key {}: direction", key_index + 1)>
                        <option value="asc" selected=key.order != "desc">"ascending"</option>
                        <option value="desc" selected=key.order == "desc">"descending"</option>
                    </select>
                    <button type="submit" name="edit" value=FormEdit::RemoveSortKey { set: set_index, key: key_index }.button() class="button secondary small">
                        "Remove"
                    </button>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="rule-set">
            <legend>{format!("Rule set {}", set_index + 1)}</legend>
            <fieldset class="sources">
                <legend>"Take tracks from"</legend>
                {fixed_boxes}
                {(slot > 3 || !readable.is_empty() || !smart.is_empty()).then(|| view! {
                    <details>
                        <summary>"Playlists"</summary>
                        {playlist_boxes}
                    </details>
                })}
            </fieldset>
            <div class="rule-rows">{rows}</div>
            <fieldset class="sort">
                <legend>"Order"</legend>
                <label>
                    <select name=format!("{prefix}[order]") aria-label=format!("Rule set {}: order", set_index + 1)>
                        <option value="keys" selected=!random>"sorted by"</option>
                        <option value="random" selected=random>"shuffled"</option>
                    </select>
                </label>
                {sort_keys}
                <button type="submit" name="edit" value=FormEdit::AddSortKey { set: set_index }.button() class="button secondary small">
                    "Add sort key"
                </button>
            </fieldset>
            <LimitFields prefix=prefix.clone() amount=set.limit.amount.clone() unit=set.limit.unit.clone() label="Take at most" />
            {(!set_problems.is_empty()).then(|| view! {
                <ul class="form-error">{set_problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
            })}
            {removable.then(|| view! {
                <button type="submit" name="edit" value=FormEdit::RemoveSet { set: set_index }.button() class="button secondary small">
                    {format!("Remove rule set {}", set_index + 1)}
                </button>
            })}
        </fieldset>
    }
}

#[component]
fn LimitFields(prefix: String, amount: String, unit: String, label: &'static str) -> impl IntoView {
    let id = format!("{}-limit", prefix.replace(['[', ']'], "-"));
    view! {
        <div class="limit">
            <label for=id.clone()>{label}</label>
            <input id=id class="short" name=format!("{prefix}[limit_amount]") value=amount inputmode="numeric" placeholder="no limit" />
            <select name=format!("{prefix}[limit_unit]") aria-label=format!("{label}: unit")>
                <option value="items" selected=unit.is_empty() || unit == "items">"tracks"</option>
                <option value="minutes" selected=unit == "minutes">"minutes"</option>
                <option value="hours" selected=unit == "hours">"hours"</option>
            </select>
        </div>
    }
}

#[component]
fn Row(
    set_index: usize,
    row_index: usize,
    index: usize,
    row: RowForm,
    messages: Vec<String>,
    readable: Vec<Choice>,
    smart: Vec<Choice>,
    form_ref: NodeRef<leptos::html::Form>,
) -> AnyView {
    let depth = row.depth;
    let hidden = view! {
        <input type="hidden" name=row_name(index, "set") value=set_index.to_string() />
        <input type="hidden" name=row_name(index, "depth") value=depth.to_string() />
    };
    // Indented by a class per depth: the content security policy allows no inline styles.
    let class_of = |kind: &str| format!("rule-row {kind} depth-{}", depth.min(crossfade_domain::MAX_DEPTH as u8));
    let errors = (!messages.is_empty()).then(|| {
        view! { <ul class="form-error">{messages.into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}</ul> }
    });
    let remove = (row_index > 0).then(|| {
        view! {
            <button type="submit" name="edit" value=FormEdit::Remove { set: set_index, row: row_index }.button() class="button secondary small">
                "Remove"
            </button>
        }
    });
    if row.kind != "condition" {
        let kind = row.kind.clone();
        let label = format!("Group {}", index + 1);
        return view! {
            <div class=class_of("group") role="group" aria-label=label.clone()>
                {hidden}
                <label>
                    "Tracks matching "
                    <select name=row_name(index, "kind") aria-label=format!("{label}: which conditions")>
                        <option value="all" selected=kind == "all">"all of"</option>
                        <option value="any" selected=kind == "any">"any of"</option>
                        <option value="none" selected=kind == "none">"none of"</option>
                    </select>
                    " these:"
                </label>
                <button type="submit" name="edit" value=FormEdit::AddCondition { set: set_index, row: row_index }.button() class="button secondary small">
                    "Add condition"
                </button>
                <button type="submit" name="edit" value=FormEdit::AddGroup { set: set_index, row: row_index }.button() class="button secondary small">
                    "Add group"
                </button>
                {remove}
                {errors}
            </div>
        }
        .into_any();
    }
    let label = format!("Condition {}", index + 1);
    let field = crossfade_domain::Field::parse(&row.field);
    let kind = field.map(crossfade_domain::Field::kind);
    let op = crossfade_domain::Op::parse(&row.op);
    let hint = crossfade_domain::value_hint(&row.field, &row.op);
    let fields = crossfade_domain::field_choices()
        .into_iter()
        .map(|(code, name)| view! { <option value=code selected=row.field == code>{name}</option> })
        .collect_view();
    let ops = crossfade_domain::op_choices(&row.field)
        .into_iter()
        .map(|(code, name)| view! { <option value=code selected=row.op == code>{name}</option> })
        .collect_view();
    let value_label = format!("{label}: value");
    let text_input = |name: String, value: String, aria: String, kind_hint: &'static str| {
        view! { <input name=name value=value aria-label=aria placeholder=kind_hint class="value" /> }
    };
    use crossfade_domain::{FieldKind, Op};
    let value = match (kind, op) {
        (_, Some(Op::IsMissing | Op::IsPresent)) => ().into_any(),
        (Some(FieldKind::Date), Some(Op::InLast | Op::NotInLast)) => view! {
            <input name=row_name(index, "value") value=row.value.clone() aria-label=value_label.clone() inputmode="numeric" class="short" />
            <select name=row_name(index, "unit") aria-label=format!("{label}: unit")>
                {crossfade_domain::unit_choices()
                    .into_iter()
                    .map(|unit| view! { <option value=unit selected=row.unit == unit || (row.unit.is_empty() && unit == "days")>{unit}</option> })
                    .collect_view()}
            </select>
        }
        .into_any(),
        (Some(FieldKind::Date), Some(Op::Between)) => view! {
            <input type="date" name=row_name(index, "value") value=row.value.clone() aria-label=format!("{label}: from") />
            " and "
            <input type="date" name=row_name(index, "value2") value=row.value2.clone() aria-label=format!("{label}: to") />
        }
        .into_any(),
        (Some(FieldKind::Date), _) => view! {
            <input type="date" name=row_name(index, "value") value=row.value.clone() aria-label=value_label.clone() />
        }
        .into_any(),
        (Some(FieldKind::Number), Some(Op::Between)) => view! {
            {text_input(row_name(index, "value"), row.value.clone(), format!("{label}: from"), hint)}
            " and "
            {text_input(row_name(index, "value2"), row.value2.clone(), format!("{label}: to"), hint)}
        }
        .into_any(),
        (Some(FieldKind::Mode), _) => view! {
            <select name=row_name(index, "value") aria-label=value_label.clone()>
                <option value="major" selected=row.value != "minor">"major"</option>
                <option value="minor" selected=row.value == "minor">"minor"</option>
            </select>
        }
        .into_any(),
        (Some(FieldKind::Flag), _) => view! {
            <select name=row_name(index, "value") aria-label=value_label.clone()>
                <option value="true" selected=row.value != "false">"yes"</option>
                <option value="false" selected=row.value == "false">"no"</option>
            </select>
        }
        .into_any(),
        (Some(FieldKind::Membership), _) => view! {
            <select name=row_name(index, "value") aria-label=value_label.clone()>
                <option value="" selected=row.value.is_empty()>"choose a playlist"</option>
                {readable
                    .iter()
                    .chain(smart.iter())
                    .map(|choice| view! { <option value=choice.value.clone() selected=row.value == choice.value>{choice.name.clone()}</option> })
                    .collect_view()}
            </select>
        }
        .into_any(),
        _ => text_input(row_name(index, "value"), row.value.clone(), value_label.clone(), hint).into_any(),
    };
    let source = field.filter(|field| field.has_sources()).map(|_| {
        view! {
            <select name=row_name(index, "source") aria-label=format!("{label}: whose value")>
                {crossfade_domain::feature_sources()
                    .into_iter()
                    .map(|(code, name)| view! { <option value=code selected=row.source == code>{name}</option> })
                    .collect_view()}
            </select>
        }
    });
    let window = field.filter(|field| field.has_window()).map(|_| {
        view! {
            <span class="window">
                " in the last "
                <input name=row_name(index, "window_count") value=row.window_count.clone() inputmode="numeric" class="short" placeholder="all time" aria-label=format!("{label}: window") />
                <select name=row_name(index, "window_unit") aria-label=format!("{label}: window unit")>
                    {crossfade_domain::unit_choices()
                        .into_iter()
                        .map(|unit| view! { <option value=unit selected=row.window_unit == unit || (row.window_unit.is_empty() && unit == "days")>{unit}</option> })
                        .collect_view()}
                </select>
            </span>
        }
    });
    let on_change = move |_| update_now(form_ref);
    view! {
        <div class=class_of("condition") role="group" aria-label=label.clone()>
            {hidden}
            <input type="hidden" name=row_name(index, "kind") value="condition" />
            <select name=row_name(index, "field") aria-label=format!("{label}: field") on:change=on_change>
                {fields}
            </select>
            {source}
            {window}
            <select name=row_name(index, "op") aria-label=format!("{label}: operator") on:change=on_change>
                {ops}
            </select>
            {value}
            <button type="submit" name="edit" value="update" class="button secondary small no-script-only">"Update"</button>
            {remove}
            {errors}
        </div>
    }
    .into_any()
}
