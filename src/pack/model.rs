//! The pack format: roles, parameters, activities, controls, runbooks, metrics (see
//! [`super::metric`]), and the changes a pack makes to the packs it builds on (overrides,
//! disables, parameter values).

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::diag::source::{Located, Source};
use crate::input::decode::{Cx, Decode, Entries, Fields};
use crate::input::params::{ParamDecl, RawValue};
use crate::input::vocab::Severity;
use crate::input::when::Condition;
use crate::input::yaml::Node;
use crate::keywords;
use crate::pack::Metric;
use crate::pack::control::{Control, ControlPatch, Disable, Raci, check_control_id};

keywords! {
    /// Frameworks a control can map to.
    pub enum Framework ("framework") {
        /// ISO/IEC 27001:2022 Annex A.
        Iso27001 = "iso27001-2022",
        /// AICPA SOC 2 Trust Services Criteria (2017).
        Soc2 = "soc2",
        /// NIST SP 800-53 rev 5.
        Nist80053 = "nist-800-53r5",
        /// NIST SP 800-218 SSDF 1.1.
        NistSsdf = "nist-ssdf-1.1",
        /// OWASP ASVS 5.0.
        OwaspAsvs = "owasp-asvs-5.0",
    }
}

/// One pack file.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pack {
    /// The file it was read from.
    #[schemars(skip)]
    pub source: Arc<Source>,
    /// The pack's name (`core`, `acme`).
    #[schemars(rename = "pack")]
    pub name: Located<String>,
    /// Semantic version.
    pub version: Located<semver::Version>,
    /// Human title.
    pub title: String,
    /// What the pack is for.
    #[allow(
        dead_code,
        reason = "decoded and checked as part of the format; no document shows it yet"
    )]
    pub description: String,
    /// Packs this one builds on; they are applied first.
    #[schemars(default)]
    pub requires: Vec<Located<String>>,
    /// Roles the pack declares: id -> description.
    #[schemars(default)]
    pub roles: Entries<String>,
    /// Parameters the pack declares.
    #[schemars(default, with = "crate::input::decode::Entries<ParamDecl>")]
    pub parameters: Vec<ParamDecl>,
    /// Values this pack sets for parameters declared by packs it builds on.
    #[schemars(default)]
    pub set_parameters: Entries<RawValue>,
    /// RACI rows.
    #[schemars(default)]
    pub activities: Vec<Activity>,
    /// Checklist items.
    #[schemars(default)]
    pub controls: Vec<Control>,
    /// Step-by-step procedures.
    #[schemars(default)]
    pub runbooks: Vec<Runbook>,
    /// SLAs and KPIs.
    #[schemars(default)]
    pub metrics: Vec<Metric>,
    /// Changes to controls of earlier packs.
    #[schemars(default)]
    pub overrides: Vec<ControlPatch>,
    /// Controls of earlier packs switched off, with the reason.
    #[schemars(default)]
    pub disable: Vec<Disable>,
    /// Checks `charter review` adds for engagements this pack applies to.
    #[schemars(default)]
    pub review_rules: Vec<ReviewRule>,
}

/// A declarative review rule: when the condition holds, the review reports the message.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ReviewRule {
    /// Stable rule id, e.g. `ACME-BAA-SIGNED`.
    pub id: Located<String>,
    /// How bad the finding is.
    pub severity: Located<Severity>,
    /// When the finding is reported.
    pub when: Located<Condition>,
    /// What the reviewer must do, in one sentence.
    pub message: Located<String>,
}

/// One RACI row.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Activity {
    /// Stable id.
    pub id: Located<String>,
    /// What the activity is.
    pub title: String,
    /// Who does what.
    pub raci: Raci,
    /// When the row applies; always when absent.
    #[schemars(default)]
    pub when: Option<Condition>,
}

/// A step-by-step procedure naming who does each step.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Runbook {
    /// Stable id.
    pub id: Located<String>,
    /// Title.
    pub title: String,
    /// When to use it.
    pub purpose: String,
    /// When the runbook applies; always when absent.
    #[schemars(default)]
    pub when: Option<Condition>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of a runbook.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Step {
    /// The role that does the step.
    pub role: Located<String>,
    /// What to do.
    #[schemars(rename = "do")]
    pub action: Located<String>,
}

impl Pack {
    /// Decodes a pack from its parsed file.
    pub fn decode(root: &Node, cx: &mut Cx) -> Option<Pack> {
        let mut f = Fields::of(root, "the pack", cx)?;
        let name = f.required("pack", cx).and_then(|n| check_pack_name(n, cx));
        let version = f.required("version", cx);
        let title = f.required("title", cx);
        let description = f.required("description", cx);
        let requires = f.optional("requires", cx).unwrap_or_default();
        let roles = f.optional("roles", cx).unwrap_or_default();
        let parameters = f
            .raw("parameters")
            .map(|n| decode_params(n, cx))
            .unwrap_or(Some(Vec::new()));
        let set_parameters = f.optional("set-parameters", cx).unwrap_or_default();
        let activities = f.optional("activities", cx).unwrap_or_default();
        let controls = f.optional("controls", cx).unwrap_or_default();
        let runbooks = f.optional("runbooks", cx).unwrap_or_default();
        let metrics = f.optional("metrics", cx).unwrap_or_default();
        let overrides = f.optional("overrides", cx).unwrap_or_default();
        let disable = f.optional("disable", cx).unwrap_or_default();
        let review_rules = f.optional("review-rules", cx).unwrap_or_default();
        f.finish(cx);
        Some(Pack {
            source: Arc::clone(cx.source),
            name: name?,
            version: version?,
            title: title?,
            description: description?,
            requires,
            roles,
            parameters: parameters?,
            set_parameters,
            activities,
            controls,
            runbooks,
            metrics,
            overrides,
            disable,
            review_rules,
        })
    }
}

fn check_pack_name(name: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    if crate::input::engagement::is_safe_id(&name.value) {
        return Some(name);
    }
    let message = format!("`{}` is not a valid pack name", name.value);
    cx.fail(
        Diagnostic::error(&name.at, message)
            .with_help("use lowercase letters, digits and hyphens, e.g. `acme`"),
    )
}

fn decode_params(node: &Node, cx: &mut Cx) -> Option<Vec<ParamDecl>> {
    let Entries(entries) = Entries::<RawValue>::decode(node, cx)?;
    let decls: Vec<Option<ParamDecl>> = entries
        .into_iter()
        .map(|(name, raw)| ParamDecl::decode(name, &raw.0, cx))
        .collect();
    decls.into_iter().collect()
}

impl Decode for Activity {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Activity> {
        let mut f = Fields::of(node, "an activity", cx)?;
        let id = f.required("id", cx);
        let title = f.required("title", cx);
        let raci = f.required("raci", cx);
        let when = f.optional("when", cx);
        f.finish(cx);
        Some(Activity {
            id: id?,
            title: title?,
            raci: raci?,
            when,
        })
    }
}

impl Decode for ReviewRule {
    fn decode(node: &Node, cx: &mut Cx) -> Option<ReviewRule> {
        let mut f = Fields::of(node, "a review rule", cx)?;
        let id = f.required("id", cx).and_then(|id| check_control_id(id, cx));
        let severity = f.required("severity", cx);
        let when = f.required("when", cx);
        let message = f.required("message", cx);
        f.finish(cx);
        Some(ReviewRule {
            id: id?,
            severity: severity?,
            when: when?,
            message: message?,
        })
    }
}

impl Decode for Runbook {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Runbook> {
        let mut f = Fields::of(node, "a runbook", cx)?;
        let id = f.required("id", cx);
        let title = f.required("title", cx);
        let purpose = f.required("purpose", cx);
        let when = f.optional("when", cx);
        let steps = f.required("steps", cx);
        f.finish(cx);
        Some(Runbook {
            id: id?,
            title: title?,
            purpose: purpose?,
            when,
            steps: steps?,
        })
    }
}

impl Decode for Step {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Step> {
        let mut f = Fields::of(node, "a runbook step", cx)?;
        let role = f.required("role", cx);
        let action = f.required("do", cx);
        f.finish(cx);
        Some(Step {
            role: role?,
            action: action?,
        })
    }
}
