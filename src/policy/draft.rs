//! The mistakes of a first draft of an engagement file, found once its controls are
//! decided: nobody named, a side with nobody, dates that leave no engagement, roles that
//! applicable controls need and nobody fills, waivers of controls that do not apply. Each
//! is located at the field to change; `validate`, `build` and `review` report them
//! (docs/formats.md says which are errors: an error stops the command).

use crate::diag::{Diagnostic, Diagnostics};
use crate::input::engagement::Engagement;
use crate::input::vocab::Side;
use crate::policy::resolve::Packs;
use crate::policy::select::Decision;

/// Reports the first-draft mistakes of `engagement` into `diags`; `unfilled` is what
/// [`unfilled_roles`] finds for it.
pub fn check(
    engagement: &Engagement,
    decisions: &[Decision],
    unfilled: &[(String, Vec<String>)],
    diags: &mut Diagnostics,
) {
    let people = &engagement.people;
    if people.value.is_empty() {
        diags.push(
            Diagnostic::error(&people.at, "the engagement names no people")
                .with_help("list everyone involved under `people:`, each with `name`, `side` (`client` or `vendor`) and the `roles` they fill"),
        );
    } else {
        for side in [Side::Client, Side::Vendor] {
            if !people.value.iter().any(|p| p.side.value == side) {
                diags.push(
                    Diagnostic::warning(
                        &people.at,
                        format!("no person of the engagement is on the {side} side"),
                    )
                    .with_help(format!(
                        "add the {side}'s people under `people:` with `side: {side}`"
                    )),
                );
            }
        }
    }
    let (starts, ends) = (engagement.starts.value, engagement.ends.value);
    if ends < starts {
        diags.push(
            Diagnostic::warning(
                &engagement.ends.at,
                format!("the engagement ends on {ends}, before it starts on {starts}"),
            )
            .with_help("`ends` is the engagement's last day: correct `starts` or `ends`"),
        );
    } else if ends == starts {
        diags.push(
            Diagnostic::warning(
                &engagement.ends.at,
                format!("the engagement starts and ends on {ends}: it has no length"),
            )
            .with_help("`ends` is the engagement's last day: set it to the contract's end"),
        );
    }
    if !people.value.is_empty() {
        for (role, controls) in unfilled {
            diags.push(
                Diagnostic::warning(&people.at, unfilled_message(role, controls)).with_help(
                    "give the role to a person (their `roles:` list), or override the controls' owner or RACI in an organisation pack",
                ),
            );
        }
    }
    for waiver in &engagement.waivers {
        let id = &waiver.control.value;
        let Some(d) = decisions.iter().find(|d| d.control.control.id.value == *id) else {
            continue;
        };
        let why = match &d.control.disabled {
            Some(_) => "a pack disables it".to_string(),
            None if !d.applies() => d.verdict().reason,
            None => continue,
        };
        diags.push(
            Diagnostic::warning(
                &waiver.control.at,
                format!("the waiver names `{id}`, which does not apply to this engagement ({why})"),
            )
            .with_help("remove the waiver: a control that does not apply needs no exception"),
        );
    }
}

/// Each role an applicable control names (as its owner or in its RACI) that no person of
/// the engagement fills, with the ids of the controls that need it, in control order.
/// `decisions` are those of `packs`' controls, in their order; whether a role is filled is
/// asked of the people once for each role text the packs name ([`Packs::control_roles`]).
pub fn unfilled_roles(
    engagement: &Engagement,
    packs: &Packs,
    decisions: &[Decision],
) -> Vec<(String, Vec<String>)> {
    let roles = packs.control_roles();
    debug_assert_eq!(roles.controls(), decisions.len());
    let unfilled: Vec<bool> = (roles.texts.iter())
        .map(|role| engagement.people_in_role(role).next().is_none())
        .collect();
    // Where each role stands in `out`, once it is there.
    let mut at: Vec<Option<usize>> = vec![None; roles.texts.len()];
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (i, d) in decisions.iter().enumerate().filter(|(_, d)| d.applies()) {
        let id = &d.control.control.id.value;
        for &role in roles.of_control(i).iter().filter(|&&role| unfilled[role]) {
            let index = *at[role].get_or_insert_with(|| {
                out.push((roles.texts[role].clone(), Vec::new()));
                out.len() - 1
            });
            let controls = &mut out[index].1;
            if !controls.contains(id) {
                controls.push(id.clone());
            }
        }
    }
    out
}

/// One sentence for an unfilled role and the controls that need it.
pub fn unfilled_message(role: &str, controls: &[String]) -> String {
    const SHOWN: usize = 6;
    let mut list = controls
        .iter()
        .take(SHOWN)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if controls.len() > SHOWN {
        list.push_str(&format!(" and {} more", controls.len() - SHOWN));
    }
    let count = match controls.len() {
        1 => "1 applicable control needs".to_string(),
        n => format!("{n} applicable controls need"),
    };
    format!("no person of the engagement fills `{role}`, which {count} ({list})")
}
