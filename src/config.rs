//! The plain configuration a run works from.
//!
//! In: the parsed command line (`cli::Opts`). Out: a `Config` that names every path and choice
//! explicitly, so nothing past this point knows about clap (fd's `Opts -> Config`).

use std::path::PathBuf;

use crate::cli::{Command, InputArgs, Opts, OutputFormat, RemoteArgs};
use crate::report::Format;

/// Where the inputs are.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The annotation tables.
    pub seeds: PathBuf,
    /// The source documents (`<seeds>/documents`).
    pub documents: PathBuf,
    /// The ontology directory.
    pub ontology: PathBuf,
}

/// Where a query comes from.
#[derive(Debug, Clone)]
pub enum QueryText {
    /// A `.rq` file.
    File(PathBuf),
    /// Text given on the command line.
    Inline(String),
}

/// A remote triple store: where it is and how to talk to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// The endpoint's URL, as given: a Graph Store Protocol endpoint for `publish`, a SPARQL
    /// query endpoint for `export` and `query`.
    pub url: String,
    /// The target graph; `None` is the store's default graph.
    pub graph: Option<String>,
    /// The longest any one request may take.
    pub timeout: std::time::Duration,
    /// The user to authenticate as; the password is read from `PASSWORD_VARIABLE` when the
    /// client is made.
    pub user: Option<String>,
    /// The largest answer to a query that is read, in bytes.
    pub max_answer: u64,
}

/// The environment variable that holds the password for `--user`.
pub const PASSWORD_VARIABLE: &str = "SAHEL_KG_PASSWORD";

/// One run's whole configuration.
#[derive(Debug, Clone)]
pub enum Config {
    /// The whole pipeline.
    Export {
        /// Inputs.
        inputs: Inputs,
        /// The stored queries directory.
        queries: PathBuf,
        /// The output directory.
        out: PathBuf,
        /// Print per-stage timings to stderr.
        timings: bool,
        /// Only stream graph.nt: no store, no queries, no reports.
        no_store: bool,
        /// With `no_store`: how many bytes of facts.csv are mapped at a time.
        shard_size: u64,
        /// Show progress on a terminal.
        progress: bool,
        /// Run the stored queries on this endpoint instead of the embedded store.
        endpoint: Option<Remote>,
        /// The longest a query may run on the embedded store.
        query_timeout: std::time::Duration,
    },
    /// Validation only.
    Validate {
        /// Inputs.
        inputs: Inputs,
        /// Show progress on a terminal.
        progress: bool,
    },
    /// A synthetic corpus.
    Synth {
        /// How many facts.
        facts: usize,
        /// Where.
        out: PathBuf,
        /// Generator seed.
        seed: u64,
    },
    /// One query, printed.
    Query {
        /// Inputs.
        inputs: Inputs,
        /// The query.
        query: QueryText,
        /// How to print it.
        format: Format,
        /// Run it on this endpoint instead of the embedded store.
        endpoint: Option<Remote>,
        /// The longest it may run on the embedded store.
        query_timeout: std::time::Duration,
        /// Show progress on a terminal.
        progress: bool,
    },
    /// Upload the graph to a triple store.
    Publish {
        /// Inputs.
        inputs: Inputs,
        /// The Graph Store Protocol endpoint and target graph.
        endpoint: Remote,
        /// Triples per request.
        batch: usize,
        /// Show progress on a terminal.
        progress: bool,
    },
}

impl Remote {
    fn new(url: String, args: RemoteArgs, max_answer: u64) -> Self {
        Self {
            url,
            graph: args.graph,
            timeout: std::time::Duration::from_secs(args.timeout),
            user: args.user,
            max_answer,
        }
    }
}

impl From<InputArgs> for Inputs {
    fn from(args: InputArgs) -> Self {
        Self {
            documents: args.seeds.join("documents"),
            seeds: args.seeds,
            ontology: args.ontology,
        }
    }
}

impl From<Opts> for Config {
    fn from(opts: Opts) -> Self {
        match opts.command {
            Command::Export(args) => Self::Export {
                inputs: args.input.into(),
                queries: args.queries,
                out: args.out,
                timings: args.timings,
                no_store: args.no_store,
                shard_size: args.shard_size,
                progress: !args.progress.quiet,
                endpoint: args
                    .endpoint
                    .map(|url| Remote::new(url, args.remote, args.limits.max_answer_size)),
                query_timeout: std::time::Duration::from_secs(args.limits.query_timeout),
            },
            Command::Validate(args) => Self::Validate {
                inputs: args.input.into(),
                progress: !args.progress.quiet,
            },
            Command::Synth(args) => Self::Synth {
                // At most `cli::MAX_SYNTH_FACTS`.
                facts: usize::try_from(args.facts).unwrap_or(usize::MAX),
                out: args.out,
                seed: args.seed,
            },
            Command::Query(args) => Self::Query {
                inputs: args.input.into(),
                query: match (args.file, args.sparql) {
                    (_, Some(text)) => QueryText::Inline(text),
                    (Some(file), None) => QueryText::File(file),
                    (None, None) => QueryText::Inline(String::new()),
                },
                format: match args.format {
                    OutputFormat::Table => Format::Table,
                    OutputFormat::Csv => Format::Csv,
                    OutputFormat::Tsv => Format::Tsv,
                    OutputFormat::Json => Format::Json,
                },
                endpoint: args
                    .endpoint
                    .map(|url| Remote::new(url, args.remote, args.limits.max_answer_size)),
                query_timeout: std::time::Duration::from_secs(args.limits.query_timeout),
                progress: !args.progress.quiet,
            },
            Command::Publish(args) => Self::Publish {
                inputs: args.input.into(),
                // Publishing reads no answers.
                endpoint: Remote::new(
                    args.endpoint,
                    args.remote,
                    crate::cli::DEFAULT_MAX_ANSWER_BYTES,
                ),
                batch: usize::try_from(args.batch).unwrap_or(usize::MAX),
                progress: !args.progress.quiet,
            },
        }
    }
}
