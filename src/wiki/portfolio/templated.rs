//! Portfolio pages rendered by Tera, for templates from `--templates`: each engagement
//! becomes a template value (`engagements`), beside the portfolio's totals.
//!
//! In: the summaries and progress of every engagement. Out: the page's text, or the
//! template's error.

use serde::Serialize;

use super::{Listed, Progress};
use crate::diag::Diagnostic;
use crate::input::vocab::Document;
use crate::render::Renderer;
use crate::render::flavor::Flavor;

/// Renders `template` for the portfolio page at `page`.
pub fn render(
    renderer: &Renderer,
    template: &str,
    flavor: Flavor,
    page: &str,
    engagements: &[impl Listed],
) -> Result<String, Diagnostic> {
    let ctx = context(flavor, page, engagements)
        .map_err(|e| Diagnostic::unlocated(format!("cannot build the portfolio context: {e}")))?;
    renderer.render_listing(template, &ctx, engagements.len())
}

/// What the portfolio templates see besides the engagements' rows (`engagements`).
#[derive(Serialize)]
struct PortfolioView {
    count: usize,
    done: u32,
    total: u32,
    overdue: u32,
    home: String,
}

/// One engagement on the home page: its summary, progress and link. The summary's fields
/// are named one by one (not flattened), so that each row becomes a template value
/// without a map built key by key.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    project: &'a str,
    client: &'a str,
    vendor: &'a str,
    model: &'static str,
    stage: &'static str,
    starts: String,
    ends: String,
    done: u32,
    total: u32,
    overdue: u32,
    link: String,
    /// Each person's page: `name` and `link` (left out when no template lists people).
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<Vec<PersonLink<'a>>>,
}

/// A person's page, as the sidebar links it.
#[derive(Serialize)]
struct PersonLink<'a> {
    name: &'a str,
    link: String,
}

/// The portfolio page's template values: each row is made a template value as soon as it
/// is made, so that the rows are never held twice.
fn context(
    flavor: Flavor,
    page: &str,
    engagements: &[impl Listed],
) -> tera::TeraResult<tera::Context> {
    let mut total = Progress::default();
    let rows: Vec<tera::Value> = engagements
        .iter()
        .map(|e| {
            total.add(e.progress());
            tera::Value::try_from_serializable(&row(flavor, page, e))
        })
        .collect::<Result<_, _>>()?;
    let mut ctx = tera::Context::from_serialize(&PortfolioView {
        count: engagements.len(),
        done: total.done,
        total: total.total,
        overdue: total.overdue,
        home: flavor.link(page, flavor.home_path()),
    })?;
    ctx.insert_value("engagements", tera::Value::from(rows));
    Ok(ctx)
}

fn row<'a>(flavor: Flavor, page: &str, listed: &'a impl Listed) -> Row<'a> {
    let (id, e, progress) = (listed.id(), listed.summary(), listed.progress());
    let [project, client, vendor] = e.names();
    Row {
        id,
        project,
        client,
        vendor,
        model: e.model.as_str(),
        stage: e.stage.as_str(),
        starts: e.dates.0.to_string(),
        ends: e.dates.1.to_string(),
        done: progress.done,
        total: progress.total,
        overdue: progress.overdue,
        link: flavor.link(page, &flavor.page_path(id, Document::Index)),
        people: e.people.as_ref().map(|people| {
            (people.iter())
                .map(|(name, slug)| PersonLink {
                    name,
                    link: flavor.link(page, &flavor.person_path(id, slug)),
                })
                .collect()
        }),
    }
}
