//! The SLAs and KPIs of an engagement as the templates see them: only those whose `when`
//! holds, with parameters filled in and the owner role turned into names.

use serde::Serialize;

use crate::input::engagement::Engagement;
use crate::pack::{Metric, MetricKind};
use crate::policy::resolve::Policy;
use crate::policy::select;
use crate::policy::shown::ShownText;
use crate::render::escape::inline_shared;
use crate::render::people::Names;

/// One SLA or KPI.
#[derive(Serialize, Clone)]
pub struct MetricView {
    pub id: String,
    pub title: ShownText,
    pub kind: String,
    pub description: ShownText,
    pub target: ShownText,
    pub owner_role: String,
    pub owners: ShownText,
    pub review: String,
}

/// The metrics that apply to the engagement, of one kind, in pack order.
pub fn metric_views<'p>(
    engagement: &Engagement,
    policy: &'p Policy,
    kind: MetricKind,
    names: &Names<'p>,
) -> Vec<MetricView> {
    applicable(engagement, policy)
        .filter(|m| m.kind.value == kind)
        .map(|m| metric_view(m, policy, names))
        .collect()
}

/// The metrics whose `when` holds for the engagement.
pub fn applicable<'p: 'e, 'e>(
    engagement: &'e Engagement,
    policy: &'p Policy,
) -> impl Iterator<Item = &'p Metric> + 'e {
    policy
        .metrics
        .iter()
        .filter(|m| select::holds(m.when.as_ref().map(|w| &w.value), engagement))
        .map(|m| &**m)
}

fn metric_view<'p>(m: &'p Metric, policy: &Policy, names: &Names<'p>) -> MetricView {
    MetricView {
        id: m.id.value.clone(),
        title: policy.shown_shared(&m.title.value, inline_shared),
        kind: m.kind.value.as_str().to_string(),
        description: policy.shown_shared(&m.description.value, inline_shared),
        target: policy.shown_shared(&m.target.value, inline_shared),
        owner_role: m.owner.value.to_string(),
        owners: names.of(&m.owner.value),
        review: m.review.value.title().to_string(),
    }
}
