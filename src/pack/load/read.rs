//! Reading one pack: where a reference names it in (built in, or a file kept to its folder),
//! the decoded pack out, held to the version the reference pins.

use std::sync::Arc;

use crate::diag::source::{BUILTIN_PREFIX, Located, Source};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::input::builtin;
use crate::pack::Pack;

use super::refs::{Origin, PackRef};

pub(super) fn read_pack(
    origin: &Origin,
    reference: &Located<String>,
    confine: Option<&fs::Confine>,
    diags: &mut Diagnostics,
) -> Option<Pack> {
    let source = match origin {
        Origin::Builtin(name) => match builtin::pack(name) {
            Some(text) => Source::builtin(name, text),
            None => {
                let names = builtin::PACKS.iter().map(|(n, _)| *n);
                let message = format!("unknown built-in pack `{BUILTIN_PREFIX}{name}`");
                let help = suggest::hint(name, names);
                diags.push(
                    Diagnostic::error(&reference.at, message)
                        .with_label("no such pack")
                        .with_help(help),
                );
                return None;
            }
        },
        Origin::File(path) => {
            match confine.map_or_else(|| fs::read_source(path), |c| fs::read_confined(path, c)) {
                Ok(source) => source,
                Err(e) => {
                    let message = format!("cannot load pack `{}`: {}", reference.value, e.message);
                    let help = "paths are relative to the file that names the pack; built-in packs are `builtin:NAME`";
                    diags.push(Diagnostic::error(&reference.at, message).with_help(help));
                    return None;
                }
            }
        }
    };
    decode_pack(&source, diags)
}

/// Parses and decodes one pack source.
pub fn decode_pack(source: &Arc<Source>, diags: &mut Diagnostics) -> Option<Pack> {
    crate::pack::baked::pack(source).or_else(|| crate::input::decode(source, diags, Pack::decode))
}

pub(super) fn check_version(
    pack: &Pack,
    pack_ref: &PackRef,
    reference: &Located<String>,
    diags: &mut Diagnostics,
) {
    let Some(req) = &pack_ref.version else { return };
    if req.matches(&pack.version.value) {
        return;
    }
    let message = format!(
        "pack `{}` is version {}, which does not satisfy `{req}`",
        pack.name.value, pack.version.value
    );
    let help = format!(
        "the pack's version is set at {}; change the pin or the pack",
        pack.version.at
    );
    diags.push(
        Diagnostic::error(&reference.at, message)
            .with_label("version pinned here")
            .with_help(help),
    );
}
