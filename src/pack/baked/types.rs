//! The byte form ([`super::codec`]) of a pack and of everything it holds: each struct's
//! fields in the order [`bake_struct!`] lists them, each enum's variant as a tag byte.

use std::sync::Arc;

use super::codec::{Bake, Reader, bake_keywords, bake_struct, read_tag};
#[cfg(test)]
use super::codec::{Writer, tag};
use crate::input::decode::Entries;
use crate::input::params::{ParamDecl, ParamType, ParamValue};
use crate::input::vocab::{
    Category, ChecklistDoc, Classification, DataCategory, Model, Phase, Regulation, Severity, Stage,
};
use crate::input::when::{Condition, Matcher, Ordered, SetMatch};
use crate::pack::metric::{Cadence, Metric, MetricKind};
use crate::pack::model::{Activity, ReviewRule, Runbook, Step};
use crate::pack::{Control, Pack, Raci};

bake_keywords!(
    Category,
    ChecklistDoc,
    Classification,
    DataCategory,
    Model,
    Phase,
    Regulation,
    Severity,
    Stage,
    ParamType,
    MetricKind,
    Cadence,
);

bake_struct!(Control {
    at,
    id,
    title,
    description,
    category,
    documents,
    phase,
    due_days,
    owner,
    raci,
    when,
    evidence,
    severity,
    mappings,
    per,
    every,
    evidence_required,
});
bake_struct!(Raci {
    responsible,
    accountable,
    consulted,
    informed,
});
bake_struct!(Activity {
    id,
    title,
    raci,
    when
});
bake_struct!(Runbook {
    id,
    title,
    purpose,
    when,
    steps,
});
bake_struct!(Step { id, role, action });
bake_struct!(ReviewRule {
    id,
    severity,
    when,
    message,
});
bake_struct!(Metric {
    id,
    title,
    kind,
    description,
    target,
    owner,
    review,
    when,
});
bake_struct!(ParamDecl {
    name,
    ty,
    default,
    min,
    max,
    values,
    description,
});
bake_struct!(Ordered<T> {
    one_of,
    at_least,
    at_most
});
bake_struct!(SetMatch<T> {
    any_of,
    all_of,
    none_of,
    empty,
});

impl<T: Bake, K: Bake> Bake for Entries<T, K> {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        self.0.put(w)
    }
    fn take(r: &mut Reader) -> Option<Entries<T, K>> {
        Vec::take(r).map(Entries)
    }
}

/// An enum's variant: its tag, then what it holds.
#[cfg(test)]
fn variant(w: &mut Writer, number: u8, value: &impl Bake) -> Option<()> {
    tag(w, number);
    value.put(w)
}

impl Bake for ParamValue {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        match self {
            ParamValue::Integer(n) => variant(w, 0, n),
            ParamValue::Number(x) => variant(w, 1, x),
            ParamValue::Text(text) => variant(w, 2, text),
            ParamValue::Boolean(b) => variant(w, 3, b),
            ParamValue::Hours(n) => variant(w, 4, n),
            ParamValue::List(items) => variant(w, 5, items),
        }
    }
    fn take(r: &mut Reader) -> Option<ParamValue> {
        Some(match read_tag(r)? {
            0 => ParamValue::Integer(Bake::take(r)?),
            1 => ParamValue::Number(Bake::take(r)?),
            2 => ParamValue::Text(Bake::take(r)?),
            3 => ParamValue::Boolean(Bake::take(r)?),
            4 => ParamValue::Hours(Bake::take(r)?),
            5 => ParamValue::List(Bake::take(r)?),
            _ => return None,
        })
    }
}

impl Bake for Condition {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        let at = match self {
            Condition::All(parts, at) => variant(w, 0, parts).map(|()| at),
            Condition::Any(parts, at) => variant(w, 1, parts).map(|()| at),
            Condition::Not(inner, at) => variant(w, 2, inner).map(|()| at),
            Condition::Match(matcher, at) => variant(w, 3, matcher).map(|()| at),
        };
        at?.put(w)
    }
    fn take(r: &mut Reader) -> Option<Condition> {
        Some(match read_tag(r)? {
            0 => Condition::All(Bake::take(r)?, Bake::take(r)?),
            1 => Condition::Any(Bake::take(r)?, Bake::take(r)?),
            2 => Condition::Not(Bake::take(r)?, Bake::take(r)?),
            3 => Condition::Match(Bake::take(r)?, Bake::take(r)?),
            _ => return None,
        })
    }
}

impl Bake for Matcher {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        match self {
            Matcher::Model(models) => variant(w, 0, models),
            Matcher::Stage(stages) => variant(w, 1, stages),
            Matcher::Classification(bounds) => variant(w, 2, bounds),
            Matcher::Regulations(set) => variant(w, 3, set),
            Matcher::DataCategories(set) => variant(w, 4, set),
            Matcher::Environments(set) => variant(w, 5, set),
            Matcher::Repositories(set) => variant(w, 6, set),
            Matcher::ProductionAccess(b) => variant(w, 7, b),
            Matcher::TeamSize(bounds) => variant(w, 8, bounds),
            Matcher::VendorPeople(bounds) => variant(w, 9, bounds),
        }
    }
    fn take(r: &mut Reader) -> Option<Matcher> {
        Some(match read_tag(r)? {
            0 => Matcher::Model(Bake::take(r)?),
            1 => Matcher::Stage(Bake::take(r)?),
            2 => Matcher::Classification(Bake::take(r)?),
            3 => Matcher::Regulations(Bake::take(r)?),
            4 => Matcher::DataCategories(Bake::take(r)?),
            5 => Matcher::Environments(Bake::take(r)?),
            6 => Matcher::Repositories(Bake::take(r)?),
            7 => Matcher::ProductionAccess(Bake::take(r)?),
            8 => Matcher::TeamSize(Bake::take(r)?),
            9 => Matcher::VendorPeople(Bake::take(r)?),
            _ => return None,
        })
    }
}

/// A pack, read into the file it was baked from. The form holds what built-in packs hold:
/// a pack that sets parameters, overrides or disables items of other packs (a tree kept for
/// later, or items of other files) is not baked.
impl Bake for Pack {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        let Pack {
            source,
            name,
            version,
            title,
            description,
            requires,
            roles,
            parameters,
            set_parameters,
            activities,
            controls,
            runbooks,
            metrics,
            overrides,
            disable,
            review_rules,
            checked: _,
        } = self;
        let layered = !set_parameters.0.is_empty() || !overrides.is_empty() || !disable.is_empty();
        if layered || !Arc::ptr_eq(source, w.source) {
            return None;
        }
        name.put(w)?;
        version.put(w)?;
        title.put(w)?;
        description.put(w)?;
        requires.put(w)?;
        roles.put(w)?;
        parameters.put(w)?;
        activities.put(w)?;
        controls.put(w)?;
        runbooks.put(w)?;
        metrics.put(w)?;
        review_rules.put(w)
    }

    fn take(r: &mut Reader) -> Option<Pack> {
        Some(Pack {
            source: Arc::clone(r.source),
            name: Bake::take(r)?,
            version: Bake::take(r)?,
            title: Bake::take(r)?,
            description: Bake::take(r)?,
            requires: Bake::take(r)?,
            roles: Bake::take(r)?,
            parameters: Bake::take(r)?,
            set_parameters: Entries::default(),
            activities: Bake::take(r)?,
            controls: Bake::take(r)?,
            runbooks: Bake::take(r)?,
            metrics: Bake::take(r)?,
            overrides: Vec::new(),
            disable: Vec::new(),
            review_rules: Bake::take(r)?,
            checked: true,
        })
    }
}
