//! `charter docs`: the reference pages, embedded, so an installed binary can print them.

use clap::{CommandFactory, ValueEnum};

use crate::cli::{Cli, DocTopic};
use crate::cmd::Exit;
use crate::cmd::output::data;

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
            data(text);
        }
        None => {
            let mut text = String::from("charter docs TOPIC prints a reference page:\n\n");
            for (_, name, about, _) in PAGES {
                text.push_str(&format!("  {name:<15} {about}\n"));
            }
            data(&text);
        }
    }
    Exit::Ok
}

/// `charter help [COMMAND...|TOPIC]`: a command's long help, or a reference page when no
/// command has that name (`charter help review` is the command's; `charter docs review`
/// the page).
pub fn help(topic: &[String]) -> Exit {
    let mut command = Cli::command();
    command.build();
    if let [name] = topic
        && command.find_subcommand(name).is_none()
        && let Ok(page) = DocTopic::from_str(name, true)
    {
        return run(Some(page));
    }
    for name in topic {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            let pages: Vec<&str> = PAGES.iter().map(|p| p.1).collect();
            eprintln!(
                "error: no command or reference page `{name}`; pages: {}; commands: `charter --help`",
                pages.join(", ")
            );
            return Exit::BadInput;
        };
        command = sub;
    }
    data(&command.render_long_help().to_string());
    Exit::Ok
}
