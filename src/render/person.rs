//! A page per person of an engagement: what they own or must do across its documents, and
//! where each item stands, read from the ledger (the typed items joined with the wiki's
//! ticks). The page has no boxes: ticks live in the documents it links to.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::input::engagement::{Engagement, Person};
use crate::input::vocab::Document;
use crate::policy::items::{self, Item};
use crate::policy::ledger::Ledger;
use crate::policy::resolve::Policy;
use crate::policy::schedule::{self, Standing};
use crate::policy::shown::ShownText;
use crate::render::context::PersonView;
use crate::render::escape::{inline, inline_shared};
use crate::render::flavor::Flavor;

/// What the `person.md` template sees.
#[derive(Serialize)]
pub struct PersonPage {
    /// The person's name, escaped.
    pub name: String,
    /// `client` or `vendor`.
    pub side: String,
    /// E-mail, chat handle and phone, those given, joined by commas.
    pub contact: String,
    /// The roles they fill.
    pub roles: Vec<RoleRow>,
    /// Their items: overdue first, then by due date. A recurring control shows its missed
    /// occurrences and its next one; the rest are counted under `recurring`.
    pub items: Vec<ItemRow>,
    /// Their recurring duties, one row per control and checklist.
    pub recurring: Vec<DutyRow>,
    /// Items of theirs not ticked.
    pub open: usize,
    /// Items of theirs past their due date and not ticked.
    pub overdue: usize,
    /// Items of theirs in all.
    pub total: usize,
}

/// A person's page as the engagement's index page links it.
#[derive(Serialize)]
pub struct PersonLink {
    /// The person's name, escaped.
    pub name: String,
    /// The link to their page from the index page.
    pub link: String,
    /// Items of theirs not ticked.
    pub open: usize,
    /// Items of theirs past their due date and not ticked.
    pub overdue: usize,
}

/// A role the person fills.
#[derive(Serialize)]
pub struct RoleRow {
    pub id: String,
    pub description: ShownText,
}

/// One item on a person's page.
#[derive(Serialize)]
pub struct ItemRow {
    /// The item's key (`CON-NDA`, `ACC-SSO-MFA@priya-shah`, `ACC-REVIEW#2027-01-12`).
    pub key: Arc<str>,
    pub title: ShownText,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    /// `done`, `open`, `overdue` or `waived`.
    pub state: &'static str,
    /// Whether the item is theirs as owner (else it is about them).
    pub owner: bool,
    /// The title of the document the item stands on.
    pub document: &'static str,
    /// The link to that document's page.
    pub link: Arc<str>,
}

/// One recurring duty: a control that comes back, on one checklist.
#[derive(Serialize)]
pub struct DutyRow {
    pub id: String,
    pub title: String,
    pub every: String,
    /// Occurrences ticked, missed, and in all.
    pub done: usize,
    pub overdue: usize,
    pub total: usize,
    /// The first occurrence not yet ticked, or empty.
    pub next: String,
    pub document: &'static str,
    pub link: Arc<str>,
}

/// The state a person's page shows for a standing.
fn state(standing: Standing) -> &'static str {
    match standing {
        Standing::Done => "done",
        Standing::Overdue => "overdue",
        Standing::Waived => "waived",
        Standing::DueSoon | Standing::Open => "open",
    }
}

/// Whether an item is `name`'s: they own it, or it is about them.
pub fn concerns(item: &Item, name: &str) -> bool {
    item.control.owners.iter().any(|o| o == name) || item.person.as_deref() == Some(name)
}

/// Where pages are and how they link, for one person's page.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    /// The wiki's flavour.
    pub flavor: Flavor,
    /// The engagement id.
    pub engagement: &'a str,
    /// The person's page.
    pub page: &'a str,
}

impl Place<'_> {
    fn link(&self, document: Document) -> Arc<str> {
        let to = self.flavor.page_path(self.engagement, document);
        self.flavor.link(self.page, &to).into()
    }

    /// The folder of the person's page: a link from it depends on nothing else of the
    /// page's ([`Flavor::link`]).
    fn folder(&self) -> &str {
        self.page.rsplit_once('/').map_or("", |(folder, _)| folder)
    }
}

/// The links from an engagement's person pages to its documents, each made once for the
/// pages of one folder and shared by every row of theirs that names it.
#[derive(Default)]
pub struct Links {
    /// Each folder's links so far.
    made: Vec<(Box<str>, ByDocument)>,
}

/// A folder's link to each document, once made.
type ByDocument = [Option<Arc<str>>; DOCUMENTS];

/// How many documents there are: a folder keeps a link to each.
const DOCUMENTS: usize = Document::ALL.len();

impl Links {
    /// The links from the pages in `place`'s folder.
    fn in_folder<'l, 'p>(&'l mut self, place: Place<'p>) -> PageLinks<'l, 'p> {
        let folder = place.folder();
        let at = match self.made.iter().position(|(f, _)| **f == *folder) {
            Some(at) => at,
            None => {
                self.made.push((folder.into(), Default::default()));
                self.made.len() - 1
            }
        };
        PageLinks {
            made: &mut self.made[at].1,
            place,
        }
    }
}

/// The links from one person's page, made once for the pages of its folder.
struct PageLinks<'l, 'p> {
    made: &'l mut ByDocument,
    place: Place<'p>,
}

impl PageLinks<'_, '_> {
    fn to(&mut self, document: Document) -> Arc<str> {
        let place = self.place;
        let link = self.made[document as usize].get_or_insert_with(|| place.link(document));
        Arc::clone(link)
    }
}

/// The view of one person's page.
/// `links` are shared by the engagement's person pages.
pub fn view(
    person: &Person,
    shown: &PersonView,
    policy: &Policy,
    ledger: &Ledger,
    place: Place,
    links: &mut Links,
) -> PersonPage {
    let name = person.name.value.as_str();
    let theirs: Vec<(&Item, Standing)> = ledger
        .entries()
        .filter(|(item, _)| concerns(item, name))
        .collect();
    let count = |s: Standing| theirs.iter().filter(|(_, t)| *t == s).count();
    let mut links = links.in_folder(place);
    PersonPage {
        name: shown.name.clone(),
        side: person.side.value.to_string(),
        contact: shown.contact.clone(),
        roles: roles(person, policy),
        items: item_rows(&theirs, name, &mut links),
        recurring: duty_rows(&theirs, &mut links),
        open: theirs.len() - count(Standing::Done),
        overdue: count(Standing::Overdue),
        total: theirs.len(),
    }
}

fn roles(person: &Person, policy: &Policy) -> Vec<RoleRow> {
    let described = |id: &str| {
        let decl = policy.roles.get(id);
        decl.map_or_else(
            || ShownText::Held(""),
            |d| policy.shown_as_is(&d.description.value, inline_shared),
        )
    };
    person
        .roles
        .iter()
        .map(|r| RoleRow {
            id: r.value.clone(),
            description: described(&r.value),
        })
        .collect()
}

/// Every item of theirs, except the occurrences of a recurring control after its next
/// open one; missed occurrences stay. Overdue first, then by due date, then by key.
fn item_rows(theirs: &[(&Item, Standing)], name: &str, links: &mut PageLinks) -> Vec<ItemRow> {
    let mut next_shown: BTreeSet<(Document, &str, Option<&str>)> = BTreeSet::new();
    let mut rows: Vec<(&Item, Standing)> = Vec::new();
    for (item, standing) in theirs {
        if item.occurrence.is_some() && *standing != Standing::Overdue {
            let series = (
                item.document,
                item.control.id.as_str(),
                item.person.as_deref(),
            );
            let open = !matches!(standing, Standing::Done);
            if !open || !next_shown.insert(series) {
                continue;
            }
        }
        rows.push((item, *standing));
    }
    let order = |(item, standing): &(&Item, Standing)| {
        let late = *standing != Standing::Overdue;
        (late, item.due.is_none(), item.due)
    };
    rows.sort_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.0.key.cmp(&b.0.key)));
    rows.into_iter()
        .map(|(item, standing)| ItemRow {
            key: Arc::clone(&item.key),
            title: item.control.shown_title(inline_shared),
            due: item.due.map(schedule::date_text).unwrap_or_default(),
            state: state(standing),
            owner: item.control.owners.iter().any(|o| o == name),
            document: item.document.title(),
            link: links.to(item.document),
        })
        .collect()
}

/// One row per recurring control and checklist, in the order the items come.
fn duty_rows(theirs: &[(&Item, Standing)], links: &mut PageLinks) -> Vec<DutyRow> {
    let mut rows: Vec<DutyRow> = Vec::new();
    let mut at: BTreeMap<(Document, &str), usize> = BTreeMap::new();
    for (item, standing) in theirs.iter().filter(|(i, _)| i.occurrence.is_some()) {
        let index = *at
            .entry((item.document, item.control.id.as_str()))
            .or_insert_with(|| {
                rows.push(duty(item, links));
                rows.len() - 1
            });
        let row = &mut rows[index];
        row.total += 1;
        row.done += usize::from(*standing == Standing::Done);
        row.overdue += usize::from(*standing == Standing::Overdue);
        if row.next.is_empty() && *standing != Standing::Done {
            row.next = item.due.map(schedule::date_text).unwrap_or_default();
        }
    }
    rows
}

fn duty(item: &Item, links: &mut PageLinks) -> DutyRow {
    DutyRow {
        id: item.control.id.clone(),
        title: inline(&item.control.title),
        every: inline(item.control.every.as_deref().unwrap_or_default()),
        done: 0,
        overdue: 0,
        total: 0,
        next: String::new(),
        document: item.document.title(),
        link: links.to(item.document),
    }
}

/// Each person's page path with the person, in engagement order.
pub fn pages(flavor: Flavor, engagement: &Engagement) -> Vec<(String, &Person)> {
    let id = &engagement.id.value;
    items::person_slugs(engagement)
        .into_iter()
        .map(|(slug, person)| (flavor.person_path(id, &slug), person))
        .collect()
}
