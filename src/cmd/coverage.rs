//! `charter coverage`: which identifiers of a framework an engagement's applicable controls
//! map to, by which controls, and which identifiers they leave uncovered.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cli::{CoverageArgs, CoverageFormat};
use crate::cmd::output::data;
use crate::cmd::{Exit, Ui, each_engagement, open_project, print_diagnostics};
use crate::diag::Diagnostics;
use crate::pack::Framework;
use crate::pack::catalog;
use crate::policy::select::Decision;
use crate::project::Job;

/// The coverage of one framework by one engagement.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// The engagement's id.
    pub engagement: String,
    /// The framework (serialised as its mapping key).
    pub framework: Framework,
    /// Number of identifiers the framework defines.
    pub identifiers: usize,
    /// Number of applicable controls.
    pub applicable_controls: usize,
    /// Identifiers at least one applicable control maps to, in the framework's order.
    pub covered: Vec<Covered>,
    /// Identifiers no applicable control maps to, in the framework's order.
    pub uncovered: Vec<Uncovered>,
}

/// A covered identifier.
#[derive(Debug, Serialize)]
pub struct Covered {
    /// The identifier.
    pub id: String,
    /// Its title, where the catalog has one.
    pub title: Option<String>,
    /// Applicable controls that map to it, in policy order.
    pub controls: Vec<String>,
    /// Those of `controls` that are waived today.
    pub waived: Vec<String>,
}

/// An uncovered identifier.
#[derive(Debug, Serialize)]
pub struct Uncovered {
    /// The identifier.
    pub id: String,
    /// Its title, where the catalog has one.
    pub title: Option<String>,
}

/// Prints the coverage of `--framework` by the engagement.
pub fn run(args: &CoverageArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let report = open_project(&args.project, None, None, &mut diags).and_then(|project| {
        let each = |job: &Job, _: &mut Diagnostics| {
            coverage(&job.engagement.id.value, args.framework, job.decisions)
        };
        let named = std::slice::from_ref(&args.engagement);
        each_engagement(&project, named, &each, &mut diags).pop()
    });
    print_diagnostics(&diags, ui);
    let Some(report) = report.filter(|_| !diags.has_errors()) else {
        return Exit::BadInput;
    };
    match args.format {
        CoverageFormat::Table => data(&table(&report)),
        CoverageFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => data(&format!("{json}\n")),
            Err(e) => {
                eprintln!("error: cannot write the report as JSON: {e}");
                return Exit::BadInput;
            }
        },
    }
    Exit::Ok
}

/// Computes the coverage of `framework` by the controls that apply.
pub fn coverage(engagement: &str, framework: Framework, decisions: &[Decision]) -> Coverage {
    let mut by_id: BTreeMap<&str, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let applicable: Vec<&Decision> = decisions.iter().filter(|d| d.applies()).collect();
    for decision in &applicable {
        let control = &decision.control.control;
        let ids = control
            .mappings
            .value
            .0
            .iter()
            .filter(|(key, _)| key.value == framework.as_str())
            .flat_map(|(_, ids)| ids);
        for id in ids {
            let entry = by_id.entry(&*id.value).or_default();
            entry.0.push(control.id.value.clone());
            if decision.active_waiver().is_some() {
                entry.1.push(control.id.value.clone());
            }
        }
    }
    let catalog = catalog::catalog(framework);
    let (mut covered, mut uncovered) = (Vec::new(), Vec::new());
    for entry in catalog.entries() {
        let title = entry.title.map(str::to_string);
        match by_id.remove(entry.id) {
            Some((controls, waived)) => covered.push(Covered {
                id: entry.id.to_string(),
                title,
                controls,
                waived,
            }),
            None => uncovered.push(Uncovered {
                id: entry.id.to_string(),
                title,
            }),
        }
    }
    Coverage {
        engagement: engagement.to_string(),
        framework,
        identifiers: catalog.entries().len(),
        applicable_controls: applicable.len(),
        covered,
        uncovered,
    }
}

/// The report as aligned columns, one identifier a line in the framework's order, then a
/// summary line.
pub fn table(report: &Coverage) -> String {
    let covered: BTreeMap<&str, String> = report
        .covered
        .iter()
        .map(|c| (c.id.as_str(), controls_text(c)))
        .collect();
    let rows: Vec<(&str, &str, &str)> = catalog::catalog(report.framework)
        .entries()
        .iter()
        .map(|e| {
            let by = covered.get(e.id).map_or("uncovered", String::as_str);
            (e.id, by, e.title.unwrap_or(""))
        })
        .collect();
    let id_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(10);
    let by_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(10);
    // Only NIST SP 800-53 carries titles; the other catalogs get two columns.
    let titled = if rows.iter().any(|r| !r.2.is_empty()) {
        "TITLE"
    } else {
        ""
    };
    let header = format!(
        "{:id_width$}  {:by_width$}  {titled}",
        "IDENTIFIER", "COVERED BY"
    );
    let mut out = format!("{}\n", header.trim_end());
    for (id, by, title) in rows {
        let line = format!("{id:id_width$}  {by:by_width$}  {title}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{}: {} of {} identifiers covered by {} applicable controls of {}\n",
        report.framework,
        report.covered.len(),
        report.identifiers,
        report.applicable_controls,
        report.engagement
    ));
    out
}

fn controls_text(covered: &Covered) -> String {
    let names: Vec<String> = covered
        .controls
        .iter()
        .map(|c| match covered.waived.contains(c) {
            true => format!("{c} (waived)"),
            false => c.clone(),
        })
        .collect();
    names.join(", ")
}
