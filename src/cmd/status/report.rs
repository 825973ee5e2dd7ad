//! What `charter status` prints, made one engagement at a time: each engagement's pages
//! become a [`Part`] (its lines in each section of the output, and its counts) on the
//! thread that read them (`part.rs`), and the parts are folded into a [`Report`] in the order they
//! arrive, which keeps the lines in a [`Spool`] and only the totals in memory (the table's
//! rows, the open items per person, whether anything is overdue). Written out, the report
//! is sorted by engagement id, byte for byte what printing every page's report at once
//! gives.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::json;

use super::part::{
    BARE, CSV_HEADER, DUE_SOON, Mine, OVERDUE, Part, Row, SIGNOFF, Style, TICKED, UNKNOWN,
};
use super::spool::Spool;
use crate::cli::StatusFormat;
use crate::cmd::output::pretty;
use crate::diag::{Diagnostic, Diagnostics};
use crate::status;

/// Every engagement's share, folded in as it comes.
pub struct Report {
    style: Style,
    spool: Spool,
    rows: Vec<(u32, Row)>,
    people: BTreeMap<String, (usize, usize)>,
    width: usize,
    overdue: bool,
    mine: Vec<(u32, Mine)>,
    history: Vec<(u32, Diagnostic)>,
    /// Problems reading who ticked what that belong to no engagement.
    history_first: Vec<Diagnostic>,
    /// The first failure to hold the output.
    failed: Option<io::Error>,
}

impl Report {
    /// An empty report.
    pub fn new(style: Style) -> Report {
        Report {
            style,
            spool: Spool::new(),
            rows: Vec::new(),
            people: BTreeMap::new(),
            width: 0,
            overdue: false,
            mine: Vec::new(),
            history: Vec::new(),
            history_first: Vec::new(),
            failed: None,
        }
    }

    /// Adds the share of engagement `id`.
    pub fn add(&mut self, id: String, part: Part) {
        let n = self.spool.engagement(id);
        for (section, text) in &part.sections {
            if let Err(e) = self.spool.push(*section, n, text.as_bytes()) {
                self.failed.get_or_insert(e);
            }
        }
        self.rows.extend(part.rows.into_iter().map(|r| (n, r)));
        for (name, (open, overdue)) in part.people {
            let entry = self.people.entry(name).or_default();
            entry.0 += open;
            entry.1 += overdue;
        }
        self.width = self.width.max(part.width);
        self.overdue |= part.overdue;
        self.mine.extend(part.mine.into_iter().map(|m| (n, m)));
        self.history
            .extend(part.history.into_iter().map(|d| (n, d)));
    }

    /// Whether an item is overdue (among the person's, with `--person`).
    pub fn overdue(&self) -> bool {
        self.overdue
    }

    /// A problem holding the output, if there was one.
    pub fn problem(&mut self) -> Option<Diagnostic> {
        let e = self.failed.take()?;
        let message = format!("cannot hold the report in a temporary file: {e}");
        Some(Diagnostic::unlocated(message).with_help("free some space in the temporary folder"))
    }

    /// Adds a problem reading who ticked what that belongs to no engagement.
    pub fn history_problem(&mut self, problem: Diagnostic) {
        self.history_first.push(problem);
    }

    /// The problems met reading who ticked what: those of no engagement, then those of
    /// each engagement in the order of their ids.
    pub fn history_problems(&mut self) -> Diagnostics {
        let ranks = self.spool.ranks();
        let mut found = std::mem::take(&mut self.history);
        found.sort_by_key(|(n, _)| ranks[*n as usize]);
        let mut diags: Diagnostics = std::mem::take(&mut self.history_first).into();
        diags.extend(found.into_iter().map(|(_, d)| d));
        diags
    }

    /// Writes the report, sorted by engagement id.
    pub fn write(mut self, out: &mut dyn Write) -> io::Result<()> {
        self.spool.sort();
        if let Some(name) = self.style.person_text() {
            let ranks = self.spool.ranks();
            // As one list sorted by engagement id, then by due date and key.
            self.mine.sort_by(|(a, x), (b, y)| {
                (&x.due, &x.key, ranks[*a as usize]).cmp(&(&y.due, &y.key, ranks[*b as usize]))
            });
            writeln!(out, "{name}: {} items", self.mine.len())?;
            for (_, mine) in &self.mine {
                out.write_all(mine.line.as_bytes())?;
            }
            return Ok(());
        }
        match self.style.format {
            StatusFormat::Text => self.write_text(out),
            StatusFormat::Json => {
                let people: Vec<serde_json::Value> = (self.people.iter())
                    .map(|(name, (open, overdue))| {
                        json!({ "name": name, "open": open, "overdue": overdue })
                    })
                    .collect();
                let whole = pretty(&json!({ "pages": [], "people": people }));
                let head = "{\n  \"pages\": [";
                let rest = whole.strip_prefix(head).unwrap_or(&whole);
                out.write_all(head.as_bytes())?;
                if self.spool.has(0) {
                    out.write_all(b"\n")?;
                    self.spool.write(0, b",\n", out)?;
                    out.write_all(b"\n  ")?;
                }
                out.write_all(rest.as_bytes())
            }
            StatusFormat::Csv => {
                out.write_all(CSV_HEADER.as_bytes())?;
                self.spool.write(0, b"", out)
            }
            StatusFormat::Ics => {
                out.write_all(status::calendar::begin().as_bytes())?;
                self.spool.write(0, b"", out)?;
                out.write_all(status::calendar::end().as_bytes())
            }
        }
    }

    fn write_text(mut self, out: &mut dyn Write) -> io::Result<()> {
        let width = self.width.max(10);
        writeln!(
            out,
            "{:<width$}  {:<24}  {:>4}  {:>5}  {:>7}  {:>8}",
            "ENGAGEMENT", "DOCUMENT", "DONE", "TOTAL", "OVERDUE", "DUE-SOON"
        )?;
        let ranks = self.spool.ranks();
        self.rows.sort_by_key(|(n, _)| ranks[*n as usize]);
        for (n, r) in &self.rows {
            writeln!(
                out,
                "{:<width$}  {:<24}  {:>4}  {:>5}  {:>7}  {:>8}",
                self.spool.id(*n),
                r.document.as_str(),
                r.done,
                r.total,
                r.overdue,
                r.soon
            )?;
        }
        let soon = format!("Due in the next {} days", self.style.within);
        let bare = "Ticked without evidence (write a link or path in the item's notes)";
        let lists = [
            ("Overdue", OVERDUE),
            (&soon, DUE_SOON),
            (bare, BARE),
            ("Ticked", TICKED),
        ];
        for (title, section) in lists {
            self.titled(title, section, out)?;
        }
        if !self.people.is_empty() {
            out.write_all(b"\nOpen items per person:\n")?;
            for (name, (open, overdue)) in &self.people {
                writeln!(out, "  {name}: {open} open, {overdue} overdue")?;
            }
        }
        self.titled("Sign-off", SIGNOFF, out)?;
        self.titled("Items without a control id", UNKNOWN, out)
    }

    /// A section of the text, under its title when it has lines.
    fn titled(&mut self, title: &str, section: u8, out: &mut dyn Write) -> io::Result<()> {
        if self.spool.has(section) {
            writeln!(out, "\n{title}:")?;
            self.spool.write(section, b"", out)?;
        }
        Ok(())
    }
}
