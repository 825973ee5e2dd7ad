//! Finding and reading packs: `builtin:NAME`, paths relative to the file that names them,
//! `requires` followed depth-first (cycles are located errors), version pins checked.
//!
//! Every pack file named in an input file is read through [`fs::read_confined`]: after
//! symbolic links are followed it must be inside the workspace's root (or, without a
//! workspace, the folder of the engagement file), and a `local:` name is a plain file name.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::source::{BUILTIN_PREFIX, Located, Source};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::builtin;
use crate::pack::Pack;

/// Where a pack comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// Embedded in the binary.
    Builtin(String),
    /// A file on disk.
    File(PathBuf),
}

/// A parsed pack reference: `builtin:core@^1`, `./policies/acme.yaml`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PackRef {
    /// Where to find the pack.
    pub origin: Origin,
    /// Required version, if pinned.
    pub version: Option<semver::VersionReq>,
}

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

impl PackLoader {
    /// Parses a reference; `local:NAME[@REQ]` becomes a file in the local packs folder.
    fn parse(
        &self,
        reference: &Located<String>,
        from: &Path,
        diags: &mut Diagnostics,
    ) -> Option<PackRef> {
        let Some(rest) = reference.value.trim().strip_prefix("local:") else {
            return parse_ref(reference, from, diags);
        };
        let (name, req) = rest
            .split_once('@')
            .map_or((rest, None), |(n, r)| (n, Some(r)));
        if !is_plain_name(name) {
            let message = format!("`local:{name}` is not a pack name");
            let help = "`local:NAME` names the file NAME.yaml of the workspace's packs folder: letters, digits, `-`, `_` and `.`, no `/` or `..`";
            diags.push(Diagnostic::error(&reference.at, message).with_help(help));
            return None;
        }
        let Some(dir) = &self.local else {
            let message = "`local:` packs come from the workspace's `packs` folder, and no workspace names one";
            let help = "add `packs: FOLDER` to charter.yaml, or name the pack by its path";
            diags.push(Diagnostic::error(&reference.at, message).with_help(help));
            return None;
        };
        let path = dir.join(format!("{name}.yaml"));
        let text = match req {
            Some(req) => format!("{}@{req}", path.display()),
            None => path.display().to_string(),
        };
        let rewritten = Located::new(text, reference.at.clone());
        parse_ref(&rewritten, Path::new(""), diags)
    }
}

struct Walk {
    set: PackSet,
    stack: Vec<Origin>,
    /// Where pack files may be (the folder, and its confinement); `None` only while
    /// reading a pack named on the command line.
    confine: Option<(PathBuf, fs::Confine)>,
}

/// A file name without folders: `acme`, `acme-2.1`.
fn is_plain_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    !name.is_empty() && !name.starts_with('.') && name.chars().all(allowed)
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

/// Builtin packs resolve their `requires` among builtins; files relative to themselves.
fn pack_base(origin: &Origin) -> PathBuf {
    match origin {
        Origin::Builtin(_) => PathBuf::from("builtin"),
        Origin::File(path) => path.clone(),
    }
}

/// Parses `builtin:NAME[@REQ]` or `PATH[@REQ]`, relative to the file that wrote it.
pub fn parse_ref(
    reference: &Located<String>,
    from: &Path,
    diags: &mut Diagnostics,
) -> Option<PackRef> {
    let text = reference.value.trim();
    let (target, version) = match text.rsplit_once('@') {
        Some((target, req)) => match semver::VersionReq::parse(req) {
            Ok(req) => (target, Some(req)),
            Err(e) => {
                let message = format!("`{req}` is not a version requirement: {e}");
                let help = "pin versions like `builtin:core@^1` or `./acme.yaml@~1.2`";
                diags.push(Diagnostic::error(&reference.at, message).with_help(help));
                return None;
            }
        },
        None => (text, None),
    };
    let origin = match target.strip_prefix(BUILTIN_PREFIX) {
        Some(name) => Origin::Builtin(name.to_string()),
        None if from == Path::new("builtin") => Origin::Builtin(target.to_string()),
        None => Origin::File(fs::relative_to(from, target)),
    };
    Some(PackRef { origin, version })
}

fn read_pack(
    origin: &Origin,
    reference: &Located<String>,
    confine: Option<&fs::Confine>,
    diags: &mut Diagnostics,
) -> Option<Pack> {
    let source = match origin {
        Origin::Builtin(name) => match builtin::pack(name) {
            Some(text) => Source::builtin(name, text),
            None => {
                let names = builtin::PACKS.iter().map(|(n, _)| *n);
                let message = format!("unknown built-in pack `{BUILTIN_PREFIX}{name}`");
                let help = suggest::hint(name, names);
                diags.push(
                    Diagnostic::error(&reference.at, message)
                        .with_label("no such pack")
                        .with_help(help),
                );
                return None;
            }
        },
        Origin::File(path) => {
            match confine.map_or_else(|| fs::read_source(path), |c| fs::read_confined(path, c)) {
                Ok(source) => source,
                Err(e) => {
                    let message = format!("cannot load pack `{}`: {}", reference.value, e.message);
                    let help = "paths are relative to the file that names the pack; built-in packs are `builtin:NAME`";
                    diags.push(Diagnostic::error(&reference.at, message).with_help(help));
                    return None;
                }
            }
        }
    };
    decode_pack(&source, diags)
}

/// Parses and decodes one pack source.
pub fn decode_pack(source: &Arc<Source>, diags: &mut Diagnostics) -> Option<Pack> {
    crate::pack::baked::pack(source).or_else(|| crate::input::decode(source, diags, Pack::decode))
}

fn check_version(
    pack: &Pack,
    pack_ref: &PackRef,
    reference: &Located<String>,
    diags: &mut Diagnostics,
) {
    let Some(req) = &pack_ref.version else { return };
    if req.matches(&pack.version.value) {
        return;
    }
    let message = format!(
        "pack `{}` is version {}, which does not satisfy `{req}`",
        pack.name.value, pack.version.value
    );
    let help = format!(
        "the pack's version is set at {}; change the pin or the pack",
        pack.version.at
    );
    diags.push(
        Diagnostic::error(&reference.at, message)
            .with_label("version pinned here")
            .with_help(help),
    );
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

/// How an origin is shown to users.
pub fn origin_name(origin: &Origin) -> String {
    match origin {
        Origin::Builtin(name) => format!("{BUILTIN_PREFIX}{name}"),
        Origin::File(path) => fs::display(path),
    }
}
