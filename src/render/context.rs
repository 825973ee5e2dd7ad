//! The template context: what a template sees, built once per engagement.
//!
//! Every string that comes from an input file is already Markdown-escaped here (see
//! [`super::escape`]), so templates can place values anywhere without changing the
//! document's structure. `docs/templates.md` lists every variable.

use serde::Serialize;

use crate::input::engagement::{Engagement, Person};
use crate::input::params::{ParamValue, Values};
use crate::input::vocab::ChecklistDoc;
use crate::pack::MetricKind;
use crate::policy::items::{self, Boxes};
use crate::policy::resolve::Policy;
use crate::policy::schedule;
use crate::policy::select::{self, Decision};
use crate::policy::shown::ShownText;
use crate::render::checklist::{
    ControlView, Group, box_views, control_view, group_by_category, group_by_phase, in_document,
    sorted_by_due,
};
use crate::render::escape::{inline, inline_shared};
use crate::render::metrics::{self, MetricView};
use crate::render::people::Names;
use crate::render::raci::{self, RaciView};
use crate::render::tooling::{ToolingView, tooling_view};

/// Everything a document template can use. Checklist items are borrowed from the
/// engagement's [`Checklists`], so an item listed on several documents is made once.
#[derive(Serialize)]
pub struct DocContext<'a> {
    /// The engagement's facts.
    pub engagement: EngagementView,
    /// People of both sides.
    pub people: Vec<PersonView>,
    /// Declared roles that someone fills or a document names, sorted by id.
    pub roles: Vec<RoleView>,
    /// Onboarding checklist: applicable controls grouped by phase.
    pub onboarding: Vec<Group<'a>>,
    /// Compliance checklist: applicable controls grouped by category.
    pub compliance: Vec<Group<'a>>,
    /// Offboarding checklist items.
    pub offboarding: Vec<&'a ControlView>,
    /// Hand-off plan items (hybrid engagements), by due date.
    pub handoff: Vec<&'a ControlView>,
    /// Applicable service levels, in pack order.
    pub slas: Vec<MetricView>,
    /// Applicable performance indicators, in pack order.
    pub kpis: Vec<MetricView>,
    /// RACI: role columns and activity rows.
    pub raci: RaciView,
    /// Applicable runbooks.
    pub runbooks: Vec<RunbookView>,
    /// The tools the engagement runs on, each with generic wording when not named.
    pub tooling: ToolingView,
    /// Whether any person has an e-mail, chat handle or phone.
    pub contacts_given: bool,
    /// Final parameter values, as text, by name.
    pub params: ParamsView<'a>,
    /// Packs applied, in order.
    pub packs: Vec<PackView>,
    /// The engagement's documents, for links.
    pub documents: Vec<DocLink>,
    /// The pre-engagement review (set by the pipeline).
    pub review: Option<crate::render::review::ReviewView>,
}

/// The final parameter values, as text, by name: only templates from `--templates` can
/// name them (`params.X`), so the values are escaped when the view is given to a template,
/// never for a page written by code.
pub struct ParamsView<'a>(Values<'a>);

impl Serialize for ParamsView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = |value: &ParamValue| inline(&value.to_string());
        serializer.collect_map(self.0.iter().map(|(name, v)| (name, text(&v.value))))
    }
}

/// Facts of the engagement.
#[derive(Serialize)]
pub struct EngagementView {
    pub id: String,
    pub client: String,
    pub vendor: String,
    pub project: String,
    pub model: String,
    pub stage: String,
    pub starts: String,
    pub ends: String,
    pub data_classification: String,
    pub regulations: Vec<String>,
    pub production_access: bool,
    pub repositories: Vec<String>,
    pub environments: Vec<String>,
}

/// One person.
#[derive(Serialize)]
pub struct PersonView {
    pub name: String,
    pub side: String,
    pub roles: Vec<String>,
    pub email: Option<String>,
    pub chat: Option<String>,
    pub phone: Option<String>,
    /// E-mail, chat handle and phone, those given, joined by commas ("" when none).
    pub contact: String,
}

/// One role and who fills it.
#[derive(Serialize)]
pub struct RoleView {
    pub id: String,
    pub description: ShownText,
    pub people: Vec<String>,
}

/// One runbook.
#[derive(Serialize)]
pub struct RunbookView {
    pub id: String,
    pub title: ShownText,
    pub purpose: ShownText,
    pub steps: Vec<StepView>,
}

/// One runbook step.
#[derive(Serialize)]
pub struct StepView {
    pub role: String,
    pub people: ShownText,
    pub action: ShownText,
}

/// One applied pack.
#[derive(Serialize)]
pub struct PackView {
    pub name: ShownText,
    pub version: String,
}

/// A link to one of the engagement's documents.
#[derive(Serialize)]
pub struct DocLink {
    pub name: String,
    pub title: String,
    pub link: String,
}

/// An engagement's checklist items as templates see them, made once for all its
/// documents: each applicable control, and each of its boxes (one per person it applies
/// to and per occurrence).
pub struct Checklists<'d> {
    applicable: Vec<(&'d Decision<'d>, ControlView)>,
    boxes: Vec<(&'d Decision<'d>, ControlView)>,
    /// Who fills each role, as the documents name them.
    names: Names<'d>,
}

impl<'d> Checklists<'d> {
    /// The views of the applicable controls among `decisions`, and of their boxes (each
    /// control's in `boxes`, [`items::boxes`]).
    pub fn new(
        engagement: &Engagement,
        policy: &Policy,
        decisions: &'d [Decision<'d>],
        boxes: &[Option<Boxes>],
    ) -> Self {
        let names = Names::new(engagement);
        let applying = decisions.iter().zip(boxes);
        let applying = applying.filter_map(|(d, boxes)| Some((d, boxes.as_ref()?)));
        // Room for every control from the start: a view is large, and a list that grows
        // by doubling copies each one it holds.
        let mut applicable: Vec<(&Decision, ControlView)> = Vec::with_capacity(decisions.len());
        applicable.extend(applying.clone().map(|(d, boxes)| {
            let view = control_view(&d.control.control, d, boxes.due, policy, &names);
            (d, view)
        }));
        let count = applying.clone().map(|(_, b)| b.instances.len()).sum();
        let mut boxes = Vec::with_capacity(count);
        for ((d, base), (_, of_control)) in applicable.iter().zip(applying) {
            box_views(base, &of_control.instances, |view| boxes.push((*d, view)));
        }
        Checklists {
            applicable,
            boxes,
            names,
        }
    }
}

/// Builds the context shared by all of an engagement's documents.
pub fn build<'a>(
    engagement: &Engagement,
    policy: &'a Policy,
    lists: &'a Checklists<'a>,
) -> DocContext<'a> {
    let (applicable, boxes) = (&lists.applicable, &lists.boxes);
    DocContext {
        engagement: engagement_view(engagement),
        people: engagement.people.iter().map(person_view).collect(),
        roles: role_views(engagement, policy, applicable),
        onboarding: group_by_phase(boxes),
        compliance: group_by_category(applicable),
        offboarding: sorted_by_due(in_document(boxes, ChecklistDoc::Offboarding)),
        handoff: sorted_by_due(in_document(boxes, ChecklistDoc::Handoff)),
        slas: metrics::metric_views(engagement, policy, MetricKind::Sla, &lists.names),
        kpis: metrics::metric_views(engagement, policy, MetricKind::Kpi, &lists.names),
        raci: raci::view(engagement, policy, applicable),
        runbooks: runbook_views(engagement, policy, &lists.names),
        tooling: tooling_view(&engagement.tooling),
        contacts_given: engagement
            .people
            .iter()
            .any(|p| p.email.is_some() || p.chat.is_some() || p.phone.is_some()),
        params: ParamsView(policy.values()),
        packs: policy
            .packs
            .iter()
            .map(|(n, v)| PackView {
                name: policy.shown_as_is(n, inline_shared),
                version: v.clone(),
            })
            .collect(),
        documents: items::documents(engagement)
            .into_iter()
            .map(|document| DocLink {
                name: document.as_str().to_string(),
                title: document.title().to_string(),
                link: [document.as_str(), ".md"].concat(),
            })
            .collect(),
        review: None,
    }
}

fn engagement_view(e: &Engagement) -> EngagementView {
    EngagementView {
        id: e.id.value.clone(),
        client: inline(&e.client),
        vendor: inline(&e.vendor),
        project: inline(&e.project),
        model: e.model.value.as_str().to_string(),
        stage: e.stage.value.as_str().to_string(),
        starts: schedule::date_text(e.starts.value),
        ends: schedule::date_text(e.ends.value),
        data_classification: e.data_classification.value.as_str().to_string(),
        regulations: e
            .regulations
            .iter()
            .map(|r| r.value.as_str().to_string())
            .collect(),
        production_access: e.production_access.value,
        repositories: e.repositories.iter().map(|r| inline(&r.value)).collect(),
        environments: e.environments.iter().map(|r| inline(&r.value)).collect(),
    }
}

fn person_view(p: &Person) -> PersonView {
    let [email, chat, phone] = [&p.email, &p.chat, &p.phone].map(|c| c.as_deref().map(inline));
    PersonView {
        name: inline(&p.name.value),
        side: p.side.value.as_str().to_string(),
        roles: p.roles.iter().map(|r| r.value.clone()).collect(),
        contact: crate::render::people::contact([&email, &chat, &phone]),
        email,
        chat,
        phone,
    }
}

fn role_views(
    engagement: &Engagement,
    policy: &Policy,
    applicable: &[(&Decision, ControlView)],
) -> Vec<RoleView> {
    let named = named_roles(engagement, policy, applicable);
    policy
        .roles
        .iter()
        .filter(|(id, _)| {
            named.binary_search(&id.as_str()).is_ok()
                || engagement.people_in_role(id).next().is_some()
        })
        .map(|(id, decl)| RoleView {
            id: id.clone(),
            description: policy.shown_as_is(&decl.description.value, inline_shared),
            people: engagement
                .people_in_role(id)
                .map(|p| inline(&p.name.value))
                .collect(),
        })
        .collect()
}

/// Roles named by what applies to the engagement: controls, activities, runbooks, metrics;
/// sorted, each once (a few dozen roles named hundreds of times).
fn named_roles<'p>(
    engagement: &'p Engagement,
    policy: &'p Policy,
    applicable: &[(&'p Decision, ControlView)],
) -> Vec<&'p str> {
    let mut named = Vec::new();
    for (decision, _) in applicable {
        let control = &decision.control.control;
        named.push(&*control.owner.value);
        named.extend(control.raci.value.roles().map(|r| &*r.value));
    }
    for activity in &policy.activities {
        if select::holds(activity.when.as_ref().map(|w| &w.value), engagement) {
            named.extend(activity.raci.roles().map(|r| &*r.value));
        }
    }
    for runbook in &policy.runbooks {
        if select::holds(runbook.when.as_ref().map(|w| &w.value), engagement) {
            named.extend(runbook.steps.iter().map(|s| &*s.role.value));
        }
    }
    named.extend(metrics::applicable(engagement, policy).map(|m| &*m.owner.value));
    raci::sort_distinct(&mut named);
    named
}

fn runbook_views<'p>(
    engagement: &Engagement,
    policy: &'p Policy,
    names: &Names<'p>,
) -> Vec<RunbookView> {
    policy
        .runbooks
        .iter()
        .filter(|r| select::holds(r.when.as_ref().map(|w| &w.value), engagement))
        .map(|r| RunbookView {
            id: r.id.value.clone(),
            title: policy.shown_as_is(&r.title, inline_shared),
            purpose: policy.shown_shared(&r.purpose, inline_shared),
            steps: r
                .steps
                .iter()
                .map(|s| StepView {
                    role: s.role.value.to_string(),
                    people: names.of(&s.role.value),
                    action: policy.shown_shared(&s.action.value, inline_shared),
                })
                .collect(),
        })
        .collect()
}
