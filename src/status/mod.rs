//! Progress: an engagement's typed checklist items in, joined with the ticks read from its
//! pages, out as what is done, overdue, due soon, and whose it is.
//!
//! Due dates and owners come from the engagement and its policy (the same items the pages
//! were rendered from), never from the page's text: a waiver reason or a note that imitates
//! "Someone, due 2099-12-31" changes nothing. A page's boxes are found by the control id
//! that opens each item (as the wiki merge finds them); a task item without one is
//! reported, never guessed at.

pub mod calendar;

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::fs;
use crate::input::vocab::Document;
use crate::policy::items::Item;
pub use crate::policy::schedule::Standing;
use crate::render::flavor::Flavor;
use crate::wiki::state;

/// One checklist item and where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct ItemReport {
    /// Control id.
    pub id: String,
    /// The control's title.
    pub title: String,
    /// What opens the item on its page (the control id, `@person`, `#date`).
    pub key: String,
    /// The person the item is about, for a control that applies per person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Where it stands.
    pub standing: Standing,
    /// Due date.
    pub due: Option<String>,
    /// Owner names.
    pub owners: Vec<String>,
    /// `page:line`, or the page alone when the page does not show the item yet.
    pub at: String,
    /// The links and paths written in the item's notes: its evidence.
    pub evidence: Vec<String>,
    /// Ticked, its control needs evidence, and its notes name none.
    pub missing_evidence: bool,
    /// Who ticked it, in which commit and when (`charter status --history`, a wiki in git);
    /// boxed, since most items have none and status holds every item's report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticked: Option<Box<crate::wiki::git::Tick>>,
}

/// A task item the status cannot attribute to a control.
#[derive(Clone, Debug, Serialize)]
pub struct Unidentified {
    /// `page:line`.
    pub at: String,
    /// The item's first line.
    pub text: String,
}

/// One page of an engagement.
#[derive(Clone, Debug, Serialize)]
pub struct PageReport {
    /// Engagement id.
    pub engagement: String,
    /// The document (`onboarding-checklist`).
    pub document: Document,
    /// Page path relative to the wiki.
    pub path: String,
    /// Its checklist items.
    pub items: Vec<ItemReport>,
    /// Task items without a control id.
    pub unidentified: Vec<Unidentified>,
    /// Rows of the page's sign-off tables: who signed what, and when.
    pub signoffs: Vec<Signoff>,
}

/// One row of a sign-off table.
#[derive(Clone, Debug, Serialize)]
pub struct Signoff {
    /// The row's key (the area signed for).
    pub area: String,
    /// The row's other cells, by column header.
    pub cells: std::collections::BTreeMap<String, String>,
    /// Whether someone filled in the row.
    pub signed: bool,
}

impl PageReport {
    /// Items in a standing.
    pub fn count(&self, standing: Standing) -> usize {
        self.items.iter().filter(|i| i.standing == standing).count()
    }
}

/// What status needs of one engagement.
pub struct Engagement<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its checklist items, from its policy.
    pub items: &'a [Item],
    /// Its documents.
    pub documents: &'a [Document],
}

/// The report of every page of one engagement that has checklist items or unidentified
/// task items; `within` is how many days ahead count as "due soon".
pub fn engagement(
    wiki: &Path,
    flavor: Flavor,
    e: &Engagement,
    (today, within): (Date, i64),
) -> Result<Vec<PageReport>, Diagnostic> {
    let mut pages = Vec::new();
    for document in e.documents {
        let path = flavor.page_path(e.id, *document);
        let text = read_page(wiki, &path)?;
        let items: Vec<&Item> = e.items.iter().filter(|i| i.document == *document).collect();
        let page = page(e.id, *document, &path, &items, &text, (today, within));
        if !page.items.is_empty() || !page.unidentified.is_empty() || !page.signoffs.is_empty() {
            pages.push(page);
        }
    }
    Ok(pages)
}

/// `path:line`, where a report points (one for each item of every page).
fn at_line(path: &str, line: usize) -> String {
    let mut at = String::with_capacity(path.len() + 8);
    at.push_str(path);
    at.push(':');
    crate::policy::schedule::push_count(&mut at, line);
    at
}

/// The report of one page: each typed item with the tick the page gives it.
pub fn page(
    engagement: &str,
    document: Document,
    path: &str,
    items: &[&Item],
    text: &str,
    (today, within): (Date, i64),
) -> PageReport {
    let (state, plain_tasks) = state::state_with_plain_tasks(text);
    let reports = items
        .iter()
        .map(|item| {
            let on_page = state.current(&item.key);
            let checked = on_page.is_some_and(|i| i.checked);
            let found = on_page.map(|i| evidence(&i.notes)).unwrap_or_default();
            ItemReport {
                id: item.control.id.clone(),
                title: item.control.title.to_string(),
                key: String::from(&*item.key),
                person: item.person.as_deref().map(String::from),
                standing: item.standing(checked, today, within),
                due: item.due.map(|d| d.to_string()),
                owners: item.control.owners.clone(),
                at: on_page.map_or_else(|| path.to_string(), |i| at_line(path, i.at)),
                evidence: found.clone(),
                missing_evidence: checked && item.control.needs_evidence && found.is_empty(),
                ticked: None,
            }
        })
        .collect();
    let unidentified = plain_tasks
        .into_iter()
        .map(|(line, text)| Unidentified {
            at: at_line(path, line),
            text,
        })
        .collect();
    let signoffs = state
        .signoffs
        .iter()
        .map(|row| Signoff {
            area: row.key.clone(),
            cells: row
                .headers
                .iter()
                .cloned()
                .zip(row.cells.iter().cloned())
                .skip(1)
                .collect(),
            signed: row.is_filled(),
        })
        .collect();
    PageReport {
        engagement: engagement.to_string(),
        document,
        path: path.to_string(),
        items: reports,
        unidentified,
        signoffs,
    }
}

/// The evidence a note names: its links (`https://...`, a Markdown link's target) and its
/// paths (a code span with a `/` and no spaces, or a word with a `/` that starts with `./`
/// or `/` or names a file: `` `contracts/nda.pdf` ``, `./scans/nda.png`),
/// in the order written, each once.
pub fn evidence(notes: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut push = |text: &str| {
        let text = text
            .trim_start_matches(|c: char| "<([\"'".contains(c))
            .trim_end_matches(|c: char| ">)],;:.'\"".contains(c));
        if !text.is_empty() && !found.iter().any(|f| f == text) {
            found.push(text.to_string());
        }
    };
    for (n, part) in notes.split('`').enumerate() {
        if n % 2 == 1 {
            if part.contains('/') && !part.contains(' ') {
                push(part);
            }
            continue;
        }
        for word in part.split_whitespace() {
            let target = word.find("](").map_or(word, |at| &word[at + 2..]);
            let target = target.split(')').next().unwrap_or(target);
            let link = target.starts_with("https://") || target.starts_with("http://");
            let file = target
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.'));
            let rooted = target.starts_with("./") || target.starts_with('/');
            let path = target.contains('/') && !target.contains("://") && (file || rooted);
            if link || path {
                push(target);
            }
        }
    }
    found
}

/// The page's text; empty when the page does not exist yet.
fn read_page(wiki: &Path, relative: &str) -> Result<String, Diagnostic> {
    let page = fs::read_page(&fs::safe_target(wiki, relative)?)?;
    Ok(page.unwrap_or_default())
}

/// Whether the item is `name`'s: they own it, or it is about them.
pub fn concerns(item: &ItemReport, name: &str) -> bool {
    item.owners.iter().any(|o| o == name) || item.person.as_deref() == Some(name)
}

/// Open items (not done) per owner name, and per person a per-person item is about, with
/// how many are overdue.
pub fn open_by_person(pages: &[PageReport]) -> BTreeMap<String, (usize, usize)> {
    let mut people: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let open = pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.standing != Standing::Done);
    for item in open {
        // The person a per-person item is about owes it too (their briefing, their NDA).
        let about = item.person.iter().filter(|p| !item.owners.contains(p));
        for owner in item.owners.iter().chain(about) {
            let entry = people.entry(owner.clone()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(item.standing == Standing::Overdue);
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, due: Date) -> Item {
        let owners = vec!["Ann".to_string()];
        let control = crate::policy::items::ItemControl::new(
            id.to_string(),
            "NDA".into(),
            None,
            true,
            owners,
        );
        Item {
            document: Document::Onboarding,
            control: control.into(),
            key: id.into(),
            person: None,
            occurrence: None,
            due: Some(due),
            waived_until: None,
        }
    }

    #[test]
    fn a_task_item_without_a_control_id_is_reported_not_guessed() {
        let text =
            "# Onboarding\n\n- [x] `CON-NDA` NDA: Ann, due 2026-11-20\n- [ ] call the bank\n";
        let nda = item("CON-NDA", Date::constant(2026, 11, 20));
        let today = (Date::constant(2026, 11, 24), 7);
        let page = page(
            "e",
            Document::Onboarding,
            "e/onboarding-checklist.md",
            &[&nda],
            text,
            today,
        );
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].standing, Standing::Done);
        assert!(
            page.items[0].missing_evidence,
            "ticked, no link or path in its notes"
        );
        assert_eq!(page.unidentified.len(), 1);
        assert_eq!(page.unidentified[0].at, "e/onboarding-checklist.md:4");
    }

    #[test]
    fn links_and_paths_in_a_note_are_its_evidence() {
        let notes = "  Signed copy: [NDA](https://docs.example/nda.pdf), also `contracts/nda.pdf`.\n  See https://x.example/a and and/or ./scans/nda.png";
        assert_eq!(
            evidence(notes),
            [
                "https://docs.example/nda.pdf",
                "contracts/nda.pdf",
                "https://x.example/a",
                "./scans/nda.png"
            ]
        );
        assert!(evidence("  done, asked Ann").is_empty());
    }

    #[test]
    fn dates_and_owners_come_from_the_item_not_from_the_page_text() {
        let text = "- [ ] `CON-NDA` NDA: Mallory, due 2099-12-31\n";
        let nda = item("CON-NDA", Date::constant(2026, 11, 20));
        let today = (Date::constant(2026, 11, 24), 7);
        let page = page("e", Document::Onboarding, "e/o.md", &[&nda], text, today);
        assert_eq!(page.items[0].standing, Standing::Overdue);
        assert_eq!(page.items[0].owners, ["Ann"]);
        assert_eq!(page.items[0].due.as_deref(), Some("2026-11-20"));
    }
}
