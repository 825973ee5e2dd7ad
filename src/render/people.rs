//! People as documents name them: the names filling a role, Markdown-escaped.

use crate::input::engagement::{Engagement, Person};
use crate::render::escape::inline;

/// Names of the people filling `role`, or "unassigned (`role`)".
pub(crate) fn people_text(engagement: &Engagement, role: &str) -> String {
    let names: Vec<String> = engagement
        .people_in_role(role)
        .map(|p| inline(&p.name.value))
        .collect();
    if names.is_empty() {
        format!("unassigned ({role})")
    } else {
        names.join(", ")
    }
}

/// A person's e-mail, chat handle and phone, those given, joined by commas ("" when none).
pub(crate) fn contact(p: &Person) -> String {
    let given = [&p.email, &p.chat, &p.phone].into_iter().flatten();
    given.map(|c| inline(c)).collect::<Vec<_>>().join(", ")
}
