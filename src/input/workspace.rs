//! The workspace file: a `charter.yaml` at a folder's root naming where engagements,
//! local packs, template overrides and the wiki live, and the wiki's flavour. This module
//! finds and decodes it; the project layer turns it into a
//! project's settings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::source::{Loc, Located, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::decode::{Cx, Fields};
use crate::input::vocab::Flavor;
use crate::input::yaml::Node;

/// The workspace file's name.
pub const FILE_NAME: &str = "charter.yaml";

/// A decoded `charter.yaml`; folders are relative to the current folder.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The folder of `charter.yaml`: every path read from an input file stays inside it.
    pub root: PathBuf,
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
    crate::input::decode(&source, diags, |root, cx| decode(file, root, &source, cx))
}

fn decode(file: &Path, root: &Node, source: &Arc<Source>, cx: &mut Cx) -> Option<Workspace> {
    let errors_before = cx.diags.error_count();
    let mut f = Fields::of(root, "the workspace", cx)?;
    let engagements: Option<Located<String>> = f.optional("engagements", cx);
    let packs: Option<Located<String>> = f.optional("packs", cx);
    let templates: Option<Located<String>> = f.optional("templates", cx);
    let out: Option<Located<String>> = f.optional("out", cx);
    let flavor: Option<Flavor> = f.optional("flavor", cx);
    if !f.finish(cx) || cx.diags.error_count() > errors_before {
        return None;
    }
    let base = file.parent().unwrap_or(Path::new(""));
    let confine = match fs::Confine::new(base) {
        Ok(confine) => confine,
        Err(e) => return cx.fail(e),
    };
    let mut dir = |value: &Option<Located<String>>| match value {
        Some(v) => folder(base, v, &confine, source, cx).map(Some),
        None => Some(None),
    };
    let engagements = dir(&engagements)?;
    let packs = dir(&packs)?;
    let templates = dir(&templates)?;
    let out = match out {
        Some(o) => Some(inside(base, &o, &confine, cx)?),
        None => None,
    };
    // The default folders may be committed links too.
    let mut default = |name: &str| {
        let written = Located::new(name.to_string(), Loc::file_start(source));
        inside(base, &written, &confine, cx)
    };
    let engagements = match engagements {
        Some(dir) => dir,
        None => default("engagements")?,
    };
    let out = match out {
        Some(dir) => dir,
        None => default("wiki")?,
    };
    Some(Workspace {
        root: base.to_path_buf(),
        engagements,
        packs,
        templates,
        out,
        flavor: flavor.unwrap_or_default(),
    })
}

/// A path named in the workspace file, which must stay inside the workspace's folder
/// once symbolic links are followed.
fn inside(
    base: &Path,
    value: &Located<String>,
    confine: &fs::Confine,
    cx: &mut Cx,
) -> Option<PathBuf> {
    let path = fs::normalize(&base.join(&value.value));
    match confine.resolve(&path) {
        Ok(_) => Some(path),
        Err(message) => cx.fail(
            Diagnostic::error(&value.at, message)
                .with_label("outside the workspace")
                .with_help(
                    "folders of the workspace are relative to charter.yaml and stay below it",
                ),
        ),
    }
}

/// A folder named in the workspace file, which must exist.
fn folder(
    base: &Path,
    value: &Located<String>,
    confine: &fs::Confine,
    source: &Arc<Source>,
    cx: &mut Cx,
) -> Option<PathBuf> {
    let path = inside(base, value, confine, cx)?;
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
