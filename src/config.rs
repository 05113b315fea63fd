//! The plain configuration a run works from.
//!
//! In: the parsed command line (`cli::Opts`). Out: a `Config` that names every path and choice
//! explicitly, so nothing past this point knows about clap (fd's `Opts -> Config`).

use std::path::PathBuf;

use crate::cli::{Command, InputArgs, Opts, OutputFormat, RemoteArgs};
use crate::render::report::Format;

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
}

/// The environment variable that holds the password for `--user`.
pub const PASSWORD_VARIABLE: &str = "SAHEL_KG_PASSWORD";

/// One run's whole configuration: a variant per command, each with only what it uses.
#[derive(Debug, Clone)]
pub enum Config {
    /// The whole pipeline, or `graph.nt` alone.
    Export(Export),
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
        /// The query.
        query: QueryText,
        /// How to print it.
        format: Format,
        /// What it runs on.
        on: QueryOn,
        /// The date `?asOf` is bound to before the query runs (`--as-of`).
        as_of: Option<crate::pipeline::dates::PartialDate>,
        /// Show progress on a terminal.
        progress: bool,
    },
    /// The claims between two actors, in both directions.
    Evidence {
        /// Inputs.
        inputs: Inputs,
        /// One actor's id.
        a: String,
        /// The other's.
        b: String,
        /// How to print them.
        format: Format,
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

/// `export`: what every mode shares, and the mode.
#[derive(Debug, Clone)]
pub struct Export {
    /// Inputs.
    pub inputs: Inputs,
    /// The output directory.
    pub out: PathBuf,
    /// Print per-stage timings to stderr.
    pub timings: bool,
    /// Show progress on a terminal.
    pub progress: bool,
    /// What is written, and where the queries run.
    pub mode: ExportMode,
}

/// What `export` writes.
#[derive(Debug, Clone)]
pub enum ExportMode {
    /// Every report, picture and graph file.
    Full {
        /// The stored queries directory.
        queries: PathBuf,
        /// Run the stored queries on this endpoint instead of the embedded store.
        endpoint: Option<Remote>,
    },
    /// `graph.nt` alone, streamed a few documents at a time: no store, no query, no report.
    NoStore {
        /// How many bytes of facts.csv are mapped at a time.
        shard_size: u64,
    },
}

/// What `query` runs on.
#[derive(Debug, Clone)]
pub enum QueryOn {
    /// The embedded store, loaded from these annotations.
    Corpus(Inputs),
    /// A remote SPARQL endpoint, which already holds the graph: the annotations are not read.
    Endpoint(Remote),
}

impl Remote {
    fn new(url: String, args: RemoteArgs) -> Self {
        Self {
            url,
            graph: args.graph,
            timeout: std::time::Duration::from_secs(args.timeout),
            user: args.user,
        }
    }
}

/// The format a result is printed in.
fn format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Tsv => Format::Tsv,
        OutputFormat::Json => Format::Json,
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
            Command::Export(args) => Self::Export(Export {
                inputs: args.input.into(),
                out: args.out,
                timings: args.timings,
                progress: !args.progress.quiet,
                mode: if args.no_store {
                    ExportMode::NoStore {
                        shard_size: args.shard_size,
                    }
                } else {
                    ExportMode::Full {
                        queries: args.queries,
                        endpoint: args.endpoint.map(|url| Remote::new(url, args.remote)),
                    }
                },
            }),
            Command::Validate(args) => Self::Validate {
                inputs: args.input.into(),
                progress: !args.progress.quiet,
            },
            Command::Synth(args) => Self::Synth {
                facts: args.facts,
                out: args.out,
                seed: args.seed,
            },
            Command::Query(args) => Self::Query {
                query: match (args.file, args.sparql) {
                    (_, Some(text)) => QueryText::Inline(text),
                    (Some(file), None) => QueryText::File(file),
                    (None, None) => QueryText::Inline(String::new()),
                },
                format: format(args.format),
                on: match args.endpoint {
                    Some(url) => QueryOn::Endpoint(Remote::new(url, args.remote)),
                    None => QueryOn::Corpus(args.input.into()),
                },
                as_of: args.as_of,
                progress: !args.progress.quiet,
            },
            Command::Evidence(args) => Self::Evidence {
                inputs: args.input.into(),
                a: args.a,
                b: args.b,
                format: format(args.format),
                progress: !args.progress.quiet,
            },
            Command::Publish(args) => Self::Publish {
                inputs: args.input.into(),
                endpoint: Remote::new(args.endpoint, args.remote),
                batch: usize::try_from(args.batch).unwrap_or(usize::MAX),
                progress: !args.progress.quiet,
            },
        }
    }
}
