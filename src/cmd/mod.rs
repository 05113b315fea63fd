//! One module per subcommand, each with `run`: the recipe that chains the stages.
//!
//! In: the plain `Config`. Out: what the command prints on stdout, and its files. Data problems
//! come back as a `Problems` error (exit 1); anything else that stops the run is an ordinary
//! error (exit 2): `main` decides. What lives here besides the commands: the stages as the
//! commands show them on a terminal (with a spinner or a bar).

pub mod add_source;
pub mod annotate;
pub mod coverage;
pub mod evidence;
pub mod export;
pub mod locate;
pub mod publish;
pub mod query;
pub mod suggest;
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
        Config::Annotate { inputs, port } => annotate::run(inputs, *port, stdout),
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
        Config::AddSource(add) => add_source::run(add, stdout),
        Config::Locate {
            seeds,
            source,
            quote,
        } => locate::run(seeds, source, quote, stdout),
        Config::Publish {
            inputs,
            endpoint,
            batch,
            progress,
        } => publish::run(inputs, endpoint, *batch, *progress, stdout),
        Config::Suggest {
            inputs,
            review,
            action,
            progress,
        } => suggest::run(inputs, review, action, *progress, stdout),
        Config::Coverage {
            inputs,
            sources,
            progress,
        } => coverage::run(inputs, sources, *progress, stdout),
    }
}

/// `pipeline::validate_inputs`, with a spinner on a terminal when `progress` is on. Its
/// warnings are printed on stderr, with their count: they fail nothing.
fn validate_shown(inputs: &Inputs, progress: bool) -> anyhow::Result<Validated> {
    let validated = progress::spinning(progress, progress::READ_VALIDATE, || {
        pipeline::validate_inputs(inputs)
    })?;
    if !validated.warnings.is_empty() {
        let mut stderr = std::io::stderr().lock();
        for warning in &validated.warnings {
            writeln!(stderr, "{warning}")?;
        }
        let n = validated.warnings.len();
        let s = if n == 1 { "" } else { "s" };
        writeln!(stderr, "{n} warning{s} found; the run goes on")?;
    }
    Ok(validated)
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
