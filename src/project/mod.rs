//! The project: what the command line says in, resolved engagements out, by the one path
//! every command shares.
//!
//! [`Project::open`] finds the workspace (`--workspace DIR`, else the `charter.yaml` in the
//! current folder or a parent) and settles where engagements, `local:` packs, template
//! overrides and the wiki are. [`Project::engagement_files`] names the engagements a
//! command works on, [`Project::renderer`] loads the templates with the workspace's
//! overrides, and [`Project::each`] loads, resolves and selects engagements in parallel,
//! handing each to the caller as a [`Job`].

pub mod batch;
pub mod build;
mod seen;
pub mod validate;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

pub use batch::{Job, Progress, Quiet};

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::workspace::{self, FILE_NAME, Workspace};
use crate::paths;
use crate::render::Renderer;
use crate::render::flavor::Flavor;

/// What the command line says about where things are; unset fields come from the
/// workspace, then from the defaults.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--workspace DIR`.
    pub workspace: Option<PathBuf>,
    /// `--out DIR`.
    pub out: Option<PathBuf>,
    /// `--templates DIR`.
    pub templates: Option<PathBuf>,
    /// `--flavor`.
    pub flavor: Option<Flavor>,
    /// `--today` (or today's date).
    pub today: Date,
}

/// Where everything is, settled once per run.
#[derive(Clone, Debug)]
pub struct Project {
    /// The workspace file, when there is one.
    pub workspace: Option<Workspace>,
    /// The wiki's folder.
    pub out: PathBuf,
    /// Folder of template overrides.
    pub templates: Option<PathBuf>,
    /// Folder of `local:` packs.
    pub local_packs: Option<PathBuf>,
    /// Layout and links of the wiki.
    pub flavor: Flavor,
    /// The date waivers and due dates are judged against.
    pub today: Date,
    /// The workspace's folder (absolute), else the current folder: reports show paths
    /// relative to it.
    pub root: PathBuf,
}

/// The engagement files a command works on.
#[derive(Clone, Debug)]
pub struct Selection {
    /// The files, sorted for a workspace, as given otherwise.
    pub files: Vec<PathBuf>,
    /// Whether these are every engagement of the workspace (rather than files named on
    /// the command line).
    pub everything: bool,
}

impl Project {
    /// Finds the workspace and settles the project's settings.
    pub fn open(options: &Options, diags: &mut Diagnostics) -> Option<Project> {
        let file = match &options.workspace {
            Some(dir) => Some(dir.join(FILE_NAME)),
            None => workspace::find(),
        };
        let workspace = match &file {
            Some(file) => Some(workspace::load(file, diags)?),
            None => None,
        };
        let ws = workspace.as_ref();
        let root = match &file {
            Some(file) => paths::absolute(file.parent().unwrap_or(Path::new(""))),
            None => paths::current_dir(),
        };
        Some(Project {
            root,
            out: (options.out.clone())
                .or_else(|| ws.map(|w| w.out.clone()))
                .unwrap_or_else(|| "wiki".into()),
            templates: (options.templates.clone()).or_else(|| ws.and_then(|w| w.templates.clone())),
            local_packs: ws.and_then(|w| w.packs.clone()),
            flavor: options.flavor.or(ws.map(|w| w.flavor)).unwrap_or_default(),
            today: options.today,
            workspace,
        })
    }

    /// The engagement files named on the command line, or every engagement of the
    /// workspace when none are named.
    pub fn engagement_files(
        &self,
        named: &[PathBuf],
        diags: &mut Diagnostics,
    ) -> Option<Selection> {
        if !named.is_empty() {
            return Some(Selection {
                files: named.to_vec(),
                everything: false,
            });
        }
        let Some(ws) = &self.workspace else {
            diags.push(no_workspace());
            return None;
        };
        let yaml = |p: &Path| fs::has_extension(p, &["yaml", "yml"]);
        match fs::visible_files(&ws.engagements, |_| false, yaml) {
            Ok(files) => Some(Selection {
                files,
                everything: true,
            }),
            Err(e) => {
                diags.push(e);
                None
            }
        }
    }

    /// A file name as reports show it: relative to the workspace's folder (or the current
    /// folder outside a workspace) when it is under it.
    pub fn shown(&self, name: &str) -> String {
        paths::shown(name, &self.root)
    }

    /// The folder that files named in the project's inputs (the wiki's record included)
    /// must stay inside: the workspace's root, else the current folder.
    pub fn confine(&self) -> Result<crate::fs::Confine, Diagnostic> {
        let root = self
            .workspace
            .as_ref()
            .map_or(Path::new("."), |w| w.root.as_path());
        crate::fs::Confine::new(root)
    }

    /// The templates: built-in ones, with the project's overrides.
    pub fn renderer(&self, diags: &mut Diagnostics) -> Option<Renderer> {
        Renderer::new(self.templates.as_deref(), diags)
    }
}

fn no_workspace() -> Diagnostic {
    Diagnostic::unlocated(format!(
        "no engagement files given and no `{FILE_NAME}` in this folder or any parent"
    ))
    .with_help(format!(
        "name engagement files (`charter build ENGAGEMENT.yaml`), or create a workspace and its `{FILE_NAME}` with `charter init` (`charter docs formats`, \"Workspace\")"
    ))
}
