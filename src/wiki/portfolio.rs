//! Portfolio pages: the home page listing every engagement with its progress, and the
//! flavour's sidebar. Both are templates (`home.md`, `sidebar.md`) that can be overridden.

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::diag::source::Located;
use crate::fingerprint::Fnv;
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::input::vocab::{Document, Model, Stage};
pub use crate::policy::items::Progress;
use crate::render::Renderer;
use crate::render::escape::inline;
use crate::render::flavor::Flavor;
use crate::wiki::merge::PageKind;
use jiff::civil::Date;

/// What the portfolio pages show of one engagement, in a few allocations: a portfolio
/// keeps one for each engagement until its home page is rendered.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The engagement id, where it is written.
    pub id: Located<String>,
    /// The project, client and vendor, escaped, one after another.
    names: Box<str>,
    /// Where the project and the client end in `names`.
    ends: [u32; 2],
    model: Model,
    stage: Stage,
    dates: (Date, Date),
    /// Each person's name (escaped) and page slug, when the portfolio lists people.
    people: Option<Box<[PersonName]>>,
}

/// A person's name (escaped) and page slug.
type PersonName = (Box<str>, Box<str>);

/// Whether the portfolio templates of `flavor` may list each engagement's people (the
/// markdown flavour's home page does not; the wikis' sidebars do): when they cannot,
/// no summary holds them and no row lists them (at 10,000 engagements, about a third of
/// the home page's input).
pub fn lists_people(renderer: &Renderer, flavor: Flavor) -> bool {
    let sidebar = flavor.sidebar_path().map(|_| "sidebar.md");
    let templates: Vec<&str> = ["home.md"].into_iter().chain(sidebar).collect();
    renderer.may_name(&templates, "people")
}

impl Summary {
    /// Takes what the portfolio needs from an engagement; its people only when `people`
    /// (see [`lists_people`]).
    pub fn of(e: &Engagement, people: bool) -> Summary {
        let mut names = inline(&e.project);
        let project = names.len();
        names.push_str(&inline(&e.client));
        let client = names.len();
        names.push_str(&inline(&e.vendor));
        let end = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Summary {
            id: e.id.detached(),
            names: names.into_boxed_str(),
            ends: [end(project), end(client)],
            model: e.model.value,
            stage: e.stage.value,
            dates: (e.starts.value, e.ends.value),
            people: people.then(|| {
                (crate::policy::items::person_slugs(e).into_iter())
                    .map(|(slug, p)| (inline(&p.name.value).into(), slug.into()))
                    .collect()
            }),
        }
    }

    /// The project, client and vendor, escaped.
    fn names(&self) -> [&str; 3] {
        let [project, client] = self.ends.map(|n| n as usize);
        let names = &*self.names;
        [&names[..project], &names[project..client], &names[client..]]
    }
}

/// What the portfolio templates see besides the engagements' rows (`engagements`).
#[derive(Serialize)]
struct PortfolioView {
    count: usize,
    done: usize,
    total: usize,
    overdue: usize,
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
    done: usize,
    total: usize,
    overdue: usize,
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

/// Digest of everything the portfolio pages show except progress: charter's version, the
/// flavour, the templates and each engagement's summary.
pub fn fingerprint(
    renderer: &Renderer,
    flavor: Flavor,
    engagements: &[(Summary, Progress)],
) -> u64 {
    let mut hash = Fnv::default();
    hash.write_str(env!("CARGO_PKG_VERSION"));
    hash.write_str(flavor.as_str());
    hash.write_u64(renderer.fingerprint());
    for (e, _) in engagements {
        let [project, client, vendor] = e.names();
        let fields = [&e.id.value, project, client, vendor, e.model.as_str()];
        for field in fields.into_iter().chain([e.stage.as_str()]) {
            hash.write_str(field);
        }
        for date in [e.dates.0, e.dates.1] {
            hash.write_str(&date.to_string());
        }
        for (name, slug) in e.people.iter().flatten() {
            hash.write_str(name);
            hash.write_str(slug);
        }
    }
    hash.finish()
}

/// Renders the home page and, if the flavour has one, the sidebar.
pub fn render(
    renderer: &Renderer,
    flavor: Flavor,
    engagements: &[(Summary, Progress)],
    diags: &mut Diagnostics,
) -> Vec<(OutputFile, PageKind)> {
    let mut pages = vec![(flavor.home_path(), "home.md", PageKind::Document)];
    pages.extend(
        flavor
            .sidebar_path()
            .map(|path| (path, "sidebar.md", PageKind::Navigation)),
    );
    let mut out = Vec::new();
    for (path, template, kind) in pages {
        let ctx = match context(flavor, path, engagements) {
            Ok(ctx) => ctx,
            Err(e) => {
                let message = format!("cannot build the portfolio context: {e}");
                diags.push(crate::diag::Diagnostic::unlocated(message));
                continue;
            }
        };
        match renderer.render_listing(template, &ctx, engagements.len()) {
            Ok(text) => out.push((
                OutputFile {
                    path: path.to_string(),
                    text,
                },
                kind,
            )),
            Err(e) => diags.push(e),
        }
    }
    out
}

/// The portfolio page's template values: each row is made a template value as soon as it
/// is made, so that the rows are never held twice.
fn context(
    flavor: Flavor,
    page: &str,
    engagements: &[(Summary, Progress)],
) -> tera::TeraResult<tera::Context> {
    let mut total = Progress::default();
    let rows: Vec<tera::Value> = engagements
        .iter()
        .map(|(e, progress)| {
            total.add(*progress);
            tera::Value::try_from_serializable(&row(flavor, page, e, *progress))
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

fn row<'a>(flavor: Flavor, page: &str, e: &'a Summary, progress: Progress) -> Row<'a> {
    let [project, client, vendor] = e.names();
    Row {
        id: &e.id.value,
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
        link: flavor.link(page, &flavor.page_path(&e.id.value, Document::Index)),
        people: e.people.as_ref().map(|people| {
            (people.iter())
                .map(|(name, slug)| PersonLink {
                    name,
                    link: flavor.link(page, &flavor.person_path(&e.id.value, slug)),
                })
                .collect()
        }),
    }
}
