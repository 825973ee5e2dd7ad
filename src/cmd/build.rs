//! `charter build`: validate everything, plan every page, then write (or plan, or check).

use std::collections::BTreeSet;

use crate::cli::BuildArgs;
use crate::cmd::{Exit, Ui, print_diagnostics, progress, today};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::workspace::{self, Settings};
use crate::project::batch::{self, Job};
use crate::project::pipeline::Options;
use crate::render::Renderer;
use crate::wiki::apply::{self, Applied};
use crate::wiki::git::{self, Repo};
use crate::wiki::pages;
use crate::wiki::plan::{self, Action, Input, Keep, Plan, Scope};
use crate::wiki::report;
use crate::wiki::stage::Stage;

/// Builds the named engagements, or every engagement of the workspace.
pub fn run(args: &BuildArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let settings = workspace::settings(args, &mut diags);
    let writes = !args.plan && !args.check;
    let stage = settings
        .as_ref()
        .filter(|_| writes)
        .map(|s| Stage::new(&s.out));
    let keep = stage.as_ref().map_or(Keep::Texts, Keep::Stage);
    let plan = settings
        .as_ref()
        .and_then(|s| make_plan(args, s, keep, &mut diags));
    print_diagnostics(&diags, ui);
    let (Some(settings), Some(plan)) = (settings, plan.filter(|_| !diags.has_errors())) else {
        eprintln!("nothing was written");
        return Exit::BadInput;
    };
    if args.plan {
        print!("{}", report::plan_text(&plan));
        return Exit::Ok;
    }
    let Some(stage) = stage.filter(|_| !args.check) else {
        return check(&plan, args.quiet);
    };
    if plan.with(Action::Conflict).next().is_some() && !args.force {
        eprint!("{}", report::conflicts_text(&plan));
        return Exit::Failed;
    }
    match write(args, &settings, &plan, &stage) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(e);
            print_diagnostics(&diags, ui);
            Exit::BadInput
        }
    }
}

/// Renders (or reuses) every engagement's pages and plans every file.
fn make_plan(
    args: &BuildArgs,
    settings: &Settings,
    keep: Keep,
    diags: &mut Diagnostics,
) -> Option<Plan> {
    let options = Options {
        templates: settings.templates.clone(),
        today: args.today.unwrap_or_else(today),
        flavor: settings.flavor,
        local_packs: settings.local_packs.clone(),
    };
    let renderer = Renderer::new(options.templates.as_deref(), diags)?;
    let bar = progress::bar(settings.engagements.len(), args.quiet);
    let (root, flavor) = (settings.out.as_path(), settings.flavor);
    let each = |job: &Job, d: &mut Diagnostics| pages::engagement(root, flavor, keep, job, d);
    let tick = || bar.inc(1);
    let engagements = batch::run(
        &settings.engagements,
        &options,
        &renderer,
        &tick,
        &each,
        diags,
    );
    bar.finish_and_clear();
    if diags.has_errors() {
        return None;
    }
    let mut scope = settings.scope.clone();
    if let Scope::Engagements(ids) = &mut scope {
        ids.extend(engagements.iter().map(|e| e.summary.id.value.clone()));
    }
    let input = Input {
        root,
        flavor,
        renderer: &renderer,
        scope,
        portfolio: settings.portfolio,
        keep,
    };
    Some(plan::plan(&input, engagements, diags))
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
    settings: &Settings,
    plan: &Plan,
    stage: &Stage,
) -> Result<(), Diagnostic> {
    let repo = if args.commit {
        let repo = Repo::open(&settings.out)?;
        let touched: Vec<String> = plan
            .entries
            .iter()
            .filter(|e| !matches!(e.action, Action::Unchanged | Action::Keep))
            .map(|e| e.path.clone())
            .collect();
        repo.check_staged(&touched)?;
        Some(repo)
    } else {
        None
    };
    stage.sweep_leftovers_of_killed_builds();
    let applied = apply::apply(&settings.out, plan, stage, args.force)?;
    if !args.quiet {
        println!(
            "{}: {}",
            fs::display(&settings.out),
            summary(plan, &applied)
        );
    }
    if let Some(repo) = repo {
        commit(&repo, plan, &applied, args.quiet)?;
    }
    Ok(())
}

fn summary(plan: &Plan, applied: &Applied) -> String {
    let count = |a| plan.with(a).count();
    let forced = if applied.written.len() > count(Action::Create) + count(Action::Change) {
        format!(", {} conflicts overwritten", count(Action::Conflict))
    } else {
        String::new()
    };
    format!(
        "{} created, {} changed, {} unchanged, {} retired, {} kept{forced}",
        count(Action::Create),
        count(Action::Change),
        count(Action::Unchanged),
        count(Action::Retire),
        count(Action::Keep),
    )
}

fn commit(repo: &Repo, plan: &Plan, applied: &Applied, quiet: bool) -> Result<(), Diagnostic> {
    let touched: BTreeSet<&String> = applied.written.iter().chain(&applied.removed).collect();
    let entries = plan.entries.iter().filter(|e| touched.contains(&e.path));
    let mut engagements: Vec<String> = entries
        .clone()
        .filter_map(|e| e.engagement.clone())
        .collect();
    engagements.sort();
    engagements.dedup();
    let portfolio = entries.clone().any(|e| e.engagement.is_none());
    let message = git::message(&engagements, portfolio);
    let committed = repo.commit(&applied.written, &applied.removed, &message)?;
    if !quiet {
        match committed {
            true => println!("committed: {}", message.lines().next().unwrap_or_default()),
            false => println!("nothing to commit"),
        }
    }
    Ok(())
}
