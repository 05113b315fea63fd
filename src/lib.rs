//! sahel-kg: hand-annotated facts about Sahel alliances, turned into linked data.
//!
//! ```text
//!  seeds/*.csv ──► read ──► validate ──► map ──► store ──► query ──► report ──► output/*.csv
//!  seeds/documents/  (read.rs)  (validate.rs) (map.rs) (store.rs) (query.rs) (report.rs)
//!  ontology/*.ttl ─────────────┘    ▲                       │                     output/graph.ttl
//!                                   └─ text.rs: quotes      └──► export ────────► output/graph.nt
//!                                      located in documents       (export.rs)   (output.rs: all or nothing)
//! ```
//!
//! Each stage is one module, in that order. Data problems are values (`problem::Problem`),
//! collected across a whole stage and reported together; `Validated` can only be built by
//! `validate`, so `map` never sees unchecked data. Outputs are staged and moved into place
//! only when the whole run succeeded (`output.rs`).

pub mod cli;
pub mod config;
pub mod coverage;
pub mod dates;
pub mod export;
pub mod map;
pub mod ontology;
pub mod output;
pub mod problem;
pub mod query;
pub mod read;
pub mod report;
pub mod store;
pub mod text;
pub mod validate;
pub mod vocab;

use std::io::Write;

use anyhow::Context;
use oxigraph::model::{GraphName, Quad, Triple};
use oxigraph::store::Store;

use crate::config::{Config, Inputs, QueryText};
use crate::ontology::Ontology;
use crate::problem::{Problem, Problems};
use crate::validate::Validated;

/// Runs one command. Data problems come back as a `Problems` error (exit 1); anything else
/// that stops the run is an ordinary error (exit 2).
pub fn run(config: &Config, stdout: &mut dyn Write) -> anyhow::Result<()> {
    match config {
        Config::Validate { inputs } => {
            let validated = validate_inputs(inputs)?;
            writeln!(
                stdout,
                "{}: valid: {} sources, {} parts, {} actors, {} facts, {} not-fact decisions",
                inputs.seeds.display(),
                validated.sources.len(),
                validated.parts.len(),
                validated.actors.len(),
                validated.facts.len(),
                validated.not_facts.len()
            )?;
            Ok(())
        }
        Config::Export {
            inputs,
            queries,
            out,
        } => {
            // Queries are checked before any work, so a broken one costs nothing.
            let stored = query::load(queries)?.map_err(Problems)?;
            let validated = validate_inputs(inputs)?;
            let store = build_store(&validated)?;
            let mut answers = Vec::new();
            let mut problems = Vec::new();
            for q in &stored {
                match query::run(&store, &q.file, &q.text, false)? {
                    Ok(answer) => answers.push((q, answer)),
                    Err(problem) => problems.push(problem),
                }
            }
            Problems(problems).into_result()?;
            // The exports are the canonical graph, not the store's view of it: the store
            // normalises derived datatypes (`xsd:nonNegativeInteger` becomes `xsd:integer`).
            drop(store);
            let triples = graph(&validated);
            let triple_count = triples.len();
            let mut staged = output::Staged::new(out)?;
            for (q, answer) in &answers {
                staged.write(&format!("{}.csv", q.name), |w| {
                    report::write(answer, report::Format::Csv, w)
                })?;
            }
            let coverage = coverage::rows(&validated)?;
            staged.write("coverage.csv", |w| {
                report::write_csv_rows(coverage::COLUMNS, coverage, w)
            })?;
            staged.write("graph.nt", |w| export::write_ntriples(&triples, w))?;
            staged.write("graph.ttl", |w| export::write_turtle(&triples, w))?;
            staged.write("graph.jsonld", |w| export::write_jsonld(&triples, w))?;
            drop(triples);
            let quads = dataset(&validated);
            staged.write("graph.nq", |w| export::write_nquads(&quads, w))?;
            let fingerprint = export::fingerprint(&quads)?;
            staged.write("graph.sha256", |w| {
                Ok(writeln!(w, "{fingerprint}  graph.nq")?)
            })?;
            let written = staged.commit()?;
            writeln!(
                stdout,
                "{}: wrote {} files ({} reports; graph of {} triples from {} facts)",
                out.display(),
                written.len(),
                answers.len(),
                triple_count,
                validated.facts.len()
            )?;
            Ok(())
        }
        Config::Query {
            inputs,
            query,
            format,
        } => {
            let (file, text) = match query {
                QueryText::File(path) => (
                    path.display().to_string(),
                    std::fs::read_to_string(path)
                        .with_context(|| format!("could not read the query {}", path.display()))?,
                ),
                QueryText::Inline(text) => ("--sparql".to_owned(), text.clone()),
            };
            let validated = validate_inputs(inputs)?;
            let store = build_store(&validated)?;
            let answer = query::run(&store, &file, &text, true)?.map_err(|p| Problems(vec![p]))?;
            report::write(&answer, *format, stdout)?;
            Ok(())
        }
    }
}

/// Stages 1 and 2: read the ontology and the annotations and validate them.
pub fn validate_inputs(inputs: &Inputs) -> anyhow::Result<Validated> {
    // A missing directory is a wrong path, not a data problem: exit 2, said once.
    anyhow::ensure!(
        inputs.seeds.is_dir(),
        "no annotations directory at {} (use --seeds DIR)",
        inputs.seeds.display()
    );
    let ontology = Ontology::load(&inputs.ontology)?.map_err(Problems)?;
    let mut problems: Vec<Problem> = Vec::new();
    let annotations = read::read(&inputs.seeds, &mut problems)?;
    Ok(validate::validate(
        &annotations,
        ontology,
        &inputs.documents,
        problems,
    )??)
}

/// Stages 3 and 4: map to RDF and load the store with the ontology.
pub fn build_store(validated: &Validated) -> anyhow::Result<Store> {
    let data = map::map(validated).into_iter().map(Triple::from).collect();
    store::load(&validated.ontology.triples, data)
}

/// The whole graph, ontology and data, sorted in N-Triples order: what the exports hold.
pub fn graph(validated: &Validated) -> Vec<Triple> {
    let mut triples = validated.ontology.triples.clone();
    triples.extend(map::map(validated).into_iter().map(Triple::from));
    export::sorted(triples)
}

/// The whole dataset, with each source's claims in its own named graph, sorted in N-Quads
/// order: what `graph.nq` holds.
pub fn dataset(validated: &Validated) -> Vec<Quad> {
    let mut quads: Vec<Quad> = validated
        .ontology
        .triples
        .iter()
        .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
        .collect();
    quads.extend(map::map(validated));
    export::sorted(quads)
}
