//! The wiki's record of its engagements: `.charter/engagements.json` at the wiki's root maps
//! each engagement id to the engagement file it was built from (relative to the wiki's
//! root), so that `status` can read the typed model of a wiki built from named files, and a
//! build can tell an id that belongs to another file.
//!
//! A build of the whole workspace writes the record anew; a build of named files updates
//! their entries and keeps the rest.

mod standings;
mod table;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::fs;
use crate::policy::items::Progress;
use crate::policy::ledger::Steady;
use crate::render::flavor::Flavor;
pub use standings::Standings;
use table::Table;

/// Where the record lives, relative to the wiki's root.
pub const PATH: &str = ".charter/engagements.json";

/// The wiki's flavour, and for each engagement id its file and the digest of the inputs
/// its pages were last built from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The flavour the wiki is laid out in.
    #[serde(default)]
    pub flavor: String,
    /// The engagements, by id.
    engagements: Table,
}

/// One engagement of the record (its file a `String`, or borrowed from a record). The
/// digests are written as 16 hexadecimal digits; in memory they are numbers (a record of
/// 10,000 engagements is held through a build).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded<F = String> {
    /// The engagement file, relative to the wiki's root, `/`-separated.
    pub file: F,
    /// The digest of everything its pages were built from.
    #[serde(default, with = "hex")]
    pub inputs: Option<u64>,
    /// The digest of its pages' generated lines after that build.
    #[serde(default, with = "hex")]
    pub pages: Option<u64>,
    /// The digest of its pages' bytes as that build left them (absent when the build did
    /// not know them): a page with the same bytes is untouched since.
    #[serde(default, with = "hex", skip_serializing_if = "Option::is_none")]
    pub files: Option<u64>,
    /// Where its items stood after that build, and over which days they stand so (absent
    /// when the build did not know them).
    #[serde(
        default,
        deserialize_with = "standings::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub standings: Option<Standings>,
}

/// A digest as the record writes it: 16 hexadecimal digits, or an empty string for one
/// the record does not know; any other text reads as not known.
mod hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(digest: &Option<u64>, out: S) -> Result<S::Ok, S::Error> {
        match digest {
            Some(digest) => out.serialize_str(&format!("{digest:016x}")),
            None => out.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Option<u64>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(input)?;
        Ok(u64::from_str_radix(&text, 16).ok())
    }
}

/// What the record keeps of an engagement's last build: digests of its inputs, of its
/// pages' generated lines and standings, and of its pages' bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Built {
    /// The digest of everything its pages were built from.
    pub inputs: u64,
    /// The digest of its pages' generated lines and of the items' standings.
    pub pages: u64,
    /// The digest of its pages' bytes as the build left them
    /// (`crate::wiki::on_disk::files_digest`), when known.
    pub files: Option<u64>,
    /// The days over which the items' standings stand as the build found them
    /// ([`Steady::NEVER`] when not known).
    pub steady: Steady,
}

impl Record {
    /// Reads the record of the wiki at `root`; an empty record when there is none. Its
    /// text (about 350 bytes an engagement) is let go once parsed, before the engagements
    /// are planned: parsed as it is read, through a buffer, it took ten times the
    /// instructions.
    pub fn read(root: &Path) -> Result<Record, Diagnostic> {
        let path = root.join(PATH);
        let Some(text) = fs::read_page(&path)? else {
            return Ok(Record::default());
        };
        serde_json::from_str(&text).map_err(|e| {
            let message = format!(
                "`{}` is not a record charter wrote: {e}",
                fs::display(&path)
            );
            Diagnostic::unlocated(message)
                .with_help("restore the file from version control, or rebuild the whole workspace")
        })
    }

    /// The record as written: pretty JSON, sorted, one final newline.
    #[cfg(test)]
    pub fn text(&self) -> String {
        text_of(&self.flavor, self.engagements.iter())
    }

    /// The record as written after a build of the engagements `newer` (sorted by id, each
    /// id once), of the wiki's `flavor`: theirs in place of the ones recorded with the same
    /// ids, the others kept.
    #[cfg(test)]
    pub fn text_with(&self, flavor: &str, newer: &[(&str, Recorded)]) -> String {
        text_of(flavor, self.engagements.merged(newer))
    }

    /// Writes [`Record::text_with`] to `out` as it goes ([`write_of`]).
    pub fn write_with(
        &self,
        flavor: &str,
        newer: &[(&str, Recorded)],
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        write_of(flavor, self.engagements.merged(newer), out)
    }

    /// Whether the record has no engagement.
    pub fn is_empty(&self) -> bool {
        self.engagements.is_empty()
    }

    /// The ids of the engagements recorded, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.engagements.ids()
    }

    /// What the record keeps of engagement `id`'s last build, and the counts of its items
    /// then, when the record keeps them.
    pub fn build_of(&self, id: &str) -> Option<(Built, Option<Progress>)> {
        let recorded = self.engagements.get(id)?;
        let standings = (recorded.standings.as_ref()).and_then(|s| s.of(recorded.digests()));
        let built = Built {
            inputs: recorded.inputs?,
            pages: recorded.pages?,
            files: recorded.files,
            steady: standings.map_or(Steady::NEVER, |(steady, _)| steady),
        };
        Some((built, standings.map(|(_, progress)| progress)))
    }

    /// The flavour the wiki was built in (`markdown` when the record does not say).
    pub fn flavor(&self) -> Flavor {
        self.flavor.parse().unwrap_or_default()
    }

    /// The engagement files, as paths usable from the current folder, sorted by id; a file
    /// that resolves outside `confine` (the record is an input like any other) is a
    /// problem, never read.
    pub fn confined_files(
        &self,
        root: &Path,
        confine: &fs::Confine,
        diags: &mut crate::diag::Diagnostics,
    ) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for file in self.files(root) {
            match confine.resolve(&file) {
                Ok(_) => files.push(file),
                Err(why) => diags.push(
                    Diagnostic::unlocated(format!(
                        "the wiki's record `{PATH}` names a file outside: {why}"
                    ))
                    .with_help("rebuild the wiki from its workspace to write the record anew"),
                ),
            }
        }
        files
    }

    /// The engagement files, as paths usable from the current folder, sorted by id.
    pub fn files(&self, root: &Path) -> Vec<PathBuf> {
        let files = self.engagements.iter();
        files
            .map(|(_, r)| fs::normalize(&root.join(r.file)))
            .collect()
    }

    /// The file recorded for `id`, as a path usable from the current folder.
    pub fn file_of(&self, root: &Path, id: &str) -> Option<PathBuf> {
        let recorded = self.engagements.get(id)?;
        Some(fs::normalize(&root.join(recorded.file)))
    }
}

impl Recorded {
    /// What the record of the wiki at `root` keeps of a build of the engagement file
    /// `file` (a path as given on the command line or found in the workspace), whose items
    /// stood at `progress`.
    pub fn of(root: &Path, file: &Path, built: Built, progress: Progress) -> Recorded {
        let digests = [Some(built.inputs), Some(built.pages), built.files];
        let known = built.steady != Steady::NEVER;
        Recorded {
            file: relative_path(root, file),
            inputs: Some(built.inputs),
            pages: Some(built.pages),
            files: built.files,
            standings: known.then(|| Standings::new(built.steady, progress, digests)),
        }
    }

    /// The same, its file borrowed.
    pub fn borrowed(&self) -> Recorded<&str> {
        Recorded {
            file: &self.file,
            inputs: self.inputs,
            pages: self.pages,
            files: self.files,
            standings: self.standings,
        }
    }
}

impl<F> Recorded<F> {
    /// Its digests: inputs, pages, files.
    fn digests(&self) -> [Option<u64>; 3] {
        [self.inputs, self.pages, self.files]
    }
}

/// The text of a record of the wiki's `flavor` and of `engagements`, which come sorted by
/// id, each id once: the bytes [`Record::text`] gives for a record of them, as [`write_of`]
/// writes them.
#[cfg(test)]
pub fn text_of<'a, R: Serialize>(
    flavor: &str,
    engagements: impl Iterator<Item = (&'a str, R)> + Clone,
) -> String {
    let mut bytes = Vec::new();
    write_of(flavor, engagements, &mut bytes).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// Writes the text of a record of the wiki's `flavor` and of `engagements` (sorted by
/// id, each id once) to `out`, as it goes: a build of the whole workspace writes its
/// record from its engagements this way, with neither a record nor its text in memory
/// beside them (at 10,000 engagements, the text is 3.5 MB).
pub fn write_of<'a, R: Serialize>(
    flavor: &str,
    engagements: impl Iterator<Item = (&'a str, R)> + Clone,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let listing = Listing {
        flavor,
        engagements,
    };
    serde_json::to_writer_pretty(&mut *out, &listing)?;
    out.write_all(b"\n")
}

/// A record's fields, the engagements read from an iterator as they are written.
struct Listing<'f, I> {
    flavor: &'f str,
    engagements: I,
}

impl<'a, R: Serialize, I: Iterator<Item = (&'a str, R)> + Clone> Serialize for Listing<'_, I> {
    fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// The engagements, as a map.
        struct Map<I>(I);
        impl<'a, R: Serialize, I: Iterator<Item = (&'a str, R)> + Clone> Serialize for Map<I> {
            fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
                out.collect_map(self.0.clone())
            }
        }
        // The fields of `Record`, in its order.
        let mut record = out.serialize_struct("Record", 2)?;
        record.serialize_field("flavor", self.flavor)?;
        record.serialize_field("engagements", &Map(self.engagements.clone()))?;
        record.end()
    }
}

/// `file` relative to the folder `root`, `/`-separated; absolute when they share no folder.
pub fn relative_path(root: &Path, file: &Path) -> String {
    let absolute = crate::paths::absolute;
    let (root, file) = (absolute(root), absolute(file));
    let common = root
        .components()
        .zip(file.components())
        .take_while(|(a, b)| a == b)
        .count();
    let shares_a_folder = root
        .components()
        .take(common)
        .any(|c| matches!(c, std::path::Component::Normal(_)));
    if !shares_a_folder {
        return fs::display(&file);
    }
    let mut relative = PathBuf::new();
    for _ in root.components().skip(common) {
        relative.push("..");
    }
    relative.extend(file.components().skip(common));
    fs::display(&relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recorded_relative_to_the_wiki() {
        assert_eq!(
            relative_path(Path::new("/w/wiki"), Path::new("/w/engagements/a.yaml")),
            "../engagements/a.yaml"
        );
        assert_eq!(
            relative_path(Path::new("/w"), Path::new("/w/e/a.yaml")),
            "e/a.yaml"
        );
        let steady = Steady::new("2026-11-20".parse().ok(), "2026-12-01".parse().ok());
        let progress = Progress {
            done: 1,
            total: 5,
            overdue: 2,
        };
        let built = Built {
            inputs: 7,
            pages: 8,
            files: Some(9),
            steady,
        };
        let unknown = Built {
            files: None,
            steady: Steady::NEVER,
            ..built
        };
        let root = Path::new("/w/wiki");
        let a = Recorded::of(root, Path::new("/w/e/a.yaml"), built, progress);
        let b = Recorded::of(root, Path::new("/w/e/b.yaml"), unknown, progress);
        let text = Record::default().text_with("", &[("a", a), ("b", b)]);
        let record: Record = serde_json::from_str(&text).unwrap();
        assert_eq!(record.text(), text);
        assert_eq!(record.build_of("a"), Some((built, Some(progress))));
        assert_eq!(record.build_of("b"), Some((unknown, None)));
        assert!(!record.text().contains("\"files\": \"\""));
        assert!(text.contains("\"from\": \"2026-11-20\",\n        \"until\": \"2026-12-01\""));
        // Standings written with other digests are not taken.
        let mixed = text.replacen("0000000000000009", "000000000000000a", 1);
        let mixed: Record = serde_json::from_str(&mixed).unwrap();
        let (built_mixed, progress_mixed) = mixed.build_of("a").unwrap();
        assert_eq!((built_mixed.steady, progress_mixed), (Steady::NEVER, None));
        // Written from the engagements alone, the same bytes.
        let listed = [("a", "/w/e/a.yaml", built), ("b", "/w/e/b.yaml", unknown)];
        let listed = (listed.iter())
            .map(|&(id, file, b)| (id, Recorded::of(root, Path::new(file), b, progress)));
        assert_eq!(text_of(&record.flavor, listed), record.text());
        assert_eq!(
            record.file_of(root, "a"),
            Some(PathBuf::from("/w/e/a.yaml"))
        );
        // A later build of `b` alone keeps `a`.
        let b = Recorded::of(root, Path::new("/w/e/moved/b.yaml"), built, progress);
        let later: Record = serde_json::from_str(&record.text_with("", &[("b", b)])).unwrap();
        assert_eq!(later.ids().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(
            later.file_of(root, "b"),
            Some(PathBuf::from("/w/e/moved/b.yaml"))
        );
        assert_eq!(later.build_of("a"), Some((built, Some(progress))));
    }

    #[test]
    fn digests_are_written_as_sixteen_hexadecimal_digits_and_unknown_ones_read_as_none() {
        let built = Built {
            inputs: 0x1f,
            pages: u64::MAX,
            files: None,
            steady: Steady::NEVER,
        };
        let a = Recorded::of(
            Path::new("/w"),
            Path::new("/w/a.yaml"),
            built,
            Progress::default(),
        );
        let text = Record::default().text_with("", &[("a", a)]);
        let record: Record = serde_json::from_str(&text).unwrap();
        let expected = "{\n  \"flavor\": \"\",\n  \"engagements\": {\n    \"a\": {\n      \"file\": \"a.yaml\",\n      \"inputs\": \"000000000000001f\",\n      \"pages\": \"ffffffffffffffff\"\n    }\n  }\n}\n";
        assert_eq!(text, expected);
        let read: Record = serde_json::from_str(&text).unwrap();
        assert_eq!(read, record);
        let old = text
            .replace("000000000000001f", "")
            .replace("ffffffffffffffff", "zz");
        let read: Record = serde_json::from_str(&old).unwrap();
        assert_eq!(read.build_of("a"), None);
        assert_eq!(read.engagements.get("a").unwrap().inputs, None);
        assert!(read.text().contains("\"inputs\": \"\","));
    }

    /// Read from its file: none is an empty record; one that does not parse, is not UTF-8
    /// or is not a file is an error naming it.
    #[test]
    fn a_record_is_read_from_its_file_and_a_broken_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(Record::read(root).unwrap(), Record::default());
        let built = Built {
            inputs: 3,
            pages: 4,
            files: Some(5),
            steady: Steady::NEVER,
        };
        let a = Recorded::of(root, &root.join("a.yaml"), built, Progress::default());
        let text = Record::default().text_with("github-wiki", &[("a", a)]);
        std::fs::create_dir(root.join(".charter")).unwrap();
        std::fs::write(root.join(PATH), &text).unwrap();
        let read = Record::read(root).unwrap();
        assert_eq!(read.text(), text);
        assert_eq!(read.build_of("a").unwrap().0, built);
        let broken: [(&[u8], &str); 3] = [
            (b"{\"flavor\": ", "is not a record charter wrote"),
            (
                b"{\"flavor\": \"\xff\", \"engagements\": {}}",
                "is not valid UTF-8",
            ),
            (b"[]", "is not a record charter wrote"),
        ];
        for (bytes, what) in broken {
            std::fs::write(root.join(PATH), bytes).unwrap();
            let e = Record::read(root).unwrap_err();
            assert!(e.message.contains(what), "{e:?}");
            assert!(e.message.contains(".charter/engagements.json"), "{e:?}");
        }
        std::fs::remove_file(root.join(PATH)).unwrap();
        std::fs::create_dir(root.join(PATH)).unwrap();
        let e = Record::read(root).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{e:?}");
    }
}
