//! The `sahel-kg` binary: parse arguments, run, report, exit.

use std::process::ExitCode;

use clap::Parser;
use sahel_kg::cli::Opts;
use sahel_kg::config::Config;
use sahel_kg::problem::Problems;

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
