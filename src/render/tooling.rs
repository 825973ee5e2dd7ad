//! The engagement's tools in the template context: each as text ("Jira, project PAY"),
//! or generic wording ("the tracker") when the engagement does not name it.

use serde::Serialize;

use crate::diag::source::Located;
use crate::input::engagement::Tooling;
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

fn text(value: &Option<Located<String>>) -> Option<String> {
    value
        .as_ref()
        .map(|v| inline(&v.value))
        .filter(|v| !v.is_empty())
}

pub(crate) fn tooling_view(t: &Tooling) -> ToolingView {
    let tracker = match (text(&t.tracker), text(&t.tracker_project)) {
        (Some(tool), Some(project)) => Some(format!("{tool}, project {project}")),
        (Some(tool), None) => Some(tool),
        (None, Some(project)) => Some(format!("the tracker, project {project}")),
        (None, None) => None,
    };
    let chat = text(&t.chat);
    let channel = text(&t.channel).map(|c| match &chat {
        Some(tool) => format!("{c} on {tool}"),
        None => c,
    });
    let incident_channel = text(&t.incident_channel).map(|c| match &chat {
        Some(tool) => format!("{c} on {tool}"),
        None => c,
    });
    let rows = [
        ("Tickets and changes", &tracker),
        ("Chat", &chat),
        ("Day-to-day channel", &channel),
        ("Incident channel", &incident_channel),
        ("Paging and on-call", &text(&t.pager)),
        ("Secrets", &text(&t.vault)),
        ("Sign-in and accounts", &text(&t.identity_provider)),
        ("Code", &text(&t.repository_host)),
        ("Builds and checks", &text(&t.ci)),
    ];
    let named = rows
        .iter()
        .filter_map(|(what, tool)| {
            tool.as_ref().map(|tool| ToolRow {
                what: what.to_string(),
                tool: tool.clone(),
            })
        })
        .collect();
    let or = |value: Option<String>, fallback: &str| value.unwrap_or_else(|| fallback.into());
    ToolingView {
        tracker: or(tracker, "the tracker"),
        chat: or(chat, "the team chat"),
        channel: or(channel, "the engagement's channel"),
        incident_channel: or(incident_channel, "the incident channel"),
        pager: or(text(&t.pager), "the paging tool"),
        vault: or(text(&t.vault), "the secrets vault"),
        identity_provider: or(text(&t.identity_provider), "the identity provider"),
        repository_host: or(text(&t.repository_host), "the source host"),
        ci: or(text(&t.ci), "CI"),
        named,
    }
}
