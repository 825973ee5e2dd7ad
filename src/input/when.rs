//! Applicability: the structured `when` of controls, runbooks and rules.
//!
//! A `when` is a mapping of field matchers on the engagement, all of which must hold,
//! combined with `all`, `any` and `not`. Decoding reports unknown matchers and values with
//! their location; evaluation is pure and says which clause decided the outcome, so
//! `explain` can show it.

use std::fmt::Display;

use crate::diag::Diagnostic;
use crate::diag::source::{Loc, Located};
use crate::input::decode::{Cx, Decode, Fields};
use crate::input::engagement::Engagement;
use crate::input::vocab::{Classification, DataCategory, Model, Regulation, Stage};
use crate::input::yaml::{Node, NodeKind};

/// A condition on the engagement.
#[derive(Clone, Debug)]
pub enum Condition {
    /// Every condition holds.
    All(Vec<Condition>, Loc),
    /// At least one condition holds.
    Any(Vec<Condition>, Loc),
    /// The condition does not hold.
    Not(Box<Condition>, Loc),
    /// One field matcher.
    Match(Matcher, Loc),
}

/// A matcher on one engagement field.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// The model is one of these.
    Model(Vec<Model>),
    /// The stage is one of these.
    Stage(Vec<Stage>),
    /// The data classification is within bounds.
    Classification(Ordered<Classification>),
    /// The regulations in scope.
    Regulations(SetMatch<Regulation>),
    /// The kinds of personal data the vendor can reach.
    DataCategories(SetMatch<DataCategory>),
    /// The environments the vendor can reach.
    Environments(SetMatch<String>),
    /// The repositories the vendor works in.
    Repositories(SetMatch<String>),
    /// Whether the vendor has production access.
    ProductionAccess(bool),
    /// Number of people on both sides.
    TeamSize(Ordered<i64>),
    /// Number of people on the vendor side.
    VendorPeople(Ordered<i64>),
}

/// Membership and bounds on an ordered value.
#[derive(Clone, Debug)]
pub struct Ordered<T> {
    /// The value is one of these (empty: any).
    pub one_of: Vec<T>,
    /// The value is at least this.
    pub at_least: Option<T>,
    /// The value is at most this.
    pub at_most: Option<T>,
}

/// Conditions on a set of values.
#[derive(Clone, Debug)]
pub struct SetMatch<T> {
    /// At least one of these is present.
    pub any_of: Vec<T>,
    /// All of these are present.
    pub all_of: Vec<T>,
    /// None of these is present.
    pub none_of: Vec<T>,
    /// The set is empty (`true`) or not (`false`).
    pub empty: Option<bool>,
}

/// The outcome of a condition, and the clause that decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Whether the condition holds.
    pub holds: bool,
    /// Why, in words.
    pub reason: String,
    /// The clause that decided it.
    pub at: Option<Loc>,
}

const MATCHERS: [&str; 13] = [
    "model",
    "stage",
    "data-classification",
    "regulations",
    "data-categories",
    "environments",
    "repositories",
    "production-access",
    "team-size",
    "vendor-people",
    "all",
    "any",
    "not",
];

impl Decode for Condition {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Condition> {
        let mut fields = Fields::of(node, "a `when` condition", cx)?;
        let mut parts = Vec::new();
        let mut ok = true;
        for key in MATCHERS {
            let Some((key_node, value)) = fields.raw_with_key(key) else {
                continue;
            };
            match decode_clause(key, &value, cx) {
                Some(part) => parts.push(with_loc(part, cx.loc(&key_node))),
                None => ok = false,
            }
        }
        let known = fields.finish(cx);
        if parts.is_empty() && ok && known {
            let help = format!("use one or more of: {}", MATCHERS.join(", "));
            return cx
                .fail(Diagnostic::error(&cx.loc(node), "empty `when` condition").with_help(help));
        }
        if !ok || !known {
            return None;
        }
        Some(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::All(parts, cx.loc(node))
        })
    }
}

/// Gives a clause the location of the key that introduced it.
fn with_loc(condition: Condition, at: Loc) -> Condition {
    match condition {
        Condition::Match(m, _) => Condition::Match(m, at),
        Condition::All(c, _) => Condition::All(c, at),
        Condition::Any(c, _) => Condition::Any(c, at),
        Condition::Not(c, _) => Condition::Not(c, at),
    }
}

fn decode_clause(key: &str, node: &Node, cx: &mut Cx) -> Option<Condition> {
    let at = cx.loc(node);
    let matcher = match key {
        "all" => return Some(Condition::All(Vec::<Condition>::decode(node, cx)?, at)),
        "any" => return Some(Condition::Any(Vec::<Condition>::decode(node, cx)?, at)),
        "not" => return Some(Condition::Not(Box::new(Condition::decode(node, cx)?), at)),
        "model" => Matcher::Model(one_or_many(node, cx)?),
        "stage" => Matcher::Stage(one_or_many(node, cx)?),
        "data-classification" => Matcher::Classification(Ordered::decode(node, cx)?),
        "regulations" => Matcher::Regulations(SetMatch::decode(node, cx)?),
        "data-categories" => Matcher::DataCategories(SetMatch::decode(node, cx)?),
        "environments" => Matcher::Environments(SetMatch::decode(node, cx)?),
        "repositories" => Matcher::Repositories(SetMatch::decode(node, cx)?),
        "production-access" => Matcher::ProductionAccess(bool::decode(node, cx)?),
        "team-size" => Matcher::TeamSize(Ordered::decode(node, cx)?),
        _ => Matcher::VendorPeople(Ordered::decode(node, cx)?),
    };
    Some(Condition::Match(matcher, at))
}

/// `x` or `[x, y]`.
fn one_or_many<T: Decode>(node: &Node, cx: &mut Cx) -> Option<Vec<T>> {
    match node.kind() {
        NodeKind::Seq(_) => Vec::<T>::decode(node, cx),
        _ => T::decode(node, cx).map(|v| vec![v]),
    }
}

impl<T: Decode> Decode for Ordered<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Ordered<T>> {
        if !matches!(node.kind(), NodeKind::Map(_)) {
            let one_of = one_or_many(node, cx)?;
            return Some(Ordered {
                one_of,
                at_least: None,
                at_most: None,
            });
        }
        let mut f = Fields::of(node, "a bounds matcher", cx)?;
        let one_of = f
            .raw("one-of")
            .map(|n| one_or_many(&n, cx))
            .unwrap_or(Some(Vec::new()));
        let at_least = f.optional("at-least", cx);
        let at_most = f.optional("at-most", cx);
        f.finish(cx);
        Some(Ordered {
            one_of: one_of?,
            at_least,
            at_most,
        })
    }
}

impl<T: Decode> Decode for SetMatch<T> {
    fn decode(node: &Node, cx: &mut Cx) -> Option<SetMatch<T>> {
        if matches!(node.kind(), NodeKind::Seq(_)) {
            let any_of = Vec::<T>::decode(node, cx)?;
            return Some(SetMatch {
                any_of,
                all_of: Vec::new(),
                none_of: Vec::new(),
                empty: None,
            });
        }
        let mut f = Fields::of(node, "a set matcher", cx)?;
        let any_of = f.optional("any-of", cx).unwrap_or_default();
        let all_of = f.optional("all-of", cx).unwrap_or_default();
        let none_of = f.optional("none-of", cx).unwrap_or_default();
        let empty = f.optional("empty", cx);
        f.finish(cx);
        Some(SetMatch {
            any_of,
            all_of,
            none_of,
            empty,
        })
    }
}

impl Condition {
    /// Whether the condition holds for the engagement; [`Condition::eval`] also says why.
    /// A build asks this of every control, activity, runbook and rule, so it writes no
    /// words.
    pub fn holds(&self, engagement: &Engagement) -> bool {
        match self {
            Condition::Match(matcher, _) => matcher.eval(engagement, Words::Skip).0,
            Condition::All(parts, _) => parts.iter().all(|c| c.holds(engagement)),
            Condition::Any(parts, _) => parts.iter().any(|c| c.holds(engagement)),
            Condition::Not(inner, _) => !inner.holds(engagement),
        }
    }

    /// Evaluates the condition against an engagement, with the clause that decided.
    pub fn eval(&self, engagement: &Engagement) -> Verdict {
        match self {
            Condition::Match(matcher, at) => {
                let (holds, reason) = matcher.eval(engagement, Words::Write);
                Verdict {
                    holds,
                    reason,
                    at: Some(at.clone()),
                }
            }
            Condition::All(parts, at) => {
                let verdicts: Vec<Verdict> = parts.iter().map(|c| c.eval(engagement)).collect();
                match verdicts.iter().find(|v| !v.holds) {
                    Some(failed) => failed.clone(),
                    None => combined(true, &verdicts, "all hold: ", at),
                }
            }
            Condition::Any(parts, at) => {
                let verdicts: Vec<Verdict> = parts.iter().map(|c| c.eval(engagement)).collect();
                match verdicts.iter().find(|v| v.holds) {
                    Some(held) => held.clone(),
                    None => combined(false, &verdicts, "none of `any` holds: ", at),
                }
            }
            Condition::Not(inner, at) => {
                let verdict = inner.eval(engagement);
                Verdict {
                    holds: !verdict.holds,
                    reason: format!("not ({})", verdict.reason),
                    at: Some(at.clone()),
                }
            }
        }
    }
}

fn combined(holds: bool, verdicts: &[Verdict], prefix: &str, at: &Loc) -> Verdict {
    let reasons: Vec<&str> = verdicts.iter().map(|v| v.reason.as_str()).collect();
    Verdict {
        holds,
        reason: format!("{prefix}{}", reasons.join("; ")),
        at: Some(at.clone()),
    }
}

/// Whether a matcher writes why it holds or not: one evaluation for both, so the truth a
/// build acts on and the reason `explain` prints cannot drift apart.
#[derive(Clone, Copy)]
enum Words {
    Write,
    Skip,
}

impl Words {
    /// `holds` with the reason `say` gives, or with no reason (no allocation).
    fn tell(self, holds: bool, say: impl FnOnce() -> String) -> (bool, String) {
        match self {
            Words::Write => (holds, say()),
            Words::Skip => (holds, String::new()),
        }
    }
}

impl Matcher {
    fn eval(&self, e: &Engagement, words: Words) -> (bool, String) {
        match self {
            Matcher::Model(models) => membership("model", &e.model.value, models, words),
            Matcher::Stage(stages) => membership("stage", &e.stage.value, stages, words),
            Matcher::Classification(o) => {
                o.eval("data classification", &e.data_classification.value, words)
            }
            Matcher::Regulations(s) => {
                let present: Vec<&Regulation> = e.regulations.iter().map(|r| &r.value).collect();
                s.eval("regulations", &present, words)
            }
            Matcher::DataCategories(s) => {
                let present: Vec<&DataCategory> =
                    e.data_categories.iter().map(|c| &c.value).collect();
                s.eval("personal-data categories", &present, words)
            }
            Matcher::Environments(s) => s.eval("environments", &values(&e.environments), words),
            Matcher::Repositories(s) => s.eval("repositories", &values(&e.repositories), words),
            Matcher::ProductionAccess(want) => {
                let has = e.production_access.value;
                words.tell(has == *want, || format!("production access is {has}"))
            }
            Matcher::TeamSize(o) => o.eval("team size", &(e.people.len() as i64), words),
            Matcher::VendorPeople(o) => o.eval("vendor people", &(e.vendor_people() as i64), words),
        }
    }
}

fn values(items: &[Located<String>]) -> Vec<&String> {
    items.iter().map(|i| &i.value).collect()
}

fn list<T: Display>(items: &[T]) -> String {
    let words: Vec<String> = items.iter().map(ToString::to_string).collect();
    format!("[{}]", words.join(", "))
}

fn membership<T: PartialEq + Display>(
    what: &str,
    value: &T,
    allowed: &[T],
    words: Words,
) -> (bool, String) {
    let holds = allowed.contains(value);
    words.tell(holds, || {
        let verb = if holds { "one of" } else { "not one of" };
        format!("{what} is {value}, {verb} {}", list(allowed))
    })
}

impl<T: PartialOrd + Display> Ordered<T> {
    fn eval(&self, what: &str, value: &T, words: Words) -> (bool, String) {
        let outside = !self.one_of.is_empty() && !self.one_of.contains(value);
        let below = self.at_least.as_ref().filter(|min| value < *min);
        let above = self.at_most.as_ref().filter(|max| value > *max);
        let holds = !outside && below.is_none() && above.is_none();
        words.tell(holds, || {
            if holds {
                return format!("{what} is {value}, {}", self.describe());
            }
            let mut failed = Vec::new();
            if outside {
                failed.push(format!("not one of {}", list(&self.one_of)));
            }
            if let Some(min) = below {
                failed.push(format!("below {min}"));
            }
            if let Some(max) = above {
                failed.push(format!("above {max}"));
            }
            format!("{what} is {value}, {}", failed.join(" and "))
        })
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.one_of.is_empty() {
            parts.push(format!("one of {}", list(&self.one_of)));
        }
        if let Some(min) = &self.at_least {
            parts.push(format!("at least {min}"));
        }
        if let Some(max) = &self.at_most {
            parts.push(format!("at most {max}"));
        }
        parts.join(" and ")
    }
}

impl<T: PartialEq + Display> SetMatch<T> {
    /// Checks the set `present`; the first clause that fails decides.
    fn eval(&self, what: &str, present: &[&T], words: Words) -> (bool, String) {
        let has = |v: &T| present.contains(&v);
        let shown = || list(present);
        if !self.any_of.is_empty() && !self.any_of.iter().any(has) {
            return words.tell(false, || {
                format!("{what} {} include none of {}", shown(), list(&self.any_of))
            });
        }
        if let Some(missing) = self.all_of.iter().find(|v| !has(v)) {
            return words.tell(false, || format!("{what} {} lack {missing}", shown()));
        }
        if let Some(found) = self.none_of.iter().find(|v| has(v)) {
            return words.tell(false, || format!("{what} {} include {found}", shown()));
        }
        if let Some(empty) = self.empty.filter(|e| *e != present.is_empty()) {
            let state = if empty { "are not empty" } else { "are empty" };
            return words.tell(false, || format!("{what} {} {state}", shown()));
        }
        words.tell(true, || format!("{what} {} match", shown()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::diag::source::Source;
    use crate::input::yaml;

    const ENGAGEMENT: &str = concat!(
        "id: t\nclient: C\nvendor: V\nproject: P\nmodel: pod\nstage: growth\n",
        "starts: 2027-01-04\nends: 2027-06-30\ndata-classification: confidential\n",
        "regulations: [gdpr, pci-dss]\nproduction-access: true\nenvironments: [staging, production]\n",
        "people:\n  - { name: A, side: client, roles: [x] }\n  - { name: B, side: vendor, roles: [y] }\n",
        "  - { name: C, side: vendor, roles: [y] }\npacks: []\n",
    );

    fn engagement() -> Engagement {
        let source = Source::new("e.yaml", ENGAGEMENT);
        let mut diags = Diagnostics::default();
        let node = yaml::parse(&source).unwrap();
        let engagement = Engagement::decode(
            &node.root(),
            &mut Cx {
                source: &source,
                diags: &mut diags,
            },
        );
        assert!(!diags.has_errors(), "{:?}", diags.items());
        engagement.unwrap()
    }

    fn decode(text: &str) -> Result<Condition, Vec<String>> {
        let source = Source::new("w.yaml", text);
        let mut diags = Diagnostics::default();
        let node = yaml::parse(&source).unwrap();
        let condition = Condition::decode(
            &node.root(),
            &mut Cx {
                source: &source,
                diags: &mut diags,
            },
        );
        match condition {
            Some(condition) if !diags.has_errors() => Ok(condition),
            _ => Err(diags.items().iter().map(|d| d.one_line()).collect()),
        }
    }

    /// Whether `text` holds, asked both ways: the build's `holds` and `explain`'s `eval`
    /// must agree on every condition.
    fn holds(text: &str) -> bool {
        let condition = decode(text).unwrap();
        let verdict = condition.eval(&engagement());
        assert_eq!(condition.holds(&engagement()), verdict.holds, "{text}");
        verdict.holds
    }

    #[test]
    fn field_matchers_compare_engagement_facts() {
        assert!(holds("model: pod"));
        assert!(holds("model: [freelancer, pod]"));
        assert!(!holds("stage: [mvp, pilot]"));
        assert!(holds("data-classification: { at-least: internal }"));
        assert!(!holds("data-classification: { at-most: internal }"));
        assert!(holds("regulations: { any-of: [hipaa, pci-dss] }"));
        assert!(!holds("regulations: { all-of: [gdpr, hipaa] }"));
        assert!(holds("environments: { any-of: [production] }"));
        assert!(holds("repositories: { empty: true }"));
        assert!(holds("production-access: true"));
        assert!(holds("team-size: { at-least: 3 }"));
        assert!(!holds("vendor-people: 1"));
    }

    #[test]
    fn all_any_and_not_combine_matchers() {
        assert!(holds("{ model: pod, stage: growth }"));
        assert!(!holds("{ model: pod, stage: mvp }"));
        assert!(holds("any: [{ model: freelancer }, { stage: growth }]"));
        assert!(holds("not: { model: freelancer }"));
        assert!(!holds(
            "all: [{ model: pod }, { not: { production-access: true } }]"
        ));
    }

    #[test]
    fn sets_and_bounds_decide_by_their_first_failing_clause() {
        assert!(!holds("regulations: { any-of: [hipaa] }"));
        assert!(!holds("regulations: { none-of: [gdpr] }"));
        assert!(holds(
            "regulations: { all-of: [gdpr, pci-dss], none-of: [hipaa] }"
        ));
        assert!(!holds("regulations: { empty: true }"));
        assert!(holds("data-categories: { empty: true }"));
        assert!(!holds("data-categories: { any-of: [health] }"));
        assert!(!holds("repositories: { empty: false }"));
        assert!(!holds("environments: { all-of: [dev] }"));
        assert!(holds("team-size: { one-of: [3, 4], at-most: 3 }"));
        assert!(!holds("team-size: { one-of: [3, 4], at-least: 4 }"));
        assert!(!holds("vendor-people: { at-most: 1 }"));
        assert!(holds(
            "any: [{ not: { model: pod } }, { all: [{ stage: growth }, { production-access: true }] }]"
        ));
        assert!(!holds("not: { any: [{ model: pod }, { stage: mvp }] }"));
        assert!(!holds("any: []") && holds("all: []"));
        let verdict = decode("team-size: { one-of: [4], at-least: 4, at-most: 2 }")
            .unwrap()
            .eval(&engagement());
        assert_eq!(
            verdict.reason,
            "team size is 3, not one of [4] and below 4 and above 2"
        );
        let verdict = decode("regulations: { all-of: [gdpr, hipaa] }")
            .unwrap()
            .eval(&engagement());
        assert_eq!(verdict.reason, "regulations [gdpr, pci-dss] lack hipaa");
    }

    #[test]
    fn the_deciding_clause_is_named() {
        let verdict = decode("{ model: pod, stage: [mvp, pilot] }")
            .unwrap()
            .eval(&engagement());
        assert!(!verdict.holds);
        assert_eq!(verdict.reason, "stage is growth, not one of [mvp, pilot]");
        assert_eq!(verdict.at.unwrap().to_string(), "w.yaml:1:15");
    }

    #[test]
    fn unknown_matchers_and_values_are_located_errors() {
        assert_eq!(
            decode("modle: pod").unwrap_err(),
            [
                "w.yaml:1:1: error: unknown field `modle` in a `when` condition (help: did you mean `model`?)"
            ]
        );
        assert_eq!(
            decode("regulations: { any-of: [gdrp] }").unwrap_err(),
            ["w.yaml:1:25: error: unknown regulation `gdrp` (help: did you mean `gdpr`?)"]
        );
    }
}
