//! How Oxigraph runs a stored query on a corpus: its time, then its plan with the rows and
//! seconds of every step (statistics slow the run down several times; compare steps, not
//! totals). For query authors whose report is slow at scale; see docs/scaling.md.
//!
//!     cargo run --release --example explain -- SEEDS_DIR queries/relations.rq [more.rq ...]
//!
//! `--no-plan` (first argument) prints only the times: at a million facts the plan's statistics
//! take many minutes.
//!
//! Each query's line also gives the process's peak resident memory while it ran, above what
//! it held before (Linux: the peak is reset through `/proc/self/clear_refs`), and the store's
//! own size after loading: how much a report adds to the store it reads. Give one query per
//! run to compare memory: the system allocator keeps much of what a query freed, and the next
//! query's figure counts only what it needed beyond that.
//!
//! Reads `ontology/` from the current directory, like `sahel-kg export`.

use anyhow::Context;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let plan = args.next_if(|arg| arg == "--no-plan").is_none();
    let seeds = std::path::PathBuf::from(args.next().context("usage: explain SEEDS QUERY...")?);
    let inputs = sahel_kg::config::Inputs {
        documents: seeds.join("documents"),
        seeds,
        ontology: "ontology".into(),
    };
    let validated = sahel_kg::pipeline::validate_inputs(&inputs)?;
    let store = sahel_kg::pipeline::build_store(&validated)?;
    drop(validated);
    println!(
        "loaded: resident {} MiB",
        memory("VmRSS").unwrap_or(0) / 1024
    );
    for file in args {
        let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?;
        let before = memory("VmRSS");
        // Writing 5 resets the peak (VmHWM) to the current resident size.
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let started = std::time::Instant::now();
        let mut rows = 0;
        if let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
            .parse_query(&text)?
            .on_store(&store)
            .execute()?
        {
            for solution in solutions {
                solution?;
                rows += 1;
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let peak = match (reset, before, memory("VmHWM")) {
            (true, Some(before), Some(peak)) => {
                format!(
                    ", peak {} MiB above the {} MiB before",
                    peak.saturating_sub(before) / 1024,
                    before / 1024
                )
            }
            _ => String::new(),
        };
        println!("{file}: {rows} rows in {seconds:.3} s{peak}");
        if !plan {
            continue;
        }
        let (results, explanation) = SparqlEvaluator::new()
            .parse_query(&text)?
            .on_store(&store)
            .compute_statistics()
            .explain();
        if let QueryResults::Solutions(solutions) = results? {
            for solution in solutions {
                solution?;
            }
        }
        let mut json = Vec::new();
        explanation.write_in_json(&mut json)?;
        let plan: serde_json::Value = serde_json::from_slice(&json)?;
        print_step(&plan["plan"], 1);
    }
    Ok(())
}

/// A `/proc/self/status` figure, in KiB.
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn print_step(step: &serde_json::Value, depth: usize) {
    println!(
        "{:indent$}{} rows={} s={:.3}",
        "",
        step["name"].as_str().unwrap_or("?"),
        step["number of results"],
        step["duration in seconds"].as_f64().unwrap_or(0.0),
        indent = depth * 2
    );
    for child in step["children"].as_array().into_iter().flatten() {
        print_step(child, depth + 1);
    }
}
