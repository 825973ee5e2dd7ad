//! The engagement file: who, what, when, which packs, and the engagement's own choices
//! (parameter values and waivers).

mod id;
mod schedule;

pub use id::is_safe_id;
pub use schedule::{Calendar, Window, WorkingHours, parse_hours};

use std::sync::Arc;

use jiff::civil::Date;

use crate::diag::source::{Loc, Located, Source};
use crate::input::decode::{Cx, Decode, Entries, Fields};
use crate::input::params::RawValue;
pub use crate::input::tooling::Tooling;
use crate::input::vocab::{Classification, DataCategory, Model, Regulation, Side, Stage};
use crate::input::yaml::Node;
use id::check_id;

/// One engagement, as written in its file.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Engagement {
    /// The file it was read from.
    #[schemars(skip)]
    pub source: Arc<Source>,
    /// Stable id; names the engagement's folder in the wiki.
    pub id: Located<String>,
    /// The company bringing in outside developers.
    pub client: String,
    /// The outside developers' organisation, or the freelancer's name.
    pub vendor: String,
    /// What is being built.
    pub project: String,
    /// Engagement model.
    pub model: Located<Model>,
    /// Product stage.
    pub stage: Located<Stage>,
    /// First day of the engagement.
    pub starts: Located<Date>,
    /// Last day of the engagement.
    pub ends: Located<Date>,
    /// Most sensitive data the vendor side can reach.
    pub data_classification: Located<Classification>,
    /// Regulations in scope (`gdpr`, `pci-dss`, `hipaa`...).
    #[schemars(default)]
    pub regulations: Vec<Located<Regulation>>,
    /// Kinds of personal data the vendor side can reach (`contact`, `health`, `children`...).
    #[schemars(default)]
    pub data_categories: Vec<Located<DataCategory>>,
    /// Whether the vendor side gets access to production.
    pub production_access: Located<bool>,
    /// Working hours of both sides, for overlap planning.
    #[schemars(default)]
    pub working_hours: Option<WorkingHours>,
    /// Which days are worked: due dates and the overlap review skip the others.
    #[schemars(default)]
    pub calendar: Calendar,
    /// Everyone involved, on both sides.
    pub people: Located<Vec<Person>>,
    /// Repositories the vendor side works in.
    #[schemars(default)]
    pub repositories: Vec<Located<String>>,
    /// Environments the vendor side can reach.
    #[schemars(default)]
    pub environments: Vec<Located<String>>,
    /// The tools the engagement runs on; runbooks and checklists name them.
    #[schemars(default)]
    pub tooling: Tooling,
    /// Packs to apply, in order (`builtin:core`, `./policies/acme.yaml`, `builtin:core@^1`).
    pub packs: Vec<Located<String>>,
    /// Parameter values set by the engagement.
    #[schemars(default)]
    pub parameters: Entries<RawValue>,
    /// Approved exceptions to controls.
    #[schemars(default)]
    pub waivers: Vec<Waiver>,
    /// Why text that looks like a secret (a token, a key, a password) may be published in
    /// the wiki; without it, a build refuses such text (docs/security.md).
    #[schemars(default)]
    pub publish_secrets: Option<Located<String>>,
}

/// One person of the engagement.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Person {
    /// Full name, as it should appear in documents.
    pub name: Located<String>,
    /// Client or vendor.
    pub side: Located<Side>,
    /// Roles the person fills (declared by a pack).
    pub roles: Vec<Located<String>>,
    /// Optional contact address.
    #[schemars(default)]
    pub email: Option<String>,
    /// Chat handle, e.g. `@priya`.
    #[schemars(default)]
    pub chat: Option<String>,
    /// Phone number, for people on call.
    #[schemars(default)]
    pub phone: Option<String>,
}

/// An approved, expiring exception to one control.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Waiver {
    /// Where the waiver is written.
    #[schemars(skip)]
    pub at: Loc,
    /// The waived control's id.
    pub control: Located<String>,
    /// Why the control is waived.
    pub reason: String,
    /// The person who approved it.
    #[schemars(default)]
    pub approved_by: Option<Located<String>>,
    /// When it was approved.
    #[schemars(default)]
    pub approved_on: Option<Located<Date>>,
    /// Last day the waiver holds.
    pub expires: Located<Date>,
    /// What risk is accepted, optionally.
    #[schemars(default)]
    pub risk: Option<String>,
}

impl Engagement {
    /// Where the engagement file at `path` writes its id, read again: a run keeps ids, not
    /// the files' text, and only an error about an id needs its place. `None` when the
    /// file no longer reads.
    pub fn id_place(path: &std::path::Path) -> Option<Loc> {
        let mut unused = crate::diag::Diagnostics::default();
        let engagement = crate::input::read(path, &mut unused, Engagement::decode)?;
        Some(engagement.id.at)
    }

    /// Decodes an engagement from its parsed file.
    pub fn decode(root: &Node, cx: &mut Cx) -> Option<Engagement> {
        let mut f = Fields::of(root, "the engagement", cx)?;
        let id = f.required("id", cx).and_then(|id| check_id(id, cx));
        let client = f.required("client", cx);
        let vendor = f.required("vendor", cx);
        let project = f.required("project", cx);
        let model = f.required("model", cx);
        let stage = f.required("stage", cx);
        let starts = f.required("starts", cx);
        let ends = f.required("ends", cx);
        let data_classification = f.required("data-classification", cx);
        let regulations = f.optional("regulations", cx).unwrap_or_default();
        let data_categories = f.optional("data-categories", cx).unwrap_or_default();
        let production_access = f.required("production-access", cx);
        let working_hours = f.optional("working-hours", cx);
        let calendar = f.optional("calendar", cx).unwrap_or_default();
        let people = f.required("people", cx);
        let repositories = f.optional("repositories", cx).unwrap_or_default();
        let environments = f.optional("environments", cx).unwrap_or_default();
        let tooling = f.optional("tooling", cx).unwrap_or_default();
        let packs = f.required("packs", cx);
        let parameters = f.optional("parameters", cx).unwrap_or_default();
        let waivers = f.optional("waivers", cx).unwrap_or_default();
        let publish_secrets = f.optional("publish-secrets", cx);
        f.finish(cx);
        // Facts that failed to decode are already reported; placeholders let the later
        // stages still check roles, packs and parameters, so one run reports everything.
        let here = cx.loc(root);
        let or = |value: Option<String>| value.unwrap_or_default();
        let date = Date::constant(2000, 1, 1);
        Some(Engagement {
            source: Arc::clone(cx.source),
            id: id?,
            client: or(client),
            vendor: or(vendor),
            project: or(project),
            model: or_placeholder(model, Model::Freelancer, &here),
            stage: or_placeholder(stage, Stage::Mvp, &here),
            starts: or_placeholder(starts, date, &here),
            ends: or_placeholder(ends, date, &here),
            data_classification: or_placeholder(data_classification, Classification::Public, &here),
            regulations,
            data_categories,
            production_access: or_placeholder(production_access, false, &here),
            working_hours,
            calendar,
            people: people?,
            repositories,
            environments,
            tooling,
            packs: packs?,
            parameters,
            waivers,
            publish_secrets,
        })
    }

    /// People of the engagement who fill `role`, in file order.
    pub fn people_in_role<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a Person> + 'a {
        self.people
            .iter()
            .filter(move |p| p.roles.iter().any(|r| r.value == role))
    }

    /// Number of people on the vendor side.
    pub fn vendor_people(&self) -> usize {
        self.people
            .iter()
            .filter(|p| p.side.value == Side::Vendor)
            .count()
    }
}

/// The decoded value, or a stand-in at `at` when decoding failed (and was reported).
fn or_placeholder<T>(value: Option<Located<T>>, stand_in: T, at: &Loc) -> Located<T> {
    value.unwrap_or_else(|| Located::new(stand_in, at.clone()))
}

impl Decode for Person {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Person> {
        let mut f = Fields::of(node, "a person", cx)?;
        let name = f.required("name", cx);
        let side = f.required("side", cx);
        let roles = f.required("roles", cx);
        let email = f.optional("email", cx);
        let chat = f.optional("chat", cx);
        let phone = f.optional("phone", cx);
        f.finish(cx);
        Some(Person {
            name: name?,
            side: side?,
            roles: roles?,
            email,
            chat,
            phone,
        })
    }
}

impl Decode for Waiver {
    fn decode(node: &Node, cx: &mut Cx) -> Option<Waiver> {
        let mut f = Fields::of(node, "a waiver", cx)?;
        let control = f.required("control", cx);
        let reason = f.required("reason", cx);
        let approved_by = f.optional("approved-by", cx);
        let approved_on = f.optional("approved-on", cx);
        let expires = f.required("expires", cx);
        let risk = f.optional("risk", cx);
        f.finish(cx);
        Some(Waiver {
            at: cx.loc(node),
            control: control?,
            reason: reason?,
            approved_by,
            approved_on,
            expires: expires?,
            risk,
        })
    }
}
