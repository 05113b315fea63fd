//! How Oxigraph runs a stored query on a corpus: its time, then its plan with the rows and
//! seconds of every step (statistics slow the run down several times; compare steps, not
//! totals). For query authors whose report is slow at scale; see the README.
//!
//!     cargo run --release --example explain -- SEEDS_DIR queries/relations.rq [more.rq ...]
//!
//! `--no-plan` (first argument) prints only the times: at a million facts the plan's statistics
//! take many minutes.
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
    let validated = sahel_kg::validate_inputs(&inputs)?;
    let store = sahel_kg::build_store(&validated)?;
    for file in args {
        let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?;
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
        println!(
            "{file}: {rows} rows in {:.3} s",
            started.elapsed().as_secs_f64()
        );
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
