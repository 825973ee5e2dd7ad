//! `charter status`: progress, overdue items and open items per person, from the wiki.

mod part;
mod report;
mod spool;

use std::path::{Path, PathBuf};

use part::{Part, Style};
use report::Report;

use crate::cli::{StatusArgs, StatusFormat};
use crate::cmd::output::data_from;
use crate::cmd::{Exit, Ui, open_project, print_diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::project::{Job, Project};
use crate::render::flavor::Flavor;
use crate::status::{self, PageReport, Standing};
use crate::wiki::git;
use crate::wiki::record::{self, Record};

/// Reports the wiki's progress.
pub fn run(args: &StatusArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let report = read(args, &mut diags);
    print_diagnostics(&diags, ui);
    let Some(mut report) = report.filter(|_| !diags.has_errors()) else {
        return Exit::BadInput;
    };
    let person_text = args.person.is_some() && args.format == StatusFormat::Text;
    if args.history && !person_text {
        let diags = report.history_problems();
        print_diagnostics(&diags, ui);
        if diags.has_errors() {
            return Exit::BadInput;
        }
    }
    let overdue = report.overdue();
    data_from(|out| report.write(out));
    if args.fail_on.is_some() && overdue && !person_text {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

/// The report of every page: the engagements the wiki records (or the workspace's),
/// resolved as a build resolves them, joined with the ticks on their pages. Each
/// engagement's pages are formatted as soon as they are read, and only their output is
/// kept.
fn read(args: &StatusArgs, diags: &mut Diagnostics) -> Option<Report> {
    let project = open_project(&args.project, None, None, diags)?;
    let wiki = args.wiki.clone().unwrap_or_else(|| project.out.clone());
    if !wiki.is_dir() {
        let message = format!("`{}` is not a folder", fs::display(&wiki));
        diags.push(
            Diagnostic::unlocated(message).with_help("name the wiki folder charter builds into"),
        );
        return None;
    }
    let (files, flavor) = engagement_files(&project, &wiki, diags)?;
    let style = Style {
        format: args.format,
        person: args.person.clone(),
        within: args.within,
        today: project.today,
    };
    // One person's text lists no ticks.
    let history = args.history && !(args.person.is_some() && args.format == StatusFormat::Text);
    let in_git = history && git::is_repository(&wiki);
    let window = (project.today, args.within);
    let each = |job: &Job, d: &mut Diagnostics| {
        let mut pages = (job.status_pages(&wiki, flavor, window))
            .map_err(|e| d.push(e))
            .unwrap_or_default();
        if let Some(name) = &args.person {
            only(name, &mut pages);
        }
        let mut found = Vec::new();
        if in_git {
            ticked_by(&wiki, &mut pages, &mut found);
        }
        Part::new(&pages, &style, found)
    };
    let mut report = Report::new(style.clone());
    let mut add = |id: String, part: Part| report.add(id, part);
    project.each_in_path_order(&files, None, &crate::project::Quiet, &each, &mut add, diags);
    if history && !in_git {
        let message = format!("`{}` is not in a git repository", fs::display(&wiki));
        let help = "--history reads who ticked each box from the wiki's commits";
        report.history_problem(Diagnostic::unlocated(message).with_help(help));
    }
    if let Some(problem) = report.problem() {
        diags.push(problem);
    }
    Some(report)
}

/// The engagement files the wiki's record names (the workspace's when it has none), and
/// the wiki's flavour. The record is let go here: a status of thousands of engagements
/// does not hold it beside their reports.
fn engagement_files(
    project: &Project,
    wiki: &Path,
    diags: &mut Diagnostics,
) -> Option<(Vec<PathBuf>, Flavor)> {
    let record = Record::read(wiki).map_err(|e| diags.push(e)).ok()?;
    match record.is_empty() {
        false => {
            let confine = project.confine().map_err(|e| diags.push(e)).ok()?;
            let files = record.confined_files(wiki, &confine, diags);
            Some((files, record.flavor()))
        }
        true if project.workspace.is_some() => {
            Some((project.engagement_files(&[], diags)?.files, project.flavor))
        }
        true => {
            diags.push(no_record(wiki));
            None
        }
    }
}

/// Keeps the items `name` owns or that are about them, and the pages that have some.
fn only(name: &str, pages: &mut Vec<PageReport>) {
    for page in pages.iter_mut() {
        page.items.retain(|i| status::concerns(i, name));
        page.signoffs.clear();
        page.unidentified.clear();
    }
    pages.retain(|p| !p.items.is_empty());
}

/// Fills in who ticked each ticked item, from the git history of its page.
fn ticked_by(wiki: &Path, pages: &mut [PageReport], diags: &mut Vec<Diagnostic>) {
    for page in pages.iter_mut() {
        match git::tick_history(wiki, &page.path) {
            Ok(ticks) => {
                for item in &mut page.items {
                    if item.standing == Standing::Done {
                        item.ticked = ticks.get(&item.key).cloned().map(Box::new);
                    }
                }
            }
            Err(e) => diags.push(e),
        }
    }
}

fn no_record(wiki: &Path) -> Diagnostic {
    let message = format!(
        "`{}` does not record which engagements it holds (`{}`)",
        fs::display(wiki),
        record::PATH
    );
    Diagnostic::unlocated(message)
        .with_help("build the wiki with this version of charter, or run status in its workspace")
}
