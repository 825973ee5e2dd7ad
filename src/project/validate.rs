//! Validation of a set of files: finds packs, engagements and templates under the given
//! paths and checks each as deeply as a build would, collecting every problem, and each
//! engagement for a first draft's mistakes ([`draft`]).

use std::path::{Path, PathBuf};

use crate::diag::source::{BUILTIN_PREFIX, Loc, Located, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::yaml::{self, Node, NodeKind};
use crate::input::{builtin, workspace};
use crate::pack::load::PackLoader;
use crate::policy::{draft, resolve};
use crate::project::{Job, Project};
use crate::render::Renderer;

/// What was checked.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// Pack files (built-in ones included).
    pub packs: usize,
    /// Engagement files.
    pub engagements: usize,
    /// Template folders (the built-in one included).
    pub template_dirs: usize,
}

/// The kinds of file found under the paths.
#[derive(Debug, Default)]
struct Found {
    packs: Vec<PathBuf>,
    engagements: Vec<PathBuf>,
    template_dirs: Vec<PathBuf>,
}

impl Project {
    /// Checks everything under `paths` (the workspace's folders, or the current folder,
    /// when none are given), plus the built-in packs and templates: every pack resolved,
    /// every engagement rendered with each template folder found.
    pub fn validate(&self, paths: &[PathBuf], diags: &mut Diagnostics) -> Checked {
        let paths = match paths.is_empty() {
            true => self.default_paths(),
            false => paths.to_vec(),
        };
        let mut found = discover(&paths, diags);
        found.template_dirs.extend(self.templates.clone());
        found.template_dirs.sort();
        found.template_dirs.dedup();
        let root = self.workspace.as_ref().map(|w| w.root.clone());
        let mut loader = PackLoader::new(self.local_packs.clone(), root);
        let builtin_refs = builtin::PACKS
            .iter()
            .map(|(name, _)| format!("{BUILTIN_PREFIX}{name}"));
        let here = Path::new(workspace::FILE_NAME);
        for reference in builtin_refs {
            check_pack(&mut loader, reference, here, diags);
        }
        for pack in &found.packs {
            let shown = fs::display(pack);
            let reference = match pack.is_absolute() {
                true => shown,
                false => format!("./{shown}"),
            };
            check_pack(&mut loader, reference, here, diags);
        }
        for dir in std::iter::once(None).chain(found.template_dirs.iter().map(Some)) {
            self.check_templates(dir, &found.engagements, diags);
        }
        diags.dedup();
        Checked {
            packs: builtin::PACKS.len() + found.packs.len(),
            engagements: found.engagements.len(),
            template_dirs: 1 + found.template_dirs.len(),
        }
    }

    /// Without paths: the workspace's engagements, packs and templates folders when there
    /// is a workspace, else none (the built-in content only).
    fn default_paths(&self) -> Vec<PathBuf> {
        let Some(ws) = &self.workspace else {
            return Vec::new();
        };
        let folders = std::iter::once(ws.engagements.clone())
            .chain(ws.packs.clone())
            .chain(ws.templates.clone());
        folders.filter(|dir| dir.is_dir()).collect()
    }

    /// Renders every engagement with the templates of `dir` (built-in ones when `None`).
    fn check_templates(
        &self,
        dir: Option<&PathBuf>,
        engagements: &[PathBuf],
        diags: &mut Diagnostics,
    ) {
        let Some(renderer) = Renderer::new(dir.map(PathBuf::as_path), diags) else {
            return;
        };
        let each = |job: &Job, d: &mut Diagnostics| {
            if dir.is_none() {
                draft::check(job.engagement, job.decisions, job.unfilled_roles(), d);
            }
            job.render(&renderer, None, d);
        };
        self.each(
            engagements,
            Some(&renderer),
            &crate::project::Quiet,
            &each,
            diags,
        );
    }
}

fn check_pack(loader: &mut PackLoader, reference: String, from: &Path, diags: &mut Diagnostics) {
    let source = Source::new("command line", reference.clone());
    let located = Located::new(reference, Loc::file_start(&source));
    let set = loader.resolve_named(&located, from, diags);
    resolve::from_packs(&set, diags);
}

fn discover(paths: &[PathBuf], diags: &mut Diagnostics) -> Found {
    let mut found = Found::default();
    for path in paths {
        if path.is_dir() && path.file_name().is_some_and(|n| n == "templates") {
            found.template_dirs.push(path.clone());
        } else if path.is_dir() {
            discover_dir(path, &mut found, diags);
        } else {
            classify(path, true, &mut found, diags);
        }
    }
    found.template_dirs.sort();
    found.template_dirs.dedup();
    found
}

fn discover_dir(dir: &Path, found: &mut Found, diags: &mut Diagnostics) {
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| e.depth() == 0 || !skipped_dir(e.path())) {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && (name.ends_with(".yaml") || name.ends_with(".yml")) {
            classify(path, false, found, diags);
        } else if entry.file_type().is_dir() && name == "templates" && entry.depth() > 0 {
            found.template_dirs.push(path.to_path_buf());
        }
    }
}

/// Build output, dependencies and hidden folders are not inputs.
fn skipped_dir(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || ["target", "node_modules", "wiki", "site", "schemas"].contains(&name.as_ref())
}

/// Sorts a YAML file by its top-level keys: `pack:` is a pack, `id:` an engagement.
fn classify(path: &Path, named: bool, found: &mut Found, diags: &mut Diagnostics) {
    let source = match fs::read_source(path) {
        Ok(source) => source,
        Err(e) => return diags.push(e),
    };
    if path.file_name().is_some_and(|n| n == "charter.yaml") {
        return;
    }
    let tree = match yaml::parse(&source) {
        Ok(tree) => tree,
        Err(e) => return diags.push(e),
    };
    let at = Loc::file_start(&source);
    let root = tree.root();
    match kind(&root) {
        Some("pack") => found.packs.push(path.to_path_buf()),
        Some("engagement") => found.engagements.push(path.to_path_buf()),
        _ if named || !matches!(root.kind(), NodeKind::Map(_)) => {
            let message = match root.kind() {
                NodeKind::Map(_) => {
                    "not a charter file: it has neither `pack:` (a pack) nor `id:` (an engagement)"
                }
                _ => "not a charter file: its top level is not a mapping of fields",
            };
            let help = "a pack starts with `pack:`, an engagement with `id:` (`charter docs formats`); move other YAML files out of the folders charter reads";
            diags.push(Diagnostic::error(&at, message).with_help(help));
        }
        _ if OTHER_TOOLS.contains(&&*path.file_name().unwrap_or_default().to_string_lossy()) => {}
        _ => {
            let message = "skipped: neither `pack:` (a pack) nor `id:` (an engagement)";
            diags.push(Diagnostic::warning(&at, message).with_label("not a charter file"));
        }
    }
}

/// YAML files of other tools that live beside charter's files.
const OTHER_TOOLS: &[&str] = &["mkdocs.yml", "mkdocs.yaml", ".gitlab-ci.yml", "action.yml"];

fn kind(root: &Node) -> Option<&'static str> {
    let NodeKind::Map(entries) = root.kind() else {
        return None;
    };
    let has = |key: &str| entries.iter().any(|(k, _)| k.is_str(key));
    if has("pack") {
        Some("pack")
    } else if has("id") || has("people") || has("packs") {
        Some("engagement")
    } else {
        None
    }
}
