//! `charter status`: progress, overdue items and open items per person, from the wiki.

use std::path::Path;

use serde_json::json;

use crate::cli::{StatusArgs, StatusFormat};
use crate::cmd::output::{data, pretty};
use crate::cmd::{Exit, Ui, open_project, print_diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::project::Job;
use crate::status::{self, PageReport, Standing};
use crate::wiki::git;
use crate::wiki::record::{self, Record};

/// Reports the wiki's progress.
pub fn run(args: &StatusArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let pages = read(args, &mut diags);
    print_diagnostics(&diags, ui);
    let Some((wiki, today, mut pages)) = pages.filter(|_| !diags.has_errors()) else {
        return Exit::BadInput;
    };
    if let Some(name) = &args.person {
        for page in &mut pages {
            page.items.retain(|i| status::concerns(i, name));
        }
        pages.retain(|p| !p.items.is_empty());
        for page in &mut pages {
            page.signoffs.clear();
            page.unidentified.clear();
        }
        if args.format == StatusFormat::Text {
            data(&person_text(name, &pages));
            return Exit::Ok;
        }
    }
    if args.history {
        let mut diags = Diagnostics::default();
        history(&wiki, &mut pages, &mut diags);
        print_diagnostics(&diags, ui);
        if diags.has_errors() {
            return Exit::BadInput;
        }
    }
    match args.format {
        StatusFormat::Text => data(&text(&pages, args.within)),
        StatusFormat::Json => data(&pretty(&as_json(&pages))),
        StatusFormat::Csv => data(&csv(&pages)),
        StatusFormat::Ics => data(&status::calendar::ics(&pages, today)),
    }
    let overdue = pages.iter().any(|p| p.count(Standing::Overdue) > 0);
    if args.fail_on.is_some() && overdue {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

/// Every page's report: the engagements the wiki records (or the workspace's), resolved
/// as a build resolves them, joined with the ticks on their pages.
fn read(
    args: &StatusArgs,
    diags: &mut Diagnostics,
) -> Option<(std::path::PathBuf, jiff::civil::Date, Vec<PageReport>)> {
    let project = open_project(&args.project, None, None, diags)?;
    let wiki = args.wiki.clone().unwrap_or_else(|| project.out.clone());
    if !wiki.is_dir() {
        let message = format!("`{}` is not a folder", fs::display(&wiki));
        diags.push(
            Diagnostic::unlocated(message).with_help("name the wiki folder charter builds into"),
        );
        return None;
    }
    let record = Record::read(&wiki).map_err(|e| diags.push(e)).ok()?;
    let (files, flavor) = match record.engagements.is_empty() {
        false => {
            let confine = project.confine().map_err(|e| diags.push(e)).ok()?;
            (
                record.confined_files(&wiki, &confine, diags),
                record.flavor(),
            )
        }
        true if project.workspace.is_some() => {
            (project.engagement_files(&[], diags)?.files, project.flavor)
        }
        true => {
            diags.push(no_record(&wiki));
            return None;
        }
    };
    let window = (project.today, args.within);
    let each = |job: &Job, d: &mut Diagnostics| {
        (job.status_pages(&wiki, flavor, window))
            .map_err(|e| d.push(e))
            .unwrap_or_default()
    };
    let pages = project.each(&files, None, &|| {}, &each, diags).concat();
    Some((wiki, project.today, pages))
}

/// Everything one person owns or must do, across the documents, by due date.
fn person_text(name: &str, pages: &[PageReport]) -> String {
    let mut items: Vec<_> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(move |i| (p, i)))
        .collect();
    items.sort_by(|a, b| (&a.1.due, &a.1.key).cmp(&(&b.1.due, &b.1.key)));
    let mut out = format!("{name}: {} items\n", items.len());
    for (p, i) in items {
        out.push_str(&format!(
            "  {}  {:<9}  {}  {}  ({})\n",
            i.due.as_deref().unwrap_or("no date"),
            standing_name(i.standing),
            p.engagement,
            i.key,
            i.at
        ));
    }
    out
}

/// Fills in who ticked each ticked item, from the git history of its page.
fn history(wiki: &Path, pages: &mut [PageReport], diags: &mut Diagnostics) {
    if !git::is_repository(wiki) {
        let message = format!("`{}` is not in a git repository", fs::display(wiki));
        let help = "--history reads who ticked each box from the wiki's commits";
        diags.push(Diagnostic::unlocated(message).with_help(help));
        return;
    }
    for page in pages.iter_mut() {
        match git::tick_history(wiki, &page.path) {
            Ok(ticks) => {
                for item in &mut page.items {
                    if item.standing == Standing::Done {
                        item.ticked = ticks.get(&item.key).cloned().map(Box::new);
                    }
                }
            }
            Err(e) => diags.push(e),
        }
    }
}

/// One row per item: where it is, where it stands, its evidence and who ticked it.
fn csv(pages: &[PageReport]) -> String {
    let field = |text: &str| {
        // A cell a spreadsheet would run as a formula starts with a quote instead.
        let text = if text.starts_with(['=', '+', '-', '@']) {
            format!("'{text}")
        } else {
            text.to_string()
        };
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    };
    let mut out = String::from(
        "engagement,document,key,control,title,person,standing,due,owners,at,evidence,evidence_missing,ticked_by,ticked_email,ticked_commit,ticked_date\r\n",
    );
    for page in pages {
        for i in &page.items {
            let tick = i.ticked.as_ref();
            let row = [
                page.engagement.as_str(),
                page.document.as_str(),
                &i.key,
                &i.id,
                &i.title,
                i.person.as_deref().unwrap_or(""),
                standing_name(i.standing),
                i.due.as_deref().unwrap_or(""),
                &i.owners.join("; "),
                &i.at,
                &i.evidence.join(" "),
                if i.missing_evidence { "missing" } else { "" },
                tick.map_or("", |t| t.author.as_str()),
                tick.map_or("", |t| t.email.as_str()),
                tick.map_or("", |t| t.commit.as_str()),
                tick.map_or("", |t| t.date.as_str()),
            ];
            let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn standing_name(standing: Standing) -> &'static str {
    match standing {
        Standing::Done => "done",
        Standing::Overdue => "overdue",
        Standing::DueSoon => "due-soon",
        Standing::Waived => "waived",
        Standing::Open => "open",
    }
}

fn no_record(wiki: &Path) -> Diagnostic {
    let message = format!(
        "`{}` does not record which engagements it holds (`{}`)",
        fs::display(wiki),
        record::PATH
    );
    Diagnostic::unlocated(message)
        .with_help("build the wiki with this version of charter, or run status in its workspace")
}

fn text(pages: &[PageReport], within: i64) -> String {
    let mut out = table(pages);
    let items = |standing: Standing| {
        let all = pages
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)));
        all.filter(move |(_, i)| i.standing == standing)
    };
    for (title, standing) in [
        ("Overdue", Standing::Overdue),
        (
            &*format!("Due in the next {within} days"),
            Standing::DueSoon,
        ),
    ] {
        let lines: Vec<String> = items(standing)
            .map(|(p, i)| {
                let due = i.due.as_deref().unwrap_or("no date");
                format!(
                    "  {}  {}  due {due}  {}  ({})\n",
                    p.engagement,
                    i.id,
                    i.owners.join(", "),
                    i.at
                )
            })
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n{title}:\n{}", lines.concat()));
        }
    }
    let ticked: Vec<String> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(move |i| (p, i)))
        .filter_map(|(p, i)| i.ticked.as_ref().map(|t| (p, i, t)))
        .map(|(p, i, t)| {
            let short = t.commit.get(..12).unwrap_or(&t.commit);
            format!(
                "  {}  {}  by {} <{}>  {}  {short}\n",
                p.engagement, i.key, t.author, t.email, t.date
            )
        })
        .collect();
    let bare: Vec<String> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(move |i| (p, i)))
        .filter(|(_, i)| i.missing_evidence)
        .map(|(p, i)| format!("  {}  {}  ({})\n", p.engagement, i.key, i.at))
        .collect();
    if !bare.is_empty() {
        out.push_str(&format!(
            "\nTicked without evidence (write a link or path in the item's notes):\n{}",
            bare.concat()
        ));
    }
    if !ticked.is_empty() {
        out.push_str(&format!("\nTicked:\n{}", ticked.concat()));
    }
    let people = status::open_by_person(pages);
    if !people.is_empty() {
        out.push_str("\nOpen items per person:\n");
        for (name, (open, overdue)) in people {
            out.push_str(&format!("  {name}: {open} open, {overdue} overdue\n"));
        }
    }
    let signoffs: Vec<String> = pages
        .iter()
        .flat_map(|p| p.signoffs.iter().map(move |s| (p, s)))
        .map(|(p, s)| {
            let cells: Vec<String> = s
                .cells
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            let state = if s.signed { "signed" } else { "not signed" };
            format!(
                "  {}  {}  {state}  {}\n",
                p.engagement,
                s.area,
                cells.join(", ")
            )
        })
        .collect();
    if !signoffs.is_empty() {
        out.push_str(&format!("\nSign-off:\n{}", signoffs.concat()));
    }
    let unknown: Vec<String> = pages
        .iter()
        .flat_map(|p| &p.unidentified)
        .map(|u| format!("  {}: no control id, not counted: {}\n", u.at, u.text))
        .collect();
    if !unknown.is_empty() {
        out.push_str(&format!(
            "\nItems without a control id:\n{}",
            unknown.concat()
        ));
    }
    out
}

fn table(pages: &[PageReport]) -> String {
    let width = pages
        .iter()
        .map(|p| p.engagement.len())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!(
        "{:<width$}  {:<24}  {:>4}  {:>5}  {:>7}  {:>8}\n",
        "ENGAGEMENT", "DOCUMENT", "DONE", "TOTAL", "OVERDUE", "DUE-SOON"
    );
    for p in pages.iter().filter(|p| !p.items.is_empty()) {
        out.push_str(&format!(
            "{:<width$}  {:<24}  {:>4}  {:>5}  {:>7}  {:>8}\n",
            p.engagement,
            p.document.as_str(),
            p.count(Standing::Done),
            p.items.len(),
            p.count(Standing::Overdue),
            p.count(Standing::DueSoon)
        ));
    }
    out
}

fn as_json(pages: &[PageReport]) -> serde_json::Value {
    let people: Vec<serde_json::Value> = status::open_by_person(pages)
        .into_iter()
        .map(|(name, (open, overdue))| json!({ "name": name, "open": open, "overdue": overdue }))
        .collect();
    json!({ "pages": pages, "people": people })
}
