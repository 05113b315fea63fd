//! sahel-kg: hand-annotated facts about Sahel alliances, turned into linked data.
//!
//! ```text
//!  seeds/*.csv ──► read ──► validate ──► map ──► store ──► query ──► report ──► output/*.csv
//!  seeds/documents/  (read.rs)  (validate.rs) (map.rs) (store.rs) (query.rs) (report.rs)
//!  ontology/*.ttl ─────────────┘    ▲                       │                     output/graph.ttl
//!                                   └─ text.rs: quotes      └──► export ────────► output/graph.nt
//!                                      located in documents       (export.rs)   (output.rs: all or nothing)
//! ```
//!
//! Each stage is one module, in that order. Data problems are values (`problem::Problem`),
//! collected across a whole stage and reported together; `Validated` can only be built by
//! `validate`, so `map` never sees unchecked data. Outputs are staged and moved into place
//! only when the whole run succeeded (`output.rs`). With `--endpoint`, `endpoint.rs` takes the
//! place of the store: `publish` uploads the mapped graph to a triple store over HTTP, and
//! `export` and `query` run the queries there (`query::Engine`).

pub mod cli;
pub mod config;
pub mod coverage;
pub mod dates;
pub mod endpoint;
pub mod export;
pub mod map;
pub mod markup;
pub mod network;
pub mod ontology;
pub mod output;
pub mod page;
pub mod problem;
pub mod query;
pub mod read;
pub mod report;
pub mod store;
pub mod synth;
pub mod text;
pub mod timeline;
pub mod validate;
pub mod vocab;

use std::io::Write;

use anyhow::Context;
use oxigraph::model::{GraphName, Quad, Triple};
use oxigraph::store::Store;

use crate::config::{Config, Inputs, QueryText};
use crate::ontology::Ontology;
use crate::problem::{Problem, Problems};
use crate::validate::Validated;

/// Runs one command. Data problems come back as a `Problems` error (exit 1); anything else
/// that stops the run is an ordinary error (exit 2).
pub fn run(config: &Config, stdout: &mut dyn Write) -> anyhow::Result<()> {
    match config {
        Config::Validate { inputs } => {
            let validated = validate_inputs(inputs)?;
            writeln!(
                stdout,
                "{}: valid: {} sources, {} parts, {} actors, {} facts, {} not-fact decisions",
                inputs.seeds.display(),
                validated.sources.len(),
                validated.parts.len(),
                validated.actors.len(),
                validated.facts.len(),
                validated.not_facts.len()
            )?;
            Ok(())
        }
        Config::Export {
            inputs,
            queries,
            out,
            timings,
            endpoint,
        } => export_all(inputs, queries, out, *timings, endpoint.as_ref(), stdout),
        Config::Synth { facts, out, seed } => {
            let summary = synth::write(out, *facts, *seed)?;
            writeln!(
                stdout,
                "{}: wrote {} facts, {} actors, {} documents",
                out.display(),
                summary.facts,
                summary.actors,
                summary.documents
            )?;
            Ok(())
        }
        Config::Query {
            inputs,
            query,
            format,
            endpoint,
        } => {
            let (file, text) = match query {
                QueryText::File(path) => (
                    path.display().to_string(),
                    std::fs::read_to_string(path)
                        .with_context(|| format!("could not read the query {}", path.display()))?,
                ),
                QueryText::Inline(text) => ("--sparql".to_owned(), text.clone()),
            };
            // On an endpoint, the annotations are not read: the store already holds the graph.
            let engine = match endpoint {
                Some(remote) => query::Engine::Endpoint(Box::new(endpoint::Client::new(remote)?)),
                None => query::Engine::Embedded(build_store(&validate_inputs(inputs)?)?),
            };
            let answer = engine
                .run(&file, &text, true)?
                .map_err(|p| Problems(vec![p]))?;
            report::write(&answer, *format, stdout)?;
            Ok(())
        }
        Config::Publish {
            inputs,
            endpoint,
            batch,
        } => {
            let client = endpoint::Client::new(endpoint)?;
            let validated = validate_inputs(inputs)?;
            let triples = graph(&validated);
            let published = endpoint::publish(&client, triples.iter().map(Triple::as_ref), *batch)
                .with_context(|| format!("could not publish to {}", client.url()))?;
            writeln!(
                stdout,
                "{}: published {} triples in {} batch{} to {}",
                client.url(),
                published.triples,
                published.batches,
                if published.batches == 1 { "" } else { "es" },
                client.graph_description()
            )?;
            Ok(())
        }
    }
}

/// The stored queries the pictures and the page are drawn from, with the columns they read.
const PRESENTED: &[(&str, &[&str])] = &[
    ("actors", &["id", "label_fr", "kind", "acts_for"]),
    (
        "relations",
        &[
            "Source",
            "Target",
            "Type",
            "Label",
            "Weight",
            "relation",
            "status",
            "since",
            "until",
            "source_label",
            "target_label",
        ],
    ),
    (
        "evidence",
        &[
            "fact",
            "relation",
            "subject_id",
            "object_id",
            "strength",
            "claimed_by",
            "source",
            "part_kind",
            "published",
            "start",
            "end",
            "quote_start",
            "quote_end",
        ],
    ),
    (
        "allies-of-mali",
        &[
            "ally", "type", "status", "since", "until", "sources", "quote",
        ],
    ),
    (
        "opponents-of-mali",
        &[
            "opponent", "type", "status", "since", "sources", "claimed", "quote",
        ],
    ),
    (
        "memberships",
        &[
            "member",
            "organisation",
            "status",
            "since",
            "until",
            "sources",
        ],
    ),
    (
        "sources",
        &[
            "id",
            "title",
            "kind",
            "publisher",
            "author",
            "published",
            "date_note",
            "cites",
            "facts",
            "file",
        ],
    ),
];

/// How long each stage took, printed to stderr with `export --timings`.
#[derive(Debug)]
struct Timings {
    enabled: bool,
    started: std::time::Instant,
    last: std::time::Instant,
}

impl Timings {
    fn new(enabled: bool) -> Self {
        let now = std::time::Instant::now();
        Self {
            enabled,
            started: now,
            last: now,
        }
    }

    fn lap(&mut self, stage: &str) {
        let now = std::time::Instant::now();
        if self.enabled {
            eprintln!("{stage:<24} {:>9.3} s", (now - self.last).as_secs_f64());
        }
        self.last = now;
    }

    fn total(&self) {
        if self.enabled {
            eprintln!(
                "{:<24} {:>9.3} s",
                "total",
                self.started.elapsed().as_secs_f64()
            );
        }
    }
}

/// The whole pipeline: every report, picture and export, written all or nothing.
fn export_all(
    inputs: &Inputs,
    queries: &std::path::Path,
    out: &std::path::Path,
    timings: bool,
    endpoint: Option<&config::Remote>,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut time = Timings::new(timings);
    // Queries are checked before any work, so a broken one costs nothing.
    let stored = query::load(queries)?.map_err(Problems)?;
    let client = endpoint.map(endpoint::Client::new).transpose()?;
    let validated = validate_inputs(inputs)?;
    time.lap("read + validate");
    let engine = match client {
        Some(client) => query::Engine::Endpoint(Box::new(client)),
        None => query::Engine::Embedded(build_store(&validated)?),
    };
    time.lap("map + load");
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    for q in &stored {
        match engine.run(&q.file, &q.text, false)? {
            Ok(answer) => answers.push((q, answer)),
            Err(problem) => problems.push(problem),
        }
        time.lap(&format!("query {}", q.name));
    }
    Problems(problems).into_result()?;
    let (network_dot, network_svg, timeline_svg, index) = present(&answers, &validated, &mut time)?;
    // The exports are the canonical graph, not the store's view of it: the store normalises
    // derived datatypes (`xsd:nonNegativeInteger` becomes `xsd:integer`).
    drop(engine);
    let triples = graph(&validated);
    let triple_count = triples.len();
    time.lap("map + sort for export");
    let mut staged = output::Staged::new(out)?;
    for (q, answer) in &answers {
        staged.write(&format!("{}.csv", q.name), |w| {
            report::write(answer, report::Format::Csv, w)
        })?;
    }
    staged.write("network.dot", |w| Ok(w.write_all(network_dot.as_bytes())?))?;
    staged.write("network.svg", |w| Ok(w.write_all(network_svg.as_bytes())?))?;
    staged.write(
        "timeline.svg",
        |w| Ok(w.write_all(timeline_svg.as_bytes())?),
    )?;
    staged.write("index.html", |w| Ok(w.write_all(index.as_bytes())?))?;
    time.lap("write reports and page");
    let coverage = coverage::rows(&validated)?;
    staged.write("coverage.csv", |w| {
        report::write_csv_rows(coverage::COLUMNS, coverage, w)
    })?;
    time.lap("coverage");
    staged.write("graph.nt", |w| export::write_ntriples(&triples, w))?;
    time.lap("graph.nt");
    staged.write("graph.ttl", |w| export::write_turtle(&triples, w))?;
    time.lap("graph.ttl");
    staged.write("graph.jsonld", |w| export::write_jsonld(&triples, w))?;
    time.lap("graph.jsonld");
    drop(triples);
    let quads = dataset(&validated);
    staged.write("graph.nq", |w| export::write_nquads(&quads, w))?;
    time.lap("graph.nq");
    let fingerprint = export::fingerprint(&quads)?;
    staged.write("graph.sha256", |w| {
        Ok(writeln!(w, "{fingerprint}  graph.nq")?)
    })?;
    time.lap("graph.sha256 (RDFC-1.0)");
    let written = staged.commit()?;
    time.lap("commit");
    time.total();
    writeln!(
        stdout,
        "{}: wrote {} files ({} reports; graph of {} triples from {} facts)",
        out.display(),
        written.len(),
        answers.len(),
        triple_count,
        validated.facts.len()
    )?;
    Ok(())
}

/// Stage 6d-f: the pictures and the page, from the stored queries' answers. Every query and
/// column they read is checked first, so a changed query is a reported problem, not a crash.
fn present(
    answers: &[(&query::StoredQuery, query::Answer)],
    validated: &Validated,
    time: &mut Timings,
) -> anyhow::Result<(String, String, String, String)> {
    let by_name: std::collections::BTreeMap<&str, &query::Answer> =
        answers.iter().map(|(q, a)| (q.name.as_str(), a)).collect();
    let mut problems = Vec::new();
    for (name, columns) in PRESENTED {
        let file = answers
            .iter()
            .find(|(q, _)| q.name == *name)
            .map(|(q, _)| q.file.clone());
        match (by_name.get(name), file) {
            (Some(answer), Some(file)) => {
                let missing: Vec<&str> = columns.iter().copied().filter(|c| !answer.columns.iter().any(|have| have == c)).collect();
                if !missing.is_empty() {
                    problems.push(Problem::file(file, format!("the pictures and index.html read the column(s) {} of this query, which it no longer selects", missing.join(", "))));
                }
            }
            _ => problems.push(Problem::file(format!("{name}.rq"), format!("missing stored query: the pictures and index.html are drawn from queries/{name}.rq"))),
        }
    }
    Problems(problems).into_result()?;
    let (network_dot, network_svg) = network::svg(by_name["actors"], by_name["relations"])?;
    time.lap("network.svg (Graphviz)");
    // The latest date any claim's source or part gives: where "current" relations are drawn to.
    let now = by_name["evidence"]
        .records()
        .iter()
        .filter_map(|r| dates::PartialDate::parse(&r["published"]).ok())
        .max_by_key(|d| d.latest())
        .context("no source is dated: the timeline needs at least one date")?;
    let timeline_svg = timeline::svg(by_name["relations"], now)?;
    time.lap("timeline.svg");
    let index = page::html(&page::Inputs {
        answers: by_name.clone(),
        network: &network_svg,
        timeline: &timeline_svg,
        validated,
    })?;
    time.lap("index.html");
    Ok((network_dot, network_svg, timeline_svg, index))
}

/// Stages 1 and 2: read the ontology and the annotations and validate them.
pub fn validate_inputs(inputs: &Inputs) -> anyhow::Result<Validated> {
    // A missing directory is a wrong path, not a data problem: exit 2, said once.
    anyhow::ensure!(
        inputs.seeds.is_dir(),
        "no annotations directory at {} (use --seeds DIR)",
        inputs.seeds.display()
    );
    let ontology = Ontology::load(&inputs.ontology)?.map_err(Problems)?;
    let mut problems: Vec<Problem> = Vec::new();
    let annotations = read::read(&inputs.seeds, &mut problems)?;
    Ok(validate::validate(
        &annotations,
        ontology,
        &inputs.documents,
        problems,
    )??)
}

/// Stages 3 and 4: map to RDF and load the store with the ontology.
pub fn build_store(validated: &Validated) -> anyhow::Result<Store> {
    let data = map::map(validated).into_iter().map(Triple::from).collect();
    store::load(&validated.ontology.triples, data)
}

/// The whole graph, ontology and data, sorted in N-Triples order: what the exports hold.
pub fn graph(validated: &Validated) -> Vec<Triple> {
    let mut triples = validated.ontology.triples.clone();
    triples.extend(map::map(validated).into_iter().map(Triple::from));
    export::sorted(triples)
}

/// The whole dataset, with each source's claims in its own named graph, sorted in N-Quads
/// order: what `graph.nq` holds.
pub fn dataset(validated: &Validated) -> Vec<Quad> {
    let mut quads: Vec<Quad> = validated
        .ontology
        .triples
        .iter()
        .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
        .collect();
    quads.extend(map::map(validated));
    export::sorted(quads)
}
