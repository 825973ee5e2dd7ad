//! Input: files in, typed values out. YAML is parsed here (and only here), decoded into
//! engagements, workspace settings and parameters with every problem collected and located.

pub mod builtin;
pub mod decode;
pub mod engagement;
pub mod params;
pub mod schema;
pub mod vocab;
pub mod when;
pub mod workspace;
pub mod yaml;
