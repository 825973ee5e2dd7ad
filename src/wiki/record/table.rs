//! The record's engagements as a build holds them: sorted by id, every id and file in one
//! string, the digests and standings beside them. A build holds the record it read until
//! it is over; as a map of strings a record took about 200 bytes an engagement, as this
//! table about 105 (a 72-byte row and the id and file's text).
//!
//! In: the record's mapping of ids to engagements (read from JSON). Out: each engagement's
//! id, file and digests, by id, alone or merged with a build's newer ones.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use super::{Recorded, Standings};

/// Engagements by id.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Each engagement's id, then its file, in the order they were put.
    texts: String,
    /// One row an engagement, sorted by id, each id once.
    rows: Vec<Row>,
}

/// Where an engagement's id and file are in [`Table::texts`], its digests and its
/// standings: 72 bytes a row (with three `Option`s, a `usize` and optional standings,
/// 88).
#[derive(Clone, Copy, Debug)]
struct Row {
    /// Where its id begins; its file follows (the record's text is bounded far below
    /// 4 GB, [`len`]).
    at: u32,
    id_len: u32,
    file_len: u32,
    /// The digests of its inputs, pages and files, as [`Recorded`] has them; those the
    /// record does not know are 0 here and missing from `known`.
    digests: [u64; 3],
    /// Where its items stood, when `known` has [`STANDINGS`].
    standings: Standings,
    /// Bit `i` is set when `digests[i]` is known, and [`STANDINGS`] when the standings
    /// are.
    known: u8,
}

/// A row's `known` bit for its standings.
const STANDINGS: u8 = 1 << 3;

impl Table {
    /// Whether the table has no engagement.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The ids, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|row| self.id(row))
    }

    /// Each engagement, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Recorded<&str>)> + Clone {
        self.rows
            .iter()
            .map(|row| (self.id(row), self.recorded(row)))
    }

    /// The engagement `id`.
    pub fn get(&self, id: &str) -> Option<Recorded<&str>> {
        let found = self.rows.binary_search_by(|row| self.id(row).cmp(id));
        Some(self.recorded(&self.rows[found.ok()?]))
    }

    /// Each engagement, sorted by id, with `newer` (sorted by id, each id once) in place
    /// of the ones of the same ids: merged as both are read, so that a build of a few
    /// named engagements into a large record copies nothing, and one of many in any
    /// order of ids takes one pass.
    pub fn merged<'a>(
        &'a self,
        newer: &'a [(&'a str, Recorded)],
    ) -> impl Iterator<Item = (&'a str, Recorded<&'a str>)> + Clone {
        Merged {
            table: self,
            rows: &self.rows,
            newer,
        }
    }

    /// A row for `id` and `recorded`, their texts appended.
    fn row(&mut self, id: &str, recorded: Recorded<&str>) -> Row {
        let at = len(&self.texts);
        self.texts.push_str(id);
        self.texts.push_str(recorded.file);
        let given = [recorded.inputs, recorded.pages, recorded.files];
        let known = (given.iter().enumerate())
            .filter(|(_, digest)| digest.is_some())
            .fold(0, |bits, (i, _)| bits | 1 << i);
        let standings = recorded.standings;
        Row {
            at,
            id_len: len(id),
            file_len: len(recorded.file),
            digests: given.map(Option::unwrap_or_default),
            standings: standings.unwrap_or(Standings::NONE),
            known: known | if standings.is_some() { STANDINGS } else { 0 },
        }
    }

    fn id(&self, row: &Row) -> &str {
        id_in(&self.texts, row)
    }

    fn recorded(&self, row: &Row) -> Recorded<&str> {
        let file = (row.at + row.id_len) as usize;
        let digest = |i: usize| (row.known & 1 << i != 0).then_some(row.digests[i]);
        Recorded {
            file: &self.texts[file..file + row.file_len as usize],
            inputs: digest(0),
            pages: digest(1),
            files: digest(2),
            standings: (row.known & STANDINGS != 0).then_some(row.standings),
        }
    }
}

/// A row's id in the table's `texts`.
fn id_in<'t>(texts: &'t str, row: &Row) -> &'t str {
    &texts[row.at as usize..(row.at + row.id_len) as usize]
}

/// Two sorted lists of engagements read as one, the newer where both have an id.
#[derive(Clone)]
struct Merged<'a> {
    table: &'a Table,
    rows: &'a [Row],
    newer: &'a [(&'a str, Recorded)],
}

impl<'a> Iterator for Merged<'a> {
    type Item = (&'a str, Recorded<&'a str>);

    fn next(&mut self) -> Option<Self::Item> {
        let old = self.rows.first().map(|row| self.table.id(row));
        let new = self.newer.first().map(|(id, _)| *id);
        let take_old = match (old, new) {
            (None, None) => return None,
            (Some(old), Some(new)) => old < new,
            (old, _) => old.is_some(),
        };
        if take_old {
            let row = &self.rows[0];
            self.rows = &self.rows[1..];
            return Some((self.table.id(row), self.table.recorded(row)));
        }
        let (id, recorded) = &self.newer[0];
        self.newer = &self.newer[1..];
        // The old engagement of the same id, if any, is replaced.
        if old == Some(*id) {
            self.rows = &self.rows[1..];
        }
        Some((id, recorded.borrowed()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let most = self.rows.len() + self.newer.len();
        (self.rows.len().max(self.newer.len()), Some(most))
    }
}

/// A length within a record: the record's text is bounded far below 4 GB
/// (`crate::fs::MAX_PAGE_BYTES`), and so is an id or a file name a build records.
fn len(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// Tables are equal when they hold the same engagements.
impl PartialEq for Table {
    fn eq(&self, other: &Table) -> bool {
        self.rows.len() == other.rows.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Table {}

impl Serialize for Table {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        out.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Table {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Table, D::Error> {
        input.deserialize_map(TableVisitor)
    }
}

struct TableVisitor;

impl<'de> Visitor<'de> for TableVisitor {
    type Value = Table;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of engagement ids to their files and digests")
    }

    /// Rows as the mapping lists them, then sorted; of an id listed twice, the last counts
    /// (as a map read from the same text would keep it).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Table, A::Error> {
        let mut table = Table::default();
        while let Some((id, recorded)) = map.next_entry::<Cow<'de, str>, Recorded<String>>()? {
            let row = table.row(&id, recorded.borrowed());
            table.rows.push(row);
        }
        let Table {
            mut texts,
            mut rows,
        } = table;
        let id = |row: &Row| id_in(&texts, row);
        // Stable: of rows with one id, the last listed stays last, and is kept.
        rows.sort_by(|a, b| id(a).cmp(id(b)));
        rows.reverse();
        rows.dedup_by(|later, kept| id(later) == id(kept));
        rows.reverse();
        // Held through the build: without the room left over from growing.
        texts.shrink_to_fit();
        rows.shrink_to_fit();
        Ok(Table { texts, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(file: &str, digest: u64) -> Recorded<&str> {
        Recorded {
            file,
            inputs: Some(digest),
            pages: None,
            files: Some(digest + 1),
            standings: None,
        }
    }

    /// The same, as a build's own entry.
    fn owned(r: Recorded<&str>) -> Recorded {
        Recorded {
            file: r.file.to_string(),
            inputs: r.inputs,
            pages: r.pages,
            files: r.files,
            standings: r.standings,
        }
    }

    #[test]
    fn newer_engagements_are_merged_in_by_id_in_place_of_older_ones() {
        let text = r#"{"e": {"file": "e"}, "a": {"file": "a"}, "c": {"file": "c"}}"#;
        let table: Table = serde_json::from_str(text).unwrap();
        let newer = [
            ("0", owned(recorded("0", 0))),
            ("b", owned(recorded("b", 1))),
            ("c", owned(recorded("new/c", 2))),
            ("f", owned(recorded("f", 3))),
        ];
        let merged: Vec<(&str, &str)> =
            (table.merged(&newer)).map(|(id, r)| (id, r.file)).collect();
        let expected = [
            ("0", "0"),
            ("a", "a"),
            ("b", "b"),
            ("c", "new/c"),
            ("e", "e"),
            ("f", "f"),
        ];
        assert_eq!(merged, expected);
        assert_eq!(table.merged(&newer).nth(3).unwrap().1, recorded("new/c", 2));
        let alone: Vec<&str> = table.merged(&[]).map(|(id, _)| id).collect();
        assert_eq!(alone, ["a", "c", "e"]);
        assert_eq!(Table::default().merged(&newer).count(), 4);
        assert!(!table.is_empty() && Table::default().is_empty());
        assert_eq!(table.get("c").unwrap().file, "c");
        assert_eq!(table.get("d"), None);
        // Standings kept in a row are given back; a row without them has none.
        let steady = crate::policy::ledger::Steady::new("2026-11-20".parse().ok(), None);
        let progress = crate::policy::items::Progress {
            done: 1,
            total: 9,
            overdue: 2,
        };
        let standings = Standings::new(steady, progress, [Some(2), None, Some(3)]);
        let with = Recorded {
            standings: Some(standings),
            ..owned(recorded("s", 2))
        };
        let mut kept = Table::default();
        let row = kept.row("s", with.borrowed());
        kept.rows.push(row);
        assert_eq!(kept.get("s").unwrap().standings, Some(standings));
        assert_eq!(table.get("c").unwrap().standings, None);
    }

    #[test]
    fn a_mapping_is_read_sorted_and_the_last_of_a_repeated_id_counts() {
        let text =
            r#"{"b": {"file": "b1", "inputs": "1"}, "a": {"file": "a"}, "b": {"file": "b2"}}"#;
        let table: Table = serde_json::from_str(text).unwrap();
        assert_eq!(table.ids().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(table.get("b").unwrap().file, "b2");
        assert_eq!(table.get("a").unwrap().inputs, None);
        let newer = [("b", owned(table.get("b").unwrap()))];
        let rewritten: Vec<_> = table.merged(&newer).collect();
        assert_eq!(rewritten, table.iter().collect::<Vec<_>>());
    }
}
