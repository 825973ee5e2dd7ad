//! Engagement ids: an id as written in, the id out if it is safe as a folder and page name
//! on every platform, else a located error.

use crate::diag::Diagnostic;
use crate::diag::source::Located;
use crate::input::decode::Cx;

/// Engagement ids name folders: lowercase letters, digits and single hyphens.
pub(super) fn check_id(id: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    if is_safe_id(&id.value) {
        return Some(id);
    }
    let message = format!("`{}` cannot be used as an engagement id", id.value);
    let help = "use 1-64 lowercase letters, digits and hyphens, starting with a letter or digit (e.g. `acme-payments-mvp`)";
    cx.fail(
        Diagnostic::error(&id.at, message)
            .with_label("names the output folder")
            .with_help(help),
    )
}

/// Whether `id` is safe to use as a folder and page name on every platform.
pub fn is_safe_id(id: &str) -> bool {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
        && !is_windows_device(id)
}

/// Names Windows reserves for devices, which no file or folder may have.
fn is_windows_device(name: &str) -> bool {
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.chars().all(|c| ('1'..='9').contains(&c)))
    };
    ["con", "prn", "aux", "nul"].contains(&name) || numbered("com") || numbered("lpt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_the_output_folder_are_refused() {
        for bad in [
            "../x", "/etc", "a/b", "A", "con", "com7", "lpt1", "x-", "", "a--b", "a b",
        ] {
            assert!(!is_safe_id(bad), "{bad} accepted");
        }
        for good in [
            "acme-payments-mvp",
            "x1",
            "2027-retainer",
            "com10",
            "console",
        ] {
            assert!(is_safe_id(good), "{good} refused");
        }
    }
}
