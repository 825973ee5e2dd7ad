//! The built-in document templates written by code: the bytes that `templates/*.md` give
//! each engagement's pages, without turning the engagement's views into template values
//! and without running a template (docs/adr/0009-built-in-pages-written-by-code.md). A
//! template from `--templates` replaces its page and is rendered by Tera instead; a test
//! builds every example both ways, in every flavour, and compares the pages.
//!
//! In: the engagement's [`DocContext`] and what one page adds (its links, the timeline,
//! the people's pages). Out: the page's text, written as [`crate::render::normalize`]
//! leaves a rendered template (one blank line between blocks, [`block`]; none at the
//! end), so that normalizing it where it is laid into the wiki finds nothing to change
//! and copies nothing (a test holds every example's pages to that). Rows are appended
//! piece by piece (`put!`), not formatted: the formatter's machinery cost more than the
//! words it placed.

/// Appends each piece to `out`, in order: what `write!` with only `{}` does, without the
/// formatting machinery, which cost a page more than its own words (docs/performance.md).
macro_rules! put {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $( $crate::render::written::Piece::put(&$piece, out); )+
    }};
}

mod checklists;
mod overview;
mod tables;

use std::sync::Arc;

use crate::input::vocab::Document;
use crate::policy::schedule::DueText;
use crate::policy::shown::ShownText;
use crate::render::checklist::{ControlView, WaiverView};
use crate::render::context::{DocContext, DocLink, RoleView};
use crate::render::flavor::{self, Flavor};
use crate::render::person::{PersonLink, PersonPage};

/// What one of an engagement's pages is written from.
pub struct Page<'a> {
    /// The views every document sees.
    pub view: &'a DocContext<'a>,
    /// The index page's timeline (a Mermaid chart).
    pub timeline: &'a str,
    /// Each person's page, as the index page links it.
    pub people: &'a [PersonLink],
    /// Where pages go and how they link.
    pub flavor: Flavor,
    /// The page's path.
    pub path: &'a str,
    /// Every document the engagement gets.
    pub all: &'a [Document],
}

impl Page<'_> {
    /// The engagement's documents, linked from this page (made where a page lists them).
    pub fn documents(&self) -> Vec<DocLink> {
        flavor::doc_links(self.flavor, &self.view.engagement.id, self.path, self.all)
    }

    /// The link to the portfolio's home page from this page.
    pub fn home(&self) -> String {
        self.flavor.link(self.path, self.flavor.home_path())
    }
}

/// Starts a block (a heading, a paragraph, a link) with `first`, after the one blank line
/// between blocks that a page's normalization leaves, however many line feeds `out` ends
/// with: a page written so is laid into the wiki without being copied to normalize it.
fn block(out: &mut String, first: &str) {
    if cut_line_feeds(out) {
        out.push_str("\n\n");
    }
    out.push_str(first);
}

/// Takes the line feeds off the end of `out`; whether anything is left.
fn cut_line_feeds(out: &mut String) -> bool {
    out.truncate(out.trim_end_matches('\n').len());
    !out.is_empty()
}

/// The text of `document`'s page.
pub fn document(document: Document, page: &Page) -> String {
    // Room for the page and its footer from the start: the text lives only until the
    // page is merged, growing it copies what is written so far, and room never written
    // is never touched. The checklists of every control are the longest pages.
    let room = match document {
        Document::Compliance | Document::Onboarding => 64 * 1024,
        _ => 32 * 1024,
    };
    let mut out = String::with_capacity(room);
    match document {
        Document::Index => overview::index(&mut out, page),
        Document::Onboarding => checklists::onboarding(&mut out, page.view),
        Document::Compliance => checklists::compliance(&mut out, page.view),
        Document::Offboarding => checklists::offboarding(&mut out, page.view),
        Document::Handoff => checklists::handoff(&mut out, page.view),
        Document::Raci => tables::raci(&mut out, page.view),
        Document::Runbooks => tables::runbooks(&mut out, page.view),
        Document::SlasKpis => tables::slas_kpis(&mut out, page.view),
        Document::Review => tables::review(&mut out, page.view),
    }
    end_page(&mut out);
    out
}

/// Ends the page with its last line's line feed, and no blank line after it.
fn end_page(out: &mut String) {
    cut_line_feeds(out);
    out.push('\n');
}

/// The text of a person's page (`person.md`), `overview` linking the engagement's index.
pub fn person(page: &Page, person: &PersonPage, overview: &str) -> String {
    let mut out = String::with_capacity(8 * 1024);
    overview::person(&mut out, page, person, overview);
    end_page(&mut out);
    out
}

/// What a page is written from: a view's text as it is, a count in decimal.
trait Piece {
    fn put(&self, out: &mut String);
}

impl Piece for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Arc<str> {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for ShownText {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for DueText {
    fn put(&self, out: &mut String) {
        self.push_to(out);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

impl Piece for usize {
    fn put(&self, out: &mut String) {
        crate::policy::schedule::push_count(out, *self);
    }
}

/// A string a template tests with `{% if %}`: given when not empty.
fn given<T: AsRef<str>>(text: &Option<T>) -> Option<&str> {
    text.as_ref().map(AsRef::as_ref).filter(|t| !t.is_empty())
}

/// `items` joined by `sep`, or `none` when there are none (`join(sep=", ")` in an `if`).
fn joined_or(out: &mut String, items: &[String], sep: &str, none: &str) {
    each_joined(out, items, sep, none, |out, item| out.push_str(item));
}

/// Each of `items` written by `write_one` with `sep` between them (a `{% for %}` with
/// `{% if not loop.last %}`), or `none` when there are none.
fn each_joined<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    sep: &str,
    none: &str,
    mut write_one: impl FnMut(&mut String, T),
) {
    let mut items = items.into_iter().peekable();
    if items.peek().is_none() {
        out.push_str(none);
    }
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        write_one(out, item);
    }
}

/// A checklist item with a box: `- [ ] `id` title: owners, due date`, its waiver if any.
fn task_line(out: &mut String, c: &ControlView) {
    put!(
        out, "- [ ] `", c.id, "` ", c.title, ": ", c.owners, ", due ", c.due
    );
    if let Some(w) = &c.waiver {
        waiver_note(out, w);
    }
    out.push('\n');
}

/// ` (waived until DATE: REASON; approved by WHO)`, as a task item shows a waiver.
fn waiver_note(out: &mut String, w: &WaiverView) {
    put!(
        out,
        " (waived until ",
        w.expires,
        ": ",
        w.reason,
        "; approved by ",
        w.approved_by,
        ")"
    );
}

/// `| role | description | people |` for each role, `unassigned` where nobody fills it.
fn role_row(out: &mut String, r: &RoleView) {
    put!(out, "| ", r.id, " | ", r.description, " | ");
    joined_or(out, &r.people, ", ", "unassigned");
    out.push_str(" |\n");
}
