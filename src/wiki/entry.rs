//! One file of a build's plan: what happens to it, why, and its new text.

use std::borrow::Cow;
use std::sync::Arc;

use crate::input::vocab::Document;
pub use crate::wiki::page_path::PagePath;
use crate::wiki::stage::{Stage, Staged};

/// What happens to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// A new page.
    Create,
    /// The page's bytes change.
    Change,
    /// The page is current.
    Unchanged,
    /// The page is no longer generated and holds no one's work: it is removed.
    Retire,
    /// The page is no longer generated but holds ticks or notes: it stays as it is.
    Keep,
    /// The page's generated text was edited by hand; only `--force` overwrites it.
    Conflict,
}

impl Action {
    /// The word shown in plans.
    pub fn word(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Change => "change",
            Action::Unchanged => "unchanged",
            Action::Retire => "retire",
            Action::Keep => "keep",
            Action::Conflict => "conflict",
        }
    }
}

/// One file of the plan, as planning makes it; a plan keeps it packed in a [`Group`].
#[derive(Clone, Debug)]
pub struct Entry {
    /// Path relative to the output root, `/`-separated.
    pub path: String,
    /// What happens.
    pub action: Action,
    /// Why, in a few words.
    pub reason: Cow<'static, str>,
    /// The engagement the page belongs to (none for portfolio pages), shared by its pages.
    pub engagement: Option<Arc<str>>,
    /// The file's texts, as far as this run keeps them.
    pub texts: Texts,
    /// The change only follows people's ticks and notes (such as the progress on the home
    /// page): the inputs are unchanged, so `--check` does not count the page as stale.
    pub follows_state: bool,
}

/// One file of the plan, as the plan gives it.
#[derive(Clone, Copy, Debug)]
pub struct PlannedFile<'p> {
    /// Path relative to the output root, `/`-separated.
    pub path: PagePath<'p>,
    /// What happens.
    pub action: Action,
    /// Why, in a few words.
    pub reason: &'p str,
    /// The engagement the page belongs to (none for portfolio pages).
    pub engagement: Option<&'p str>,
    /// The file's texts, as far as this run keeps them.
    texts: Kept<'p>,
    /// The change only follows people's ticks and notes (see [`Entry::follows_state`]).
    pub follows_state: bool,
}

/// Entries of one engagement (or of none), packed: their common folder once, their file
/// names in one string (but for documents' file names, which every engagement shares),
/// and per entry its name's end in it and what else it holds, so that a portfolio's plan
/// holds a few allocations per engagement rather than a few per page (at 10,000
/// engagements, 140,000 pages).
#[derive(Debug, Default)]
pub struct Group {
    /// The engagement's id (empty for a group of no engagement), the folder every entry's
    /// path starts with (empty, or ending in `/`), then the entries' file names after the
    /// folder but for shared ones ([`SHARED`]): one after another, in one allocation.
    texts: Box<str>,
    /// Where the id and the folder end in `texts`.
    ends: [u32; 2],
    /// The entries' fixed reasons, each once (a full build's pages all give the same one).
    reasons: Box<[&'static str]>,
    /// What only some groups have: reasons made for one entry, texts held in memory.
    extra: Option<Box<Extra>>,
    slots: Box<[Slot]>,
}

/// The parts of a [`Group`] that a build's groups seldom have.
#[derive(Debug, Default)]
struct Extra {
    /// The reasons made for one entry (such as the lines a conflict's edits are on), by
    /// the entry's place in the group.
    own: Box<[(usize, Box<str>)]>,
    /// The texts entries keep in memory (`--plan`, `--check`), by their slots' places.
    held: Box<[Held]>,
}

/// File names every engagement's pages share: the documents' (`raci.md`), where a
/// flavour names pages by the document alone.
const SHARED: &[Document] = Document::ALL;

/// The place in a slot that sends its reason to the group's own reasons.
const OWN: u8 = u8::MAX;

/// An entry of a [`Group`] without its path, reason and engagement (12 bytes: a plan keeps
/// one for each page of the wiki).
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Where its name ends in the group's names (where the last one ended, for a shared
    /// name), counted from their start.
    end: u32,
    /// A staged page's number, or the place of its texts in the group's held texts, as
    /// `flags` say ([`STAGED`], [`HELD`]).
    texts: u32,
    action: Action,
    /// Its reason's place in the group's reasons.
    reason: u8,
    /// 1 + its name's place in [`SHARED`], or 0 when the name is in the group's names.
    shared: u8,
    /// [`FOLLOWS_STATE`], and what `texts` is: in one byte, so that a slot has no padding.
    flags: u8,
}

/// A slot's flag: the entry only follows people's ticks and notes.
const FOLLOWS_STATE: u8 = 1;
/// A slot's flag: its `texts` is a staged page's number.
const STAGED: u8 = 2;
/// A slot's flag: its `texts` is the place of its texts in the group's held texts.
const HELD: u8 = 4;

impl Slot {
    /// What the slot keeps of its file's texts, from the group's `held` texts.
    fn kept<'g>(&self, held: &'g [Held]) -> Kept<'g> {
        if self.flags & STAGED != 0 {
            Kept::Staged(Staged(self.texts))
        } else if self.flags & HELD != 0 {
            held.get(self.texts as usize).map_or(Kept::None, Kept::Held)
        } else {
            Kept::None
        }
    }
}

/// An entry's texts as the plan gives them.
#[derive(Clone, Copy, Debug)]
enum Kept<'p> {
    None,
    Staged(Staged),
    Held(&'p Held),
}

impl Group {
    /// Packs entries that belong to one engagement, or to none (`engagement`).
    pub fn pack(engagement: Option<Arc<str>>, entries: Vec<Entry>) -> Group {
        let folder = common_folder(entries.iter().map(|e| e.path.as_str())).to_string();
        let mut names = String::new();
        let mut reasons: Vec<&'static str> = Vec::new();
        let mut own = Vec::new();
        let mut held = Vec::new();
        let slots = entries.into_iter().enumerate().map(|(i, e)| {
            let name = &e.path[folder.len()..];
            let shared = match SHARED.iter().position(|d| d.file_name() == name) {
                Some(n) => n as u8 + 1,
                None => {
                    names.push_str(name);
                    0
                }
            };
            let fixed = match e.reason {
                Cow::Borrowed(text) => match reasons.iter().position(|r| *r == text) {
                    Some(n) => u8::try_from(n).ok(),
                    None if reasons.len() < usize::from(OWN) => {
                        reasons.push(text);
                        u8::try_from(reasons.len() - 1).ok()
                    }
                    None => None,
                },
                Cow::Owned(_) => None,
            };
            let reason = fixed.unwrap_or_else(|| {
                own.push((i, e.reason.into_owned().into_boxed_str()));
                OWN
            });
            let (texts, kind) = match e.texts {
                Texts::None => (0, 0),
                Texts::Staged(Staged(number)) => (number, STAGED),
                Texts::Held(texts) => {
                    held.push(*texts);
                    (u32::try_from(held.len() - 1).unwrap_or(u32::MAX), HELD)
                }
            };
            let follows = if e.follows_state { FOLLOWS_STATE } else { 0 };
            Slot {
                end: u32::try_from(names.len()).unwrap_or(u32::MAX),
                texts,
                action: e.action,
                reason,
                shared,
                flags: kind | follows,
            }
        });
        let slots = slots.collect();
        let id = engagement.as_deref().unwrap_or_default();
        let extra = (!own.is_empty() || !held.is_empty()).then(|| {
            Box::new(Extra {
                own: own.into_boxed_slice(),
                held: held.into_boxed_slice(),
            })
        });
        Group {
            texts: [id, &folder, &names].concat().into_boxed_str(),
            ends: [id.len(), id.len() + folder.len()].map(|end| end as u32),
            reasons: reasons.into_boxed_slice(),
            extra,
            slots,
        }
    }

    /// Packs entries into groups, one for each run of entries of the same engagement.
    pub fn pack_runs(entries: Vec<Entry>) -> Vec<Group> {
        let mut groups = Vec::new();
        let mut run: Vec<Entry> = Vec::new();
        for entry in entries {
            if run
                .first()
                .is_some_and(|f| f.engagement != entry.engagement)
            {
                let engagement = run[0].engagement.clone();
                groups.push(Group::pack(engagement, std::mem::take(&mut run)));
            }
            run.push(entry);
        }
        if let Some(first) = run.first() {
            groups.push(Group::pack(first.engagement.clone(), run));
        }
        groups
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Entry number `i`.
    pub fn get(&self, i: usize) -> PlannedFile<'_> {
        let slot = &self.slots[i];
        let name = match slot.shared.checked_sub(1) {
            Some(n) => SHARED[usize::from(n)].file_name(),
            None => {
                let start = i.checked_sub(1).map_or(0, |i| self.slots[i].end as usize);
                &self.names()[start..slot.end as usize]
            }
        };
        PlannedFile {
            path: PagePath::new(self.folder(), name),
            action: slot.action,
            reason: self.reason(i, slot.reason),
            engagement: self.engagement(),
            texts: slot.kept(self.extra.as_ref().map_or(&[], |e| &e.held)),
            follows_state: slot.flags & FOLLOWS_STATE != 0,
        }
    }

    /// The engagement its entries belong to, if any.
    fn engagement(&self) -> Option<&str> {
        Some(&self.texts[..self.ends[0] as usize]).filter(|id| !id.is_empty())
    }

    /// The folder every entry's path starts with: empty, or ending in `/`.
    fn folder(&self) -> &str {
        &self.texts[self.ends[0] as usize..self.ends[1] as usize]
    }

    /// The entries' own file names, one after another.
    fn names(&self) -> &str {
        &self.texts[self.ends[1] as usize..]
    }

    /// The reason of entry number `i`, at `place` in the group's fixed reasons.
    fn reason(&self, i: usize, place: u8) -> &str {
        match self.reasons.get(usize::from(place)) {
            Some(reason) if place != OWN => reason,
            _ => {
                let own = self.extra.as_ref().map_or(&[][..], |e| &e.own);
                (own.binary_search_by_key(&i, |(n, _)| *n)).map_or("", |n| &own[n].1)
            }
        }
    }

    /// Every entry, in the order they were packed.
    pub fn iter(&self) -> impl Iterator<Item = PlannedFile<'_>> + Clone {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// The longest folder (empty, or ending in `/`) that every path starts with.
fn common_folder<'a>(mut paths: impl Iterator<Item = &'a str>) -> &'a str {
    let first = paths.next().unwrap_or_default();
    let mut common = first.len();
    for path in paths {
        let same = first.bytes().zip(path.bytes()).take(common);
        common = same.take_while(|(a, b)| a == b).count();
    }
    first[..common].rfind('/').map_or("", |i| &first[..=i])
}

impl<'p> PlannedFile<'p> {
    /// The file now, when it changes and this run keeps texts (`--plan`, `--check`).
    pub fn old(&self) -> Option<&'p str> {
        match self.texts {
            Kept::Held(held) => held.old.as_deref(),
            _ => None,
        }
    }

    /// The file after the build, when it changes.
    pub fn content(&self) -> Option<Content<'p>> {
        match self.texts {
            Kept::None => None,
            Kept::Staged(staged) => Some(Content::Staged(staged)),
            Kept::Held(held) => held.new.as_deref().map(Content::Text),
        }
    }
}

/// What an entry keeps of its file's texts: one word in a build, where most entries keep
/// a staged page or nothing, so that a portfolio's plan stays small.
#[derive(Clone, Debug, Default)]
pub enum Texts {
    /// Nothing: the file does not change, or a build retires it.
    #[default]
    None,
    /// The new text, staged on disk beside its target (a build).
    Staged(Staged),
    /// The texts in memory, for diffs (`--plan`, `--check`).
    Held(Box<Held>),
}

/// A file's texts held in memory.
#[derive(Clone, Debug, Default)]
pub struct Held {
    /// The file now.
    pub old: Option<String>,
    /// The file after the build.
    pub new: Option<String>,
}

impl Texts {
    /// Texts held in memory: the new text, and the old one when there is one.
    pub fn held(old: Option<String>, new: Option<String>) -> Texts {
        Texts::Held(Box::new(Held { old, new }))
    }
}

/// A new page text, in memory or staged on disk.
#[derive(Clone, Copy, Debug)]
pub enum Content<'a> {
    /// In memory (`--plan`, `--check`).
    Text(&'a str),
    /// In a staged file beside its target (a build).
    Staged(Staged),
}

/// Where new page texts go while the plan is made.
#[derive(Clone, Copy, Debug)]
pub enum Keep<'a> {
    /// Keep old and new texts in memory, for diffs.
    Texts,
    /// Stage new texts on disk; old texts are not needed.
    Stage(&'a Stage),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: String, reason: Cow<'static, str>) -> Entry {
        Entry {
            path,
            action: Action::Change,
            reason,
            engagement: None,
            texts: Texts::None,
            follows_state: false,
        }
    }

    #[test]
    fn a_group_gives_back_each_entry_as_packed() {
        let reasons = ["new page", "layout tidied", "new page"];
        let entries = (0..3)
            .map(|i| entry(format!("acme/page-{i}.md"), reasons[i].into()))
            .collect();
        let group = Group::pack(Some(Arc::from("acme")), entries);
        let paths: Vec<String> = group.iter().map(|e| e.path.to_string()).collect();
        let got: Vec<(&str, &str)> = (paths.iter().zip(group.iter()))
            .map(|(path, e)| (path.as_str(), e.reason))
            .collect();
        assert_eq!(
            got,
            [
                ("acme/page-0.md", "new page"),
                ("acme/page-1.md", "layout tidied"),
                ("acme/page-2.md", "new page"),
            ]
        );
        assert!(group.iter().all(|e| e.engagement == Some("acme")));
    }

    #[test]
    fn a_group_gives_back_each_entrys_texts_in_twelve_bytes_a_slot() {
        assert_eq!(std::mem::size_of::<Slot>(), 12);
        let texts = [
            Texts::None,
            Texts::held(Some("old".into()), Some("new".into())),
            Texts::Staged(Staged::numbered(7)),
            Texts::held(None, Some("only new".into())),
        ];
        let entries = texts.into_iter().enumerate().map(|(i, texts)| Entry {
            texts,
            follows_state: i % 3 == 2,
            ..entry(format!("{i}.md"), "new page".into())
        });
        let group = Group::pack(None, entries.collect());
        let follows: Vec<bool> = group.iter().map(|e| e.follows_state).collect();
        assert_eq!(follows, [false, false, true, false]);
        let got: Vec<_> = group.iter().map(|e| (e.old(), e.content())).collect();
        assert!(matches!(got[0], (None, None)));
        assert!(matches!(got[1], (Some("old"), Some(Content::Text("new")))));
        assert!(matches!(got[2], (None, Some(Content::Staged(s))) if s == Staged::numbered(7)));
        assert!(matches!(got[3], (None, Some(Content::Text("only new")))));
    }

    #[test]
    fn a_group_keeps_its_folder_once_and_shares_document_file_names() {
        for document in Document::ALL {
            assert_eq!(document.file_name(), format!("{}.md", document.as_str()));
        }
        let cases: [(&[&str], &str, &str); 5] = [
            (
                &["acme/raci.md", "acme/people/x.md", "acme/index.md"],
                "acme/",
                "people/x.md",
            ),
            (
                &["acme/acme-raci.md", "acme/acme.md"],
                "acme/",
                "acme-raci.mdacme.md",
            ),
            (&["index.md", "acme/raci.md"], "", "acme/raci.md"),
            (&["ab/x.md", "ac/raci.md"], "", "ab/x.mdac/raci.md"),
            (&["a/b/x.md", "a/c/y.md", "a/b/"], "a/", "b/x.mdc/y.mdb/"),
        ];
        for (paths, folder, names) in cases {
            let entries = paths
                .iter()
                .map(|p| entry(p.to_string(), "new page".into()));
            let group = Group::pack(None, entries.collect());
            assert_eq!(
                (group.folder(), group.names()),
                (folder, names),
                "{paths:?}"
            );
            let back: Vec<String> = group.iter().map(|e| e.path.to_string()).collect();
            assert_eq!(back, paths, "{paths:?}");
        }
    }

    #[test]
    fn a_group_keeps_each_entrys_own_reason_among_fixed_ones() {
        let n = usize::from(OWN) + 10;
        let reason = |i: usize| match i % 3 {
            0 => Cow::Borrowed("new page"),
            _ => Cow::Owned(format!("reason {i}")),
        };
        let entries = (0..n).map(|i| entry(format!("{i}.md"), reason(i)));
        let group = Group::pack(None, entries.collect());
        assert_eq!(group.len(), n);
        for i in [0, 1, 2, n / 2, usize::from(OWN), n - 1] {
            let e = group.get(i);
            assert_eq!(
                (e.path.to_string(), e.reason),
                (format!("{i}.md"), &*reason(i))
            );
        }
    }
}
