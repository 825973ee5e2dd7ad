//! One engagement's documents: the template context built once, then every document the
//! engagement gets rendered with its own links.

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::policy::items;
use crate::policy::resolve::Policy;
use crate::policy::select::Decision;
use crate::render::flavor::{self, Flavor};
use crate::render::review::ReviewView;
use crate::render::{Renderer, context};

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
}

impl Renderer {
    /// Renders every document of the engagement.
    pub fn documents(&self, input: &Documents, diags: &mut Diagnostics) -> Vec<OutputFile> {
        let Some(mut ctx) = context_of(input, diags) else {
            return Vec::new();
        };
        let id = &input.engagement.id.value;
        let documents = items::documents(input.engagement);
        let mut files = Vec::new();
        for document in &documents {
            let path = input.flavor.page_path(id, *document);
            flavor::insert_links(&mut ctx, input.flavor, id, &path, &documents);
            match self.render(&document.template(), &ctx) {
                Ok(text) => files.push(OutputFile { path, text }),
                Err(e) => diags.push(e),
            }
        }
        files
    }
}

/// The template context of one engagement: what every document sees.
pub fn context_of(input: &Documents, diags: &mut Diagnostics) -> Option<tera::Context> {
    let mut view = context::build(input.engagement, input.policy, input.decisions);
    view.review = Some(input.review.clone());
    tera::Context::from_serialize(&view)
        .map_err(|e| {
            diags.push(Diagnostic::unlocated(format!(
                "cannot build the template context: {e}"
            )))
        })
        .ok()
}
