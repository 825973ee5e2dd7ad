//! A group's slots as it keeps them: one for each entry, or one shared by entries alike
//! but for their names, with each name's end and shared name.
//!
//! In: the slots of a group's entries. Out: the slot of each entry.

use super::Slot;

/// A group's entries' slots: one for each entry, or, when the entries differ only in
/// their names (an unchanged engagement's pages: one action, reason and flags, no texts
/// kept), the slot they share and each one's name (4 bytes an entry, not 8: an
/// unchanged rebuild's plan keeps one for each page of the wiki).
#[derive(Clone, Debug)]
pub(super) enum Slots {
    Each(Box<[Slot]>),
    Same(Slot, Box<[Name]>),
}

/// Where an entry's name ends and which shared name it is, as its [`Slot`] has them.
#[derive(Clone, Copy, Debug)]
pub(super) struct Name {
    end: u16,
    shared: u8,
}

impl Default for Slots {
    fn default() -> Slots {
        Slots::Each(Box::default())
    }
}

impl Slots {
    /// The slots of `each` entry, kept as [`Slots::Same`] when they may be.
    pub(super) fn of(each: Vec<Slot>) -> Slots {
        let first = each.first().copied();
        let same = first.filter(|first| {
            let rest = |s: &Slot| (s.texts, s.action, s.reason, s.flags);
            first.texts == 0 && each.iter().all(|s| rest(s) == rest(first))
        });
        match same {
            Some(first) => {
                let names = each.iter().map(|s| Name {
                    end: s.end,
                    shared: s.shared,
                });
                Slots::Same(first, names.collect())
            }
            None => Slots::Each(each.into_boxed_slice()),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Slots::Each(each) => each.len(),
            Slots::Same(_, names) => names.len(),
        }
    }

    /// Entry `i`'s slot.
    pub(super) fn get(&self, i: usize) -> Slot {
        match self {
            Slots::Each(each) => each[i],
            Slots::Same(same, names) => Slot {
                end: names[i].end,
                shared: names[i].shared,
                ..*same
            },
        }
    }
}
