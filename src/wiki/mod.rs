//! The wiki repository: people's ticks and notes read back from pages ([`state`]) and
//! carried into fresh renderings ([`merge`]).

pub mod merge;
pub mod state;
