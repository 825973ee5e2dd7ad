//! Many engagements at once: each engagement read, resolved, selected and handed to the
//! caller in parallel (packs are read once per run), with a fingerprint of
//! everything its documents depend on, so a caller can reuse pages whose inputs did not
//! change instead of rendering them.
//!
//! Diagnostics come out grouped by engagement, in the order of the paths; results are
//! sorted by engagement id, so output does not depend on thread timing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diag::Diagnostics;
use crate::diag::source::Located;
use crate::fingerprint::Fnv;
use crate::input::engagement::Engagement;
use crate::pack::Pack;
use crate::pack::load::PackLoader;
use crate::policy::resolve::Policy;
use crate::policy::select::Decision;
use crate::project::pipeline::{self, Generated, Options, Resolved};
use crate::render::Renderer;
use crate::wiki::write::OutputFile;

/// One engagement, resolved and selected, ready to render.
pub struct Job<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Digest of everything the engagement's documents depend on: charter's version, the
    /// flavour, the templates, the engagement file, its packs, and which waivers expired.
    pub fingerprint: u64,
    resolved: &'a Resolved,
    decisions: &'a [Decision<'a>],
    /// What the build was asked for.
    pub options: &'a Options,
    renderer: &'a Renderer,
}

impl Job<'_> {
    /// Renders the engagement's documents.
    pub fn render(&self, diags: &mut Diagnostics) -> Vec<OutputFile> {
        pipeline::render_engagement(
            self.renderer,
            self.resolved,
            self.decisions,
            self.options.today,
            self.options.flavor,
            diags,
        )
    }
}

/// Renders every engagement's documents; `on_done` is called as each one finishes.
pub fn generate(
    paths: &[PathBuf],
    options: &Options,
    renderer: &Renderer,
    on_done: &(dyn Fn() + Sync),
    diags: &mut Diagnostics,
) -> Vec<Generated> {
    let each = |job: &Job, d: &mut Diagnostics| Generated {
        engagement: job.engagement.clone(),
        files: job.render(d),
    };
    run(paths, options, renderer, on_done, &each, diags)
}

/// Calls `each` for every engagement that loads and resolves without errors, in parallel;
/// the results come sorted by engagement id. Engagements are streamed: only the results
/// of `each` are kept, never every engagement at once.
pub fn run<T: Send>(
    paths: &[PathBuf],
    options: &Options,
    renderer: &Renderer,
    on_done: &(dyn Fn() + Sync),
    each: &(dyn Fn(&Job, &mut Diagnostics) -> T + Sync),
    diags: &mut Diagnostics,
) -> Vec<T> {
    let shared = Mutex::new(Shared {
        loader: PackLoader::with_local_packs(options.local_packs.clone()),
        prints: Fingerprints::new(options, renderer),
        policies: HashMap::new(),
    });
    let results: Vec<Outcome<T>> = paths
        .par_iter()
        .map(|path| {
            let mut d = Diagnostics::default();
            let done = prepare(path, &shared, &mut d).and_then(|(e, packs, fingerprint)| {
                one(e, &packs, fingerprint, options, renderer, each, &mut d)
            });
            on_done();
            (done, d)
        })
        .collect();
    let mut seen: BTreeMap<String, Located<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for (done, mut d) in results {
        if let Some((id, value)) = done {
            pipeline::check_unique_id(&id, &mut seen, &mut d);
            out.push((id.value, value));
        }
        diags.extend(d.into_items());
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, value)| value).collect()
}

/// One engagement's result, if it got that far, and its diagnostics.
type Outcome<T> = (Option<(Located<String>, T)>, Diagnostics);

/// The pack loader and fingerprints, shared by the threads.
struct Shared {
    loader: PackLoader,
    prints: Fingerprints,
    /// The packs' merged policy per pack set (by the packs' addresses): engagements on
    /// the same packs share it and add only their own layer.
    policies: HashMap<Vec<usize>, Arc<Policy>>,
}

/// Reads one engagement and orders its packs (each pack is read once per run).
fn prepare(
    path: &Path,
    shared: &Mutex<Shared>,
    diags: &mut Diagnostics,
) -> Option<(Engagement, Arc<Policy>, u64)> {
    let engagement = pipeline::load_engagement(path, diags)?;
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
    let policy = match shared.policies.get(&key) {
        Some(policy) => Arc::clone(policy),
        None => {
            let policy = Arc::new(crate::policy::resolve::from_packs(&packs, diags));
            shared.policies.insert(key, Arc::clone(&policy));
            policy
        }
    };
    Some((engagement, policy, fingerprint))
}

/// Resolves and selects one engagement, then hands it to `each`.
fn one<T>(
    engagement: Engagement,
    packs: &Policy,
    fingerprint: u64,
    options: &Options,
    renderer: &Renderer,
    each: &(dyn Fn(&Job, &mut Diagnostics) -> T + Sync),
    diags: &mut Diagnostics,
) -> Option<(Located<String>, T)> {
    let policy = crate::policy::resolve::with_engagement(packs.clone(), &engagement, diags);
    if diags.has_errors() {
        return None;
    }
    let resolved = Resolved { engagement, policy };
    let decisions = resolved.decisions(options.today, diags);
    let job = Job {
        engagement: &resolved.engagement,
        fingerprint,
        resolved: &resolved,
        decisions: &decisions,
        options,
        renderer,
    };
    let value = each(&job, diags);
    Some((resolved.engagement.id.clone(), value))
}

/// Input fingerprints, with each pack's text digested once per run.
struct Fingerprints {
    base: u64,
    today: jiff::civil::Date,
    packs: HashMap<usize, u64>,
}

impl Fingerprints {
    fn new(options: &Options, renderer: &Renderer) -> Fingerprints {
        let mut base = Fnv::default();
        base.write_str(env!("CARGO_PKG_VERSION"));
        base.write_str(options.flavor.as_str());
        base.write_u64(renderer.fingerprint());
        Fingerprints {
            base: base.finish(),
            today: options.today,
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
                    let mut h = Fnv::default();
                    h.write_str(&pack.source.text);
                    h.finish()
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
