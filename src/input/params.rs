//! Typed, bounded parameters: declarations in packs, values from packs and engagements,
//! and `{{ params.NAME }}` interpolation in control texts.

use std::collections::BTreeMap;
use std::fmt;

use crate::diag::Diagnostic;
use crate::diag::source::Located;
use crate::diag::suggest;
use crate::input::decode::{Cx, Decode, Fields};
use crate::input::yaml::{Node, Tree};
use crate::keywords;

keywords! {
    /// The type of a parameter.
    pub enum ParamType ("parameter type") {
        /// Whole number.
        Integer = "integer",
        /// Any finite number.
        Number = "number",
        /// Free text.
        String = "string",
        /// `true` or `false`.
        Boolean = "boolean",
        /// A length of time in days (`5d`) or hours (`36h`).
        Duration = "duration",
        /// One of the declared `values`.
        Enum = "enum",
        /// A list of strings.
        List = "list",
    }
}

/// A parameter's value.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// An integer.
    Integer(i64),
    /// A number.
    Number(f64),
    /// Text, or one of an enum's values.
    Text(String),
    /// A boolean.
    Boolean(bool),
    /// A duration, in hours.
    Hours(i64),
    /// A list of strings.
    List(Vec<String>),
}

impl ParamValue {
    /// A comparable magnitude for bounds checks, when the type has one.
    fn magnitude(&self) -> Option<f64> {
        match self {
            ParamValue::Integer(i) | ParamValue::Hours(i) => Some(*i as f64),
            ParamValue::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Integer(i) => write!(f, "{i}"),
            ParamValue::Number(n) => write!(f, "{n}"),
            ParamValue::Text(s) => f.write_str(s),
            ParamValue::Boolean(b) => write!(f, "{b}"),
            ParamValue::Hours(h) if h % 24 == 0 && *h >= 48 => write!(f, "{} days", h / 24),
            ParamValue::Hours(1) => f.write_str("1 hour"),
            ParamValue::Hours(h) => write!(f, "{h} hours"),
            ParamValue::List(items) => f.write_str(&items.join(", ")),
        }
    }
}

/// A parameter as a pack declares it.
#[derive(Clone, Debug)]
pub struct ParamDecl {
    /// The parameter's name (kebab-case).
    pub name: Located<String>,
    /// Its type.
    pub ty: ParamType,
    /// The value used when no layer sets one.
    pub default: Located<ParamValue>,
    /// Smallest allowed value (integer, number, duration).
    pub min: Option<ParamValue>,
    /// Largest allowed value (integer, number, duration).
    pub max: Option<ParamValue>,
    /// Allowed values of an enum.
    pub values: Vec<String>,
    /// What the parameter means.
    #[allow(
        dead_code,
        reason = "decoded and checked as part of the format; no document shows it yet"
    )]
    pub description: String,
}

impl ParamDecl {
    /// Decodes the declaration of parameter `name` from its mapping.
    pub fn decode(name: Located<String>, node: &Node, cx: &mut Cx) -> Option<ParamDecl> {
        let mut fields = Fields::of(node, "a parameter declaration", cx)?;
        let ty: Option<ParamType> = fields.required("type", cx);
        let values: Vec<String> = fields.optional("values", cx).unwrap_or_default();
        let description = fields.required("description", cx);
        let default_node = fields.raw("default");
        let min_node = fields.raw("min");
        let max_node = fields.raw("max");
        fields.finish(cx);
        let ty = ty?;
        let mut decl = ParamDecl {
            name,
            ty,
            default: Located::new(ParamValue::Boolean(false), cx.loc(node)),
            min: None,
            max: None,
            values,
            description: description?,
        };
        if ty == ParamType::Enum && decl.values.is_empty() {
            let message = format!("enum parameter `{}` declares no `values`", decl.name.value);
            return cx
                .fail(Diagnostic::error(&cx.loc(node), message).with_help("add `values: [a, b]`"));
        }
        decl.min = decode_bound(&decl, min_node.as_ref(), "min", cx)?;
        decl.max = decode_bound(&decl, max_node.as_ref(), "max", cx)?;
        let Some(default_node) = default_node else {
            let message = format!("missing field `default` in parameter `{}`", decl.name.value);
            return cx.fail(Diagnostic::error(&cx.loc(node), message));
        };
        decl.default = decl.value(&default_node, cx)?;
        Some(decl)
    }

    /// Decodes a value for this parameter and checks its type and bounds.
    pub fn value(&self, node: &Node, cx: &mut Cx) -> Option<Located<ParamValue>> {
        let value = self.decode_untyped(node, cx)?;
        self.check_bounds(&value, node, cx)?;
        Some(Located::new(value, cx.loc(node)))
    }

    fn decode_untyped(&self, node: &Node, cx: &mut Cx) -> Option<ParamValue> {
        Some(match self.ty {
            ParamType::Integer => ParamValue::Integer(i64::decode(node, cx)?),
            ParamType::Number => ParamValue::Number(f64::decode(node, cx)?),
            ParamType::String => ParamValue::Text(String::decode(node, cx)?),
            ParamType::Boolean => ParamValue::Boolean(bool::decode(node, cx)?),
            ParamType::Duration => ParamValue::Hours(decode_duration(node, cx)?),
            ParamType::List => ParamValue::List(Vec::<String>::decode(node, cx)?),
            ParamType::Enum => {
                let text = String::decode(node, cx)?;
                if !self.values.contains(&text) {
                    let message =
                        format!("`{text}` is not a value of parameter `{}`", self.name.value);
                    let help = suggest::hint(&text, self.values.iter().map(String::as_str));
                    return cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help));
                }
                ParamValue::Text(text)
            }
        })
    }

    fn check_bounds(&self, value: &ParamValue, node: &Node, cx: &mut Cx) -> Option<()> {
        let Some(x) = value.magnitude() else {
            return Some(());
        };
        let below = self
            .min
            .as_ref()
            .and_then(ParamValue::magnitude)
            .is_some_and(|m| x < m);
        let above = self
            .max
            .as_ref()
            .and_then(ParamValue::magnitude)
            .is_some_and(|m| x > m);
        if !below && !above {
            return Some(());
        }
        let range = self.range_text();
        let message = format!(
            "{value} is out of bounds for parameter `{}` ({range})",
            self.name.value
        );
        let help = format!("choose a value {range}");
        cx.fail(
            Diagnostic::error(&cx.loc(node), message)
                .with_label("out of bounds")
                .with_help(help),
        )
    }

    fn range_text(&self) -> String {
        match (&self.min, &self.max) {
            (Some(lo), Some(hi)) => format!("from {lo} to {hi}"),
            (Some(lo), None) => format!("at least {lo}"),
            (None, Some(hi)) => format!("at most {hi}"),
            (None, None) => String::new(),
        }
    }
}

fn decode_bound(
    decl: &ParamDecl,
    node: Option<&Node>,
    key: &str,
    cx: &mut Cx,
) -> Option<Option<ParamValue>> {
    let Some(node) = node else { return Some(None) };
    if !matches!(
        decl.ty,
        ParamType::Integer | ParamType::Number | ParamType::Duration
    ) {
        let message = format!("`{key}` does not apply to a {} parameter", decl.ty);
        let help = "bounds apply to integer, number and duration parameters";
        return cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help));
    }
    decl.decode_untyped(node, cx).map(Some)
}

/// Longest duration a parameter may hold: 100 years, so every sum of durations and dates
/// stays far from overflow.
pub const MAX_DURATION_HOURS: i64 = 100 * 366 * 24;

fn decode_duration(node: &Node, cx: &mut Cx) -> Option<i64> {
    let text = String::decode(node, cx)?;
    let (digits, per_unit) = match (text.strip_suffix('d'), text.strip_suffix('h')) {
        (Some(n), _) => (n.trim(), 24),
        (None, Some(n)) => (n.trim(), 1),
        (None, None) => ("", 0),
    };
    let plain = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let hours = digits
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(per_unit));
    match hours {
        Some(hours) if plain && hours <= MAX_DURATION_HOURS => Some(hours),
        _ if plain => {
            let message = format!("`{text}` is longer than charter's limit for durations");
            let help = format!("durations are at most {} days", MAX_DURATION_HOURS / 24);
            cx.fail(Diagnostic::error(&cx.loc(node), message).with_help(help))
        }
        _ => {
            let message = format!("`{text}` is not a duration");
            cx.fail(
                Diagnostic::error(&cx.loc(node), message)
                    .with_help("write a duration as days (`5d`) or hours (`36h`)"),
            )
        }
    }
}

/// Final parameter values by name.
pub type ParamValues = BTreeMap<String, Located<ParamValue>>;

/// A text with each `{{ NAME }}` replaced by what `lookup` gives for `NAME`
/// (`params.X`, `tooling.X`); `Err` with the first name it does not know.
pub fn fill(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = find_pair(rest, b"{{") {
        let Some(close) = find_pair(&rest[open..], b"}}") else {
            break;
        };
        let inner = rest[open + 2..open + close].trim();
        let value = lookup(inner).ok_or_else(|| inner.to_string())?;
        out.push_str(&rest[..open]);
        out.push_str(&value);
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// One engagement's parameter values: its own settings over the packs' values (the
/// declarations' defaults, then the packs' settings), which every engagement on the same
/// packs shares and none copies.
#[derive(Clone, Copy, Debug)]
pub struct Values<'v> {
    /// The packs' values.
    pub packs: &'v ParamValues,
    /// The engagement's own settings.
    pub own: &'v ParamValues,
}

impl<'v> Values<'v> {
    /// The value of parameter `name`: the engagement's, else the packs'.
    pub fn get(&self, name: &str) -> Option<&'v Located<ParamValue>> {
        self.own.get(name).or_else(|| self.packs.get(name))
    }

    /// Every parameter's value, in the order of their names: the engagement's where it
    /// set one, else the packs'.
    pub fn iter(&self) -> impl Iterator<Item = (&'v String, &'v Located<ParamValue>)> + 'v {
        let mut own = self.own.iter().peekable();
        let mut packs = self.packs.iter().peekable();
        std::iter::from_fn(move || {
            let order = match (own.peek(), packs.peek()) {
                (Some((mine, _)), Some((theirs, _))) => mine.cmp(theirs),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, _) => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => own.next(),
                std::cmp::Ordering::Equal => packs.next().and(own.next()),
                std::cmp::Ordering::Greater => packs.next(),
            }
        })
    }
}

/// The value of placeholder `params.NAME` as text; `None` for another placeholder or a
/// parameter without a value.
pub fn param_text(values: Values, inner: &str) -> Option<String> {
    let name = inner.strip_prefix("params.")?;
    values.get(name).map(|v| v.value.to_string())
}

/// The names inside a text's `{{ ... }}`, as written (`params.X`, `tooling.X`), found as
/// they are asked for (most texts hold none, and the few that do are read once).
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let open = find_pair(rest, b"{{")?;
        let close = find_pair(&rest[open..], b"}}")?;
        let name = rest[open + 2..open + close].trim();
        rest = &rest[open + close + 2..];
        Some(name)
    })
}

/// Whether `text` opens a placeholder (`{{`): most pack texts do not, and are then the same
/// for every engagement.
pub fn has_placeholder(text: &str) -> bool {
    find_pair(text, b"{{").is_some()
}

/// Where the two bytes `pair` first stand in `text`. Every text of every pack is searched
/// for placeholders at each build, and most hold none: a search for the first byte
/// (`memchr`) passes over them faster than a search for the two.
fn find_pair(text: &str, pair: &[u8; 2]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(pair[0], &bytes[from..]) {
        let at = from + found;
        if bytes.get(at + 1) == Some(&pair[1]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The names a text refers to with `{{ params.NAME }}` (and any `{{ NAME }}` that is
/// neither a parameter nor a tool, as written).
pub fn references(text: &str) -> impl Iterator<Item = &str> {
    placeholders(text)
        .filter(|p| !p.starts_with(TOOLING))
        .map(|p| p.strip_prefix("params.").unwrap_or(p))
}

/// The names a text refers to with `{{ tooling.NAME }}`.
pub fn tool_references(text: &str) -> impl Iterator<Item = &str> {
    placeholders(text).filter_map(|p| p.strip_prefix(TOOLING))
}

/// The prefix of a tool placeholder.
const TOOLING: &str = "tooling.";

/// A value whose decoding waits until its declaration is known: the value's own tree.
#[derive(Clone, Debug)]
pub struct RawValue(pub Tree);

impl Decode for RawValue {
    fn decode(node: &Node, _cx: &mut Cx) -> Option<RawValue> {
        Some(RawValue(node.to_tree()))
    }
}

impl RawValue {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::source::{Loc, Source};

    #[test]
    fn an_engagements_values_are_its_own_over_the_packs_in_name_order() {
        let source = Source::new("p.yaml", "");
        let map = |pairs: &[(&str, i64)]| -> ParamValues {
            let at = Loc::file_start(&source);
            let value = |n: i64| Located::new(ParamValue::Integer(n), at.clone());
            pairs
                .iter()
                .map(|(k, n)| (k.to_string(), value(*n)))
                .collect()
        };
        let packs = map(&[("b", 1), ("d", 2), ("f", 3)]);
        for own in [
            map(&[]),
            map(&[("a", 10), ("d", 20), ("g", 30)]),
            map(&[("b", 10), ("c", 20), ("d", 30), ("e", 40), ("f", 50)]),
        ] {
            let values = Values {
                packs: &packs,
                own: &own,
            };
            let mut merged = packs.clone();
            merged.extend(own.clone());
            let pairs = |it: &mut dyn Iterator<Item = (&String, &Located<ParamValue>)>| {
                it.map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(pairs(&mut values.iter()), pairs(&mut merged.iter()));
            for name in ["a", "b", "c", "d", "e", "f", "g", "h"] {
                let value = |v: Option<&Located<ParamValue>>| v.map(|v| v.value.clone());
                assert_eq!(value(values.get(name)), value(merged.get(name)));
            }
        }
    }

    #[test]
    fn interpolation_replaces_known_names_and_reports_unknown_ones() {
        let source = Source::new("p.yaml", "");
        let mut values = ParamValues::new();
        values.insert(
            "sla-days".into(),
            Located::new(ParamValue::Integer(7), Loc::file_start(&source)),
        );
        values.insert(
            "window".into(),
            Located::new(ParamValue::Hours(48), Loc::file_start(&source)),
        );
        let text = "Patch within {{ params.sla-days }} days, {{params.window}} window";
        let none = ParamValues::new();
        let values = Values {
            packs: &values,
            own: &none,
        };
        assert_eq!(
            fill(text, |inner| param_text(values, inner)).unwrap(),
            "Patch within 7 days, 2 days window"
        );
        assert_eq!(
            fill("{{ params.nope }}", |inner| param_text(values, inner)).unwrap_err(),
            "params.nope"
        );
        assert_eq!(references(text).collect::<Vec<_>>(), ["sla-days", "window"]);
    }

    /// The names inside `{{ ... }}` as a search for the two-character strings finds them.
    fn placeholders_by_str_find(text: &str) -> Vec<&str> {
        let mut names = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}") else {
                break;
            };
            names.push(rest[open + 2..open + close].trim());
            rest = &rest[open + close + 2..];
        }
        names
    }

    proptest::proptest! {
        #[test]
        fn placeholders_are_found_as_a_search_for_both_braces_finds_them(
            text in "[{} aé.}{]{0,40}"
        ) {
            proptest::prop_assert_eq!(placeholders(&text).collect::<Vec<_>>(), placeholders_by_str_find(&text));
            proptest::prop_assert_eq!(has_placeholder(&text), text.contains("{{"));
        }
    }

    #[test]
    fn placeholders_next_to_stray_braces() {
        let cases: [(&str, &[&str]); 6] = [
            ("{ {a}} {{ b }}", &["b"]),
            ("{{{ c }}}", &["{ c"]),
            ("}}{{d}}{", &["d"]),
            ("é{{ e }}é{{", &["e"]),
            ("{{ f }", &[]),
            ("{", &[]),
        ];
        for (text, names) in cases {
            assert_eq!(placeholders(text).collect::<Vec<_>>(), names, "{text}");
        }
    }
}
