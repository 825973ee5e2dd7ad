//! The one place that configures pulldown-cmark, and what charter reads from Markdown.
//!
//! Generated pages are GitHub-flavoured Markdown: tables and task lists. Every reader of a
//! page (state extraction, link checks, tests) parses with [`options`], so they all see
//! the same structure.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The parser options every reader of a page uses.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// A parser over `text` with [`options`].
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

/// The destination of every link in `text`, in order.
pub fn links(text: &str) -> Vec<String> {
    parser(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_listed_in_order() {
        let text = "See [a](a.md) and [b](../b.md).\n\n| x |\n| - |\n| [c](c) |\n";
        assert_eq!(links(text), ["a.md", "../b.md", "c"]);
    }
}
