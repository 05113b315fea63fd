//! How the coverage report's time grows with a document's size: it should grow in proportion.
//!
//!     cargo run --release --example coverage_bench -- [--label NAME] [--sizes 1,4,16] [--repeat 3] [--json FILE]
//!
//! For each size (MiB) it writes a corpus of one document of that size into a temporary
//! directory: lines of French sentences naming the actors of `seeds/actors.csv` (by label and
//! alias, two or three to a line), cut into parts of 100 lines (bodies, reader comments and
//! boilerplate), with a fact quoting one sentence in ten lines and a recorded decision
//! (`not-facts.csv`) on another. It validates that corpus as `export` does (untimed), then times
//! `coverage::rows`, the whole of the coverage report but writing it, `--repeat` times (default
//! 3), and keeps the run that took the least CPU time. Prints one line per size
//! and, with `--json` (default `bench/coverage.json`), records the run under its label (default
//! `after`), with the date, commit and command, beside the runs of other labels:
//! `bench/report.py render` shows them in `bench/results.md` ("Coverage and document size").
//! Run from the repository's root (it reads `seeds/actors.csv` and `ontology/`).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

/// Lines per part.
const PART_LINES: usize = 100;

/// What the sentences say, `{a}` and `{b}` standing for two actors' names.
const SENTENCES: &[&str] = &[
    "{a} et {b} ont signé un accord de défense à Bamako.",
    "Selon l’AFP, {a} accuse {b} d’avoir attaqué un convoi près de Kidal !",
    "{a} a rencontré {b} ; les deux délégations promettent une « coopération renforcée ».",
    "Des combattants de {a} auraient affronté {b} au nord de Gao…",
    "Qui soutient {a} face à {b} ?",
    "Le porte-parole de {a} dément tout lien avec {b}.",
    "{a} annonce le retrait de ses troupes, {b} salue une décision « historique ».",
];

/// Facts the bench's corpus records, taken from the seeds: a subject, relation and object that
/// validate. The quote is the bench's own sentence; validation does not read what it says.
const FACTS: &[(&str, &str, &str)] = &[
    ("fama", "allyOf", "russia"),
    ("fama", "opposes", "csp-dpa"),
    ("russia", "opposes", "csp-dpa"),
];

struct Size {
    mib: usize,
    bytes: usize,
    lines: usize,
    facts: usize,
    mentions: usize,
    sentences: usize,
    seconds: f64,
    /// This thread's CPU time (Linux's schedstat), when known: the wall time is inflated when
    /// other processes share the cores, the CPU time much less.
    cpu_seconds: Option<f64>,
    /// SHA-256 of the rows (cells joined by U+001F, rows ended by a line break): the same rows
    /// before and after a change have the same digest.
    digest: String,
}

fn main() -> anyhow::Result<()> {
    let mut label = "after".to_owned();
    let mut sizes = vec![1, 4, 16];
    let mut json = Some("bench/coverage.json".to_owned());
    let mut repeat = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--label" => label = args.next().context("--label NAME")?,
            "--sizes" => {
                sizes = args
                    .next()
                    .context("--sizes 1,4,16")?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .context("--sizes: MiB, comma-separated")?;
            }
            "--json" => json = Some(args.next().context("--json FILE")?),
            "--repeat" => repeat = args.next().context("--repeat N")?.parse()?,
            "--no-json" => json = None,
            _ => bail!(
                "usage: coverage_bench [--label NAME] [--sizes 1,4,16] [--repeat N] [--json FILE | --no-json]"
            ),
        }
    }
    let names = names(Path::new("seeds/actors.csv"))?;
    let mut measured = Vec::new();
    for mib in sizes {
        let size = measure(mib, &names, repeat)?;
        println!(
            "{:>3} MiB ({} bytes, {} lines, {} facts): {} mention rows, {} sentence rows, coverage {:.3} s ({} s CPU), rows {}",
            size.mib,
            size.bytes,
            size.lines,
            size.facts,
            size.mentions,
            size.sentences,
            size.seconds,
            size.cpu_seconds
                .map_or_else(|| "?".to_owned(), |s| format!("{s:.3}")),
            &size.digest[..16]
        );
        measured.push(size);
    }
    if let Some(json) = json {
        record(Path::new(&json), &label, &measured, repeat)?;
        println!("recorded as `{label}` in {json}");
    }
    Ok(())
}

/// Every actor's French label and aliases, in file order.
fn names(actors: &Path) -> anyhow::Result<Vec<String>> {
    let mut reader = csv::Reader::from_path(actors)
        .with_context(|| format!("cannot read {}", actors.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (label, aliases) = column("label_fr")
        .zip(column("aliases"))
        .context("actors.csv has no label_fr or aliases column")?;
    let mut names = Vec::new();
    for row in reader.records() {
        let row = row?;
        names.push(row[label].to_owned());
        names.extend(
            row[aliases]
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned),
        );
    }
    Ok(names)
}

/// Writes a corpus of one `mib`-MiB document, validates it and times its coverage `repeat`
/// times: the run that took the least CPU time.
fn measure(mib: usize, names: &[String], repeat: usize) -> anyhow::Result<Size> {
    let dir = tempfile::tempdir()?;
    let seeds = dir.path().join("seeds");
    let documents = seeds.join("documents");
    std::fs::create_dir_all(&documents)?;
    let (bytes, lines, facts) = write_corpus(&seeds, mib, names)?;
    let inputs = sahel_kg::config::Inputs {
        documents,
        seeds,
        ontology: "ontology".into(),
    };
    let mut validated = sahel_kg::pipeline::validate_inputs(&inputs)?;
    let mut fastest: Option<(f64, Option<f64>, Vec<Vec<String>>)> = None;
    for _ in 0..repeat.max(1) {
        // Each run builds the documents' match keys, as the export's one run does (validation
        // frees them).
        for source in &mut validated.sources {
            source.document.forget_match_key();
        }
        let (started, cpu_started) = (Instant::now(), cpu_time());
        let rows = sahel_kg::render::coverage::rows(&validated)?;
        let seconds = started.elapsed().as_secs_f64();
        let cpu_seconds = cpu_time().zip(cpu_started).map(|(end, start)| end - start);
        let spent = |(wall, cpu): (f64, Option<f64>)| cpu.unwrap_or(wall);
        if fastest
            .as_ref()
            .is_none_or(|(w, c, _)| spent((seconds, cpu_seconds)) < spent((*w, *c)))
        {
            fastest = Some((seconds, cpu_seconds, rows));
        }
    }
    let (seconds, cpu_seconds, rows) = fastest.context("no run")?;
    let mentions = rows.iter().filter(|r| r[4] == "mention").count();
    let mut hasher = Sha256::new();
    for row in &rows {
        hasher.update(row.join("\u{1f}"));
        hasher.update("\n");
    }
    let digest = sahel_kg::digest::hex(&hasher.finalize());
    Ok(Size {
        mib,
        bytes,
        lines,
        facts,
        mentions,
        sentences: rows.len() - mentions,
        seconds,
        cpu_seconds,
        digest,
    })
}

/// Writes the corpus of one `mib`-MiB document into `seeds` (see the module comment): its
/// bytes, lines and facts.
fn write_corpus(
    seeds: &Path,
    mib: usize,
    names: &[String],
) -> anyhow::Result<(usize, usize, usize)> {
    let documents = seeds.join("documents");
    std::fs::copy("seeds/actors.csv", seeds.join("actors.csv"))?;
    let mut text = String::new();
    let mut facts = csv::Writer::from_path(seeds.join("facts.csv"))?;
    facts.write_record(sahel_kg::pipeline::read::FACTS.columns)?;
    let mut not_facts = csv::Writer::from_path(seeds.join("not-facts.csv"))?;
    not_facts.write_record(sahel_kg::pipeline::read::NOT_FACTS.columns)?;
    let mut parts = csv::Writer::from_path(seeds.join("parts.csv"))?;
    parts.write_record(sahel_kg::pipeline::read::PARTS.columns)?;
    let name = |i: usize| names[i % names.len()].as_str();
    let (mut line, mut fact_count) = (0, 0);
    while text.len() < mib << 20 {
        let part = line / PART_LINES;
        let kind = match part % 10 {
            9 => "Boilerplate",
            4 => "ReaderComment",
            _ => "Body",
        };
        if line % PART_LINES == 0 {
            let (first, last) = (line + 1, line + PART_LINES);
            parts.write_record([
                &format!("p{part}"),
                "big",
                kind,
                &first.to_string(),
                &last.to_string(),
                "",
                "",
                "fr",
                "",
            ])?;
        }
        // "Dépêche 17 :" occurs once: no other number, with the spaces around it, contains it.
        let first = SENTENCES[line % SENTENCES.len()]
            .replace("{a}", name(line * 7))
            .replace("{b}", name(line * 3 + 1));
        let quote = format!("Dépêche {line} : {first}");
        let second = SENTENCES[(line + 3) % SENTENCES.len()]
            .replace("{a}", name(line * 5 + 2))
            .replace("{b}", name(line + 4));
        writeln!(text, "{quote} {second}")?;
        if kind == "Body" && line % 10 == 3 {
            let (subject, relation, object) = FACTS[fact_count % FACTS.len()];
            let id = format!("f{fact_count}");
            let part = format!("p{part}");
            facts.write_record([
                id.as_str(),
                subject,
                relation,
                object,
                "big",
                &part,
                &quote,
                "",
                "stated",
                "",
                "",
                "",
            ])?;
            fact_count += 1;
        } else if kind == "Body" && line % 10 == 7 {
            not_facts.write_record(["big", &quote, "Names two actors, states no relation."])?;
        }
        line += 1;
    }
    // The last part ends on the document's last line.
    drop((facts, not_facts, parts));
    let last_part = (line - 1) / PART_LINES;
    let parts_csv = std::fs::read_to_string(seeds.join("parts.csv"))?;
    let parts_csv = parts_csv.replace(
        &format!(",{},,,fr,\n", (last_part + 1) * PART_LINES),
        &format!(",{line},,,fr,\n"),
    );
    std::fs::write(seeds.join("parts.csv"), parts_csv)?;
    std::fs::write(documents.join("big.txt"), &text)?;
    let sha = sahel_kg::digest::hex(&Sha256::digest(text.as_bytes()));
    std::fs::write(
        seeds.join("sources.csv"),
        format!(
            "id,file,title,kind,publisher,author,published,date_note,language,cites,sha256,note\n\
             big,big.txt,Dépêches,NewsArticle,,,2025-04,,fr,,{sha},\n"
        ),
    )?;
    Ok((text.len(), line, fact_count))
}

/// The CPU time this thread has had, in seconds (the first field of
/// `/proc/thread-self/schedstat`, in nanoseconds), or `None` off Linux.
fn cpu_time() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: u64 = stat.split_whitespace().next()?.parse().ok()?;
    #[allow(clippy::cast_precision_loss, reason = "seconds to print")]
    Some(nanoseconds as f64 / 1e9)
}

/// Records this run in `json` under `label`, keeping the other labels' runs.
fn record(json: &Path, label: &str, sizes: &[Size], repeat: usize) -> anyhow::Result<()> {
    let mut data: serde_json::Value = match std::fs::read_to_string(json) {
        Ok(text) => serde_json::from_str(&text).with_context(|| format!("{}", json.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => serde_json::json!({"runs": {}}),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", json.display())),
    };
    let shell = |cmd: &str, args: &[&str]| {
        std::process::Command::new(cmd)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    // The code measured: the library and this file.
    let dirty = !shell(
        "git",
        &[
            "status",
            "--porcelain",
            "--",
            "src",
            "examples/coverage_bench.rs",
        ],
    )
    .is_empty();
    let commit = shell("git", &["rev-parse", "--short=12", "HEAD"]);
    let run = serde_json::json!({
        "date": shell("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        "commit": if dirty { format!("{commit} (with uncommitted changes)") } else { commit },
        "command": format!(
            "cargo run --release --example coverage_bench -- {}",
            std::env::args().skip(1).collect::<Vec<_>>().join(" ")
        ),
        "sizes": sizes.iter().map(|s| serde_json::json!({
            "mib": s.mib,
            "bytes": s.bytes,
            "lines": s.lines,
            "facts": s.facts,
            "mention_rows": s.mentions,
            "sentence_rows": s.sentences,
            "seconds": (s.seconds * 1000.0).round() / 1000.0,
            "cpu_seconds": s.cpu_seconds.map(|c| (c * 1000.0).round() / 1000.0),
            "repeat": repeat,
            "rows_sha256": s.digest,
        })).collect::<Vec<_>>(),
    });
    data["runs"][label] = run;
    let mut text = serde_json::to_string_pretty(&data)?;
    text.push('\n');
    std::fs::write(json, text).with_context(|| format!("cannot write {}", json.display()))
}
