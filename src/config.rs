//! The plain configuration a run works from.
//!
//! In: the parsed command line (`cli::Opts`). Out: a `Config` that names every path and choice
//! explicitly, so nothing past this point knows about clap (fd's `Opts -> Config`).

use std::path::PathBuf;

use crate::cli::{Command, InputArgs, Opts, OutputFormat};
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
        /// Draw progress bars on a terminal.
        progress: bool,
    },
    /// Validation only.
    Validate {
        /// Inputs.
        inputs: Inputs,
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
    },
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
                progress: !args.quiet,
            },
            Command::Validate(args) => Self::Validate {
                inputs: args.into(),
            },
            Command::Synth(args) => Self::Synth {
                facts: args.facts,
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
            },
        }
    }
}
