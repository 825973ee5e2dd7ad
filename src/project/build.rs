//! A build's plan: every engagement checked for a first draft's mistakes (errors stop the
//! build), its pages rendered (or reused) and merged with the pages
//! on disk, then the portfolio pages, the wiki's record and the retired pages; nothing is
//! written here.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::policy::draft;
use crate::policy::ledger::Ledger;
use crate::project::{Job, Progress, Project, Quiet, Selection};
use crate::render::Renderer;
use crate::wiki::pages::{self, EngagementPages, EngagementPlan};
use crate::wiki::plan::{self, Input, Keep, Plan, Scope};
use crate::wiki::portfolio;
use crate::wiki::record::Record;

impl Project {
    /// Plans the build of the named engagement files (every engagement of the workspace
    /// when none are named). New page texts are staged when `keep` says so; `progress`
    /// hears how many engagements there are and as each one is planned.
    pub fn plan_build(
        &self,
        named: &[PathBuf],
        keep: Keep,
        progress: &dyn Progress,
        diags: &mut Diagnostics,
    ) -> Option<Plan> {
        let selection = self.engagement_files(named, diags)?;
        let renderer = self.renderer(diags)?;
        let record = Record::read(&self.out).map_err(|e| diags.push(e)).ok()?;
        progress.start(selection.files.len());
        let build = (&selection, &renderer, &record);
        // Whether the portfolio pages list people: decided once, from the templates.
        let people_listed = portfolio::lists_people(&renderer, self.flavor);
        let mut engagements = self.plan_engagements(build, keep, people_listed, progress, diags);
        crate::allocator::hand_back_freed_pages_at_once();
        progress.finish();
        if diags.has_errors() {
            return None;
        }
        let scope = scope(&selection, &engagements);
        let portfolio = selection.everything || self.workspace.is_none();
        // The files the plans' files are among: the selection's, then those of the
        // engagements only listed.
        let mut files = std::borrow::Cow::Borrowed(&selection.files[..]);
        if portfolio && !selection.everything {
            let (others, their_files) =
                self.listed_others(&record, &engagements, people_listed, diags);
            let after = u32::try_from(files.len()).unwrap_or(u32::MAX);
            engagements.extend(others.into_iter().map(|mut e| {
                e.file = e.file.saturating_add(after);
                e
            }));
            files.to_mut().extend(their_files);
        }
        let input = Input {
            files: &files,
            root: &self.out,
            flavor: self.flavor,
            renderer: &renderer,
            scope,
            portfolio,
            keep,
            record: &record,
        };
        Some(plan::plan(&input, engagements, diags))
    }

    /// Renders (or reuses) every engagement's pages, in parallel.
    fn plan_engagements(
        &self,
        (selection, renderer, record): (&Selection, &Renderer, &Record),
        keep: Keep,
        people_listed: bool,
        progress: &dyn Progress,
        diags: &mut Diagnostics,
    ) -> Vec<EngagementPlan> {
        let each = |job: &Job, d: &mut Diagnostics| {
            draft::check(job.engagement, job.decisions, job.unfilled_roles(), d);
            let render =
                |ledger: &Ledger, d: &mut Diagnostics| job.render(renderer, Some(ledger), d);
            let last = record.build_of(&job.engagement.id.value);
            let source = EngagementPages {
                engagement: job.engagement,
                file: job.file,
                items: &|| job.items(),
                fingerprint: job.fingerprint,
                recorded: last.map(|(built, _)| built),
                recorded_progress: last.and_then(|(_, progress)| progress),
                today: self.today,
                people_listed,
                render: &render,
            };
            pages::engagement(&self.out, self.flavor, keep, &source, d)
        };
        let settle = &EngagementPlan::settled;
        self.each_settled(
            &selection.files,
            Some(renderer),
            progress,
            &each,
            settle,
            diags,
        )
    }
}

impl Project {
    /// The engagements the wiki records that this build does not name, for the home page,
    /// which always lists every engagement of the wiki, and their files (where their
    /// plans' files are). One that no longer loads is left out with a warning.
    fn listed_others(
        &self,
        record: &Record,
        planned: &[EngagementPlan],
        people_listed: bool,
        diags: &mut Diagnostics,
    ) -> (Vec<EngagementPlan>, Vec<PathBuf>) {
        let named: BTreeSet<&str> = planned.iter().map(|e| e.id()).collect();
        let Ok(confine) = self.confine() else {
            return (Vec::new(), Vec::new());
        };
        let files: Vec<PathBuf> = (record.ids())
            .filter(|id| !named.contains(id))
            .filter_map(|id| record.file_of(&self.out, id))
            .filter(|file| confine.resolve(file).is_ok())
            .collect();
        let each = |job: &Job, d: &mut Diagnostics| {
            let render = |_: &Ledger, _: &mut Diagnostics| Vec::new();
            let source = EngagementPages {
                engagement: job.engagement,
                file: job.file,
                items: &|| job.items(),
                fingerprint: job.fingerprint,
                recorded: None,
                recorded_progress: None,
                today: self.today,
                people_listed,
                render: &render,
            };
            pages::listed(&self.out, self.flavor, &source, d)
        };
        let mut theirs = Diagnostics::default();
        let settle = &EngagementPlan::settled;
        let listed = self.each_settled(&files, None, &Quiet, &each, settle, &mut theirs);
        if theirs.has_errors() {
            let message = "the home page leaves out engagements of the wiki that no longer load; run `charter validate` on the files `.charter/engagements.json` names";
            diags.push(crate::diag::Diagnostic::warning_unlocated(message));
        }
        (listed, files)
    }
}

/// Which existing pages the build may retire: all of a workspace build's, only the named
/// engagements' folders otherwise.
fn scope(selection: &Selection, engagements: &[EngagementPlan]) -> Scope {
    match selection.everything {
        true => Scope::Everything,
        false => {
            let ids = engagements.iter().map(|e| e.id().to_string());
            Scope::Engagements(ids.collect())
        }
    }
}
