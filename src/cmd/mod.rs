//! One module per subcommand, each with `run`: the recipe that chains the stages.
//!
//! In: the plain `Config`. Out: what the command prints on stdout, and its files. Data problems
//! come back as a `Problems` error (exit 1); anything else that stops the run is an ordinary
//! error (exit 2): `main` decides. What lives here besides the commands: the stages as the
//! commands show them on a terminal (with a spinner or a bar).

pub mod evidence;
pub mod export;
pub mod publish;
pub mod query;
pub mod synth;
pub mod validate;

use std::io::Write;

use oxigraph::store::Store;

use crate::config::{Config, Inputs};
use crate::pipeline::map::{Graph, Scope};
use crate::pipeline::passages::Passages;
use crate::pipeline::validate::Validated;
use crate::pipeline::{self, store};
use crate::progress;

/// Runs one command.
pub fn run(config: &Config, stdout: &mut dyn Write) -> anyhow::Result<()> {
    match config {
        Config::Validate { inputs, progress } => validate::run(inputs, *progress, stdout),
        Config::Export(export) => export::run(export, stdout),
        Config::Synth { facts, out, seed } => synth::run(out, *facts, *seed, stdout),
        Config::Query {
            query,
            format,
            on,
            as_of,
            progress,
        } => query::run(query, *format, on, *as_of, *progress, stdout),
        Config::Evidence {
            inputs,
            a,
            b,
            format,
            progress,
        } => evidence::run(inputs, a, b, *format, *progress, stdout),
        Config::Publish {
            inputs,
            endpoint,
            batch,
            progress,
        } => publish::run(inputs, endpoint, *batch, *progress, stdout),
    }
}

/// `pipeline::validate_inputs`, with a spinner on a terminal when `progress` is on.
fn validate_shown(inputs: &Inputs, progress: bool) -> anyhow::Result<Validated> {
    progress::spinning(progress, progress::READ_VALIDATE, || {
        pipeline::validate_inputs(inputs)
    })
}

/// The graph named and ordered (`Graph::new`), with a spinner on a terminal when `progress`
/// is on.
fn name_shown(validated: &Validated, progress: bool) -> anyhow::Result<Graph<'_>> {
    progress::spinning(progress, progress::NAME_ORDER, || Graph::new(validated))
}

/// `name_shown`, with the corpus's shared passages found beforehand.
fn name_shown_with(
    validated: &Validated,
    passages: Passages,
    progress: bool,
) -> anyhow::Result<Graph<'_>> {
    progress::spinning(progress, progress::NAME_ORDER, || {
        Graph::with_passages(validated, Scope::Whole, std::borrow::Cow::Owned(passages))
    })
}

/// The store loaded with the graph, with a bar on a terminal when `progress` is on.
fn load_shown(validated: &Validated, progress: bool) -> anyhow::Result<Store> {
    let graph = name_shown(validated, progress)?;
    let bar = progress::Progress::new(progress, graph.blocks() as u64, progress::MAP_LOAD);
    store::load(&graph, || bar.inc(1))
}
