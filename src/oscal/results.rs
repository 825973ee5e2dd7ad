//! An engagement as OSCAL assessment results: one result as of `--today` whose reviewed
//! controls are the engagement's applicable controls, with one observation and one finding
//! per control saying whether its checklist boxes in the wiki are ticked (`satisfied`) or
//! not (`not-satisfied`, with where it stands: open, due soon, overdue or waived).

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::oscal::{metadata, one_line, prop, timestamp, token, uuid};
use crate::policy::select::Decision;
use crate::status::{ItemReport, PageReport, Standing};

/// What the export needs of one engagement.
pub struct Assessed<'a> {
    /// Engagement id.
    pub id: &'a str,
    /// Its project's name.
    pub project: &'a str,
    /// The engagement file, relative to the workspace.
    pub file: &'a str,
    /// Every control's decision.
    pub decisions: &'a [Decision<'a>],
    /// The wiki's pages of the engagement, joined with the ticks.
    pub pages: &'a [PageReport],
    /// The date the status is judged on.
    pub today: Date,
}

/// The assessment-results document.
pub fn assessment_results(a: &Assessed) -> Value {
    let plan = uuid(&["assessment-plan", a.id]);
    let applicable: Vec<&Decision> = a.decisions.iter().filter(|d| d.applies()).collect();
    let title = format!("{} ({}): checklist status", one_line(a.project), a.id);
    let controls: Vec<Value> = applicable
        .iter()
        .map(|d| json!({ "control-id": token(&d.control.control.id.value) }))
        .collect();
    let mut observations = Vec::new();
    let mut findings = Vec::new();
    for d in &applicable {
        let (observation, finding) = assess(a, d);
        observations.push(observation);
        findings.push(finding);
    }
    let mut result = json!({
        "uuid": uuid(&["result", a.id, &a.today.to_string()]),
        "title": format!("Checklist status on {}", a.today),
        "description": "Whether each applicable control's checklist boxes are ticked in the wiki.",
        "start": timestamp(a.today),
        "reviewed-controls": { "control-selections": [ { "include-controls": controls } ] },
    });
    if !observations.is_empty() {
        result["observations"] = json!(observations);
        result["findings"] = json!(findings);
    }
    json!({ "assessment-results": {
        "uuid": uuid(&["assessment-results", a.id, &a.today.to_string()]),
        "metadata": with_link(metadata(&title, &a.today.to_string(), a.today), &plan),
        "import-ap": { "href": format!("#{plan}") },
        "results": [result],
        "back-matter": { "resources": [{
            "uuid": plan,
            "title": "Engagement file",
            "description": "The engagement and its packs stand in for the assessment plan: they say which controls apply and when each is due.",
            "rlinks": [{ "href": a.file, "media-type": "application/yaml" }],
        }]},
    }})
}

/// The metadata linking to the back-matter resource that stands in for the plan.
fn with_link(mut metadata: Value, plan: &str) -> Value {
    metadata["links"] = json!([{ "href": format!("#{plan}"), "rel": "reference" }]);
    metadata
}

/// One control's observation and finding.
fn assess(a: &Assessed, d: &Decision) -> (Value, Value) {
    let id = &d.control.control.id.value;
    let items: Vec<(&PageReport, &ItemReport)> = a
        .pages
        .iter()
        .flat_map(|p| p.items.iter().filter(|i| &i.id == id).map(move |i| (p, i)))
        .collect();
    let standing = worst(items.iter().map(|(_, i)| i.standing));
    let satisfied = standing == Some(Standing::Done);
    // A control with an item per person or per occurrence has several on one page.
    let mut where_: Vec<String> = items.iter().map(|(p, _)| p.path.clone()).collect();
    where_.dedup();
    let text = match standing {
        Some(s) => format!(
            "{}: {}.",
            one_line(&d.control.control.title.value),
            standing_text(s)
        ),
        None => format!(
            "{}: no checklist item in the wiki.",
            one_line(&d.control.control.title.value)
        ),
    };
    let observation_id = uuid(&["observation", a.id, id]);
    let mut observation = json!({
        "uuid": observation_id,
        "title": format!("{id} in the wiki"),
        "description": text,
        "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "collected": timestamp(a.today),
    });
    if !where_.is_empty() {
        observation["relevant-evidence"] = where_
            .iter()
            .map(|p| json!({ "href": p, "description": "The wiki page that holds the checklist item." }))
            .chain(items.iter().flat_map(|(_, i)| {
                i.evidence.iter().map(move |e| {
                    json!({ "href": e, "description": format!("Evidence noted under `{}`.", i.key) })
                })
            }))
            .collect();
    }
    let mut props = vec![prop("standing", standing.map_or("missing", standing_token))];
    if let Some(waiver) = d.active_waiver() {
        props.push(prop("waiver", &waiver.reason));
    }
    let finding = json!({
        "uuid": uuid(&["finding", a.id, id]),
        "title": one_line(&d.control.control.title.value),
        "description": text,
        "props": props,
        "target": {
            "type": "statement-id",
            "target-id": format!("{}_smt", token(id)),
            "status": { "state": if satisfied { "satisfied" } else { "not-satisfied" } },
        },
        "related-observations": [{ "observation-uuid": observation_id }],
    });
    (observation, finding)
}

/// The standing furthest from done among a control's items.
fn worst(standings: impl Iterator<Item = Standing>) -> Option<Standing> {
    let rank = |s: Standing| match s {
        Standing::Done => 0,
        Standing::Waived => 1,
        Standing::Open => 2,
        Standing::DueSoon => 3,
        Standing::Overdue => 4,
    };
    standings.max_by_key(|s| rank(*s))
}

fn standing_token(s: Standing) -> &'static str {
    match s {
        Standing::Done => "done",
        Standing::Overdue => "overdue",
        Standing::DueSoon => "due-soon",
        Standing::Waived => "waived",
        Standing::Open => "open",
    }
}

fn standing_text(s: Standing) -> &'static str {
    match s {
        Standing::Done => "every box is ticked",
        Standing::Overdue => "not ticked and overdue",
        Standing::DueSoon => "not ticked, due soon",
        Standing::Waived => "not ticked, waived",
        Standing::Open => "not ticked yet, not due",
    }
}
