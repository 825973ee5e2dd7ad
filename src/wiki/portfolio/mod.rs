//! Portfolio pages: the home page listing every engagement with its progress, and the
//! flavour's sidebar. Both are templates (`home.md`, `sidebar.md`) that can be overridden.
//!
//! In: each engagement's [`Summary`] and progress. Out: the pages' texts. With the
//! built-in templates the pages are written by code ([`written`]), row by row, in the
//! bytes the templates give (a test renders both ways); a template from `--templates`
//! is rendered by Tera ([`templated`]), which needs a template value for every
//! engagement at once.

mod templated;
mod written;

use crate::diag::Diagnostics;
use crate::fingerprint::Fnv;
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::input::vocab::{Model, Stage};
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
    /// The project, client and vendor, escaped, one after another, in one allocation
    /// (the id is the plan's, [`Listed::id`]).
    texts: Box<str>,
    /// Where the project and the client end in `texts`.
    ends: [u32; 2],
    model: Model,
    stage: Stage,
    dates: (Date, Date),
    /// Each person's name (escaped) and page slug, when the portfolio lists people.
    people: Option<Box<[PersonName]>>,
}

/// What the portfolio pages read of an engagement.
pub trait Listed {
    /// Its id.
    fn id(&self) -> &str;
    /// What they show of it.
    fn summary(&self) -> &Summary;
    /// Its ticked, overdue and total checklist items.
    fn progress(&self) -> Progress;
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
        let mut texts = inline(&e.project);
        let project = texts.len();
        texts.push_str(&inline(&e.client));
        let client = texts.len();
        texts.push_str(&inline(&e.vendor));
        let end = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Summary {
            texts: texts.into_boxed_str(),
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
        let part = |range: std::ops::Range<usize>| self.texts.get(range).unwrap_or_default();
        [
            part(0..project),
            part(project..client),
            part(client..self.texts.len()),
        ]
    }
}

/// Digest of everything the portfolio pages show except progress: charter's version, the
/// flavour, the templates and each engagement's summary.
pub fn fingerprint(renderer: &Renderer, flavor: Flavor, engagements: &[impl Listed]) -> u64 {
    let mut hash = Fnv::default();
    hash.write_str(env!("CARGO_PKG_VERSION"));
    hash.write_str(flavor.as_str());
    hash.write_u64(renderer.fingerprint());
    for (id, e) in engagements.iter().map(|e| (e.id(), e.summary())) {
        let [project, client, vendor] = e.names();
        let fields = [id, project, client, vendor, e.model.as_str()];
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

/// Renders the home page and, if the flavour has one, the sidebar: written by code when
/// the built-in template is used ([`written`]), by Tera when `--templates` replaces it.
pub fn render(
    renderer: &Renderer,
    flavor: Flavor,
    engagements: &[impl Listed],
    diags: &mut Diagnostics,
) -> Vec<(OutputFile, PageKind)> {
    let mut pages = vec![(flavor.home_path(), Page::Home, PageKind::Document)];
    pages.extend(
        flavor
            .sidebar_path()
            .map(|path| (path, Page::Sidebar, PageKind::Navigation)),
    );
    let mut out = Vec::new();
    for (path, page, kind) in pages {
        let template = page.template();
        let text = match renderer.is_replaced(template) {
            false => Ok(written::page(page, flavor, path, engagements)),
            true => templated::render(renderer, template, flavor, path, engagements),
        };
        match text {
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

/// A portfolio page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    /// Every engagement with its progress (`home.md`).
    Home,
    /// Every engagement and its people, beside every page of a wiki (`sidebar.md`).
    Sidebar,
}

impl Page {
    /// The template that gives the page.
    fn template(self) -> &'static str {
        match self {
            Page::Home => "home.md",
            Page::Sidebar => "sidebar.md",
        }
    }
}
