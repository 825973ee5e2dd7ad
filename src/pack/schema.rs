//! JSON Schemas of the engagement and pack formats, derived from the types the loader
//! decodes into, so editors can validate files as they are typed.
//!
//! The model types derive `JsonSchema`; the few the loader reads by hand (located values,
//! id-keyed mappings, `when` conditions, parameter declarations) get their schema here.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diag::source::Located;
use crate::input::decode::Entries;
use crate::input::engagement::Engagement;
use crate::input::params::{ParamDecl, ParamType, RawValue};
use crate::input::vocab::{Classification, DataCategory, Model, Regulation, Stage};
use crate::input::when::Condition;
use crate::pack::patches::{ActivityPatch, MetricPatch, ReviewRulePatch, RunbookPatch, StepPatch};
use crate::pack::{ControlPatch, Disable, Kind, Override, Pack};

mod tighten;

/// The schema of engagement files.
pub fn engagement() -> serde_json::Value {
    let mut schema = with_id(schemars::schema_for!(Engagement), "engagement");
    tighten::engagement(&mut schema);
    schema
}

/// The schema of pack files.
pub fn pack() -> serde_json::Value {
    let mut schema = with_id(schemars::schema_for!(Pack), "pack");
    tighten::pack(&mut schema);
    schema
}

fn with_id(schema: Schema, name: &str) -> serde_json::Value {
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        let id = format!(
            "{}/raw/main/schemas/{name}.schema.json",
            env!("CARGO_PKG_REPOSITORY")
        );
        object.insert("$id".into(), id.into());
        object.insert("title".into(), format!("charter {name} file").into());
    }
    value
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T: JsonSchema> JsonSchema for Entries<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Entries_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<T>();
        json_schema!({ "type": "object", "additionalProperties": value })
    }
}

impl JsonSchema for RawValue {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "A value checked against the parameter's declaration" })
    }
}

impl JsonSchema for ParamDecl {
    fn schema_name() -> Cow<'static, str> {
        "ParameterDeclaration".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let ty = generator.subschema_for::<ParamType>();
        json_schema!({
            "type": "object",
            "additionalProperties": false,
            "required": ["type", "default", "description"],
            "properties": {
                "type": ty,
                "default": { "description": "Value used when no layer sets one" },
                "min": { "description": "Smallest value (integer, number, duration)" },
                "max": { "description": "Largest value (integer, number, duration)" },
                "values": { "type": "array", "items": { "type": "string" }, "description": "Allowed values of an enum" },
                "description": { "type": "string" }
            }
        })
    }
}

impl JsonSchema for Override {
    fn schema_name() -> Cow<'static, str> {
        "Override".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let kinds = [
            generator.subschema_for::<ControlPatch>(),
            generator.subschema_for::<RunbookPatch>(),
            generator.subschema_for::<StepPatch>(),
            generator.subschema_for::<MetricPatch>(),
            generator.subschema_for::<ActivityPatch>(),
            generator.subschema_for::<ReviewRulePatch>(),
        ];
        json_schema!({
            "description": "The fields a later layer changes on one item, named by its kind and id",
            "anyOf": kinds
        })
    }
}

impl JsonSchema for Disable {
    fn schema_name() -> Cow<'static, str> {
        "Disable".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut properties = serde_json::Map::new();
        for kind in Kind::ALL {
            let description = format!("The {}'s id", kind.noun());
            let schema = serde_json::json!({ "type": "string", "description": description });
            properties.insert(kind.as_str().into(), schema);
        }
        let reason = serde_json::json!({ "type": "string", "description": "Why it does not apply to this organisation" });
        properties.insert("reason".into(), reason);
        let one_of: Vec<serde_json::Value> = Kind::ALL
            .iter()
            .map(|k| serde_json::json!({ "required": [k.as_str()] }))
            .collect();
        json_schema!({
            "type": "object",
            "description": "An item of an earlier pack switched off, named by its kind and id",
            "additionalProperties": false,
            "required": ["reason"],
            "properties": properties,
            "oneOf": one_of
        })
    }
}

impl JsonSchema for Condition {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let myself = generator.subschema_for::<Condition>();
        let model = one_or_many(generator.subschema_for::<Model>());
        let stage = one_or_many(generator.subschema_for::<Stage>());
        let class = ordered(generator.subschema_for::<Classification>());
        let count = ordered(json_schema!({ "type": "integer" }).to_value());
        let regulations = set(generator.subschema_for::<Regulation>());
        let categories = set(generator.subschema_for::<DataCategory>());
        let strings = set(json_schema!({ "type": "string" }).to_value());
        json_schema!({
            "type": "object",
            "additionalProperties": false,
            "minProperties": 1,
            "description": "All matchers given must hold",
            "properties": {
                "model": model, "stage": stage, "data-classification": class,
                "team-size": count, "vendor-people": count,
                "regulations": regulations, "environments": strings, "repositories": strings,
                "data-categories": categories,
                "production-access": { "type": "boolean" },
                "all": { "type": "array", "items": myself },
                "any": { "type": "array", "items": myself },
                "not": myself
            }
        })
    }
}

fn one_or_many(item: impl Into<serde_json::Value>) -> serde_json::Value {
    let item = item.into();
    serde_json::json!({ "anyOf": [item, { "type": "array", "items": item }] })
}

fn ordered(item: impl Into<serde_json::Value>) -> serde_json::Value {
    let item = item.into();
    let bounds = serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "properties": { "at-least": item, "at-most": item, "one-of": one_or_many(item.clone()) }
    });
    serde_json::json!({ "anyOf": [item, { "type": "array", "items": item }, bounds] })
}

fn set(item: impl Into<serde_json::Value>) -> serde_json::Value {
    let item = item.into();
    let list = serde_json::json!({ "type": "array", "items": item });
    let bounds = serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "properties": { "any-of": list, "all-of": list, "none-of": list, "empty": { "type": "boolean" } }
    });
    serde_json::json!({ "anyOf": [list, bounds] })
}
