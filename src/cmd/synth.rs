//! `sahel-kg synth`: a synthetic corpus shaped like the real one, for benchmarks and scale tests.
//!
//! In: a number of facts N and a seed. Out: a seeds directory that passes validation:
//! `documents/` (French text, about 50 quotes a document, with a heading, a body, a reader
//! comment and boilerplate), `sources.csv` (with each document's SHA-256), `parts.csv`,
//! `actors.csv` (about 10·√N actors of every kind, with aliases) and `facts.csv` (every
//! relation, claimants, partial dates, ended relations; quotes with accents, commas, double
//! quotes, guillemets and typographic apostrophes). One document in `COPY_EVERY` opens with
//! the first sentences of an earlier one, reprinted with other apostrophes, quotes and spaces
//! (wire copy, for the shared passages to find), their facts annotated again; one in
//! `REPRINT_EVERY` also says so in `sources.csv` (`reprints`). The same N and seed give the
//! same bytes. What this does not do: resemble any real actor; the names are made up.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::digest::hex;
use crate::splitmix::SplitMix64;

/// Writes the corpus, then one line on stdout counting what it holds.
pub fn run(out: &Path, facts: usize, seed: u64, stdout: &mut dyn Write) -> anyhow::Result<()> {
    claim(out)?;
    let summary = write(out, facts, seed)?;
    writeln!(
        stdout,
        "{}: wrote {} facts, {} actors, {} documents",
        out.display(),
        summary.facts,
        summary.actors,
        summary.documents
    )?;
    Ok(())
}

/// The file that names a folder a synthetic corpus, which `synth` may write over.
const MARKER: &str = ".sahel-kg-synth";

/// Makes `out` a folder `synth` may write into, or refuses it: a folder that does not exist
/// yet, is empty, or holds `MARKER` (a corpus `synth` wrote before). Any other folder may be
/// a corpus annotated by hand (`--out seeds`), which `synth` would overwrite. Nothing is
/// written before the check; the marker is written first, so a run stopped half-way can be
/// run again.
fn claim(out: &Path) -> anyhow::Result<()> {
    let marker = out.join(MARKER);
    let ours = std::fs::symlink_metadata(&marker).is_ok_and(|m| m.file_type().is_file());
    if !ours {
        // The least name, so that the message is the same from run to run. A folder that
        // cannot be listed is refused, not taken for an empty one.
        let unreadable = || format!("could not read the folder {}", out.display());
        let first = match std::fs::read_dir(out) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            listing => listing
                .with_context(unreadable)?
                .map(|entry| entry.map(|e| e.file_name()))
                .collect::<Result<Vec<_>, _>>()
                .with_context(unreadable)?
                .into_iter()
                .min(),
        };
        if let Some(name) = first {
            anyhow::bail!(
                "--out {} holds files synth did not write ({} among them): synth writes only \
                 into a new or empty folder, or one it wrote before (with its {MARKER} file); \
                 choose another folder",
                out.display(),
                name.to_string_lossy(),
            );
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("could not create {}", out.display()))?;
    std::fs::write(
        &marker,
        "A synthetic corpus written by `sahel-kg synth`, which may write over this folder.\n",
    )
    .with_context(|| format!("could not write {}", marker.display()))
}

/// Facts per document.
const PER_DOCUMENT: usize = 50;

/// One document in this many reprints the first sentences of the document `COPY_BACK` before
/// it, which copies nothing itself.
const COPY_EVERY: usize = 20;
/// Which document of each `COPY_EVERY` copies.
const COPIER: usize = 7;
/// How far back the copied document is.
const COPY_BACK: usize = 13;
/// How many sentences are copied: about fifty words, a wire paragraph.
const COPIED: usize = 3;
/// One document in this many (a copier) also says in `sources.csv` what it reprints.
const REPRINT_EVERY: usize = 100;

/// A fact's row in `facts.csv`.
type FactRow = [String; 12];

/// The paragraphs later documents copy: kept from their document until the copy is written.
#[derive(Default)]
struct Copies {
    originals: std::collections::HashMap<usize, Vec<(String, FactRow)>>,
}

impl Copies {
    /// The document `d` copies from, if it copies.
    fn original_of(d: usize) -> Option<usize> {
        (d % COPY_EVERY == COPIER && d >= COPY_BACK).then(|| d - COPY_BACK)
    }

    /// The document `d` says it reprints, in `sources.csv`.
    fn reprinted_by(d: usize) -> Option<usize> {
        Self::original_of(d).filter(|_| d % REPRINT_EVERY == COPIER + 2 * COPY_EVERY)
    }

    /// Keeps the first sentences of document `d` when a later one copies them.
    fn keep(&mut self, d: usize, sentences: &[String], rows: &[FactRow]) {
        if Self::original_of(d + COPY_BACK).is_some() {
            let first = sentences.iter().cloned().zip(rows.iter().cloned());
            self.originals.insert(d, first.take(COPIED).collect());
        }
    }

    /// The sentences document `d` (`id`) copies, reprinted, with their facts annotated again
    /// in it, numbered from `next`; at most `room`.
    fn take(&mut self, d: usize, id: &str, next: usize, room: usize) -> Vec<(String, FactRow)> {
        let original = Self::original_of(d).and_then(|o| self.originals.remove(&o));
        original
            .unwrap_or_default()
            .into_iter()
            .take(room)
            .enumerate()
            .map(|(i, (sentence, row))| {
                let copy = reprinted(&sentence);
                let mut copied = row.clone();
                copied[0] = format!("f{:07}", next + i);
                id.clone_into(&mut copied[4]);
                copied[5] = format!("{id}-body");
                copied[6].clone_from(&copy);
                copied[11] = format!("copy of {}", row[0]);
                (copy, copied)
            })
            .collect()
    }
}

/// A sentence as another site prints it: straight apostrophes, typographic double quotes for
/// guillemets, a no-break space after `n°`.
fn reprinted(sentence: &str) -> String {
    sentence
        .replace('’', "'")
        .replace("« ", "“")
        .replace(" »", "”")
        .replace("n° ", "n°\u{a0}")
}

/// The corpus's random choices, from a small deterministic generator (`SplitMix64`): the
/// corpus must not depend on a crate's random stream changing between versions.
struct Rng(SplitMix64);

impl Rng {
    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.0.next_u64() % (n.max(1) as u64)).unwrap_or(0)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Actor kinds with their share of the actors (percent) and a French noun for names.
const KINDS: &[(&str, usize, &str)] = &[
    ("State", 6, "République"),
    ("ArmedForces", 5, "Forces armées"),
    ("Government", 5, "Gouvernement"),
    ("ArmedGroup", 36, "Front"),
    ("PrivateMilitaryCompany", 6, "Compagnie"),
    ("Organisation", 12, "Union"),
    ("Person", 30, "Colonel"),
];

const PLACES: &[&str] = &[
    "Kidal",
    "Gao",
    "Ménaka",
    "Tombouctou",
    "Mopti",
    "Ségou",
    "Kayes",
    "Niamey",
    "Agadez",
    "Dori",
    "Ouahigouya",
    "Tessalit",
    "Aguelhok",
    "Tinzaouatène",
    "Léré",
    "Niono",
    "Djenné",
    "Bourem",
];

struct Actor {
    id: String,
    kind: &'static str,
    label: String,
    alias: String,
    state: Option<usize>,
}

fn actors(count: usize, rng: &mut Rng) -> Vec<Actor> {
    let mut actors = Vec::with_capacity(count);
    for i in 0..count {
        let mut pick = rng.below(100);
        let &(kind, _, noun) = KINDS
            .iter()
            .find(|(_, share, _)| {
                let hit = pick < *share;
                pick = pick.saturating_sub(*share);
                hit
            })
            .unwrap_or(&KINDS[0]);
        let place = PLACES[rng.below(PLACES.len())];
        let label = format!("{noun} de {place} n° {i}");
        let alias = format!("{}{i}", noun.chars().next().unwrap_or('X'));
        actors.push(Actor {
            id: format!("a{i:06}"),
            kind,
            label,
            alias,
            state: None,
        });
    }
    // Every kind must exist for every relation to be drawable, and forces act for a state.
    for (i, (kind, _, _)) in KINDS.iter().enumerate() {
        if let Some(actor) = actors.get_mut(i) {
            actor.kind = kind;
            // The stored queries about Mali (allies-of-mali, opponents-of-mali) need a Mali.
            if *kind == "State" {
                "mali".clone_into(&mut actor.id);
                "Mali".clone_into(&mut actor.label);
            }
        }
    }
    let states: Vec<usize> = actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == "State")
        .map(|(i, _)| i)
        .collect();
    for actor in &mut actors {
        if matches!(actor.kind, "ArmedForces" | "Government") && !states.is_empty() {
            actor.state = Some(states[rng.below(states.len())]);
        }
    }
    actors
}

/// Sentence templates by relation; `{s}` and `{o}` are actor labels, `{n}` a unique number.
const TEMPLATES: &[(&str, &[&str])] = &[
    (
        "allyOf",
        &[
            "{s} et {o} ont renforcé leur « alliance militaire », selon l’accord n° {n}.",
            "D’après le communiqué n° {n}, {s} combat aux côtés de {o}, « sans réserve ».",
            "{s} a salué le \"partenariat stratégique\" avec {o}, déclaration n° {n}.",
        ],
    ),
    (
        "opposes",
        &[
            "Les combattants de {s} ont attaqué {o} près de la frontière, bilan n° {n}.",
            "{s} affirme avoir repoussé {o} ; l’affrontement n° {n} a fait des victimes.",
        ],
    ),
    (
        "memberOf",
        &[
            "{s} a rejoint {o}, d’après la résolution n° {n}.",
            "{s} est membre de {o} depuis l’accord n° {n}, « à part entière ».",
        ],
    ),
    (
        "leads",
        &[
            "{s}, à la tête de {o}, a signé le décret n° {n}.",
            "{o} est dirigé par {s}, d’après la note n° {n}.",
        ],
    ),
    (
        "serves",
        &[
            "{s}, porte-parole de {o}, a publié le message n° {n}.",
            "{s} sert {o} comme conseiller, nomination n° {n}.",
        ],
    ),
];

/// Actors by what a relation's domain and range accept.
struct Pools {
    people: Vec<usize>,
    organisations: Vec<usize>,
    anyone: Vec<usize>,
    others: Vec<usize>,
}

/// One fact: its sentence for the document and its `facts.csv` row; `None` when the draw
/// related an actor to itself.
fn fact(
    rng: &mut Rng,
    actors: &[Actor],
    pools: &Pools,
    n: usize,
    document: &str,
) -> Option<(String, FactRow)> {
    let Pools {
        people,
        organisations,
        anyone,
        others,
    } = pools;
    let (relation, templates) = TEMPLATES[match rng.below(100) {
        0..40 => 0,
        40..65 => 1,
        65..80 => 2,
        80..90 => 3,
        _ => 4,
    }];
    let (subject, object) = match relation {
        "memberOf" => (
            others[rng.below(others.len())],
            organisations[rng.below(organisations.len())],
        ),
        "leads" | "serves" => (
            people[rng.below(people.len())],
            others[rng.below(others.len())],
        ),
        _ => (
            anyone[rng.below(anyone.len())],
            anyone[rng.below(anyone.len())],
        ),
    };
    if subject == object {
        return None;
    }
    let sentence = templates[rng.below(templates.len())]
        .replace("{s}", &actors[subject].label)
        .replace("{o}", &actors[object].label)
        .replace("{n}", &n.to_string());
    let (strength, claimed_by) = match rng.below(10) {
        0..7 => ("stated", String::new()),
        7..9 => (
            "claimed",
            actors[anyone[rng.below(anyone.len())]].id.clone(),
        ),
        _ => ("implied", String::new()),
    };
    let start = rng.chance(40).then(|| {
        let year = 2010 + rng.below(14);
        match rng.below(3) {
            0 => format!("{year}"),
            1 => format!("{year}-{:02}", 1 + rng.below(12)),
            _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        }
    });
    // Ended relations end in 2024: after any start (2010 to 2023), before any publication (2025).
    let end = rng.chance(15).then(|| "2024".to_owned());
    let row = [
        format!("f{n:07}"),
        actors[subject].id.clone(),
        relation.to_owned(),
        actors[object].id.clone(),
        document.to_owned(),
        format!("{document}-body"),
        sentence.clone(),
        claimed_by,
        strength.to_owned(),
        start.unwrap_or_default(),
        end.unwrap_or_default(),
        String::new(),
    ];
    Some((sentence, row))
}

/// A document: a heading, the body (one sentence a line), a reader comment and a
/// boilerplate line; with the body's first and last line.
fn document_text(d: usize, sentences: &[String]) -> (String, usize, usize) {
    let mut text = format!("Chronique du Sahel n° {d} : alliances et ruptures\n\n");
    for sentence in sentences {
        text.push_str(sentence);
        text.push('\n');
    }
    if sentences.is_empty() {
        text.push_str("Aucune nouvelle aujourd’hui.\n");
    }
    text.push_str("\nCommentaires\nVive la paix, « enfin » !\n\nLire aussi : Quels sont les alliés du Sahel ?\n");
    (text, 3, 3 + sentences.len().max(1) - 1)
}

/// The four parts of a synthetic document: heading, body, one reader comment, boilerplate.
fn write_parts(
    csv: &mut csv::Writer<BufWriter<File>>,
    id: &str,
    body_first: usize,
    body_last: usize,
) -> anyhow::Result<()> {
    let comment = body_last + 3;
    for (part, kind, first, last) in [
        ("title", "Heading", 1, 1),
        ("body", "Body", body_first, body_last),
        ("comment", "ReaderComment", comment, comment),
        ("boilerplate", "Boilerplate", comment + 2, comment + 2),
    ] {
        csv.write_record([
            format!("{id}-{part}"),
            id.to_owned(),
            kind.to_owned(),
            first.to_string(),
            last.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ])?;
    }
    Ok(())
}

/// A CSV writer with LF line ends.
fn writer(path: &Path) -> anyhow::Result<csv::Writer<BufWriter<File>>> {
    let file =
        File::create(path).with_context(|| format!("could not create {}", path.display()))?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BufWriter::new(file)))
}

fn write_actors(mut csv: csv::Writer<BufWriter<File>>, actors: &[Actor]) -> anyhow::Result<()> {
    csv.write_record(crate::pipeline::read::ACTORS.columns)?;
    for a in actors {
        let state = a.state.map_or(String::new(), |s| actors[s].id.clone());
        csv.write_record([
            a.id.as_str(),
            a.kind,
            &a.label,
            &a.label,
            &a.alias,
            "",
            &state,
            "",
            "synthetic",
        ])?;
    }
    csv.flush()?;
    Ok(())
}

/// Writes document `d`'s file, of `sentences`, and its row in `sources.csv`; returns its body's
/// first and last line.
fn write_source(
    documents_dir: &Path,
    sources_csv: &mut csv::Writer<BufWriter<File>>,
    d: usize,
    published: &str,
    sentences: &[String],
) -> anyhow::Result<(usize, usize)> {
    let id = format!("d{d:06}");
    let file = format!("{id}.txt");
    let (text, body_first, body_last) = document_text(d, sentences);
    let bytes = text.as_bytes();
    std::fs::write(documents_dir.join(&file), bytes)
        .with_context(|| format!("could not write {file}"))?;
    let sha = hex(&Sha256::digest(bytes));
    let title = format!("Chronique du Sahel n° {d} : alliances et ruptures");
    let reprints = Copies::reprinted_by(d).map_or(String::new(), |o| format!("d{o:06}"));
    sources_csv.write_record([
        id.as_str(),
        &file,
        &title,
        "NewsArticle",
        "Presse synthétique",
        "",
        published,
        "",
        "fr",
        "",
        &sha,
        "synthetic",
        &reprints,
    ])?;
    Ok((body_first, body_last))
}

/// Writes a corpus of `facts` facts into `out` (created if needed). One piece: the tables are
/// written side by side, a document at a time, from one stream of random draws.
pub fn write(out: &Path, facts: usize, seed: u64) -> anyhow::Result<Summary> {
    let mut rng = Rng(SplitMix64(seed));
    let documents_dir = out.join("documents");
    std::fs::create_dir_all(&documents_dir)
        .with_context(|| format!("could not create {}", documents_dir.display()))?;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "a count"
    )]
    let actor_count = ((10.0 * (facts as f64).sqrt()).ceil() as usize).max(KINDS.len() * 2);
    let actors = actors(actor_count, &mut rng);
    let by_kind = |kinds: &[&str]| -> Vec<usize> {
        actors
            .iter()
            .enumerate()
            .filter(|(_, a)| kinds.contains(&a.kind))
            .map(|(i, _)| i)
            .collect()
    };
    let pools = Pools {
        people: by_kind(&["Person"]),
        organisations: by_kind(&["Organisation"]),
        anyone: (0..actors.len()).collect(),
        others: by_kind(&[
            "State",
            "ArmedForces",
            "Government",
            "ArmedGroup",
            "PrivateMilitaryCompany",
            "Organisation",
        ]),
    };

    let create = |name: &str| writer(&out.join(name));
    write_actors(create("actors.csv")?, &actors)?;

    let mut sources_csv = create("sources.csv")?;
    let reprints_column = ["reprints"];
    let columns = crate::pipeline::read::SOURCES.columns.iter();
    sources_csv.write_record(columns.chain(&reprints_column))?;
    let mut parts_csv = create("parts.csv")?;
    parts_csv.write_record(crate::pipeline::read::PARTS.columns)?;
    let mut facts_csv = create("facts.csv")?;
    facts_csv.write_record(crate::pipeline::read::FACTS.columns)?;

    let documents = facts.div_ceil(PER_DOCUMENT);
    let mut fact_number = 0;
    let mut copies = Copies::default();
    for d in 0..documents {
        let id = format!("d{d:06}");
        let month = 1 + rng.below(6);
        let published = format!("2025-{month:02}");
        let in_this = PER_DOCUMENT.min(facts - fact_number);
        let (mut sentences, mut rows): (Vec<String>, Vec<FactRow>) = copies
            .take(d, &id, fact_number + 1, in_this)
            .into_iter()
            .unzip();
        fact_number += rows.len();
        for _ in rows.len()..in_this {
            if let Some((sentence, row)) = fact(&mut rng, &actors, &pools, fact_number + 1, &id) {
                sentences.push(sentence);
                rows.push(row);
                fact_number += 1;
            }
        }
        copies.keep(d, &sentences, &rows);
        let (body_first, body_last) =
            write_source(&documents_dir, &mut sources_csv, d, &published, &sentences)?;
        write_parts(&mut parts_csv, &id, body_first, body_last)?;
        for row in rows {
            facts_csv.write_record(&row)?;
        }
    }
    sources_csv.flush()?;
    parts_csv.flush()?;
    facts_csv.flush()?;
    let mut not_facts = create("not-facts.csv")?;
    not_facts.write_record(crate::pipeline::read::NOT_FACTS.columns)?;
    not_facts.flush()?;
    Ok(Summary {
        facts: fact_number,
        actors: actors.len(),
        documents,
    })
}

/// What `write` produced.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// Facts written.
    pub facts: usize,
    /// Actors written.
    pub actors: usize,
    /// Documents written.
    pub documents: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copiers_copy_documents_that_copy_nothing_and_some_say_so() {
        let copiers: Vec<usize> = (0..200)
            .filter_map(|d| Copies::original_of(d).map(|_| d))
            .collect();
        assert_eq!(copiers, [27, 47, 67, 87, 107, 127, 147, 167, 187]);
        for d in copiers {
            let original = Copies::original_of(d).unwrap();
            assert_eq!(
                Copies::original_of(original),
                None,
                "{original} copies nothing"
            );
        }
        let reprints: Vec<usize> = (0..300)
            .filter(|&d| Copies::reprinted_by(d).is_some())
            .collect();
        assert_eq!(reprints, [47, 147, 247]);
        assert_eq!(
            reprinted("D’après le communiqué n° 3, « sans réserve »."),
            "D'après le communiqué n°\u{a0}3, “sans réserve”."
        );
    }

    #[test]
    fn choices_stay_in_their_range_even_an_empty_one() {
        let mut rng = Rng(SplitMix64(7));
        assert!((0..1000).all(|_| rng.below(6) < 6));
        assert_eq!(rng.below(0), 0);
    }
}
