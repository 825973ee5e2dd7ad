//! Framework catalogs: the identifiers each framework defines, embedded from `catalogs/`.
//!
//! Control `mappings` are checked against them when a pack is decoded, so an unknown
//! framework or identifier is a located error with the nearest valid choice, in every run.
//! `charter coverage` reads them to list what an engagement's controls leave uncovered.

use std::sync::OnceLock;

use crate::diag::source::Located;
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::decode::{Entries, Text};
use crate::pack::Framework;
use crate::pack::catalog_file;

/// The embedded identifier lists, one per framework.
const FILES: [(Framework, &str, &str); 5] = [
    (
        Framework::Iso27001,
        "catalogs/iso27001-2022.tsv",
        include_str!("../../catalogs/iso27001-2022.tsv"),
    ),
    (
        Framework::Soc2,
        "catalogs/soc2-2017.tsv",
        include_str!("../../catalogs/soc2-2017.tsv"),
    ),
    (
        Framework::Nist80053,
        "catalogs/nist-sp-800-53-rev5.tsv",
        include_str!("../../catalogs/nist-sp-800-53-rev5.tsv"),
    ),
    (
        Framework::NistSsdf,
        "catalogs/nist-ssdf-1.1.tsv",
        include_str!("../../catalogs/nist-ssdf-1.1.tsv"),
    ),
    (
        Framework::OwaspAsvs,
        "catalogs/owasp-asvs-5.0.0.tsv",
        include_str!("../../catalogs/owasp-asvs-5.0.0.tsv"),
    ),
];

/// One identifier of a framework.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The identifier as the framework writes it (`A.5.15`, `AC-2(3)`, `PO.1.1`).
    pub id: &'static str,
    /// The identifier's title or summary, where the catalog has one.
    pub title: Option<&'static str>,
}

/// The reviewed control-to-framework mappings of the built-in packs, each with why the
/// control meets the identifier (`catalogs/reviewed-mappings.tsv`).
const REVIEWED: &str = include_str!("../../catalogs/reviewed-mappings.tsv");

/// Why `control` meets `framework`'s `id`, as reviewed, if the pair was reviewed.
pub fn reviewed(control: &str, framework: &str, id: &str) -> Option<&'static str> {
    REVIEWED
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?, f.next()?, f.next()?))
        })
        .find(|(c, fw, i, _)| *c == control && *fw == framework && *i == id)
        .map(|(_, _, _, why)| why.trim())
}

/// The title of `framework`'s identifier `id`, if the catalog has one.
pub fn title(framework: Framework, id: &str) -> Option<&'static str> {
    let entries = catalog(framework).entries();
    entries.iter().find(|e| e.id == id).and_then(|e| e.title)
}

// The build script sorts each catalog's identifiers: `SORTED_IDS`.
include!(concat!(env!("OUT_DIR"), "/catalog_ids.rs"));

/// Every identifier of one framework, in the framework's own order.
#[derive(Debug)]
pub struct Catalog {
    /// The framework.
    pub framework: Framework,
    /// The file the list was embedded from.
    pub file: &'static str,
    text: &'static str,
    entries: OnceLock<Vec<Entry>>,
}

impl Catalog {
    const fn new((framework, file, text): (Framework, &'static str, &'static str)) -> Catalog {
        Catalog {
            framework,
            file,
            text,
            entries: OnceLock::new(),
        }
    }

    /// Every identifier, in the framework's order.
    pub fn entries(&self) -> &[Entry] {
        self.entries.get_or_init(|| {
            (catalog_file::entries(self.text))
                .map(|(id, title)| Entry { id, title })
                .collect()
        })
    }

    /// Whether the framework defines `id`: a search of the identifiers the build script
    /// sorted, so that checking a pack's mappings parses no catalog.
    pub fn contains(&self, id: &str) -> bool {
        (SORTED_IDS.iter())
            .find(|(file, _)| *file == self.file)
            .is_some_and(|(_, sorted)| sorted.binary_search(&id).is_ok())
    }
}

/// Every framework's catalog, in declaration order (as `FILES` lists them).
static ALL: [Catalog; 5] = [
    Catalog::new(FILES[0]),
    Catalog::new(FILES[1]),
    Catalog::new(FILES[2]),
    Catalog::new(FILES[3]),
    Catalog::new(FILES[4]),
];

/// The catalog of a framework.
pub fn catalog(framework: Framework) -> &'static Catalog {
    &ALL[framework as usize]
}

/// The framework a mapping key names, if any.
pub fn framework(name: &str) -> Option<Framework> {
    Framework::ALL.iter().copied().find(|f| f.as_str() == name)
}

/// Framework identifiers by framework, as a control maps them; a built-in pack's are
/// borrowed from the binary.
pub type Mappings = Entries<Vec<Located<Text>>, Text>;

/// Checks every framework key and identifier of a control's `mappings`, reporting each
/// unknown one at its own location with the nearest valid choice.
pub fn check_mappings(mappings: &Mappings, diags: &mut Diagnostics) {
    for (key, ids) in &mappings.0 {
        let Some(framework) = framework(&key.value) else {
            let names = Framework::ALL.iter().map(|f| f.as_str());
            let message = format!("unknown framework `{}`", key.value);
            diags.push(
                Diagnostic::error(&key.at, message)
                    .with_label("not a known framework")
                    .with_help(suggest::hint(&key.value, names)),
            );
            continue;
        };
        let catalog = catalog(framework);
        for id in ids.iter().filter(|id| !catalog.contains(&id.value)) {
            diags.push(unknown_id(catalog, id));
        }
    }
}

fn unknown_id(catalog: &Catalog, id: &Located<Text>) -> Diagnostic {
    let framework = catalog.framework;
    let message = format!("`{}` is not an identifier of {framework}", id.value);
    let ids = catalog.entries().iter().map(|e| e.id);
    let help = match suggest::closest(&id.value, ids) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("{} lists every identifier of {framework}", catalog.file),
    };
    Diagnostic::error(&id.at, message)
        .with_label("unknown identifier")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framework_has_its_catalog_in_declaration_order() {
        for framework in Framework::ALL {
            let catalog = catalog(*framework);
            assert_eq!(catalog.framework, *framework);
            assert!(catalog.entries().len() > 40, "{framework}");
        }
        assert_eq!(catalog(Framework::Iso27001).entries().len(), 93);
        assert_eq!(catalog(Framework::Soc2).entries().len(), 61);
        assert_eq!(catalog(Framework::Nist80053).entries().len(), 1189);
        assert_eq!(catalog(Framework::NistSsdf).entries().len(), 42);
        assert_eq!(catalog(Framework::OwaspAsvs).entries().len(), 345);
    }

    #[test]
    fn the_identifiers_sorted_at_compile_time_are_the_catalogs_own() {
        for framework in Framework::ALL {
            let catalog = catalog(*framework);
            let mut ids: Vec<&str> = catalog.entries().iter().map(|e| e.id).collect();
            ids.sort_unstable();
            let sorted = SORTED_IDS.iter().find(|(f, _)| *f == catalog.file);
            assert_eq!(
                Some(ids.as_slice()),
                sorted.map(|(_, ids)| *ids),
                "{framework}"
            );
            assert!(ids.iter().all(|id| catalog.contains(id)));
            assert!(!catalog.contains("") && !catalog.contains("A.99.99"));
        }
    }

    #[test]
    fn catalog_entries_carry_titles() {
        let nist = catalog(Framework::Nist80053);
        let ac2 = nist.entries().iter().find(|e| e.id == "AC-2(3)").unwrap();
        assert_eq!(ac2.title, Some("Account Management | Disable Accounts"));
        assert!(catalog(Framework::Iso27001).contains("A.8.32"));
        assert!(!catalog(Framework::Iso27001).contains("A.8.35"));
        let soc2 = catalog(Framework::Soc2).entries();
        assert!(
            soc2.iter().all(|e| e.title.is_some()),
            "every SOC 2 criterion has a summary"
        );
    }
}
