//! The lines of an embedded framework catalog (`catalogs/*.tsv`): an identifier, then a
//! tab and its title where the catalog has one; blank lines and lines starting with `#`
//! are skipped.
//!
//! Text in, (identifier, title) pairs out. This file uses nothing of the crate: the build
//! script includes it too, to sort each catalog's identifiers at compile time.

/// Each identifier of `text` and its title, in the catalog's order.
pub fn entries(text: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| match line.split_once('\t') {
            Some((id, title)) => (id.trim(), Some(title.trim())),
            None => (line.trim(), None),
        })
}
