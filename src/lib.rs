//! sahel-kg: hand-annotated facts about Sahel alliances, turned into linked data.
//!
//! ```text
//!  seeds/*.csv ─► read ─► validate ─► map ─┬─► store ─► query ─► report ──► output/*.csv
//!  seeds/documents/        ▲      (one walk │   (other    (query.rs,  network, timeline,
//!  ontology/*.ttl ─────────┘       of the   │   thread)   2 threads)  page ─► output/*.svg, .html
//!          text.rs: quotes         graph,   └─► export ──────────────────► output/graph.nt/.nq/
//!          located in documents    block by     (export.rs: as the blocks   .ttl/.jsonld/.sha256
//!                                  block)       stream by)       (output.rs: all or nothing)
//! ```
//!
//! Each stage is one module, in that order. Data problems are values (`problem::Problem`),
//! collected across a whole stage and reported together; `Validated` can only be built by
//! `validate`, so `map` never sees unchecked data. `map::Graph` walks the graph once, one
//! subject at a time in sorted N-Triples order: this thread writes each block to the four
//! graph files while another loads it into the store, so nothing but the store ever holds the
//! whole graph. Outputs are staged and moved into place only when the whole run succeeded
//! (`output.rs`). With `--endpoint`, `endpoint.rs` takes the place of the store: `publish`
//! streams the walk to a triple store over HTTP, and `export` and `query` run the queries there
//! (`query::Engine`). `export --no-store` writes only `graph.nt`, mapping the corpus a few
//! documents at a time (`shards.rs`, into sorted runs merged by `runs.rs`) so that its memory
//! does not grow with the facts.

pub mod cells;
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
pub mod progress;
pub mod query;
pub mod radial;
pub mod read;
pub mod report;
pub mod runs;
pub mod shards;
pub mod store;
pub mod synth;
pub mod text;
pub mod timeline;
pub mod validate;
pub mod vocab;

use std::io::Write;

use anyhow::Context;
use oxigraph::model::{Quad, Triple};
use oxigraph::store::Store;

use crate::config::{Config, Inputs, QueryText};
use crate::ontology::Ontology;
use crate::problem::{Problem, Problems};
use crate::validate::Validated;

/// Runs one command. Data problems come back as a `Problems` error (exit 1); anything else
/// that stops the run is an ordinary error (exit 2).
pub fn run(config: &Config, stdout: &mut dyn Write) -> anyhow::Result<()> {
    if let Config::Export { out, .. } = config {
        // Before anything can fail: a run that stops on bad data must leave the directory as
        // the last finished run left it, not as a killed one did.
        output::clear_killed_runs(out)?;
    }
    match config {
        Config::Validate { inputs, progress } => {
            let validated = validate_shown(inputs, *progress)?;
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
            queries: _,
            out,
            timings,
            no_store: true,
            shard_size,
            progress,
            endpoint: _,
        } => export_ntriples(inputs, out, *shard_size, *timings, *progress, stdout),
        Config::Export {
            inputs,
            queries,
            out,
            timings,
            no_store: false,
            shard_size: _,
            progress,
            endpoint,
        } => export_all(
            inputs,
            queries,
            out,
            *timings,
            *progress,
            endpoint.as_ref(),
            stdout,
        ),
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
            progress,
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
            let engine = if let Some(remote) = endpoint {
                query::Engine::Endpoint(Box::new(endpoint::Client::new(remote)?))
            } else {
                let validated = validate_shown(inputs, *progress)?;
                query::Engine::Embedded(load_store(&validated, *progress)?)
            };
            let answer = progress::spinning(*progress, progress::QUERY, || {
                engine.run(&file, &text, true)
            })?
            .map_err(|p| Problems(vec![p]))?;
            report::write(&answer, *format, stdout)?;
            Ok(())
        }
        Config::Publish {
            inputs,
            endpoint,
            batch,
            progress,
        } => publish(inputs, endpoint, *batch, *progress, stdout),
    }
}

/// `publish`: the graph streamed to a Graph Store endpoint in batches (`endpoint.rs`).
fn publish(
    inputs: &Inputs,
    endpoint: &config::Remote,
    batch: usize,
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let client = endpoint::Client::new(endpoint)?;
    let validated = validate_shown(inputs, progress)?;
    let graph = name_shown(&validated, progress)?;
    let bar = progress::Progress::new(progress, graph.blocks() as u64, progress::MAP_PUBLISH);
    // Streamed: one batch at a time, never the whole graph.
    let mut uploader = client.uploader(batch);
    let published = graph
        .for_each_block(|block| {
            for s in &block {
                let q = &s.quad;
                uploader.add(oxigraph::model::TripleRef::new(
                    &q.subject,
                    &q.predicate,
                    &q.object,
                ))?;
            }
            bar.inc(1);
            Ok(())
        })
        .and_then(|()| uploader.finish())
        .with_context(|| format!("could not publish to {}", client.url()))?;
    // Off the terminal before the summary, which may go to the same one.
    bar.finish();
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

    /// Prints a stage timed elsewhere (another thread, or summed over many calls).
    fn report(&self, stage: &str, spent: std::time::Duration) {
        if self.enabled {
            eprintln!("  {stage:<22} {:>9.3} s", spent.as_secs_f64());
        }
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
    progress: bool,
    endpoint: Option<&config::Remote>,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut time = Timings::new(timings);
    // Queries are checked before any work, so a broken one costs nothing.
    let stored = query::load(queries)?.map_err(Problems)?;
    let missing: Vec<Problem> = PRESENTED
        .iter()
        .filter(|(name, _)| !stored.iter().any(|q| q.name == *name))
        .map(|(name, _)| {
            let file = queries.join(format!("{name}.rq")).display().to_string();
            Problem::file(
                file,
                "missing stored query: the pictures and index.html are drawn from it",
            )
        })
        .collect();
    Problems(missing).into_result()?;
    let client = endpoint.map(endpoint::Client::new).transpose()?;
    let validated = validate_shown(inputs, progress)?;
    time.lap("read + validate");
    let graph = name_shown(&validated, progress)?;
    time.lap("map: name and order");
    let mut staged = output::Staged::new(out)?;
    // With an endpoint, the graph files are still written here, and the queries go there.
    let engine = match client {
        Some(client) => query::Engine::Endpoint(Box::new(client)),
        None => {
            query::Engine::Embedded(Store::new().context("could not create the in-memory store")?)
        }
    };
    let store = match &engine {
        query::Engine::Embedded(store) => Some(store),
        query::Engine::Endpoint(_) => None,
    };
    let triple_count = load_and_export(&graph, store, &mut staged, &mut time, progress)?;
    drop(graph);
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    for (q, result, elapsed) in run_queries(&engine, &stored, progress)? {
        match result {
            Ok(answer) => answers.push((q, answer)),
            Err(problem) => problems.push(problem),
        }
        time.report(&format!("query {}", q.name), elapsed);
    }
    time.lap("queries (wall, 2 threads)");
    Problems(problems).into_result()?;
    // Freeing the store takes seconds at a million facts (millions of small nodes), and nothing
    // reads it any more: a thread of its own frees it, and nothing waits for that. If the
    // process ends first, the operating system takes the memory back at once.
    std::thread::spawn(move || drop(engine));
    // Coverage reads only the annotations: the second core works it out while this one draws
    // the pictures and the page and writes the reports.
    let annotations = &validated;
    let spinner = progress::Progress::spinner(progress, progress::PICTURES_REPORTS);
    let (drawn, coverage) = std::thread::scope(|scope| {
        let coverage = scope.spawn(move || {
            let started = std::time::Instant::now();
            coverage::rows(annotations).map(|rows| (rows, started.elapsed()))
        });
        let drawn = present_and_write(&answers, annotations, &mut staged, &mut time);
        (drawn, coverage.join())
    });
    drawn?;
    let (coverage, coverage_time) =
        coverage.map_err(|_| anyhow::anyhow!("the coverage thread crashed"))??;
    staged.write(output::COVERAGE, |w| {
        report::write_csv_rows(coverage::COLUMNS, coverage, w)
    })?;
    time.report("coverage (thread 2)", coverage_time);
    time.lap("coverage.csv (waited)");
    let written = staged.commit()?;
    spinner.finish();
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

/// `export --no-store`: the graph streamed to `graph.nt` alone, a few documents at a time
/// (`shards.rs`). No store, query or report is involved, and nothing holds the graph or the
/// facts. When the shards find a problem, the whole corpus is validated the ordinary way to
/// report it (`export_ntriples_whole`).
fn export_ntriples(
    inputs: &Inputs,
    out: &std::path::Path,
    shard_size: u64,
    timings: bool,
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut time = Timings::new(timings);
    check_seeds_dir(inputs)?;
    let ontology = Ontology::load(&inputs.ontology)?.map_err(Problems)?;
    let mut staged = output::Staged::new(out)?;
    let scratch = staged.scratch()?;
    let mut nt = staged.create(output::GRAPH_NT)?;
    let streamed = shards::export(
        inputs,
        &ontology,
        scratch.path(),
        shard_size,
        &mut nt,
        progress,
        &mut |stage| time.lap(stage),
    )
    // Most of its errors are the temporary files' (a full disk, above all), which name none.
    .with_context(|| {
        format!(
            "could not write graph.nt in shards (temporary files in {})",
            scratch.path().display()
        )
    })?;
    let shards::Streamed::Written { triples, facts } = streamed else {
        drop((nt, scratch, staged));
        time.lap("shards: a problem, validating the whole corpus");
        return export_ntriples_whole(inputs, out, time, progress, stdout);
    };
    nt.finish()?;
    drop(scratch);
    time.lap("flush, scratch removed");
    staged.commit()?;
    time.lap("commit");
    time.total();
    writeln!(
        stdout,
        "{}: wrote graph.nt ({triples} triples from {facts} facts; no store, no reports)",
        out.display(),
    )?;
    Ok(())
}

/// `export --no-store` for the whole corpus at once: what reports the problems the shards found.
fn export_ntriples_whole(
    inputs: &Inputs,
    out: &std::path::Path,
    mut time: Timings,
    progress: bool,
    stdout: &mut dyn Write,
) -> anyhow::Result<()> {
    let validated = validate_shown(inputs, progress)?;
    time.lap("read + validate");
    let graph = name_shown(&validated, progress)?;
    time.lap("map: name and order");
    let mut staged = output::Staged::new(out)?;
    let bar = progress::Progress::new(progress, graph.blocks() as u64, progress::MAP_EXPORT);
    let mut nt = export::NTriples::new(staged.create(output::GRAPH_NT)?);
    let mut count = 0;
    graph.for_each_block(|block| {
        nt.block(&block)?;
        bar.inc(1);
        count += block.len();
        Ok(())
    })?;
    nt.finish().finish()?;
    bar.finish();
    time.lap("map + graph.nt");
    staged.commit()?;
    time.lap("commit");
    time.total();
    writeln!(
        stdout,
        "{}: wrote graph.nt ({count} triples from {} facts; no store, no reports)",
        out.display(),
        validated.facts.len()
    )?;
    Ok(())
}

/// How many statements go to the store loader at a time.
const LOAD_BATCH: usize = 16_384;

/// Stages 3, 4 and 6b together, in one walk of the graph: this thread maps each block and
/// writes it to the four graph files while another loads it into the store. Returns the number
/// of triples. Nothing holds the whole graph but the store.
fn load_and_export(
    graph: &map::Graph<'_>,
    store: Option<&Store>,
    staged: &mut output::Staged,
    time: &mut Timings,
    progress: bool,
) -> anyhow::Result<usize> {
    let bar = progress::Progress::new(progress, graph.blocks() as u64, progress::MAP_LOAD_EXPORT);
    let mut nt = export::NTriples::new(staged.create(output::GRAPH_NT)?);
    let mut nq = export::NQuads::new(staged.create(output::GRAPH_NQ)?);
    let mut ttl = export::Turtle::new(staged.create(output::GRAPH_TTL)?)?;
    let mut jsonld = export::JsonLd::new(staged.create(output::GRAPH_JSONLD)?)?;
    let mut spent = [std::time::Duration::ZERO; 5];
    let enabled = time.enabled;
    let mut clock = std::time::Instant::now();
    // Charges the time since the last call to `spent[i]`, when timings are on.
    let mut charge = |i: usize| {
        if enabled {
            let now = std::time::Instant::now();
            spent[i] += now - clock;
            clock = now;
        }
    };
    let mut count = 0;
    let loaded = std::thread::scope(|scope| -> anyhow::Result<std::time::Duration> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Quad>>(8);
        // Unbounded, so that the loader never waits to hand a batch back; this thread frees
        // them as it goes (see `store::load_batches`), so a few at most are waiting.
        let (hand_back, to_free) = std::sync::mpsc::channel::<Vec<Quad>>();
        let loader =
            store.map(|store| scope.spawn(move || store::load_batches(store, receive, &hand_back)));
        let mut batch = Vec::with_capacity(LOAD_BATCH);
        let walked = graph.for_each_block(|block| {
            to_free.try_iter().for_each(drop);
            charge(0);
            nt.block(&block)?;
            charge(1);
            nq.block(&block)?;
            charge(2);
            ttl.block(&block)?;
            charge(3);
            jsonld.block(&block)?;
            charge(4);
            bar.inc(1);
            count += block.len();
            if store.is_some() {
                batch.extend(block.into_iter().map(|s| s.quad));
            }
            if batch.len() >= LOAD_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(LOAD_BATCH));
                send.send(full)
                    .map_err(|_| anyhow::anyhow!("the store loader stopped"))?;
            }
            Ok(())
        });
        if walked.is_ok() && !batch.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
        let load_time = match loader {
            Some(loader) => loader
                .join()
                .map_err(|_| anyhow::anyhow!("the store loader crashed"))?,
            None => Ok(std::time::Duration::ZERO),
        };
        walked?;
        load_time
    })?;
    bar.finish();
    for (i, stage) in [
        "map: blocks",
        output::GRAPH_NT,
        output::GRAPH_NQ,
        output::GRAPH_TTL,
        output::GRAPH_JSONLD,
    ]
    .into_iter()
    .enumerate()
    {
        time.report(stage, spent[i]);
    }
    time.report("load (other thread)", loaded);
    nt.finish().finish()?;
    let (nq, fingerprint) = nq.finish();
    nq.finish()?;
    ttl.finish()?.finish()?;
    jsonld.finish()?.finish()?;
    staged.write(output::GRAPH_SHA256, |w| {
        Ok(writeln!(w, "{fingerprint}  {}", output::GRAPH_NQ)?)
    })?;
    time.lap("map + load + export (wall)");
    Ok(count)
}

/// Runs every stored query on two threads (the store is read-only now), and gives each
/// answer back in the queries' order with the time it took.
#[allow(clippy::type_complexity)]
fn run_queries<'q>(
    engine: &query::Engine,
    stored: &'q [query::StoredQuery],
    progress: bool,
) -> anyhow::Result<
    Vec<(
        &'q query::StoredQuery,
        Result<query::Answer, Problem>,
        std::time::Duration,
    )>,
> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    let bar = progress::Progress::tasks(progress, stored.len() as u64, progress::QUERIES);
    // The queries under way, named on the bar: one can take most of the stage.
    let running = std::sync::Mutex::new(Vec::new());
    let under_way = |i: usize, yes: bool| {
        if let Ok(mut running) = running.lock() {
            if yes {
                running.push(i);
            } else {
                running.retain(|r| *r != i);
            }
            let names: Vec<&str> = running.iter().map(|r| stored[*r].name.as_str()).collect();
            bar.say(names.join(", "));
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(q) = stored.get(i) else { break };
                    under_way(i, true);
                    let started = std::time::Instant::now();
                    let result = engine.run(&q.file, &q.text, false);
                    let elapsed = started.elapsed();
                    under_way(i, false);
                    bar.inc(1);
                    if let Ok(mut results) = results.lock() {
                        results.push((i, result, elapsed));
                    }
                }
            });
        }
    });
    bar.finish();
    let mut results = results
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a query thread crashed"))?;
    anyhow::ensure!(results.len() == stored.len(), "a query thread crashed");
    results.sort_by_key(|(i, _, _)| *i);
    results
        .into_iter()
        .map(|(i, result, elapsed)| Ok((&stored[i], result?, elapsed)))
        .collect()
}

/// Stage 6: draws the pictures and the page, and writes them and every report.
fn present_and_write(
    answers: &[(&query::StoredQuery, query::Answer)],
    validated: &Validated,
    staged: &mut output::Staged,
    time: &mut Timings,
) -> anyhow::Result<()> {
    let (network_dot, network_svg, timeline_svg, index) = present(answers, validated, time)?;
    for (q, answer) in answers {
        staged.write(&format!("{}.csv", q.name), |w| {
            report::write(answer, report::Format::Csv, w)
        })?;
    }
    staged.write(output::NETWORK_DOT, |w| {
        Ok(w.write_all(network_dot.as_bytes())?)
    })?;
    staged.write(output::NETWORK_SVG, |w| {
        Ok(w.write_all(network_svg.as_bytes())?)
    })?;
    staged.write(output::TIMELINE_SVG, |w| {
        Ok(w.write_all(timeline_svg.as_bytes())?)
    })?;
    staged.write(output::INDEX, |w| Ok(w.write_all(index.as_bytes())?))?;
    time.lap("write reports and page");
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
        // `export_all` refuses a run without these queries before any work, so a missing one
        // here is a bug, not a user's problem.
        let Some((q, answer)) = answers.iter().find(|(q, _)| q.name == *name) else {
            anyhow::bail!("the stored query {name} was checked at load but has no answer");
        };
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !answer.columns.iter().any(|have| have == c))
            .collect();
        if !missing.is_empty() {
            problems.push(Problem::file(
                q.file.clone(),
                format!(
                    "the pictures and index.html read the column(s) {} of this query, which it \
                     no longer selects",
                    missing.join(", ")
                ),
            ));
        }
    }
    Problems(problems).into_result()?;
    let (network_dot, network_svg) = network::svg(by_name["actors"], by_name["relations"])?;
    time.lap("network.svg (Graphviz)");
    // The latest date any claim's source or part gives: where "current" relations are drawn to.
    // None when no claim's source is dated, or there is no claim: dates are optional in the
    // annotations, so that is no error, and the timeline says so (`timeline::svg`).
    let now = by_name["evidence"]
        .records()
        .filter_map(|r| dates::PartialDate::parse(r.get("published")).ok())
        .max_by_key(|d| d.latest());
    let timeline_svg = timeline::svg(by_name["relations"], now)?;
    time.lap(output::TIMELINE_SVG);
    let index = page::html(&page::Inputs {
        answers: by_name.clone(),
        network: &network_svg,
        timeline: &timeline_svg,
        validated,
    })?;
    time.lap(output::INDEX);
    Ok((network_dot, network_svg, timeline_svg, index))
}

/// Stages 1 and 2: read the ontology and the annotations and validate them.
pub fn validate_inputs(inputs: &Inputs) -> anyhow::Result<Validated> {
    check_seeds_dir(inputs)?;
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

/// `validate_inputs` as the commands run it: with a spinner on a terminal when `progress` is on.
fn validate_shown(inputs: &Inputs, progress: bool) -> anyhow::Result<Validated> {
    progress::spinning(progress, progress::READ_VALIDATE, || {
        validate_inputs(inputs)
    })
}

/// The graph named and ordered (`map::Graph::new`), with a spinner on a terminal when
/// `progress` is on.
fn name_shown(validated: &Validated, progress: bool) -> anyhow::Result<map::Graph<'_>> {
    progress::spinning(progress, progress::NAME_ORDER, || {
        map::Graph::new(validated)
    })
}

/// A missing directory is a wrong path, not a data problem: exit 2, said once.
fn check_seeds_dir(inputs: &Inputs) -> anyhow::Result<()> {
    anyhow::ensure!(
        inputs.seeds.is_dir(),
        "no annotations directory at {} (use --seeds DIR)",
        inputs.seeds.display()
    );
    Ok(())
}

/// Stages 3 and 4: map to RDF and load the store with the ontology.
pub fn build_store(validated: &Validated) -> anyhow::Result<Store> {
    load_store(validated, false)
}

/// `build_store`, showing its progress on a terminal when `progress` is on.
fn load_store(validated: &Validated, progress: bool) -> anyhow::Result<Store> {
    let graph = name_shown(validated, progress)?;
    let bar = progress::Progress::new(progress, graph.blocks() as u64, progress::MAP_LOAD);
    store::load(&graph, || bar.inc(1))
}

/// The whole graph, ontology and data, in N-Triples order: what the exports hold.
pub fn graph(validated: &Validated) -> anyhow::Result<Vec<Triple>> {
    Ok(map::Graph::new(validated)?
        .statements()
        .into_iter()
        .map(|s| Triple::from(s.quad))
        .collect())
}

/// The whole dataset, with each source's claims in its own named graph, in N-Quads order: what
/// `graph.nq` holds.
pub fn dataset(validated: &Validated) -> anyhow::Result<Vec<Quad>> {
    Ok(map::Graph::new(validated)?
        .statements()
        .into_iter()
        .map(|s| s.quad)
        .collect())
}
