//! The build pipeline for a set of engagements: load, resolve, select, render.
//!
//! Everything is validated before anything is written: the caller gets either the
//! complete list of files or the diagnostics, never half of both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::source::Located;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::decode::Cx;
use crate::input::engagement::Engagement;
use crate::input::yaml;
use crate::pack::load::PackLoader;
use crate::policy::resolve::{self, Policy};
use crate::policy::select::{self, Decision};
use crate::project::batch;
use crate::render::review::ReviewView;
use crate::render::{Renderer, context};
use crate::review::{self, Finding, Subject};
use crate::wiki::flavor::{self, Flavor};
use crate::wiki::write::OutputFile;

/// What a build needs besides the engagement files.
#[derive(Clone, Debug)]
pub struct Options {
    /// Folder of template overrides.
    pub templates: Option<PathBuf>,
    /// The date waivers are judged against.
    pub today: Date,
    /// Where pages go and how they link.
    pub flavor: Flavor,
    /// Folder of the packs engagements name as `local:NAME`.
    pub local_packs: Option<PathBuf>,
}

/// One engagement's rendered documents.
pub struct Generated {
    /// The engagement file.
    pub engagement: Engagement,
    /// Its documents, rendered but not yet merged with the wiki's state.
    pub files: Vec<OutputFile>,
}

/// One engagement, loaded and resolved.
pub struct Resolved {
    /// The engagement file.
    pub engagement: Engagement,
    /// The merged policy.
    pub policy: Policy,
}

impl Resolved {
    /// Reviews the engagement: findings, and their view for templates.
    pub fn review(
        &self,
        decisions: &[Decision],
        today: Date,
        open_items: Option<usize>,
    ) -> (Vec<Finding>, ReviewView) {
        let subject = Subject {
            engagement: &self.engagement,
            policy: &self.policy,
            decisions,
            today,
            open_items,
        };
        let findings = review::review(&subject);
        let view = crate::render::review::view(&findings, &self.engagement);
        (findings, view)
    }

    /// Decides every control for this engagement.
    pub fn decisions(&self, today: Date, diags: &mut Diagnostics) -> Vec<Decision<'_>> {
        select::select(&self.policy, &self.engagement, today, diags)
    }
}

/// Reads and decodes one engagement file.
pub fn load_engagement(path: &Path, diags: &mut Diagnostics) -> Option<Engagement> {
    let source = match fs::read_source(path) {
        Ok(source) => source,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    let root = match yaml::parse(&source) {
        Ok(root) => root,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    Engagement::decode(
        &root,
        &mut Cx {
            source: &source,
            diags,
        },
    )
}

/// Loads an engagement and resolves its packs.
pub fn resolve_engagement(
    path: &Path,
    loader: &mut PackLoader,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let engagement = load_engagement(path, diags)?;
    let errors_before = diags.error_count();
    let pack_set = loader.resolve_order(&engagement.packs, path, diags);
    if diags.error_count() > errors_before {
        // Without every pack, role and parameter checks would only add noise.
        return None;
    }
    let policy = resolve::resolve(&pack_set, &engagement, diags);
    Some(Resolved { engagement, policy })
}

/// Renders every document of every engagement, or reports why not.
pub fn generate(paths: &[PathBuf], options: &Options, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let Some(renderer) = Renderer::new(options.templates.as_deref(), diags) else {
        return Vec::new();
    };
    let generated = batch::generate(paths, options, &renderer, &|| {}, diags);
    let mut files: Vec<OutputFile> = generated.into_iter().flat_map(|g| g.files).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Reports an engagement id seen before.
pub(crate) fn check_unique_id(
    id: &Located<String>,
    seen: &mut BTreeMap<String, Located<String>>,
    diags: &mut Diagnostics,
) {
    if let Some(first) = seen.get(&id.value) {
        let message = format!("engagement id `{}` is used twice", id.value);
        let help = format!(
            "also used at {}; each engagement needs its own output folder",
            first.at
        );
        diags.push(Diagnostic::error(&id.at, message).with_help(help));
    } else {
        seen.insert(id.value.clone(), id.clone());
    }
}

/// Renders the documents of one engagement.
pub fn render_engagement(
    renderer: &Renderer,
    resolved: &Resolved,
    decisions: &[Decision],
    today: Date,
    flavor: Flavor,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut view = context::build(&resolved.engagement, &resolved.policy, decisions);
    view.review = Some(resolved.review(decisions, today, None).1);
    let mut ctx = match tera::Context::from_serialize(&view) {
        Ok(ctx) => ctx,
        Err(e) => {
            diags.push(Diagnostic::unlocated(format!(
                "cannot build the template context: {e}"
            )));
            return Vec::new();
        }
    };
    let id = &resolved.engagement.id.value;
    let mut files = Vec::new();
    let documents = context::documents_for(&resolved.engagement);
    for (name, _) in &documents {
        let path = flavor.page_path(id, name);
        flavor::insert_links(&mut ctx, flavor, id, &path, &documents);
        match renderer.render(&format!("{name}.md"), &ctx) {
            Ok(text) => files.push(OutputFile { path, text }),
            Err(e) => diags.push(e),
        }
    }
    files
}
