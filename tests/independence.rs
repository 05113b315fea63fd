#![allow(clippy::expect_used, clippy::unwrap_used, reason = "tests fail loudly")]

//! Independent sources and the picture at a date, on corpora made for them
//! (`tests/fixtures/independence/`): a paragraph copied with typographic variants, a source
//! that says it reprints another, a headline, a boilerplate line and a paraphrase that are not
//! copies, and dated alliances year by year. The expected counts and statuses are written out
//! here by hand from the rules in docs/architecture.md, not computed by the code under test.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{export_quietly, fixtures, read_csv, root, run_in, synthetic_export};

/// The seeds of the independence case `case`.
fn seeds(case: &str) -> PathBuf {
    fixtures().join("independence").join(case).join("seeds")
}

/// Exports `case` with the project's queries into a new directory; returns it.
fn export(case: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    let run = export_quietly(&seeds(case), out.path(), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    out
}

/// The rows of report `name`, each with only `columns`, joined by ` | `.
fn rows(out: &Path, name: &str, columns: &[&str]) -> Vec<String> {
    read_csv(&out.join(name))
        .iter()
        .map(|row| {
            let cells: Vec<&str> = columns.iter().map(|c| row[*c].as_str()).collect();
            cells.join(" | ")
        })
        .collect()
}

#[test]
fn a_paragraph_copied_with_typographic_variants_is_one_shared_passage_and_counts_once() {
    let out = export("copied-paragraph");
    // The wire story's paragraph, from `Le Mali` to `malien`, is in the journal's with `’`,
    // `« »`, no-break spaces and `RUSSES`: 43 words, counted by hand.
    assert_eq!(
        rows(
            out.path(),
            "shared-passages.csv",
            &["documents", "lines", "words", "claims", "facts"]
        ),
        ["agence journal | agence:2 journal:2 | 43 | 2 | f1 f2"]
    );
    let excerpt = &read_csv(&out.path().join("shared-passages.csv"))[0]["excerpt"];
    assert!(
        excerpt.starts_with(
            "Le Mali et la Russie ont signé à Moscou un accord de défense \"historique\""
        ),
        "{excerpt}"
    );
    // Three sources say Mali and Russia are allies; two of them with the same paragraph.
    assert_eq!(
        rows(
            out.path(),
            "allies-of-mali.csv",
            &["ally", "sources", "independent", "documents"]
        ),
        [
            "Russie | 3 | 2 | agence analyse journal",
            "Wagner | 1 | 1 | journal"
        ]
    );
    assert_eq!(
        rows(
            out.path(),
            "relations.csv",
            &["Source", "Target", "Weight", "independent"]
        ),
        ["fama | wagner | 1 | 1", "mali | russia | 3 | 2"]
    );
    let page = std::fs::read_to_string(out.path().join("index.html")).expect("index.html");
    assert!(page.contains("3 sources, 2 indépendantes"));
    assert!(page.contains("<td>agence:2 journal:2</td>"));
}

#[test]
fn a_source_marked_as_a_reprint_counts_once_with_its_original() {
    let out = export("reprint");
    // The relay rewrites the wire story in its own words: no passage is shared, but
    // sources.csv says it reprints it.
    assert!(read_csv(&out.path().join("shared-passages.csv")).is_empty());
    assert_eq!(
        rows(out.path(), "sources.csv", &["id", "reprints"]),
        ["agence | ", "analyse | ", "relais | agence"]
    );
    assert_eq!(
        rows(
            out.path(),
            "allies-of-mali.csv",
            &["ally", "sources", "independent"]
        ),
        ["Russie | 3 | 2"]
    );
}

#[test]
fn a_shared_headline_a_boilerplate_line_and_a_paraphrase_are_not_copies() {
    // Two pages of one site: the same banner (14 words, a boilerplate part), headline (15
    // words) and advertising line (40 words, a boilerplate part), and the same events told in
    // other words, sharing nine words in a row at most.
    let out = export("not-copies");
    assert!(read_csv(&out.path().join("shared-passages.csv")).is_empty());
    assert_eq!(
        rows(
            out.path(),
            "allies-of-mali.csv",
            &["ally", "sources", "independent"]
        ),
        ["Russie | 2 | 2", "France | 2 | 2"]
    );
}

/// Each ally's statuses, year after year, from `allies-of-mali-by-year.csv`.
fn by_year(out: &Path) -> BTreeMap<String, Vec<String>> {
    let mut by_ally: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in read_csv(&out.join("allies-of-mali-by-year.csv")) {
        by_ally
            .entry(row["ally"].clone())
            .or_default()
            .push(format!("{} {}", row["year"], row["status"]));
    }
    by_ally
}

/// `first`, `first + 1`... each with a status.
fn years(first: u16, statuses: &[&str]) -> Vec<String> {
    (first..)
        .zip(statuses)
        .map(|(year, status)| format!("{year} {status}"))
        .collect()
}

#[test]
fn each_ally_has_a_status_each_year_from_the_first_dated_relation_to_the_last_source() {
    let out = export("by-year");
    let (h, e, n, u) = ("holds", "ended", "not yet", "undated");
    let expected: BTreeMap<String, Vec<String>> = [
        // allied 2015, ended 2019, allied again 2023
        ("Algérie", years(2015, &[h, h, h, h, h, e, e, e, h, h, h])),
        // only an end, in 2022: allied before, from a start the sources do not give
        ("France", years(2015, &[h, h, h, h, h, h, h, h, e, e, e])),
        // 2016 to 2017, then 2017 to 2020 by another claim: the second covers 2018 to 2020,
        // though the first's end is before them and the second's start is not after it
        ("Tchad", years(2015, &[n, h, h, h, h, h, e, e, e, e, e])),
        // no date at all: never guessed
        ("Niger", years(2015, &[u; 11])),
        // from 2021
        ("Russie", years(2015, &[n, n, n, n, n, n, h, h, h, h, h])),
        // a pact of May 2022 broken in 2022: the start is not after the end
        ("Turquie", years(2015, &[n, n, n, n, n, n, n, h, e, e, e])),
        // December 2021 to June 2024, through the armed forces; an undated claim the other
        // way round changes nothing
        ("Wagner", years(2015, &[n, n, n, n, n, n, h, h, h, h, e])),
    ]
    .into_iter()
    .map(|(ally, statuses)| (ally.to_owned(), statuses))
    .collect();
    assert_eq!(by_year(out.path()), expected);
    let page = std::fs::read_to_string(out.path().join("index.html")).expect("index.html");
    assert!(page.contains("<tr><th scope=\"row\">Turquie</th><td>pas encore</td>"));
}

/// `sahel-kg COMMAND --quiet --seeds SEEDS --format csv ARGS` on the seeds of `case`, run in the
/// repository: must succeed with nothing on stderr; its stdout.
fn csv_of(command: &str, case: &str, args: &[&str]) -> String {
    let seeds = seeds(case);
    let mut all = vec![
        command,
        "--quiet",
        "--seeds",
        seeds.to_str().expect("utf-8 path"),
        "--format",
        "csv",
    ];
    all.extend_from_slice(args);
    let run = run_in(&root(), &all);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

/// The rows of CSV text that opens with a byte-order mark, each a map from column to cell.
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .deserialize()
        .map(|row| row.expect("a row"))
        .collect()
}

/// `query --as-of DATE` on the by-year corpus, as CSV: `ally status` per row.
fn as_of(date: &str) -> Vec<String> {
    let stdout = csv_of(
        "query",
        "by-year",
        &["--as-of", date, "queries/allies-of-mali-by-year.rq"],
    );
    csv_rows(&stdout)
        .into_iter()
        .map(|row| {
            assert_eq!((row["year"].as_str(), row["asOf"].as_str()), (date, date));
            format!("{} {}", row["ally"], row["status"])
        })
        .collect()
}

#[test]
fn query_as_of_a_year_gives_each_allys_status_that_year() {
    assert_eq!(
        as_of("2020"),
        [
            "Algérie ended",
            "France holds",
            "Niger undated",
            "Russie not yet",
            "Tchad holds",
            "Turquie not yet",
            "Wagner not yet"
        ]
    );
}

#[test]
fn query_as_of_a_month_compares_each_date_at_its_own_precision() {
    // Wagner left in June 2024: still there in 2024 as a year, gone in July 2024; Algeria's
    // 2023 restart holds in any month of 2024.
    let wagner_and_algeria = |date| {
        as_of(date)
            .into_iter()
            .filter(|row| row.starts_with("Wagner") || row.starts_with("Algérie"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        wagner_and_algeria("2024"),
        ["Algérie holds", "Wagner holds"]
    );
    assert_eq!(
        wagner_and_algeria("2024-06"),
        ["Algérie holds", "Wagner holds"]
    );
    assert_eq!(
        wagner_and_algeria("2024-07-01"),
        ["Algérie holds", "Wagner ended"]
    );
}

#[test]
fn query_as_of_with_a_query_that_takes_no_date_is_refused_and_named() {
    let run = run_in(
        &root(),
        &[
            "query",
            "--quiet",
            "--as-of",
            "2020",
            "queries/allies-of-mali.rq",
        ],
    );
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "queries/allies-of-mali.rq: this query does not select ?asOf, which is bound before it runs: a query that takes it selects it and reads it (see queries/allies-of-mali-by-year.rq)\n1 problem found; nothing was written\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn query_as_of_a_date_that_cannot_be_is_a_usage_error() {
    let run = run_in(
        &root(),
        &[
            "query",
            "--as-of",
            "2020-13",
            "queries/allies-of-mali-by-year.rq",
        ],
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with(
            "error: invalid value '2020-13' for '--as-of <DATE>': `2020-13` is not a possible date: month 13 is not 01 to 12\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn evidence_lists_the_claims_between_two_actors_both_ways_each_as_annotated() {
    assert_eq!(
        csv_of("evidence", "by-year", &["wagner", "fama"]),
        "\u{feff}fact,subject,relation,object,strength,claimed_by,source,part,published,start,end,also_in,reprints,quote\r\n\
         f11,wagner,allyOf,fama,stated,,chronique,,2025-01,,,,,Wagner combat aux côtés de l'armée malienne.\r\n\
         f3,fama,allyOf,wagner,stated,,chronique,,2025-01,2021-12,,,,Les instructeurs de Wagner sont arrivés auprès de l'armée malienne en décembre 2021.\r\n\
         f4,fama,allyOf,wagner,stated,,chronique,,2025-01,,2024-06,,,Wagner a quitté l'armée malienne en juin 2024.\r\n"
    );
}

#[test]
fn evidence_names_the_closest_actor_to_an_unknown_id() {
    let run = run_in(&root(), &["evidence", "--quiet", "mali", "frnace"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: no actor `frnace` in seeds/actors.csv (did you mean `france`?): expected an id of its first column\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn evidence_shows_the_other_documents_that_carry_a_copied_quote() {
    let stdout = csv_of("evidence", "copied-paragraph", &["russia", "mali"]);
    let rows: Vec<String> = csv_rows(&stdout)
        .iter()
        .map(|row| {
            format!(
                "{} {} also in: {}",
                row["fact"], row["source"], row["also_in"]
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "f1 agence also in: journal",
            "f2 journal also in: agence",
            "f3 analyse also in: "
        ]
    );
}

#[test]
fn export_no_store_in_one_shard_a_document_writes_the_passages_and_reprints_of_the_whole_export() {
    for case in ["copied-paragraph", "reprint"] {
        let whole = export(case);
        let streamed = tempfile::tempdir().expect("tempdir");
        let run = export_quietly(
            &seeds(case),
            streamed.path(),
            &["--no-store", "--shard-size", "1"],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let graph = |dir: &Path| std::fs::read(dir.join("graph.nt")).expect("graph.nt");
        assert!(
            graph(streamed.path()) == graph(whole.path()),
            "{case}: graph.nt differs"
        );
    }
}

#[test]
fn synth_reprints_a_paragraph_that_the_export_finds() {
    let synthetic = synthetic_export("2000");
    // Document 27 opens with the first three sentences of document 14 (body lines 3 to 5),
    // each fact annotated again: six claims.
    assert_eq!(
        rows(
            &synthetic.out,
            "shared-passages.csv",
            &["documents", "lines", "claims"]
        ),
        ["d000014 d000027 | d000014:3-5 d000027:3-5 | 6"]
    );
}
