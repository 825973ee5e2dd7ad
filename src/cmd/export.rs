//! `charter export oscal`: the packs as an OSCAL catalog, or one engagement's applicable
//! controls and their status in the wiki as OSCAL assessment results.

use crate::cli::{ExportArgs, ExportWhat};
use crate::cmd::output::{data, pretty};
use crate::cmd::{Exit, Ui, list, open_project, print_diagnostics, summary};
use crate::diag::{Diagnostic, Diagnostics};
use crate::oscal::{self, catalog, results};
use crate::project::{Job, Project};

/// Prints the export to standard output.
pub fn run(args: &ExportArgs, ui: &Ui) -> Exit {
    let ExportWhat::Oscal = args.what;
    let mut diags = Diagnostics::default();
    let output = open_project(&args.project, None, None, &mut diags).and_then(|project| {
        match args.engagements.as_slice() {
            [] => Some(packs_catalog(&project, &mut diags)),
            [_] => assessment(args, &project, &mut diags),
            _ => {
                let message = "name one engagement: OSCAL assessment results describe one";
                diags.push(Diagnostic::unlocated(message).with_help(
                    "run `charter export oscal FILE` once per engagement, or without a file for the catalog of the packs",
                ));
                None
            }
        }
    });
    print_diagnostics(&diags, ui);
    match output.filter(|_| !diags.has_errors()) {
        Some((value, what)) => {
            data(&pretty(&value));
            summary(
                ui,
                &format!("export: OSCAL {} {what}", oscal::OSCAL_VERSION),
            );
            Exit::Ok
        }
        None => Exit::BadInput,
    }
}

/// The catalog of the built-in packs and the workspace's own.
fn packs_catalog(project: &Project, diags: &mut Diagnostics) -> (serde_json::Value, String) {
    let local: Vec<_> = project.local_packs.iter().cloned().collect();
    let packs: Vec<_> = list::all_packs(&local, diags)
        .into_iter()
        .map(|(_, pack)| pack)
        .collect();
    let what = format!("catalog of {} packs", packs.len());
    (catalog::catalog(&packs, project.today), what)
}

/// One engagement's assessment results, its status read from the wiki.
fn assessment(
    args: &ExportArgs,
    project: &Project,
    diags: &mut Diagnostics,
) -> Option<(serde_json::Value, String)> {
    let wiki = args.wiki.clone().unwrap_or_else(|| project.out.clone());
    let each = |job: &Job, d: &mut Diagnostics| {
        let pages = match wiki.is_dir() {
            true => (job.status_pages(&wiki, project.flavor, (project.today, 14)))
                .map_err(|e| d.push(e))
                .ok()?,
            false => Vec::new(),
        };
        let file = project.shown(&job.engagement.source.name);
        let assessed = results::Assessed {
            id: &job.engagement.id.value,
            project: &job.engagement.project,
            file: &file,
            decisions: job.decisions,
            pages: &pages,
            today: project.today,
        };
        let what = format!("assessment results of `{}`", job.engagement.id.value);
        Some((results::assessment_results(&assessed), what))
    };
    crate::cmd::each_engagement(project, &args.engagements, &each, diags)
        .into_iter()
        .flatten()
        .next()
}
