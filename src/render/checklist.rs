//! Checklist items in the template context: controls as items with owners, due dates and
//! waivers, grouped by phase or category for each checklist document.

use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use crate::input::engagement::Waiver;
use crate::input::params;
use crate::input::vocab::{Category, ChecklistDoc, Phase};
use crate::pack::Control;
use crate::policy::items::Instance;
use crate::policy::resolve::Policy;
use crate::policy::schedule::{self, DueText};
use crate::policy::select::Decision;
use crate::policy::shown::ShownText;
use crate::render::escape::{inline, inline_shared};
use crate::render::people::Names;

/// A titled group of checklist items.
#[derive(Serialize)]
pub struct Group<'a> {
    pub id: String,
    pub title: String,
    pub controls: Vec<&'a ControlView>,
}

/// One control as a checklist item. A box of the control (one per person or occurrence)
/// is a copy with its own key, title, due date and person: the rest is shared, not copied.
#[derive(Serialize, Clone)]
pub struct ControlView {
    /// The control's id, or on a checklist with boxes the item's key.
    pub id: ShownText,
    pub title: ShownText,
    /// What it shows of the control's own texts: its description, owner role, evidence,
    /// mappings, id, recurrence and who it applies to one by one.
    #[serde(flatten)]
    pub texts: Arc<ControlTexts>,
    pub category: &'static str,
    pub phase: &'static str,
    pub due: DueText,
    pub due_days: i64,
    pub owners: ShownText,
    pub severity: &'static str,
    pub waiver: Option<Arc<WaiverView>>,
    /// The person the item is about, for a control that applies per person.
    pub person: Option<ShownText>,
}

/// What a control's items show of the control's own texts. It is the same for every
/// engagement on the same packs unless a text names a parameter or a tool, and for every
/// engagement filling those alike: it is made once for each
/// ([`crate::policy::shown::Shown::of_control`]), and shared by the control's views and
/// its boxes'.
#[derive(Serialize)]
pub struct ControlTexts {
    /// The control's title (a box's adds its person or occurrence).
    #[serde(skip)]
    pub title: ShownText,
    pub description: ShownText,
    pub owner_role: ShownText,
    pub evidence: ShownText,
    pub mappings: Vec<MappingView>,
    /// The control's id (a view's `id` is the item's key on a checklist with boxes).
    pub control: ShownText,
    /// How often the control recurs, as the pack writes it.
    pub every: Option<ShownText>,
    /// Who the control applies to one by one (`vendor`, `client` or a role), if it does.
    pub per: Option<ShownText>,
}

/// Framework identifiers a control maps to.
pub use crate::policy::shown::MappingView;

/// An active waiver on a control.
#[derive(Serialize, Clone)]
pub struct WaiverView {
    pub reason: String,
    pub approved_by: String,
    pub approved_on: String,
    pub expires: String,
    pub risk: Option<String>,
}

pub(crate) fn control_view<'d>(
    c: &'d Arc<Control>,
    decision: &Decision,
    due: Option<Date>,
    policy: &Policy,
    names: &Names<'d>,
) -> ControlView {
    let make = || control_texts(c, policy);
    // Kept as the packs' alone: none of the texts names a value (asked only on a miss).
    let kept = policy.shown.kept_control(c, None);
    let texts = match kept {
        Some(texts) => texts,
        None if !names_values(c) => policy.shown.of_control(c, None, make),
        None => match policy.way() {
            Some(way) => policy.shown.of_control(c, Some(way), make),
            None => Arc::new(make()),
        },
    };
    ControlView {
        id: texts.control.clone(),
        title: texts.title.clone(),
        texts,
        category: c.category.value.as_str(),
        phase: c.phase.value.as_str(),
        due: DueText(due),
        due_days: c.due_days.value,
        owners: names.of(&c.owner.value),
        severity: c.severity.value.as_str(),
        waiver: decision.active_waiver().map(|w| Arc::new(waiver_view(w))),
        person: None,
    }
}

/// Whether a text of the control that its items show names a parameter or a tool (and
/// reads as the engagement fills it).
fn names_values(c: &Control) -> bool {
    let every = c.every.as_ref().map(|e| &*e.value);
    [&*c.title.value, &c.description.value, &c.evidence.value]
        .into_iter()
        .chain(every)
        .any(params::has_placeholder)
}

/// What the control's items show of its own texts, for `policy`'s engagement.
fn control_texts(c: &Control, policy: &Policy) -> ControlTexts {
    ControlTexts {
        title: policy.shown_shared(&c.title.value, inline_shared),
        description: policy.shown_shared(&c.description.value, inline_shared),
        owner_role: (&c.owner.value).into(),
        evidence: policy.shown_shared(&c.evidence.value, inline_shared),
        mappings: (c.mappings.value.0.iter())
            .map(|(fw, ids)| MappingView {
                framework: policy.shown_as_is(&fw.value, inline_shared),
                ids: policy.shown_joined(ids, inline_shared),
            })
            .collect(),
        control: c.id.value.as_str().into(),
        every: (c.every.as_ref()).map(|e| policy.shown_shared(&e.value, inline_shared)),
        per: (c.per.as_ref()).map(|p| policy.shown_as_is(&p.value, inline_shared)),
    }
}

/// The control's boxes on a checklist: one view per person it applies to and per
/// occurrence, each with its key as `id`, its own due date, and the person named, each
/// given to `put` as it is made.
pub(crate) fn box_views(
    base: &ControlView,
    instances: &[Instance],
    mut put: impl FnMut(ControlView),
) {
    let occurrences = instances
        .iter()
        .filter(|i| i.person == instances[0].person)
        .count();
    // The person's name as shown, made once for the boxes of each person in a row.
    let mut shown: Option<(&str, ShownText)> = None;
    for (n, instance) in instances.iter().enumerate() {
        let person = instance.person.as_deref().map(|person| match shown.take() {
            Some((name, text)) if name == person => (name, text),
            _ => (person, inline(person).into()),
        });
        let title = match (&person, instance.occurrence) {
            (None, None) => base.title.clone(),
            (person, occurrence) => {
                let mut title = String::with_capacity(base.title.len() + 32);
                title.push_str(&base.title);
                if let Some((_, text)) = person {
                    for piece in [" (", text, ")"] {
                        title.push_str(piece);
                    }
                }
                if occurrence.is_some() {
                    let k = n % occurrences.max(1) + 1;
                    title.push_str(" (occurrence ");
                    schedule::push_count(&mut title, k);
                    title.push_str(" of ");
                    schedule::push_count(&mut title, occurrences);
                    title.push(')');
                }
                title.into()
            }
        };
        put(box_view(
            base,
            &instance.key,
            title,
            instance.due,
            person.as_ref().map(|(_, text)| text),
        ));
        shown = person;
    }
}

/// A box of the control `base` shows: its key, title, due date and person its own, the
/// rest shared with the control's view.
fn box_view(
    base: &ControlView,
    key: &Arc<str>,
    title: ShownText,
    due: Option<jiff::civil::Date>,
    person: Option<&ShownText>,
) -> ControlView {
    ControlView {
        id: Arc::clone(key).into(),
        title,
        texts: Arc::clone(&base.texts),
        category: base.category,
        phase: base.phase,
        due: DueText(due),
        due_days: base.due_days,
        owners: base.owners.clone(),
        severity: base.severity,
        waiver: base.waiver.clone(),
        person: person.cloned(),
    }
}

fn waiver_view(w: &Waiver) -> WaiverView {
    WaiverView {
        reason: inline(&w.reason),
        approved_by: w
            .approved_by
            .as_ref()
            .map_or_else(|| "nobody".into(), |a| inline(&a.value)),
        approved_on: w
            .approved_on
            .as_ref()
            .map_or_else(|| "unknown".into(), |d| d.value.to_string()),
        expires: w.expires.value.to_string(),
        risk: w.risk.as_deref().map(inline),
    }
}

pub(crate) fn in_document<'a>(
    applicable: &'a [(&Decision, ControlView)],
    doc: ChecklistDoc,
) -> impl Iterator<Item = &'a ControlView> + 'a {
    applicable
        .iter()
        .filter(move |(d, _)| d.control.control.documents.value.contains(&doc))
        .map(|(_, v)| v)
}

pub(crate) fn group_by_phase<'a>(applicable: &'a [(&Decision, ControlView)]) -> Vec<Group<'a>> {
    let items: Vec<&ControlView> = in_document(applicable, ChecklistDoc::Onboarding).collect();
    Phase::ALL
        .iter()
        .map(|phase| Group {
            id: phase.as_str().to_string(),
            title: phase.title().to_string(),
            controls: sorted_by_due(items.iter().copied().filter(|c| c.phase == phase.as_str())),
        })
        .filter(|g| !g.controls.is_empty())
        .collect()
}

pub(crate) fn group_by_category<'a>(applicable: &'a [(&Decision, ControlView)]) -> Vec<Group<'a>> {
    let items: Vec<&ControlView> = in_document(applicable, ChecklistDoc::Compliance).collect();
    Category::ALL
        .iter()
        .map(|category| Group {
            id: category.as_str().to_string(),
            title: category.title().to_string(),
            controls: (items.iter().copied())
                .filter(|c| c.category == category.as_str())
                .collect(),
        })
        .filter(|g| !g.controls.is_empty())
        .collect()
}

/// Checklist order inside a phase: by due date, then id.
pub(crate) fn sorted_by_due<'a>(
    items: impl Iterator<Item = &'a ControlView>,
) -> Vec<&'a ControlView> {
    let mut out: Vec<&ControlView> = items.collect();
    out.sort_by(|a, b| (a.due, &*a.id).cmp(&(b.due, &*b.id)));
    out
}
