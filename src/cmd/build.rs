//! `charter build`: validate everything, plan every page, then write (or plan, or check).

use crate::cli::BuildArgs;
use crate::cmd::{Exit, Ui, open_project, print_diagnostics, progress};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::project::{Job, Project, Selection};
use crate::render::Renderer;
use crate::wiki::apply;
use crate::wiki::git::Repo;
use crate::wiki::pages::{self, EngagementPages, EngagementPlan};
use crate::wiki::plan::{self, Action, Input, Keep, Plan, Scope};
use crate::wiki::report;
use crate::wiki::stage::Stage;

/// Builds the named engagements, or every engagement of the workspace.
pub fn run(args: &BuildArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let writes = !args.plan && !args.check;
    let prepared = prepare(args, writes, &mut diags);
    print_diagnostics(&diags, ui);
    let Some((project, plan, stage)) = prepared.filter(|_| !diags.has_errors()) else {
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

/// The stages before writing: open the project, name the engagements, load the templates,
/// plan every engagement's pages (staging new texts when the build writes), then the
/// portfolio pages.
fn prepare(
    args: &BuildArgs,
    writes: bool,
    diags: &mut Diagnostics,
) -> Option<(Project, Plan, Option<Stage>)> {
    let project = open_project(&args.project, args.out.clone(), args.flavor, diags)?;
    let selection = project.engagement_files(&args.engagements, diags)?;
    let renderer = project.renderer(diags)?;
    let stage = writes.then(|| Stage::new(&project.out));
    let keep = stage.as_ref().map_or(Keep::Texts, Keep::Stage);
    let engagements = plan_engagements(args, &project, &selection, &renderer, keep, diags);
    if diags.has_errors() {
        return None;
    }
    let input = Input {
        root: &project.out,
        flavor: project.flavor,
        renderer: &renderer,
        scope: scope(&selection, &engagements),
        portfolio: selection.everything || project.workspace.is_none(),
        keep,
    };
    let plan = plan::plan(&input, engagements, diags);
    Some((project, plan, stage))
}

/// Renders (or reuses) every engagement's pages, in parallel.
fn plan_engagements(
    args: &BuildArgs,
    project: &Project,
    selection: &Selection,
    renderer: &Renderer,
    keep: Keep,
    diags: &mut Diagnostics,
) -> Vec<EngagementPlan> {
    let bar = progress::bar(selection.files.len(), args.quiet);
    let each = |job: &Job, d: &mut Diagnostics| {
        let render = |open: usize, d: &mut Diagnostics| job.render(renderer, Some(open), d);
        let source = EngagementPages {
            engagement: job.engagement,
            items: job.items,
            fingerprint: job.fingerprint,
            today: project.today,
            render: &render,
        };
        pages::engagement(&project.out, project.flavor, keep, &source, d)
    };
    let tick = || bar.inc(1);
    let plans = project.each(&selection.files, Some(renderer), &tick, &each, diags);
    bar.finish_and_clear();
    plans
}

/// Which existing pages the build may retire: all of a workspace build's, only the named
/// engagements' folders otherwise.
fn scope(selection: &Selection, engagements: &[EngagementPlan]) -> Scope {
    match selection.everything {
        true => Scope::Everything,
        false => Scope::Engagements(
            engagements
                .iter()
                .map(|e| e.summary.id.value.clone())
                .collect(),
        ),
    }
}

/// `--check`: the diff of everything stale, exit 1 unless the wiki is current.
fn check(plan: &Plan, quiet: bool) -> Exit {
    if plan.is_current() {
        if !quiet {
            print!("{}", report::refresh_text(plan));
            println!("the wiki is current ({})", report::counts(plan));
        }
        return Exit::Ok;
    }
    print!("{}", report::diff_text(plan));
    eprintln!(
        "the wiki is stale: {}; run `charter build` to update it",
        report::counts(plan)
    );
    Exit::Failed
}

/// Writes the plan, then commits it when asked.
fn write(
    args: &BuildArgs,
    project: &Project,
    plan: &Plan,
    stage: &Stage,
) -> Result<(), Diagnostic> {
    let repo = match args.commit {
        true => Some(Repo::open(&project.out)?),
        false => None,
    };
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
