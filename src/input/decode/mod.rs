//! Typed decoding of located YAML nodes, collecting every problem.
//!
//! Each input type implements [`Decode`]. Decoding never stops at the first problem: a
//! field that fails pushes a located diagnostic and yields `None`, and the caller carries on
//! with the next field. [`Fields`] reads a mapping and reports the keys nobody asked for as
//! unknown fields, with a "did you mean" among the known ones.

mod fields;
mod scalars;

pub use fields::{Fields, keys};

use std::sync::Arc;

use crate::diag::source::{Loc, Located, Source};
use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::yaml::{Node, NodeKind};

/// The file being decoded and the list its problems go to.
pub struct Cx<'a> {
    /// The file the nodes come from.
    pub source: &'a Arc<Source>,
    /// Where problems are recorded.
    pub diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    /// The location of a node.
    pub fn loc(&self, node: &Node) -> Loc {
        Loc::new(self.source, node.span())
    }

    /// Records an error at a node and returns `None`, for use as `return cx.fail(...)`.
    pub fn fail<T>(&mut self, diagnostic: Diagnostic) -> Option<T> {
        self.diags.push(diagnostic);
        None
    }

    /// Records "expected X, found Y" at a node.
    pub fn expected<T>(&mut self, node: &Node, what: &str) -> Option<T> {
        let found = node.kind().describe();
        let message = format!("expected {what}, found {found}");
        self.fail(
            Diagnostic::error(&self.loc(node), message).with_label(format!("expected {what}")),
        )
    }
}

/// A type that can be read from a located YAML node.
pub trait Decode: Sized {
    /// Reads the value, or records why it cannot and returns `None`.
    fn decode(node: &Node, cx: &mut Cx) -> Option<Self>;
}

/// A text read from a file: a built-in pack's is borrowed from the binary (its baked tree
/// holds the binary's own bytes, checked clean when the binary was built), any other is
/// owned. Pack texts (titles, descriptions, evidence, steps) are most of what a pack
/// holds: borrowed, a build copies none of them.
pub type Text = std::borrow::Cow<'static, str>;

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Vec<T>> {
        let NodeKind::Seq(items) = node.kind() else {
            return cx.expected(node, "a list");
        };
        // Every item is decoded, so that each one's problems are reported.
        let mut decoded = Vec::with_capacity(items.iter().len());
        let mut all = true;
        for item in items {
            match T::decode(&item, cx) {
                Some(value) => decoded.push(value),
                None => all = false,
            }
        }
        all.then_some(decoded)
    }
}

/// Shared once decoded (a pack's controls, which every policy on the pack shares until a
/// layer changes one).
impl<T: Decode> Decode for std::sync::Arc<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<std::sync::Arc<T>> {
        T::decode(node, cx).map(std::sync::Arc::new)
    }
}

impl<T: Decode> Decode for Located<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Located<T>> {
        let value = T::decode(node, cx)?;
        Some(Located::new(value, cx.loc(node)))
    }
}

/// A mapping whose keys are ids chosen by the author (roles, parameters), in source order.
/// The keys are owned strings, or [`Text`] where a built-in pack's may be borrowed.
#[derive(Clone, Debug)]
pub struct Entries<T, K = String>(pub Vec<(Located<K>, T)>);

impl<T, K> Default for Entries<T, K> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T: Decode, K: Decode> Decode for Entries<T, K> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Entries<T, K>> {
        let NodeKind::Map(entries) = node.kind() else {
            return cx.expected(node, "a mapping");
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in entries {
            let key = Located::<K>::decode(&key, cx);
            let value = T::decode(&value, cx);
            match (key, value) {
                (Some(k), Some(v)) => out.push((k, v)),
                _ => ok = false,
            }
        }
        ok.then_some(Entries(out))
    }
}

/// Decodes one of a fixed set of words, suggesting the nearest on a typo.
pub fn keyword<T: Copy>(
    node: &Node,
    cx: &mut Cx,
    what: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Option<T> {
    let text = Text::decode(node, cx)?;
    if let Some(found) = all.iter().copied().find(|v| name(*v) == text) {
        return Some(found);
    }
    let names = all.iter().map(|v| name(*v));
    let message = format!("unknown {what} `{text}`");
    let label = format!("not a known {what}");
    let help = suggest::hint(&text, names);
    cx.fail(
        Diagnostic::error(&cx.loc(node), message)
            .with_label(label)
            .with_help(help),
    )
}

/// Declares a closed set of kebab-case words (model, stage, phase...) with decoding,
/// display, serialisation and "did you mean" on typos.
#[macro_export]
macro_rules! keywords {
    ($(#[$meta:meta])* pub enum $name:ident ($what:literal) {
        $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word as written in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let values: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                schemars::json_schema!({ "type": "string", "enum": values, "description": $what })
            }
        }

        impl $crate::input::decode::Decode for $name {
            fn decode(
                node: &$crate::input::yaml::Node,
                cx: &mut $crate::input::decode::Cx,
            ) -> Option<$name> {
                $crate::input::decode::keyword(node, cx, $what, $name::ALL, $name::as_str)
            }
        }
    };
}
