//! What the loader checks by hand and a schema can still say: id patterns, non-empty
//! lists and reasons, the `HH:MM-HH:MM` hours, pack references naming built-in packs, enum
//! parameters with their values. Applied to the schemas derived from the model types, so
//! an editor flags these as they are typed.

use serde_json::{Value, json};

use crate::input::builtin;

/// Engagement ids and pack names: lowercase words joined by single hyphens, not a name
/// Windows reserves for a device (`input::engagement::is_safe_id`).
fn safe_id() -> Value {
    let reserved: Vec<String> = ["con", "prn", "aux", "nul"]
        .into_iter()
        .map(String::from)
        .chain((1..=9).flat_map(|n| [format!("com{n}"), format!("lpt{n}")]))
        .collect();
    json!({
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "maxLength": 64,
        "not": { "enum": reserved },
    })
}

/// Control and metric ids: uppercase words of letters and digits joined by single
/// hyphens (`pack::control::is_upper_id`).
fn upper_id() -> Value {
    json!({ "pattern": "^[A-Z0-9]+(-[A-Z0-9]+)*$", "maxLength": 48 })
}

/// A pack reference: `builtin:NAME` of a built-in pack, `local:NAME`, or a path; each
/// with an optional `@REQUIREMENT`.
fn pack_reference() -> Value {
    let names: Vec<&str> = builtin::PACKS.iter().map(|(name, _)| *name).collect();
    let pattern = format!(
        "^(builtin:({})|local:[a-z0-9]+(-[a-z0-9]+)*|[^:@\\s][^:@]*)(@[^@\\s]+)?$",
        names.join("|")
    );
    json!({
        "type": "string",
        "pattern": pattern,
        "description": format!("`builtin:NAME` ({}), `local:NAME` or a path, with an optional `@VERSION-REQUIREMENT`", names.join(", ")),
    })
}

/// Text with something other than spaces in it.
fn not_blank() -> Value {
    json!({ "minLength": 1, "pattern": "\\S" })
}

/// Adds `extra`'s fields to the schema object at `pointer`, if there is one.
fn merge(schema: &mut Value, pointer: &str, extra: Value) {
    if let (Some(Value::Object(target)), Value::Object(extra)) =
        (schema.pointer_mut(pointer), extra)
    {
        target.extend(extra);
    }
}

/// Tightens the engagement schema.
pub fn engagement(schema: &mut Value) {
    merge(schema, "/properties/id", safe_id());
    merge(
        schema,
        "/properties/packs",
        json!({ "minItems": 1, "items": pack_reference() }),
    );
    let hours = "^([01][0-9]|2[0-4]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$";
    merge(
        schema,
        "/$defs/Window/properties/hours",
        json!({ "pattern": hours }),
    );
    merge(schema, "/$defs/Waiver/properties/control", upper_id());
}

/// Tightens the pack schema.
pub fn pack(schema: &mut Value) {
    merge(schema, "/properties/pack", safe_id());
    merge(
        schema,
        "/properties/requires",
        json!({ "items": pack_reference() }),
    );
    for definition in ["Control", "ControlPatch", "Metric"] {
        merge(
            schema,
            &format!("/$defs/{definition}/properties/id"),
            upper_id(),
        );
    }
    control_patch_keys(schema);
    for kind in ["control", "metric", "review-rule"] {
        merge(
            schema,
            &format!("/$defs/Disable/properties/{kind}"),
            upper_id(),
        );
    }
    merge(
        schema,
        "/$defs/Disable/properties/step",
        json!({ "pattern": "^[^/]+/[a-z0-9]+(-[a-z0-9]+)*$" }),
    );
    merge(schema, "/$defs/Disable/properties/reason", not_blank());
    for raci in ["Raci", "Raci2"] {
        merge(
            schema,
            &format!("/$defs/{raci}/properties/responsible"),
            json!({ "minItems": 1 }),
        );
    }
    merge(
        schema,
        "/$defs/ParameterDeclaration",
        json!({
            "if": { "properties": { "type": { "const": "enum" } }, "required": ["type"] },
            "then": {
                "required": ["values"],
                "properties": { "values": { "minItems": 1 } },
            },
        }),
    );
}

/// A control override names its control with `control:` or, as first written, `id:`.
fn control_patch_keys(schema: &mut Value) {
    let Some(Value::Object(patch)) = schema.pointer_mut("/$defs/ControlPatch") else {
        return;
    };
    if let Some(Value::Object(properties)) = patch.get_mut("properties") {
        let mut control = upper_id();
        if let Value::Object(c) = &mut control {
            c.insert("type".into(), "string".into());
            c.insert("description".into(), "The control's id".into());
        }
        properties.insert("control".into(), control);
    }
    patch.remove("required");
    patch.insert(
        "oneOf".into(),
        json!([{ "required": ["id"] }, { "required": ["control"] }]),
    );
}
