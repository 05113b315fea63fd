//! `sahel-kg query`: one SPARQL SELECT, printed.
//!
//! In: the query (a file or `--sparql`) and what it runs on: the graph built from the
//! annotations, or an endpoint that already holds it; with `--as-of DATE`, the date its
//! variable `?asOf` is bound to before it runs (a stored parameter: the query reads it, and
//! the export runs the same query without it). Out: the answer on stdout, in the chosen
//! format; a problem with the query is a located data problem. What this does not do: write
//! any file.

use std::io::Write;

use anyhow::Context;
use oxigraph::model::{Literal, Term};

use crate::config::{Format, QueryOn, QueryText};
use crate::pipeline::dates::PartialDate;
use crate::problem::Problems;
use crate::progress;
use crate::remote::endpoint::Client;
use crate::render::report;
use crate::sparql::query::Engine;

/// The variable `--as-of` binds.
pub const AS_OF: &str = "asOf";

/// Runs the query and prints its answer.
pub fn run(
    query: &QueryText,
    format: Format,
    on: &QueryOn,
    as_of: Option<PartialDate>,
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
    let bindings: Vec<(&str, Term)> = as_of
        .map(|date| {
            let literal = Literal::new_typed_literal(date.to_string(), date.datatype());
            (AS_OF, literal.into())
        })
        .into_iter()
        .collect();
    let answer = progress::spinning(progress, progress::QUERY, || {
        engine.run_bound(&file, &text, true, &bindings, timeout)
    })?
    .map_err(|p| Problems(vec![p]))?;
    report::write(&answer, format, stdout)
}
