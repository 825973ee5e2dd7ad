//! Progress read back from the wiki: what is done, overdue, due soon, and whose it is.
//!
//! Works on pages people edited by hand: items are found by the control id that opens them
//! (as the wiki merge finds them); a task item without one is reported, never guessed at.
//! The due date and owners are read from the item's text (`...: OWNERS, due YYYY-MM-DD`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::Date;
use pulldown_cmark::Event;
use regex::Regex;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::fs;
use crate::markdown;
use crate::render::context::DOCUMENTS;
use crate::wiki::state::{self, NOTES_END, NOTES_START};

/// Where an open item stands on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Ticked.
    Done,
    /// Not ticked and its due date has passed.
    Overdue,
    /// Not ticked and due within the look-ahead window.
    DueSoon,
    /// Not ticked, due later (or no due date written).
    Open,
}

/// The due date written in an item's text (`due YYYY-MM-DD`), the last one if several.
pub fn due_in(line: &str) -> Option<Date> {
    static DUE: OnceLock<Option<Regex>> = OnceLock::new();
    let regex = DUE
        .get_or_init(|| Regex::new(r"\bdue (\d{4}-\d{2}-\d{2})\b").ok())
        .as_ref()?;
    let last = regex.captures_iter(line).last()?;
    last.get(1)?.as_str().parse().ok()
}

/// The owners written in an item's text: the names between the last `: ` and `, due`.
pub fn owners_in(line: &str) -> Vec<String> {
    let Some(before_due) = line.rfind(", due ").map(|i| &line[..i]) else {
        return Vec::new();
    };
    let Some(start) = before_due.rfind(": ").map(|i| i + 2) else {
        return Vec::new();
    };
    before_due[start..]
        .split(", ")
        .map(unescape)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Markdown text without its backslash escapes.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Where an item stands on `today`, looking `within` days ahead.
pub fn standing(checked: bool, due: Option<Date>, today: Date, within: i64) -> Standing {
    match due {
        _ if checked => Standing::Done,
        Some(due) if due < today => Standing::Overdue,
        Some(due)
            if today
                .checked_add(within.days())
                .is_ok_and(|limit| due <= limit) =>
        {
            Standing::DueSoon
        }
        _ => Standing::Open,
    }
}

/// Whether an item's text says it was due before `today` and its box is not ticked.
pub fn is_overdue(checked: bool, line: &str, today: Date) -> bool {
    standing(checked, due_in(line), today, 0) == Standing::Overdue
}

/// One checklist item as read from the wiki.
#[derive(Clone, Debug, Serialize)]
pub struct ItemReport {
    /// Control id.
    pub id: String,
    /// Where it stands.
    pub standing: Standing,
    /// Due date, if the text has one.
    pub due: Option<String>,
    /// Owner names from the text.
    pub owners: Vec<String>,
    /// `page:line`.
    pub at: String,
}

/// A task item the status cannot attribute to a control.
#[derive(Clone, Debug, Serialize)]
pub struct Unidentified {
    /// `page:line`.
    pub at: String,
    /// The item's first line.
    pub text: String,
}

/// One checklist page.
#[derive(Clone, Debug, Serialize)]
pub struct PageReport {
    /// Engagement id.
    pub engagement: String,
    /// Document name (`onboarding-checklist`).
    pub document: String,
    /// Page path relative to the wiki.
    pub path: String,
    /// Items (Retired ones left out).
    pub items: Vec<ItemReport>,
    /// Task items without a control id.
    pub unidentified: Vec<Unidentified>,
}

impl PageReport {
    /// Items in a standing.
    pub fn count(&self, standing: Standing) -> usize {
        self.items.iter().filter(|i| i.standing == standing).count()
    }
}

/// Reads every page of the wiki that has checklist items.
pub fn read_wiki(dir: &Path, today: Date, within: i64) -> Result<Vec<PageReport>, Diagnostic> {
    if !dir.is_dir() {
        let message = format!("`{}` is not a folder", fs::display(dir));
        return Err(
            Diagnostic::unlocated(message).with_help("name the wiki folder charter builds into")
        );
    }
    let mut pages = Vec::new();
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in
        walk.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(|e| {
            Diagnostic::unlocated(format!("cannot read `{}`: {e}", fs::display(dir)))
        })?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let relative = fs::display(path.strip_prefix(dir).unwrap_or(path));
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::unlocated(format!("cannot read `{}`: {e}", fs::display(path)))
        })?;
        if let Some(page) = read_page(&relative, &text, today, within) {
            pages.push(page);
        }
    }
    Ok(pages)
}

/// The report of one page, or `None` when it has no task items.
pub fn read_page(relative: &str, text: &str, today: Date, within: i64) -> Option<PageReport> {
    let text = text.replace("\r\n", "\n");
    let scan = state::scan(&text);
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let items: Vec<ItemReport> = scan
        .items
        .iter()
        .filter(|span| !span.retired)
        .map(|span| {
            let item = span.item(&text);
            let due = due_in(&item.line);
            ItemReport {
                id: item.id.clone(),
                standing: standing(item.checked, due, today, within),
                due: due.map(|d| d.to_string()),
                owners: owners_in(&item.line),
                at: format!("{relative}:{}", line_of(span.start)),
            }
        })
        .collect();
    let unidentified = unidentified(&text, &scan, relative, &line_of);
    if items.is_empty() && unidentified.is_empty() {
        return None;
    }
    let (engagement, document) = page_identity(relative);
    Some(PageReport {
        engagement,
        document,
        path: relative.to_string(),
        items,
        unidentified,
    })
}

/// Task items whose box no control-id item accounts for (outside the notes area).
fn unidentified(
    text: &str,
    scan: &state::Scan,
    relative: &str,
    line_of: &dyn Fn(usize) -> usize,
) -> Vec<Unidentified> {
    let notes = match (text.find(NOTES_START), text.find(NOTES_END)) {
        (Some(a), Some(b)) => a..b,
        _ => 0..0,
    };
    markdown::parser(text)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::TaskListMarker(_)))
        .filter(|(_, range)| !notes.contains(&range.start))
        .filter(|(_, range)| {
            !scan.items.iter().any(|i| {
                i.marker.start <= range.start && range.start < i.marker.end.max(i.marker.start + 1)
            })
        })
        .map(|(_, range)| {
            let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[range.start..]
                .find('\n')
                .map_or(text.len(), |i| range.start + i);
            Unidentified {
                at: format!("{relative}:{}", line_of(range.start)),
                text: text[start..end].trim().to_string(),
            }
        })
        .collect()
}

/// Engagement and document of a page: `ID/DOC.md` (folders), or `ID-DOC.md` (GitHub wiki).
fn page_identity(relative: &str) -> (String, String) {
    let stem = relative.strip_suffix(".md").unwrap_or(relative);
    if let Some((engagement, document)) = stem.rsplit_once('/') {
        return (engagement.to_string(), document.to_string());
    }
    let known = DOCUMENTS
        .iter()
        .find_map(|(doc, _)| stem.strip_suffix(&format!("-{doc}")).map(|e| (e, *doc)));
    match known {
        Some((engagement, document)) => (engagement.to_string(), document.to_string()),
        None => (String::new(), stem.to_string()),
    }
}

/// Open items (not done) per owner name, with how many are overdue.
pub fn open_by_person(pages: &[PageReport]) -> BTreeMap<String, (usize, usize)> {
    let mut people: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let open = pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.standing != Standing::Done);
    for item in open {
        for owner in &item.owners {
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

    const LINE: &str = "- [ ] `CON-NDA` NDA countersigned: Lars Berg, Eva \\-Lind, due 2026-11-21";

    #[test]
    fn due_dates_and_owners_are_read_from_the_item_text() {
        assert_eq!(due_in(LINE), Some(Date::constant(2026, 11, 21)));
        assert_eq!(owners_in(LINE), ["Lars Berg", "Eva -Lind"]);
        assert_eq!(due_in("- [ ] `X` no date"), None);
    }

    #[test]
    fn standing_compares_the_due_date_with_today() {
        let due = Some(Date::constant(2026, 12, 1));
        let on = |y, m, d| standing(false, due, Date::constant(y, m, d), 7);
        assert_eq!(on(2026, 12, 2), Standing::Overdue);
        assert_eq!(on(2026, 12, 1), Standing::DueSoon);
        assert_eq!(on(2026, 11, 24), Standing::DueSoon);
        assert_eq!(on(2026, 11, 23), Standing::Open);
        assert_eq!(
            standing(true, due, Date::constant(2027, 1, 1), 7),
            Standing::Done
        );
    }

    #[test]
    fn a_task_item_without_a_control_id_is_reported_not_guessed() {
        let text =
            "# Onboarding\n\n- [x] `CON-NDA` NDA: Ann, due 2026-11-20\n- [ ] call the bank\n";
        let page = read_page(
            "e/onboarding-checklist.md",
            text,
            Date::constant(2026, 11, 24),
            7,
        )
        .unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.unidentified.len(), 1);
        assert_eq!(page.unidentified[0].at, "e/onboarding-checklist.md:4");
        assert_eq!(
            (page.engagement.as_str(), page.document.as_str()),
            ("e", "onboarding-checklist")
        );
    }
}
