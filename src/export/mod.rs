//! The graph files: `graph.nt`, `graph.nq`, `graph.ttl`, `graph.jsonld` and `graph.sha256`.
//!
//! In: the named and ordered graph, block by block. Out: the files, staged in the output
//! directory. `writers` holds one streaming writer per format; `walk` writes them all while the
//! store loads, in one walk of the graph; `shards` (with `runs`, its sorted runs on disk) is
//! `export --no-store`: `graph.nt` alone, mapped a few documents at a time so that memory does
//! not grow with the corpus, `passages` its shared passages, found on disk. What this does not do: choose where files go or commit them
//! (`output` does).

pub(crate) mod passages;
pub(crate) mod runs;
pub(crate) mod shards;
pub(crate) mod walk;
pub mod writers;
