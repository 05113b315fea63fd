//! `sahel-kg evidence A B`: every claim between two actors, in both directions.
//!
//! In: two actor ids and the annotations. Out: on stdout, in the chosen format, one row per
//! claim between them, each as it was annotated (which of the two is the subject), with its
//! source, dates and quote, the other documents that carry the passage its quote lies in and
//! what its source reprints. The query is `evidence.rq`, beside this file, with `?a` and `?b`
//! bound before it runs (the mechanism of `query --as-of`). An id that names no actor is a
//! usage error that names the closest one. What this does not do: write any file, or merge
//! the two directions into one.

use std::io::Write;

use oxigraph::model::Term;

use crate::answer::Answer;
use crate::config::Format;
use crate::config::Inputs;
use crate::pipeline::map::actor_iri;
use crate::pipeline::read;
use crate::problem::{Problems, did_you_mean};
use crate::render::report;
use crate::sparql::query::Engine;

/// The longest the query may run: the default of `--query-timeout`, which `evidence` does not
/// take (one query over the claims of two actors).
const TIMEOUT: std::time::Duration =
    std::time::Duration::from_secs(crate::cli::DEFAULT_QUERY_TIMEOUT_SECONDS);

/// The query, a SELECT whose `?a` and `?b` are the two actors.
pub const QUERY: &str = include_str!("evidence.rq");

/// Prints the evidence between actors `a` and `b`.
pub fn run(
    inputs: &Inputs,
    a: &str,
    b: &str,
    format: Format,
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        a != b,
        "`{a}` twice: give two different actors (no fact relates an actor to itself)"
    );
    let validated = super::validate_shown(inputs, progress)?;
    let ids: Vec<&str> = validated.actors.iter().map(|x| x.id.as_str()).collect();
    for id in [a, b] {
        anyhow::ensure!(
            ids.contains(&id),
            "no actor `{id}` in {}{}: expected an id of its first column",
            inputs.seeds.join(read::ACTORS.file).display(),
            did_you_mean(id, ids.iter().copied())
        );
    }
    let store = super::load_shown(&validated, progress)?;
    let bindings: [(&str, Term); 2] = [("a", actor_iri(a).into()), ("b", actor_iri(b).into())];
    let answer = Engine::Embedded(store)
        .run_bound("evidence.rq", QUERY, false, &bindings, TIMEOUT)?
        .map_err(|p| Problems(vec![p]))?;
    // ?a and ?b are selected to be bound, and are the same on every row: not printed.
    report::write(&without(&answer, &["a", "b"]), format, stdout)
}

/// `answer` without the columns `dropped`.
fn without(answer: &Answer, dropped: &[&str]) -> Answer {
    let kept: Vec<usize> = (0..answer.columns.len())
        .filter(|&i| !dropped.contains(&answer.columns[i].as_str()))
        .collect();
    let mut out = Answer::new(kept.iter().map(|&i| answer.columns[i].clone()).collect());
    for record in answer.records() {
        let terms = record.terms();
        let row: Vec<Option<Term>> = kept.iter().map(|&i| terms[i].clone()).collect();
        out.push_row(&row);
    }
    out
}
