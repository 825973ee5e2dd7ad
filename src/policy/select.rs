//! Selection: which controls, activities and runbooks apply to an engagement, and why.
//!
//! Pure: no I/O. Each control gets a [`Decision`] that `explain` can print: applies or not,
//! the clause that decided, and the waiver that covers it (active or expired).

use jiff::civil::Date;

use crate::diag::suggest;
use crate::diag::{Diagnostic, Diagnostics};
use crate::input::engagement::{Engagement, Waiver};
use crate::input::when::{Condition, Verdict};
use crate::policy::resolve::{Policy, ResolvedControl};

/// Whether a control is on the engagement's checklists; [`Decision::verdict`] says why.
#[derive(Debug)]
pub struct Decision<'p> {
    /// The control after all layers.
    pub control: &'p ResolvedControl,
    /// The engagement decided for.
    engagement: &'p Engagement,
    /// Whether it applies.
    holds: bool,
    /// A waiver naming the control, if any.
    pub waiver: Option<WaiverState<'p>>,
}

/// A waiver as of the build date.
#[derive(Clone, Copy, Debug)]
pub enum WaiverState<'p> {
    /// The waiver holds today.
    Active(&'p Waiver),
    /// The waiver's expiry has passed: the control is required again.
    Expired(&'p Waiver),
}

impl<'p> WaiverState<'p> {
    /// The waiver, active or expired.
    pub fn waiver(self) -> &'p Waiver {
        match self {
            WaiverState::Active(w) | WaiverState::Expired(w) => w,
        }
    }
}

impl Decision<'_> {
    /// Whether the control is on the checklists (waived controls are, marked waived).
    pub fn applies(&self) -> bool {
        self.holds
    }

    /// Whether the control applies and the clause that decided, in words: what `explain`
    /// prints. A build needs the words only for a waiver of a control that does not apply.
    pub fn verdict(&self) -> Verdict {
        let verdict = match (&self.control.disabled, &self.control.control.when) {
            (Some(disable), _) => Verdict {
                holds: false,
                reason: disable.reason.value.trim().to_string(),
                at: Some(disable.reason.at.clone()),
            },
            (None, Some(when)) => when.value.eval(self.engagement),
            (None, None) => Verdict {
                holds: true,
                reason: "applies to every engagement (no `when`)".into(),
                at: None,
            },
        };
        debug_assert_eq!(verdict.holds, self.holds);
        verdict
    }

    /// The waiver in force, if any.
    pub fn active_waiver(&self) -> Option<&Waiver> {
        match self.waiver {
            Some(WaiverState::Active(w)) => Some(w),
            _ => None,
        }
    }
}

/// Decides every control of the policy for the engagement, in policy order.
pub fn select<'p>(
    policy: &'p Policy,
    engagement: &'p Engagement,
    today: Date,
    diags: &mut Diagnostics,
) -> Vec<Decision<'p>> {
    check_waivers(policy, engagement, diags);
    policy
        .controls
        .iter()
        .map(|control| decide(control, engagement, today, diags))
        .collect()
}

fn decide<'p>(
    control: &'p ResolvedControl,
    engagement: &'p Engagement,
    today: Date,
    diags: &mut Diagnostics,
) -> Decision<'p> {
    let when = control.control.when.as_ref().map(|w| &w.value);
    let holds = control.disabled.is_none() && self::holds(when, engagement);
    let waiver = engagement
        .waivers
        .iter()
        .find(|w| w.control.value == control.control.id.value)
        .map(|w| waiver_state(w, today));
    if let (true, Some(WaiverState::Expired(w))) = (holds, waiver) {
        let message = format!(
            "the waiver for `{}` expired on {}; the control is required again",
            w.control.value, w.expires.value
        );
        diags.push(
            Diagnostic::warning(&w.at, message)
                .with_help("renew the waiver with a new expiry, or do the control"),
        );
    }
    Decision {
        control,
        engagement,
        holds,
        waiver,
    }
}

fn waiver_state(waiver: &Waiver, today: Date) -> WaiverState<'_> {
    if waiver.expires.value < today {
        WaiverState::Expired(waiver)
    } else {
        WaiverState::Active(waiver)
    }
}

fn check_waivers(policy: &Policy, engagement: &Engagement, diags: &mut Diagnostics) {
    let ids = || policy.controls.iter().map(|c| c.control.id.value.as_str());
    for waiver in &engagement.waivers {
        if !ids().any(|id| id == waiver.control.value) {
            let message = format!(
                "the waiver names unknown control `{}`",
                waiver.control.value
            );
            let help = suggest::hint(&waiver.control.value, ids());
            diags.push(Diagnostic::warning(&waiver.control.at, message).with_help(help));
        }
        let Some(approver) = &waiver.approved_by else {
            continue;
        };
        if !engagement
            .people
            .iter()
            .any(|p| p.name.value == approver.value)
        {
            let message = format!(
                "`{}` approves a waiver but is not a person of the engagement",
                approver.value
            );
            let names = engagement.people.iter().map(|p| p.name.value.as_str());
            let help = suggest::hint(&approver.value, names);
            diags.push(Diagnostic::warning(&approver.at, message).with_help(help));
        }
    }
}

/// Whether an optional `when` holds for the engagement.
pub fn holds(when: Option<&Condition>, engagement: &Engagement) -> bool {
    when.is_none_or(|w| w.holds(engagement))
}
