//! The fields an override may set on each kind of item other than a control (a control's
//! are [`super::control::ControlPatch`]), and how each patch applies to its item. Every
//! field is optional; a patch applied replaces the item's field with its own located
//! value, so the item keeps the location of the layer that set each field last.

use crate::diag::source::Located;
use crate::input::decode::{Cx, Decode, Fields, Text};
use crate::input::vocab::Severity;
use crate::input::when::Condition;
use crate::input::yaml::Node;
use crate::pack::Metric;
use crate::pack::control::Raci;
use crate::pack::metric::{Cadence, MetricKind};
use crate::pack::model::{Activity, ReviewRule, Runbook, Step};
use crate::pack::setters::{FieldsSet, check_step_target, put, put_some};

/// Changes to one runbook.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RunbookPatch {
    /// The runbook's id.
    pub runbook: Located<String>,
    /// See [`Runbook`].
    #[schemars(default)]
    pub title: Option<Located<Text>>,
    /// See [`Runbook`].
    #[schemars(default)]
    pub purpose: Option<Located<Text>>,
    /// See [`Runbook`].
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
}

/// Changes to one runbook step, named `RUNBOOK/STEP`.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepPatch {
    /// The runbook's id, a slash, and the step's id.
    pub step: Located<String>,
    /// See [`Step`].
    #[schemars(default)]
    pub role: Option<Located<Text>>,
    /// See [`Step`].
    #[schemars(default, rename = "do")]
    pub action: Option<Located<Text>>,
}

/// Changes to one metric.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MetricPatch {
    /// The metric's id.
    pub metric: Located<String>,
    /// See [`Metric`].
    #[schemars(default)]
    pub title: Option<Located<Text>>,
    /// See [`Metric`].
    #[schemars(default)]
    pub kind: Option<Located<MetricKind>>,
    /// See [`Metric`].
    #[schemars(default)]
    pub description: Option<Located<Text>>,
    /// See [`Metric`].
    #[schemars(default)]
    pub target: Option<Located<Text>>,
    /// See [`Metric`].
    #[schemars(default)]
    pub owner: Option<Located<Text>>,
    /// See [`Metric`].
    #[schemars(default)]
    pub review: Option<Located<Cadence>>,
    /// See [`Metric`].
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
}

/// Changes to one activity (a RACI row).
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ActivityPatch {
    /// The activity's id.
    pub activity: Located<String>,
    /// See [`Activity`].
    #[schemars(default)]
    pub title: Option<Located<Text>>,
    /// See [`Activity`].
    #[schemars(default)]
    pub raci: Option<Located<Raci>>,
    /// See [`Activity`].
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
}

/// Changes to one review rule a pack declares.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ReviewRulePatch {
    /// The rule's id.
    pub review_rule: Located<String>,
    /// See [`ReviewRule`].
    #[schemars(default)]
    pub severity: Option<Located<Severity>>,
    /// See [`ReviewRule`].
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
    /// See [`ReviewRule`].
    #[schemars(default)]
    pub message: Option<Located<Text>>,
}

impl RunbookPatch {
    /// Applies the patch; the fields it set, with where each is written.
    pub fn apply(&self, to: &mut Runbook) -> FieldsSet {
        let mut set = Vec::new();
        put(&mut set, "title", &mut to.title, &self.title);
        put(&mut set, "purpose", &mut to.purpose, &self.purpose);
        put_some(&mut set, "when", &mut to.when, &self.when);
        set
    }
}

impl StepPatch {
    /// Applies the patch; the fields it set, with where each is written.
    pub fn apply(&self, to: &mut Step) -> FieldsSet {
        let mut set = Vec::new();
        put(&mut set, "role", &mut to.role, &self.role);
        put(&mut set, "do", &mut to.action, &self.action);
        set
    }
}

impl MetricPatch {
    /// Applies the patch; the fields it set, with where each is written.
    pub fn apply(&self, to: &mut Metric) -> FieldsSet {
        let mut set = Vec::new();
        put(&mut set, "title", &mut to.title, &self.title);
        put(&mut set, "kind", &mut to.kind, &self.kind);
        put(
            &mut set,
            "description",
            &mut to.description,
            &self.description,
        );
        put(&mut set, "target", &mut to.target, &self.target);
        put(&mut set, "owner", &mut to.owner, &self.owner);
        put(&mut set, "review", &mut to.review, &self.review);
        put_some(&mut set, "when", &mut to.when, &self.when);
        set
    }
}

impl ActivityPatch {
    /// Applies the patch; the fields it set, with where each is written.
    pub fn apply(&self, to: &mut Activity) -> FieldsSet {
        let mut set = Vec::new();
        put(&mut set, "title", &mut to.title, &self.title);
        put(&mut set, "raci", &mut to.raci, &self.raci);
        put_some(&mut set, "when", &mut to.when, &self.when);
        set
    }
}

impl ReviewRulePatch {
    /// Applies the patch; the fields it set, with where each is written.
    pub fn apply(&self, to: &mut ReviewRule) -> FieldsSet {
        let mut set = Vec::new();
        put(&mut set, "severity", &mut to.severity, &self.severity);
        put(&mut set, "when", &mut to.when, &self.when);
        put(&mut set, "message", &mut to.message, &self.message);
        set
    }
}

impl Decode for RunbookPatch {
    fn decode(node: &Node, cx: &mut Cx) -> Option<RunbookPatch> {
        let mut f = Fields::of(node, "a runbook override", cx)?;
        let target = f.required("runbook", cx);
        let patch = RunbookPatch {
            runbook: Located::new(String::new(), cx.loc(node)),
            title: f.optional("title", cx),
            purpose: f.optional("purpose", cx),
            when: f.optional("when", cx),
        };
        f.finish(cx);
        Some(RunbookPatch {
            runbook: target?,
            ..patch
        })
    }
}

impl Decode for StepPatch {
    fn decode(node: &Node, cx: &mut Cx) -> Option<StepPatch> {
        let mut f = Fields::of(node, "a runbook step override", cx)?;
        let step = f
            .required("step", cx)
            .and_then(|s| check_step_target(s, cx));
        let patch = StepPatch {
            step: Located::new(String::new(), cx.loc(node)),
            role: f.optional("role", cx),
            action: f.optional("do", cx),
        };
        f.finish(cx);
        Some(StepPatch {
            step: step?,
            ..patch
        })
    }
}

impl Decode for MetricPatch {
    fn decode(node: &Node, cx: &mut Cx) -> Option<MetricPatch> {
        let mut f = Fields::of(node, "a metric override", cx)?;
        let target = f.required("metric", cx);
        let patch = MetricPatch {
            metric: Located::new(String::new(), cx.loc(node)),
            title: f.optional("title", cx),
            kind: f.optional("kind", cx),
            description: f.optional("description", cx),
            target: f.optional("target", cx),
            owner: f.optional("owner", cx),
            review: f.optional("review", cx),
            when: f.optional("when", cx),
        };
        f.finish(cx);
        Some(MetricPatch {
            metric: target?,
            ..patch
        })
    }
}

impl Decode for ActivityPatch {
    fn decode(node: &Node, cx: &mut Cx) -> Option<ActivityPatch> {
        let mut f = Fields::of(node, "an activity override", cx)?;
        let target = f.required("activity", cx);
        let patch = ActivityPatch {
            activity: Located::new(String::new(), cx.loc(node)),
            title: f.optional("title", cx),
            raci: f.optional("raci", cx),
            when: f.optional("when", cx),
        };
        f.finish(cx);
        Some(ActivityPatch {
            activity: target?,
            ..patch
        })
    }
}

impl Decode for ReviewRulePatch {
    fn decode(node: &Node, cx: &mut Cx) -> Option<ReviewRulePatch> {
        let mut f = Fields::of(node, "a review rule override", cx)?;
        let target = f.required("review-rule", cx);
        let patch = ReviewRulePatch {
            review_rule: Located::new(String::new(), cx.loc(node)),
            severity: f.optional("severity", cx),
            when: f.optional("when", cx),
            message: f.optional("message", cx),
        };
        f.finish(cx);
        Some(ReviewRulePatch {
            review_rule: target?,
            ..patch
        })
    }
}
