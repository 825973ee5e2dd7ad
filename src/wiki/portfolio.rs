//! Portfolio pages: the home page listing every engagement with its progress, and the
//! flavour's sidebar. Both are templates (`home.md`, `sidebar.md`) that can be overridden.

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::diag::source::Located;
use crate::fingerprint::Fnv;
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::input::vocab::Document;
pub use crate::policy::items::Progress;
use crate::render::Renderer;
use crate::render::escape::inline;
use crate::render::flavor::Flavor;
use crate::wiki::merge::PageKind;

/// What the portfolio pages show of one engagement.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The engagement id, where it is written.
    pub id: Located<String>,
    project: String,
    client: String,
    vendor: String,
    model: String,
    stage: String,
    starts: String,
    ends: String,
    /// Each person's name (escaped) and page slug, when the portfolio lists people.
    people: Option<Vec<(String, String)>>,
}

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
        Summary {
            id: e.id.detached(),
            project: inline(&e.project),
            client: inline(&e.client),
            vendor: inline(&e.vendor),
            model: e.model.value.to_string(),
            stage: e.stage.value.to_string(),
            starts: e.starts.value.to_string(),
            ends: e.ends.value.to_string(),
            people: people.then(|| {
                (crate::policy::items::person_slugs(e).into_iter())
                    .map(|(slug, p)| (inline(&p.name.value), slug))
                    .collect()
            }),
        }
    }
}

/// What the portfolio templates see.
#[derive(Serialize)]
struct PortfolioView<'a> {
    engagements: Vec<Row<'a>>,
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
    model: &'a str,
    stage: &'a str,
    starts: &'a str,
    ends: &'a str,
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
        let fields = [
            &e.id.value,
            &e.project,
            &e.client,
            &e.vendor,
            &e.model,
            &e.stage,
        ];
        for field in fields.into_iter().chain([&e.starts, &e.ends]) {
            hash.write_str(field);
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
        let view = view(flavor, path, engagements);
        let ctx = match tera::Context::from_serialize(&view) {
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

fn view<'a>(
    flavor: Flavor,
    page: &str,
    engagements: &'a [(Summary, Progress)],
) -> PortfolioView<'a> {
    let mut total = Progress::default();
    let rows = engagements
        .iter()
        .map(|(e, progress)| {
            total.add(*progress);
            row(flavor, page, e, *progress)
        })
        .collect();
    PortfolioView {
        engagements: rows,
        count: engagements.len(),
        done: total.done,
        total: total.total,
        overdue: total.overdue,
        home: flavor.link(page, flavor.home_path()),
    }
}

fn row<'a>(flavor: Flavor, page: &str, e: &'a Summary, progress: Progress) -> Row<'a> {
    Row {
        id: &e.id.value,
        project: &e.project,
        client: &e.client,
        vendor: &e.vendor,
        model: &e.model,
        stage: &e.stage,
        starts: &e.starts,
        ends: &e.ends,
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
