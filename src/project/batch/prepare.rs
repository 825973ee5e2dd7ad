//! An engagement's path in, the engagement read, its packs merged (once per pack set in a
//! run, shared by the threads) and the fingerprint of its inputs out.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::diag::Diagnostics;
use crate::fingerprint::{self, Fnv};
use crate::input::builtin;
use crate::input::engagement::Engagement;
use crate::pack::Pack;
use crate::pack::load::PackLoader;
use crate::policy::resolve::{self, Packs};
use crate::project::Project;
use crate::render::Renderer;

/// An engagement read, its packs merged, and its fingerprint.
pub(super) type Prepared = (Engagement, Arc<Packs>, u64);

/// The pack loader and fingerprints, shared by the threads.
pub(super) struct Shared {
    pub(super) loader: PackLoader,
    pub(super) prints: Fingerprints,
    /// The packs' merged policy per pack set (by the packs' addresses): engagements on
    /// the same packs share it and add only their own layer.
    pub(super) policies: HashMap<Vec<usize>, Arc<Packs>>,
}

/// Reads one engagement and orders its packs (each pack is read once per run).
pub(super) fn prepare(
    path: &Path,
    shared: &Mutex<Shared>,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
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
pub(super) struct Fingerprints {
    base: u64,
    today: jiff::civil::Date,
    packs: HashMap<usize, u64>,
}

impl Fingerprints {
    pub(super) fn new(project: &Project, renderer: Option<&Renderer>) -> Fingerprints {
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
