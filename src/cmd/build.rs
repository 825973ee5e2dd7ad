//! `charter build`: validate everything, plan every page, then write (or plan, or check).

use crate::cli::BuildArgs;
use crate::cmd::progress::Bar;
use crate::cmd::{Exit, Ui, open_project, print_diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::project::Project;
use crate::wiki::git::Repo;
use crate::wiki::plan::{Action, Keep, Plan};
use crate::wiki::stage::Stage;
use crate::wiki::{apply, report};

/// Builds the named engagements, or every engagement of the workspace.
pub fn run(args: &BuildArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let project = open_project(&args.project, args.out.clone(), args.flavor, &mut diags);
    let writes = !args.plan && !args.check;
    let stage = project
        .as_ref()
        .filter(|_| writes)
        .map(|p| Stage::new(&p.out));
    let keep = stage.as_ref().map_or(Keep::Texts, Keep::Stage);
    let progress = Bar::new(args.quiet);
    let plan = (project.as_ref())
        .and_then(|p| p.plan_build(&args.engagements, keep, &progress, &mut diags));
    print_diagnostics(&diags, ui);
    let (Some(project), Some(plan)) = (project, plan.filter(|_| !diags.has_errors())) else {
        eprintln!("nothing was written");
        return Exit::BadInput;
    };
    if args.plan {
        print!("{}", report::plan_text(&plan));
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
        Err(e) => {
            print_diagnostics(&Diagnostics::from(vec![e]), ui);
            Exit::BadInput
        }
    }
}

/// `--check`: the diff of everything stale, exit 1 unless the wiki is current.
fn check(plan: &Plan, quiet: bool) -> Exit {
    if !plan.is_current() {
        print!("{}", report::diff_text(plan));
        let counts = report::counts(plan);
        eprintln!("the wiki is stale: {counts}; run `charter build` to update it");
        return Exit::Failed;
    }
    if !quiet {
        print!("{}", report::refresh_text(plan));
        println!("the wiki is current ({})", report::counts(plan));
    }
    Exit::Ok
}

/// Writes the plan, then commits it when asked.
fn write(
    args: &BuildArgs,
    project: &Project,
    plan: &Plan,
    stage: &Stage,
) -> Result<(), Diagnostic> {
    let repo = args.commit.then(|| Repo::open(&project.out)).transpose()?;
    if let Some(repo) = &repo {
        repo.check_staged(&plan.touched())?;
    }
    stage.sweep_leftovers_of_killed_builds();
    let applied = apply::apply(&project.out, plan, stage, args.force)?;
    if !args.quiet {
        let summary = report::summary(plan, &applied);
        println!("{}: {summary}", fs::display(&project.out));
    }
    if let Some(repo) = repo {
        let committed = repo.commit_applied(plan, &applied)?;
        if !args.quiet {
            println!("{committed}");
        }
    }
    Ok(())
}
