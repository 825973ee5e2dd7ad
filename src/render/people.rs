//! People as documents name them: the names filling a role, Markdown-escaped.

use std::cell::RefCell;

use crate::input::engagement::Engagement;
use crate::policy::places::ByPlace;
use crate::policy::shown::ShownText;
use crate::render::escape::inline;

/// Names of the people filling `role`, or "unassigned (`role`)".
pub(crate) fn people_text(engagement: &Engagement, role: &str) -> String {
    let names: Vec<String> = engagement
        .people_in_role(role)
        .map(|p| inline(&p.name.value))
        .collect();
    if names.is_empty() {
        unassigned(role)
    } else {
        names.join(", ")
    }
}

/// What a document shows for a role nobody fills.
fn unassigned(role: &str) -> String {
    ["unassigned (", role, ")"].concat()
}

/// [`people_text`] of every role of one engagement, each made once: an engagement's
/// controls, steps and metrics name a few roles over and over.
pub(crate) struct Names<'t> {
    /// The text of each role a person fills, by role.
    filled: Vec<(String, ShownText)>,
    /// Where each role text asked for stands among `filled` ([`NOT_FILLED`] for a role
    /// nobody fills), by the text's place: the same pack text is asked for again and again.
    asked: RefCell<ByPlace<'t, u32>>,
}

/// A role nobody fills, in [`Names::asked`].
const NOT_FILLED: u32 = u32::MAX;

impl<'t> Names<'t> {
    pub(crate) fn new(engagement: &Engagement) -> Names<'t> {
        let mut roles: Vec<&str> = (engagement.people.iter())
            .flat_map(|p| p.roles.iter().map(|r| r.value.as_str()))
            .collect();
        roles.sort_unstable();
        roles.dedup();
        let text = |role: &str| (role.to_string(), people_text(engagement, role).into());
        Names {
            filled: roles.into_iter().map(text).collect(),
            asked: RefCell::default(),
        }
    }

    /// [`people_text`] of `role`.
    pub(crate) fn of(&self, role: &'t str) -> ShownText {
        let find = || match self.filled.binary_search_by(|(r, _)| r.as_str().cmp(role)) {
            Ok(at) => u32::try_from(at).unwrap_or(NOT_FILLED),
            Err(_) => NOT_FILLED,
        };
        let at = self.asked.borrow_mut().get_or(role, find);
        match self.filled.get(at as usize) {
            Some((_, text)) => text.clone(),
            None => unassigned(role).into(),
        }
    }
}

/// A person's e-mail, chat handle and phone as shown, those given, joined by commas (""
/// when none).
pub(crate) fn contact(shown: [&Option<String>; 3]) -> String {
    let given = shown.into_iter().flatten().map(String::as_str);
    given.collect::<Vec<_>>().join(", ")
}
