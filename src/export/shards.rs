//! `export --no-store` at any size: the graph mapped a few documents at a time.
//!
//! In: the inputs, the ontology, a scratch directory and where `graph.nt` goes. Out: `graph.nt`,
//! byte for byte what the walk of the whole validated corpus writes (`map::Graph`), in memory
//! set by the shard size and the actors table, not by the number of facts, sources or parts, nor
//! by the size of the documents.
//!
//! How: each table but the actors' is read once, row by row, each row written to the shard file
//! of its source (a hash of the source id), so that a document's row in `sources.csv` and its
//! parts, facts and not-fact decisions all fall in one shard. Each shard is then a corpus of its
//! own, with every actor: checked by `validate::validate_part` and mapped by `map::Graph`
//! (scope `Documents`) into a sorted run of N-Triples lines (`runs.rs`), one shard at a time.
//! What crosses shards is done apart: each fact's relation goes to a bucket by relation, and
//! each bucket, sorted, gives the direct triples of the relations that hold; the ontology and
//! the actors are mapped once; the shared passages are found before the shards are mapped, from
//! a listing of every document (`export::passages`, on disk), and each shard links its claims
//! to them. The runs are merged into `graph.nt`: the graph sorted by line is
//! N-Triples order.
//!
//! What this does not do: report problems. Every check of `validate` runs in some shard, and the
//! checks across shards (a fact id or a part id used twice, two claims with one IRI) run here;
//! at the first problem this stops and returns `Streamed::Unsure`, and the caller validates the
//! whole corpus the ordinary way, which reports exactly what `validate` reports. Bad input may
//! cost the memory of the ordinary path; good input never does.

use std::fmt::Write as _;
use std::fs::File;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::io::{BufReader, BufWriter, Read as _, Write};
use std::path::Path;

use anyhow::Context;

use std::borrow::Cow;

use crate::config::Inputs;
use crate::export::passages::{self, Listed};
use crate::export::runs::{self, Run};
use crate::export::writers::NTriples;
use crate::pipeline::dates::PartialDate;
use crate::pipeline::map::{self, Dated, Scope};
use crate::pipeline::ontology::{Ontology, local_name};
use crate::pipeline::passages::Passages;
use crate::pipeline::read::{self, Annotations, Row, Table};
use crate::pipeline::validate::{self, Validated};
use crate::vocab::skg;

/// How a streamed export ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Streamed {
    /// `graph.nt` is written: so many triples from so many facts.
    Written {
        /// Lines of `graph.nt`.
        triples: usize,
        /// Facts mapped.
        facts: usize,
    },
    /// A check failed somewhere: only validating the whole corpus can say what, and where.
    Unsure,
}

/// The most shards. Each is an open file while `facts.csv` is split; past this many, shards
/// grow instead (at the default size, past about 2 GB of `facts.csv`).
const MAX_SHARDS: usize = 500;

/// The bytes of hashes held at once to look for two equal ones (fact ids, claim IRIs).
const HASH_PASS_BYTES: u64 = 8 << 20;

/// The corpus, split: every table but the actors' is in shard files, `NAME-K.csv`.
#[derive(Debug)]
struct Corpus<'a> {
    inputs: &'a Inputs,
    ontology: &'a Ontology,
    scratch: &'a Path,
    shards: usize,
    /// The actors table: validated once (`Corpus::actors`), then without its rows.
    actors: Table,
    /// The other tables without their rows: their columns, to read their shards.
    sources: Table,
    parts: Table,
    facts: Table,
    not_facts: Table,
}

/// Writes the graph of the corpus to `out` (see the module comment), using `scratch` for its
/// temporary files. `shard_bytes` is how much of `facts.csv` goes to a shard. `lap` is called
/// with the name of each stage as it ends.
pub(crate) fn export(
    inputs: &Inputs,
    ontology: &Ontology,
    scratch: &Path,
    shard_bytes: u64,
    out: &mut dyn Write,
    progress: bool,
    lap: &mut dyn FnMut(&str),
) -> anyhow::Result<Streamed> {
    let size = read::table_bytes(&inputs.seeds, &read::FACTS);
    let shards = usize::try_from(size.div_ceil(shard_bytes.max(1)))
        .unwrap_or(MAX_SHARDS)
        .clamp(1, MAX_SHARDS);
    let mut problems = Vec::new();
    let actors = read::read_table(&inputs.seeds, &read::ACTORS, &mut problems)?;
    // A source's rows go where its id falls, every other row where its source falls. Part and
    // fact ids must be unique across shards: their hashes are kept to check.
    let split = |spec, key, unique, problems: &mut _| {
        split_table(&inputs.seeds, spec, key, unique, scratch, shards, problems)
    };
    let sources = split(&read::SOURCES, "id", false, &mut problems)?;
    let parts = split(&read::PARTS, "source", true, &mut problems)?;
    let facts = split(&read::FACTS, "source", true, &mut problems)?;
    let not_facts = split(&read::NOT_FACTS, "source", false, &mut problems)?;
    if !problems.is_empty()
        || has_equal_hashes(&scratch.join("parts.csv-ids"))?
        || has_equal_hashes(&scratch.join("facts.csv-ids"))?
    {
        return Ok(Streamed::Unsure);
    }
    lap("read: split in shards");
    let mut corpus = Corpus {
        inputs,
        ontology,
        scratch,
        shards,
        actors,
        sources,
        parts,
        facts,
        not_facts,
    };

    // The ontology and the actors, once; their validation is also what gives the relations'
    // properties to the direct triples.
    let Some(global) = corpus.actors()? else {
        return Ok(Streamed::Unsure);
    };
    let mut sorted = vec![scratch.join("run-actors.nt")];
    write_run(&sorted[0], &map::Graph::new(&global)?)?;
    lap("actors, ontology");

    let Some(passages) = corpus.passages()? else {
        return Ok(Streamed::Unsure);
    };
    let run = scratch.join("run-passages.nt");
    let mut nt = NTriples::new(Run::create(&run)?);
    nt.block(&map::passage_statements(&passages))?;
    nt.finish().finish()?;
    sorted.push(run);
    lap("shared passages");

    let Some(facts) = corpus.map_shards(&global, &passages, progress)? else {
        return Ok(Streamed::Unsure);
    };
    sorted.extend((0..shards).map(|k| scratch.join(format!("run-{k}.nt"))));
    lap("shards: validate, map");
    if has_equal_hashes(&scratch.join("claim-hashes"))? {
        return Ok(Streamed::Unsure);
    }
    for bucket in 0..corpus.buckets() {
        let run = scratch.join(format!("direct-{bucket}.nt"));
        direct_run(&global, &scratch.join(format!("relations-{bucket}")), &run)?;
        sorted.push(run);
    }
    lap("claim IRIs, relations");
    let triples = runs::merge_all(sorted, scratch, out)?;
    lap("merge: graph.nt");
    Ok(Streamed::Written { triples, facts })
}

/// Reads a table row by row into shard files (`NAME-K.csv`, each row with its line), a row to
/// the shard its `key` column falls in. With `unique`, the hash of each row's id goes to
/// `NAME-ids`. Returns the table without its rows.
fn split_table(
    seeds: &Path,
    spec: &read::TableSpec,
    key: &str,
    unique: bool,
    scratch: &Path,
    shards: usize,
    problems: &mut Vec<crate::problem::Problem>,
) -> anyhow::Result<Table> {
    // The csv writer's own buffer is the only one: a shard file is written a row at a time.
    let mut split: Vec<csv::Writer<File>> = (0..shards)
        .map(|k| {
            let path = scratch.join(format!("{}-{k}", spec.file));
            let file = File::create(&path)
                .with_context(|| format!("could not create {}", path.display()))?;
            Ok(csv::WriterBuilder::new()
                .buffer_capacity(16 << 10)
                .from_writer(file))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut ids = create(&scratch.join(format!("{}-ids", spec.file)))?;
    let head = read::stream_table(seeds, spec, problems, |table, row| {
        let shard = &mut split[shard_of(table.get(&row, key), shards)];
        shard.write_field(row.line.to_string())?;
        for cell in row.cells() {
            shard.write_field(cell)?;
        }
        shard.write_record(None::<&[u8]>)?;
        if unique {
            ids.write_all(&hash(table.get(&row, "id")).to_le_bytes())?;
        }
        Ok(())
    })?;
    for shard in split {
        shard
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)?
            .flush()?;
    }
    ids.flush()?;
    Ok(head)
}

/// The rows of one shard file of a table (`split_table`), as a table; the file is removed.
fn read_shard(head: &Table, path: &Path) -> anyhow::Result<Table> {
    let table = shard_rows(head, path)?;
    std::fs::remove_file(path).ok();
    Ok(table)
}

/// The rows of one shard file of a table, as a table; the file stays.
fn shard_rows(head: &Table, path: &Path) -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    for record in reader.records() {
        let record = record.with_context(|| format!("could not read {}", path.display()))?;
        let line = record.get(0).and_then(|l| l.parse().ok()).unwrap_or(0);
        let cells: Vec<&str> = record.iter().skip(1).collect();
        rows.push(Row::new(line, &cells));
    }
    Ok(head.with_rows(rows))
}

impl Corpus<'_> {
    /// How many buckets the relations go to: one per shard. A bucket is read whole, and a
    /// relation's line is a third of its fact's row or less.
    fn buckets(&self) -> usize {
        self.shards
    }

    /// Validates the actors alone, letting go of their rows. `None` when they have problems.
    fn actors(&mut self) -> anyhow::Result<Option<Validated>> {
        let rows = std::mem::take(&mut self.actors.rows);
        let annotations = Annotations {
            sources: self.sources.with_rows(Vec::new()),
            parts: self.parts.with_rows(Vec::new()),
            actors: self.actors.with_rows(rows),
            facts: self.facts.with_rows(Vec::new()),
            not_facts: self.not_facts.with_rows(Vec::new()),
        };
        let validated = validate::validate(
            &annotations,
            self.ontology.clone(),
            &self.inputs.documents,
            Vec::new(),
        )?;
        Ok(validated.ok())
    }

    /// The corpus's shared passages, from a listing of its documents read from the shards'
    /// sources and parts (`export::passages`). `None` when a document or a part is not what
    /// validation requires.
    fn passages(&self) -> anyhow::Result<Option<Passages>> {
        let mut listed: Vec<Listed> = Vec::new();
        for k in 0..self.shards {
            let shard = |head: &Table| {
                shard_rows(head, &self.scratch.join(format!("{}-{k}", file_name(head))))
            };
            let (sources, parts) = (shard(&self.sources)?, shard(&self.parts)?);
            let first = listed.len();
            listed.extend(sources.rows.iter().map(|row| Listed {
                id: sources.get(row, "id").to_owned(),
                file: sources.get(row, "file").to_owned(),
                reprints: sources.get(row, "reprints").to_owned(),
                ..Listed::default()
            }));
            for row in &parts.rows {
                let lines = |column| parts.get(row, column).parse::<usize>().ok();
                let (Some(first_line), Some(last_line)) = (lines("first_line"), lines("last_line"))
                else {
                    return Ok(None);
                };
                let source = parts.get(row, "source");
                let Some(document) = listed[first..].iter_mut().find(|d| d.id == source) else {
                    return Ok(None);
                };
                if parts.get(row, "kind") == local_name(&skg::BOILERPLATE.into_owned()) {
                    document.skip.push(first_line..=last_line);
                } else {
                    document.parts.push(first_line..=last_line);
                }
            }
        }
        passages::detect(&mut listed, &self.inputs.documents, self.scratch)
    }

    /// Validates shard `k`, with the actors of `actors`. `None` when it has problems.
    fn validated(&self, k: usize, actors: &Validated) -> anyhow::Result<Option<Validated>> {
        let table =
            |head: &Table| read_shard(head, &self.scratch.join(format!("{}-{k}", file_name(head))));
        let annotations = Annotations {
            sources: table(&self.sources)?,
            parts: table(&self.parts)?,
            actors: self.actors.with_rows(Vec::new()),
            facts: table(&self.facts)?,
            not_facts: table(&self.not_facts)?,
        };
        let validated = validate::validate_part(
            &annotations,
            self.ontology.clone(),
            &self.inputs.documents,
            actors,
        )?;
        Ok(validated.ok())
    }

    /// Validates and maps shard `k` into its run, `run-k.nt`, and files what crosses shards.
    /// Returns its number of facts, or `None` when it has problems.
    fn map_shard(
        &self,
        k: usize,
        actors: &Validated,
        passages: &Passages,
        filed: &mut Filed,
    ) -> anyhow::Result<Option<usize>> {
        let Some(validated) = self.validated(k, actors)? else {
            return Ok(None);
        };
        let graph =
            map::Graph::with_passages(&validated, Scope::Documents, Cow::Borrowed(passages))?;
        write_run(&self.scratch.join(format!("run-{k}.nt")), &graph)?;
        for h in graph.claim_hashes() {
            filed.claim_hashes.write_all(&h.to_le_bytes())?;
        }
        let mut key = String::new();
        for ((s, relation, o), dated) in map::relation_facts(&validated) {
            key.clear();
            write!(key, "{s}\t{relation}\t{o}")?;
            let count = filed.relations.len();
            let bucket = &mut filed.relations[shard_of(&key, count)];
            let date = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
            writeln!(
                bucket,
                "{key}\t{}\t{}\t{}",
                date(dated.start),
                date(dated.end),
                u8::from(dated.implied)
            )?;
        }
        Ok(Some(validated.facts.len()))
    }

    /// Maps every shard, one at a time. Returns the number of facts, or `None` at the first
    /// shard with problems.
    ///
    /// One at a time: two, one per core, are faster, but the allocator keeps each thread's
    /// pages, and the peak rose close to the 100 MB budget even with freed pages given back at
    /// once (main.rs). The margin under 100 MB is kept for larger corpora, whose actors table
    /// grows with them.
    fn map_shards(
        &self,
        actors: &Validated,
        passages: &Passages,
        progress: bool,
    ) -> anyhow::Result<Option<usize>> {
        let bar = crate::progress::Progress::new(
            progress,
            self.shards as u64,
            crate::progress::MAP_EXPORT,
        );
        let mut filed = Filed {
            claim_hashes: create(&self.scratch.join("claim-hashes"))?,
            relations: (0..self.buckets())
                .map(|b| create(&self.scratch.join(format!("relations-{b}"))))
                .collect::<anyhow::Result<_>>()?,
        };
        let mut facts = 0;
        for k in 0..self.shards {
            let Some(mapped) = self.map_shard(k, actors, passages, &mut filed)? else {
                return Ok(None);
            };
            facts += mapped;
            bar.inc(1);
        }
        bar.finish();
        filed.claim_hashes.flush()?;
        for bucket in &mut filed.relations {
            bucket.flush()?;
        }
        Ok(Some(facts))
    }
}

/// Where shards file what crosses them.
#[derive(Debug)]
struct Filed {
    /// Every claim's hash, 8 bytes each, for the check for two claims with one IRI.
    claim_hashes: BufWriter<File>,
    /// Relation buckets: one line per fact, subject, relation, object (in id order for a
    /// symmetric relation), start, end, implied (`1` or `0`), tab-separated, in the bucket of
    /// the first three.
    relations: Vec<BufWriter<File>>,
}

/// The file name of a table (`seeds/facts.csv` gives `facts.csv`).
fn file_name(table: &Table) -> String {
    Path::new(&table.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The shard (or bucket) a key falls in.
fn shard_of(key: &str, shards: usize) -> usize {
    // The remainder is below `shards`, a `usize`.
    usize::try_from(hash(key) % shards as u64).unwrap_or(0)
}

/// A 64-bit hash of `text`, the same in every run.
fn hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn create(path: &Path) -> anyhow::Result<BufWriter<File>> {
    let file =
        File::create(path).with_context(|| format!("could not create {}", path.display()))?;
    Ok(BufWriter::with_capacity(64 << 10, file))
}

fn open(path: &Path) -> anyhow::Result<BufReader<File>> {
    let file = File::open(path).with_context(|| format!("could not read {}", path.display()))?;
    Ok(BufReader::with_capacity(32 << 10, file))
}

/// Whether a file of 64-bit hashes holds one twice: looked for a range of hash values at a
/// time, so that what is held stays under `HASH_PASS_BYTES`.
fn has_equal_hashes(path: &Path) -> anyhow::Result<bool> {
    has_equal_hashes_holding(path, HASH_PASS_BYTES)
}

fn has_equal_hashes_holding(path: &Path, pass_bytes: u64) -> anyhow::Result<bool> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("could not read {}", path.display()))?
        .len();
    let passes = size.div_ceil(pass_bytes).max(1);
    for pass in 0..passes {
        let mut input = open(path)?;
        // The hashes are spread evenly: a pass holds about its share, and the vector is made
        // that big at once rather than grown by doubling (which leaves capacity unused).
        let mut held =
            Vec::with_capacity(usize::try_from(size / 8 / passes * 21 / 20).unwrap_or(0));
        let mut bytes = [0; 8];
        while input.read_exact(&mut bytes).is_ok() {
            let h = u64::from_le_bytes(bytes);
            // Which of `passes` equal ranges of hash values `h` is in.
            if (u128::from(h) * u128::from(passes)) >> 64 == u128::from(pass) {
                held.push(h);
            }
        }
        held.sort_unstable();
        if held.windows(2).any(|pair| pair[0] == pair[1]) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Writes a graph's blocks to a run file: sorted N-Triples lines.
fn write_run(path: &Path, graph: &map::Graph<'_>) -> anyhow::Result<()> {
    let mut nt = NTriples::new(Run::create(path)?);
    graph.for_each_block(|block| nt.block(&block))?;
    nt.finish().finish()?;
    Ok(())
}

/// The direct triples of the relations in one bucket that hold, as a sorted run.
fn direct_run(validated: &Validated, bucket: &Path, run: &Path) -> anyhow::Result<()> {
    let mut text = String::new();
    open(bucket)?.read_to_string(&mut text)?;
    std::fs::remove_file(bucket).ok();
    let mut records: Vec<&str> = text.lines().collect();
    records.sort_unstable();
    let mut lines = Vec::new();
    for relation in records.chunk_by(|a, b| relation_key(a) == relation_key(b)) {
        let dated: Vec<Dated> = relation
            .iter()
            .map(|record| {
                let fields: Vec<&str> = record.split('\t').collect();
                let date = |i: usize| fields.get(i).and_then(|d| PartialDate::parse(d).ok());
                Dated {
                    start: date(3),
                    end: date(4),
                    implied: fields.get(5) == Some(&"1"),
                }
            })
            .collect();
        if map::status(&dated) == map::Status::Current {
            let fields: Vec<&str> = relation[0].splitn(4, '\t').collect();
            if let [s, p, o, ..] = fields[..] {
                lines.extend(
                    map::direct_statements(validated, s, p, o)
                        .into_iter()
                        .map(|statement| statement.line),
                );
            }
        }
    }
    drop(records);
    lines.sort_unstable();
    let mut out = Run::create(run)?;
    for line in &lines {
        out.write_all(line.as_bytes())?;
        out.write_all(b" .\n")?;
    }
    out.finish()?;
    Ok(())
}

/// The relation a line of a relation bucket is about: its first three fields, subject,
/// relation and object. Sorted, the lines of a relation are side by side.
fn relation_key(line: &str) -> &str {
    line.match_indices('\t')
        .nth(2)
        .map_or(line, |(i, _)| &line[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_equal_hashes_are_found_whichever_range_of_values_they_are_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hashes");
        for twice in [0, 1 << 40, u64::MAX / 2, u64::MAX] {
            let hashes = [3, u64::MAX - 3, twice, 1 << 63, twice, 77];
            let bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
            std::fs::write(&path, bytes).unwrap();
            // 16 bytes a pass: three passes over the six hashes.
            assert!(has_equal_hashes_holding(&path, 16).unwrap(), "{twice}");
            assert!(has_equal_hashes(&path).unwrap(), "{twice}");
        }
        let bytes: Vec<u8> = [3_u64, 4, u64::MAX, 0]
            .iter()
            .flat_map(|h| h.to_le_bytes())
            .collect();
        std::fs::write(&path, bytes).unwrap();
        assert!(!has_equal_hashes_holding(&path, 16).unwrap());
    }

    #[test]
    fn a_relation_is_named_by_its_first_three_fields() {
        assert_eq!(
            relation_key("mali\tallyOf\trussia\t2022\t\t0"),
            "mali\tallyOf\trussia"
        );
        assert_eq!(relation_key("mali\tallyOf\trussia"), "mali\tallyOf\trussia");
    }
}
