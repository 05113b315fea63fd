//! `sahel-kg validate`: check the annotations, and say what was checked.
//!
//! In: the seeds and the ontology. Out: one line on stdout counting what is valid, or every
//! problem. What this does not do: write any file.

use std::io::Write;

use crate::config::Inputs;
use crate::pipeline::validate::Validated;

/// Validates, then prints the counts.
pub fn run(inputs: &Inputs, progress: bool, stdout: &mut dyn Write) -> anyhow::Result<()> {
    let validated = super::validate_shown(inputs, progress)?;
    writeln!(stdout, "{}", summary(&inputs.seeds, &validated))?;
    Ok(())
}

/// `seeds: valid: 5 sources, 26 parts, ...`: what was checked.
pub(super) fn summary(seeds: &std::path::Path, validated: &Validated) -> String {
    format!(
        "{}: valid: {} sources, {} parts, {} actors, {} facts, {} not-fact decisions",
        seeds.display(),
        validated.sources.len(),
        validated.parts.len(),
        validated.actors.len(),
        validated.facts.len(),
        validated.not_facts.len()
    )
}
