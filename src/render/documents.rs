//! One engagement's documents: the template context built once, then every document the
//! engagement gets rendered with its own links, then a page per person. The index page's
//! timeline and the person pages show each item's standing from the ledger.

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::policy::items;
use crate::policy::ledger::Ledger;
use crate::policy::resolve::Policy;
use crate::policy::select::Decision;
use crate::render::flavor::{self, Flavor};
use crate::render::person::{self, PersonPage, Place};
use crate::render::review::ReviewView;
use crate::render::{Renderer, context, gantt};

/// What one engagement's documents are rendered from.
pub struct Documents<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Its policy.
    pub policy: &'a Policy,
    /// Every control decided.
    pub decisions: &'a [Decision<'a>],
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

/// A person's page as the index page links it.
#[derive(serde::Serialize)]
struct PersonLink {
    name: String,
    link: String,
    open: usize,
    overdue: usize,
}

impl Renderer {
    /// Renders every document of the engagement.
    pub fn documents(&self, input: &Documents, diags: &mut Diagnostics) -> Vec<OutputFile> {
        let Some(mut ctx) = context_of(input, diags) else {
            return Vec::new();
        };
        let id = &input.engagement.id.value;
        let documents = items::documents(input.engagement);
        ctx.insert("timeline", &gantt::chart(input.engagement, input.ledger));
        let index = input
            .flavor
            .page_path(id, crate::input::vocab::Document::Index);
        let people = person_views(input);
        ctx.insert("people_pages", &person_links(input, &index, &people));
        let rows = rows(input);
        let mut files = Vec::new();
        for document in &documents {
            let path = input.flavor.page_path(id, *document);
            flavor::insert_links(&mut ctx, input.flavor, id, &path, &documents);
            match self.render_listing(&document.template(), &ctx, rows) {
                Ok(text) => files.push(OutputFile { path, text }),
                Err(e) => diags.push(e),
            }
        }
        files.extend(self.person_pages(input, &mut ctx, people, diags));
        files
    }

    /// Renders the page of each person of the engagement (`person.md`).
    fn person_pages(
        &self,
        input: &Documents,
        ctx: &mut tera::Context,
        people: Vec<(String, PersonPage)>,
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        let id = &input.engagement.id.value;
        let documents = items::documents(input.engagement);
        let index = input
            .flavor
            .page_path(id, crate::input::vocab::Document::Index);
        let mut files = Vec::new();
        for (path, view) in people {
            flavor::insert_links(ctx, input.flavor, id, &path, &documents);
            ctx.insert("overview", &input.flavor.link(&path, &index));
            ctx.insert("person", &view);
            match self.render_listing("person.md", ctx, rows(input)) {
                Ok(text) => files.push(OutputFile { path, text }),
                Err(e) => diags.push(e),
            }
        }
        files
    }
}

/// Each person's page and what it shows, made once for the page and the links to it.
fn person_views(input: &Documents) -> Vec<(String, PersonPage)> {
    let id = &input.engagement.id.value;
    person::pages(input.flavor, input.engagement)
        .into_iter()
        .map(|(path, who)| {
            let place = Place {
                flavor: input.flavor,
                engagement: id,
                page: &path,
            };
            let view = person::view(who, input.policy, input.ledger, place);
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

/// The template context of one engagement: what every document sees.
pub fn context_of(input: &Documents, diags: &mut Diagnostics) -> Option<tera::Context> {
    let lists = context::Checklists::new(input.engagement, input.policy, input.decisions);
    let mut view = context::build(input.engagement, input.policy, &lists);
    view.review = Some(input.review.clone());
    tera::Context::from_serialize(&view)
        .map_err(|e| {
            diags.push(Diagnostic::unlocated(format!(
                "cannot build the template context: {e}"
            )))
        })
        .ok()
}
