//! The closed vocabularies of the file formats: models, stages, classifications, phases...

use crate::keywords;

keywords! {
    /// How the outside developers are engaged.
    pub enum Model ("engagement model") {
        /// One independent developer.
        Freelancer = "freelancer",
        /// One or more developers working full time for the client through a vendor.
        Dedicated = "dedicated",
        /// A cross-functional vendor team owning a service.
        Pod = "pod",
        /// Part-time capacity bought per month.
        Retainer = "retainer",
        /// Specialists for spikes, then a dedicated team for delivery.
        Hybrid = "hybrid",
    }
}

keywords! {
    /// Where the product is in its life.
    pub enum Stage ("stage") {
        /// Prototype or minimum viable product.
        Mvp = "mvp",
        /// Pilot or integration spike.
        Pilot = "pilot",
        /// Growth and scale.
        Growth = "growth",
        /// Stabilisation and maintenance.
        Maintenance = "maintenance",
    }
}

keywords! {
    /// Most sensitive data the outside developers can reach. Ordered.
    pub enum Classification ("data classification") {
        /// Published or publishable.
        Public = "public",
        /// Internal, low harm if disclosed.
        Internal = "internal",
        /// Customer or business data whose disclosure causes harm.
        Confidential = "confidential",
        /// Regulated or highly sensitive data.
        Restricted = "restricted",
    }
}

keywords! {
    /// Which organisation a person belongs to.
    pub enum Side ("side") {
        /// The company bringing in outside developers.
        Client = "client",
        /// The outside developers' organisation (or the freelancer).
        Vendor = "vendor",
    }
}

keywords! {
    /// Kinds of personal data the vendor side can reach; several are special categories
    /// whose processing needs a full impact assessment.
    pub enum DataCategory ("personal-data category") {
        /// Names, addresses, phone numbers, email addresses.
        Contact = "contact",
        /// Bank, card, payment and income data.
        Financial = "financial",
        /// Precise location or movement data.
        Location = "location",
        /// Passport, national id, social security or tax numbers.
        GovernmentId = "government-id",
        /// Physical or mental health data (special category).
        Health = "health",
        /// Genetic data (special category).
        Genetic = "genetic",
        /// Biometric data used to identify a person (special category).
        Biometric = "biometric",
        /// Racial or ethnic origin (special category).
        RacialEthnic = "racial-ethnic",
        /// Political opinions (special category).
        Political = "political",
        /// Religious or philosophical beliefs (special category).
        Religious = "religious",
        /// Trade-union membership (special category).
        TradeUnion = "trade-union",
        /// Sex life or sexual orientation (special category).
        SexLife = "sex-life",
        /// Criminal convictions and offences.
        Criminal = "criminal",
        /// Data of children.
        Children = "children",
    }
}

keywords! {
    /// A day of the week, as the engagement's calendar names it.
    pub enum Weekday ("day of the week") {
        /// Monday.
        Monday = "monday",
        /// Tuesday.
        Tuesday = "tuesday",
        /// Wednesday.
        Wednesday = "wednesday",
        /// Thursday.
        Thursday = "thursday",
        /// Friday.
        Friday = "friday",
        /// Saturday.
        Saturday = "saturday",
        /// Sunday.
        Sunday = "sunday",
    }
}

impl Weekday {
    /// The same day in jiff's calendar.
    pub fn civil(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday as W;
        match self {
            Weekday::Monday => W::Monday,
            Weekday::Tuesday => W::Tuesday,
            Weekday::Wednesday => W::Wednesday,
            Weekday::Thursday => W::Thursday,
            Weekday::Friday => W::Friday,
            Weekday::Saturday => W::Saturday,
            Weekday::Sunday => W::Sunday,
        }
    }
}

keywords! {
    /// When in the engagement a control is done.
    pub enum Phase ("phase") {
        /// Before anyone outside gets access.
        BeforeStart = "before-start",
        /// On the first day.
        Day1 = "day-1",
        /// Within the first week.
        Week1 = "week-1",
        /// Throughout the engagement.
        Ongoing = "ongoing",
        /// When the engagement ends.
        Offboarding = "offboarding",
    }
}

impl Phase {
    /// Heading used in checklists.
    pub fn title(self) -> &'static str {
        match self {
            Phase::BeforeStart => "Before start",
            Phase::Day1 => "Day 1",
            Phase::Week1 => "Week 1",
            Phase::Ongoing => "Ongoing",
            Phase::Offboarding => "Offboarding",
        }
    }
}

keywords! {
    /// How much harm a missed control can do.
    pub enum Severity ("severity") {
        /// Blocks the engagement.
        Critical = "critical",
        /// Must be fixed before access is granted.
        High = "high",
        /// Fix within the first weeks.
        Medium = "medium",
        /// Good practice.
        Low = "low",
    }
}

keywords! {
    /// The group a control is listed under in the compliance checklist.
    pub enum Category ("category") {
        /// Contracts, NDAs and intellectual property.
        Contracts = "contracts",
        /// Identity, access and secrets.
        Access = "access",
        /// Gates in the delivery pipeline.
        CiGates = "ci-gates",
        /// What a newcomer is given to start.
        Onboarding = "onboarding",
        /// Who owns and decides what.
        Ownership = "ownership",
        /// The staffing model for the product's stage, capacity and cost.
        Staffing = "staffing",
        /// On-call, incidents and recovery.
        Reliability = "reliability",
        /// Knowledge that outlives the people.
        Continuity = "continuity",
        /// Working together across organisations and time zones.
        Collaboration = "collaboration",
        /// Service levels and measures.
        Metrics = "metrics",
        /// Handing work over from specialists to the team that will run it.
        Handoff = "handoff",
        /// Ending the engagement cleanly.
        Offboarding = "offboarding",
    }
}

impl Category {
    /// Heading used in the compliance checklist.
    pub fn title(self) -> &'static str {
        match self {
            Category::Contracts => "Contracts and IP",
            Category::Access => "Access and secrets",
            Category::CiGates => "CI gates",
            Category::Onboarding => "Onboarding pack",
            Category::Ownership => "Ownership",
            Category::Staffing => "Staffing and stage",
            Category::Reliability => "Reliability",
            Category::Continuity => "Continuity and knowledge",
            Category::Collaboration => "Collaboration",
            Category::Metrics => "SLAs and KPIs",
            Category::Handoff => "Hand-off",
            Category::Offboarding => "Offboarding",
        }
    }
}

keywords! {
    /// The documents a control can be listed in.
    pub enum ChecklistDoc ("document") {
        /// `onboarding-checklist.md`.
        Onboarding = "onboarding-checklist",
        /// `compliance-checklist.md`.
        Compliance = "compliance-checklist",
        /// `offboarding-checklist.md`.
        Offboarding = "offboarding-checklist",
        /// `handoff-plan.md` (hybrid engagements only).
        Handoff = "handoff-plan",
    }
}

keywords! {
    /// Regulations an engagement can name.
    pub enum Regulation ("regulation") {
        /// EU General Data Protection Regulation.
        Gdpr = "gdpr",
        /// UK GDPR.
        UkGdpr = "uk-gdpr",
        /// California Consumer Privacy Act.
        Ccpa = "ccpa",
        /// US Health Insurance Portability and Accountability Act.
        Hipaa = "hipaa",
        /// Payment Card Industry Data Security Standard.
        PciDss = "pci-dss",
        /// Sarbanes-Oxley.
        Sox = "sox",
        /// Gramm-Leach-Bliley Act.
        Glba = "glba",
        /// US Family Educational Rights and Privacy Act.
        Ferpa = "ferpa",
        /// EU Digital Operational Resilience Act.
        Dora = "dora",
        /// EU NIS2 Directive.
        Nis2 = "nis2",
        /// US FedRAMP.
        Fedramp = "fedramp",
        /// Brazil's LGPD.
        Lgpd = "lgpd",
        /// Canada's PIPEDA.
        Pipeda = "pipeda",
        /// India's Digital Personal Data Protection Act.
        Dpdp = "dpdp",
    }
}

keywords! {
    /// Every document charter writes for an engagement, in reading order; the word is the
    /// page's file stem.
    pub enum Document ("document") {
        /// The engagement's overview and links.
        Index = "index",
        /// Tasks by phase, before start to week 1 and ongoing.
        Onboarding = "onboarding-checklist",
        /// Every applicable control by category.
        Compliance = "compliance-checklist",
        /// Activities by roles.
        Raci = "raci",
        /// Procedures step by step.
        Runbooks = "runbooks",
        /// Service levels and indicators.
        SlasKpis = "slas-kpis",
        /// Hybrid engagements: specialists to the delivery team.
        Handoff = "handoff-plan",
        /// Revocation, returns and the final confirmations.
        Offboarding = "offboarding-checklist",
        /// Findings and the sign-off table.
        Review = "pre-engagement-review",
    }
}

impl Document {
    /// The document's title in links and listings.
    pub fn title(self) -> &'static str {
        match self {
            Document::Index => "Overview",
            Document::Onboarding => "Onboarding checklist",
            Document::Compliance => "Compliance checklist",
            Document::Raci => "RACI",
            Document::Runbooks => "Runbooks",
            Document::SlasKpis => "SLAs and KPIs",
            Document::Handoff => "Hand-off plan",
            Document::Offboarding => "Offboarding checklist",
            Document::Review => "Pre-engagement review",
        }
    }

    /// The document whose file stem is `stem`.
    pub fn from_stem(stem: &str) -> Option<Document> {
        Document::ALL.iter().copied().find(|d| d.as_str() == stem)
    }

    /// The template that renders the document, and the page's file name where a wiki's
    /// pages are named by the document alone (`raci.md`).
    pub fn file_name(self) -> &'static str {
        match self {
            Document::Index => "index.md",
            Document::Onboarding => "onboarding-checklist.md",
            Document::Compliance => "compliance-checklist.md",
            Document::Raci => "raci.md",
            Document::Runbooks => "runbooks.md",
            Document::SlasKpis => "slas-kpis.md",
            Document::Handoff => "handoff-plan.md",
            Document::Offboarding => "offboarding-checklist.md",
            Document::Review => "pre-engagement-review.md",
        }
    }

    /// The template that renders the document.
    pub fn template(self) -> String {
        self.file_name().to_string()
    }
}

impl ChecklistDoc {
    /// Whether the document lists its controls as task items people tick (the compliance
    /// checklist is a reference table instead).
    pub fn has_boxes(self) -> bool {
        self != ChecklistDoc::Compliance
    }

    /// The document this checklist is.
    pub fn document(self) -> Document {
        match self {
            ChecklistDoc::Onboarding => Document::Onboarding,
            ChecklistDoc::Compliance => Document::Compliance,
            ChecklistDoc::Offboarding => Document::Offboarding,
            ChecklistDoc::Handoff => Document::Handoff,
        }
    }
}

keywords! {
    /// How the wiki is laid out and linked.
    #[derive(Default)]
    pub enum Flavor ("wiki flavour") {
        /// Plain Markdown files with relative `.md` links.
        #[default]
        Markdown = "markdown",
        /// A GitHub wiki repository.
        GithubWiki = "github-wiki",
        /// A GitLab wiki repository.
        GitlabWiki = "gitlab-wiki",
    }
}

impl std::str::FromStr for Flavor {
    type Err = String;

    fn from_str(text: &str) -> Result<Flavor, String> {
        Flavor::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == text)
            .ok_or_else(|| format!("unknown wiki flavour `{text}`"))
    }
}
