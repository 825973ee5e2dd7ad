//! Many engagements at once: each engagement read, resolved and selected in parallel (packs
//! are read and merged once per run), then handed to the caller as a [`Job`] with a
//! fingerprint of everything its documents depend on.
//!
//! Diagnostics come out grouped by engagement, in the order of the paths (an id used twice
//! is reported once the run is over, [`super::seen`]); results are sorted by engagement
//! id, so output does not depend on thread timing, or handed on in the order of the paths
//! as each chunk of paths is done, so that a caller can print as it goes instead of
//! holding every result.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::seen::{Seen, unique};
use crate::diag::source::{Loc, Located};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fingerprint::{self, Fnv};
use crate::fs::OutputFile;
use crate::input::builtin;
use crate::input::engagement::Engagement;
use crate::pack::Pack;
use crate::pack::load::PackLoader;
use crate::policy::draft;
use crate::policy::items::{self, Boxes, Item};
use crate::policy::ledger::Ledger;
use crate::policy::resolve::{self, Packs, Policy};
use crate::policy::select::{self, Decision};
use crate::project::Project;
use crate::render::{self, Renderer};
use crate::review::{self, Finding, Subject};

/// One engagement, resolved and selected, ready to review and render.
pub struct Job<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Its policy: the shared packs and its own parameter values.
    pub policy: &'a Policy,
    /// Every control decided.
    pub decisions: &'a [Decision<'a>],
    /// Its checklist items, made the first time they are asked for ([`Job::items`]): a
    /// build whose pages and standings stand as the last one left them needs none.
    items: OnceLock<Vec<Item>>,
    /// The boxes of each of its controls ([`Job::boxes`]), for its items and its pages.
    boxes: OnceLock<Vec<Option<Boxes>>>,
    /// Digest of everything the engagement's documents depend on: charter's version, the
    /// flavour, the templates, the engagement file, its packs, and which waivers expired.
    pub fingerprint: u64,
    /// Where everything is.
    pub project: &'a Project,
    /// The place of the engagement's file among the paths the run was given.
    pub file: usize,
    /// What looks like a secret in the engagement file and its pack files, found once
    /// for the build's check and the review ([`Job::secrets`]).
    secrets: OnceLock<Vec<(Loc, &'static str)>>,
    /// The roles no person fills, found once for the first draft's check and the review
    /// ([`Job::unfilled_roles`]).
    unfilled_roles: OnceLock<Vec<(String, Vec<String>)>>,
}

impl Job<'_> {
    /// Its checklist items.
    pub fn items(&self) -> &[Item] {
        (self.items).get_or_init(|| {
            items::items(self.engagement, self.policy, self.decisions, self.boxes())
        })
    }

    /// The boxes of each control of its decisions ([`items::boxes`]), found the first time
    /// they are asked for.
    pub fn boxes(&self) -> &[Option<Boxes>] {
        (self.boxes).get_or_init(|| items::boxes(self.engagement, self.policy, self.decisions))
    }

    /// What looks like a secret in the engagement file and its pack files
    /// ([`review::secrets::in_inputs`]), found the first time it is asked for.
    pub fn secrets(&self) -> &[(Loc, &'static str)] {
        self.secrets
            .get_or_init(|| review::secrets::in_inputs(&self.engagement.source, self.policy))
    }

    /// Each role an applicable control names that no person fills, with the controls that
    /// need it ([`draft::unfilled_roles`]), found the first time it is asked for.
    pub fn unfilled_roles(&self) -> &[(String, Vec<String>)] {
        (self.unfilled_roles).get_or_init(|| draft::unfilled_roles(self.engagement, self.decisions))
    }

    /// The review's findings; `open_items` is the number of open checklist items read from
    /// the wiki, when there is one.
    pub fn findings(&self, open_items: Option<usize>) -> Vec<Finding> {
        review::review(&Subject {
            engagement: self.engagement,
            policy: self.policy,
            decisions: self.decisions,
            today: self.project.today,
            open_items: open_items.unwrap_or(self.items().len()),
            wiki_read: open_items.is_some(),
            secrets: self.secrets(),
            unfilled_roles: self.unfilled_roles(),
        })
    }

    /// The engagement's pages in the wiki at `wiki` (laid out in `flavor`), as status
    /// reports them on `today`, looking `within` days ahead.
    pub fn status_pages(
        &self,
        wiki: &std::path::Path,
        flavor: crate::render::flavor::Flavor,
        window: (jiff::civil::Date, i64),
    ) -> Result<Vec<crate::status::PageReport>, Diagnostic> {
        let documents = items::documents(self.engagement);
        let engagement = crate::status::Engagement {
            id: &self.engagement.id.value,
            items: self.items(),
            documents: &documents,
        };
        crate::status::engagement(wiki, flavor, &engagement, window)
    }

    /// The engagement's items with nothing ticked: where they stand without a wiki.
    pub fn unticked(&self) -> Ledger<'_> {
        Ledger::new(self.items(), |_| false, self.project.today)
    }

    /// Renders the engagement's documents and person pages; `ledger` is where each item
    /// stands in the wiki, when there is one (otherwise nothing is ticked).
    pub fn render(
        &self,
        renderer: &Renderer,
        ledger: Option<&Ledger>,
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        if !self.secrets_may_be_published(diags) {
            return Vec::new();
        }
        let findings = self.findings(ledger.map(Ledger::open));
        let unticked = self.unticked();
        let ledger = ledger.unwrap_or(&unticked);
        let review = render::review::view(&findings, self.engagement, &self.project.root);
        let input = render::Documents {
            engagement: self.engagement,
            policy: self.policy,
            decisions: self.decisions,
            boxes: self.boxes(),
            review,
            flavor: self.project.flavor,
            ledger,
        };
        renderer.documents(&input, diags)
    }
}

impl Job<'_> {
    /// Whether the engagement's documents may be rendered as far as secrets go: text that
    /// the review's detector takes for a secret is an error at its place, unless the
    /// engagement says in `publish-secrets` why it may be published (then a warning).
    fn secrets_may_be_published(&self, diags: &mut Diagnostics) -> bool {
        let found = self.secrets();
        let waived = self.engagement.publish_secrets.as_ref();
        for (at, what) in found {
            let message =
                format!("this looks like {what}; charter does not publish secrets into the wiki");
            diags.push(match waived {
                Some(reason) => Diagnostic::warning(at, message)
                    .with_help(format!("published anyway: `publish-secrets` at {}", reason.at)),
                None => Diagnostic::error(at, message)
                    .with_label("looks like a secret")
                    .with_help("remove it and rotate it; if it is not a secret, say why in the engagement's `publish-secrets: REASON`"),
            });
        }
        found.is_empty() || waived.is_some()
    }
}

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

/// An engagement read, its packs merged, and its fingerprint.
type Prepared = (Engagement, Arc<Packs>, u64);

/// The pack loader and fingerprints, shared by the threads.
struct Shared {
    loader: PackLoader,
    prints: Fingerprints,
    /// The packs' merged policy per pack set (by the packs' addresses): engagements on
    /// the same packs share it and add only their own layer.
    policies: HashMap<Vec<usize>, Arc<Packs>>,
}

/// Reads one engagement and orders its packs (each pack is read once per run).
fn prepare(path: &Path, shared: &Mutex<Shared>, diags: &mut Diagnostics) -> Option<Prepared> {
    let engagement = crate::input::read(path, diags, Engagement::decode)?;
    let errors_before = diags.error_count();
    let mut shared = shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let packs = shared.loader.resolve_order(&engagement.packs, path, diags);
    let fingerprint = shared.prints.of(&engagement, &packs.packs);
    // Without every pack, role and parameter checks would only add noise.
    if diags.error_count() > errors_before {
        return None;
    }
    let key: Vec<usize> = packs
        .packs
        .iter()
        .map(|p| Arc::as_ptr(p) as usize)
        .collect();
    let merged = match shared.policies.get(&key) {
        Some(merged) => {
            merged.shown.share();
            Arc::clone(merged)
        }
        None => {
            let merged = Arc::new(resolve::from_packs(&packs, diags));
            shared.policies.insert(key, Arc::clone(&merged));
            merged
        }
    };
    Some((engagement, merged, fingerprint))
}

/// Input fingerprints, with each pack's text digested once per run.
struct Fingerprints {
    base: u64,
    today: jiff::civil::Date,
    packs: HashMap<usize, u64>,
}

impl Fingerprints {
    fn new(project: &Project, renderer: Option<&Renderer>) -> Fingerprints {
        let mut base = Fnv::default();
        base.write_str(env!("CARGO_PKG_VERSION"));
        base.write_str(project.flavor.as_str());
        base.write_u64(renderer.map_or(0, Renderer::fingerprint));
        Fingerprints {
            base: base.finish(),
            today: project.today,
            packs: HashMap::new(),
        }
    }

    fn of(&mut self, engagement: &Engagement, packs: &[Arc<Pack>]) -> u64 {
        let mut hash = Fnv::default();
        hash.write_u64(self.base);
        hash.write_str(&engagement.source.text);
        for pack in packs {
            let digest = *self
                .packs
                .entry(Arc::as_ptr(pack) as usize)
                .or_insert_with(|| {
                    builtin::baked_digest(&pack.source)
                        .unwrap_or_else(|| fingerprint::of_text(&pack.source.text))
                });
            hash.write_u64(digest);
        }
        for waiver in &engagement.waivers {
            hash.write(&[u8::from(waiver.expires.value < self.today)]);
        }
        // The review reports an engagement past its end (`ended-with-open-items`).
        hash.write(&[u8::from(engagement.ends.value < self.today)]);
        hash.finish()
    }
}

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
