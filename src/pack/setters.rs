//! The small pieces every patch shares: the fields a patch set (with where each is
//! written), setting a field from a patch, and the form of step ids and step targets.

use crate::diag::Diagnostic;
use crate::diag::source::{Loc, Located};
use crate::input::decode::Cx;

/// Where each field a patch sets is written, by field name.
pub type FieldsSet = Vec<(&'static str, Loc)>;

/// Sets `slot` to `value` when the patch has one, noting the field.
pub(crate) fn put<T: Clone>(
    set: &mut FieldsSet,
    name: &'static str,
    slot: &mut Located<T>,
    value: &Option<Located<T>>,
) {
    if let Some(value) = value {
        *slot = value.clone();
        set.push((name, value.at.clone()));
    }
}

/// Sets an optional `slot` to `value` when the patch has one, noting the field.
pub(crate) fn put_some<T: Clone>(
    set: &mut FieldsSet,
    name: &'static str,
    slot: &mut Option<Located<T>>,
    value: &Option<Located<T>>,
) {
    if let Some(value) = value {
        *slot = Some(value.clone());
        set.push((name, value.at.clone()));
    }
}

/// A step target is `RUNBOOK/STEP`: a runbook id and a step id.
pub(crate) fn check_step_target(id: Located<String>, cx: &mut Cx) -> Option<Located<String>> {
    let well_formed = id
        .value
        .split_once('/')
        .is_some_and(|(runbook, step)| !runbook.is_empty() && is_step_id(step));
    if well_formed {
        return Some(id);
    }
    let message = format!("`{}` does not name a runbook step", id.value);
    let help =
        "write the runbook's id, a slash and the step's id, e.g. `RB-INCIDENT/open-incident`";
    cx.fail(Diagnostic::error(&id.at, message).with_help(help))
}

/// Step ids are lowercase words joined by hyphens: `open-incident`.
pub(crate) fn is_step_id(id: &str) -> bool {
    crate::input::engagement::is_safe_id(id)
}
