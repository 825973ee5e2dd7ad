//! `charter explain`: why each control is or is not on the checklists, who set each value;
//! and, for runbooks, steps, metrics, activities and review rules, which pack introduced
//! each and which later layer overrode or disabled it.

use crate::cli::{ExplainArgs, Format};
use crate::cmd::output::data;
use crate::cmd::{Exit, Ui, each_engagement, open_project, print_diagnostics};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::policy::explain::{self, Explanation};
use crate::policy::explain_item::{self, ItemExplanation};
use crate::project::Job;

/// What `explain` found for one engagement: every control, the items later packs
/// changed, and the items other than controls that the id names.
struct Found {
    controls: Vec<Explanation>,
    changed: Vec<ItemExplanation>,
    named: Vec<ItemExplanation>,
    item_ids: Vec<String>,
}

/// What to print.
enum Shown {
    Controls(Vec<Explanation>, Vec<ItemExplanation>),
    Item(ItemExplanation),
}

/// Explains one engagement, or one control or other item of it.
pub fn run(args: &ExplainArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let id = args.control.clone();
    let found = open_project(&args.project, None, None, &mut diags).and_then(|project| {
        let each = |job: &Job, _: &mut Diagnostics| {
            let (e, p) = (job.engagement, job.policy);
            let named = id.as_deref().map_or_else(Vec::new, |id| {
                let items = explain_item::named(p, id).into_iter();
                items
                    .filter_map(|(kind, id)| explain_item::explain(e, p, kind, &id))
                    .collect()
            });
            Found {
                controls: explain::explain_all(e, p, job.decisions),
                changed: explain_item::changed(e, p),
                named,
                item_ids: explain_item::ids(p).map(String::from).collect(),
            }
        };
        let named = std::slice::from_ref(&args.engagement);
        each_engagement(&project, named, &each, &mut diags).pop()
    });
    let selected = found
        .filter(|_| !diags.has_errors())
        .and_then(|found| pick(found, args.control.as_deref(), &mut diags));
    print_diagnostics(&diags, ui);
    match selected {
        Some(shown) if !diags.has_errors() => {
            data(&format(shown, args));
            Exit::Ok
        }
        _ => Exit::BadInput,
    }
}

fn pick(found: Found, id: Option<&str>, diags: &mut Diagnostics) -> Option<Shown> {
    let Some(id) = id else {
        return Some(Shown::Controls(found.controls, found.changed));
    };
    if found.controls.iter().any(|e| e.id == id) {
        let one = found.controls.into_iter().filter(|e| e.id == id).collect();
        return Some(Shown::Controls(one, Vec::new()));
    }
    let mut named = found.named;
    if named.len() == 1 {
        return named.pop().map(Shown::Item);
    }
    if named.len() > 1 {
        let kinds: Vec<String> = named.iter().map(|e| format!("`{}:{id}`", e.kind)).collect();
        let message = format!("`{id}` names more than one item");
        diags.push(
            Diagnostic::unlocated(message).with_help(format!("write {}", kinds.join(" or "))),
        );
        return None;
    }
    let ids = found.controls.iter().map(|e| e.id.as_str());
    let all = ids.chain(found.item_ids.iter().map(String::as_str));
    let help = suggest::hint(id, all);
    diags.push(
        Diagnostic::unlocated(format!("no control, runbook, step, metric, activity or review rule `{id}` in this engagement's packs"))
            .with_help(help),
    );
    None
}

fn format(shown: Shown, args: &ExplainArgs) -> String {
    match (shown, args.format, &args.control) {
        (Shown::Item(item), Format::Json, _) => json(&item),
        (Shown::Item(item), Format::Text, _) => explain_item::detail(&item),
        (Shown::Controls(c, _), Format::Json, Some(_)) => json(&c[0]),
        (Shown::Controls(c, _), Format::Json, None) => json(&c),
        (Shown::Controls(c, _), Format::Text, Some(_)) => explain::detail(&c[0]),
        (Shown::Controls(c, changed), Format::Text, None) => {
            explain::summary_table(&c) + &explain_item::summary_table(&changed)
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value)
        .map_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"), |t| t + "\n")
}
