//! Reading a page back: what people own in it, and any text of theirs outside those parts.
//!
//! A page has two kinds of text. The **generated** text is charter's: its footer records a
//! digest of every generated line, so on the next read each line is known as charter's or
//! not, whatever changed since. The **state** is people's: the checked mark of each
//! checklist item, the lines under an item that charter did not write (its notes), the
//! notes area, the recovered area and the filled cells of sign-off tables (see
//! [`super::scan`] for where each lives). A line outside the state that charter did not
//! write is a **stray**: someone edited generated text. A build refuses to replace such a
//! page unless forced, and then keeps the stray lines in the page's Recovered section.

use crate::wiki::footer::{Footer, LineHash};
use crate::wiki::line_digest;
use crate::wiki::scan::{self, ItemSpan, Line, Scan};

/// One checklist item of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The control id in the item's opening code span.
    pub id: String,
    /// Whether the box is ticked.
    pub checked: bool,
    /// The item's first line, as written.
    pub line: String,
    /// The lines under the item that charter did not write, verbatim, without blank lines
    /// at either end; empty if none.
    pub notes: String,
    /// Whether the item stands in the Retired section.
    pub retired: bool,
    /// The 1-based line of the item in the page as read.
    pub at: usize,
}

impl Item {
    /// Whether a person ticked or annotated the item.
    pub fn holds_work(&self) -> bool {
        self.checked || !self.notes.is_empty()
    }
}

/// One row of a sign-off table: its key (the first cell) and every cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignoffRow {
    /// The first cell, trimmed.
    pub key: String,
    /// Every cell, trimmed, in column order.
    pub cells: Vec<String>,
    /// The table's column headers.
    pub headers: Vec<String>,
    /// Whether someone wrote in the row: it is not a line charter wrote.
    pub filled: bool,
}

/// What people put into one page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageState {
    /// Checklist items, in page order (duplicates of one id merged into the first).
    pub items: Vec<Item>,
    /// The notes area, verbatim; empty if there is none.
    pub notes: String,
    /// The recovered area, verbatim; empty if there is none.
    pub recovered: String,
    /// Rows of sign-off tables.
    pub signoffs: Vec<SignoffRow>,
}

impl PageState {
    /// The first item with control id `id` that is not retired, else the retired one.
    #[cfg(test)]
    pub fn item(&self, id: &str) -> Option<&Item> {
        let mut same = self.items.iter().filter(|item| item.id == id);
        let first = same.clone().find(|item| !item.retired);
        first.or_else(|| same.next())
    }

    /// The item opened by `key` outside the Retired section: the one whose tick and notes
    /// count for the engagement's item of that key.
    pub fn current(&self, key: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|item| item.id == key && !item.retired)
    }

    /// Whether anything on the page is a person's work.
    pub fn holds_work(&self) -> bool {
        !scan::is_blank(&self.notes)
            || !scan::is_blank(&self.recovered)
            || self.items.iter().any(Item::holds_work)
            || self.signoffs.iter().any(SignoffRow::is_filled)
    }
}

impl SignoffRow {
    /// Whether someone wrote in the row (a decision, a date), whatever its columns.
    pub fn is_filled(&self) -> bool {
        self.filled
    }
}

/// A line of someone's outside the parts of the page people own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stray {
    /// 1-based line number in the page as read.
    pub line: usize,
    /// The line, verbatim.
    pub text: String,
    /// Why it is not state: `edited item text` or `text outside the notes`.
    pub why: &'static str,
}

/// Something about the page's structure a build reports while keeping everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// 1-based line number in the page as read.
    pub line: usize,
    /// What was found and what the build does about it.
    pub what: String,
}

/// A page as found on disk.
#[derive(Clone, Debug, Default)]
pub struct ReadPage {
    /// The people's part.
    pub state: PageState,
    /// Whether the page carries charter's footer.
    pub generated: bool,
    /// Digests of the generated lines the footer records (or, for a page written before
    /// footers recorded them and not edited since, of all its lines).
    pub known: Option<KnownLines>,
    /// How its lines are digested: as its footer's digests were taken, else the current
    /// way; a merge of the page keeps it, so that a page written with the older digests
    /// is not rewritten for its footer alone.
    pub hash: LineHash,
    /// Lines of someone's outside the state.
    pub strays: Vec<Stray>,
    /// Structural repairs the next build makes (nothing is lost by them).
    pub repairs: Vec<Repair>,
    /// Fingerprint of the inputs the page was built from, as recorded in the footer.
    pub inputs: Option<u64>,
}

impl ReadPage {
    /// Whether the page carries charter's footer.
    pub fn is_generated(&self) -> bool {
        self.generated
    }

    /// Whether someone changed generated text: a build would have to move their lines to
    /// the Recovered section.
    pub fn edited(&self) -> bool {
        !self.strays.is_empty()
    }
}

/// The text as charter reads it: no byte-order mark, LF line endings.
pub fn normalized(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The `memchr` crate's search: the standard library's is several times slower, over
    // every page a status or a rebuild reads.
    match memchr::memchr(b'\r', text.as_bytes()).is_some() {
        true => std::borrow::Cow::Owned(text.replace("\r\n", "\n")),
        false => std::borrow::Cow::Borrowed(text),
    }
}

/// Reads a page's state (the [`ReadPage::state`] that [`read`] gives) and its task items
/// of someone's (no control id) outside the items and the notes and recovered areas, as
/// (1-based line, the line): the page split into lines and scanned once for both. What is
/// not charter's outside the state is not looked for, so only the lines inside items and
/// sign-off tables are digested.
pub fn state_with_plain_tasks(text: &str) -> (PageState, Vec<(usize, String)>) {
    let text = normalized(text);
    let lines = scan::lines(&text);
    let scan = scan::scan(&lines);
    let tasks = plain_tasks_in(&lines, &scan);
    let footer = scan.footer.as_ref().map(|(_, f)| f);
    let hash = line_hash(footer);
    let known = known_lines(&lines, &scan, footer, hash);
    let digests = known.as_ref().map(|_| digests_inside(&lines, &scan, hash));
    let charters = known.as_ref().zip(digests.as_deref());
    let charters = charters.map(|(recorded, digests)| Known { recorded, digests });
    let state = state_in(&lines, &scan, charters.as_ref(), &mut Vec::new());
    (state, tasks)
}

/// Each line's digest, indexed as the lines, taken only for the lines [`PageState`] asks
/// [`Known::wrote`] about (inside an item, or a sign-off table's rows); 0 for the others.
fn digests_inside(lines: &[Line], scan: &Scan, hash: LineHash) -> Vec<u32> {
    let items = scan.items.iter().map(|s| s.first + 1..s.last);
    let tables = scan.signoffs.iter().map(|t| t.header + 1..t.end);
    let asked: Vec<std::ops::Range<usize>> = items.chain(tables).collect();
    let digested = asked.iter().flat_map(|r| r.clone().map(|i| lines[i].text));
    let mut taken = line_digest::digests(hash, digested).into_iter();
    let mut digests = vec![0; lines.len()];
    for i in asked.into_iter().flatten() {
        digests[i] = taken.next().unwrap_or_default();
    }
    digests
}

/// The plain task items of a page split into `lines` and scanned.
fn plain_tasks_in(lines: &[Line], scan: &Scan) -> Vec<(usize, String)> {
    let inside = |i: usize| {
        scan.items.iter().any(|s| (s.first..s.last).contains(&i))
            || [&scan.notes, &scan.recovered]
                .into_iter()
                .flatten()
                .any(|a| (a.start.saturating_sub(1)..a.end + 1).contains(&i))
    };
    let tasks = lines
        .iter()
        .enumerate()
        // A plain task first (few lines are), then whether an item or area holds it.
        .filter(|(i, l)| scan::is_plain_task(l.text) && !inside(*i));
    tasks
        .map(|(_, l)| (l.number, l.text.trim().to_string()))
        .collect()
}

/// Reads a page's state and finds what is not charter's.
pub fn read(text: &str) -> ReadPage {
    let text = normalized(text);
    let lines = scan::lines(&text);
    let scan = scan::scan(&lines);
    let footer = scan.footer.as_ref().map(|(_, f)| f);
    let hash = line_hash(footer);
    let known = known_lines(&lines, &scan, footer, hash);
    let digests = known
        .as_ref()
        .map(|_| line_digest::digests(hash, lines.iter().map(|l| l.text)));
    let charters = known.as_ref().zip(digests.as_deref());
    let charters = charters.map(|(recorded, digests)| Known { recorded, digests });
    let known_ref = charters.as_ref();
    let mut page = ReadPage {
        generated: footer.is_some(),
        inputs: footer.and_then(|f| f.inputs),
        hash,
        ..ReadPage::default()
    };
    page.state = state_in(&lines, &scan, known_ref, &mut page.repairs);
    if scan.notes_unclosed {
        let line = scan.notes.as_ref().map_or(0, |n| n.start);
        let what = "the notes area has no end marker; it runs to the footer, and the build writes the marker back".to_string();
        page.repairs.push(Repair { line, what });
    }
    page.strays = strays(&lines, &scan, known_ref);
    page.known = known;
    page
}

/// The people's part of a page split into `lines` and scanned, `known` saying which lines
/// are charter's; what a merge would repair is added to `repairs`.
fn state_in(
    lines: &[Line],
    scan: &Scan,
    known: Option<&Known>,
    repairs: &mut Vec<Repair>,
) -> PageState {
    PageState {
        items: items(lines, scan, known, repairs),
        notes: area_text(lines, scan.notes.clone()),
        recovered: area_text(lines, scan.recovered.clone()),
        signoffs: signoff_rows(lines, scan, known),
    }
}

/// Which of a page's lines are charter's: the digests its footer records, and each line's
/// digest (taken once, for every line, side by side).
struct Known<'a> {
    recorded: &'a KnownLines,
    digests: &'a [u32],
}

impl Known<'_> {
    /// Whether line `i` (0-based) is one charter wrote.
    fn wrote(&self, i: usize) -> bool {
        self.recorded.contains(self.digests[i])
    }
}

/// The digests of the lines charter wrote on a page, as a set: sorted, each once (a
/// footer records them so, and a set of a page's few hundred is searched, not hashed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownLines(Vec<u32>);

impl KnownLines {
    /// The set of `digests`, in any order, repeats and all.
    pub fn new(mut digests: Vec<u32>) -> KnownLines {
        digests.sort_unstable();
        digests.dedup();
        KnownLines(digests)
    }

    /// Whether a line of this digest is one charter wrote.
    pub fn contains(&self, digest: u32) -> bool {
        self.0.binary_search(&digest).is_ok()
    }

    /// The digests, sorted, each once.
    pub fn digests(&self) -> &[u32] {
        &self.0
    }
}

/// How a page's lines are digested: as its footer's line digests were taken, else the
/// current way.
fn line_hash(footer: Option<&Footer>) -> LineHash {
    (footer.and_then(|f| f.lines.as_ref())).map_or_else(LineHash::default, |l| l.hash)
}

/// The digests of charter's lines: as the footer records them; for a page written before
/// footers recorded them, every line's (taken as `hash` says) when its whole-page digest
/// still holds.
fn known_lines(
    lines: &[Line],
    scan: &Scan,
    footer: Option<&Footer>,
    hash: LineHash,
) -> Option<KnownLines> {
    let footer = footer?;
    if let Some(recorded) = &footer.lines {
        return Some(KnownLines::new(recorded.digests.clone()));
    }
    let digest = footer.digest?;
    (legacy_digest(lines, scan) == digest)
        .then(|| KnownLines::new(line_digest::digests(hash, lines.iter().map(|l| l.text))))
}

/// The whole-page digest older footers recorded: every line but item notes, the notes
/// area and the footer, boxes unticked, blank lines skipped.
fn legacy_digest(lines: &[Line], scan: &Scan) -> u64 {
    let mut hash = crate::fingerprint::Fnv::default();
    let notes = scan.notes.clone().unwrap_or(0..0);
    let footer = scan.footer.as_ref().map_or(usize::MAX, |(i, _)| *i);
    for (i, line) in lines.iter().enumerate() {
        let in_item_notes = scan.items.iter().any(|s| i > s.first && i < s.last);
        if in_item_notes || notes.contains(&i) || i >= footer {
            continue;
        }
        let text = line.text.trim_end();
        if text.is_empty() {
            continue;
        }
        let text = match scan::item_line(text) {
            Some((_, _, marker)) => format!("{}[ ]{}", &text[..marker.start], &text[marker.end..]),
            None => text.to_string(),
        };
        hash.write(text.as_bytes());
        hash.write(b"\n");
    }
    hash.finish()
}

/// The page's items, duplicates of one id merged: ticked if any copy is, notes of every
/// copy kept.
fn items(
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
fn area_text(lines: &[Line], area: Option<std::ops::Range<usize>>) -> String {
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
fn signoff_rows(lines: &[Line], scan: &Scan, known: Option<&Known>) -> Vec<SignoffRow> {
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
fn strays(lines: &[Line], scan: &Scan, known: Option<&Known>) -> Vec<Stray> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wiki::footer::{self, LineDigests};

    /// A page as charter writes it: every non-state line's digest in the footer.
    fn written(generated: &str, state: &[(&str, &str)]) -> String {
        let hash = LineHash::default();
        let lines = generated.lines().filter(|l| !l.trim().is_empty());
        let mut digests = line_digest::digests(hash, lines);
        digests.sort_unstable();
        digests.dedup();
        let lines = LineDigests { hash, digests };
        let mut text = generated.to_string();
        for (after, insert) in state {
            text = text.replacen(after, &format!("{after}{insert}"), 1);
        }
        format!("{text}\n{}\n", footer::line(&lines, None))
    }

    const PAGE: &str = "# Title\n\n## Day 1\n\n- [ ] `ACC-SSO` SSO: Eva, due 2026-12-01\n  Set up single sign-on.\n- [ ] `CON-NDA` NDA: Eva, due 2026-11-26\n\n## Notes\n\n<!-- charter:notes -->\n<!-- charter:end-notes -->\n";

    #[test]
    fn generated_lines_under_an_item_are_not_notes() {
        let page = read(&written(
            PAGE,
            &[("Set up single sign-on.\n", "\n  Done by Omar.\n")],
        ));
        let sso = page.state.item("ACC-SSO").unwrap();
        assert_eq!(sso.notes, "  Done by Omar.");
        assert!(!page.edited(), "{:?}", page.strays);
    }

    #[test]
    fn ticks_notes_and_the_notes_area_are_state_not_edits() {
        let text = written(PAGE, &[("<!-- charter:notes -->\n", "Call Eva.\n")])
            .replace("- [ ] `CON-NDA`", "* [X] `CON-NDA`");
        let page = read(&text);
        assert!(page.state.item("CON-NDA").unwrap().checked);
        assert_eq!(page.state.notes, "Call Eva.\n");
        assert!(!page.edited(), "{:?}", page.strays);
    }

    #[test]
    fn edited_generated_text_is_a_stray_with_its_line() {
        let text = written(PAGE, &[])
            .replace("SSO: Eva", "SSO: Mallory")
            .replace("# Title", "# Mine");
        let page = read(&text);
        let strays: Vec<(usize, &str)> = page.strays.iter().map(|s| (s.line, s.why)).collect();
        assert_eq!(
            strays,
            [
                (1, "text outside the parts people own"),
                (5, "edited item text")
            ]
        );
    }

    #[test]
    fn a_bom_and_crlf_are_not_edits() {
        let text = format!("\u{feff}{}", written(PAGE, &[]).replace('\n', "\r\n"));
        assert!(!read(&text).edited());
    }

    #[test]
    fn a_duplicated_item_keeps_the_tick_and_both_notes() {
        let text = written(PAGE, &[]).replace(
            "- [ ] `CON-NDA` NDA: Eva, due 2026-11-26\n",
            "- [ ] `CON-NDA` NDA: Eva, due 2026-11-26\n  first\n- [x] `CON-NDA` NDA: Eva, due 2026-11-26\n  second\n",
        );
        let page = read(&text);
        let nda = page.state.item("CON-NDA").unwrap();
        assert!(nda.checked);
        assert_eq!(nda.notes, "  first\n\n  second");
        assert_eq!(page.repairs.len(), 1);
        assert!(!page.edited());
    }

    #[test]
    fn sign_off_cells_are_read_by_row() {
        let table = "<!-- charter:signoff -->\n| Area | Role | People | Decision | Date |\n| --- | --- | --- | --- | --- |\n| Security | security-officer | Eva | | |\n| Legal | client-legal | Lars | | |\n";
        let signed = written(&format!("# R\n\n{table}"), &[])
            .replace("| Eva | | |", "| Eva | approved | 2026-11-20 |");
        let page = read(&signed);
        let row = &page.state.signoffs[0];
        assert_eq!(row.key, "Security");
        assert_eq!(row.cells[3], "approved");
        assert!(row.is_filled());
        assert!(
            !page.state.signoffs[1].is_filled(),
            "an untouched row is charter's"
        );
    }

    /// The state status reads of each page of the example engagement, as built and as
    /// people and hands change it, is the state a build reads.
    #[test]
    fn status_reads_the_state_a_build_reads() {
        let file =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/freelancer-mvp.yaml");
        let pages = crate::probe::render_engagement(&file, "2026-11-24".parse().unwrap()).unwrap();
        let signoff = "<!-- charter:signoff -->\n| Area | Role | People | Decision | Date |\n| --- | --- | --- | --- | --- |\n| Security | security-officer | Eva | | |\n";
        let extra = written(&format!("# R\n\n{signoff}"), &[]);
        let mut read_pages = 0;
        for text in pages
            .iter()
            .map(|(_, text)| crate::probe::rebuild(text, "").text)
            .chain([extra])
        {
            let variants = [
                text.clone(),
                text.replacen("- [ ]", "- [x]", 2),
                text.replacen("- [ ] `", "- [ ] `X", 1),
                text.replacen("\n- [", "\n  A note of someone's.\n- [", 2),
                text.replacen("\n- [", "\n- [ ] call the vendor\n- [", 1),
                text.replacen(
                    "<!-- charter:notes -->\n",
                    "<!-- charter:notes -->\n- [ ] plain task\n",
                    1,
                ),
                text.replacen("| Eva | | |", "| Eva | approved | 2026-11-20 |", 1),
                text.replacen("\n\n", "\nAn edited line.\n\n", 3),
                text.replace("lines2=", "lines2=00"),
                crate::probe::with_older_digests(&text),
                crate::probe::with_older_digests(&text).replace("lines=", "lines=00"),
                text.replace('\n', "\r\n"),
            ];
            for variant in &variants {
                let (state, tasks) = state_with_plain_tasks(variant);
                assert_eq!(state, read(variant).state, "{variant}");
                let lines = scan::lines(variant);
                assert_eq!(tasks, plain_tasks_in(&lines, &scan::scan(&lines)));
                read_pages += usize::from(!state.items.is_empty());
            }
        }
        assert!(read_pages >= 20, "{read_pages}");
    }
}
