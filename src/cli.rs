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
    /// Annotate in the browser: a local page per source to record facts by selecting words.
    ///
    /// Serves on 127.0.0.1 only and prints the address to open, with a random token that
    /// every change must carry. Each save is written atomically to the seeds and validated at
    /// once. Stops on Ctrl-C.
    #[command(after_help = "Example:\n  sahel-kg annotate --seeds seeds --port 8765")]
    Annotate(AnnotateArgs),
    /// Add a document to the corpus: copy it, write its sources.csv row and propose its parts.
    ///
    /// Checks FILE (a regular file of UTF-8 text, at most 16 MiB, not already in the corpus),
    /// copies it to seeds/documents/ as NNN_<16 hex digits of its SHA-256>.txt, writes its row
    /// in sources.csv (the next free id docNNN unless --id, its SHA-256, the title from its
    /// first heading unless --title), proposes its parts in parts.csv (headings, body,
    /// answers, reader comments, boilerplate such as "Lire aussi" lists, share buttons and
    /// copyright lines) and creates facts/ID.csv with its header. Then it prints each part's
    /// lines, kind and first words, to correct the kinds in parts.csv in one pass. The corpus
    /// is validated with the new rows before anything is written; everything is written, or
    /// nothing.
    #[command(
        after_help = "Examples:\n  sahel-kg add-source ~/captures/niger-burkina.txt --published 2024-07-12 --url https://www.example.com/sahel/force-conjointe --retrieved 2024-07-13\n  sahel-kg add-source page.txt --kind QAPage --title 'Qui sont les alliés du Mali ?' --dry-run\n  sahel-kg add-source video.txt --kind VideoDescription --publisher 'G.S.U-INFO' --id doc042"
    )]
    AddSource(AddSourceArgs),
    /// Find a quote in a source's document: its line, part and offsets, and the text to paste.
    ///
    /// Matches as validation does (typographic apostrophes and quotes, any run of white space,
    /// nothing else), lists every place the quote occurs with its part, and prints the
    /// document's own words as a CSV cell ready to paste in a facts row, with the row's other
    /// known cells. A quote that is not found gets the closest passage, or the line it matches
    /// but for case.
    #[command(
        after_help = "Examples:\n  sahel-kg locate doc005 \"force militaire conjointe\"\n  sahel-kg locate 002_c9d445221c210f5d.txt \"Notre coopération dans le domaine militaire s'intensifie\""
    )]
    Locate(LocateArgs),
    /// Draft facts from French cue words, in a review file for you to accept or reject.
    ///
    /// Finds the sentences that name two known actors (as coverage.csv does) about which no fact
    /// and no decision says anything yet, guesses a relation from a cue word near the pair
    /// (allié, alliance, soutien... allyOf; contre, attaque, combat... opposes; membre, au sein
    /// de, fait partie... memberOf) and writes each as a draft fact row of the review file
    /// (seeds/suggested.csv), its note naming the cue. A hedge (aurait, serait) flags a row and
    /// makes it implied; a denial (dément, nie) suppresses it. Nothing enters the graph until
    /// you decide: --accept moves a row to the facts of its source, --reject records it as a
    /// not-fact decision so it is not suggested again; or write `accept` or `reject: WHY` in
    /// the rows' decision column and run --apply. The corpus as it would be is validated
    /// first; then every file is written, or none.
    #[command(
        after_help = "Examples:\n  sahel-kg suggest\n  sahel-kg suggest doc005\n  sahel-kg suggest --accept f155 f157\n  sahel-kg suggest --reject f156 --reason \"A meeting, not an alliance\"\n  sahel-kg suggest --apply\n  sahel-kg suggest --measure"
    )]
    Suggest(SuggestArgs),
    /// Count, per source, the actor mentions a fact covers, a decision settles, or that are open.
    ///
    /// Reads the same rows as output/coverage.csv: a mention is covered when a fact about that
    /// actor quotes it, decided when a not-fact decision covers its sentence, open otherwise
    /// (mentions in boilerplate are left out).
    #[command(after_help = "Examples:\n  sahel-kg coverage\n  sahel-kg coverage doc003 doc004")]
    Coverage(CoverageArgs),
}

/// Arguments of `suggest`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("action").args(["accept", "reject", "apply", "measure"]))]
pub struct SuggestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The sources to suggest from (ids from sources.csv); all when none is given.
    #[arg(value_name = "SOURCE", conflicts_with_all = ["accept", "reject", "apply"])]
    pub sources: Vec<String>,
    /// The review file, inside the seeds folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Move these rows of the review file to the facts of their sources.
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub accept: Vec<String>,
    /// Record these rows of the review file as not-fact decisions, with --reason.
    #[arg(long, value_name = "ID", num_args = 1.., requires = "reason")]
    pub reject: Vec<String>,
    /// Why the rejected rows state no fact (kept in the not-fact decisions).
    #[arg(long, value_name = "WHY", requires = "reject", value_parser = non_empty_reason)]
    pub reason: Option<String>,
    /// Move every row whose decision column says `accept` or `reject: WHY`.
    #[arg(long)]
    pub apply: bool,
    /// Write nothing: suggest as if no fact or decision existed, and print how many
    /// suggestions the annotations confirm, cue by cue.
    #[arg(long)]
    pub measure: bool,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// A reason with words in it.
fn non_empty_reason(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("the reason is empty: say why the sentence states no fact".to_owned())
    } else {
        Ok(text.trim().to_owned())
    }
}

/// Arguments of `coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The sources to count (ids from sources.csv); all when none is given.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// Arguments of `add-source`.
#[derive(Debug, Args)]
pub struct AddSourceArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The document: a text file as captured (UTF-8).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The source's id (default: the next free docNNN).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The address the text was captured from: an absolute http(s) URL.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// When it was captured: YYYY-MM-DD (or YYYY-MM, YYYY).
    #[arg(long, value_name = "DATE")]
    pub retrieved: Option<String>,
    /// A sub-class of `skg:Document`: `NewsArticle`, `QAPage` or `VideoDescription`.
    #[arg(long, value_name = "KIND", default_value = "NewsArticle")]
    pub kind: String,
    /// The title as the text gives it (default: its first heading line).
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The outlet or channel, as the text names it.
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
    /// The author, as the text names them.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The publication date, at the precision the text gives: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The text's BCP 47 language tag.
    #[arg(long, value_name = "TAG", default_value = "fr")]
    pub language: String,
    /// Check and show everything, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Arguments of `locate`.
#[derive(Debug, Args)]
pub struct LocateArgs {
    /// The annotations: sources.csv, parts.csv and documents/.
    #[arg(long, value_name = "DIR", default_value = "seeds")]
    pub seeds: PathBuf,
    /// A source id (`doc005`) or its document's file name.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// The words to find, as typed or copied.
    #[arg(value_name = "QUOTE")]
    pub quote: String,
}

/// The longest `--timeout`: a week. A bound, because the HTTP client adds the timeout to the
/// current instant and a larger value would overflow it.
pub const MAX_TIMEOUT_SECONDS: u64 = 7 * 24 * 60 * 60;

/// The default `--query-timeout`: ten minutes. The slowest stored query on the million-fact
/// synthetic corpus takes about 40 s (`bench/results.md`), so a real corpus stays far below it,
/// and a runaway query still ends the run within minutes rather than never.
pub const DEFAULT_QUERY_TIMEOUT_SECONDS: u64 = 600;

/// The default `--max-answer-size`: 4 GiB. The largest answer of the million-fact synthetic
/// corpus, its evidence, is about 1.1 GB of SPARQL JSON results (11.4 MB at 10,000 facts), so
/// a real corpus fits three times over; holding an answer takes a few times its size in memory
/// (a 3 GB answer took 8 GB), which this keeps within a machine of 24 GB.
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 4 << 30;

/// Bounds on the stored queries' work, for `export` and `query`.
#[derive(Debug, Args)]
pub struct QueryLimitArgs {
    /// Stop the run, writing nothing, when a query on the embedded store takes longer than
    /// this many seconds (at most 604800, a week): a pattern that shares no variable with the
    /// others (a cartesian product) can run for days. With --endpoint, --timeout bounds each
    /// request instead.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_QUERY_TIMEOUT_SECONDS, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_SECONDS), conflicts_with = "endpoint")]
    pub query_timeout: u64,
    /// With --endpoint: stop the run, writing nothing, when the answer to a query is larger
    /// than this many bytes (default 4 GiB); holding an answer takes a few times its size in
    /// memory.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_ANSWER_BYTES, hide_default_value = true, value_parser = clap::value_parser!(u64).range(1..), requires = "endpoint")]
    pub max_answer_size: u64,
}

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

/// The most facts `synth` writes: a hundred million, about 33 GB of annotations (some 330
/// bytes a fact), a hundred times the largest corpus the benchmark exports. Past it the corpus
/// would outgrow the disk long before it was finished.
pub const MAX_SYNTH_FACTS: u64 = 100_000_000;

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
    /// How many facts (at most 100000000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=MAX_SYNTH_FACTS))]
    pub facts: u64,
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

/// Arguments of `annotate`.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The port to listen on, on 127.0.0.1; 0 (the default) picks a free one.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
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
    #[command(flatten)]
    pub limits: QueryLimitArgs,
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
    pub limits: QueryLimitArgs,
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
