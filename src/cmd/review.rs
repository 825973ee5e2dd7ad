//! `charter review`: findings as Markdown, JSON or SARIF, and a CI gate.

use crate::cli::{ReviewArgs, ReviewFormat};
use crate::cmd::{Exit, Ui, print_diagnostics, today};
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::vocab::Severity;
use crate::pack::load::PackLoader;
use crate::project::pipeline::{self, Resolved};
use crate::render::{Renderer, context};
use crate::review::{self, Finding, sarif};

/// Reviews one engagement.
pub fn run(args: &ReviewArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let today = args.today.unwrap_or_else(today);
    let resolved =
        pipeline::resolve_engagement(&args.engagement, &mut PackLoader::default(), &mut diags);
    let output = resolved
        .filter(|_| !diags.has_errors())
        .and_then(|r| report(&r, args, today, &mut diags));
    print_diagnostics(&diags, ui);
    let Some((text, findings)) = output.filter(|_| !diags.has_errors()) else {
        return Exit::BadInput;
    };
    print!("{text}");
    let threshold = args.fail_on.as_deref().and_then(severity);
    match threshold {
        Some(level) if review::reaches(&findings, level) => Exit::Failed,
        _ => Exit::Ok,
    }
}

fn report(
    resolved: &Resolved,
    args: &ReviewArgs,
    today: jiff::civil::Date,
    diags: &mut Diagnostics,
) -> Option<(String, Vec<Finding>)> {
    let decisions = resolved.decisions(today, diags);
    let (findings, view) = resolved.review(&decisions, today, None);
    let text = match args.format {
        ReviewFormat::Json => pretty(&serde_json::Value::Array(
            findings
                .iter()
                .map(|f| serde_json::to_value(f.view()).unwrap_or_default())
                .collect(),
        )),
        ReviewFormat::Sarif => pretty(&sarif::log(&findings)),
        ReviewFormat::Md => {
            let mut doc = context::build(&resolved.engagement, &resolved.policy, &decisions);
            doc.review = Some(view);
            let ctx = tera::Context::from_serialize(&doc)
                .map_err(|e| diags.push(Diagnostic::unlocated(e.to_string())))
                .ok()?;
            let renderer = Renderer::new(None, diags)?;
            renderer
                .render("pre-engagement-review.md", &ctx)
                .map_err(|e| diags.push(e))
                .ok()?
        }
    };
    Some((text, findings))
}

fn severity(text: &str) -> Option<Severity> {
    Severity::ALL.iter().copied().find(|s| s.as_str() == text)
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}
