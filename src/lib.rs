//! sahel-kg: hand-annotated facts about Sahel alliances, turned into linked data.
//!
//! ```text
//!                   pipeline/                         sparql/           render/
//!  seeds/*.csv ─► read ─► validate ─► map ─┬─► store ─► query ──► Answer ─► report ─► output/*.csv
//!  seeds/documents/ ▲     (text:     (one  │  (other      (2 threads;       network, timeline,
//!  ontology/*.ttl ──┘      quotes    walk, │   thread)     or remote/:      page ─► *.svg, .html
//!                          located)  block │               an endpoint)     coverage ─► coverage.csv
//!                                    by    └─► export/writers ─────────────► graph.nt/.nq/.ttl/
//!                                    block)    (export/shards + runs:        .jsonld/.sha256
//!                                               --no-store, in shards)
//!                                                      output: staged, committed all or nothing
//! ```
//!
//! `cmd/` holds one file per subcommand (`cmd::NAME::run`), each a short recipe over the
//! stages. The stages are grouped by the arrows: `pipeline` (annotations in, a named and
//! ordered graph out), `export` (graph files), `sparql` (stored queries and the engine that
//! runs them), `remote` (HTTP to other triple stores), `render` (what people read). Beside
//! the pipeline, the annotator's side writes the corpus: `corpus` (a new document's parts
//! proposed, seed CSVs edited atomically with their formatting kept) for `add-source`,
//! `locate` and `suggest`, and `annotate` (the local annotation page). Imports point down that
//! list, never back: `cmd` uses every group, `annotate` and `render` read validated
//! annotations, `sparql` may hand a query to `remote`, and every group uses the shared types
//! at the bottom: a data problem (`problem`), a query's answer (`answer`), the IRIs (`vocab`),
//! the characters no output carries (`chars`), the one way a corpus file is opened
//! (`corpus_file`), the run's configuration (`config`), a deterministic hash and generator
//! (`splitmix`).
//!
//! Data problems are values (`problem::Problem`), collected across a whole stage and reported
//! together; `Validated` can only be built by `pipeline::validate`, so mapping never sees
//! unchecked data. `pipeline::map::Graph` walks the graph once, one subject at a time in sorted
//! N-Triples order: one thread writes each block to the four graph files while another loads it
//! into the store, so nothing but the store ever holds the whole graph. Outputs are staged and
//! moved into place only when the whole run succeeded (`output`).

pub(crate) mod annotate;
pub mod cli;
pub mod cmd;
pub mod config;

pub(crate) mod corpus;
pub mod export;
pub mod pipeline;
pub(crate) mod remote;
pub mod render;
pub mod sparql;

pub mod answer;
mod cells;
pub(crate) mod chars;
pub(crate) mod corpus_file;
pub mod digest;
pub mod output;
pub mod problem;
mod progress;
pub(crate) mod splitmix;
mod timings;
pub(crate) mod vocab;
