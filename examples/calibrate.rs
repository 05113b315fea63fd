//! The benchmark's ruler: the same fixed work every time, timed, to tell a slow host from slow
//! code.
//!
//! `cargo run --release --example calibrate [-- ROUNDS]`
//!
//! The machine the benchmark runs on is shared, and its speed has changed by a factor of two
//! within an hour while the code did not (the same binary, run again). Other processes' CPU
//! time shows some of that (`bench/measure.py`'s `other_cpu_s`) but not a host that is slow
//! for everyone. So `bench/run.sh` runs this before and after each measured step, and
//! `bench/report.py` shows each step's calibration against the usual one (the median of all):
//! a step measured while the ruler took 1.6x its usual time ran on a host about that much
//! slower.
//!
//! Each round gives every core the same work, of the kinds the pipeline spends its time on:
//! formatting and hashing short strings into a map (like the store's dictionary of terms),
//! looking each one up again at random (cache misses), and sorting them (like the graph's
//! order). A round lasts about 0.6 s on the development machine, give or take 15% from one
//! round to the next, and the median of five rounds stays within about 20% of the usual on a
//! quiet host: steady enough to show a host running 1.3x slower or worse. Prints the median
//! round, in seconds, on stdout (`0.598`), and every round on stderr.

use std::collections::HashMap;
use std::time::Instant;

/// Strings each thread interns per round: enough to outgrow the caches.
const STRINGS: usize = 250_000;

fn main() -> anyhow::Result<()> {
    let rounds = match std::env::args().nth(1) {
        None => 5,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| anyhow::anyhow!("ROUNDS: expected a positive number, got `{text}`"))?,
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut seconds = Vec::with_capacity(rounds);
    let mut check = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        check ^= std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads as u64)
                .map(|seed| scope.spawn(move || work(seed)))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_default())
                .fold(0, |a, b| a ^ b)
        });
        seconds.push(started.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    // The checksum keeps the optimiser from dropping the work; it is the same in every run.
    eprintln!(
        "calibrate: {rounds} rounds on {threads} threads ({seconds:.3?} s), checksum {check:016x}"
    );
    println!("{:.3}", seconds[rounds / 2]);
    Ok(())
}

/// One thread's share of a round; returns a checksum of what it computed.
fn work(seed: u64) -> u64 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        // xorshift64: cheap, deterministic, spread over the whole range
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut keys = Vec::with_capacity(STRINGS);
    for i in 0..STRINGS {
        let key = format!("https://w3id.org/sahel-kg/id/claim/{:016x}", next());
        ids.insert(key.clone(), i);
        keys.push(key);
    }
    let mut sum = 0usize;
    for _ in 0..STRINGS {
        let pick = usize::try_from(next() % STRINGS as u64).unwrap_or_default();
        sum = sum.wrapping_add(ids.get(&keys[pick]).copied().unwrap_or_default());
    }
    keys.sort_unstable();
    (sum ^ keys.first().map_or(0, String::len)) as u64
}
