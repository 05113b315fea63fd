//! The `sahel-kg` binary: parse arguments, run, report, exit.

use std::process::ExitCode;

use clap::Parser;
use sahel_kg::cli::Opts;
use sahel_kg::config::Config;
use sahel_kg::problem::Problems;

// The graph walk allocates millions of small terms on one thread and frees them on the store
// loader's: mimalloc handles that with less time and less resident memory than glibc's malloc
// (measured in bench/results.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let config = Config::from(Opts::parse());
    let mut stdout = std::io::stdout().lock();
    match sahel_kg::run(&config, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(problems) = error.downcast_ref::<Problems>() {
                eprintln!("{problems}");
                ExitCode::from(1)
            } else {
                eprintln!("error: {error:#}");
                ExitCode::from(2)
            }
        }
    }
}
