//! One engagement resolved and selected, as the caller's work gets it: its checklist items,
//! boxes, secrets and unfilled roles found when first asked for, its review and its pages.

use std::sync::OnceLock;

use crate::diag::source::Loc;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::policy::draft;
use crate::policy::items::{self, Boxes, Item};
use crate::policy::ledger::Ledger;
use crate::policy::resolve::Policy;
use crate::policy::select::Decision;
use crate::project::Project;
use crate::render::{self, Renderer};
use crate::review::{self, Finding, Subject};

/// One engagement, resolved and selected, ready to review and render.
pub struct Job<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Its policy: the shared packs and its own parameter values.
    pub policy: &'a Policy,
    /// Every control decided.
    pub decisions: &'a [Decision<'a>],
    /// Its checklist items, made the first time they are asked for ([`Job::items`]): a
    /// build whose pages and standings stand as the last one left them needs none.
    pub(super) items: OnceLock<Vec<Item>>,
    /// The boxes of each of its controls ([`Job::boxes`]), for its items and its pages.
    pub(super) boxes: OnceLock<Vec<Option<Boxes>>>,
    /// Digest of everything the engagement's documents depend on: charter's version, the
    /// flavour, the templates, the engagement file, its packs, and which waivers expired.
    pub fingerprint: u64,
    /// Where everything is.
    pub project: &'a Project,
    /// The place of the engagement's file among the paths the run was given.
    pub file: usize,
    /// What looks like a secret in the engagement file and its pack files, found once
    /// for the build's check and the review ([`Job::secrets`]).
    pub(super) secrets: OnceLock<Vec<(Loc, &'static str)>>,
    /// The roles no person fills, found once for the first draft's check and the review
    /// ([`Job::unfilled_roles`]).
    pub(super) unfilled_roles: OnceLock<Vec<(String, Vec<String>)>>,
}

impl Job<'_> {
    /// Its checklist items.
    pub fn items(&self) -> &[Item] {
        (self.items).get_or_init(|| {
            items::items(self.engagement, self.policy, self.decisions, self.boxes())
        })
    }

    /// The boxes of each control of its decisions ([`items::boxes`]), found the first time
    /// they are asked for.
    pub fn boxes(&self) -> &[Option<Boxes>] {
        (self.boxes).get_or_init(|| items::boxes(self.engagement, self.policy, self.decisions))
    }

    /// What looks like a secret in the engagement file and its pack files
    /// ([`review::secrets::in_inputs`]), found the first time it is asked for.
    pub fn secrets(&self) -> &[(Loc, &'static str)] {
        self.secrets
            .get_or_init(|| review::secrets::in_inputs(&self.engagement.source, self.policy))
    }

    /// Each role an applicable control names that no person fills, with the controls that
    /// need it ([`draft::unfilled_roles`]), found the first time it is asked for.
    pub fn unfilled_roles(&self) -> &[(String, Vec<String>)] {
        (self.unfilled_roles)
            .get_or_init(|| draft::unfilled_roles(self.engagement, self.policy, self.decisions))
    }

    /// The review's findings; `open_items` is the number of open checklist items read from
    /// the wiki, when there is one.
    pub fn findings(&self, open_items: Option<usize>) -> Vec<Finding> {
        review::review(&Subject {
            engagement: self.engagement,
            policy: self.policy,
            decisions: self.decisions,
            today: self.project.today,
            open_items: open_items.unwrap_or(self.items().len()),
            wiki_read: open_items.is_some(),
            secrets: self.secrets(),
            unfilled_roles: self.unfilled_roles(),
        })
    }

    /// The engagement's pages in the wiki at `wiki` (laid out in `flavor`), as status
    /// reports them on `today`, looking `within` days ahead.
    pub fn status_pages(
        &self,
        wiki: &std::path::Path,
        flavor: crate::render::flavor::Flavor,
        window: (jiff::civil::Date, i64),
    ) -> Result<Vec<crate::status::PageReport>, Diagnostic> {
        let documents = items::documents(self.engagement);
        let engagement = crate::status::Engagement {
            id: &self.engagement.id.value,
            items: self.items(),
            documents: &documents,
        };
        crate::status::engagement(wiki, flavor, &engagement, window)
    }

    /// The engagement's items with nothing ticked: where they stand without a wiki.
    pub fn unticked(&self) -> Ledger<'_> {
        Ledger::new(self.items(), |_| false, self.project.today)
    }

    /// Renders the engagement's documents and person pages; `ledger` is where each item
    /// stands in the wiki, when there is one (otherwise nothing is ticked).
    pub fn render(
        &self,
        renderer: &Renderer,
        ledger: Option<&Ledger>,
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        if !self.secrets_may_be_published(diags) {
            return Vec::new();
        }
        let findings = self.findings(ledger.map(Ledger::open));
        let unticked = self.unticked();
        let ledger = ledger.unwrap_or(&unticked);
        let review = render::review::view(&findings, self.engagement, &self.project.root);
        let input = render::Documents {
            engagement: self.engagement,
            policy: self.policy,
            decisions: self.decisions,
            boxes: self.boxes(),
            review,
            flavor: self.project.flavor,
            ledger,
        };
        renderer.documents(&input, diags)
    }
}

impl Job<'_> {
    /// Whether the engagement's documents may be rendered as far as secrets go: text that
    /// the review's detector takes for a secret is an error at its place, unless the
    /// engagement says in `publish-secrets` why it may be published (then a warning).
    fn secrets_may_be_published(&self, diags: &mut Diagnostics) -> bool {
        let found = self.secrets();
        let waived = self.engagement.publish_secrets.as_ref();
        for (at, what) in found {
            let message =
                format!("this looks like {what}; charter does not publish secrets into the wiki");
            diags.push(match waived {
                Some(reason) => Diagnostic::warning(at, message)
                    .with_help(format!("published anyway: `publish-secrets` at {}", reason.at)),
                None => Diagnostic::error(at, message)
                    .with_label("looks like a secret")
                    .with_help("remove it and rotate it; if it is not a secret, say why in the engagement's `publish-secrets: REASON`"),
            });
        }
        found.is_empty() || waived.is_some()
    }
}
