//! The reference page of the built-in packs (`docs/builtin-packs.md`): every pack with its
//! parameters, controls and metrics, generated from the packs themselves so that it cannot
//! drift; `charter list pack-reference` prints it.

use std::fmt::Display;

use crate::input::params::{ParamDecl, ParamValue};
use crate::input::when::{Condition, Matcher, Ordered, SetMatch};
use crate::pack::{Control, Metric, Pack, catalog};

/// The reference page of `packs`, as Markdown.
pub fn markdown(packs: &[Pack]) -> String {
    let mut out = String::from(HEADER);
    out.push_str("| Pack | Version | Requires | Controls | Metrics | Runbooks |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    for pack in packs {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} | {3} | {4} | {5} |\n",
            pack.name.value,
            pack.version.value,
            requires(pack),
            pack.controls.len(),
            pack.metrics.len(),
            pack.runbooks.len()
        ));
    }
    for pack in packs {
        out.push_str(&pack_section(pack));
    }
    out
}

const HEADER: &str = "# Built-in packs

<!-- Generated from policies/*.yaml by `charter list pack-reference`; do not edit.
     After changing a pack, run `CHARTER_BLESS=1 cargo test`. -->

charter embeds these packs. Name them in an engagement's `packs` as `builtin:NAME`;
`builtin:standard` brings in all of them. Every control and metric applies only when its
`when` holds for the engagement (\"always\" when it has none), so one list serves every
engagement model and stage. Texts show `{{ params.NAME }}` where a parameter's value is
filled in; the parameter tables give the defaults, which packs and engagements can change.

";

fn requires(pack: &Pack) -> String {
    if pack.requires.is_empty() {
        return "none".into();
    }
    let names: Vec<String> = pack
        .requires
        .iter()
        .map(|r| format!("`{}`", r.value))
        .collect();
    names.join(", ")
}

fn pack_section(pack: &Pack) -> String {
    let mut out = format!("\n## {}\n\n", pack.name.value);
    out.push_str(&format!(
        "**{}** (version {}). {}\n",
        cell(&pack.title),
        pack.version.value,
        cell(&pack.description)
    ));
    if !pack.requires.is_empty() {
        out.push_str(&format!("\nRequires {}.\n", requires(pack)));
    }
    if !pack.roles.0.is_empty() {
        out.push_str("\n### Roles\n\n| Role | Responsibility |\n| --- | --- |\n");
        for (id, description) in &pack.roles.0 {
            out.push_str(&format!("| `{}` | {} |\n", id.value, cell(description)));
        }
    }
    if !pack.parameters.is_empty() {
        out.push_str("\n### Parameters\n\n| Parameter | Type | Default | Bounds | Meaning |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        pack.parameters
            .iter()
            .for_each(|p| out.push_str(&param_row(p)));
    }
    if !pack.controls.is_empty() {
        out.push_str("\n### Controls\n\n| Id | Title | Severity | Phase | When |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        pack.controls
            .iter()
            .for_each(|c| out.push_str(&control_row(c)));
    }
    out.push_str(&mappings_section(pack));
    if !pack.metrics.is_empty() {
        out.push_str("\n### Metrics\n\n| Id | Kind | Title | Target | Review | When |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        pack.metrics
            .iter()
            .for_each(|m| out.push_str(&metric_row(m)));
    }
    if !pack.runbooks.is_empty() {
        out.push_str("\n### Runbooks\n\n| Id | Title | When |\n| --- | --- | --- |\n");
        for r in &pack.runbooks {
            let when = when_text(r.when.as_ref().map(|w| &w.value));
            out.push_str(&format!(
                "| `{}` | {} | {when} |\n",
                r.id.value,
                cell(&r.title)
            ));
        }
    }
    out
}

/// Every framework identifier the pack's controls map, with its title from the catalogs
/// and why the control meets it, so a reader can judge each mapping without opening the
/// framework.
fn mappings_section(pack: &Pack) -> String {
    let mut rows = String::new();
    for c in &pack.controls {
        for (framework, ids) in &c.mappings.value.0 {
            let known = catalog::framework(&framework.value);
            for id in ids {
                let title = known.and_then(|fw| catalog::title(fw, &id.value));
                let why = catalog::reviewed(&c.id.value, &framework.value, &id.value);
                rows.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    c.id.value,
                    framework.value,
                    id.value,
                    cell(title.unwrap_or_default()),
                    cell(why.unwrap_or_default())
                ));
            }
        }
    }
    if rows.is_empty() {
        return rows;
    }
    format!(
        "\n### Mappings\n\nEach identifier with its title from `catalogs/` and, from `catalogs/reviewed-mappings.tsv`, why the control meets it.\n\n| Control | Framework | Identifier | Title | Why it fits |\n| --- | --- | --- | --- | --- |\n{rows}"
    )
}

fn param_row(p: &ParamDecl) -> String {
    let bounds = match (&p.min, &p.max) {
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) if !p.values.is_empty() => p.values.join(", "),
        (None, None) => String::new(),
    };
    format!(
        "| `{}` | {} | {} | {} | {} |\n",
        p.name.value,
        p.ty,
        value(&p.default.value),
        cell(&bounds),
        cell(&p.description)
    )
}

fn value(v: &ParamValue) -> String {
    cell(&v.to_string())
}

fn control_row(c: &Control) -> String {
    let when = when_text(c.when.as_ref().map(|w| &w.value));
    format!(
        "| `{}` | {} | {} | {} | {when} |\n",
        c.id.value,
        cell(&c.title.value),
        c.severity.value,
        c.phase.value
    )
}

fn metric_row(m: &Metric) -> String {
    let when = when_text(m.when.as_ref().map(|w| &w.value));
    format!(
        "| `{}` | {} | {} | {} | {} | {when} |\n",
        m.id.value,
        m.kind.value,
        cell(&m.title.value),
        cell(&m.target.value),
        m.review.value.title()
    )
}

/// Table-cell text: one line, pipes escaped.
fn cell(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").replace('|', "\\|")
}

fn when_text(when: Option<&Condition>) -> String {
    when.map_or_else(|| "always".into(), describe)
}

/// A condition in words: "model is pod and production access".
fn describe(condition: &Condition) -> String {
    match condition {
        Condition::Match(matcher, _) => matcher_text(matcher),
        Condition::All(parts, _) => join(parts, " and "),
        Condition::Any(parts, _) => format!("({})", join(parts, " or ")),
        Condition::Not(inner, _) => format!("not ({})", describe(inner)),
    }
}

fn join(parts: &[Condition], sep: &str) -> String {
    let texts: Vec<String> = parts.iter().map(describe).collect();
    texts.join(sep)
}

fn matcher_text(matcher: &Matcher) -> String {
    match matcher {
        Matcher::Model(models) => format!("model {}", is_one_of(models)),
        Matcher::Stage(stages) => format!("stage {}", is_one_of(stages)),
        Matcher::Classification(o) => ordered("data classification", o),
        Matcher::Regulations(s) => set("regulations", s),
        Matcher::DataCategories(s) => set("personal-data categories", s),
        Matcher::Environments(s) => set("environments", s),
        Matcher::Repositories(s) => set("repositories", s),
        Matcher::ProductionAccess(true) => "production access".into(),
        Matcher::ProductionAccess(false) => "no production access".into(),
        Matcher::TeamSize(o) => ordered("team size", o),
        Matcher::VendorPeople(o) => ordered("vendor people", o),
    }
}

/// `is x` for one value, `in [x, y]` for several.
fn is_one_of<T: Display>(values: &[T]) -> String {
    match values {
        [one] => format!("is {one}"),
        _ => format!("in [{}]", list(values)),
    }
}

fn list<T: Display>(values: &[T]) -> String {
    let words: Vec<String> = values.iter().map(ToString::to_string).collect();
    words.join(", ")
}

fn ordered<T: Display>(what: &str, o: &Ordered<T>) -> String {
    let mut parts = Vec::new();
    if !o.one_of.is_empty() {
        parts.push(format!("{what} {}", is_one_of(&o.one_of)));
    }
    if let Some(min) = &o.at_least {
        parts.push(format!("{what} at least {min}"));
    }
    if let Some(max) = &o.at_most {
        parts.push(format!("{what} at most {max}"));
    }
    parts.join(" and ")
}

fn set<T: Display>(what: &str, s: &SetMatch<T>) -> String {
    let mut parts = Vec::new();
    if !s.any_of.is_empty() {
        parts.push(match s.any_of.as_slice() {
            [one] => format!("{what} include {one}"),
            many => format!("{what} include one of [{}]", list(many)),
        });
    }
    if !s.all_of.is_empty() {
        parts.push(format!("{what} include all of [{}]", list(&s.all_of)));
    }
    if !s.none_of.is_empty() {
        parts.push(format!("{what} include none of [{}]", list(&s.none_of)));
    }
    match s.empty {
        Some(true) => parts.push(format!("no {what}")),
        Some(false) => parts.push(format!("some {what}")),
        None => {}
    }
    parts.join(" and ")
}
