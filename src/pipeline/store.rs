//! Stage 4: load the graph into an embedded Oxigraph store.
//!
//! In: the mapped graph (`map::Graph`), block by block, or batches of its statements sent by
//! another thread (`load_batches`). Out: an in-memory `Store` holding the ontology and the data
//! in its default graph, so stored queries can join data with the ontology's labels. What this
//! stage does not do: persist anything (the store lives for one run), or keep a copy of what it
//! loaded.

use anyhow::Context;
use oxigraph::model::{GraphNameRef, Quad, QuadRef};
use oxigraph::store::{Store, Transaction};

use crate::pipeline::map::Graph;

/// Loads a graph into a new in-memory store, calling `after_block` after each block.
pub fn load(graph: &Graph<'_>, mut after_block: impl FnMut()) -> anyhow::Result<Store> {
    let store = Store::new().context("could not create the in-memory store")?;
    let mut loader = Loader::new(&store)?;
    graph.for_each_block(|block| {
        loader.insert(block.iter().map(|s| &s.quad));
        after_block();
        Ok(())
    })?;
    loader.commit()?;
    Ok(store)
}

/// Loads batches sent by another thread (the graph walk), in the order they come, until the
/// sender hangs up, then commits. Returns the time spent loading, waits excluded.
///
/// Each batch loaded goes back through `done` for the sender to free: this thread is the
/// slower of the two, and freeing the statements' strings here would add to its time. A batch
/// that cannot go back (the sender is gone) is freed here.
pub fn load_batches(
    store: &Store,
    batches: std::sync::mpsc::Receiver<Vec<Quad>>,
    done: &std::sync::mpsc::Sender<Vec<Quad>>,
) -> anyhow::Result<std::time::Duration> {
    let mut loader = Loader::new(store)?;
    let mut busy = std::time::Duration::ZERO;
    for batch in batches {
        let started = std::time::Instant::now();
        loader.insert(&batch);
        let _ = done.send(batch);
        busy += started.elapsed();
    }
    let started = std::time::Instant::now();
    loader.commit()?;
    Ok(busy + started.elapsed())
}

/// One write transaction filling a store.
///
/// Statements must arrive in the graph's order (as `map::Graph` walks it): the in-memory store
/// iterates in an order that follows insertion, and that order shows through in query results
/// (`GROUP_CONCAT`, ties in `ORDER BY`). The graph's order is the sorted N-Triples order, so
/// every answer is independent of the order of the CSV rows. Oxigraph's bulk loader for the
/// in-memory store is this same transaction, but it wants owned quads.
#[allow(
    missing_debug_implementations,
    reason = "Oxigraph's transaction is not Debug"
)]
pub struct Loader<'s> {
    transaction: Transaction<'s>,
}

impl<'s> Loader<'s> {
    /// Starts the transaction.
    pub fn new(store: &'s Store) -> anyhow::Result<Self> {
        Ok(Self {
            transaction: store
                .start_transaction()
                .context("could not start loading the store")?,
        })
    }

    /// Adds statements to the default graph, whatever graph they are in.
    pub fn insert<'q>(&mut self, quads: impl IntoIterator<Item = &'q Quad>) {
        for q in quads {
            self.transaction.insert(QuadRef::new(
                &q.subject,
                &q.predicate,
                &q.object,
                GraphNameRef::DefaultGraph,
            ));
        }
    }

    /// Makes everything inserted visible to queries.
    pub fn commit(self) -> anyhow::Result<()> {
        self.transaction
            .commit()
            .context("could not commit the graph to the store")
    }
}

/// Every triple of the store's default graph, in the store's (unspecified) order. Note that
/// the store keeps numbers by value: a derived integer type such as `xsd:nonNegativeInteger`
/// comes back as `xsd:integer`, which is why the exports are written from the mapped graph.
pub fn triples(store: &Store) -> anyhow::Result<Vec<oxigraph::model::Triple>> {
    store
        .iter()
        .map(|q| {
            q.map(oxigraph::model::Triple::from)
                .context("could not read the store")
        })
        .collect()
}
