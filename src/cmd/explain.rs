//! `charter explain`: why each control is or is not on the checklists, who set each value.

use crate::cli::{ExplainArgs, Format};
use crate::cmd::output::data;
use crate::cmd::{Exit, Ui, each_engagement, open_project, print_diagnostics};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::policy::explain::{self, Explanation};
use crate::project::Job;

/// Explains one engagement, or one control of it.
pub fn run(args: &ExplainArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let explanations = open_project(&args.project, None, None, &mut diags).and_then(|project| {
        let each = |job: &Job, _: &mut Diagnostics| {
            explain::explain_all(job.engagement, job.policy, job.decisions)
        };
        let named = std::slice::from_ref(&args.engagement);
        each_engagement(&project, named, &each, &mut diags).pop()
    });
    let selected = explanations
        .filter(|_| !diags.has_errors())
        .and_then(|all| pick(all, args.control.as_deref(), &mut diags));
    print_diagnostics(&diags, ui);
    match selected {
        Some(explanations) if !diags.has_errors() => {
            data(&format(&explanations, args));
            Exit::Ok
        }
        _ => Exit::BadInput,
    }
}

fn pick(
    all: Vec<Explanation>,
    control: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Vec<Explanation>> {
    let Some(id) = control else { return Some(all) };
    let ids: Vec<&str> = all.iter().map(|e| e.id.as_str()).collect();
    if ids.contains(&id) {
        return Some(all.into_iter().filter(|e| e.id == id).collect());
    }
    let help = suggest::hint(id, ids.iter().copied());
    diags.push(
        Diagnostic::unlocated(format!("no control `{id}` in this engagement's packs"))
            .with_help(help),
    );
    None
}

fn format(explanations: &[Explanation], args: &ExplainArgs) -> String {
    match (args.format, &args.control) {
        (Format::Json, Some(_)) => json(&explanations[0]),
        (Format::Json, None) => json(&explanations),
        (Format::Text, Some(_)) => explain::detail(&explanations[0]),
        (Format::Text, None) => explain::summary_table(explanations),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value)
        .map_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"), |t| t + "\n")
}
