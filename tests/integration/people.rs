//! Each person's page: a read-only view of their items that follows the ticks made in the
//! documents, keeps a hand edit, and retires with the person.

use crate::support::stderr;
use crate::wiki::{ONBOARDING, Wiki, tick};

const PRIYA: &str = "acme-payments-mvp/people/priya-shah.md";
const OMAR: &str = "acme-payments-mvp/people/omar-haddad.md";

/// The row of item `key` on a person's page.
fn row<'a>(page: &'a str, key: &str) -> &'a str {
    let cell = format!("| `{key}` |");
    page.lines()
        .find(|l| l.contains(&cell))
        .unwrap_or_else(|| panic!("{key}: {page}"))
}

#[test]
fn a_person_page_follows_ticks_in_the_documents_and_check_calls_it_a_refresh() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = wiki.page(PRIYA);
    assert!(page.contains("read-only"), "{page}");
    assert!(row(&page, "ACC-SSO-MFA@priya-shah").contains("| open |"));
    assert!(!page.contains("- [ ]"), "no boxes on a person's page");
    let index = wiki.page("acme-payments-mvp/index.md");
    assert!(index.contains("](people/priya-shah.md)"), "{index}");
    assert!(index.contains("```mermaid\ngantt\n"), "{index}");

    wiki.set_page(
        ONBOARDING,
        &tick(&wiki.page(ONBOARDING), "ACC-SSO-MFA@priya-shah"),
    );
    let check = wiki.build(&["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    wiki.build_ok();
    assert!(row(&wiki.page(PRIYA), "ACC-SSO-MFA@priya-shah").contains("| done |"));
    let again = wiki.build(&["--check"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        wiki.build_ok().contains("0 changed"),
        "a second build writes nothing"
    );
}

#[test]
fn a_hand_edit_of_a_person_page_is_a_conflict_and_forced_it_is_recovered() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let edited = wiki
        .page(PRIYA)
        .replace("## Roles\n", "## Roles\n\nAway in August.\n");
    wiki.set_page(PRIYA, &edited);
    let refused = wiki.build(&[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let forced = wiki.build(&["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    let page = wiki.page(PRIYA);
    let recovered = page.find("<!-- charter:recovered -->").expect(&page);
    assert!(page[recovered..].contains("Away in August."), "{page}");
    let check = wiki.build(&["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn a_person_removed_from_the_engagement_has_their_page_retired() {
    let wiki = Wiki::new();
    wiki.build_ok();
    assert!(wiki.file(OMAR).is_file());
    wiki.edit_engagement(
        "  - { name: Omar Haddad, side: client, roles: [platform-admin], email: omar.haddad@acme.example, chat: \"@omar\" }\n",
        "",
    );
    let out = wiki.build_ok();
    assert!(out.contains("1 retired"), "{out}");
    assert!(!wiki.file(OMAR).exists());
    assert!(
        !wiki
            .page("acme-payments-mvp/index.md")
            .contains("omar-haddad")
    );
}

#[test]
fn generated_pages_whose_names_differ_inside_a_character_are_retired_without_a_panic() {
    // `é` and `è` begin with the same byte: the two pages' paths share half a character.
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = wiki.page(OMAR);
    for name in ["é", "è"] {
        let path = wiki.file(&format!("acme-payments-mvp/people/{name}.md"));
        std::fs::write(path, &page).unwrap();
    }
    let out = wiki.build_ok();
    assert!(out.contains("2 retired"), "{out}");
    assert!(!wiki.file("acme-payments-mvp/people/é.md").exists());
}
