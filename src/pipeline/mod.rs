//! Annotations in, a checked, named and ordered graph out: the stages every command shares.
//!
//! `read` (the CSV tables, cell by cell, through `cells`) ─► `validate` (against the `ontology`,
//! the documents through `text`, the `dates`) ─► `Validated` ─► `map` (the RDF graph, one
//! subject's block at a time) ─► `store` (the embedded Oxigraph store). What this does not do:
//! write any file; `export` and `render` do.

pub(crate) mod dates;
pub mod map;
pub(crate) mod ontology;
pub mod passages;
pub mod read;
pub mod store;
pub(crate) mod text;
pub mod validate;

use oxigraph::model::{Quad, Triple};
use oxigraph::store::Store;

use crate::config::Inputs;
use crate::problem::{Problem, Problems};
use ontology::Ontology;
use validate::Validated;

/// Read the ontology and the annotations and validate them.
pub fn validate_inputs(inputs: &Inputs) -> anyhow::Result<Validated> {
    check_seeds_dir(inputs)?;
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

/// A missing directory is a wrong path, not a data problem: exit 2, said once.
pub fn check_seeds_dir(inputs: &Inputs) -> anyhow::Result<()> {
    anyhow::ensure!(
        inputs.seeds.is_dir(),
        "no annotations directory at {} (use --seeds DIR)",
        inputs.seeds.display()
    );
    Ok(())
}

/// Map to RDF and load the store with the ontology.
pub fn build_store(validated: &Validated) -> anyhow::Result<Store> {
    store::load(&map::Graph::new(validated)?, || {})
}

/// The whole graph, ontology and data, in N-Triples order: what the exports hold.
pub fn graph(validated: &Validated) -> anyhow::Result<Vec<Triple>> {
    Ok(map::Graph::new(validated)?
        .statements()
        .into_iter()
        .map(|s| Triple::from(s.quad))
        .collect())
}

/// The whole dataset, with each source's claims in its own named graph, in N-Quads order: what
/// `graph.nq` holds.
pub fn dataset(validated: &Validated) -> anyhow::Result<Vec<Quad>> {
    Ok(map::Graph::new(validated)?
        .statements()
        .into_iter()
        .map(|s| s.quad)
        .collect())
}
