//! What a pack reference names: its text in (`builtin:NAME`, `local:NAME` or a path, with
//! an optional version pin), where the pack is and the version it must satisfy out.

use std::path::{Path, PathBuf};

use crate::diag::source::{BUILTIN_PREFIX, Located};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;

use super::PackLoader;

/// Where a pack comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// Embedded in the binary.
    Builtin(String),
    /// A file on disk.
    File(PathBuf),
}

/// A parsed pack reference: `builtin:core@^1`, `./policies/acme.yaml`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PackRef {
    /// Where to find the pack.
    pub origin: Origin,
    /// Required version, if pinned.
    pub version: Option<semver::VersionReq>,
}

impl PackLoader {
    /// Parses a reference; `local:NAME[@REQ]` becomes a file in the local packs folder.
    pub(super) fn parse(
        &self,
        reference: &Located<String>,
        from: &Path,
        diags: &mut Diagnostics,
    ) -> Option<PackRef> {
        let Some(rest) = reference.value.trim().strip_prefix("local:") else {
            return parse_ref(reference, from, diags);
        };
        let (name, req) = rest
            .split_once('@')
            .map_or((rest, None), |(n, r)| (n, Some(r)));
        if !is_plain_name(name) {
            let message = format!("`local:{name}` is not a pack name");
            let help = "`local:NAME` names the file NAME.yaml of the workspace's packs folder: letters, digits, `-`, `_` and `.`, no `/` or `..`";
            diags.push(Diagnostic::error(&reference.at, message).with_help(help));
            return None;
        }
        let Some(dir) = &self.local else {
            let message = "`local:` packs come from the workspace's `packs` folder, and no workspace names one";
            let help = "add `packs: FOLDER` to charter.yaml, or name the pack by its path";
            diags.push(Diagnostic::error(&reference.at, message).with_help(help));
            return None;
        };
        let path = dir.join(format!("{name}.yaml"));
        let text = match req {
            Some(req) => format!("{}@{req}", path.display()),
            None => path.display().to_string(),
        };
        let rewritten = Located::new(text, reference.at.clone());
        parse_ref(&rewritten, Path::new(""), diags)
    }
}

/// A file name without folders: `acme`, `acme-2.1`.
fn is_plain_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    !name.is_empty() && !name.starts_with('.') && name.chars().all(allowed)
}

/// Builtin packs resolve their `requires` among builtins; files relative to themselves.
pub(super) fn pack_base(origin: &Origin) -> PathBuf {
    match origin {
        Origin::Builtin(_) => PathBuf::from("builtin"),
        Origin::File(path) => path.clone(),
    }
}

/// Parses `builtin:NAME[@REQ]` or `PATH[@REQ]`, relative to the file that wrote it.
pub fn parse_ref(
    reference: &Located<String>,
    from: &Path,
    diags: &mut Diagnostics,
) -> Option<PackRef> {
    let text = reference.value.trim();
    let (target, version) = match text.rsplit_once('@') {
        Some((target, req)) => match semver::VersionReq::parse(req) {
            Ok(req) => (target, Some(req)),
            Err(e) => {
                let message = format!("`{req}` is not a version requirement: {e}");
                let help = "pin versions like `builtin:core@^1` or `./acme.yaml@~1.2`";
                diags.push(Diagnostic::error(&reference.at, message).with_help(help));
                return None;
            }
        },
        None => (text, None),
    };
    let origin = match target.strip_prefix(BUILTIN_PREFIX) {
        Some(name) => Origin::Builtin(name.to_string()),
        None if from == Path::new("builtin") => Origin::Builtin(target.to_string()),
        None => Origin::File(fs::relative_to(from, target)),
    };
    Some(PackRef { origin, version })
}

/// How an origin is shown to users.
pub fn origin_name(origin: &Origin) -> String {
    match origin {
        Origin::Builtin(name) => format!("{BUILTIN_PREFIX}{name}"),
        Origin::File(path) => fs::display(path),
    }
}
