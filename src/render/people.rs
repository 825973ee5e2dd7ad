//! People as documents name them: the names filling a role, Markdown-escaped.

use crate::input::engagement::Engagement;
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
pub(crate) struct Names {
    /// The text of each role a person fills, by role.
    filled: Vec<(String, ShownText)>,
}

impl Names {
    pub(crate) fn new(engagement: &Engagement) -> Names {
        let mut roles: Vec<&str> = (engagement.people.iter())
            .flat_map(|p| p.roles.iter().map(|r| r.value.as_str()))
            .collect();
        roles.sort_unstable();
        roles.dedup();
        let text = |role: &str| (role.to_string(), people_text(engagement, role).into());
        Names {
            filled: roles.into_iter().map(text).collect(),
        }
    }

    /// [`people_text`] of `role`.
    pub(crate) fn of(&self, role: &str) -> ShownText {
        match self.filled.binary_search_by(|(r, _)| r.as_str().cmp(role)) {
            Ok(at) => self.filled[at].1.clone(),
            Err(_) => unassigned(role).into(),
        }
    }
}

/// A person's e-mail, chat handle and phone as shown, those given, joined by commas (""
/// when none).
pub(crate) fn contact(shown: [&Option<String>; 3]) -> String {
    let given = shown.into_iter().flatten().map(String::as_str);
    given.collect::<Vec<_>>().join(", ")
}
