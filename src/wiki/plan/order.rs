//! The plan's index: every file a build touches or considered, in path order, kept as the
//! places of the entries in their groups. In: the groups of entries a build made (each
//! sorted when packed); out: the places in path order, and the entries found by path.

use crate::wiki::entry::{Action, PlannedFile};
use crate::wiki::group::Group;

/// The places of the entries of `groups` from number `first` on, in path order. Each
/// group's entries are in path order ([`Group::pack`]), and most groups (one engagement's
/// folder each) hold paths that no other group's fall between: those are laid one after
/// another, ordered by their first paths, and the entries of any group that does not fit
/// so (pages at the wiki's top, beside the engagements' folders) are sorted and merged in.
/// A build of 10,000 engagements compares a few hundred thousand paths rather than a few
/// million.
fn in_path_order(groups: &[Group], first: usize) -> Vec<(u32, u32)> {
    let path = |g: usize, i: usize| groups[g].path(i);
    let mut runs: Vec<usize> = (first..groups.len())
        .filter(|&g| groups[g].len() > 0)
        .collect();
    runs.sort_unstable_by(|&a, &b| path(a, 0).cmp(&path(b, 0)));
    let places = |g: usize| (0..groups[g].len()).map(move |i| (g as u32, i as u32));
    let mut laid: Vec<(u32, u32)> = Vec::with_capacity(runs.iter().map(|&g| groups[g].len()).sum());
    let mut rest = Vec::new();
    let mut last: Option<usize> = None;
    for g in runs {
        let after = last.is_none_or(|l| path(l, groups[l].len() - 1) < path(g, 0));
        match after {
            true => {
                laid.extend(places(g));
                last = Some(g);
            }
            false => rest.extend(places(g)),
        }
    }
    let at = |&(g, i): &(u32, u32)| path(g as usize, i as usize);
    debug_assert!(laid.is_sorted_by(|a, b| at(a) < at(b)));
    // Paths are unique: an unstable sort gives the same order, without a buffer.
    rest.sort_unstable_by(|a, b| at(a).cmp(&at(b)));
    merge_sorted(groups, &mut laid, rest);
    laid
}

/// Merges `added` into `order`, both in path order, from the back, in place.
fn merge_sorted(groups: &[Group], order: &mut Vec<(u32, u32)>, added: Vec<(u32, u32)>) {
    let path = |&(g, i): &(u32, u32)| groups[g as usize].path(i as usize);
    let (mut a, mut b) = (order.len(), added.len());
    order.resize(a + b, (0, 0));
    while b > 0 {
        let take_a = a > 0 && path(&order[a - 1]) > path(&added[b - 1]);
        let place = a + b - 1;
        if take_a {
            order[place] = order[a - 1];
            a -= 1;
        } else {
            order[place] = added[b - 1];
            b -= 1;
        }
    }
}

/// Every file a build touches or considered, sorted by path.
///
/// The entries stay in the groups they were made in (an engagement's pages, packed on the
/// thread that planned it; the portfolio's; the retired pages), and an index of places
/// gives them in path order: a portfolio's entries are not moved into one list, which
/// would hold them twice while it grows.
#[derive(Debug, Default)]
pub struct Plan {
    groups: Vec<Group>,
    /// Each entry's group and place in it, sorted by the entry's path.
    order: Vec<(u32, u32)>,
}

impl Plan {
    /// A plan of these groups of entries; paths are unique.
    pub(super) fn new(groups: Vec<Group>) -> Plan {
        let order = in_path_order(&groups, 0);
        Plan { groups, order }
    }

    /// Adds these groups of entries, whose paths are not in the plan yet.
    pub(super) fn add(&mut self, groups: Vec<Group>) {
        let first = self.groups.len();
        self.groups.extend(groups);
        let added = in_path_order(&self.groups, first);
        let mut order = std::mem::take(&mut self.order);
        merge_sorted(&self.groups, &mut order, added);
        self.order = order;
    }

    /// Whether a page at `path` is in the plan.
    pub fn has(&self, path: &str) -> bool {
        let at = |&(g, i): &(u32, u32)| self.groups[g as usize].path(i as usize);
        (self.order.binary_search_by(|place| at(place).cmp_str(path))).is_ok()
    }

    /// Every entry, sorted by path.
    pub fn entries(&self) -> impl Iterator<Item = PlannedFile<'_>> + Clone {
        (self.order.iter()).map(|&(g, i)| self.groups[g as usize].get(i as usize))
    }

    /// The entry at `place` in path order.
    pub fn at(&self, place: usize) -> PlannedFile<'_> {
        let (g, i) = self.order[place];
        self.groups[g as usize].get(i as usize)
    }

    /// Entries with the given action.
    pub fn with(&self, action: Action) -> impl Iterator<Item = PlannedFile<'_>> {
        self.entries().filter(move |e| e.action == action)
    }

    /// The paths a build may write or remove: everything but unchanged and kept files.
    pub fn touched(&self) -> Vec<String> {
        let touched = self
            .entries()
            .filter(|e| !matches!(e.action, Action::Unchanged | Action::Keep));
        touched.map(|e| e.path.to_string()).collect()
    }

    /// Whether the wiki already matches the build: nothing to write, no conflicts.
    pub fn is_current(&self) -> bool {
        self.entries().all(|e| match e.action {
            Action::Unchanged | Action::Keep => true,
            Action::Change => e.follows_state,
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wiki::entry::{Entry, Texts};
    use std::borrow::Cow;
    use std::sync::Arc;

    fn group(engagement: Option<&str>, paths: &[&str]) -> Group {
        let entries = paths.iter().map(|path| Entry {
            path: path.to_string(),
            action: Action::Create,
            reason: Cow::Borrowed("new page"),
            engagement: engagement.map(Arc::from),
            texts: Texts::None,
            follows_state: false,
        });
        Group::pack(engagement.map(Arc::from), entries.collect())
    }

    #[test]
    fn added_entries_are_merged_into_path_order() {
        let mut plan = Plan::new(vec![
            group(Some("b"), &["b/index.md", "b/raci.md"]),
            group(Some("a"), &["a/index.md", "a/z.md"]),
            group(None, &["index.md"]),
        ]);
        assert!(plan.has("a/z.md") && plan.has("index.md"));
        assert!(!plan.has("a/old.md") && !plan.has("c/index.md"));
        plan.add(vec![
            group(None, &["zz.md", "a/old.md", "0.md"]),
            group(Some("b"), &["b/people/x.md"]),
        ]);
        plan.add(Vec::new());
        let paths: Vec<String> = plan.entries().map(|e| e.path.to_string()).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        assert_eq!(paths, sorted);
        assert_eq!(paths.len(), 9);
        assert!(
            ["a/old.md", "0.md", "zz.md", "b/people/x.md"]
                .iter()
                .all(|p| plan.has(p))
        );
        assert!(plan.at(0).path.is("0.md"));
    }

    /// However the groups' paths fall among each other (engagements' folders whose names
    /// begin alike, pages at the top between and around them, groups given in any order),
    /// a plan's entries are in path order.
    #[test]
    fn entries_are_in_path_order_however_groups_interleave() {
        let folders = ["e1/", "e1-x/", "e10/", "e1/people/", "", "f/", "E/", "_/"];
        let names = [
            "index.md",
            "raci.md",
            "_Sidebar.md",
            "Home.md",
            "a.md",
            "z-.md",
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for round in 0..200 {
            let mut used = std::collections::BTreeSet::new();
            let mut groups = Vec::new();
            for g in 0..1 + next(8) {
                let folder = folders[next(folders.len())];
                let paths: Vec<String> = (0..next(5))
                    .map(|_| format!("{folder}{}{}", next(3), names[next(names.len())]))
                    .filter(|path| used.insert(path.clone()))
                    .collect();
                let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
                groups.push(group(Some(&format!("g{g}")), &paths));
            }
            let later = groups.split_off(next(groups.len() + 1));
            let mut plan = Plan::new(groups);
            plan.add(later);
            let paths: Vec<String> = plan.entries().map(|e| e.path.to_string()).collect();
            let mut sorted: Vec<String> = used.into_iter().collect();
            sorted.sort_unstable();
            assert_eq!(paths, sorted, "round {round}");
        }
    }
}
