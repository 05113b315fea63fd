//! `sahel-kg export`: every report, picture and graph file; or `graph.nt` alone.
//!
//! In: the annotations, the ontology and the stored queries. Out: the output directory,
//! written all or nothing (`output::Staged`): on any problem it stays as the last finished run
//! left it. The full export walks the graph once, writing the graph files while the store
//! loads (`export::walk`), runs the queries on the store or an endpoint (`sparql::run_all`),
//! then draws and writes what people read (`render`) while the second core works out the
//! coverage. `--no-store` streams `graph.nt` alone, a few documents at a time
//! (`export::shards`). What this does not do: print the problems; `main` does.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use oxigraph::store::Store;

use crate::answer::Answer;
use crate::config::{Export, ExportMode, Format, Inputs, QueryEngine};
use crate::export::{shards, walk, writers};
use crate::output::{self, Staged};
use crate::pipeline::ontology::Ontology;
use crate::pipeline::passages;
use crate::pipeline::validate::Validated;
use crate::problem::Problems;
use crate::progress;
use crate::remote::endpoint::Client;
use crate::render::{self, coverage, report};
use crate::sparql::{self, query::Engine, query::StoredQuery};
use crate::timings::Timings;

/// What every mode of the export works with, taken out of `Export` once: where it reads and
/// writes, whether it shows progress, its timings, and where it says what it wrote.
struct Job<'a> {
    inputs: &'a Inputs,
    out: &'a Path,
    progress: bool,
    time: Timings,
    stdout: &'a mut dyn Write,
}

impl Job<'_> {
    /// How every mode ends, once its files are committed: the timings closed, and a line
    /// saying what it wrote (`what`) after the output directory's name.
    fn done(mut self, what: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
        self.time.lap("commit");
        self.time.total();
        writeln!(self.stdout, "{}: wrote {what}", self.out.display())?;
        Ok(())
    }

    /// Moves `graph.nt` into place and says what it holds: how `--no-store` ends, whether the
    /// shards or the whole corpus wrote it.
    fn commit_graph_nt(self, staged: Staged, triples: usize, facts: usize) -> anyhow::Result<()> {
        staged.commit()?;
        self.done(format_args!(
            "graph.nt ({triples} triples from {facts} facts; no store, no reports)"
        ))
    }
}

/// Runs the export in its mode.
pub fn run(export: &Export, stdout: &mut dyn Write) -> anyhow::Result<()> {
    // Before anything is written, the undo of a killed commit included.
    export.check_out()?;
    // Before anything can fail: a run that stops on bad data must leave the directory as the
    // last finished run left it, not as a killed one did.
    output::clear_killed_runs(&export.out)?;
    let job = Job {
        inputs: &export.inputs,
        out: &export.out,
        progress: export.progress,
        time: Timings::new(export.timings),
        stdout,
    };
    match &export.mode {
        ExportMode::Full { queries, engine } => full(job, queries, engine),
        ExportMode::NoStore { shard_size } => no_store(job, *shard_size),
    }
}

/// The whole pipeline: every report, picture and export.
fn full(mut job: Job<'_>, queries: &Path, engine: &QueryEngine) -> anyhow::Result<()> {
    // Queries are checked before any work, so a broken one costs nothing.
    let stored = sparql::query::load(queries)?.map_err(Problems)?;
    render::check_presented_exist(&stored, queries)?;
    let (client, timeout) = match engine {
        QueryEngine::Endpoint(remote) => (Some(Client::new(remote)?), remote.timeout),
        QueryEngine::Embedded { timeout } => (None, *timeout),
    };
    let validated = super::validate_shown(job.inputs, job.progress)?;
    job.time.lap("read + validate");
    let passages = passages::of_corpus(&validated);
    job.time.lap("shared passages");
    let graph = super::name_shown_with(&validated, passages, job.progress)?;
    job.time.lap("map: name and order");
    let mut staged = Staged::new(job.out)?;
    // With an endpoint, the graph files are still written here, and the queries go there.
    let engine = match client {
        Some(client) => Engine::Endpoint(Box::new(client)),
        None => Engine::Embedded(Store::new().context("could not create the in-memory store")?),
    };
    let store = match &engine {
        Engine::Embedded(store) => Some(store),
        Engine::Endpoint(_) => None,
    };
    let triple_count =
        walk::load_and_write(&graph, store, &mut staged, &mut job.time, job.progress)?;
    drop(graph);
    let answers = answers(&engine, &stored, job.progress, timeout, &mut job.time)?;
    // Freeing the store takes seconds at a million facts (millions of small nodes), and nothing
    // reads it any more: a thread of its own frees it, and nothing waits for that. If the
    // process ends first, the operating system takes the memory back at once.
    std::thread::spawn(move || drop(engine));
    let spinner = progress::Progress::spinner(job.progress, progress::PICTURES_REPORTS);
    write_presented(&answers, &validated, &mut staged, &mut job.time)?;
    let written = staged.commit()?;
    spinner.finish();
    job.done(format_args!(
        "{} files ({} reports; graph of {} triples from {} facts)",
        written.len(),
        answers.len(),
        triple_count,
        validated.facts.len()
    ))
}

/// Every stored query's answer, in the queries' order; every failed query's problem at once.
fn answers<'q>(
    engine: &Engine,
    stored: &'q [StoredQuery],
    progress: bool,
    timeout: Duration,
    time: &mut Timings,
) -> anyhow::Result<Vec<(&'q StoredQuery, Answer)>> {
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    for (q, result, elapsed) in sparql::run_all(engine, stored, progress, timeout)? {
        match result {
            Ok(answer) => answers.push((q, answer)),
            Err(problem) => problems.push(problem),
        }
        time.report(&format!("query {}", q.name), elapsed);
    }
    time.lap("queries (wall, 2 threads)");
    Problems(problems).into_result()?;
    Ok(answers)
}

/// Draws the pictures and the page and writes them with every report, while a second thread
/// works out the coverage, which reads only the annotations.
fn write_presented(
    answers: &[(&StoredQuery, Answer)],
    validated: &Validated,
    staged: &mut Staged,
    time: &mut Timings,
) -> anyhow::Result<()> {
    let (drawn, coverage) = std::thread::scope(|scope| {
        let coverage = scope.spawn(move || {
            let started = std::time::Instant::now();
            coverage::rows(validated).map(|rows| (rows, started.elapsed()))
        });
        let drawn = write_reports_and_pictures(answers, validated, staged, time);
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
    Ok(())
}

/// Every report, then the pictures and the page (`render::present`).
fn write_reports_and_pictures(
    answers: &[(&StoredQuery, Answer)],
    validated: &Validated,
    staged: &mut Staged,
    time: &mut Timings,
) -> anyhow::Result<()> {
    let presented = render::present(answers, validated, time)?;
    for (q, answer) in answers {
        staged.write(&format!("{}.csv", q.name), |w| {
            report::write(answer, Format::Csv, w)
        })?;
    }
    for (name, text) in [
        (output::NETWORK_DOT, &presented.network_dot),
        (output::NETWORK_SVG, &presented.network_svg),
        (output::TIMELINE_SVG, &presented.timeline_svg),
        (output::INDEX, &presented.index),
    ] {
        staged.write(name, |w| Ok(w.write_all(text.as_bytes())?))?;
    }
    time.lap("write reports and page");
    Ok(())
}

/// `export --no-store`: the graph streamed to `graph.nt` alone, a few documents at a time
/// (`export::shards`). No store, query or report is involved, and nothing holds the graph or
/// the facts. When the shards find a problem, the whole corpus is validated the ordinary way
/// to report it (`no_store_whole`).
fn no_store(mut job: Job<'_>, shard_size: u64) -> anyhow::Result<()> {
    crate::pipeline::check_seeds_dir(job.inputs)?;
    let ontology = Ontology::load(&job.inputs.ontology)?.map_err(Problems)?;
    let mut staged = Staged::new(job.out)?;
    let scratch = staged.scratch()?;
    let mut nt = staged.create(output::GRAPH_NT)?;
    let streamed = shards::export(
        job.inputs,
        &ontology,
        scratch.path(),
        shard_size,
        &mut nt,
        job.progress,
        &mut |stage| job.time.lap(stage),
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
        job.time
            .lap("shards: a problem, validating the whole corpus");
        return no_store_whole(job);
    };
    nt.finish()?;
    drop(scratch);
    job.time.lap("flush, scratch removed");
    job.commit_graph_nt(staged, triples, facts)
}

/// `export --no-store` for the whole corpus at once: what reports the problems the shards found.
fn no_store_whole(mut job: Job<'_>) -> anyhow::Result<()> {
    let validated = super::validate_shown(job.inputs, job.progress)?;
    job.time.lap("read + validate");
    let graph = super::name_shown(&validated, job.progress)?;
    job.time.lap("map: name and order");
    let mut staged = Staged::new(job.out)?;
    let bar = progress::Progress::new(job.progress, graph.blocks() as u64, progress::MAP_EXPORT);
    let mut nt = writers::NTriples::new(staged.create(output::GRAPH_NT)?);
    let mut count = 0;
    graph.for_each_block(|block| {
        nt.block(&block)?;
        bar.inc(1);
        count += block.len();
        Ok(())
    })?;
    nt.finish().finish()?;
    bar.finish();
    job.time.lap("map + graph.nt");
    job.commit_graph_nt(staged, count, validated.facts.len())
}
