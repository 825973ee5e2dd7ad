//! Wiki flavours: where each page goes and how pages link to each other.
//!
//! - `markdown` (default): `index.md` home, `<id>/<document>.md`, a person's page in
//!   `<id>/people/<person>.md`, relative links with `.md`. Works on any Git host and in
//!   MkDocs.
//! - `github-wiki`: GitHub wikis flatten folders and link by page name, so page names are
//!   unique across the wiki: `<id>/<id>.md` (overview) and `<id>/<id>-<document>.md`, links
//!   without `.md`, plus `Home.md` and `_Sidebar.md`; a person's page is
//!   `<id>/<id>-people-<person>.md`.
//! - `gitlab-wiki`: pages keep their folders; links are page slugs from the wiki root
//!   (`<id>/raci`), plus `home.md` and `_sidebar.md`; a person's page is
//!   `<id>/people/<person>.md`.

pub use crate::input::vocab::{Document, Flavor};
use crate::render::context::DocLink;

impl Flavor {
    /// The file of one engagement document, relative to the output root.
    pub fn page_path(self, engagement: &str, document: Document) -> String {
        match (self, document) {
            (Flavor::GithubWiki, Document::Index) => [engagement, "/", engagement, ".md"].concat(),
            (Flavor::GithubWiki, _) => {
                [engagement, "/", engagement, "-", document.as_str(), ".md"].concat()
            }
            _ => [engagement, "/", document.as_str(), ".md"].concat(),
        }
    }

    /// The page of one person of an engagement (`slug` from [`person_slugs`]): in a
    /// `people` folder, or, on a GitHub wiki, whose page names are flat, named
    /// `<id>-people-<slug>`.
    ///
    /// [`person_slugs`]: crate::policy::items::person_slugs
    pub fn person_path(self, engagement: &str, slug: &str) -> String {
        match self {
            Flavor::GithubWiki => [engagement, "/", engagement, "-people-", slug, ".md"].concat(),
            _ => [engagement, "/people/", slug, ".md"].concat(),
        }
    }

    /// The portfolio's home page.
    pub fn home_path(self) -> &'static str {
        match self {
            Flavor::Markdown => "index.md",
            Flavor::GithubWiki => "Home.md",
            Flavor::GitlabWiki => "home.md",
        }
    }

    /// The navigation page shown beside every page, if the flavour has one.
    pub fn sidebar_path(self) -> Option<&'static str> {
        match self {
            Flavor::Markdown => None,
            Flavor::GithubWiki => Some("_Sidebar.md"),
            Flavor::GitlabWiki => Some("_sidebar.md"),
        }
    }

    /// Page names the wiki itself reserves.
    pub fn reserved(self) -> &'static [&'static str] {
        match self {
            Flavor::Markdown => &[],
            Flavor::GithubWiki => &["home", "_sidebar", "_footer"],
            Flavor::GitlabWiki => &["home", "_sidebar"],
        }
    }

    /// The link written in page `from` to page `to` (both relative file paths).
    pub fn link(self, from: &str, to: &str) -> String {
        match self {
            Flavor::Markdown => relative(from, to),
            Flavor::GithubWiki => page_name(to).to_string(),
            Flavor::GitlabWiki => to.strip_suffix(".md").unwrap_or(to).to_string(),
        }
    }
}

/// The engagement's `documents`, linked from `page`.
pub fn doc_links(
    flavor: Flavor,
    engagement: &str,
    page: &str,
    documents: &[Document],
) -> Vec<DocLink> {
    documents
        .iter()
        .map(|document| DocLink {
            name: document.as_str().to_string(),
            title: document.title().to_string(),
            link: flavor.link(page, &flavor.page_path(engagement, *document)),
        })
        .collect()
}

/// A file's name without folders and without `.md`: a GitHub wiki page name.
pub fn page_name(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The relative path from the folder of `from` to `to`.
fn relative(from: &str, to: &str) -> String {
    // `from`'s folders are its parts but the last; the parts they share with `to` from the
    // start (never all of `to`'s) are left out, and each folder of `from` past them is
    // climbed out of.
    let folders = from.bytes().filter(|&b| b == b'/').count();
    let to_parts = to.bytes().filter(|&b| b == b'/').count() + 1;
    let (mut common, mut rest) = (0, 0);
    for (a, b) in from.split('/').take(folders).zip(to.split('/')) {
        if a != b || common == to_parts - 1 {
            break;
        }
        common += 1;
        rest += b.len() + 1;
    }
    let ups = folders - common;
    let mut link = String::with_capacity(3 * ups + to.len() - rest);
    (0..ups).for_each(|_| link.push_str("../"));
    link.push_str(&to[rest..]);
    link
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The link as first written: the paths split into lists and joined again.
    fn relative_by_parts(from: &str, to: &str) -> String {
        let from_dirs: Vec<&str> = from.split('/').collect();
        let from_dirs = &from_dirs[..from_dirs.len() - 1];
        let to_parts: Vec<&str> = to.split('/').collect();
        let common = from_dirs
            .iter()
            .zip(&to_parts)
            .take_while(|(a, b)| a == b)
            .count()
            .min(to_parts.len() - 1);
        let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
        parts.extend(&to_parts[common..]);
        parts.join("/")
    }

    #[test]
    fn a_relative_link_is_the_link_made_by_parts() {
        let parts = ["", "a", "b", "a.md", "x.md", "é", ".."];
        // Every path of one to three parts, and a leading `/`.
        let mut paths: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        for _ in 0..2 {
            let longer = (paths.iter()).flat_map(|p| parts.iter().map(move |x| format!("{p}/{x}")));
            let longer: Vec<String> = longer.collect();
            paths.extend(longer);
        }
        paths.sort_unstable();
        paths.dedup();
        for from in &paths {
            for to in &paths {
                assert_eq!(
                    relative(from, to),
                    relative_by_parts(from, to),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn markdown_links_are_relative_paths() {
        let md = Flavor::Markdown;
        assert_eq!(md.link("index.md", "acme/index.md"), "acme/index.md");
        assert_eq!(md.link("acme/index.md", "acme/raci.md"), "raci.md");
        assert_eq!(md.link("acme/raci.md", "index.md"), "../index.md");
        assert_eq!(md.link("a/b/c.md", "a/d.md"), "../d.md");
    }

    #[test]
    fn github_pages_have_unique_names_and_link_by_name() {
        let gh = Flavor::GithubWiki;
        assert_eq!(gh.page_path("acme", Document::Raci), "acme/acme-raci.md");
        assert_eq!(gh.page_path("acme", Document::Index), "acme/acme.md");
        assert_eq!(gh.link("Home.md", "acme/acme-raci.md"), "acme-raci");
        assert_eq!(gh.link("acme/acme.md", "Home.md"), "Home");
        assert_eq!(gh.person_path("acme", "ann"), "acme/acme-people-ann.md");
        assert_eq!(
            Flavor::Markdown.person_path("acme", "ann"),
            "acme/people/ann.md"
        );
    }

    #[test]
    fn gitlab_links_are_slugs_from_the_root() {
        let gl = Flavor::GitlabWiki;
        assert_eq!(gl.link("acme/index.md", "acme/raci.md"), "acme/raci");
        assert_eq!(gl.link("acme/raci.md", "home.md"), "home");
        assert_eq!("gitlab-wiki".parse::<Flavor>(), Ok(Flavor::GitlabWiki));
    }
}
