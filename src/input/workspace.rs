//! The workspace: a `charter.yaml` at a folder's root naming where engagements, local
//! packs, template overrides and the wiki live, and the wiki's flavour; and the settings of
//! a build, from the command line and the workspace.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::BuildArgs;
use crate::diag::source::{Located, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::decode::{Cx, Fields};
use crate::input::yaml;
use crate::wiki::flavor::Flavor;
use crate::wiki::plan::Scope;

/// The workspace file's name.
pub const FILE_NAME: &str = "charter.yaml";

/// A decoded `charter.yaml`; folders are relative to the current folder.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The file itself.
    pub file: PathBuf,
    /// Folder searched (recursively, sorted) for engagement files.
    pub engagements: PathBuf,
    /// Folder of the packs engagements name as `local:NAME`.
    pub packs: Option<PathBuf>,
    /// Folder of template overrides.
    pub templates: Option<PathBuf>,
    /// The wiki's folder.
    pub out: PathBuf,
    /// The wiki's flavour.
    pub flavor: Flavor,
}

/// Everything a build needs to know about where things are.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Engagement files to build, sorted for a workspace, as given otherwise.
    pub engagements: Vec<PathBuf>,
    /// The wiki's folder.
    pub out: PathBuf,
    /// Template overrides.
    pub templates: Option<PathBuf>,
    /// Folder of `local:` packs.
    pub local_packs: Option<PathBuf>,
    /// Layout and links.
    pub flavor: Flavor,
    /// Which existing pages the build may retire.
    pub scope: Scope,
    /// Whether the build writes the portfolio pages: not when it builds some engagements
    /// of a workspace, whose home page lists them all.
    pub portfolio: bool,
}

/// Works out a build's settings: named engagement files, or the workspace's.
pub fn settings(args: &BuildArgs, diags: &mut Diagnostics) -> Option<Settings> {
    let workspace = match &args.workspace {
        Some(dir) => Some(load(&dir.join(FILE_NAME), diags)?),
        None => match find() {
            Some(file) => Some(load(&file, diags)?),
            None => None,
        },
    };
    let (engagements, scope) = if args.engagements.is_empty() {
        let Some(ws) = &workspace else {
            diags.push(no_workspace());
            return None;
        };
        (engagement_files(&ws.engagements, diags), Scope::Everything)
    } else {
        (
            args.engagements.clone(),
            Scope::Engagements(Default::default()),
        )
    };
    let ws = workspace.as_ref();
    let portfolio = ws.is_none() || args.engagements.is_empty();
    Some(Settings {
        engagements,
        out: args
            .out
            .clone()
            .or_else(|| ws.map(|w| w.out.clone()))
            .unwrap_or_else(|| "wiki".into()),
        templates: args
            .templates
            .clone()
            .or_else(|| ws.and_then(|w| w.templates.clone())),
        local_packs: ws.and_then(|w| w.packs.clone()),
        flavor: args.flavor.or(ws.map(|w| w.flavor)).unwrap_or_default(),
        scope,
        portfolio,
    })
}

fn no_workspace() -> Diagnostic {
    Diagnostic::unlocated(format!(
        "no engagement files given and no `{FILE_NAME}` in this folder or any parent"
    ))
    .with_help(format!(
        "name engagement files (`charter build ENGAGEMENT.yaml`), or write a `{FILE_NAME}` (docs/formats.md, \"Workspace\")"
    ))
}

/// The nearest `charter.yaml` in the current folder or a parent, as a relative path.
pub fn find() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let mut relative = PathBuf::new();
    for dir in cwd.ancestors() {
        if dir.join(FILE_NAME).is_file() {
            return Some(relative.join(FILE_NAME));
        }
        relative.push("..");
    }
    None
}

/// Reads and decodes a workspace file.
pub fn load(file: &Path, diags: &mut Diagnostics) -> Option<Workspace> {
    let source = fs::read_source(file).map_err(|e| diags.push(e)).ok()?;
    let root = yaml::parse(&source).map_err(|e| diags.push(e)).ok()?;
    let mut cx = Cx {
        source: &source,
        diags,
    };
    let mut f = Fields::of(&root, "the workspace", &mut cx)?;
    let engagements: Option<Located<String>> = f.optional("engagements", &mut cx);
    let packs: Option<Located<String>> = f.optional("packs", &mut cx);
    let templates: Option<Located<String>> = f.optional("templates", &mut cx);
    let out: Option<Located<String>> = f.optional("out", &mut cx);
    let flavor: Option<Flavor> = f.optional("flavor", &mut cx);
    if !f.finish(&mut cx) || cx.diags.has_errors() {
        return None;
    }
    let base = file.parent().unwrap_or(Path::new(""));
    let dir = |value: &Located<String>, cx: &mut Cx| folder(base, value, &source, cx);
    Some(Workspace {
        file: file.to_path_buf(),
        engagements: match &engagements {
            Some(e) => dir(e, &mut cx)?,
            None => base.join("engagements"),
        },
        packs: packs.as_ref().map(|p| dir(p, &mut cx)).unwrap_or_default(),
        templates: templates
            .as_ref()
            .map(|t| dir(t, &mut cx))
            .unwrap_or_default(),
        out: out.map_or_else(|| base.join("wiki"), |o| base.join(&o.value)),
        flavor: flavor.unwrap_or_default(),
    })
}

/// A folder named in the workspace file, which must exist.
fn folder(
    base: &Path,
    value: &Located<String>,
    source: &Arc<Source>,
    cx: &mut Cx,
) -> Option<PathBuf> {
    let path = fs::normalize(&base.join(&value.value));
    if path.is_dir() {
        return Some(path);
    }
    let message = format!("folder `{}` does not exist", fs::display(&path));
    let help = format!("folders are relative to `{}`", source.name);
    cx.fail(
        Diagnostic::error(&value.at, message)
            .with_label("no such folder")
            .with_help(help),
    )
}

/// Every `.yaml`/`.yml` file under `dir`, sorted; hidden files and folders are skipped.
pub fn engagement_files(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    let visible =
        |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
    for entry in walk.filter_entry(visible) {
        match entry {
            Ok(e) if e.file_type().is_file() && is_yaml(e.path()) => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::unlocated(format!(
                "cannot read engagements folder `{}`: {e}",
                fs::display(dir)
            ))),
        }
    }
    files
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}
