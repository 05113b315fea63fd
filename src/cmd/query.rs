//! `sahel-kg query`: one SPARQL SELECT, printed.
//!
//! In: the query (a file or `--sparql`) and what it runs on: the graph built from the
//! annotations, or an endpoint that already holds it. Out: the answer on stdout, in the chosen
//! format; a problem with the query is a located data problem. What this does not do: write
//! any file.

use std::io::Write;

use anyhow::Context;

use crate::config::{Format, QueryOn, QueryText};
use crate::problem::Problems;
use crate::progress;
use crate::remote::endpoint::Client;
use crate::render::report;
use crate::sparql::query::Engine;

/// Runs the query and prints its answer.
pub fn run(
    query: &QueryText,
    format: Format,
    on: &QueryOn,
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let (file, text) = match query {
        QueryText::File(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("could not read the query {}", path.display()))?,
        ),
        QueryText::Inline(text) => ("--sparql".to_owned(), text.clone()),
    };
    let (engine, timeout) = match on {
        QueryOn::Endpoint(remote) => (
            Engine::Endpoint(Box::new(Client::new(remote)?)),
            remote.timeout,
        ),
        QueryOn::Corpus { inputs, timeout } => {
            let validated = super::validate_shown(inputs, progress)?;
            (
                Engine::Embedded(super::load_shown(&validated, progress)?),
                *timeout,
            )
        }
    };
    let answer = progress::spinning(progress, progress::QUERY, || {
        engine.run(&file, &text, true, timeout)
    })?
    .map_err(|p| Problems(vec![p]))?;
    report::write(&answer, format, stdout)
}
