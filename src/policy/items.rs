//! Checklist items as facts: which control stands on which checklist, when it is due and
//! who owns it. Pages show these items; status and the home page count them, joined with
//! the ticks read from the pages by control id, never by reading the item's text.

use jiff::civil::Date;
use serde::Serialize;

use crate::input::engagement::Engagement;
use crate::input::vocab::Document;
use crate::policy::schedule::{self, Standing};
use crate::policy::select::Decision;

/// One checklist item of an engagement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The checklist the item stands on.
    pub document: Document,
    /// The control's id.
    pub id: String,
    /// When it is due (none if the date leaves the calendar).
    pub due: Option<Date>,
    /// The role that owns it.
    pub owner_role: String,
    /// The names of the people filling that role, in engagement order.
    pub owners: Vec<String>,
    /// The expiry of the waiver that covers the control, if one does.
    pub waived_until: Option<Date>,
}

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

/// Every checklist item of the engagement: each applicable control on each checklist with
/// boxes that it lists and the engagement gets, in policy order.
pub fn items(engagement: &Engagement, decisions: &[Decision]) -> Vec<Item> {
    let documents = documents(engagement);
    let mut items = Vec::new();
    for decision in decisions.iter().filter(|d| d.applies()) {
        let control = &decision.control.control;
        let owners: Vec<String> = engagement
            .people_in_role(&control.owner.value)
            .map(|p| p.name.value.clone())
            .collect();
        for checklist in control.documents.value.iter().filter(|c| c.has_boxes()) {
            let document = checklist.document();
            if !documents.contains(&document) {
                continue;
            }
            items.push(Item {
                document,
                id: control.id.value.clone(),
                due: schedule::due(control, engagement),
                owner_role: control.owner.value.clone(),
                owners: owners.clone(),
                waived_until: decision.waiver.map(|w| w.waiver().expires.value),
            });
        }
    }
    items
}

/// Ticked, overdue and total checklist items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Items ticked.
    pub done: usize,
    /// Items in all checklists.
    pub total: usize,
    /// Items past their due date and not ticked.
    pub overdue: usize,
}

impl Progress {
    /// Adds another count.
    pub fn add(&mut self, other: Progress) {
        self.done += other.done;
        self.total += other.total;
        self.overdue += other.overdue;
    }

    /// Items not ticked.
    pub fn open(&self) -> usize {
        self.total - self.done
    }
}

/// The progress of `items` on `today`, given which are ticked.
pub fn progress<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    ticked: impl Fn(&Item) -> bool,
    today: Date,
) -> Progress {
    let mut progress = Progress::default();
    for item in items {
        let checked = ticked(item);
        progress.total += 1;
        progress.done += usize::from(checked);
        let standing = item.standing(checked, today, 0);
        progress.overdue += usize::from(standing == Standing::Overdue);
    }
    progress
}
