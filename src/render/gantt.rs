//! The engagement's timeline as a Mermaid gantt chart, for its index page: the engagement
//! and its onboarding and offboarding windows, the due dates of each checklist's items as
//! milestones, each recurring duty as one bar, what is overdue tagged `crit` and what is
//! done tagged `done`. Mermaid draws today's line itself (`todayMarker`), on the day the
//! page is read.
//!
//! The chart is code, not Markdown: names keep only letters, digits, spaces and a few
//! safe signs, so no title can break the gantt syntax (`:`, `#`, `;`) or the fence.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::input::engagement::Engagement;
use crate::input::vocab::Document;
use crate::policy::items::Item;
use crate::policy::ledger::Ledger;
use crate::policy::schedule::{self, Standing};

/// Most rows of one section; the rest are one bar.
const MAX_ROWS: usize = 12;
/// Most characters of a task's name.
const MAX_NAME: usize = 48;

/// The chart, fenced as a ```` ```mermaid ```` block: its lines written one after another
/// into one text.
pub fn chart(engagement: &Engagement, ledger: &Ledger) -> String {
    let mut out = String::with_capacity(4 * 1024);
    out.push_str("```mermaid\ngantt\n    title ");
    out.push_str(&name(&engagement.project, MAX_NAME));
    out.push_str("\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    todayMarker on\n");
    phases(&mut out, engagement, ledger);
    for document in Document::ALL {
        milestones(&mut out, *document, ledger);
    }
    recurring(&mut out, ledger);
    out.push_str("```");
    out
}

/// Text a gantt line can hold: letters, digits, spaces and `-_.,()/'+`, the rest spaces,
/// runs of spaces as one, at most `max` characters. One pass over the text: a chart names
/// a few dozen items of every engagement.
pub fn name(text: &str, max: usize) -> String {
    if text.is_ascii() {
        return ascii_name(text.as_bytes(), max);
    }
    let mut words = String::with_capacity(text.len());
    let mut chars = 0;
    let mut gap = false;
    for c in text.chars() {
        if !(c.is_alphanumeric()
            || matches!(c, '-' | '_' | '.' | ',' | '(' | ')' | '/' | '\'' | '+'))
        {
            gap = true;
            continue;
        }
        if gap && !words.is_empty() {
            words.push(' ');
            chars += 1;
        }
        gap = false;
        words.push(c);
        chars += 1;
        // Past `max` the name is cut to its first `max - 3` characters: the rest of the
        // text does not change it.
        if chars > max {
            break;
        }
    }
    if chars > max {
        let keep = max.saturating_sub(3);
        let cut = words
            .char_indices()
            .nth(keep)
            .map_or(words.len(), |(at, _)| at);
        words.truncate(cut);
        words.truncate(words.trim_end().len());
        words.push_str("...");
    }
    if words.is_empty() {
        "item".to_string()
    } else {
        words
    }
}

/// The tags of a row: `crit` when any of its items is overdue, `done` when all are.
fn tags(mut standings: impl Iterator<Item = Standing> + Clone) -> &'static str {
    if standings.clone().any(|s| s == Standing::Overdue) {
        "crit, "
    } else if standings.all(|s| s == Standing::Done) {
        "done, "
    } else {
        ""
    }
}

/// A bar from `start` to `end` (inclusive), at least a day long.
fn bar(out: &mut String, label: &str, tags: &str, start: Date, end: Date) {
    let end = schedule::add_days(end.max(start), 1).unwrap_or(end);
    for piece in ["    ", label, " :", tags] {
        out.push_str(piece);
    }
    schedule::push_date(out, start);
    out.push_str(", ");
    schedule::push_date(out, end);
    out.push('\n');
}

/// A section's heading line.
fn section(out: &mut String, title: &str) {
    out.push_str("    section ");
    out.push_str(title);
    out.push('\n');
}

/// The engagement, and the windows of its onboarding and offboarding checklists (from the
/// first to the last due date of their items).
fn phases(out: &mut String, engagement: &Engagement, ledger: &Ledger) {
    section(out, "Engagement");
    let (starts, ends) = (engagement.starts.value, engagement.ends.value);
    bar(out, "Engagement", "", starts, ends.max(starts));
    for (document, label) in [
        (Document::Onboarding, "Onboarding"),
        (Document::Offboarding, "Offboarding"),
    ] {
        let entries =
            (ledger.entries()).filter(|(i, _)| i.document == document && i.occurrence.is_none());
        let dates = entries.clone().filter_map(|(i, _)| i.due);
        if let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) {
            bar(out, label, tags(entries.map(|(_, s)| s)), first, last);
        }
    }
}

/// One section per checklist: one milestone per due date of its items that do not recur,
/// named by the control when one is due that day; past [`MAX_ROWS`], one bar for the rest.
fn milestones(out: &mut String, document: Document, ledger: &Ledger) {
    // The items by due date, each day's in the ledger's order (the sort is stable).
    let mut dated: Vec<(Date, &Item, Standing)> = (ledger.entries())
        .filter(|(item, _)| item.document == document && item.occurrence.is_none())
        .filter_map(|(item, standing)| Some((item.due?, item, standing)))
        .collect();
    if dated.is_empty() {
        return;
    }
    dated.sort_by_key(|(due, _, _)| *due);
    section(out, document.title());
    let days: Vec<&[(Date, &Item, Standing)]> = dated.chunk_by(|a, b| a.0 == b.0).collect();
    let (shown, rest) = days.split_at(days.len().min(MAX_ROWS));
    for day in shown {
        let standings = day.iter().map(|(_, _, standing)| *standing);
        for piece in ["    ", &milestone_name(day), " :", tags(standings)] {
            out.push_str(piece);
        }
        out.push_str("milestone, ");
        schedule::push_date(out, day[0].0);
        out.push_str(", 0d\n");
    }
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        let standings = rest.iter().flat_map(|day| day.iter().map(|entry| entry.2));
        let mut label = String::with_capacity(16);
        schedule::push_count(&mut label, standings.clone().count());
        label.push_str(" more items");
        bar(out, &label, tags(standings), first[0].0, last[0].0);
    }
}

/// A milestone's name: the control's id and title, or the first control's id and how many
/// others are due that day.
fn milestone_name(day: &[(Date, &Item, Standing)]) -> String {
    let ids = day.iter().map(|(_, item, _)| item.control.id.as_str());
    // Each run of the same id counts once.
    let controls = 1 + ids.clone().zip(ids.skip(1)).filter(|(a, b)| a != b).count();
    let item = &day[0].1;
    match controls {
        1 => name(&spaced(&item.control.id, &item.control.title), MAX_NAME),
        n => {
            let mut text = [item.control.id.as_str(), " and "].concat();
            schedule::push_count(&mut text, n - 1);
            text.push_str(" more");
            name(&text, MAX_NAME)
        }
    }
}

/// `first`, a space and `second` as one text (a name's words, before [`name`] cleans them).
fn spaced(first: &str, second: &str) -> String {
    let mut text = String::with_capacity(first.len() + 1 + second.len());
    for piece in [first, " ", second] {
        text.push_str(piece);
    }
    text
}

/// `every 14d`, or the cadence's own word (`monthly`).
fn cadence(item: &Item) -> String {
    let every = item.control.every.as_deref().unwrap_or_default();
    match every.starts_with(|c: char| c.is_ascii_digit()) {
        true => ["every ", every].concat(),
        false => every.to_string(),
    }
}

/// One bar per recurring control, from its first occurrence to its last.
fn recurring(out: &mut String, ledger: &Ledger) {
    let mut series: BTreeMap<&str, (String, Vec<Date>, Vec<Standing>)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (item, standing) in ledger.entries().filter(|(i, _)| i.occurrence.is_some()) {
        let entry = series.entry(item.control.id.as_str()).or_insert_with(|| {
            order.push(item.control.id.as_str());
            let label = name(&spaced(&item.control.id, &cadence(item)), MAX_NAME);
            (label, Vec::new(), Vec::new())
        });
        entry.1.extend(item.due);
        entry.2.push(standing);
    }
    if order.is_empty() {
        return;
    }
    section(out, "Recurring duties");
    for id in order.iter().take(MAX_ROWS) {
        let Some((label, dates, standings)) = series.get(id) else {
            continue;
        };
        if let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) {
            bar(out, label, tags(standings.iter().copied()), *first, *last);
        }
    }
    if order.len() > MAX_ROWS {
        let rest: Vec<&(String, Vec<Date>, Vec<Standing>)> = order[MAX_ROWS..]
            .iter()
            .filter_map(|id| series.get(id))
            .collect();
        let dates = rest.iter().flat_map(|s| s.1.iter().copied());
        let standings = rest.iter().flat_map(|s| s.2.iter().copied());
        if let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) {
            let label = format!("{} more recurring duties", rest.len());
            bar(out, &label, tags(standings), first, last);
        }
    }
}

/// [`name`] of ASCII text, a byte a character: each run of bytes a name keeps is copied
/// at once, one space between runs.
fn ascii_name(text: &[u8], max: usize) -> String {
    let mut words = Vec::with_capacity(text.len().min(max + 1));
    let mut rest = text;
    while let Some(start) = rest.iter().position(|&b| KEPT[usize::from(b)]) {
        let run = &rest[start..];
        let end = run
            .iter()
            .position(|&b| !KEPT[usize::from(b)])
            .unwrap_or(run.len());
        if !words.is_empty() {
            words.push(b' ');
        }
        words.extend_from_slice(&run[..end]);
        if words.len() > max {
            words.truncate(max.saturating_sub(3));
            while words.last() == Some(&b' ') {
                words.pop();
            }
            words.extend_from_slice(b"...");
            break;
        }
        rest = &run[end..];
    }
    match words.is_empty() {
        true => "item".to_string(),
        // Only ASCII bytes were kept.
        false => String::from_utf8(words).unwrap_or_default(),
    }
}

/// The ASCII bytes a gantt name keeps: letters, digits and `-_.,()/'+`.
const KEPT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'_' | b'.' | b',' | b'(' | b')' | b'/' | b'\'' | b'+'
            );
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_what_breaks_a_gantt_line_or_its_fence() {
        assert_eq!(name("A: b; c #1 ```x``` %%y", 48), "A b c 1 x y");
        assert_eq!(name(":;#", 48), "item");
        assert_eq!(name(&"x".repeat(60), 10), "xxxxxxx...");
    }

    /// The name as the chart first made it: each character mapped, the words split and
    /// joined, then cut.
    fn name_by_words(text: &str, max: usize) -> String {
        let safe: String = text
            .chars()
            .map(|c| match c.is_alphanumeric() || "-_.,()/'+".contains(c) {
                true => c,
                false => ' ',
            })
            .collect();
        let mut words = safe.split_whitespace().collect::<Vec<_>>().join(" ");
        if words.chars().count() > max {
            words = words.chars().take(max - 3).collect::<String>();
            words = format!("{}...", words.trim_end());
        }
        if words.is_empty() {
            "item".to_string()
        } else {
            words
        }
    }

    #[test]
    fn names_are_the_words_of_the_text_joined_and_cut() {
        let texts = [
            "",
            " ",
            "ONB-01 Sign the NDA",
            "  lead  and trail  ",
            "a:b;c#d```e",
            "tab\there\nnew line\u{a0}nbsp\u{2003}em",
            "Ünïcödé wörds, (and) sign's/+.-_",
            "日本語 テキスト 🙂 emoji",
            "x x x x x x x x x x x x x x x x x x x x x x x x x x x",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789",
            "word                                              end",
            "éééééééééééééééééééééééééééééééééééééééééééééééééééé",
            "\u{202e}bidi\u{200b}zero",
            "  ab  cd  ",
            "abc def ghi jkl mno pqr stu vwx yz1 234 567 890 abc def ghi jkl mno",
            "a                                                                  b",
            ":;# a",
            "x y z",
        ];
        for text in texts {
            for max in [3, 4, 5, 6, 7, 10, 20, 47, 48, 49, 60] {
                assert_eq!(name(text, max), name_by_words(text, max), "{text:?} {max}");
            }
        }
    }
}
