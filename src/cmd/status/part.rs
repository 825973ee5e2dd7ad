//! One engagement's share of what `charter status` prints: its lines in each section of
//! the output, made on the thread that read its pages, and its counts (the table's rows,
//! the open items per person, whether anything is overdue).

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::cli::StatusFormat;
use crate::diag::Diagnostic;
use crate::input::vocab::Document;
use crate::status::{self, PageReport, Standing};

/// The sections of the text output that list items, in the order printed; the other
/// formats have one section.
pub const OVERDUE: u8 = 0;
pub const DUE_SOON: u8 = 1;
pub const BARE: u8 = 2;
pub const TICKED: u8 = 3;
pub const SIGNOFF: u8 = 4;
pub const UNKNOWN: u8 = 5;

/// What the output looks like.
#[derive(Clone)]
pub struct Style {
    /// The format.
    pub format: StatusFormat,
    /// Only this person's items (`--person`).
    pub person: Option<String>,
    /// Days ahead that count as due soon.
    pub within: i64,
    /// The day of the run (the calendar's stamp).
    pub today: Date,
}

impl Style {
    /// Whether the output is one person's items by due date.
    pub fn person_text(&self) -> Option<&str> {
        self.person
            .as_deref()
            .filter(|_| self.format == StatusFormat::Text)
    }
}

/// One engagement's share of the output.
pub struct Part {
    /// Its lines, by section (for the formats other than text, all in section 0).
    pub sections: Vec<(u8, String)>,
    /// Its rows of the text table.
    pub rows: Vec<Row>,
    /// Open and overdue items per person.
    pub people: BTreeMap<String, (usize, usize)>,
    /// The width of its id in the text table, when it has pages.
    pub width: usize,
    /// Whether an item is overdue.
    pub overdue: bool,
    /// The person's items (`--person`, text).
    pub mine: Vec<Mine>,
    /// Problems met reading who ticked what.
    pub history: Vec<Diagnostic>,
}

/// A row of the text table: a page with items.
pub struct Row {
    pub document: Document,
    pub done: usize,
    pub total: usize,
    pub overdue: usize,
    pub soon: usize,
}

/// One of the person's items: what it sorts by, and its line.
pub struct Mine {
    pub due: Option<String>,
    pub key: String,
    pub line: String,
}

impl Part {
    /// The share of an engagement whose pages are `pages` (for `--person`, only that
    /// person's items); `history` holds the problems met reading who ticked what.
    pub fn new(pages: &[PageReport], style: &Style, history: Vec<Diagnostic>) -> Part {
        let mut part = Part {
            sections: Vec::new(),
            rows: Vec::new(),
            people: BTreeMap::new(),
            width: pages.iter().map(|p| p.engagement.len()).max().unwrap_or(0),
            overdue: pages.iter().any(|p| p.count(Standing::Overdue) > 0),
            mine: Vec::new(),
            history,
        };
        if style.person_text().is_some() {
            part.mine = mine(pages);
            return part;
        }
        if matches!(style.format, StatusFormat::Text | StatusFormat::Json) {
            part.people = status::open_by_person(pages);
        }
        match style.format {
            StatusFormat::Text => {
                part.rows = rows(pages);
                part.sections = text(pages);
            }
            StatusFormat::Json => part.sections = vec![(0, json_pages(pages))],
            StatusFormat::Csv => part.sections = vec![(0, csv(pages))],
            StatusFormat::Ics => {
                part.sections = vec![(0, status::calendar::events(pages, style.today))];
            }
        }
        part
    }
}

/// The text table's rows of one engagement.
fn rows(pages: &[PageReport]) -> Vec<Row> {
    (pages.iter().filter(|p| !p.items.is_empty()))
        .map(|p| Row {
            document: p.document,
            done: p.count(Standing::Done),
            total: p.items.len(),
            overdue: p.count(Standing::Overdue),
            soon: p.count(Standing::DueSoon),
        })
        .collect()
}

/// One engagement's lines in each section of the text.
fn text(pages: &[PageReport]) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = Vec::new();
    let mut line = |section: u8, text: String| match out.last_mut() {
        Some((s, lines)) if *s == section => lines.push_str(&text),
        _ => out.push((section, text)),
    };
    let items = || {
        pages
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)))
    };
    for (section, standing) in [(OVERDUE, Standing::Overdue), (DUE_SOON, Standing::DueSoon)] {
        for (p, i) in items().filter(|(_, i)| i.standing == standing) {
            let due = i.due.as_deref().unwrap_or("no date");
            let owners = i.owners.join(", ");
            let (e, id, at) = (&p.engagement, &i.id, &i.at);
            line(
                section,
                format!("  {e}  {id}  due {due}  {owners}  ({at})\n"),
            );
        }
    }
    for (p, i) in items().filter(|(_, i)| i.missing_evidence) {
        line(BARE, format!("  {}  {}  ({})\n", p.engagement, i.key, i.at));
    }
    for (p, i, t) in items().filter_map(|(p, i)| i.ticked.as_ref().map(|t| (p, i, t))) {
        let short = t.commit.get(..12).unwrap_or(&t.commit);
        let (e, key) = (&p.engagement, &i.key);
        let by = format!("by {} <{}>  {}", t.author, t.email, t.date);
        line(TICKED, format!("  {e}  {key}  {by}  {short}\n"));
    }
    for (p, s) in pages
        .iter()
        .flat_map(|p| p.signoffs.iter().map(move |s| (p, s)))
    {
        let cells: Vec<String> = (s.cells.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        let state = if s.signed { "signed" } else { "not signed" };
        let (e, area, cells) = (&p.engagement, &s.area, cells.join(", "));
        line(SIGNOFF, format!("  {e}  {area}  {state}  {cells}\n"));
    }
    for u in pages.iter().flat_map(|p| &p.unidentified) {
        let (at, text) = (&u.at, &u.text);
        line(
            UNKNOWN,
            format!("  {at}: no control id, not counted: {text}\n"),
        );
    }
    out
}

/// One engagement's pages as elements of the JSON `pages` array: pretty, indented as
/// inside it, separated by commas.
fn json_pages(pages: &[PageReport]) -> String {
    let mut out = String::new();
    for page in pages {
        if !out.is_empty() {
            out.push_str(",\n");
        }
        // Through a JSON value, as the whole report was: its keys sorted.
        let value = serde_json::to_value(page).unwrap_or_default();
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
    }
    out
}

/// The person's items of one engagement, each with its line.
fn mine(pages: &[PageReport]) -> Vec<Mine> {
    (pages
        .iter()
        .flat_map(|p| p.items.iter().map(move |i| (p, i))))
    .map(|(p, i)| Mine {
        due: i.due.clone(),
        key: i.key.clone(),
        line: format!(
            "  {}  {:<9}  {}  {}  ({})\n",
            i.due.as_deref().unwrap_or("no date"),
            standing_name(i.standing),
            p.engagement,
            i.key,
            i.at
        ),
    })
    .collect()
}

pub const CSV_HEADER: &str = "engagement,document,key,control,title,person,standing,due,owners,at,evidence,evidence_missing,ticked_by,ticked_email,ticked_commit,ticked_date\r\n";

/// One row per item: where it is, where it stands, its evidence and who ticked it.
fn csv(pages: &[PageReport]) -> String {
    let field = |text: &str| {
        // A cell a spreadsheet would run as a formula starts with a quote instead.
        let text = if text.starts_with(['=', '+', '-', '@']) {
            format!("'{text}")
        } else {
            text.to_string()
        };
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    };
    let mut out = String::new();
    for page in pages {
        for i in &page.items {
            let tick = i.ticked.as_ref();
            let row = [
                page.engagement.as_str(),
                page.document.as_str(),
                &i.key,
                &i.id,
                &i.title,
                i.person.as_deref().unwrap_or(""),
                standing_name(i.standing),
                i.due.as_deref().unwrap_or(""),
                &i.owners.join("; "),
                &i.at,
                &i.evidence.join(" "),
                if i.missing_evidence { "missing" } else { "" },
                tick.map_or("", |t| t.author.as_str()),
                tick.map_or("", |t| t.email.as_str()),
                tick.map_or("", |t| t.commit.as_str()),
                tick.map_or("", |t| t.date.as_str()),
            ];
            let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn standing_name(standing: Standing) -> &'static str {
    match standing {
        Standing::Done => "done",
        Standing::Overdue => "overdue",
        Standing::DueSoon => "due-soon",
        Standing::Waived => "waived",
        Standing::Open => "open",
    }
}
