//! People as documents name them: the names filling a role, Markdown-escaped.

use crate::input::engagement::Engagement;
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
