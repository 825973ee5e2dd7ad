//! An engagement's items and where each stands on a day: the typed items joined with the
//! ticks the wiki's pages hold (by item key, never by the items' text). The wiki layer
//! makes it once per build; the pages that follow people's work (each person's page, the
//! index page's timeline), the home page's progress and the review's open count read it.

use jiff::civil::Date;

use crate::policy::items::{Item, Progress};
use crate::policy::schedule::Standing;

/// Every item of an engagement with its standing on `today`.
#[derive(Clone, Debug)]
pub struct Ledger<'a> {
    /// The items, in policy order.
    pub items: &'a [Item],
    /// The standing of each item, in the same order.
    pub standings: Vec<Standing>,
}

impl<'a> Ledger<'a> {
    /// The standings of `items` on `today`, given which are ticked.
    pub fn new(items: &'a [Item], ticked: impl Fn(&Item) -> bool, today: Date) -> Ledger<'a> {
        let standings = items
            .iter()
            .map(|item| item.standing(ticked(item), today, 0))
            .collect();
        Ledger { items, standings }
    }

    /// Each item with its standing.
    pub fn entries(&self) -> impl Iterator<Item = (&'a Item, Standing)> + '_ {
        self.items.iter().zip(self.standings.iter().copied())
    }

    /// Ticked, overdue and total items.
    pub fn progress(&self) -> Progress {
        let mut progress = Progress::default();
        for standing in &self.standings {
            progress.total += 1;
            progress.done += u32::from(*standing == Standing::Done);
            progress.overdue += u32::from(*standing == Standing::Overdue);
        }
        progress
    }

    /// Items not ticked.
    pub fn open(&self) -> usize {
        self.progress().open() as usize
    }

    /// A digest of every item's key and standing: the pages that show standings change
    /// exactly when it does.
    pub fn digest(&self) -> u64 {
        let mut hash = crate::fingerprint::Fnv::default();
        for (item, standing) in self.entries() {
            hash.write_str(item.document.as_str());
            hash.write_str(&item.key);
            hash.write(&[standing as u8]);
        }
        hash.finish()
    }
}
