//! The checklists: `onboarding-checklist.md` and `offboarding-checklist.md` (task items),
//! `compliance-checklist.md` (a table per category) and `handoff-plan.md`.

use super::{block, each_joined, given, role_row, task_line};
use crate::render::checklist::ControlView;
use crate::render::context::DocContext;

/// The roles the hand-off plan lists, as `templates/handoff-plan.md` names them.
const HANDOFF_ROLES: [&str; 5] = [
    "spike-specialist",
    "vendor-lead",
    "engineer",
    "architecture-owner",
    "delivery-lead",
];

/// `templates/onboarding-checklist.md`: task items by phase.
pub fn onboarding(out: &mut String, v: &DocContext) {
    put!(
        out,
        "# Onboarding checklist: ",
        v.engagement.project,
        "\n\nWhat must be true before and during the first weeks of the engagement, in the order it is due. Each item names its owner and due date; tick it when the evidence exists.\n"
    );
    for group in &v.onboarding {
        block(out, "## ");
        put!(out, group.title, "\n\n");
        group.controls.iter().for_each(|c| task(out, c));
    }
}

/// `templates/offboarding-checklist.md`: task items by due date.
pub fn offboarding(out: &mut String, v: &DocContext) {
    put!(
        out,
        "# Offboarding checklist: ",
        v.engagement.project,
        "\n\nWhat must happen when the engagement ends on ",
        v.engagement.ends,
        ", so no access, asset or knowledge is left behind.\n\n"
    );
    v.offboarding.iter().for_each(|c| task(out, c));
}

/// A task item and, when it has one, its description indented under it.
fn task(out: &mut String, c: &ControlView) {
    task_line(out, c);
    if !c.texts.description.is_empty() {
        put!(out, "\n  ", c.texts.description, "\n\n");
    }
}

/// `templates/compliance-checklist.md`: a table of controls per category.
pub fn compliance(out: &mut String, v: &DocContext) {
    put!(
        out,
        "# Compliance checklist: ",
        v.engagement.project,
        "\n\nEvery control that applies to this engagement, by category: who owns it, when it is due, the evidence an auditor can check and the framework identifiers it satisfies.\n"
    );
    for group in &v.compliance {
        block(out, "## ");
        put!(out, group.title, "\n\n");
        out.push_str("| Control | Requirement | What to do | Severity | Owner | Due | Evidence | Mappings |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        group.controls.iter().for_each(|c| compliance_row(out, c));
    }
}

fn compliance_row(out: &mut String, c: &ControlView) {
    put!(out, "| `", c.id, "` | ", c.title);
    if let Some(w) = &c.waiver {
        put!(
            out,
            " (waived until ",
            w.expires,
            " by ",
            w.approved_by,
            ": ",
            w.reason,
            ")"
        );
    }
    put!(
        out,
        " | ",
        c.texts.description,
        " | ",
        c.severity,
        " | ",
        c.owners,
        " | ",
        c.due
    );
    if let Some(every) = given(&c.texts.every) {
        put!(out, ", then every ", every);
    }
    if let Some(per) = given(&c.texts.per) {
        put!(out, "; one item per person (", per, ")");
    }
    put!(out, " | ", c.texts.evidence, " | ");
    each_joined(out, c.texts.mappings.iter(), "; ", "none", |out, m| {
        put!(out, m.framework, ": ", m.ids);
    });
    out.push_str(" |\n");
}

/// `templates/handoff-plan.md`: who is involved, the hand-off items and the hand-off
/// runbook.
pub fn handoff(out: &mut String, v: &DocContext) {
    put!(
        out,
        "# Hand-off plan: ",
        v.engagement.project,
        "\n\nHow the specialists hand their work over to the team that will build and run it: what must be true at each step, who does it and by when. Tick an item when its evidence exists.\n\n## Who is involved\n\n| Role | Responsibility | People |\n| --- | --- | --- |\n"
    );
    (v.roles.iter())
        .filter(|r| HANDOFF_ROLES.contains(&r.id.as_str()))
        .for_each(|r| role_row(out, r));
    out.push('\n');
    if !v.handoff.is_empty() {
        block(out, "## Steps\n\n");
        for c in &v.handoff {
            task_line(out, c);
            put!(out, "  ", c.texts.description, "\n");
        }
    }
    out.push('\n');
    for rb in v.runbooks.iter().filter(|rb| rb.id == "RB-HANDOFF") {
        block(out, "## Procedure: ");
        put!(out, rb.title, "\n\n", rb.purpose, "\n\n");
        super::tables::steps(out, rb);
    }
}
