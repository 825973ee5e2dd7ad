//! Checklist items as facts: which control stands on which checklist, when it is due and
//! who owns it. Pages show these items; status and the home page count them, joined with
//! the ticks read from the pages by control id, never by reading the item's text.

use std::sync::{Arc, OnceLock};

use jiff::civil::Date;
use serde::Serialize;

use crate::input::decode::Text;
use crate::input::engagement::{Engagement, Person};
use crate::input::vocab::Document;
use crate::input::vocab::Side;
use crate::pack::Control;
use crate::pack::control::Cadence;
use crate::policy::resolve::Policy;
use crate::policy::schedule::{self, Standing};
use crate::policy::select::Decision;
use crate::policy::shown::{Show, ShownText};

/// One checklist item of an engagement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The checklist the item stands on.
    pub document: Document,
    /// What every item of its control shares.
    pub control: Arc<ItemControl>,
    /// What opens the item on its page: the control id, `@person` for a control that
    /// applies per person, `#date` for one occurrence of a recurring control.
    pub key: Arc<str>,
    /// The person the item is about, for a control that applies per person.
    pub person: Option<Arc<str>>,
    /// The occurrence's date, for a recurring control.
    pub occurrence: Option<Date>,
    /// When it is due (none if the date leaves the calendar).
    pub due: Option<Date>,
    /// The expiry of the waiver that covers the control, if one does.
    pub waived_until: Option<Date>,
}

/// What the items of one control share, made once for the engagement: every checklist,
/// person and occurrence of the control shares it.
#[derive(Debug)]
pub struct ItemControl {
    /// The control's id.
    pub id: String,
    /// The control's title, parameters filled in (plain text, not yet escaped).
    pub title: Text,
    /// How often the control recurs, with parameters filled in (`14d`, `monthly`).
    pub every: Option<String>,
    /// Whether a ticked item needs evidence (a link or path in its notes).
    pub needs_evidence: bool,
    /// The names of the people filling the role that owns it, in engagement order.
    pub owners: Vec<String>,
    /// The title as pages show it, and the function that showed it
    /// ([`ItemControl::shown_title`]).
    shown_title: OnceLock<(usize, ShownText)>,
}

impl ItemControl {
    /// What every item of a control shares.
    pub fn new(
        id: String,
        title: Text,
        every: Option<String>,
        needs_evidence: bool,
        owners: Vec<String>,
    ) -> ItemControl {
        ItemControl {
            id,
            title,
            every,
            needs_evidence,
            owners,
            shown_title: OnceLock::new(),
        }
    }

    /// `show` of the title: made once for the pages that show the control's items the
    /// same way (every person page of the engagement), and shared.
    pub fn shown_title(&self, show: Show) -> ShownText {
        let (made_by, shown) =
            (self.shown_title).get_or_init(|| (show as usize, show(&self.title)));
        match *made_by == show as usize {
            true => shown.clone(),
            false => show(&self.title),
        }
    }
}

/// Two are equal when their facts are, whether or not either was shown yet.
impl PartialEq for ItemControl {
    fn eq(&self, other: &ItemControl) -> bool {
        (
            &self.id,
            &self.title,
            &self.every,
            self.needs_evidence,
            &self.owners,
        ) == (
            &other.id,
            &other.title,
            &other.every,
            other.needs_evidence,
            &other.owners,
        )
    }
}

impl Eq for ItemControl {}

impl Item {
    /// Where the item stands on `today`, looking `within` days ahead: a waiver that holds
    /// today keeps an open item from being overdue.
    pub fn standing(&self, checked: bool, today: Date, within: i64) -> Standing {
        let waived = self.waived_until.is_some_and(|expires| expires >= today);
        match schedule::standing(checked, self.due, today, within) {
            Standing::Done => Standing::Done,
            _ if waived => Standing::Waived,
            other => other,
        }
    }
}

/// The documents of one engagement: all of them, except that only hybrid engagements
/// (specialists handing over to a delivery team) get a hand-off plan.
pub fn documents(engagement: &Engagement) -> Vec<Document> {
    let hybrid = engagement.model.value == crate::input::vocab::Model::Hybrid;
    Document::ALL
        .iter()
        .copied()
        .filter(|d| *d != Document::Handoff || hybrid)
        .collect()
}

/// One box a control gets on a checklist: the whole control, one person's part of it, or
/// one occurrence of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// What opens the item on its page (see [`Item::key`]).
    pub key: Arc<str>,
    /// The person it is about, by name.
    pub person: Option<Arc<str>>,
    /// The occurrence's date, for a recurring control.
    pub occurrence: Option<Date>,
    /// When it is due.
    pub due: Option<Date>,
}

/// A control's boxes for one engagement, and the control's own due date (a recurring
/// control's boxes are due on their occurrences): the due-date rule runs once for both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Boxes {
    /// When the control is due ([`schedule::due`]).
    pub due: Option<Date>,
    /// Its boxes, in order.
    pub instances: Vec<Instance>,
}

/// The people a control applies to one by one: everyone on the vendor or client side, or
/// every holder of a role; `None` when it applies once.
pub fn per_people<'a>(control: &Control, engagement: &'a Engagement) -> Option<Vec<&'a str>> {
    let per = &*control.per.as_ref()?.value;
    let side = match per {
        "vendor" => Some(Side::Vendor),
        "client" => Some(Side::Client),
        _ => None,
    };
    Some(
        engagement
            .people
            .iter()
            .filter(|p| match side {
                Some(side) => p.side.value == side,
                None => p.roles.iter().any(|r| r.value == per),
            })
            .map(|p| p.name.value.as_str())
            .collect(),
    )
}

/// The part of an item key that names a person: lowercase ASCII letters and digits joined
/// by single hyphens (`Priya Shah` is `priya-shah`); `person` when nothing is left.
pub fn person_slug(name: &str) -> String {
    // Never longer than the name: one byte for each ASCII letter or digit, one for a run
    // of anything else.
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "person".to_string()
    } else {
        slug
    }
}

/// Every person of the engagement with the slug that names their page: their name's
/// [`person_slug`], with `-2`, `-3`... for a second and third person of the same slug.
pub fn person_slugs(engagement: &Engagement) -> Vec<(String, &Person)> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    let mut out = Vec::new();
    for person in engagement.people.iter() {
        let slug = person_slug(&person.name.value);
        let n = seen.entry(slug.clone()).or_default();
        *n += 1;
        let slug = if *n == 1 { slug } else { format!("{slug}-{n}") };
        out.push((slug, person));
    }
    out
}

/// The control's cadence for this policy (`every`, with parameters filled in).
pub fn cadence(control: &Control, policy: &Policy) -> Option<Cadence> {
    Cadence::parse(&policy.text(&control.every.as_ref()?.value))
}

/// The boxes a control gets: one, one per person it applies to, one per occurrence, or one
/// per person and occurrence; each with its key and due date.
pub fn boxes_of(control: &Control, policy: &Policy, engagement: &Engagement) -> Boxes {
    let due = schedule::due(control, engagement);
    Boxes {
        due,
        instances: instances(control, policy, engagement, due),
    }
}

/// [`boxes_of`]'s boxes, `first` being the control's due date.
fn instances(
    control: &Control,
    policy: &Policy,
    engagement: &Engagement,
    first: Option<Date>,
) -> Vec<Instance> {
    if control.every.is_none() && control.per.is_none() {
        // Most controls: one box, keyed by the id alone.
        let once = Instance {
            key: control.id.value.as_str().into(),
            person: None,
            occurrence: None,
            due: first,
        };
        return vec![once];
    }
    let dates: Vec<Option<Date>> = match cadence(control, policy) {
        Some(cadence) => schedule::occurrences(control, cadence, engagement)
            .into_iter()
            .map(Some)
            .collect(),
        None => vec![None],
    };
    let people: Vec<Option<(String, Arc<str>)>> = match per_people(control, engagement) {
        Some(people) => {
            let mut seen = std::collections::BTreeMap::<String, usize>::new();
            people
                .into_iter()
                .map(|name| {
                    let slug = person_slug(name);
                    let n = seen.entry(slug.clone()).or_default();
                    *n += 1;
                    let slug = if *n == 1 { slug } else { format!("{slug}-{n}") };
                    Some((slug, Arc::<str>::from(name)))
                })
                .collect()
        }
        None => vec![None],
    };
    let id = &control.id.value;
    let mut out = Vec::new();
    for person in &people {
        for date in &dates {
            // `ID`, `ID@SLUG`, `ID#DATE` or `ID@SLUG#DATE`, made in one string.
            let slug = person.as_ref().map_or("", |(slug, _)| slug.as_str());
            let mut key = String::with_capacity(id.len() + slug.len() + 12);
            key.push_str(id);
            if person.is_some() {
                key.push('@');
                key.push_str(slug);
            }
            if let Some(date) = date {
                key.push('#');
                super::schedule::push_date(&mut key, *date);
            }
            out.push(Instance {
                key: key.into(),
                person: person.as_ref().map(|(_, name)| Arc::clone(name)),
                occurrence: *date,
                due: date.or(first),
            });
        }
    }
    out
}

/// The boxes ([`boxes_of`]) of each control of `decisions` that applies, `None` for one
/// that does not: worked out once for an engagement's items and its checklists' views.
pub fn boxes(
    engagement: &Engagement,
    policy: &Policy,
    decisions: &[Decision],
) -> Vec<Option<Boxes>> {
    (decisions.iter())
        .map(|d| (d.applies()).then(|| boxes_of(&d.control.control, policy, engagement)))
        .collect()
}

/// Every checklist item of the engagement: each applicable control on each checklist with
/// boxes that it lists and the engagement gets, in policy order; a control that applies
/// per person or recurs gives one item per person and occurrence. `boxes` are the
/// controls' boxes ([`boxes`]).
pub fn items(
    engagement: &Engagement,
    policy: &Policy,
    decisions: &[Decision],
    boxes: &[Option<Boxes>],
) -> Vec<Item> {
    let documents = documents(engagement);
    // Room for a box each (a control on two checklists has its boxes twice): the items
    // are large, and growing the list copies them.
    let count = boxes.iter().flatten().map(|b| b.instances.len()).sum();
    let mut items = Vec::with_capacity(count);
    let applicable = decisions.iter().zip(boxes);
    let applicable = applicable.filter_map(|(d, boxes)| Some((d, boxes.as_ref()?)));
    for (decision, boxes) in applicable {
        let control = &decision.control.control;
        let mut checklists = (control.documents.value.iter())
            .filter(|c| c.has_boxes())
            .map(|c| c.document())
            .filter(|document| documents.contains(document))
            .peekable();
        if checklists.peek().is_none() {
            continue;
        }
        // What every box of the control shares, made once (not once for each checklist,
        // person and occurrence).
        let shared = Arc::new(ItemControl::new(
            control.id.value.clone(),
            policy.filled(&control.title.value),
            control.every.as_ref().map(|e| policy.text(&e.value)),
            control.needs_evidence(),
            engagement
                .people_in_role(&control.owner.value)
                .map(|p| p.name.value.clone())
                .collect(),
        ));
        let waived_until = decision.waiver.map(|w| w.waiver().expires.value);
        for document in checklists {
            for instance in &boxes.instances {
                items.push(Item {
                    document,
                    control: Arc::clone(&shared),
                    key: Arc::clone(&instance.key),
                    person: instance.person.clone(),
                    occurrence: instance.occurrence,
                    due: instance.due,
                    waived_until,
                });
            }
        }
    }
    items
}

/// Ticked, overdue and total checklist items (counts of 32 bits: a portfolio's plan keeps
/// one for each engagement).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Items ticked.
    pub done: u32,
    /// Items in all checklists.
    pub total: u32,
    /// Items past their due date and not ticked.
    pub overdue: u32,
}

impl Progress {
    /// Adds another count.
    pub fn add(&mut self, other: Progress) {
        self.done = self.done.saturating_add(other.done);
        self.total = self.total.saturating_add(other.total);
        self.overdue = self.overdue.saturating_add(other.overdue);
    }

    /// Items not ticked.
    pub fn open(&self) -> u32 {
        self.total - self.done
    }
}
