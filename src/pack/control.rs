//! Controls: the checklist items, the patches later layers apply to them, and disables.

use crate::diag::Diagnostic;
use crate::diag::source::{Loc, Located};
use crate::input::decode::{Cx, Decode, Entries, Fields, Text};
use crate::input::vocab::{Category, ChecklistDoc, Phase, Severity};
use crate::input::when::Condition;
use crate::input::yaml::Node;
use crate::pack::catalog::Mappings;
use crate::pack::setters::{FieldsSet, put, put_some};

/// One control: a requirement that becomes one checklist item.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Control {
    /// Where the control is written.
    #[schemars(skip)]
    #[allow(
        dead_code,
        reason = "decoded and checked as part of the format; no document shows it yet"
    )]
    pub at: Loc,
    /// Stable id, e.g. `CON-NDA`.
    pub id: Located<String>,
    /// One-line requirement.
    pub title: Located<Text>,
    /// What exactly must be done.
    pub description: Located<Text>,
    /// Compliance checklist group.
    pub category: Located<Category>,
    /// Documents that list the control.
    pub documents: Located<Vec<ChecklistDoc>>,
    /// When it is done.
    pub phase: Located<Phase>,
    /// Days after `starts` (or after `ends` for offboarding) it is due; may be negative.
    pub due_days: Located<i64>,
    /// Role that owns it.
    pub owner: Located<Text>,
    /// RACI of the control.
    pub raci: Located<Raci>,
    /// When it applies; always when absent.
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
    /// What an auditor can check.
    pub evidence: Located<Text>,
    /// How bad it is to miss.
    pub severity: Located<Severity>,
    /// Framework identifiers it satisfies.
    #[schemars(with = "Option<Entries<Vec<String>>>")]
    pub mappings: Located<Mappings>,
    /// Whom it applies to one by one: `vendor` or `client` (every person on that side) or
    /// a role (every holder); one item per person. Once for the engagement when absent.
    #[schemars(default)]
    pub per: Option<Located<Text>>,
    /// How often it recurs (`14d`, `2w`, `weekly`, `monthly`, `quarterly`, `yearly`, or
    /// `{{ params.X }}d`); one item per occurrence from its due date to the engagement's end.
    #[schemars(default)]
    pub every: Option<Located<String>>,
    /// Whether a ticked item needs evidence (a link or path in its notes); by default only
    /// a `critical` control's does.
    #[schemars(default)]
    pub evidence_required: Option<Located<bool>>,
}

/// Fields of a control, every one optional: the shape of a control and of an override.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ControlPatch {
    /// Where the patch is written.
    #[schemars(skip)]
    pub at: Loc,
    /// The control's id.
    pub id: Located<String>,
    /// See [`Control`].
    #[schemars(default)]
    pub title: Option<Located<Text>>,
    /// See [`Control`].
    #[schemars(default)]
    pub description: Option<Located<Text>>,
    /// See [`Control`].
    #[schemars(default)]
    pub category: Option<Located<Category>>,
    /// See [`Control`].
    #[schemars(default)]
    pub documents: Option<Located<Vec<ChecklistDoc>>>,
    /// See [`Control`].
    #[schemars(default)]
    pub phase: Option<Located<Phase>>,
    /// See [`Control`].
    #[schemars(default)]
    pub due_days: Option<Located<i64>>,
    /// See [`Control`].
    #[schemars(default)]
    pub owner: Option<Located<Text>>,
    /// See [`Control`].
    #[schemars(default)]
    pub raci: Option<Located<Raci>>,
    /// See [`Control`].
    #[schemars(default)]
    pub when: Option<Located<Condition>>,
    /// See [`Control`].
    #[schemars(default)]
    pub evidence: Option<Located<Text>>,
    /// See [`Control`].
    #[schemars(default)]
    pub severity: Option<Located<Severity>>,
    /// See [`Control`].
    #[schemars(default, with = "Option<Entries<Vec<String>>>")]
    pub mappings: Option<Located<Mappings>>,
    /// See [`Control`].
    #[schemars(default)]
    pub per: Option<Located<Text>>,
    /// See [`Control`].
    #[schemars(default)]
    pub every: Option<Located<String>>,
    /// See [`Control`].
    #[schemars(default)]
    pub evidence_required: Option<Located<bool>>,
}

/// Farthest a due date may be from the engagement's start, in days (either way).
pub const MAX_DUE_DAYS: i64 = 3660;

/// `due-days` within [`MAX_DUE_DAYS`], so due dates are always real dates.
fn check_due_days(days: Located<i64>, cx: &mut Cx) -> Option<Located<i64>> {
    if days.value.unsigned_abs() <= MAX_DUE_DAYS.unsigned_abs() {
        return Some(days);
    }
    let message = format!(
        "`due-days: {}` is out of range: a control is due at most {MAX_DUE_DAYS} days (about ten years) before or after the start",
        days.value
    );
    cx.fail(
        Diagnostic::error(&days.at, message)
            .with_label("out of range")
            .with_help(format!(
                "choose a value from -{MAX_DUE_DAYS} to {MAX_DUE_DAYS}"
            )),
    )
}

impl Decode for ControlPatch {
    fn decode(node: &Node, cx: &mut Cx) -> Option<ControlPatch> {
        ControlPatch::decode_keyed(node, "id", cx)
    }
}

impl ControlPatch {
    /// Decodes a control's fields, its id under `key` (`id`, or `control` in an override).
    pub fn decode_keyed(node: &Node, key: &'static str, cx: &mut Cx) -> Option<ControlPatch> {
        let mut f = Fields::of(node, "a control", cx)?;
        let id = f.required(key, cx).and_then(|id| check_control_id(id, cx));
        let patch = ControlPatch {
            at: cx.loc(node),
            id: Located::new(String::new(), cx.loc(node)),
            title: f.optional("title", cx),
            description: f.optional("description", cx),
            category: f.optional("category", cx),
            documents: f.optional("documents", cx),
            phase: f.optional("phase", cx),
            due_days: f
                .optional("due-days", cx)
                .and_then(|d| check_due_days(d, cx)),
            owner: f.optional("owner", cx),
            raci: f.optional("raci", cx),
            when: f.optional("when", cx),
            evidence: f.optional("evidence", cx),
            severity: f.optional("severity", cx),
            mappings: f.optional("mappings", cx),
            per: f.optional("per", cx),
            every: f.optional("every", cx).and_then(|e| check_cadence(e, cx)),
            evidence_required: f.optional("evidence-required", cx),
        };
        f.finish(cx);
        if let Some(mappings) = &patch.mappings {
            crate::pack::catalog::check_mappings(&mappings.value, cx.diags);
        }
        Some(ControlPatch { id: id?, ..patch })
    }
}

impl Decode for Control {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Control> {
        let p = ControlPatch::decode(node, cx)?;
        let at = p.at.clone();
        let id = p.id.value.clone();
        let mut need = |field: &str| {
            if crate::input::decode::keys(node).iter().any(|k| k == field) {
                return; // present but invalid: already reported
            }
            let message = format!("missing field `{field}` in control `{id}`");
            let help = "`charter docs formats` lists every field of a control";
            cx.diags
                .push(Diagnostic::error(&at, message).with_help(help));
        };
        macro_rules! take {
            ($field:ident, $name:literal) => {
                match p.$field {
                    Some(v) => Some(v),
                    None => {
                        need($name);
                        None
                    }
                }
            };
        }
        let title = take!(title, "title");
        let description = take!(description, "description");
        let category = take!(category, "category");
        let documents = take!(documents, "documents");
        let phase = take!(phase, "phase");
        let due_days = take!(due_days, "due-days");
        let owner = take!(owner, "owner");
        let raci = take!(raci, "raci");
        let evidence = take!(evidence, "evidence");
        let severity = take!(severity, "severity");
        let mappings = p
            .mappings
            .unwrap_or_else(|| Located::new(Entries::default(), p.at.clone()));
        Some(Control {
            at: p.at,
            id: p.id,
            title: title?,
            description: description?,
            category: category?,
            documents: documents?,
            phase: phase?,
            due_days: due_days?,
            owner: owner?,
            raci: raci?,
            when: p.when,
            evidence: evidence?,
            severity: severity?,
            mappings,
            per: p.per,
            every: p.every,
            evidence_required: p.evidence_required,
        })
    }
}

impl Control {
    /// Whether a ticked item of the control needs evidence in its notes: as the pack says,
    /// else when the control is critical.
    pub fn needs_evidence(&self) -> bool {
        self.evidence_required
            .as_ref()
            .map_or(self.severity.value == Severity::Critical, |r| r.value)
    }
}

/// How often a recurring control comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    /// Every so many days.
    Days(i64),
    /// Every so many calendar months (same day of the month, or its last day).
    Months(i64),
}

/// Most days or months between two occurrences.
const MAX_CADENCE: i64 = 3660;

impl Cadence {
    /// `14d`, `2w`, `3m`, `1y`, `daily`, `weekly`, `fortnightly`, `monthly`, `quarterly`,
    /// `yearly`; `None` for anything else, a zero or a count too large.
    pub fn parse(text: &str) -> Option<Cadence> {
        let text = text.trim();
        let named = match text {
            "daily" => Some(Cadence::Days(1)),
            "weekly" => Some(Cadence::Days(7)),
            "fortnightly" => Some(Cadence::Days(14)),
            "monthly" => Some(Cadence::Months(1)),
            "quarterly" => Some(Cadence::Months(3)),
            "yearly" | "annually" => Some(Cadence::Months(12)),
            _ => None,
        };
        if named.is_some() {
            return named;
        }
        let unit = text.chars().last()?;
        let count: i64 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
        if !(1..=MAX_CADENCE).contains(&count) {
            return None;
        }
        match unit {
            'd' => Some(Cadence::Days(count)),
            'w' => Some(Cadence::Days(count * 7)),
            'm' => Some(Cadence::Months(count)),
            'y' => Some(Cadence::Months(count * 12)),
            _ => None,
        }
    }
}

/// `every` is a cadence, or one with parameters that the engagement's values complete.
fn check_cadence(every: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    if crate::input::params::has_placeholder(&every.value) || Cadence::parse(&every.value).is_some()
    {
        return Some(every);
    }
    let message = format!("`every: {}` is not a cadence", every.value);
    let help = "write `14d`, `2w`, `3m`, `1y`, `weekly`, `monthly`, `quarterly`, `yearly` or `{{ params.X }}d`";
    cx.fail(Diagnostic::error(&every.at, message).with_help(help))
}

/// Control ids are uppercase words joined by hyphens: `CON-NDA`, `ACC-MFA`.
pub(crate) fn check_control_id(id: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    if is_upper_id(&id.value) {
        return Some(id);
    }
    let message = format!("`{}` is not a valid control id", id.value);
    let help = "use uppercase letters and digits joined by hyphens, e.g. `CON-NDA`";
    cx.fail(Diagnostic::error(&id.at, message).with_help(help))
}

impl ControlPatch {
    /// Applies the patch to `to`; the fields it set, with where each is written.
    pub fn apply(&self, to: &mut Control) -> FieldsSet {
        let mut set = Vec::new();
        let s = &mut set;
        put(s, "title", &mut to.title, &self.title);
        put(s, "description", &mut to.description, &self.description);
        put(s, "category", &mut to.category, &self.category);
        put(s, "documents", &mut to.documents, &self.documents);
        put(s, "phase", &mut to.phase, &self.phase);
        put(s, "due-days", &mut to.due_days, &self.due_days);
        put(s, "owner", &mut to.owner, &self.owner);
        put(s, "raci", &mut to.raci, &self.raci);
        put_some(s, "when", &mut to.when, &self.when);
        put(s, "evidence", &mut to.evidence, &self.evidence);
        put(s, "severity", &mut to.severity, &self.severity);
        put(s, "mappings", &mut to.mappings, &self.mappings);
        put_some(s, "per", &mut to.per, &self.per);
        put_some(s, "every", &mut to.every, &self.every);
        let required = &self.evidence_required;
        put_some(s, "evidence-required", &mut to.evidence_required, required);
        set
    }
}

/// Uppercase words of letters and digits joined by single hyphens, at most 48 bytes.
pub(crate) fn is_upper_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 48
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// Who is responsible, accountable, consulted and informed, by role.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Raci {
    /// Roles that do the work.
    pub responsible: Vec<Located<Text>>,
    /// The one role that answers for it.
    pub accountable: Located<Text>,
    /// Roles asked before.
    #[schemars(default)]
    pub consulted: Vec<Located<Text>>,
    /// Roles told after.
    #[schemars(default)]
    pub informed: Vec<Located<Text>>,
}

impl Decode for Raci {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Raci> {
        let mut f = Fields::of(node, "a RACI", cx)?;
        let responsible: Option<Vec<Located<Text>>> = f.required("responsible", cx);
        let accountable = f.required("accountable", cx);
        let consulted = f.optional("consulted", cx).unwrap_or_default();
        let informed = f.optional("informed", cx).unwrap_or_default();
        f.finish(cx);
        let responsible = responsible?;
        if responsible.is_empty() {
            let help = "name at least one role that does the work";
            return cx
                .fail(Diagnostic::error(&cx.loc(node), "`responsible` is empty").with_help(help));
        }
        Some(Raci {
            responsible,
            accountable: accountable?,
            consulted,
            informed,
        })
    }
}

impl Raci {
    /// Every role the RACI names, with its location.
    pub fn roles(&self) -> impl Iterator<Item = &Located<Text>> {
        self.responsible
            .iter()
            .chain(std::iter::once(&self.accountable))
            .chain(&self.consulted)
            .chain(&self.informed)
    }
}
