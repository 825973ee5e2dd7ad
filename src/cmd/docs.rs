//! `charter docs`: the reference pages, embedded, so an installed binary can print them.

use crate::cli::DocTopic;
use crate::cmd::Exit;

/// Every page: topic, file name, what it covers.
const PAGES: &[(DocTopic, &str, &str, &str)] = &[
    (
        DocTopic::Formats,
        "formats",
        "The engagement, pack and workspace formats, every field",
        include_str!("../../docs/formats.md"),
    ),
    (
        DocTopic::Packs,
        "packs",
        "Writing an organisation pack: override, disable, add, set parameters",
        include_str!("../../docs/packs.md"),
    ),
    (
        DocTopic::Templates,
        "templates",
        "The template context, for writing your own templates",
        include_str!("../../docs/templates.md"),
    ),
    (
        DocTopic::Review,
        "review",
        "The review rules, SARIF, JUnit and status",
        include_str!("../../docs/review.md"),
    ),
    (
        DocTopic::Wiki,
        "wiki",
        "Keeping a wiki: what is kept, conflicts, flavours, MkDocs and CI",
        include_str!("../../docs/wiki.md"),
    ),
    (
        DocTopic::BuiltinPacks,
        "builtin-packs",
        "Every built-in pack with its controls, and when each applies",
        include_str!("../../docs/builtin-packs.md"),
    ),
];

/// Prints one page, or the list of pages.
pub fn run(topic: Option<DocTopic>) -> Exit {
    match topic {
        Some(topic) => {
            let text = PAGES.iter().find(|p| p.0 == topic).map_or("", |p| p.3);
            print!("{text}");
        }
        None => {
            println!("charter docs TOPIC prints a reference page:\n");
            for (_, name, about, _) in PAGES {
                println!("  {name:<15} {about}");
            }
        }
    }
    Exit::Ok
}
