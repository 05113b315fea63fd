//! The stored SPARQL queries, and the engine that runs them.
//!
//! In: the queries directory, and a store or an endpoint. Out: each query's `Answer`, or a
//! located problem. `query` reads and checks the stored queries and runs one on the embedded
//! store or, through `remote`, on an endpoint; `run_all` runs them all on two threads.
//! What this does not do: format or write an answer (`render` does).

pub mod query;

use crate::answer::Answer;
use crate::problem::Problem;
use crate::progress;
use query::{Engine, StoredQuery};

/// Runs every stored query on two threads (the store is read-only now), and gives each
/// answer back in the queries' order with the time it took.
#[allow(clippy::type_complexity)]
pub fn run_all<'q>(
    engine: &Engine,
    stored: &'q [StoredQuery],
    progress: bool,
    timeout: std::time::Duration,
) -> anyhow::Result<
    Vec<(
        &'q StoredQuery,
        Result<Answer, Problem>,
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
                    let result = engine.run(&q.file, &q.text, false, timeout);
                    let elapsed = started.elapsed();
                    if result.is_err() {
                        // The run stops (a query past its timeout may still be running): no
                        // query starts after this one.
                        next.store(stored.len(), std::sync::atomic::Ordering::Relaxed);
                    }
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
    results.sort_by_key(|(i, _, _)| *i);
    let answered: Vec<_> = results
        .into_iter()
        .map(|(i, result, elapsed)| Ok((&stored[i], result?, elapsed)))
        .collect::<anyhow::Result<_>>()?;
    anyhow::ensure!(answered.len() == stored.len(), "a query thread crashed");
    Ok(answered)
}
