//! The items of the pack format besides controls and metrics: activities, runbooks and
//! their steps, review rules, and the frameworks a control maps to. The file as a whole is
//! [`super::file::Pack`].

use crate::diag::Diagnostic;
use crate::diag::source::Located;
use crate::input::decode::{Cx, Decode, Fields, Text};
use crate::input::vocab::Severity;
use crate::input::when::Condition;
use crate::input::yaml::Node;
use crate::keywords;
use crate::pack::control::{Raci, check_control_id};
use crate::pack::setters::is_step_id;

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
    pub message: Located<Text>,
}

/// One RACI row.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Activity {
    /// Stable id.
    pub id: Located<String>,
    /// What the activity is.
    pub title: Located<Text>,
    /// Who does what.
    pub raci: Located<Raci>,
    /// When the row applies; always when absent.
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
}

/// A step-by-step procedure naming who does each step.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Runbook {
    /// Stable id.
    pub id: Located<String>,
    /// Title.
    pub title: Located<Text>,
    /// When to use it.
    pub purpose: Located<Text>,
    /// When the runbook applies; always when absent.
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of a runbook.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Step {
    /// Stable id, unique within its runbook, e.g. `open-incident`; a later layer names
    /// the step as `RUNBOOK/STEP`.
    pub id: Located<String>,
    /// The role that does the step.
    pub role: Located<Text>,
    /// What to do.
    #[schemars(rename = "do")]
    pub action: Located<Text>,
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
        let id: Located<String> = id?;
        let steps: Vec<Step> = steps?;
        check_step_ids(&id, &steps, cx);
        Some(Runbook {
            id,
            title: title?,
            purpose: purpose?,
            when,
            steps,
        })
    }
}

impl Decode for Step {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Step> {
        let mut f = Fields::of(node, "a runbook step", cx)?;
        // A missing id is reported with its runbook's name (see `check_step_ids`).
        let id = f
            .optional("id", cx)
            .unwrap_or_else(|| Located::new(String::new(), cx.loc(node)));
        let role = f.required("role", cx);
        let action = f.required("do", cx);
        f.finish(cx);
        Some(Step {
            id,
            role: role?,
            action: action?,
        })
    }
}

/// Each step of runbook `id` has an id of its own: lowercase words, unique in the runbook.
fn check_step_ids(id: &Located<String>, steps: &[Step], cx: &mut Cx) {
    for (n, step) in steps.iter().enumerate() {
        let runbook = &id.value;
        if step.id.value.is_empty() {
            let message = format!("step {} of runbook `{runbook}` has no `id`", n + 1);
            let help = "give each step an id unique in its runbook, e.g. `id: open-incident`; later packs name it as `RUNBOOK/STEP`";
            cx.diags
                .push(Diagnostic::error(&step.id.at, message).with_help(help));
        } else if !is_step_id(&step.id.value) {
            let message = format!(
                "`{}` is not a valid step id (runbook `{runbook}`)",
                step.id.value
            );
            let help = "use lowercase letters, digits and hyphens, e.g. `open-incident`";
            cx.diags
                .push(Diagnostic::error(&step.id.at, message).with_help(help));
        } else if let Some(first) = steps[..n].iter().find(|s| s.id.value == step.id.value) {
            let message = format!(
                "runbook `{runbook}` has two steps with id `{}`",
                step.id.value
            );
            let help = format!("first used at {}; give each step its own id", first.id.at);
            cx.diags.push(
                Diagnostic::error(&step.id.at, message)
                    .with_label("used again here")
                    .with_help(help),
            );
        }
    }
}
