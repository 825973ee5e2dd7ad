//! The tables and procedures: `raci.md`, `runbooks.md`, `slas-kpis.md` and
//! `pre-engagement-review.md`.

use super::{block, each_joined, joined_or, role_row};
use crate::render::context::{DocContext, RunbookView};
use crate::render::metrics::MetricView;
use crate::render::raci::RaciRow;

/// `templates/raci.md`: the activities' matrix, each category's controls, who fills each
/// role.
pub fn raci(out: &mut String, v: &DocContext) {
    put!(
        out,
        "# RACI: ",
        v.engagement.project,
        "\n\nWho is Responsible, Accountable, Consulted and Informed for each activity. Every row has exactly one Accountable role.\n\n"
    );
    raci_head(out, "Activity", &v.raci.roles);
    for row in &v.raci.rows {
        put!(out, "| ", row.title, " |");
        raci_cells(out, row);
    }
    block(
        out,
        "## Controls\n\nEach checklist item's own RACI, as its pack sets it: the same roles the checklists name and the review checks, grouped as in the compliance checklist.\n",
    );
    for group in &v.raci.controls {
        put!(out, "\n### ", group.title, "\n\n");
        raci_head(out, "Control", &group.roles);
        for row in &group.rows {
            put!(out, "| `", row.id, "` ", row.title, " |");
            raci_cells(out, row);
        }
    }
    block(
        out,
        "## Who fills each role\n\n| Role | Responsibility | People |\n| --- | --- | --- |\n",
    );
    v.roles.iter().for_each(|r| role_row(out, r));
}

/// A RACI table's head: `first`, then a column per role.
fn raci_head(out: &mut String, first: &str, roles: &[String]) {
    put!(out, "| ", first, " |");
    roles.iter().for_each(|role| {
        put!(out, " ", role, " |");
    });
    out.push_str("\n| --- |");
    roles.iter().for_each(|_| out.push_str(" --- |"));
    out.push('\n');
}

/// A RACI row's cells, a blank one where the role has no letter, and the line's end.
fn raci_cells(out: &mut String, row: &RaciRow) {
    for cell in row.cells.iter() {
        match cell.is_empty() {
            true => out.push_str(" |"),
            false => {
                put!(out, " ", cell, " |");
            }
        }
    }
    out.push('\n');
}

/// `templates/runbooks.md`: each runbook's steps, then the tools and the contacts.
pub fn runbooks(out: &mut String, v: &DocContext) {
    let named = !v.tooling.named.is_empty();
    put!(
        out,
        "# Runbooks: ",
        v.engagement.project,
        "\n\nStep-by-step procedures for this engagement. Each step names the people who do it; follow the steps in order and record the outcome in the ticket that started the procedure"
    );
    if named {
        put!(out, " (", v.tooling.tracker, ")");
    }
    out.push('.');
    if named || v.contacts_given {
        out.push_str(" Where things happen and who to reach are listed after the runbooks.");
    }
    out.push('\n');
    for rb in &v.runbooks {
        block(out, "## ");
        put!(out, rb.title, "\n\n", rb.purpose, "\n\n");
        steps(out, rb);
    }
    if named {
        block(
            out,
            "## Where things happen\n\n| What | Tool |\n| --- | --- |\n",
        );
        for t in &v.tooling.named {
            put!(out, "| ", t.what, " | ", t.tool, " |\n");
        }
    }
    if v.contacts_given {
        block(
            out,
            "## Who to reach\n\n| Person | Side | Roles | Contact |\n| --- | --- | --- | --- |\n",
        );
        for p in &v.people {
            put!(out, "| ", p.name, " | ", p.side, " | ");
            joined_or(out, &p.roles, ", ", "");
            let contact = if p.contact.is_empty() {
                "not given"
            } else {
                &p.contact
            };
            put!(out, " | ", contact, " |\n");
        }
    }
}

/// A runbook's steps, numbered from 1.
pub fn steps(out: &mut String, rb: &RunbookView) {
    for (i, s) in rb.steps.iter().enumerate() {
        let n = i + 1;
        put!(
            out, n, ". **", s.people, "** (", s.role, "): ", s.action, "\n"
        );
    }
}

/// `templates/slas-kpis.md`: the service levels, the indicators and how each is measured.
pub fn slas_kpis(out: &mut String, v: &DocContext) {
    let e = &v.engagement;
    put!(
        out,
        "# SLAs and KPIs: ",
        e.project,
        "\n\nWhat this ",
        e.model,
        " engagement at the ",
        e.stage,
        " stage is measured on: each target, who reports it and how often both sides review it. Targets come from pack parameters; the engagement file can change them under `parameters`.\n"
    );
    if !v.slas.is_empty() {
        block(
            out,
            "## Service levels\n\nCommitments the vendor side is held to. A missed service level is raised at the next review with a cause and a fix.\n\n| Service level | Target | Reported by | Review |\n| --- | --- | --- | --- |\n",
        );
        v.slas.iter().for_each(|m| metric_row(out, m));
    }
    out.push('\n');
    if !v.kpis.is_empty() {
        block(
            out,
            "## Performance indicators\n\nSignals both sides watch to steer the engagement. An indicator off target for two reviews in a row gets an action with an owner and a date.\n\n| Indicator | Target | Reported by | Review |\n| --- | --- | --- | --- |\n",
        );
        v.kpis.iter().for_each(|m| metric_row(out, m));
    }
    out.push('\n');
    if v.slas.is_empty() && v.kpis.is_empty() {
        block(
            out,
            "No applied pack defines a service level or indicator for this engagement; add `builtin:metrics` to its `packs` to get the built-in set.\n",
        );
        return;
    }
    block(out, "## How each one is measured\n\n");
    for m in v.slas.iter().chain(&v.kpis) {
        put!(
            out,
            "- **`",
            m.id,
            "` ",
            m.title,
            "**: ",
            m.description,
            "\n"
        );
    }
}

fn metric_row(out: &mut String, m: &MetricView) {
    put!(
        out, "| `", m.id, "` ", m.title, " | ", m.target, " | ", m.owners, " | ", m.review, " |\n"
    );
}

/// `templates/pre-engagement-review.md`: the findings, their totals and the sign-off table.
pub fn review(out: &mut String, v: &DocContext) {
    put!(
        out,
        "# Pre-engagement review: ",
        v.engagement.project,
        "\n\nWhat a security, legal and delivery reviewer must settle before anyone on the vendor side gets a repository or an environment. Each finding says what to do and where.\n\n"
    );
    let empty = Default::default();
    let review = v.review.as_ref().unwrap_or(&empty);
    if review.findings.is_empty() {
        out.push_str("No findings: every rule passed.\n");
    } else {
        out.push_str("| Severity | Rule | Finding | Where |\n| --- | --- | --- | --- |\n");
        for f in &review.findings {
            put!(
                out, "| ", f.severity, " | `", f.rule, "` | ", f.message, " | ", f.location, " |\n"
            );
        }
        out.push_str("\nTotals: ");
        each_joined(out, &review.counts, ", ", "", |out, c| {
            put!(out, c.count, " ", c.severity);
        });
        out.push_str(".\n");
    }
    block(
        out,
        "## Sign-off\n\nAccess is granted only when each area has signed off. Write the decision and the date in the row; the next build keeps them.\n\n<!-- charter:signoff -->\n\n| Area | Role | People | Decision | Date |\n| --- | --- | --- | --- | --- |\n",
    );
    for s in &review.signoff {
        put!(
            out, "| ", s.area, " | ", s.role, " | ", s.people, " | | |\n"
        );
    }
}
