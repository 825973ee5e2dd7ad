//! The project: command-line settings in, resolved engagements out, by one path that every
//! command shares.

pub mod batch;
pub mod pipeline;
pub mod validate;
