//! The built-in portfolio pages written by code, row by row: the bytes that
//! `templates/home.md` and `templates/sidebar.md` give, without a template value for each
//! engagement (at 10,000 engagements, the rows as template values were a third of a
//! build's memory). A test renders every flavour's pages both ways and compares them.
//!
//! In: the summaries and progress of every engagement. Out: the page's text, as written
//! (normalized where it is laid into the wiki, [`crate::wiki::merge`], as every page is).

use std::fmt::Write as _;

use super::{Listed, Page, Progress};
use crate::input::vocab::Document;
use crate::render::flavor::Flavor;

/// The text of the portfolio page `page`, at `path`.
pub fn page(page: Page, flavor: Flavor, path: &str, engagements: &[impl Listed]) -> String {
    let mut out = String::with_capacity(256 + engagements.len() * 192);
    match page {
        Page::Home => home(&mut out, flavor, path, engagements),
        Page::Sidebar => sidebar(&mut out, flavor, path, engagements),
    }
    out
}

/// `templates/home.md`: the totals and a table row for each engagement.
fn home(out: &mut String, flavor: Flavor, page: &str, engagements: &[impl Listed]) {
    out.push_str("# Engagements\n\n");
    if engagements.is_empty() {
        out.push_str("No engagements yet.\n");
        return;
    }
    let mut total = Progress::default();
    engagements.iter().for_each(|e| total.add(e.progress()));
    let count = engagements.len();
    let plural = if count == 1 { "" } else { "s" };
    let (done, all, overdue) = (total.done, total.total, total.overdue);
    let _ = writeln!(
        out,
        "{count} engagement{plural}; {done} of {all} checklist items done, {overdue} overdue.\n"
    );
    out.push_str("| Engagement | Client | Model | Stage | Dates | Progress | Overdue |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (id, e, p) in engagements
        .iter()
        .map(|e| (e.id(), e.summary(), e.progress()))
    {
        let [project, client, _] = e.names();
        let link = flavor.link(page, &flavor.page_path(id, Document::Index));
        let (model, stage) = (e.model.as_str(), e.stage.as_str());
        let (starts, ends) = e.dates;
        let _ = writeln!(
            out,
            "| [{project}]({link}) (`{id}`) | {client} | {model} | {stage} | {starts} to {ends} | {}/{} | {} |",
            p.done, p.total, p.overdue
        );
    }
}

/// `templates/sidebar.md`: a link to the home page, each engagement and its people.
fn sidebar(out: &mut String, flavor: Flavor, page: &str, engagements: &[impl Listed]) {
    let home = flavor.link(page, flavor.home_path());
    let _ = writeln!(out, "**[Engagements]({home})**\n");
    for (id, e) in engagements.iter().map(|e| (e.id(), e.summary())) {
        let link = flavor.link(page, &flavor.page_path(id, Document::Index));
        let _ = writeln!(out, "- [{id}]({link})");
        for (name, slug) in e.people.iter().flatten() {
            let link = flavor.link(page, &flavor.person_path(id, slug));
            let _ = writeln!(out, "  - [{name}]({link})");
        }
    }
}
