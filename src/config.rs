//! The plain configuration a run works from.
//!
//! In: the parsed command line (`cli::Opts`). Out: a `Config` that names every path and choice
//! explicitly, so nothing past this point knows about clap (fd's `Opts -> Config`). Also the
//! rule that keeps a run's output folder apart from the folders it reads
//! (`check_out_of_inputs`).

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use crate::cli::{
    Command, ExportArgs, InputArgs, Opts, OutputFormat, QueryArgs, RemoteArgs, SuggestArgs,
};

/// The formats `query` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The report CSV.
    Csv,
    /// W3C SPARQL 1.1 TSV results.
    Tsv,
    /// W3C SPARQL 1.1 JSON results.
    Json,
    /// Aligned columns for a terminal.
    Table,
}

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
    pub timeout: Duration,
    /// The user to authenticate as; the password is read from `PASSWORD_VARIABLE` when the
    /// client is made.
    pub user: Option<String>,
    /// The largest answer to a query that is read, in bytes.
    pub max_answer: u64,
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
    /// Draft facts from cue words, or move decided ones.
    Suggest {
        /// Inputs.
        inputs: Inputs,
        /// The review file.
        review: PathBuf,
        /// What to do.
        action: SuggestAction,
        /// Show progress on a terminal.
        progress: bool,
    },
    /// Count the covered, decided and open mentions per source.
    Coverage {
        /// Inputs.
        inputs: Inputs,
        /// The sources to count; all when empty.
        sources: Vec<String>,
        /// Show progress on a terminal.
        progress: bool,
    },
    /// Serve the annotation pages on 127.0.0.1.
    Annotate {
        /// Inputs.
        inputs: Inputs,
        /// The port; 0 picks a free one.
        port: u16,
    },
    /// Add a document to the corpus.
    AddSource(AddSource),
    /// Find a quote in a source's document.
    Locate {
        /// The annotations directory.
        seeds: PathBuf,
        /// A source id or a document's file name.
        source: String,
        /// The quote, as typed.
        quote: String,
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

/// `add-source`: the document and what the command line says of it, unchecked (the command
/// checks every value and reports every problem at once).
#[derive(Debug, Clone)]
pub struct AddSource {
    /// Inputs: where the corpus is, and the ontology its kinds come from.
    pub inputs: Inputs,
    /// The document to add.
    pub file: PathBuf,
    /// The source's id, when given.
    pub id: Option<String>,
    /// The address the text was captured from.
    pub url: Option<String>,
    /// When it was captured.
    pub retrieved: Option<String>,
    /// Its kind, a sub-class of `skg:Document`.
    pub kind: String,
    /// Its title, when given.
    pub title: Option<String>,
    /// Its publisher.
    pub publisher: Option<String>,
    /// Its author.
    pub author: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// Its language tag.
    pub language: String,
    /// Check and show, write nothing.
    pub dry_run: bool,
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
        /// Where they run.
        engine: QueryEngine,
    },
    /// `graph.nt` alone, streamed a few documents at a time: no store, no query, no report.
    NoStore {
        /// How many bytes of facts.csv are mapped at a time.
        shard_size: u64,
    },
}

/// What `suggest` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuggestAction {
    /// Bring the review file up to date with the suggestions for these sources (all when
    /// empty).
    Draft(Vec<String>),
    /// Print how well the suggestions for these sources agree with the annotations.
    Measure(Vec<String>),
    /// Move these rows to the facts.
    Accept(Vec<String>),
    /// Move these rows to the not-fact decisions, with this reason.
    Reject(Vec<String>, String),
    /// Move every row whose decision column says so.
    Apply,
}

/// Where `export`'s stored queries run.
#[derive(Debug, Clone)]
pub enum QueryEngine {
    /// The embedded store, loaded by the run; a query past `timeout` stops it.
    Embedded {
        /// `--query-timeout`.
        timeout: Duration,
    },
    /// A remote SPARQL endpoint, whose requests `Remote::timeout` bounds.
    Endpoint(Remote),
}

/// What `query` runs on.
#[derive(Debug, Clone)]
pub enum QueryOn {
    /// The embedded store, loaded from these annotations; the query is given up at `timeout`.
    Corpus {
        /// The annotations.
        inputs: Inputs,
        /// `--query-timeout`.
        timeout: Duration,
    },
    /// A remote SPARQL endpoint, which already holds the graph: the annotations are not read.
    Endpoint(Remote),
}

impl Export {
    /// Refuses an output folder that is, contains or lies inside a folder the export reads
    /// (`check_out_of_inputs`): called before anything is written, the undo of a killed commit
    /// included.
    pub fn check_out(&self) -> anyhow::Result<()> {
        let mut read: Vec<(&str, &Path)> = vec![
            ("seeds", &self.inputs.seeds),
            ("documents", &self.inputs.documents),
            ("ontology", &self.inputs.ontology),
        ];
        if let ExportMode::Full { queries, .. } = &self.mode {
            read.push(("queries", queries));
        }
        check_out_of_inputs(&self.out, &read)
    }
}

impl Remote {
    fn new(url: String, args: RemoteArgs, max_answer: u64) -> Self {
        Self {
            url,
            graph: args.graph,
            timeout: Duration::from_secs(args.timeout),
            user: args.user,
            max_answer,
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

impl Config {
    /// `export`'s configuration: the mode, and where the queries run.
    fn export(args: ExportArgs) -> Self {
        Self::Export(Export {
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
                    engine: match args.endpoint {
                        Some(url) => QueryEngine::Endpoint(Remote::new(
                            url,
                            args.remote,
                            args.limits.max_answer_size,
                        )),
                        None => QueryEngine::Embedded {
                            timeout: Duration::from_secs(args.limits.query_timeout),
                        },
                    },
                }
            },
        })
    }

    /// `query`'s configuration: the query, and what it runs on.
    fn query(args: QueryArgs) -> Self {
        Self::Query {
            query: match (args.file, args.sparql) {
                (_, Some(text)) => QueryText::Inline(text),
                (Some(file), None) => QueryText::File(file),
                (None, None) => QueryText::Inline(String::new()),
            },
            format: format(args.format),
            on: match args.endpoint {
                Some(url) => {
                    QueryOn::Endpoint(Remote::new(url, args.remote, args.limits.max_answer_size))
                }
                None => QueryOn::Corpus {
                    inputs: args.input.into(),
                    timeout: Duration::from_secs(args.limits.query_timeout),
                },
            },
            as_of: args.as_of,
            progress: !args.progress.quiet,
        }
    }

    /// `suggest`'s configuration: one action, the review file in the seeds folder by default.
    fn suggest(args: SuggestArgs) -> Self {
        let action = if args.apply {
            SuggestAction::Apply
        } else if !args.accept.is_empty() {
            SuggestAction::Accept(args.accept)
        } else if !args.reject.is_empty() {
            SuggestAction::Reject(args.reject, args.reason.unwrap_or_default())
        } else if args.measure {
            SuggestAction::Measure(args.sources)
        } else {
            SuggestAction::Draft(args.sources)
        };
        Self::Suggest {
            review: args
                .out
                .unwrap_or_else(|| args.input.seeds.join("suggested.csv")),
            inputs: args.input.into(),
            action,
            progress: !args.progress.quiet,
        }
    }
}

impl From<Opts> for Config {
    /// One arm per command, each a plain copy of its arguments (`export` and `query` choose
    /// their mode, in functions of their own).
    fn from(opts: Opts) -> Self {
        match opts.command {
            Command::Export(args) => Self::export(args),
            Command::Validate(args) => Self::Validate {
                inputs: args.input.into(),
                progress: !args.progress.quiet,
            },
            Command::Annotate(args) => Self::Annotate {
                inputs: args.input.into(),
                port: args.port,
            },
            Command::Synth(args) => Self::Synth {
                // At most `cli::MAX_SYNTH_FACTS`.
                facts: usize::try_from(args.facts).unwrap_or(usize::MAX),
                out: args.out,
                seed: args.seed,
            },
            Command::Query(args) => Self::query(args),
            Command::Evidence(args) => Self::Evidence {
                inputs: args.input.into(),
                a: args.a,
                b: args.b,
                format: format(args.format),
                progress: !args.progress.quiet,
            },
            Command::Suggest(args) => Self::suggest(args),
            Command::Coverage(args) => Self::Coverage {
                inputs: args.input.into(),
                sources: args.sources,
                progress: !args.progress.quiet,
            },
            Command::AddSource(args) => Self::AddSource(AddSource {
                inputs: args.input.into(),
                file: args.file,
                id: args.id,
                url: args.url,
                retrieved: args.retrieved,
                kind: args.kind,
                title: args.title,
                publisher: args.publisher,
                author: args.author,
                published: args.published,
                language: args.language,
                dry_run: args.dry_run,
            }),
            Command::Locate(args) => Self::Locate {
                seeds: args.seeds,
                source: args.source,
                quote: args.quote,
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

/// Refuses an output folder `out` that is, contains or lies inside one of the folders a run
/// reads, `inputs` (each with its name: `seeds`, `ontology`...): its files would replace the
/// inputs of the same name (`--out seeds` wrote `actors.csv` over the annotations), or be read
/// as inputs by the next run (`graph.ttl` in the ontology). Compared as real paths, through
/// symbolic links and `..`; `out` may not exist yet, and neither may an input (nothing is
/// written there then, but a later run would read it). Every command that writes checks its
/// folder here before it writes anything.
pub fn check_out_of_inputs(out: &Path, inputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    let real_out = real_path(out)
        .with_context(|| format!("could not resolve the output folder {}", out.display()))?;
    for (name, input) in inputs {
        let real_input = real_path(input)
            .with_context(|| format!("could not resolve the {name} folder {}", input.display()))?;
        let relation = if real_out == real_input {
            "is"
        } else if real_out.starts_with(&real_input) {
            "lies inside"
        } else if real_input.starts_with(&real_out) {
            "contains"
        } else {
            continue;
        };
        let resolved = std::env::current_dir().map_or(true, |cwd| cwd.join(out) != real_out);
        anyhow::bail!(
            "--out {} {relation} the {name} folder {}{}: a run would write over what it \
             reads; choose an output folder outside the seeds, documents, ontology and queries \
             folders",
            out.display(),
            input.display(),
            if resolved {
                format!(
                    " (they resolve to {} and {})",
                    real_out.display(),
                    real_input.display()
                )
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

/// `path` made absolute with every symbolic link and `..` resolved, as far as it exists; the
/// rest, which a run would create as plain folders, is taken as written (`..` in it goes back
/// up, as it will once the folders exist).
fn real_path(path: &Path) -> anyhow::Result<PathBuf> {
    let absolute = std::env::current_dir()?.join(path);
    let mut real = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => real.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                let next = real.join(name);
                real = match std::fs::canonicalize(&next) {
                    Ok(resolved) => resolved,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => next,
                    Err(e) => return Err(e.into()),
                };
            }
        }
    }
    Ok(real)
}
