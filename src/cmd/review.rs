//! `charter review`: findings as Markdown, JSON or SARIF, and a CI gate.

use crate::cli::{ReviewArgs, ReviewFormat};
use crate::cmd::{Exit, Ui, each_engagement, open_project, print_diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::vocab::Severity;
use crate::project::Job;
use crate::render::{self, Documents, Renderer};
use crate::review::{self, Finding, sarif};

/// Reviews one engagement.
pub fn run(args: &ReviewArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let output = report(args, &mut diags);
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

fn report(args: &ReviewArgs, diags: &mut Diagnostics) -> Option<(String, Vec<Finding>)> {
    let project = open_project(&args.project, None, None, diags)?;
    let renderer = match args.format {
        ReviewFormat::Md => Some(project.renderer(diags)?),
        _ => None,
    };
    let each = |job: &Job, d: &mut Diagnostics| {
        let findings = job.findings(None);
        let text = format(job, &findings, args.format, renderer.as_ref(), d)?;
        Some((text, findings))
    };
    let named = std::slice::from_ref(&args.engagement);
    each_engagement(&project, named, &each, diags)
        .into_iter()
        .flatten()
        .next()
}

fn format(
    job: &Job,
    findings: &[Finding],
    format: ReviewFormat,
    renderer: Option<&Renderer>,
    diags: &mut Diagnostics,
) -> Option<String> {
    match (format, renderer) {
        (ReviewFormat::Json, _) => Some(pretty(&serde_json::Value::Array(
            findings
                .iter()
                .map(|f| serde_json::to_value(f.view()).unwrap_or_default())
                .collect(),
        ))),
        (ReviewFormat::Sarif, _) => Some(pretty(&sarif::log(findings))),
        (ReviewFormat::Md, Some(renderer)) => {
            let input = Documents {
                engagement: job.engagement,
                policy: job.policy,
                decisions: job.decisions,
                review: render::review::view(findings, job.engagement),
                flavor: job.project.flavor,
            };
            let ctx = render::context_of(&input, diags)?;
            renderer
                .render("pre-engagement-review.md", &ctx)
                .map_err(|e| diags.push(e))
                .ok()
        }
        (ReviewFormat::Md, None) => {
            diags.push(Diagnostic::unlocated(
                "no templates to render the review with",
            ));
            None
        }
    }
}

fn severity(text: &str) -> Option<Severity> {
    Severity::ALL.iter().copied().find(|s| s.as_str() == text)
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}
