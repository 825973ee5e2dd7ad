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

mod known;
mod page;
mod parts;

pub use known::KnownLines;
pub use page::{Item, PageState, ReadPage, Repair, SignoffRow, Stray};
pub use parts::cells;

use crate::wiki::line_digest;
use crate::wiki::scan::{self, Line, Scan};
use known::{Known, digests_inside, known_lines, line_hash};
use parts::{area_text, items, signoff_rows, strays};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wiki::footer::{self, LineDigests, LineHash};

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
