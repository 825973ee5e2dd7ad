//! A build's entries packed for keeping: the pages of one engagement (or of none) in a
//! few allocations, each page's action, reason and texts in an 8-byte slot, given back as
//! [`PlannedFile`]s.

use std::borrow::Cow;
use std::sync::Arc;

use crate::input::vocab::Document;
use crate::wiki::entry::{Action, Entry, Held, Kept, PagePath, PlannedFile, Texts};
use crate::wiki::stage::Staged;
use slots::Slots;

mod slots;

/// Entries of one engagement (or of none), packed: their common folder once, their file
/// names in one string (but for documents' file names, which every engagement shares),
/// and per entry its name's end in it and what else it holds, so that a portfolio's plan
/// holds a few allocations per engagement rather than a few per page (at 10,000
/// engagements, 140,000 pages).
#[derive(Clone, Debug, Default)]
pub struct Group {
    /// The engagement's id (empty for a group of no engagement, or when the folder
    /// begins with it), the folder every entry's path starts with (empty, or ending in
    /// `/`), then the entries' file names after the folder but for shared ones
    /// ([`SHARED`]): one after another, in one allocation.
    texts: Box<str>,
    /// Where the id and the folder end in `texts` (with [`ID_IN_FOLDER`] when the id is
    /// the folder's beginning, not kept before it).
    ends: [u32; 2],
    /// How long the beginning and the end that every own file name shares are (`people/`
    /// and `.md`), kept once in `texts` after the folder, before the names without them.
    affixes: [u16; 2],
    /// The entries' first fixed reason (a full build's pages all give the same one; empty
    /// when there is none): kept here, the others in [`Extra::reasons`].
    reason: &'static str,
    /// What only some groups have: reasons made for one entry, texts held in memory,
    /// ends and texts too large for a slot.
    extra: Option<Box<Extra>>,
    /// The smallest staged page number of the entries: a slot keeps its own less this.
    base: u32,
    slots: Slots,
}

/// The parts of a [`Group`] that a build's groups seldom have.
#[derive(Clone, Debug, Default)]
struct Extra {
    /// The entries' fixed reasons after the first, each once.
    reasons: Box<[&'static str]>,
    /// The reasons made for one entry (such as the lines a conflict's edits are on), by
    /// the entry's place in the group.
    own: Box<[(usize, Box<str>)]>,
    /// The texts entries keep in memory (`--plan`, `--check`), by their slots' places.
    held: Box<[Held]>,
    /// Each entry's name end and texts in full, for a group where one does not fit in a
    /// slot's 16 bits (a group of many pages); empty otherwise.
    wide: Box<[(u32, u32)]>,
}

/// File names every engagement's pages share: the documents' (`raci.md`), where a
/// flavour names pages by the document alone.
const SHARED: &[Document] = Document::ALL;

/// The bit of a group's first end that says its id is the beginning of its folder, kept
/// once (ids and folders are far shorter than 2 GB).
const ID_IN_FOLDER: u32 = 1 << 31;

/// The place in a slot that sends its reason to the group's own reasons.
const OWN: u8 = u8::MAX;

/// An entry of a [`Group`] without its path, reason and engagement (8 bytes: a plan keeps
/// one for each page of the wiki).
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Where its name ends in the group's names (where the last one ended, for a shared
    /// name), counted from their start; in the group's wide ends if it does not fit.
    end: u16,
    /// A staged page's number less the group's base, or the place of its texts in the
    /// group's held texts, as `flags` say ([`STAGED`], [`HELD`]); in the group's wide
    /// texts if it does not fit.
    texts: u16,
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

/// A name's end or a texts' number as a slot keeps it, if it fits in 16 bits.
fn narrow(n: u32) -> Option<u16> {
    u16::try_from(n).ok()
}

impl Group {
    /// Packs entries that belong to one engagement, or to none (`engagement`), in path
    /// order: a plan orders its groups' entries by merging them ([`Group::path`]).
    pub fn pack(engagement: Option<Arc<str>>, mut entries: Vec<Entry>) -> Group {
        entries.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        let folder = common_folder(entries.iter().map(|e| e.path.as_str())).to_string();
        let base = (entries.iter())
            .filter_map(|e| match e.texts {
                Texts::Staged(Staged(number)) => Some(number),
                _ => None,
            })
            .min()
            .unwrap_or(0);
        // 1 + each name's place among the shared names, or 0 for a name of its own.
        let shared: Vec<u8> = (entries.iter())
            .map(|e| shared_place(&e.path[folder.len()..]))
            .collect();
        let own_names = (entries.iter().zip(&shared))
            .filter(|(_, shared)| **shared == 0)
            .map(|(e, _)| &e.path[folder.len()..]);
        let (prefix, suffix) = affixes(own_names);
        let (prefix, suffix) = (prefix.to_string(), suffix.to_string());
        let mut names = String::new();
        let mut reasons: Vec<&'static str> = Vec::new();
        let mut own = Vec::new();
        let mut held = Vec::new();
        // Each entry's name end and texts in full, until it is known whether all fit.
        let mut wide: Vec<(u32, u32)> = Vec::with_capacity(entries.len());
        let mut slots: Vec<Slot> = (entries.into_iter().zip(shared).enumerate())
            .map(|(i, (e, shared))| {
                if shared == 0 {
                    let name = &e.path[folder.len()..];
                    names.push_str(&name[prefix.len()..name.len() - suffix.len()]);
                }
                let fixed = match e.reason {
                    Cow::Borrowed(text) => fixed_reason(&mut reasons, text),
                    Cow::Owned(_) => None,
                };
                let reason = fixed.unwrap_or_else(|| {
                    own.push((i, e.reason.into_owned().into_boxed_str()));
                    OWN
                });
                let (texts, kind) = match e.texts {
                    Texts::None => (0, 0),
                    Texts::Staged(Staged(number)) => (number.wrapping_sub(base), STAGED),
                    Texts::Held(texts) => {
                        held.push(*texts);
                        (u32::try_from(held.len() - 1).unwrap_or(u32::MAX), HELD)
                    }
                };
                wide.push((u32::try_from(names.len()).unwrap_or(u32::MAX), texts));
                let follows = if e.follows_state { FOLLOWS_STATE } else { 0 };
                Slot {
                    end: 0,
                    texts: 0,
                    action: e.action,
                    reason,
                    shared,
                    flags: kind | follows,
                }
            })
            .collect();
        let fits = wide
            .iter()
            .all(|&(end, texts)| narrow(end).is_some() && narrow(texts).is_some());
        if fits {
            for (slot, &(end, texts)) in slots.iter_mut().zip(&wide) {
                (slot.end, slot.texts) = (end as u16, texts as u16);
            }
            wide.clear();
        }
        let id = engagement.as_deref().unwrap_or_default();
        let later_reasons = reasons.get(1..).unwrap_or_default();
        let rare = [later_reasons.len(), own.len(), held.len(), wide.len()];
        let extra = rare.iter().any(|&n| n > 0).then(|| {
            Box::new(Extra {
                reasons: later_reasons.into(),
                own: own.into_boxed_slice(),
                held: held.into_boxed_slice(),
                wide: wide.into_boxed_slice(),
            })
        });
        // An engagement's folder is most often named by its id: then the id is kept once,
        // as the folder's beginning.
        let (own_id, shared_id) = match folder.starts_with(id) {
            true => ("", ID_IN_FOLDER),
            false => (id, 0),
        };
        Group {
            texts: [own_id, &folder, &prefix, &suffix, &names]
                .concat()
                .into_boxed_str(),
            ends: [
                id.len() as u32 | shared_id,
                (own_id.len() + folder.len()) as u32,
            ],
            affixes: [prefix.len(), suffix.len()].map(|len| len as u16),
            reason: reasons.first().copied().unwrap_or_default(),
            extra,
            base,
            slots: Slots::of(slots),
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
        let slot = self.slots.get(i);
        PlannedFile {
            path: self.path(i),
            action: slot.action,
            reason: self.reason(i, slot.reason),
            engagement: self.engagement(),
            texts: self.kept(i),
            follows_state: slot.flags & FOLLOWS_STATE != 0,
        }
    }

    /// Entry number `i`'s path, without the rest of the entry (sorting and searching a plan
    /// ask for paths only).
    pub fn path(&self, i: usize) -> PagePath<'_> {
        let name = match self.slots.get(i).shared.checked_sub(1) {
            Some(n) => ["", SHARED[usize::from(n)].file_name(), ""],
            None => {
                let start = i.checked_sub(1).map_or(0, |i| self.end_and_texts(i).0);
                let own = &self.names()[start as usize..self.end_and_texts(i).0 as usize];
                let (prefix, suffix) = self.affixes();
                [prefix, own, suffix]
            }
        };
        PagePath::of(self.folder(), name)
    }

    /// Where entry `i`'s name ends in the names, and its texts' number as its slot keeps it.
    fn end_and_texts(&self, i: usize) -> (u32, u32) {
        match self.extra.as_ref().and_then(|e| e.wide.get(i)) {
            Some(&wide) => wide,
            None => {
                let slot = self.slots.get(i);
                (u32::from(slot.end), u32::from(slot.texts))
            }
        }
    }

    /// What entry `i` keeps of its file's texts.
    fn kept(&self, i: usize) -> Kept<'_> {
        let flags = self.slots.get(i).flags;
        let texts = self.end_and_texts(i).1;
        if flags & STAGED != 0 {
            Kept::Staged(Staged(self.base.wrapping_add(texts)))
        } else if flags & HELD != 0 {
            let held = self.extra.as_ref().map_or(&[][..], |e| &e.held);
            held.get(texts as usize).map_or(Kept::None, Kept::Held)
        } else {
            Kept::None
        }
    }

    /// The engagement its entries belong to, if any.
    pub fn engagement(&self) -> Option<&str> {
        let id_end = (self.ends[0] & !ID_IN_FOLDER) as usize;
        Some(&self.texts[..id_end]).filter(|id| !id.is_empty())
    }

    /// The folder every entry's path starts with: empty, or ending in `/`.
    fn folder(&self) -> &str {
        let start = match self.ends[0] & ID_IN_FOLDER {
            0 => self.ends[0] as usize,
            _ => 0,
        };
        &self.texts[start..self.ends[1] as usize]
    }

    /// What every own file name begins and ends with.
    fn affixes(&self) -> (&str, &str) {
        let start = self.ends[1] as usize;
        let [prefix, suffix] = self.affixes.map(usize::from);
        let (prefix_end, suffix_end) = (start + prefix, start + prefix + suffix);
        (
            &self.texts[start..prefix_end],
            &self.texts[prefix_end..suffix_end],
        )
    }

    /// The entries' own file names, one after another, without their shared beginning and
    /// end.
    fn names(&self) -> &str {
        let [prefix, suffix] = self.affixes.map(usize::from);
        &self.texts[self.ends[1] as usize + prefix + suffix..]
    }

    /// The reason of entry number `i`, at `place` in the group's fixed reasons.
    fn reason(&self, i: usize, place: u8) -> &str {
        let later = |place: usize| self.extra.as_ref()?.reasons.get(place - 1).copied();
        let fixed = match place {
            OWN => None,
            0 => Some(self.reason),
            _ => later(usize::from(place)),
        };
        match fixed {
            Some(reason) => reason,
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

/// 1 + the place of `name` among the names every engagement's pages share, or 0.
fn shared_place(name: &str) -> u8 {
    (SHARED.iter().position(|d| d.file_name() == name)).map_or(0, |n| n as u8 + 1)
}

/// The place of a fixed reason among a group's `reasons`, added if new; `None` once the
/// group has as many as a slot can name.
fn fixed_reason(reasons: &mut Vec<&'static str>, reason: &'static str) -> Option<u8> {
    match reasons.iter().position(|r| *r == reason) {
        Some(n) => u8::try_from(n).ok(),
        None if reasons.len() < usize::from(OWN) => {
            reasons.push(reason);
            u8::try_from(reasons.len() - 1).ok()
        }
        None => None,
    }
}

/// What every one of `names` begins and ends with, when there are two or more (one name
/// would be all beginning): the longest beginning, then the longest end of what is left
/// of each, each whole characters and at most 16 bits long.
fn affixes<'a>(names: impl Iterator<Item = &'a str> + Clone) -> (&'a str, &'a str) {
    let mut all = names.clone();
    let (Some(first), Some(_)) = (all.next(), all.next()) else {
        return ("", "");
    };
    let shortest = names.clone().map(str::len).min().unwrap_or(0);
    let mut prefix = (names.clone())
        .map(|name| common_len(first.bytes(), name.bytes()))
        .min()
        .unwrap_or(0)
        .min(shortest)
        .min(usize::from(u16::MAX));
    while !first.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = (names.map(|name| common_len(first.bytes().rev(), name.bytes().rev())))
        .min()
        .unwrap_or(0)
        .min(shortest - prefix)
        .min(usize::from(u16::MAX));
    while !first.is_char_boundary(first.len() - suffix) {
        suffix -= 1;
    }
    (&first[..prefix], &first[first.len() - suffix..])
}

/// How many bytes two sequences share from their start.
fn common_len(a: impl Iterator<Item = u8>, b: impl Iterator<Item = u8>) -> usize {
    a.zip(b).take_while(|(x, y)| x == y).count()
}

/// The longest folder (empty, or ending in `/`) that every path starts with.
fn common_folder<'a>(mut paths: impl Iterator<Item = &'a str>) -> &'a str {
    let first = paths.next().unwrap_or_default();
    let mut common = first.len();
    for path in paths {
        let same = first.bytes().zip(path.bytes()).take(common);
        common = same.take_while(|(a, b)| a == b).count();
    }
    // By bytes: two names may share the first byte of different characters.
    let slash = first.as_bytes()[..common].iter().rposition(|&b| b == b'/');
    slash.map_or("", |i| &first[..=i])
}

#[cfg(test)]
mod tests;
