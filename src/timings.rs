//! How long each stage took, printed to stderr with `export --timings`.
//!
//! In: the stage names, as each ends. Out: one aligned line per stage on stderr, when asked
//! for. What this does not do: measure memory, or anything when it is off.

use std::time::{Duration, Instant};

/// A stopwatch with laps, printing only when enabled.
#[derive(Debug)]
pub struct Timings {
    /// Whether anything is measured and printed.
    pub enabled: bool,
    started: Instant,
    last: Instant,
}

impl Timings {
    /// Starts the clock.
    pub fn new(enabled: bool) -> Self {
        let now = Instant::now();
        Self {
            enabled,
            started: now,
            last: now,
        }
    }

    /// Ends a stage that began at the last lap.
    pub fn lap(&mut self, stage: &str) {
        let now = Instant::now();
        if self.enabled {
            eprintln!("{stage:<24} {:>9.3} s", (now - self.last).as_secs_f64());
        }
        self.last = now;
    }

    /// Prints a stage timed elsewhere (another thread, or summed over many calls).
    pub fn report(&self, stage: &str, spent: Duration) {
        if self.enabled {
            eprintln!("  {stage:<22} {:>9.3} s", spent.as_secs_f64());
        }
    }

    /// Prints the time since the start.
    pub fn total(&self) {
        if self.enabled {
            eprintln!(
                "{:<24} {:>9.3} s",
                "total",
                self.started.elapsed().as_secs_f64()
            );
        }
    }
}
