//! Which lines of a page are charter's: the digests its footer records, set against each
//! line's digest taken as the footer says (or, for a page written before footers recorded
//! them, every line's while the whole-page digest still holds).

use crate::wiki::footer::{Footer, LineHash};
use crate::wiki::line_digest;
use crate::wiki::scan::{self, Line, Scan};

/// Which of a page's lines are charter's: the digests its footer records, and each line's
/// digest (taken once, for every line, side by side).
pub(super) struct Known<'a> {
    pub(super) recorded: &'a KnownLines,
    pub(super) digests: &'a [u32],
}

impl Known<'_> {
    /// Whether line `i` (0-based) is one charter wrote.
    pub(super) fn wrote(&self, i: usize) -> bool {
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
pub(super) fn line_hash(footer: Option<&Footer>) -> LineHash {
    (footer.and_then(|f| f.lines.as_ref())).map_or_else(LineHash::default, |l| l.hash)
}

/// The digests of charter's lines: as the footer records them; for a page written before
/// footers recorded them, every line's (taken as `hash` says) when its whole-page digest
/// still holds.
pub(super) fn known_lines(
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

/// Each line's digest, indexed as the lines, taken only for the lines [`super::PageState`] asks
/// [`Known::wrote`] about (inside an item, or a sign-off table's rows); 0 for the others.
pub(super) fn digests_inside(lines: &[Line], scan: &Scan, hash: LineHash) -> Vec<u32> {
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
