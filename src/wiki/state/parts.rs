//! The people's part of a page split into lines and scanned: its items (duplicates
//! merged), its areas' text, its sign-off rows, and the lines outside them that charter did
//! not write (strays).

use crate::wiki::scan::{self, ItemSpan, Line, Scan};

use super::known::Known;
use super::page::{Item, Repair, SignoffRow, Stray};

/// The page's items, duplicates of one id merged: ticked if any copy is, notes of every
/// copy kept.
pub(super) fn items(
    lines: &[Line],
    scan: &Scan,
    known: Option<&Known>,
    repairs: &mut Vec<Repair>,
) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for span in &scan.items {
        let item = item(lines, span, known);
        let twin = items
            .iter_mut()
            .find(|other| other.id == item.id && other.retired == item.retired);
        let Some(twin) = twin else {
            items.push(item);
            continue;
        };
        let kept = if twin.checked != item.checked {
            "they differ in their tick, so the item stays ticked"
        } else {
            "they are merged into one"
        };
        let what = format!(
            "`{}` appears twice; {kept}, and the notes of both are kept",
            item.id
        );
        repairs.push(Repair {
            line: lines[span.first].number,
            what,
        });
        twin.checked |= item.checked;
        if !item.notes.is_empty() && !twin.notes.contains(&item.notes) {
            twin.notes = [twin.notes.as_str(), item.notes.as_str()]
                .iter()
                .filter(|n| !n.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n\n");
        }
    }
    items
}

/// One item: its line, and its notes (the lines under it charter did not write).
fn item(lines: &[Line], span: &ItemSpan, known: Option<&Known>) -> Item {
    let theirs: Vec<&str> = (span.first + 1..span.last)
        .filter(|&i| {
            scan::is_blank(lines[i].text) || span.retired || !known.is_some_and(|k| k.wrote(i))
        })
        .map(|i| lines[i].text)
        .collect();
    Item {
        id: span.id.clone(),
        checked: span.checked,
        line: lines[span.first].text.to_string(),
        notes: trim_blank_lines(&theirs).join("\n"),
        retired: span.retired,
        at: lines[span.first].number,
    }
}

fn trim_blank_lines<'a>(lines: &'a [&'a str]) -> &'a [&'a str] {
    let start = lines
        .iter()
        .position(|l| !scan::is_blank(l))
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !scan::is_blank(l))
        .map_or(start, |i| i + 1);
    &lines[start..end]
}

/// The text of an area's lines, each with its line break.
pub(super) fn area_text(lines: &[Line], area: Option<std::ops::Range<usize>>) -> String {
    let Some(area) = area else {
        return String::new();
    };
    lines[area]
        .iter()
        .map(|l| format!("{}\n", l.text))
        .collect()
}

/// The rows of every sign-off table. A row is filled when it is not a line charter wrote
/// (by the footer's digests); on a page without them, when a cell after the first holds
/// text, which keeps every row that might hold someone's work.
pub(super) fn signoff_rows(lines: &[Line], scan: &Scan, known: Option<&Known>) -> Vec<SignoffRow> {
    let mut rows = Vec::new();
    for table in &scan.signoffs {
        let headers = cells(lines[table.header].text);
        for (i, line) in lines
            .iter()
            .enumerate()
            .take(table.end)
            .skip(table.header + 1)
        {
            let cells = cells(line.text);
            if cells
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                continue; // the delimiter row
            }
            let key = cells.first().cloned().unwrap_or_default();
            let filled = match known {
                Some(known) => !known.wrote(i),
                None => cells.iter().skip(1).any(|c| !c.is_empty()),
            };
            rows.push(SignoffRow {
                key,
                cells,
                headers: headers.clone(),
                filled,
            });
        }
    }
    rows
}

/// The cells of a table row, trimmed; `\|` stays inside its cell.
pub fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row
        .strip_suffix('|')
        .filter(|r| !r.ends_with('\\'))
        .unwrap_or(row);
    let mut out = vec![String::new()];
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let cell = out.last_mut();
                cell.into_iter().for_each(|cell| {
                    cell.push('\\');
                    cell.extend(chars.next());
                });
            }
            '|' => out.push(String::new()),
            c => out.last_mut().into_iter().for_each(|cell| cell.push(c)),
        }
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Lines outside the state that charter did not write. Without known digests (a page
/// written before footers recorded them and edited since), every line outside the state
/// is a candidate; the merge keeps those that a new rendering does not have.
pub(super) fn strays(lines: &[Line], scan: &Scan, known: Option<&Known>) -> Vec<Stray> {
    let Some(footer) = scan.footer.as_ref().map(|(i, _)| *i) else {
        return Vec::new(); // not charter's page: judged as a whole
    };
    let mut owned = vec![false; lines.len()];
    let mut mark = |range: std::ops::Range<usize>| owned[range].iter_mut().for_each(|o| *o = true);
    for span in &scan.items {
        mark(span.first + 1..span.last);
        if span.retired {
            mark(span.first..span.first + 1);
        }
    }
    for area in [&scan.notes, &scan.recovered].into_iter().flatten() {
        mark(area.start.saturating_sub(1)..(area.end + 1).min(lines.len()));
    }
    for table in &scan.signoffs {
        mark(table.header..table.end);
    }
    mark(footer..lines.len());
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim_end();
        if owned[i] || text.is_empty() {
            continue;
        }
        if known.is_some_and(|k| k.wrote(i)) {
            continue;
        }
        let why = match scan::item_line(text) {
            Some(_) => "edited item text",
            None => "text outside the parts people own",
        };
        out.push(Stray {
            line: line.number,
            text: line.text.to_string(),
            why,
        });
    }
    if known.is_none() {
        // Only the merge can tell, against a new rendering, which of these are theirs.
        out.iter_mut()
            .for_each(|s| s.why = "text of a page edited before this version");
    }
    out
}
