//! `charter build`: validate everything, plan every page, then write (or plan, or check).

use crate::cli::BuildArgs;
use crate::cmd::progress::Bar;
use crate::cmd::{Exit, Ui, open_project, output, print_diagnostics};
use crate::diag::Diagnostics;
use crate::fs::{self, FolderLock};
use crate::project::Project;
use crate::wiki::apply::{self, Failed};
use crate::wiki::git::Repo;
use crate::wiki::plan::{Action, Keep, Plan};
use crate::wiki::report;
use crate::wiki::stage::Stage;

/// Builds the named engagements, or every engagement of the workspace.
pub fn run(args: &BuildArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let project = open_project(&args.project, args.out.clone(), args.flavor, &mut diags);
    let writes = !args.plan && !args.check;
    let held = project
        .as_ref()
        .and_then(|p| lock(&p.out, writes, &mut diags));
    let stage = (project.as_ref())
        .filter(|_| writes && held.is_some())
        .map(|p| Stage::new(&p.out));
    let keep = stage.as_ref().map_or(Keep::Texts, Keep::Stage);
    let progress = Bar::new(args.quiet, *ui);
    let plan = (project.as_ref())
        .filter(|_| held.is_some())
        .and_then(|p| p.plan_build(&args.engagements, keep, &progress, &mut diags));
    print_diagnostics(&diags, ui);
    let (Some(project), Some(plan)) = (project, plan.filter(|_| !diags.has_errors())) else {
        eprintln!("nothing was written");
        return Exit::BadInput;
    };
    if args.plan {
        output::data(&report::plan_text(&plan));
        return Exit::Ok;
    }
    let Some(stage) = stage else {
        return check(&plan, args.quiet);
    };
    if plan.with(Action::Conflict).next().is_some() && !args.force {
        eprint!("{}", report::conflicts_text(&plan));
        return Exit::Failed;
    }
    match write(args, &project, &plan, &stage) {
        Ok(()) => Exit::Ok,
        Err(failed) => report_failure(failed, ui),
    }
}

/// A build that failed while writing: nothing changed, or the pages it could not put back.
fn report_failure(failed: Failed, ui: &Ui) -> Exit {
    print_diagnostics(&Diagnostics::from(vec![*failed.error]), ui);
    if failed.left_changed.is_empty() {
        eprintln!("nothing was written: every page replaced so far was put back");
        return Exit::BadInput;
    }
    eprintln!("these pages could not be put back and are left changed:");
    for page in &failed.left_changed {
        eprintln!("  {page}");
    }
    Exit::PartlyWritten
}

/// Holds the wiki for this build: exclusively when it writes; waits for another build.
fn lock(out: &std::path::Path, writes: bool, diags: &mut Diagnostics) -> Option<FolderLock> {
    let waiting = || {
        let name = fs::display(out);
        eprintln!("waiting for another build of `{name}` to finish");
    };
    fs::lock_folder(out, writes, waiting)
        .map_err(|e| diags.push(e))
        .ok()
}

/// `--check`: the diff of everything stale, exit 1 unless the wiki is current.
fn check(plan: &Plan, quiet: bool) -> Exit {
    if !plan.is_current() {
        output::data(&report::diff_text(plan));
        let counts = report::counts(plan);
        eprintln!("the wiki is stale: {counts}; run `charter build` to update it");
        return Exit::Failed;
    }
    if !quiet {
        let refresh = report::refresh_text(plan);
        if !refresh.is_empty() {
            output::note(refresh.trim_end());
        }
        output::note(&format!("the wiki is current ({})", report::counts(plan)));
    }
    Exit::Ok
}

/// Writes the plan as one transaction, then commits it when asked; if the commit is
/// refused (a hook), the pages are unstaged and put back.
fn write(args: &BuildArgs, project: &Project, plan: &Plan, stage: &Stage) -> Result<(), Failed> {
    let before = |error| Failed {
        error: Box::new(error),
        left_changed: Vec::new(),
    };
    let repo = args
        .commit
        .then(|| Repo::open(&project.out))
        .transpose()
        .map_err(before)?;
    if let Some(repo) = &repo {
        repo.check_staged(&plan.touched()).map_err(before)?;
        repo.check_not_ignored(&plan.touched()).map_err(before)?;
    }
    stage.sweep_leftovers_of_killed_builds();
    let applied = apply::apply(&project.out, plan, stage, args.force)?;
    let committed = match &repo {
        Some(repo) => match repo.commit_applied(&applied) {
            Ok(committed) => Some(committed),
            Err(error) => {
                repo.unstage(&applied.touched());
                let error = error.with_help(
                    "the pages were unstaged and put back; fix what the commit hook reports and run the build again",
                );
                let left_changed = applied.roll_back();
                return Err(Failed {
                    error: Box::new(error),
                    left_changed,
                });
            }
        },
        None => None,
    };
    if !args.quiet {
        let summary = report::summary(plan, &applied);
        output::note(&format!("{}: {summary}", fs::display(&project.out)));
        committed.into_iter().for_each(|c| output::note(&c));
    }
    applied.finish();
    stage.finish();
    Ok(())
}
