//! The tools an engagement runs on (`tooling:`), and the phrases pack texts get for them
//! through `{{ tooling.NAME }}`: the tool as the engagement names it ("project PAY in Jira",
//! "#pay-incidents on Slack"), or generic wording ("the tracker") when it names none.

use crate::diag::source::Located;
use crate::input::decode::{Cx, Decode, Fields};
use crate::input::yaml::Node;
use crate::keywords;

keywords! {
    /// The names pack texts may use as `{{ tooling.NAME }}`.
    pub enum ToolName ("tool") {
        /// The tracker, with the engagement's project when named.
        Tracker = "tracker",
        /// The tracker's project alone.
        TrackerProject = "tracker-project",
        /// The chat tool.
        Chat = "chat",
        /// The day-to-day channel, on the chat tool when named.
        Channel = "channel",
        /// The incident channel, on the chat tool when named.
        IncidentChannel = "incident-channel",
        /// The paging or on-call tool.
        Pager = "pager",
        /// The secrets vault.
        Vault = "vault",
        /// The identity provider.
        IdentityProvider = "identity-provider",
        /// The repository host.
        RepositoryHost = "repository-host",
        /// The CI system.
        Ci = "ci",
    }
}

impl ToolName {
    /// The words a document uses when the engagement does not name the tool.
    pub fn fallback(self) -> &'static str {
        match self {
            ToolName::Tracker => "the tracker",
            ToolName::TrackerProject => "the engagement's project in the tracker",
            ToolName::Chat => "the team chat",
            ToolName::Channel => "the engagement's channel",
            ToolName::IncidentChannel => "the incident channel",
            ToolName::Pager => "the paging tool",
            ToolName::Vault => "the secrets vault",
            ToolName::IdentityProvider => "the identity provider",
            ToolName::RepositoryHost => "the source host",
            ToolName::Ci => "CI",
        }
    }
}

/// The tools an engagement runs on. Every field is optional; documents fall back to
/// generic wording ("the tracker") where one is missing.
#[derive(Clone, Debug, Default, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Tooling {
    /// Issue tracker, e.g. `Jira`.
    #[schemars(default)]
    pub tracker: Option<Located<String>>,
    /// The tracker's project or board for this engagement, e.g. `PAY`.
    #[schemars(default)]
    pub tracker_project: Option<Located<String>>,
    /// Chat tool, e.g. `Slack`.
    #[schemars(default)]
    pub chat: Option<Located<String>>,
    /// The engagement's day-to-day channel, e.g. `#payments-dev`.
    #[schemars(default)]
    pub channel: Option<Located<String>>,
    /// The channel incidents are handled in, e.g. `#payments-incidents`.
    #[schemars(default)]
    pub incident_channel: Option<Located<String>>,
    /// Paging or on-call tool, e.g. `PagerDuty`.
    #[schemars(default)]
    pub pager: Option<Located<String>>,
    /// Secrets vault, e.g. `HashiCorp Vault`.
    #[schemars(default)]
    pub vault: Option<Located<String>>,
    /// Identity provider, e.g. `Okta`.
    #[schemars(default)]
    pub identity_provider: Option<Located<String>>,
    /// Repository host, e.g. `GitHub`.
    #[schemars(default)]
    pub repository_host: Option<Located<String>>,
    /// CI system, e.g. `GitHub Actions`.
    #[schemars(default)]
    pub ci: Option<Located<String>>,
}

impl Tooling {
    /// The tool as the engagement names it, composed with its project or chat tool; `None`
    /// when the engagement leaves it unset or blank.
    pub fn named(&self, name: ToolName) -> Option<String> {
        let text = |v: &Option<Located<String>>| {
            v.as_ref()
                .map(|v| v.value.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let on_chat = |channel: Option<String>| {
            channel.map(|c| match text(&self.chat) {
                Some(tool) => [c.as_str(), " on ", &tool].concat(),
                None => c,
            })
        };
        match name {
            ToolName::Tracker => match (text(&self.tracker), text(&self.tracker_project)) {
                (Some(tool), Some(project)) => Some(["project ", &project, " in ", &tool].concat()),
                (Some(tool), None) => Some(tool),
                (None, Some(project)) => Some(["project ", &project, " in the tracker"].concat()),
                (None, None) => None,
            },
            ToolName::TrackerProject => text(&self.tracker_project),
            ToolName::Chat => text(&self.chat),
            ToolName::Channel => on_chat(text(&self.channel)),
            ToolName::IncidentChannel => on_chat(text(&self.incident_channel)),
            ToolName::Pager => text(&self.pager),
            ToolName::Vault => text(&self.vault),
            ToolName::IdentityProvider => text(&self.identity_provider),
            ToolName::RepositoryHost => text(&self.repository_host),
            ToolName::Ci => text(&self.ci),
        }
    }

    /// The tool as named, or its generic wording.
    pub fn phrase(&self, name: ToolName) -> String {
        self.named(name)
            .unwrap_or_else(|| name.fallback().to_string())
    }
}

impl Decode for Tooling {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Tooling> {
        let mut f = Fields::of(node, "the tooling", cx)?;
        let tooling = Tooling {
            tracker: f.optional("tracker", cx),
            tracker_project: f.optional("tracker-project", cx),
            chat: f.optional("chat", cx),
            channel: f.optional("channel", cx),
            incident_channel: f.optional("incident-channel", cx),
            pager: f.optional("pager", cx),
            vault: f.optional("vault", cx),
            identity_provider: f.optional("identity-provider", cx),
            repository_host: f.optional("repository-host", cx),
            ci: f.optional("ci", cx),
        };
        f.finish(cx);
        Some(tooling)
    }
}
