//! The engagement's tools in the template context: each as text ("project PAY in Jira"),
//! or generic wording ("the tracker") when the engagement does not name it.

use serde::Serialize;

use crate::input::tooling::{ToolName, Tooling};
use crate::render::escape::inline;

/// The tools, each with a fallback, and the rows the engagement filled.
#[derive(Serialize)]
pub struct ToolingView {
    pub tracker: String,
    pub chat: String,
    pub channel: String,
    pub incident_channel: String,
    pub pager: String,
    pub vault: String,
    pub identity_provider: String,
    pub repository_host: String,
    pub ci: String,
    /// The tools the engagement names, as (what, where) rows in a fixed order.
    pub named: Vec<ToolRow>,
}

/// One named tool.
#[derive(Serialize)]
pub struct ToolRow {
    pub what: String,
    pub tool: String,
}

pub(crate) fn tooling_view(t: &Tooling) -> ToolingView {
    let named = |name: ToolName| t.named(name).map(|v| inline(&v));
    let rows = [
        ("Tickets and changes", ToolName::Tracker),
        ("Chat", ToolName::Chat),
        ("Day-to-day channel", ToolName::Channel),
        ("Incident channel", ToolName::IncidentChannel),
        ("Paging and on-call", ToolName::Pager),
        ("Secrets", ToolName::Vault),
        ("Sign-in and accounts", ToolName::IdentityProvider),
        ("Code", ToolName::RepositoryHost),
        ("Builds and checks", ToolName::Ci),
    ];
    let named_rows = rows
        .iter()
        .filter_map(|(what, name)| {
            named(*name).map(|tool| ToolRow {
                what: what.to_string(),
                tool,
            })
        })
        .collect();
    let phrase = |name: ToolName| inline(&t.phrase(name));
    ToolingView {
        tracker: phrase(ToolName::Tracker),
        chat: phrase(ToolName::Chat),
        channel: phrase(ToolName::Channel),
        incident_channel: phrase(ToolName::IncidentChannel),
        pager: phrase(ToolName::Pager),
        vault: phrase(ToolName::Vault),
        identity_provider: phrase(ToolName::IdentityProvider),
        repository_host: phrase(ToolName::RepositoryHost),
        ci: phrase(ToolName::Ci),
        named: named_rows,
    }
}
