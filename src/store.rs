//! Stage 4: load the graph into an embedded Oxigraph store.
//!
//! In: the ontology's triples and the mapped data triples. Out: an in-memory `Store` holding
//! both in its default graph, so stored queries can join data with the ontology's labels.
//! What this stage does not do: persist anything; the store lives for one run.

use anyhow::Context;
use oxigraph::model::{GraphName, Quad, Triple};
use oxigraph::store::Store;

/// Loads `ontology` and `data` into a new in-memory store with the bulk loader.
///
/// The triples go in sorted: the in-memory store iterates in an order that follows insertion,
/// and that order shows through in query results (`GROUP_CONCAT`, ties in `ORDER BY`). Sorting
/// first makes every answer independent of the order of the CSV rows.
pub fn load(ontology: &[Triple], data: Vec<Triple>) -> anyhow::Result<Store> {
    let store = Store::new().context("could not create the in-memory store")?;
    let mut loader = store.bulk_loader();
    let all = crate::export::sorted(ontology.iter().cloned().chain(data).collect());
    let quads = all
        .into_iter()
        .map(|t| Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph));
    loader
        .load_quads(quads)
        .context("could not load the graph into the store")?;
    // Without commit the bulk loader silently loads nothing.
    loader
        .commit()
        .context("could not commit the graph to the store")?;
    Ok(store)
}

/// Every triple of the store's default graph, in the store's (unspecified) order. Note that
/// the store keeps numbers by value: a derived integer type such as `xsd:nonNegativeInteger`
/// comes back as `xsd:integer`, which is why the exports are written from the mapped graph.
pub fn triples(store: &Store) -> anyhow::Result<Vec<Triple>> {
    store
        .iter()
        .map(|q| q.map(Triple::from).context("could not read the store"))
        .collect()
}
