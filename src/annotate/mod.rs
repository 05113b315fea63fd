//! Annotating in the browser: a local server that shows each source with its facts and
//! records new ones from selected words.
//!
//! In: the seeds and ontology folders, and requests from a browser on this machine. Out: the
//! pages (`page.rs`, from the corpus as `view.rs` reads it) and rows written to the seeds
//! (`actions.rs`, through `corpus::csv_edit` and `corpus::changes`), each change validated at
//! once. `server.rs` decides who is served: 127.0.0.1 only, the right `Host`, the token. What
//! this does not do: anything the command line cannot (`validate` and `export` still decide
//! what the corpus means).

pub(crate) mod actions;
pub(crate) mod page;
pub(crate) mod server;
pub(crate) mod view;
