//! One engagement's documents: the views built once, then every document the engagement
//! gets with its own links, then a page per person. The index page's timeline and the
//! person pages show each item's standing from the ledger.
//!
//! A page whose built-in template is used is written by code ([`super::written`]), and
//! normalized by whoever lays it into the wiki or shows it; a page whose template
//! `--templates` replaces is rendered by Tera, from a template context made once for the
//! engagement when the first such page needs it.

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::input::vocab::Document;
use crate::policy::items::{self, Boxes};
use crate::policy::ledger::Ledger;
use crate::policy::resolve::Policy;
use crate::policy::select::Decision;
use crate::render::context::{self, DocContext, PersonView};
use crate::render::flavor::Flavor;
use crate::render::person::{self, PersonLink, PersonPage, Place};
use crate::render::review::ReviewView;
use crate::render::written::{self, Page};
use crate::render::{Renderer, gantt};

/// What one engagement's documents are rendered from.
pub struct Documents<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Its policy.
    pub policy: &'a Policy,
    /// Every control decided.
    pub decisions: &'a [Decision<'a>],
    /// The boxes of each control decided ([`items::boxes`]).
    pub boxes: &'a [Option<Boxes>],
    /// The pre-engagement review, as templates see it.
    pub review: ReviewView,
    /// Where pages go and how they link.
    pub flavor: Flavor,
    /// Its items and where each stands.
    pub ledger: &'a Ledger<'a>,
}

/// The rows an engagement's page may list (its items, controls and people): its size
/// limit grows with them, as a large engagement's checklists do.
fn rows(input: &Documents) -> usize {
    input.ledger.items.len() + input.decisions.len() + input.engagement.people.len()
}

/// A page to render, and the template that gives it.
enum Target<'a> {
    /// One of the engagement's documents.
    Document(Document),
    /// A person's page, with the link to the engagement's index page.
    Person(&'a PersonPage, String),
}

impl Target<'_> {
    fn template(&self) -> &'static str {
        match self {
            Target::Document(document) => document.file_name(),
            Target::Person(..) => "person.md",
        }
    }
}

impl Renderer {
    /// Renders every document of the engagement and every person's page.
    pub fn documents(&self, input: &Documents, diags: &mut Diagnostics) -> Vec<OutputFile> {
        self.pages(input, &items::documents(input.engagement), true, diags)
    }

    /// Renders `documents` of the engagement, and every person's page when `people`. A page
    /// written by code is given as written: it is normalized where it is laid into the
    /// wiki, or shown ([`crate::render::normalize_text`]).
    pub fn pages(
        &self,
        input: &Documents,
        documents: &[Document],
        people: bool,
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        let (engagement, policy) = (input.engagement, input.policy);
        let lists = context::Checklists::new(engagement, policy, input.decisions, input.boxes);
        let mut view = context::build(input.engagement, input.policy, &lists);
        view.review = Some(input.review.clone());
        let id = &input.engagement.id.value;
        let index = input.flavor.page_path(id, Document::Index);
        let person_views = person_views(input, &view.people);
        let links = person_links(input, &index, &person_views);
        let mut shared = Shared {
            view: &view,
            timeline: gantt::chart(input.engagement, input.ledger),
            people: &links,
            all: items::documents(input.engagement),
            tera: None,
            rows: rows(input),
        };
        let mut targets: Vec<(String, Target)> = (documents.iter())
            .map(|d| (input.flavor.page_path(id, *d), Target::Document(*d)))
            .collect();
        if people {
            targets.extend(person_views.iter().map(|(path, view)| {
                let overview = input.flavor.link(path, &index);
                (path.clone(), Target::Person(view, overview))
            }));
        }
        let mut files = Vec::new();
        for (path, target) in targets {
            match self.page(input, &mut shared, &path, &target) {
                Ok(text) => files.push(OutputFile { path, text }),
                Err(e) => diags.push(e),
            }
        }
        files
    }

    /// One page at `path`: written by code, or rendered by Tera when `--templates`
    /// replaces its template.
    fn page(
        &self,
        input: &Documents,
        shared: &mut Shared,
        path: &str,
        target: &Target,
    ) -> Result<String, Diagnostic> {
        let page = Page {
            view: shared.view,
            timeline: &shared.timeline,
            people: shared.people,
            flavor: input.flavor,
            path,
            all: &shared.all,
        };
        let template = target.template();
        if self.is_replaced(template) {
            let (documents, home) = (page.documents(), page.home());
            let rows = shared.rows;
            let ctx = shared.tera_context()?;
            ctx.insert("documents", &documents);
            ctx.insert("home", &home);
            if let Target::Person(view, overview) = target {
                ctx.insert("overview", overview);
                ctx.insert("person", view);
            }
            return self.render_listing(template, ctx, rows);
        }
        let text = match target {
            Target::Document(document) => written::document(*document, &page),
            Target::Person(view, overview) => written::person(&page, view, overview),
        };
        self.written(template, shared.rows, text)
    }
}

/// What every page of one engagement is made from.
struct Shared<'a> {
    view: &'a DocContext<'a>,
    timeline: String,
    people: &'a [PersonLink],
    /// Every document the engagement gets, for the links between them.
    all: Vec<Document>,
    /// The template context, once a page rendered by Tera needed it.
    tera: Option<tera::Context>,
    rows: usize,
}

impl Shared<'_> {
    /// The template context every document sees (its links are added per page).
    fn tera_context(&mut self) -> Result<&mut tera::Context, Diagnostic> {
        if self.tera.is_none() {
            let mut ctx = tera::Context::from_serialize(self.view).map_err(|e| {
                Diagnostic::unlocated(format!("cannot build the template context: {e}"))
            })?;
            ctx.insert("timeline", &self.timeline);
            ctx.insert("people_pages", self.people);
            self.tera = Some(ctx);
        }
        Ok(self.tera.get_or_insert_default())
    }
}

/// Each person's page and what it shows, made once for the page and the links to it;
/// `people` are the engagement's people as every page shows them, in its order.
fn person_views(input: &Documents, people: &[PersonView]) -> Vec<(String, PersonPage)> {
    let id = &input.engagement.id.value;
    let mut links = person::Links::default();
    // A page for each person, in the engagement's order, as `people` are.
    (person::pages(input.flavor, input.engagement).into_iter())
        .zip(people)
        .map(|((path, who), shown)| {
            let place = Place {
                flavor: input.flavor,
                engagement: id,
                page: &path,
            };
            let view = person::view(who, shown, input.policy, input.ledger, place, &mut links);
            (path, view)
        })
        .collect()
}

/// Each person's page, linked from `page`, with their open and overdue items.
fn person_links(input: &Documents, page: &str, people: &[(String, PersonPage)]) -> Vec<PersonLink> {
    (people.iter())
        .map(|(path, view)| PersonLink {
            name: view.name.clone(),
            link: input.flavor.link(page, path),
            open: view.open,
            overdue: view.overdue,
        })
        .collect()
}
