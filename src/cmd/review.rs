//! `charter review`: findings as Markdown, JSON, SARIF or JUnit, and a CI gate.

use std::path::Path;

use crate::cli::{ReviewArgs, ReviewFormat};
use crate::cmd::output::{data, pretty};
use crate::cmd::{Exit, Ui, each_engagement, open_project, print_diagnostics, summary};
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::vocab::Severity;
use crate::paths;
use crate::policy::draft;
use crate::project::Job;
use crate::render::{self, Documents, Renderer};
use crate::review::{self, Finding, sarif};

mod junit;

/// One engagement's review: its id, findings, and the Markdown report when asked for.
struct Reviewed {
    id: String,
    findings: Vec<Finding>,
    markdown: Option<String>,
}

/// Reviews the named engagements, or every engagement of the workspace.
pub fn run(args: &ReviewArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let output = report(args, &mut diags);
    print_diagnostics(&diags, ui);
    let Some((text, reviews)) = output.filter(|_| !diags.has_errors()) else {
        return Exit::BadInput;
    };
    data(&text);
    let findings: Vec<Finding> = reviews.into_iter().flat_map(|r| r.findings).collect();
    summary(ui, &counts(&findings));
    let threshold = args.fail_on.as_deref().and_then(severity);
    match threshold {
        Some(level) if review::reaches(&findings, level) => Exit::Failed,
        _ => Exit::Ok,
    }
}

fn report(args: &ReviewArgs, diags: &mut Diagnostics) -> Option<(String, Vec<Reviewed>)> {
    let project = open_project(&args.project, None, None, diags)?;
    let renderer = match args.format {
        ReviewFormat::Md => Some(project.renderer(diags)?),
        _ => None,
    };
    let each = |job: &Job, d: &mut Diagnostics| {
        draft::check(job.engagement, job.decisions, job.unfilled_roles(), d);
        let findings = job.findings(None);
        let markdown = match renderer.as_ref() {
            Some(renderer) => Some(markdown(job, &findings, renderer, d)?),
            None => None,
        };
        Some(Reviewed {
            id: job.engagement.id.value.clone(),
            findings,
            markdown,
        })
    };
    let reviews: Vec<Reviewed> = each_engagement(&project, &args.engagements, &each, diags)
        .into_iter()
        .flatten()
        .collect();
    if reviews.is_empty() && !diags.has_errors() {
        diags.push(Diagnostic::unlocated("no engagement to review"));
        return None;
    }
    let text = format(&reviews, args.format, &project.root);
    Some((text, reviews))
}

fn format(reviews: &[Reviewed], format: ReviewFormat, root: &Path) -> String {
    match format {
        ReviewFormat::Json => {
            let rows = reviews.iter().flat_map(|r| {
                r.findings.iter().map(|f| {
                    let mut value = serde_json::to_value(f.view(root)).unwrap_or_default();
                    if let Some(object) = value.as_object_mut() {
                        object.insert("engagement".into(), r.id.clone().into());
                    }
                    value
                })
            });
            pretty(&serde_json::Value::Array(rows.collect()))
        }
        ReviewFormat::Sarif => {
            let all: Vec<(String, Vec<Finding>)> = reviews
                .iter()
                .map(|r| (r.id.clone(), r.findings.clone()))
                .collect();
            pretty(&sarif::log(&all, &paths::repository_root(root)))
        }
        ReviewFormat::Junit => junit::report(
            &reviews
                .iter()
                .map(|r| (r.id.as_str(), r.findings.as_slice()))
                .collect::<Vec<_>>(),
            root,
        ),
        ReviewFormat::Md => {
            let pages: Vec<&str> = reviews
                .iter()
                .filter_map(|r| r.markdown.as_deref())
                .collect();
            pages.join("\n")
        }
    }
}

fn markdown(
    job: &Job,
    findings: &[Finding],
    renderer: &Renderer,
    diags: &mut Diagnostics,
) -> Option<String> {
    let ledger = job.unticked();
    let input = Documents {
        engagement: job.engagement,
        policy: job.policy,
        decisions: job.decisions,
        boxes: job.boxes(),
        review: render::review::view(findings, job.engagement, &job.project.root),
        flavor: job.project.flavor,
        ledger: &ledger,
    };
    let review = [crate::input::vocab::Document::Review];
    let page = renderer.pages(&input, &review, false, diags).pop()?;
    Some(render::normalize_text(page.text))
}

/// `12 findings: 2 critical, 5 high, 4 medium, 1 low`.
fn counts(findings: &[Finding]) -> String {
    let parts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            let n = findings.iter().filter(|f| f.severity == *s).count();
            format!("{n} {s}")
        })
        .collect();
    let plural = if findings.len() == 1 { "" } else { "s" };
    format!(
        "review: {} finding{plural}: {}",
        findings.len(),
        parts.join(", ")
    )
}

fn severity(text: &str) -> Option<Severity> {
    Severity::ALL.iter().copied().find(|s| s.as_str() == text)
}
