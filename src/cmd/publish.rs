//! `sahel-kg publish`: the graph uploaded to a triple store.
//!
//! In: the annotations and a Graph Store Protocol endpoint. Out: the graph in the store (the
//! target graph replaced), and one line on stdout. The graph is streamed in batches
//! (`remote::endpoint`), never held whole. What this does not do: write any file.

use std::io::Write;

use anyhow::Context;
use oxigraph::model::TripleRef;

use crate::config::{Inputs, Remote};
use crate::progress;
use crate::remote::endpoint::Client;

/// Validates, names the graph, then streams it to the endpoint.
pub fn run(
    inputs: &Inputs,
    endpoint: &Remote,
    batch: usize,
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let client = Client::new(endpoint)?;
    let validated = super::validate_shown(inputs, progress)?;
    let graph = super::name_shown(&validated, progress)?;
    let bar = progress::Progress::new(progress, graph.blocks() as u64, progress::MAP_PUBLISH);
    let mut uploader = client.uploader(batch);
    let published = graph
        .for_each_block(|block| {
            for s in &block {
                let q = &s.quad;
                uploader.add(TripleRef::new(&q.subject, &q.predicate, &q.object))?;
            }
            bar.inc(1);
            Ok(())
        })
        .and_then(|()| uploader.finish())
        .with_context(|| format!("could not publish to {}", client.url()))?;
    // Off the terminal before the summary, which may go to the same one.
    bar.finish();
    writeln!(
        stdout,
        "{}: published {} triples in {} batch{} to {}",
        client.url(),
        published.triples,
        published.batches,
        if published.batches == 1 { "" } else { "es" },
        client.graph_description()
    )?;
    Ok(())
}
