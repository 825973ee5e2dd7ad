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
            name: document.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
