//! The command line, as clap derive types and nothing else.
//!
//! In: `argv`. Out: `Opts`, turned into a plain `Config` (see `config.rs`) before any work
//! starts. The `///` comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn hand-annotated facts about Sahel alliances into linked data and reports.
///
/// Reads the annotations in seeds/ (sources, parts, actors, facts), checks every one against
/// the ontology and the source documents, maps them to RDF, loads them into an embedded
/// Oxigraph store, runs the SPARQL queries in queries/ and writes one CSV report per query
/// plus Turtle and N-Triples exports to output/.
#[derive(Debug, Parser)]
#[command(name = "sahel-kg", version, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 done, 1 the data or a query has problems (all are listed), 2 usage or environment error."
)]
pub struct Opts {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline and write every report and export.
    ///
    /// Nothing is written unless the whole run succeeds: on any problem the previous
    /// output directory stays exactly as it was.
    #[command(
        after_help = "Examples:\n  sahel-kg export\n  sahel-kg export --out /tmp/kg --queries my-queries\n  sahel-kg export --endpoint http://127.0.0.1:7878/query --out /tmp/kg"
    )]
    Export(ExportArgs),
    /// Check the annotations only, and list every problem found.
    #[command(after_help = "Example:\n  sahel-kg validate --seeds seeds")]
    Validate(ValidateArgs),
    /// Run one SPARQL SELECT query over the graph and print its results.
    ///
    /// The project's prefixes (skg:, id:, rdfs:, skos:, dcterms:, oa: ...) are declared for you.
    #[command(
        after_help = "Examples:\n  sahel-kg query queries/allies-of-mali.rq\n  sahel-kg query --as-of 2020 queries/allies-of-mali-by-year.rq\n  sahel-kg query --sparql 'SELECT ?ally WHERE { id:mali skg:allyOf ?ally } ORDER BY ?ally'\n  sahel-kg query --format json queries/actors.rq\n  sahel-kg query --endpoint http://127.0.0.1:7878/query queries/actors.rq"
    )]
    Query(QueryArgs),
    /// Write a synthetic corpus shaped like the real one, for benchmarks and scale tests.
    ///
    /// About 10·√N actors of every kind, one document per 50 facts, every relation, claimants,
    /// partial and end dates. The same N and seed give the same bytes; the corpus validates.
    #[command(
        after_help = "Example:\n  sahel-kg synth --facts 100000 --out /tmp/synth && sahel-kg export --seeds /tmp/synth --out /tmp/synth-out"
    )]
    Synth(SynthArgs),
    /// Print every claim between two actors, in both directions, each as annotated.
    ///
    /// One row per claim that relates A and B, whichever is the subject: its fact, relation,
    /// strength and claimant, source, part, dates and quote, the other documents that carry
    /// the passage its quote lies in, and what its source reprints.
    #[command(after_help = "Examples:
  sahel-kg evidence mali france
  sahel-kg evidence --format csv fama wagner")]
    Evidence(EvidenceArgs),
    /// Upload the whole graph (ontology and data) to a triple store over HTTP.
    ///
    /// Validates the annotations, then sends the graph as N-Triples through the SPARQL 1.1
    /// Graph Store HTTP Protocol in batches: the first with PUT, which replaces the target
    /// graph, the others with POST, which add to it. Running it again, even after a failure
    /// half-way, leaves exactly one copy of the graph.
    #[command(
        after_help = "Examples:\n  sahel-kg publish --endpoint http://127.0.0.1:7878/store\n  sahel-kg publish --endpoint http://127.0.0.1:8890/sparql-graph-crud --graph urn:sahel-kg:graph\n  SAHEL_KG_PASSWORD=dba sahel-kg publish --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --graph urn:sahel-kg:graph\n\nThe password for --user is read from the environment variable SAHEL_KG_PASSWORD, never from the command line."
    )]
    Publish(PublishArgs),
}

/// The longest `--timeout`: a week. A bound, because the HTTP client adds the timeout to the
/// current instant and a larger value would overflow it.
pub const MAX_TIMEOUT_SECONDS: u64 = 7 * 24 * 60 * 60;

/// Where a remote triple store is and how to talk to it.
#[derive(Debug, Args)]
pub struct RemoteArgs {
    /// The graph to work on, an absolute IRI: sent as `?graph=IRI` when publishing and as
    /// `default-graph-uri` when querying. Without it, the store's default graph.
    #[arg(long, value_name = "IRI", requires = "endpoint")]
    pub graph: Option<String>,
    /// Give up on a request that takes longer than this many seconds (at most 604800, a week).
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_SECONDS), requires = "endpoint")]
    pub timeout: u64,
    /// Authenticate as this user, answering the store's HTTP Digest challenge (as Virtuoso
    /// sends it) or Basic (as Fuseki and GraphDB do; only over https or to this machine, since
    /// it sends the password readable); the password comes from the environment variable
    /// `SAHEL_KG_PASSWORD`.
    #[arg(long, value_name = "NAME", requires = "endpoint")]
    pub user: Option<String>,
}

/// Arguments of `publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The Graph Store Protocol endpoint, e.g. Oxigraph server's <http://HOST:7878/store> or
    /// Virtuoso's <http://HOST:8890/sparql-graph-crud>.
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// How many triples to send per request.
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Arguments of `evidence`.
#[derive(Debug, Args)]
pub struct EvidenceArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// One actor's id, as in seeds/actors.csv (`mali`).
    #[arg(value_name = "A")]
    pub a: String,
    /// The other actor's id (`france`).
    #[arg(value_name = "B")]
    pub b: String,
    /// How to print the claims.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Arguments of `synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// How many facts.
    #[arg(long, value_name = "N")]
    pub facts: usize,
    /// Where to write the seeds directory (created).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The seed of the generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Where the annotations and the ontology are.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The annotations: sources.csv, parts.csv, actors.csv, facts.csv, not-facts.csv and documents/.
    #[arg(long, value_name = "DIR", default_value = "seeds")]
    pub seeds: PathBuf,
    /// The ontology: every *.ttl file in it.
    #[arg(long, value_name = "DIR", default_value = "ontology")]
    pub ontology: PathBuf,
}

/// Whether long stages show their progress.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// No progress lines on stderr (bars and spinners are only drawn on a terminal anyway).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The stored queries: one report per *.rq file.
    #[arg(long, value_name = "DIR", default_value = "queries")]
    pub queries: PathBuf,
    /// Where reports and exports go.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Print how long each stage took to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Write only graph.nt, streamed from the validated annotations, without loading a store or
    /// running the queries: for corpora too big for memory, or to feed another triple store.
    #[arg(long, conflicts_with = "endpoint")]
    pub no_store: bool,
    /// With --no-store: how many bytes of facts.csv are mapped at a time. Memory grows with it;
    /// the temporary files in the output directory do not.
    #[arg(long, value_name = "BYTES", default_value_t = 4 << 20, requires = "no_store", value_parser = clap::value_parser!(u64).range(1..))]
    pub shard_size: u64,
    #[command(flatten)]
    pub progress: ProgressArgs,
    /// Run the stored queries on this SPARQL endpoint (SPARQL 1.1 Protocol, e.g. Oxigraph
    /// server's <http://HOST:7878/query> or Virtuoso's <http://HOST:8890/sparql>) instead of the
    /// embedded store. It should hold what `sahel-kg publish` uploaded from the same seeds.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// Arguments of `query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// A file holding the query.
    #[arg(
        value_name = "FILE.rq",
        required_unless_present = "sparql",
        conflicts_with = "sparql"
    )]
    pub file: Option<PathBuf>,
    /// The query itself.
    #[arg(long, value_name = "QUERY")]
    pub sparql: Option<String>,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Run the query on this SPARQL endpoint instead of the embedded store (the annotations
    /// are then not read).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Bind the query's ?asOf to this date (YYYY, YYYY-MM or YYYY-MM-DD, typed xsd:gYear,
    /// xsd:gYearMonth or xsd:date) before it runs: for a query that takes it, such as
    /// queries/allies-of-mali-by-year.rq (each ally's status at that date). The embedded store
    /// only: a remote endpoint cannot be given a binding.
    #[arg(long, value_name = "DATE", conflicts_with = "endpoint", value_parser = crate::pipeline::dates::PartialDate::parse)]
    pub as_of: Option<crate::pipeline::dates::PartialDate>,
    #[command(flatten)]
    pub remote: RemoteArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Result formats for `query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for a terminal.
    Table,
    /// CSV as in the reports (UTF-8 with BOM, CRLF, formula cells neutralised).
    Csv,
    /// W3C SPARQL results TSV.
    Tsv,
    /// W3C SPARQL results JSON.
    Json,
}
