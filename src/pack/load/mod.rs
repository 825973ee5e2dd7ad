//! Finding and reading packs: `builtin:NAME`, paths relative to the file that names them,
//! `requires` followed depth-first (cycles are located errors), version pins checked.
//!
//! Every pack file named in an input file is read through [`fs::read_confined`]: after
//! symbolic links are followed it must be inside the workspace's root (or, without a
//! workspace, the folder of the engagement file), and a `local:` name is a plain file name.

mod read;
mod refs;

pub use read::decode_pack;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::source::Located;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::pack::Pack;
use read::{check_version, read_pack};
use refs::{Origin, PackRef, origin_name, pack_base};

/// Reads packs once each, however many engagements name them.
#[derive(Default)]
pub struct PackLoader {
    cache: HashMap<Origin, Option<Arc<Pack>>>,
    /// Each folder pack files are confined to, resolved once per run (not once for each
    /// engagement whose packs are confined to it).
    confines: HashMap<PathBuf, fs::Confine>,
    /// Whether a pack file is outside the folder it is confined to (why, if it is), by
    /// folder and file: asked once per run, as the pack is read once.
    outside: HashMap<PathBuf, HashMap<PathBuf, Option<String>>>,
    local: Option<PathBuf>,
    root: Option<PathBuf>,
    /// The packs of each list of references already walked without a problem, by the
    /// folder they are confined to and the packs named: the engagements of a portfolio
    /// name the same few lists, each walked once per run.
    walked: HashMap<WalkKey, Arc<PackSet>>,
}

/// What a walk of an input file's pack references depends on ([`PackLoader::walk_key`]).
type WalkKey = (PathBuf, Vec<PackRef>);

/// The packs an engagement applies, in order, and which packs each one builds on.
#[derive(Clone, Debug, Default)]
pub struct PackSet {
    /// Packs in application order: a pack always comes after the packs it requires.
    pub packs: Vec<Arc<Pack>>,
    /// Pack name -> names of every pack it requires, directly or through others.
    pub requires: BTreeMap<String, BTreeSet<String>>,
}

impl PackSet {
    /// Whether pack `later` builds on pack `earlier` (so its changes win by design).
    pub fn builds_on(&self, later: &str, earlier: &str) -> bool {
        self.requires
            .get(later)
            .is_some_and(|r| r.contains(earlier))
    }
}

impl PackLoader {
    /// A loader that also finds `local:NAME` packs, as `dir/NAME.yaml` (the workspace's
    /// `packs` folder), and confines pack files to `root` (the workspace's folder; without
    /// one, the folder of the file that names the packs).
    pub fn new(local: Option<PathBuf>, root: Option<PathBuf>) -> PackLoader {
        PackLoader {
            cache: HashMap::new(),
            confines: HashMap::new(),
            outside: HashMap::new(),
            local,
            root,
            walked: HashMap::new(),
        }
    }

    /// The packs named by `refs` (written in the input file `from`) and everything they
    /// require, all confined; shared by the files that name the same packs.
    pub fn resolve_order(
        &mut self,
        refs: &[Located<String>],
        from: &Path,
        diags: &mut Diagnostics,
    ) -> Arc<PackSet> {
        let root = (self.root.clone()).unwrap_or_else(|| parent(from));
        let key = self.walk_key(refs, from, &root);
        if let Some(set) = key.as_ref().and_then(|key| self.walked.get(key)) {
            return Arc::clone(set);
        }
        let confine = match self.confine(&root) {
            Ok(confine) => Some((root, confine)),
            Err(e) => {
                diags.push(e);
                return Arc::default();
            }
        };
        // A walk that found a problem is walked again for the next file naming the same
        // packs, so that the problem is reported at that file's own references.
        let mut found = Diagnostics::default();
        let set = Arc::new(self.walk(refs, from, confine, &mut found));
        if let Some(key) = key.filter(|_| found.items().is_empty()) {
            self.walked.insert(key, Arc::clone(&set));
        }
        diags.extend(found.into_items());
        set
    }

    /// What a walk of `refs` from the file `from` depends on: the folder pack files are
    /// confined to and the packs the references name, with their pins (`None` when one
    /// does not parse; the walk reports it).
    fn walk_key(&self, refs: &[Located<String>], from: &Path, root: &Path) -> Option<WalkKey> {
        let mut ignored = Diagnostics::default();
        let named = refs.iter().map(|r| self.parse(r, from, &mut ignored));
        Some((root.to_path_buf(), named.collect::<Option<Vec<_>>>()?))
    }

    /// The pack named by `reference` on the command line (trusted as the user's own),
    /// and everything it requires, confined to the workspace or the pack's folder.
    pub fn resolve_named(
        &mut self,
        reference: &Located<String>,
        from: &Path,
        diags: &mut Diagnostics,
    ) -> PackSet {
        self.walk(std::slice::from_ref(reference), from, None, diags)
    }

    fn walk(
        &mut self,
        refs: &[Located<String>],
        from: &Path,
        confine: Option<(PathBuf, fs::Confine)>,
        diags: &mut Diagnostics,
    ) -> PackSet {
        let mut walk = Walk {
            set: PackSet::default(),
            stack: Vec::new(),
            confine,
        };
        for reference in refs {
            self.visit(reference, from, &mut walk, diags);
        }
        walk.set
    }

    /// Loads one reference and what it requires; returns the pack's name.
    fn visit(
        &mut self,
        reference: &Located<String>,
        from: &Path,
        walk: &mut Walk,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let pack_ref = self.parse(reference, from, diags)?;
        if let (Some(confine), Origin::File(path)) = (&walk.confine, &pack_ref.origin)
            && let Some(message) = self.outside(confine, path)
        {
            diags.push(outside_error(reference, &message));
            return None;
        }
        if let Some(position) = walk.stack.iter().position(|o| *o == pack_ref.origin) {
            let cycle = &walk.stack[position..];
            diags.push(cycle_error(reference, cycle, &pack_ref.origin));
            return None;
        }
        let confine = walk.confine.as_ref().map(|(_, confine)| confine);
        let pack = self.get(&pack_ref.origin, reference, confine, diags)?;
        check_version(&pack, &pack_ref, reference, diags);
        let name = pack.name.value.clone();
        if walk.set.packs.iter().any(|p| Arc::ptr_eq(p, &pack)) {
            return Some(name);
        }
        walk.stack.push(pack_ref.origin.clone());
        let base = pack_base(&pack_ref.origin);
        if walk.confine.is_none() {
            let root = (self.root.clone()).unwrap_or_else(|| parent(&base));
            walk.confine = self.confine(&root).ok().map(|confine| (root, confine));
        }
        let mut requires = BTreeSet::new();
        for required in &pack.requires {
            if let Some(dep) = self.visit(required, &base, walk, diags) {
                let transitive = walk.set.requires.get(&dep).cloned().unwrap_or_default();
                requires.extend(transitive);
                requires.insert(dep);
            }
        }
        walk.stack.pop();
        walk.add(pack, requires, diags);
        Some(name)
    }

    /// The confinement to the folder `root`, made the first time it is asked for.
    fn confine(&mut self, root: &Path) -> Result<fs::Confine, Diagnostic> {
        if let Some(confine) = self.confines.get(root) {
            return Ok(confine.clone());
        }
        let confine = fs::Confine::new(root)?;
        self.confines.insert(root.to_path_buf(), confine.clone());
        Ok(confine)
    }

    /// Why the pack file `path` is outside the folder `confine` (the folder and its
    /// confinement) keeps pack files in, if it is; found the first time it is asked.
    fn outside(&mut self, (root, confine): &(PathBuf, fs::Confine), path: &Path) -> Option<String> {
        if let Some(verdict) = self.outside.get(root).and_then(|files| files.get(path)) {
            return verdict.clone();
        }
        let verdict = confine.resolve(path).err();
        let files = self.outside.entry(root.clone()).or_default();
        files.insert(path.to_path_buf(), verdict.clone());
        verdict
    }

    fn get(
        &mut self,
        origin: &Origin,
        reference: &Located<String>,
        confine: Option<&fs::Confine>,
        diags: &mut Diagnostics,
    ) -> Option<Arc<Pack>> {
        if let Some(cached) = self.cache.get(origin) {
            return cached.clone();
        }
        let loaded = read_pack(origin, reference, confine, diags).map(Arc::new);
        self.cache.insert(origin.clone(), loaded.clone());
        loaded
    }
}

struct Walk {
    set: PackSet,
    stack: Vec<Origin>,
    /// Where pack files may be (the folder, and its confinement); `None` only while
    /// reading a pack named on the command line.
    confine: Option<(PathBuf, fs::Confine)>,
}

fn parent(file: &Path) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn outside_error(reference: &Located<String>, message: &str) -> Diagnostic {
    let message = format!("cannot load pack `{}`: {message}", reference.value);
    let help = "name packs inside the workspace (or the engagement's folder) by a relative path without `..`, or as `builtin:NAME` or `local:NAME`";
    Diagnostic::error(&reference.at, message)
        .with_label("outside the workspace")
        .with_help(help)
}

impl Walk {
    fn add(&mut self, pack: Arc<Pack>, requires: BTreeSet<String>, diags: &mut Diagnostics) {
        if self.set.packs.iter().any(|p| Arc::ptr_eq(p, &pack)) {
            return;
        }
        let same_name = self
            .set
            .packs
            .iter()
            .find(|p| p.name.value == pack.name.value);
        if let Some(first) = same_name {
            let message = format!("two different packs are named `{}`", pack.name.value);
            let help = format!(
                "the other is at {}; pack names must be unique",
                first.name.at
            );
            diags.push(Diagnostic::error(&pack.name.at, message).with_help(help));
            return;
        }
        self.set.requires.insert(pack.name.value.clone(), requires);
        self.set.packs.push(pack);
    }
}

fn cycle_error(reference: &Located<String>, cycle: &[Origin], back_to: &Origin) -> Diagnostic {
    let names: Vec<String> = cycle
        .iter()
        .chain(std::iter::once(back_to))
        .map(origin_name)
        .collect();
    let message = format!(
        "packs require each other in a cycle: {}",
        names.join(" -> ")
    );
    Diagnostic::error(&reference.at, message)
        .with_label("closes the cycle")
        .with_help("remove one of these `requires` entries")
}
