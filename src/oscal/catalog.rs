//! The packs as an OSCAL catalog: one group per pack, one control per pack control, with
//! its requirement as the statement, its evidence as guidance, and its severity, phase,
//! category, owner and framework mappings as properties.

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::oscal::{metadata, one_line, prop, token, uuid};
use crate::pack::Pack;
use crate::pack::control::Control;

/// The catalog of `packs`.
pub fn catalog(packs: &[Pack], today: Date) -> Value {
    let names: Vec<String> = packs
        .iter()
        .map(|p| format!("{}@{}", p.name.value, p.version.value))
        .collect();
    let title = "charter policy packs";
    let mut meta = metadata(title, &names.join(" "), today);
    meta["remarks"] = json!(format!("Packs: {}.", names.join(", ")));
    json!({ "catalog": {
        "uuid": uuid(&["catalog", &names.join(" ")]),
        "metadata": meta,
        "groups": packs.iter().map(group).collect::<Vec<_>>(),
    }})
}

fn group(pack: &Pack) -> Value {
    let mut value = json!({
        "id": token(&format!("pack-{}", pack.name.value)),
        "class": "pack",
        "title": one_line(&pack.title),
        "props": [prop("version", &pack.version.value.to_string())],
    });
    if !pack.controls.is_empty() {
        value["controls"] = pack.controls.iter().map(|c| control(c)).collect();
    }
    value
}

fn control(c: &Control) -> Value {
    let id = token(&c.id.value);
    let mut props = vec![
        prop("severity", c.severity.value.as_str()),
        prop("phase", &c.phase.value.to_string()),
        prop("category", &c.category.value.to_string()),
        prop("owner-role", &c.owner.value),
    ];
    for (framework, ids) in &c.mappings.value.0 {
        for mapped in ids {
            let mut p = prop("framework-mapping", &mapped.value);
            p["class"] = json!(token(&framework.value));
            props.push(p);
        }
    }
    json!({
        "id": id,
        "class": "charter-control",
        "title": one_line(&c.title.value),
        "props": props,
        "parts": [
            { "id": format!("{id}_smt"), "name": "statement", "prose": c.description.value.trim() },
            { "id": format!("{id}_gdn"), "name": "guidance", "prose": format!("Evidence: {}", c.evidence.value.trim()) },
        ],
    })
}
