//! `sahel-kg annotate`: serve the annotation pages until Ctrl-C.
//!
//! In: the seeds and ontology folders and a port. Out: the address to open on stdout (with
//! its token), then the server's work (`annotate::server`). What this does not do: open a
//! browser, or listen anywhere but 127.0.0.1.

use std::io::Write;

use crate::annotate::server::Annotator;
use crate::config::Inputs;

/// Binds, prints the address, serves.
pub fn run(inputs: &Inputs, port: u16, stdout: &mut dyn Write) -> anyhow::Result<()> {
    let server = Annotator::bind(inputs.clone(), port)?;
    writeln!(
        stdout,
        "sahel-kg annotate: open {}\n(Ctrl-C stops the server; every save is written at once)",
        server.address()
    )?;
    stdout.flush()?;
    server.run();
    Ok(())
}
