//! Metrics: the service levels (SLAs) and indicators (KPIs) a pack asks an engagement to
//! track, each with how it is measured, its target, the role that reports it and how often
//! it is reviewed.

use crate::diag::Diagnostic;
use crate::diag::source::Located;
use crate::input::decode::{Cx, Decode, Fields, Text};
use crate::input::when::Condition;
use crate::input::yaml::Node;
use crate::keywords;

keywords! {
    /// Whether a metric is a promise or a signal.
    pub enum MetricKind ("metric kind") {
        /// A service level the vendor side commits to; missing it is a breach.
        Sla = "sla",
        /// An indicator both sides watch to steer the engagement.
        Kpi = "kpi",
    }
}

keywords! {
    /// How often a metric is reviewed.
    pub enum Cadence ("review cadence") {
        /// Every week.
        Weekly = "weekly",
        /// Every two weeks.
        Fortnightly = "fortnightly",
        /// Every month.
        Monthly = "monthly",
        /// Every three months.
        Quarterly = "quarterly",
        /// When a milestone is delivered.
        PerMilestone = "per-milestone",
        /// At each production release.
        PerRelease = "per-release",
        /// After each incident.
        PerIncident = "per-incident",
    }
}

impl Cadence {
    /// The cadence in words, for documents.
    pub fn title(self) -> &'static str {
        match self {
            Cadence::Weekly => "Weekly",
            Cadence::Fortnightly => "Every two weeks",
            Cadence::Monthly => "Monthly",
            Cadence::Quarterly => "Quarterly",
            Cadence::PerMilestone => "At each milestone",
            Cadence::PerRelease => "At each release",
            Cadence::PerIncident => "After each incident",
        }
    }
}

/// One SLA or KPI.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Metric {
    /// Stable id, e.g. `KPI-LEAD-TIME`.
    pub id: Located<String>,
    /// What is measured, in a few words.
    pub title: Located<Text>,
    /// SLA or KPI.
    pub kind: Located<MetricKind>,
    /// How it is measured: the data source and the formula.
    pub description: Located<Text>,
    /// The value to reach; usually names a parameter.
    pub target: Located<Text>,
    /// The role that measures and reports it.
    pub owner: Located<Text>,
    /// How often it is reviewed.
    pub review: Located<Cadence>,
    /// When it applies; always when absent.
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
}

impl Metric {
    /// The texts that may use `{{ params.NAME }}`.
    pub fn texts(&self) -> [&Located<Text>; 3] {
        [&self.title, &self.description, &self.target]
    }
}

impl Decode for Metric {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Metric> {
        let mut f = Fields::of(node, "a metric", cx)?;
        let id = f.required("id", cx).and_then(|id| check_metric_id(id, cx));
        let title = f.required("title", cx);
        let kind = f.required("kind", cx);
        let description = f.required("description", cx);
        let target = f.required("target", cx);
        let owner = f.required("owner", cx);
        let review = f.required("review", cx);
        let when = f.optional("when", cx);
        f.finish(cx);
        Some(Metric {
            id: id?,
            title: title?,
            kind: kind?,
            description: description?,
            target: target?,
            owner: owner?,
            review: review?,
            when,
        })
    }
}

/// Metric ids follow the control id rule: `SLA-RESPONSE-TIME`, `KPI-MTTR`.
fn check_metric_id(id: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    if super::control::is_upper_id(&id.value) {
        return Some(id);
    }
    let message = format!("`{}` is not a valid metric id", id.value);
    let help = "use uppercase letters and digits joined by hyphens, e.g. `KPI-LEAD-TIME`";
    cx.fail(Diagnostic::error(&id.at, message).with_help(help))
}
