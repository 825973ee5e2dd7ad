//! Many engagements at once: each engagement read, resolved and selected in parallel (packs
//! are read and merged once per run), then handed to the caller as a [`Job`] with a
//! fingerprint of everything its documents depend on.
//!
//! Diagnostics come out grouped by engagement, in the order of the paths (an id used twice
//! is reported once the run is over, [`super::seen`]); results are sorted by engagement
//! id, so output does not depend on thread timing, or handed on in the order of the paths
//! as each chunk of paths is done, so that a caller can print as it goes instead of
//! holding every result.

mod job;
mod prepare;

pub use job::Job;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::seen::{Seen, unique};
use crate::diag::Diagnostics;
use crate::diag::source::Located;
use crate::pack::load::PackLoader;
use crate::policy::resolve;
use crate::policy::select;
use crate::project::Project;
use crate::render::Renderer;
use prepare::{Fingerprints, Prepared, Shared, prepare};

/// Hears how a run over engagements advances: a progress bar, a printer of diagnostics
/// as they are found, or nothing ([`Quiet`]).
pub trait Progress: Sync {
    /// The run starts for this many engagements.
    fn start(&self, _engagements: usize) {}
    /// One engagement is done.
    fn done(&self) {}
    /// A chunk of engagements is done: the diagnostics found so far, in the order found,
    /// may be taken out and printed ([`Diagnostics::take_found`]).
    fn report(&self, _diags: &mut Diagnostics) {}
    /// The run is over.
    fn finish(&self) {}
}

/// No progress to show, diagnostics kept until the end.
pub struct Quiet;

impl Progress for Quiet {}

impl Project {
    /// Calls `each` for every engagement that loads and resolves without errors, in
    /// parallel; the results come sorted by engagement id, and an id used by two files is
    /// an error. `progress` hears as each engagement finishes, and gets the diagnostics
    /// after each chunk of engagements. Only the results of `each` are kept, never every
    /// engagement at once.
    pub fn each<T: Send>(
        &self,
        paths: &[PathBuf],
        renderer: Option<&Renderer>,
        progress: &dyn Progress,
        each: &(dyn Fn(&Job, &mut Diagnostics) -> T + Sync),
        diags: &mut Diagnostics,
    ) -> Vec<T> {
        self.each_settled(paths, renderer, progress, each, &|value| value, diags)
    }

    /// As [`Project::each`], and each result is given to `settle` on this thread as it
    /// comes in, before it is kept. A result is made on one of the pool's threads, among
    /// the temporary texts of its engagement; kept there, each one holds on to a page of
    /// that thread's memory that would otherwise be handed back after the chunk. A
    /// `settle` that copies what the result owns puts the kept results side by side in
    /// this thread's memory instead.
    pub fn each_settled<T: Send>(
        &self,
        paths: &[PathBuf],
        renderer: Option<&Renderer>,
        progress: &dyn Progress,
        each: &(dyn Fn(&Job, &mut Diagnostics) -> T + Sync),
        settle: &dyn Fn(T) -> T,
        diags: &mut Diagnostics,
    ) -> Vec<T> {
        // One place per engagement from the start: a portfolio's results are kept until
        // the end, and a vector that doubles as it grows holds up to twice their size.
        let mut out = Vec::with_capacity(paths.len());
        let mut keep = |_: String, value: T| out.push(settle(value));
        let Ran { order, parallel } =
            self.each_in_path_order(paths, renderer, progress, each, &mut keep, diags);
        // Put in id order where they are: moved into a new list, the results would be held
        // twice at the end of a portfolio's build.
        permute(&mut out, order);
        if parallel {
            // What the ids freed, at once: the results are kept to the end.
            crate::allocator::hand_back_free_pages_everywhere();
        }
        out
    }

    /// As [`Project::each`], but each result goes to `sink` with its engagement's id, in
    /// the order of `paths` (not sorted by id), as soon as the engagements before it are
    /// done: the engagements run in parallel a chunk of paths at a time, so that only one
    /// chunk's results are held at once. What it saw is for [`Project::each`].
    pub fn each_in_path_order<T: Send>(
        &self,
        paths: &[PathBuf],
        renderer: Option<&Renderer>,
        progress: &dyn Progress,
        each: &(dyn Fn(&Job, &mut Diagnostics) -> T + Sync),
        sink: &mut dyn FnMut(String, T),
        diags: &mut Diagnostics,
    ) -> Ran {
        if paths.is_empty() {
            return Ran::default();
        }
        let mut seen = Seen::with_room(paths.len());
        let shared = Mutex::new(Shared {
            loader: PackLoader::new(
                self.local_packs.clone(),
                self.workspace.as_ref().map(|w| w.root.clone()),
            ),
            prints: Fingerprints::new(self, renderer),
            policies: HashMap::new(),
        });
        let run = |&(file, path): &(usize, &PathBuf)| {
            let mut d = Diagnostics::default();
            let done = prepare(path, &shared, &mut d)
                .and_then(|prepared| self.one(prepared, file, each, &mut d));
            progress.done();
            (done, d)
        };
        let files = unique(paths);
        let chunk = chunk_size(files.len());
        let parallel = chunk > 1;
        if parallel {
            // What this thread freed before (listing thousands of engagement files, reading
            // a wiki's record, the repeats' set) goes back at once: the pool's threads
            // cannot reuse its free pages, which would stay beside the results to the end
            // (at 10,000 engagements, 2 and 4 MB). One engagement runs on this thread,
            // which reuses them.
            crate::allocator::hand_back_free_pages_here();
        }
        for chunk in files.chunks(chunk) {
            let results: Vec<Outcome<T>> = match chunk.len() {
                0 | 1 => chunk.iter().map(&run).collect(),
                _ => chunk.par_iter().map(&run).collect(),
            };
            for (&(file, _), (done, d)) in chunk.iter().zip(results) {
                if let Some((id, value)) = done {
                    seen.note(&id.value, file);
                    sink(id.value, value);
                }
                diags.extend(d.into_items());
            }
            progress.report(diags);
            if parallel {
                crate::allocator::hand_back_free_pages_everywhere();
            }
        }
        // The packs, read once for the run, are not needed again. A portfolio's later steps
        // reuse their memory (freed, the peak of 10,000 engagements is 1 MB lower); those
        // of one engagement are small, and freeing them value by value cost a fiftieth of
        // its build: it leaves them to the process's exit.
        match parallel {
            true => drop(shared),
            false => crate::allocator::leave_to_exit(shared),
        }
        let order = seen.order();
        if seen.report_repeats(&order, paths, diags) {
            progress.report(diags);
        }
        Ran { order, parallel }
    }

    /// Resolves and selects one engagement, then hands it to `each`.
    fn one<T>(
        &self,
        (engagement, packs, fingerprint): Prepared,
        file: usize,
        each: &(dyn Fn(&Job, &mut Diagnostics) -> T + Sync),
        diags: &mut Diagnostics,
    ) -> Option<(Located<String>, T)> {
        let policy = resolve::with_engagement(packs, &engagement, diags);
        if diags.has_errors() {
            return None;
        }
        let decisions = select::select(&policy, &engagement, self.today, diags);
        let job = Job {
            engagement: &engagement,
            policy: &policy,
            decisions: &decisions,
            items: OnceLock::new(),
            boxes: OnceLock::new(),
            fingerprint,
            project: self,
            file,
            secrets: OnceLock::new(),
            unfilled_roles: OnceLock::new(),
        };
        let value = each(&job, diags);
        Some((engagement.id.clone(), value))
    }
}

/// Puts `items` in `order`: the item at place `k` becomes the one that was at
/// `order[k]`, a permutation of the places. Each cycle of the permutation is followed
/// with swaps, so nothing is copied out.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for first in 0..items.len() {
        let mut place = first;
        // Each place is visited once; a visited place is marked as its own.
        while order[place] != place {
            let from = order[place];
            order[place] = place;
            if from == first {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

/// How many engagements run in parallel at a time. One engagement runs on this thread:
/// it neither starts rayon's pool nor asks how many cores there are (which reads the
/// control group's files).
fn chunk_size(engagements: usize) -> usize {
    match engagements {
        0 | 1 => 1,
        _ => std::thread::available_parallelism().map_or(1, usize::from) * CHUNK_PER_THREAD,
    }
}

/// What [`Project::each_in_path_order`] saw: the order of its results' ids (the places
/// the results came in, [`Seen::order`]), and whether the engagements ran in parallel
/// (rayon's pool was started).
#[derive(Default)]
pub struct Ran {
    order: Vec<usize>,
    parallel: bool,
}

/// Engagements per thread in one chunk of [`Project::each_in_path_order`]: enough that a
/// thread seldom waits for the others at the end of a chunk, few enough that a chunk's
/// results stay small.
const CHUNK_PER_THREAD: usize = 32;

/// One engagement's result, if it got that far, and its diagnostics.
type Outcome<T> = (Option<(Located<String>, T)>, Diagnostics);

#[cfg(test)]
mod tests {
    use super::permute;

    /// Every order of six places: each item ends where the order puts it.
    #[test]
    fn permute_puts_every_item_where_the_order_says() {
        fn orders(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![Vec::new()];
            }
            let mut all = Vec::new();
            for shorter in orders(n - 1) {
                for at in 0..n {
                    let mut order = shorter.clone();
                    order.insert(at, n - 1);
                    all.push(order);
                }
            }
            all
        }
        let all = orders(6);
        assert_eq!(all.len(), 720);
        for order in all {
            let items: Vec<String> = (0..6).map(|i| format!("item {i}")).collect();
            let mut moved = items.clone();
            permute(&mut moved, order.clone());
            let expected: Vec<&String> = order.iter().map(|&from| &items[from]).collect();
            assert!(moved.iter().eq(expected), "{order:?}: {moved:?}");
        }
    }
}
