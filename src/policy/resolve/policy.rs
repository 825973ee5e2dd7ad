//! One engagement's policy: the shared packs and the engagement's parameter values and
//! tools in, pack texts with their placeholders filled (and shown once per way) out.

use std::sync::{Arc, OnceLock};

use crate::diag::Diagnostics;
use crate::diag::source::Located;
use crate::input::decode::{Cx, Text};
use crate::input::engagement::Engagement;
use crate::input::params::{self, ParamValue, ParamValues, Values};
use crate::input::tooling::{ToolName, Tooling};
use crate::policy::shown::{Show, ShownText, Way};

use super::packs::Packs;

/// One engagement's policy: the shared packs and the engagement's parameter values.
#[derive(Clone, Debug)]
pub struct Policy {
    packs: Arc<Packs>,
    /// The engagement's own parameter settings, checked ([`Policy::values`] puts them
    /// over the packs').
    own: ParamValues,
    /// The engagement's tools, for `{{ tooling.NAME }}` in pack texts.
    pub tooling: Tooling,
    /// How the engagement fills placeholders among those of the packs' other engagements
    /// ([`Shown::way`]), found the first time a text with placeholders is shown: from
    /// `own` and `tooling`, which [`with_engagement`] sets once and nothing changes.
    ///
    /// [`Shown::way`]: crate::policy::shown::Shown::way
    way: OnceLock<Option<Way>>,
}

impl std::ops::Deref for Policy {
    type Target = Packs;

    fn deref(&self) -> &Packs {
        &self.packs
    }
}

impl Policy {
    /// The engagement's parameter values: its own settings over the packs'.
    pub fn values(&self) -> Values<'_> {
        Values {
            packs: &self.packs.pack_values,
            own: &self.own,
        }
    }

    /// A text with its `{{ params.X }}` replaced by the engagement's final values and its
    /// `{{ tooling.X }}` by the engagement's tools (or their generic wording).
    pub fn text(&self, text: &str) -> String {
        self.fill(text)
    }

    /// [`Policy::text`] of a pack text, kept as it is when it names no parameter or tool:
    /// a text the binary holds is then still borrowed, not copied.
    pub fn filled(&self, text: &Text) -> Text {
        match params::has_placeholder(text) {
            true => Text::Owned(self.fill(text)),
            false => text.clone(),
        }
    }

    /// `show` of a pack text with its placeholders filled ([`Policy::text`]); a text with
    /// no placeholder reads the same for every engagement on these packs, so it is shown
    /// once per pack set, and shared, not copied.
    pub fn shown_shared(&self, text: &str, show: Show) -> ShownText {
        match params::has_placeholder(text) {
            true => (self.packs.shown).get_filled(text, self.way(), || self.fill(text), show),
            false => self.packs.shown.get(text, show),
        }
    }

    /// How the engagement fills placeholders, numbered among the engagements on these
    /// packs ([`Shown::way`]; `None` past the ways it numbers).
    ///
    /// [`Shown::way`]: crate::policy::shown::Shown::way
    pub fn way(&self) -> Option<Way> {
        *(self.way).get_or_init(|| self.packs.shown.way(|| self.fills()))
    }

    /// Everything [`Policy::fill`] fills placeholders with that is the engagement's own, as
    /// one text: the name and value of each parameter it sets to a value that is not the
    /// packs' (the packs' values are every engagement's on them), then each tool's
    /// wording, each text after its length, so that two engagements on the same packs give
    /// the same text exactly when they fill every placeholder alike.
    fn fills(&self) -> String {
        fn put(out: &mut String, text: &str) {
            crate::policy::schedule::push_count(out, text.len());
            out.push(':');
            out.push_str(text);
        }
        let mut out = String::new();
        for (name, value) in &self.own {
            let theirs = self.packs.pack_values.get(name);
            if !theirs.is_some_and(|theirs| same_value(&theirs.value, &value.value)) {
                put(&mut out, name);
                put(&mut out, &value.value.to_string());
            }
        }
        out.push('/');
        for tool in ToolName::ALL {
            put(&mut out, &self.tooling.phrase(*tool));
        }
        out
    }

    /// `show` of a pack value that is shown as written, never filled (a framework's
    /// name), once per pack set like [`Policy::shown_shared`].
    pub fn shown_as_is(&self, text: &str, show: Show) -> ShownText {
        self.packs.shown.get(text, show)
    }

    /// `show` of pack values joined by `, ` (a control's ids in one framework), once per
    /// pack set.
    pub fn shown_joined(&self, values: &[Located<Text>], show: Show) -> ShownText {
        let parts = values.iter().map(|v| &*v.value);
        let place = values.as_ptr() as usize;
        self.packs.shown.get_joined(place, parts, ", ", show)
    }

    fn fill(&self, text: &str) -> String {
        let lookup = |inner: &str| {
            if inner.starts_with("params.") {
                return params::param_text(self.values(), inner);
            }
            let name = inner.strip_prefix("tooling.")?;
            let tool = ToolName::ALL.iter().find(|t| t.as_str() == name)?;
            Some(self.tooling.phrase(*tool))
        };
        params::fill(text, lookup).unwrap_or_else(|_| text.to_string())
    }
}

/// Whether two values are written alike wherever they are shown: equal, and not numbers
/// (two equal numbers can be written differently, `0` and `-0`).
fn same_value(a: &ParamValue, b: &ParamValue) -> bool {
    a == b && !matches!(a, ParamValue::Number(_))
}

/// Applies the engagement's own layer to the packs' merged policy, which it shares.
pub fn with_engagement(
    packs: Arc<Packs>,
    engagement: &Engagement,
    diags: &mut Diagnostics,
) -> Policy {
    let mut own = ParamValues::new();
    let mut cx = Cx {
        source: &engagement.source,
        diags,
    };
    for (name, raw) in &engagement.parameters.0 {
        if let Some((name, value)) = packs.param_value(name, raw, &mut cx) {
            own.insert(name, value);
        }
    }
    let people_roles = engagement.people.iter().flat_map(|p| &p.roles);
    people_roles.for_each(|role| packs.check_role(role, diags));
    let tooling = engagement.tooling.clone();
    Policy {
        packs,
        own,
        tooling,
        way: OnceLock::new(),
    }
}
