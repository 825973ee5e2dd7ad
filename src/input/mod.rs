//! Input: files in, typed values out. YAML is parsed here (and only here), decoded into
//! engagements, workspace settings and parameters with every problem collected and located.

pub mod builtin;
pub mod decode;
pub mod engagement;
pub mod params;
pub mod tooling;
pub mod vocab;
pub mod when;
pub mod workspace;
pub mod yaml;

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::diag::source::Source;
use crate::input::decode::Cx;
use crate::input::yaml::{Node, Tree};

/// Parses a source's YAML and decodes it with `decode`; every problem goes to `diags`.
pub fn decode<T>(
    source: &Arc<Source>,
    diags: &mut Diagnostics,
    decode: impl FnOnce(&Node, &mut Cx) -> Option<T>,
) -> Option<T> {
    let tree = parse(source).map_err(|e| diags.push(e)).ok()?;
    decode(&tree.root(), &mut Cx { source, diags })
}

/// A source's tree: a built-in pack's as the build script parsed it, any other text
/// parsed now.
fn parse(source: &Arc<Source>) -> Result<Tree, crate::diag::Diagnostic> {
    builtin::baked_tree(source).map_or_else(|| yaml::parse(source), Ok)
}

/// Reads a YAML file (through [`crate::fs`]) and decodes it with `decode`.
pub fn read<T>(
    path: &Path,
    diags: &mut Diagnostics,
    decode: impl FnOnce(&Node, &mut Cx) -> Option<T>,
) -> Option<T> {
    let source = crate::fs::read_source(path)
        .map_err(|e| diags.push(e))
        .ok()?;
    self::decode(&source, diags, decode)
}
