//! `sahel-kg suggest` and `sahel-kg coverage`, as an annotator uses them.
//!
//! The corpus is `tests/fixtures/suggest/seeds/`: one invented news article, not a seed, that
//! names seed actors (Mali, Russia, Wagner, the JNIM, the AES...) in sentences of each cue
//! class, with a hedge, a denial and a sentence whose cue cannot fit its pair. Its facts file
//! has a byte-order mark and CRLF line ends, and holds one fact; its not-facts file one
//! decision. Each test works on a copy and says what was written, byte for byte, and what was
//! not.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::fs;
use std::path::Path;

use common::{Run, copy_dir, fixtures, root, run_in, snapshot};

/// A working directory holding a copy of the article's corpus as `seeds/`.
fn work() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &fixtures().join("suggest/seeds"),
        &work.path().join("seeds"),
    );
    work
}

fn read(work: &Path, name: &str) -> String {
    fs::read_to_string(work.join("seeds").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_ok(run: &Run, stdout: &str) {
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, stdout);
    assert_eq!(run.code, Some(0));
}

/// Runs `sahel-kg ARGS` in `work`, which must refuse it: exit `code`, nothing on stdout, exactly
/// `stderr`, and every file under `seeds/` as it was.
fn assert_refused(work: &Path, args: &[&str], code: i32, stderr: &str) {
    let before = snapshot(&work.join("seeds"));
    let run = run_in(work, args);
    assert_eq!(run.code, Some(code), "{args:?}: {}", run.stderr);
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(run.stderr, stderr, "{args:?}");
    assert_eq!(
        snapshot(&work.join("seeds")),
        before,
        "{args:?}: seeds/ changed"
    );
}

const HEADER: &str =
    "decision,id,subject,relation,object,source,part,quote,claimed_by,strength,start,end,note\n";

const F013: &str = ",f013,mali,allyOf,russia,art01,art01-body,\"Le Mali et la Russie ont signé mardi un nouvel accord de coopération militaire, a annoncé le gouvernement de transition.\",,implied,,,\"Suggested from the cue `coopération` (weak, so implied).\"\n";
const F014: &str = ",f014,wagner,allyOf,fama,art01,art01-body,\"Selon le communiqué, les instructeurs russes de Wagner combattent aux côtés de l’armée malienne dans la région de Mopti.\",,stated,,,Suggested from the cue `aux côtés de` (explicit).\n";
const F015: &str = ",f015,jnim,opposes,fama,art01,art01-body,\"La semaine dernière, le JNIM a revendiqué une attaque contre un camp de l’armée malienne près de Boulkessi.\",,implied,,,\"Suggested from the cue `contre` (weak, so implied).\"\n";
const F016: &str = ",f016,jnim,opposes,fama,art01,art01-body,\"Les affrontements entre le JNIM et les Famas ont fait plusieurs dizaines de morts, selon des sources locales.\",,stated,,,Suggested from the cue `affrontements` (explicit).\n";
const F017: &str = ",f017,burkina-faso,memberOf,aes,art01,art01-body,\"Le Mali, le Burkina Faso et le Niger restent membres de l’AES, qui regroupe les trois pays depuis 2023.\",,stated,,,Suggested from the cue `membres` (explicit).\n";
const F018: &str = ",f018,niger,memberOf,aes,art01,art01-body,\"Le Mali, le Burkina Faso et le Niger restent membres de l’AES, qui regroupe les trois pays depuis 2023.\",,stated,,,Suggested from the cue `membres` (explicit).\n";
const F019: &str = ",f019,wagner,allyOf,mali,art01,art01-body,\"Selon des rumeurs relayées à Bamako, Wagner aurait reçu des mines d’or en échange de son soutien au Mali.\",,implied,,,\"Suggested from the cue `soutien` (weak; hedge `selon des rumeurs`: flagged, so implied).\"\n";

const SUPPRESSED: &str = "suppressed by a denial (not written):
  art01:9  mali-government allyOf jnim  cue `alliance`, denial `dément`
";
const NEXT: &str = "Check each row against its quote, then: sahel-kg suggest --accept ID, or sahel-kg suggest --reject ID --reason WHY; or write `accept` or `reject: WHY` in the decision column and run sahel-kg suggest --apply.\n";

/// `suggest` on a fresh copy: the review file as the first test shows it.
fn drafted() -> tempfile::TempDir {
    let work = work();
    let run = run_in(work.path(), &["suggest"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    work
}

#[test]
fn suggest_drafts_a_review_row_for_each_pair_a_cue_relates_in_an_article_that_is_not_a_seed() {
    let work = work();
    let before = snapshot(&work.path().join("seeds"));
    let run = run_in(work.path(), &["suggest"]);
    assert_ok(
        &run,
        &format!(
            "seeds/suggested.csv: 7 new suggestions to review (0 kept)
  f013  art01:3  mali allyOf russia  implied  cue `coopération`
  f014  art01:5  wagner allyOf fama  stated  cue `aux côtés de`
  f015  art01:5  jnim opposes fama  implied  cue `contre`
  f016  art01:5  jnim opposes fama  stated  cue `affrontements`
  f017  art01:7  burkina-faso memberOf aes  stated  cue `membres`
  f018  art01:7  niger memberOf aes  stated  cue `membres`
  f019  art01:9  wagner allyOf mali  implied  cue `soutien`, hedge `selon des rumeurs`: flagged
{SUPPRESSED}{NEXT}"
        ),
    );
    // Mali's membership of the AES is a fact already (f012), and the sentence about Niger's
    // silence has a decision: neither is suggested. The minister sentence pairs two states,
    // which `serves` (people) cannot relate; the title and the boilerplate give nothing.
    assert_eq!(
        read(work.path(), "suggested.csv"),
        [HEADER, F013, F014, F015, F016, F017, F018, F019].concat()
    );
    let mut after = snapshot(&work.path().join("seeds"));
    after.remove(Path::new("suggested.csv"));
    assert_eq!(after, before, "only the review file is written");
}

#[test]
fn an_accepted_suggestion_joins_the_facts_keeping_their_bom_and_crlf_and_leaves_the_review() {
    let work = drafted();
    let facts_before = read(work.path(), "facts.csv");
    let run = run_in(work.path(), &["suggest", "--accept", "f014"]);
    assert_ok(&run, "f014: accepted, now a fact: seeds/facts.csv:3\n");
    assert_eq!(
        read(work.path(), "facts.csv"),
        facts_before
            + "f014,wagner,allyOf,fama,art01,art01-body,\"Selon le communiqué, les instructeurs russes de Wagner combattent aux côtés de l’armée malienne dans la région de Mopti.\",,stated,,,Suggested from the cue `aux côtés de` (explicit).\r\n"
    );
    assert!(read(work.path(), "facts.csv").starts_with('\u{feff}'));
    assert_eq!(
        read(work.path(), "suggested.csv"),
        [HEADER, F013, F015, F016, F017, F018, F019].concat()
    );
    let valid = run_in(work.path(), &["validate", "--quiet"]);
    assert_ok(
        &valid,
        "seeds: valid: 1 sources, 3 parts, 10 actors, 2 facts, 1 not-fact decisions\n",
    );
}

#[test]
fn a_rejected_suggestion_becomes_a_not_fact_decision_and_is_not_suggested_again() {
    let work = drafted();
    let decisions_before = read(work.path(), "not-facts.csv");
    let run = run_in(
        work.path(),
        &[
            "suggest",
            "--reject",
            "f015",
            "--reason",
            "The attack is the JNIM's claim; the fighting is recorded from the next sentence.",
        ],
    );
    assert_ok(
        &run,
        "f015: rejected, now a not-fact decision: seeds/not-facts.csv:3\n",
    );
    assert_eq!(
        read(work.path(), "not-facts.csv"),
        decisions_before
            + "art01,\"La semaine dernière, le JNIM a revendiqué une attaque contre un camp de l’armée malienne près de Boulkessi.\",The attack is the JNIM's claim; the fighting is recorded from the next sentence.\r\n"
    );
    let review = [HEADER, F013, F014, F016, F017, F018, F019].concat();
    assert_eq!(read(work.path(), "suggested.csv"), review);

    let again = run_in(work.path(), &["suggest"]);
    assert_ok(
        &again,
        &format!("seeds/suggested.csv: 0 new suggestions to review (6 kept)\n{SUPPRESSED}{NEXT}"),
    );
    assert_eq!(read(work.path(), "suggested.csv"), review, "f015 stays out");
}

#[test]
fn rows_kept_in_the_review_file_stay_byte_for_byte_and_covered_ones_leave_it() {
    let work = drafted();
    // The annotator changed a relation by hand, and recorded f017's fact by hand.
    let edited = [HEADER, F013, F014, F015, F016, F017, F018, F019]
        .concat()
        .replace(",f014,wagner,allyOf,", ",f014,wagner,opposes,")
        .replace('\n', "\r\n");
    fs::write(work.path().join("seeds/suggested.csv"), &edited).expect("write");
    let facts = read(work.path(), "facts.csv")
        + "f100,burkina-faso,memberOf,aes,art01,art01-body,\"Le Mali, le Burkina Faso et le Niger restent membres de l’AES\",,stated,,,\r\n";
    fs::write(work.path().join("seeds/facts.csv"), facts).expect("write");
    let run = run_in(work.path(), &["suggest"]);
    assert_ok(
        &run,
        &format!(
            "seeds/suggested.csv: 0 new suggestions to review (6 kept; 1 removed: a fact or a decision covers it now)\n{SUPPRESSED}{NEXT}"
        ),
    );
    assert_eq!(
        read(work.path(), "suggested.csv"),
        edited.replace(&F017.replace('\n', "\r\n"), "")
    );
}

#[test]
fn decisions_written_in_the_review_file_are_applied_together() {
    let work = drafted();
    let decided = [HEADER, F013, F014, F015, F016, F017, F018, F019]
        .concat()
        .replace(",f017,", "accept,f017,")
        .replace(
            ",f019,",
            "Reject : hearsay: the text reports a rumour,f019,",
        );
    fs::write(work.path().join("seeds/suggested.csv"), decided).expect("write");
    let run = run_in(work.path(), &["suggest", "--apply"]);
    assert_ok(
        &run,
        "f017: accepted, now a fact: seeds/facts.csv:3
f019: rejected, now a not-fact decision: seeds/not-facts.csv:3
",
    );
    assert!(
        read(work.path(), "not-facts.csv").ends_with(
            "art01,\"Selon des rumeurs relayées à Bamako, Wagner aurait reçu des mines d’or en échange de son soutien au Mali.\",hearsay: the text reports a rumour\r\n"
        )
    );
    assert_eq!(
        read(work.path(), "suggested.csv"),
        [HEADER, F013, F014, F015, F016, F018].concat()
    );
    let nothing = run_in(work.path(), &["suggest", "--apply"]);
    assert_ok(
        &nothing,
        "seeds/suggested.csv: nothing to apply: no row has `accept` or `reject: WHY` in its decision column\n",
    );
}

#[test]
fn rejecting_an_unknown_id_is_refused_and_nothing_is_written() {
    let work = drafted();
    assert_refused(
        work.path(),
        &["suggest", "--reject", "f099", "--reason", "No."],
        2,
        "error: no suggestion `f099` in seeds/suggested.csv (did you mean `f019`?)\n",
    );
    assert_refused(
        work.path(),
        &["suggest", "--accept", "x"],
        2,
        "error: no suggestion `x` in seeds/suggested.csv (its rows: f013, f014, f015, f016, f017, f018, f019)\n",
    );
}

#[test]
fn rejecting_without_a_review_file_says_to_run_suggest_first() {
    let work = work();
    assert_refused(
        work.path(),
        &["suggest", "--reject", "f013", "--reason", "No."],
        2,
        "error: no review file seeds/suggested.csv: run `sahel-kg suggest` first\n",
    );
}

#[test]
fn an_empty_reason_is_refused_and_nothing_is_written() {
    let work = drafted();
    assert_refused(
        work.path(),
        &["suggest", "--reject", "f015", "--reason", " "],
        2,
        "error: invalid value ' ' for '--reason <WHY>': the reason is empty: say why the sentence states no fact\n\nFor more information, try '--help'.\n",
    );
}

#[test]
fn a_review_file_edited_into_something_invalid_is_refused_on_its_own_lines() {
    let work = drafted();
    let rows = [HEADER, F013, F014, F015, F016, F017, F018, F019].concat();
    let write = |text: &str| fs::write(work.path().join("seeds/suggested.csv"), text).expect("w");

    write(
        &rows
            .replace(",f013,", "acept,f013,")
            .replace(",f015,", "reject,f015,"),
    );
    assert_refused(
        work.path(),
        &["suggest", "--apply"],
        1,
        "seeds/suggested.csv:2: decision: `acept` is not a decision (did you mean `accept`?): expected `accept`, `reject: WHY`, or nothing to leave the row for later
seeds/suggested.csv:4: decision: `reject` gives no reason: write `reject: WHY` (the reason is kept in the not-fact decisions)
2 problems found; nothing was written
",
    );

    // Accepted rows are checked as the facts they would become, each problem on its own row.
    write(
        &rows
            .replace(",f013,mali,allyOf,", "accept,f013,mali,alyOf,")
            .replace(",f016,jnim,", "accept,f016,jinm,")
            .replace(",f017,", "accept,f017,"),
    );
    assert_refused(
        work.path(),
        &["suggest", "--apply"],
        1,
        "seeds/suggested.csv:2: relation: unknown relation `alyOf` (did you mean `allyOf`?): the ontology defines allyOf, leads, memberOf, opposes, serves
seeds/suggested.csv:5: subject: unknown actor `jinm` (did you mean `jnim`?)
2 problems found; nothing was written
",
    );

    // A header a spreadsheet mangled.
    write(&rows.replacen("quote", "quotes", 1));
    assert_refused(
        work.path(),
        &["suggest", "--apply"],
        1,
        "seeds/suggested.csv:1: missing column `quote`: expected the header `decision,id,subject,relation,object,source,part,quote,claimed_by,strength,start,end,note`
seeds/suggested.csv:1: unknown column `quotes` (did you mean `quote`?): expected the header `decision,id,subject,relation,object,source,part,quote,claimed_by,strength,start,end,note`
2 problems found; nothing was written
",
    );
}

#[test]
fn a_decision_not_yet_applied_stops_a_new_draft() {
    let work = drafted();
    let rows = [HEADER, F013, F014, F015, F016, F017, F018, F019]
        .concat()
        .replace(",f014,", "accept,f014,");
    fs::write(work.path().join("seeds/suggested.csv"), &rows).expect("write");
    assert_refused(
        work.path(),
        &["suggest"],
        1,
        "seeds/suggested.csv:3: decision: `accept` is not applied yet: run `sahel-kg suggest --apply` first, or empty the cell\n1 problem found; nothing was written\n",
    );
}

#[test]
fn the_review_file_must_lie_in_the_seeds_folder_and_be_none_of_its_tables() {
    let work = work();
    assert_refused(
        work.path(),
        &["suggest", "--out", "review.csv"],
        2,
        "error: --out review.csv is not inside the seeds folder seeds: the review file goes there (sahel-kg suggest writes nowhere else)\n",
    );
    assert_refused(
        work.path(),
        &["suggest", "--out", "seeds/facts.csv"],
        2,
        "error: --out seeds/facts.csv is a file the corpus is read from: give the review file a name of its own, such as seeds/suggested.csv\n",
    );
    assert!(!work.path().join("review.csv").exists());

    let run = run_in(
        work.path(),
        &["suggest", "--out", "seeds/review/batch1.csv"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("seeds/review/batch1.csv: 7 new suggestions")
    );
}

#[test]
fn measured_on_the_seeds_more_than_half_the_suggestions_are_facts_and_nothing_is_written() {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("seeds"), &work.path().join("seeds"));
    let before = snapshot(work.path());
    let run = run_in(work.path(), &["suggest", "--measure", "--quiet"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "cue          relation  suggested  right  other relation  decided  unannotated  precision"
    );
    let total = lines
        .iter()
        .find(|l| l.starts_with("all "))
        .expect("a total row");
    let precision: f64 = total
        .split_whitespace()
        .last()
        .and_then(|p| p.parse().ok())
        .expect("a precision");
    assert!(precision >= 0.5, "{}", run.stdout);
    assert_eq!(snapshot(work.path()), before);
}

#[test]
fn coverage_counts_the_mentions_of_each_seed_source() {
    let run = run_in(&root(), &["coverage", "--quiet"]);
    assert_ok(
        &run,
        "source  mentions  covered  decided  open
------  --------  -------  -------  ----
doc000        59       49        8     2
doc001        35       22       12     1
doc002        76       40       15    21
doc003        29       20        6     3
doc004        25       17        4     4
total        224      148       45    31
",
    );
    let one = run_in(&root(), &["coverage", "--quiet", "doc003"]);
    assert_ok(
        &one,
        "source  mentions  covered  decided  open
------  --------  -------  -------  ----
doc003        29       20        6     3
total         29       20        6     3
",
    );
    assert_refused(
        &root(),
        &["coverage", "--quiet", "doc03"],
        2,
        "error: no source `doc03` in sources.csv (did you mean `doc003`?)\n",
    );
}

#[test]
fn a_decision_on_a_sentence_marks_its_mentions_reviewed() {
    let work = work();
    let before = run_in(work.path(), &["coverage", "--quiet"]);
    assert_ok(
        &before,
        "source  mentions  covered  decided  open
------  --------  -------  -------  ----
art01         27        2        3    22
total         27        2        3    22
",
    );
    // Covered: Mali and the AES in f012's quote (not Burkina Faso and Niger, which it does not
    // relate); decided: the three names of the sentence about Niger's silence. The minister
    // sentence names Mali and Russia (Moscou) and states no relation: a decision on it.
    let decisions = read(work.path(), "not-facts.csv")
        + "art01,a reçu la délégation du Mali à Moscou,\"A visit, not an alliance.\"\r\n";
    fs::write(work.path().join("seeds/not-facts.csv"), decisions).expect("write");
    let after = run_in(work.path(), &["coverage", "--quiet"]);
    assert_ok(
        &after,
        "source  mentions  covered  decided  open
------  --------  -------  -------  ----
art01         27        2        5    20
total         27        2        5    20
",
    );
    copy_dir(&root().join("queries"), &work.path().join("queries"));
    let export = run_in(work.path(), &["export", "--quiet"]);
    assert_eq!(export.code, Some(0), "{}", export.stderr);
    let coverage = fs::read_to_string(work.path().join("output/coverage.csv")).expect("coverage");
    let line9: Vec<&str> = coverage
        .lines()
        .filter(|l| l.starts_with("art01,9,") && l.contains(",mention,") && l.contains("visit"))
        .collect();
    assert_eq!(
        line9,
        [
            "art01,9,art01-body,Body,mention,mali,Mali,no,\"A visit, not an alliance.\"",
            "art01,9,art01-body,Body,mention,russia,Moscou,no,\"A visit, not an alliance.\"",
        ]
    );
}
