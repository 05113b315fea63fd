//! Annotating a new document with the commands, as an analyst does: `add-source` copies it into
//! a copy of the seeds with its row and proposed parts, `locate` places two quotes, two facts
//! are pasted into `facts/doc005.csv`, then `validate` and `export` show the new source in
//! `sources.csv`, the evidence and the page. Then every refusal of `add-source` (cases under
//! `tests/fixtures/add-source/<case>/`: `args`, one argument a line, the files they name, an
//! optional `seeds/` laid over the base corpus, `exit` and `expected-stderr`) and of `locate`,
//! each leaving every seed file as it was.
//!
//! To write a new add-source case's `expected-stderr`, run with `SAHEL_KG_BLESS=1` and read the
//! result before committing it.

#![allow(clippy::expect_used, reason = "tests fail loudly")]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{
    case_dirs, case_name, copy_dir, differences, expected_stderr, fixtures, read_csv, root, run_in,
    snapshot,
};

/// The fixture article: an invented AFP-style page, not one of the seeds.
fn article() -> Vec<u8> {
    fs::read(fixtures().join("new-document/article.txt")).expect("the fixture article")
}

/// A working directory with a copy of the project's seeds and the article as `article.txt`.
fn seeds_and_article() -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("seeds"), &work.path().join("seeds"));
    fs::write(work.path().join("article.txt"), article()).expect("article");
    work
}

const ADD: &[&str] = &[
    "add-source",
    "article.txt",
    "--published",
    "2024-07-12",
    "--url",
    "https://www.example.com/sahel/force-conjointe",
    "--retrieved",
    "2024-07-13",
    "--publisher",
    "Sahel Hebdo",
    "--author",
    "Aminata Ouédraogo",
];

const ADDED: &str = "\
doc005: seeds/documents/005_6391346e7a0989d4.txt (41 lines, from article.txt)
  title: Sahel : Niamey et Ouagadougou lancent une force conjointe contre les jihadistes (line 2; --title to change it)
  its row: seeds/sources.csv:7 (NewsArticle, Sahel Hebdo, by Aminata Ouédraogo, published 2024-07-12, https://www.example.com/sahel/force-conjointe, retrieved 2024-07-13; columns added: url, retrieved)
seeds/parts.csv, lines 28-34: 7 parts proposed; check each kind (Heading, Body, Answer, ReaderComment, Boilerplate) and correct it there:
   1. doc005-p1  lines 1-1    Boilerplate    Accueil > Afrique > Sahel  (navigation)
   2. doc005-p2  lines 2-5    Heading        Sahel : Niamey et Ouagadougou lancent une force …  (short lines before the first paragraph)
   3. doc005-p3  lines 7-16   Body           Niamey (AFP) - Le Niger et le Burkina …  (the first paragraph and what follows it, an intertitle at line 13)
   4. doc005-p4  lines 18-29  Boilerplate    Lire aussi Mali : la junte met fin …  (a list of links)
   5. doc005-p5  lines 31-34  ReaderComment  Issa Maïga 12 juillet 2024 à 19h12 Enfin …  (a reader's comment under a name over a date)
   6. doc005-p6  lines 36-38  ReaderComment  Kader_75 a écrit : Le Niger et le …  (a reader's comment under “… a écrit :” or “… dit :”)
   7. doc005-p7  lines 40-41  Boilerplate    © 2024 Sahel Hebdo avec AFP. Tous droits …  (a copyright line)
seeds/facts/doc005.csv: created, its header only: one row per fact; `sahel-kg locate doc005 \"QUOTE\"` places a quote and gives its row
seeds: valid: 6 sources, 33 parts, 37 actors, 150 facts, 25 not-fact decisions
";

const FIRST_QUOTE: &str = "\
doc005: 1 place in seeds/documents/005_6391346e7a0989d4.txt
  line 7, code points 189-281, part doc005-p3 (Body)
     quote: Le Niger et le Burkina Faso ont annoncé vendredi la création d’une force militaire conjointe
     row:   f155,,,,doc005,doc005-p3,Le Niger et le Burkina Faso ont annoncé vendredi la création d’une force militaire conjointe,,,,,
paste a row into seeds/facts/doc005.csv and fill in subject, relation, object and strength (claimed_by, start, end and note when they apply)
";

const SECOND_QUOTE: &str = "\
doc005: 1 place in seeds/documents/005_6391346e7a0989d4.txt
  line 37, code points 1937-1999, part doc005-p6 (ReaderComment)
     quote: Le Niger et le Burkina sont maintenant les alliés de la Russie
     row:   f155,,,,doc005,doc005-p6,Le Niger et le Burkina sont maintenant les alliés de la Russie,,,,,
paste a row into seeds/facts/doc005.csv and fill in subject, relation, object and strength (claimed_by, start, end and note when they apply)
";

#[test]
fn a_new_article_is_added_located_annotated_validated_and_exported() {
    let work = seeds_and_article();
    let seeds = work.path().join("seeds");
    let before = snapshot(&seeds);

    let added = run_in(work.path(), ADD);
    assert_eq!(added.code, Some(0), "{}", added.stderr);
    assert_eq!(added.stderr, "");
    assert_eq!(added.stdout, ADDED);
    written_as_announced(&seeds, &before);

    // Two quotes, the first typed with a straight apostrophe, placed by `locate`.
    let place = |quote: &str| run_in(work.path(), &["locate", "doc005", quote]);
    let first = place(
        "Le Niger et le Burkina Faso ont annoncé vendredi la création d'une force militaire conjointe",
    );
    assert_eq!((first.code, first.stderr.as_str()), (Some(0), ""));
    assert_eq!(first.stdout, FIRST_QUOTE);
    let second = place("Le Niger et le Burkina sont maintenant les alliés de la Russie");
    assert_eq!((second.code, second.stderr.as_str()), (Some(0), ""));
    assert_eq!(second.stdout, SECOND_QUOTE);

    // The analyst pastes the quote cells into rows and fills in what the text says.
    let quote = |run: &common::Run| {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with("quote: "))
            .expect("a quote line");
        line.trim_start().trim_start_matches("quote: ").to_owned()
    };
    let header = fs::read_to_string(seeds.join("facts/doc005.csv")).expect("facts");
    let facts = format!(
        "{header}\
         f155,niger,allyOf,burkina-faso,doc005,doc005-p3,{},,stated,2024-07,,A joint force announced by Niamey.\n\
         f156,niger,allyOf,russia,doc005,doc005-p6,{},,claimed,,,A reader's claim.\n",
        quote(&first),
        quote(&second)
    );
    fs::write(seeds.join("facts/doc005.csv"), facts).expect("facts");

    let validated = run_in(work.path(), &["validate"]);
    assert_eq!(validated.code, Some(0), "{}", validated.stderr);
    assert_eq!(
        validated.stdout,
        "seeds: valid: 6 sources, 33 parts, 37 actors, 152 facts, 25 not-fact decisions\n"
    );

    let queries = root().join("queries");
    let exported = run_in(
        work.path(),
        &[
            "export",
            "--queries",
            queries.to_str().expect("utf-8"),
            "--quiet",
        ],
    );
    assert_eq!(exported.code, Some(0), "{}", exported.stderr);
    exported_with_the_new_source(&work.path().join("output"));
}

/// What `add-source` said it wrote is what it wrote, and nothing else changed.
fn written_as_announced(seeds: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) {
    // The document, byte for byte, under the name the tool chose.
    let document = seeds.join("documents/005_6391346e7a0989d4.txt");
    assert_eq!(fs::read(&document).expect("the copy"), article());
    // sources.csv: every row as it was, with the two new columns' empty cells; then the row.
    let old = String::from_utf8(before[Path::new("sources.csv")].clone()).expect("utf-8");
    let mut expected = String::new();
    for (i, line) in old.lines().enumerate() {
        expected += line;
        expected += if i == 0 { ",url,retrieved\n" } else { ",,\n" };
    }
    expected += "doc005,005_6391346e7a0989d4.txt,Sahel : Niamey et Ouagadougou lancent une force conjointe contre les jihadistes,NewsArticle,Sahel Hebdo,Aminata Ouédraogo,2024-07-12,,fr,,6391346e7a0989d4104ebf82cbff16479f2d3a4b23ae44fcc3ab57ed02714b15,,https://www.example.com/sahel/force-conjointe,2024-07-13\n";
    assert_eq!(
        fs::read_to_string(seeds.join("sources.csv")).expect("sources"),
        expected
    );
    // parts.csv: the old bytes untouched, the proposed parts after them.
    let parts = fs::read(seeds.join("parts.csv")).expect("parts");
    let old_parts = &before[Path::new("parts.csv")];
    assert_eq!(&parts[..old_parts.len()], old_parts.as_slice());
    assert_eq!(
        String::from_utf8_lossy(&parts[old_parts.len()..]),
        "\
doc005-p1,doc005,Boilerplate,1,1,,,,Proposed by add-source: navigation.
doc005-p2,doc005,Heading,2,5,,,,Proposed by add-source: short lines before the first paragraph.
doc005-p3,doc005,Body,7,16,,,,\"Proposed by add-source: the first paragraph and what follows it, an intertitle at line 13.\"
doc005-p4,doc005,Boilerplate,18,29,,,,Proposed by add-source: a list of links.
doc005-p5,doc005,ReaderComment,31,34,,,,Proposed by add-source: a reader's comment under a name over a date.
doc005-p6,doc005,ReaderComment,36,38,,,,Proposed by add-source: a reader's comment under “… a écrit :” or “… dit :”.
doc005-p7,doc005,Boilerplate,40,41,,,,Proposed by add-source: a copyright line.
"
    );
    assert_eq!(
        fs::read_to_string(seeds.join("facts/doc005.csv")).expect("facts file"),
        "id,subject,relation,object,source,part,quote,claimed_by,strength,start,end,note\n"
    );
    // Nothing else changed: the other tables and documents are the bytes they were.
    let after = snapshot(seeds);
    for (name, bytes) in before {
        if !["sources.csv", "parts.csv"].contains(&name.to_string_lossy().as_ref()) {
            assert_eq!(after.get(name), Some(bytes), "{} changed", name.display());
        }
    }
    assert_eq!(
        after.len(),
        before.len() + 2,
        "the document and facts/doc005.csv, nothing more"
    );
}

/// The reports, the page and the graph show the new source, its address and its facts.
fn exported_with_the_new_source(out: &Path) {
    let sources = read_csv(&out.join("sources.csv"));
    let source = sources
        .iter()
        .find(|s| s["id"] == "doc005")
        .expect("doc005 in sources.csv");
    assert_eq!(
        source["url"],
        "https://www.example.com/sahel/force-conjointe"
    );
    assert_eq!(source["retrieved"], "2024-07-13");
    assert_eq!(source["published"], "2024-07-12");
    assert_eq!(source["facts"], "2");
    let evidence: Vec<(String, String, String)> = read_csv(&out.join("evidence.csv"))
        .into_iter()
        .filter(|e| e["source"] == "doc005")
        .map(|e| (e["fact"].clone(), e["part"].clone(), e["strength"].clone()))
        .collect();
    assert_eq!(
        evidence,
        [
            ("f155".into(), "doc005-p3".into(), "stated".into()),
            ("f156".into(), "doc005-p6".into(), "claimed".into())
        ]
    );
    let page = fs::read_to_string(out.join("index.html")).expect("page");
    assert!(
        page.contains("<cite><a href=\"https://www.example.com/sahel/force-conjointe\" rel=\"noopener noreferrer\">Sahel : Niamey et Ouagadougou lancent une force conjointe contre les jihadistes</a></cite>"),
        "the page lists the new source, linked to its address"
    );
    assert!(page.contains("2024-07-12 (consulté le 2024-07-13)"));
    assert!(
        page.contains("force militaire conjointe</mark>"),
        "the quote in its context"
    );
    let graph = fs::read_to_string(out.join("graph.nt")).expect("graph");
    assert!(graph.contains("<https://w3id.org/sahel-kg/id/source/doc005> <http://schema.org/url> <https://www.example.com/sahel/force-conjointe> ."));
    assert!(graph.contains("<https://w3id.org/sahel-kg/id/source/doc005> <https://w3id.org/sahel-kg/ontology#retrieved> \"2024-07-13\"^^<http://www.w3.org/2001/XMLSchema#date> ."));
}

#[test]
fn a_dry_run_shows_what_it_would_write_and_writes_nothing() {
    let work = seeds_and_article();
    let before = snapshot(&work.path().join("seeds"));
    let mut args = ADD.to_vec();
    args.push("--dry-run");
    let run = run_in(work.path(), &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, format!("{ADDED}dry run: nothing written\n"));
    assert_eq!(snapshot(&work.path().join("seeds")), before);
}

#[test]
fn a_second_source_takes_the_next_number_and_a_corpus_without_urls_keeps_its_header() {
    let work = seeds_and_article();
    let seeds = work.path().join("seeds");
    let header = |seeds: &Path| {
        fs::read_to_string(seeds.join("sources.csv"))
            .expect("sources")
            .lines()
            .next()
            .map(str::to_owned)
    };
    let before = header(&seeds);
    let run = run_in(
        work.path(),
        &["add-source", "article.txt", "--id", "niger-burkina"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("niger-burkina: seeds/documents/005_6391346e7a0989d4.txt"),
        "{}",
        run.stdout
    );
    assert_eq!(
        header(&seeds),
        before,
        "no url given: the header is as it was"
    );
    let mut other = article();
    other.extend_from_slice(b"Mis \xc3\xa0 jour le 13 juillet 2024.\n");
    fs::write(work.path().join("update.txt"), other).expect("second capture");
    let run = run_in(work.path(), &["add-source", "update.txt"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("doc006: seeds/documents/006_"),
        "{}",
        run.stdout
    );
    assert!(seeds.join("facts/doc006.csv").is_file());
}

#[test]
fn every_refused_add_source_prints_its_problems_and_leaves_every_seed_file_as_it_was() {
    let bless = std::env::var_os("SAHEL_KG_BLESS").is_some();
    let cases = case_dirs(&fixtures().join("add-source"));
    assert!(cases.len() >= 12, "{cases:?}");
    let mut failures = Vec::new();
    for case in cases {
        let name = case_name(&case);
        let work = tempfile::tempdir().expect("tempdir");
        copy_dir(&fixtures().join("base/seeds"), &work.path().join("seeds"));
        for entry in fs::read_dir(&case).expect("case") {
            let path = entry.expect("entry").path();
            let file = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            if file == "seeds" {
                copy_dir(&path, &work.path().join("seeds"));
            } else if !["args", "exit", "expected-stderr"].contains(&file.as_str()) {
                fs::copy(&path, work.path().join(&file)).expect("document");
            }
        }
        let before = snapshot(&work.path().join("seeds"));
        let text = fs::read_to_string(case.join("args")).expect("args");
        let mut args = vec!["add-source"];
        args.extend(text.lines());
        let run = run_in(work.path(), &args);
        let expected = expected_stderr(&case, &run.stderr, bless);
        let exit: i32 = fs::read_to_string(case.join("exit"))
            .expect("exit")
            .trim()
            .parse()
            .expect("a number");
        failures.extend(differences(&name, &run, exit, &expected));
        if snapshot(&work.path().join("seeds")) != before {
            failures.push(format!("{name}: a seed file changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `locate` on the base corpus: what it prints and exits with.
fn locate(quote: &str) -> common::Run {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join("base/seeds"), &work.path().join("seeds"));
    let run = run_in(work.path(), &["locate", "doc", quote]);
    assert!(work.path().join("seeds").is_dir());
    run
}

#[test]
fn locate_lists_every_place_a_quote_occurs_and_refuses_one_that_cannot_be_cited() {
    let twice = locate("Le Mali a");
    assert_eq!(twice.code, Some(1));
    assert_eq!(
        twice.stdout,
        "\
doc: 2 places in seeds/documents/doc.txt; a quote must occur once in the part it cites
  1. line 5, code points 157-166, part doc-body (Body), 2 times in it: lengthen the quote until it occurs once there
  2. line 6, code points 208-217, part doc-body (Body), 2 times in it: lengthen the quote until it occurs once there
"
    );
    assert_eq!(
        twice.stderr,
        "seeds/documents/doc.txt: the quote cannot be cited as it is: a quote must occur once in the part it cites, and that part must not be boilerplate: lengthen it until it occurs once\n1 problem found; nothing was written\n"
    );

    let boilerplate = locate("Commentaires");
    assert_eq!(boilerplate.code, Some(1));
    assert_eq!(
        boilerplate.stdout,
        "doc: 1 place in seeds/documents/doc.txt\n  line 8, code points 253-265, part doc-boilerplate (Boilerplate): boilerplate is never a source of facts\n"
    );

    let accents = locate("Le Mali et la Russie ont renforce");
    assert_eq!(accents.code, Some(1));
    assert_eq!(accents.stdout, "");
    assert_eq!(
        accents.stderr,
        "seeds/documents/doc.txt: quote not found in `doc`: `Le Mali et la Russie ont renforce`. It occurs at line 3 but for accents (`e` for `é`): paste the document's words, `Le Mali et la Russie ont renforcé`.\n1 problem found; nothing was written\n"
    );

    let case = locate("le mali a quitté la cedeao");
    assert_eq!(
        case.stderr,
        "seeds/documents/doc.txt: quote not found in `doc`: `le mali a quitté la cedeao`. It occurs at line 6 but for case (`l` for `L`, `m` for `M`, `c` for `C`): paste the document's words, `Le Mali a quitté la Cedeao`.\n1 problem found; nothing was written\n"
    );

    let empty = locate(" \u{a0} ");
    assert_eq!(
        empty.stderr,
        "seeds/documents/doc.txt: empty quote: give the words of the document that support the fact\n1 problem found; nothing was written\n"
    );

    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join("base/seeds"), &work.path().join("seeds"));
    let unknown = run_in(work.path(), &["locate", "dco", "Le Mali"]);
    assert_eq!(unknown.code, Some(1));
    assert_eq!(
        unknown.stderr,
        "seeds/sources.csv: no source `dco` (did you mean `doc`?): expected a source id (`doc005`) or its document's file name\n1 problem found; nothing was written\n"
    );
    let by_file = run_in(work.path(), &["locate", "doc.txt", "Vive la Russie"]);
    assert_eq!(by_file.code, Some(0), "{}", by_file.stderr);
    assert!(
        by_file.stdout.contains("part doc-comment (ReaderComment)"),
        "{}",
        by_file.stdout
    );
    assert!(
        by_file
            .stdout
            .contains("row:   f7,,,,doc,doc-comment,Vive la Russie,,,,,"),
        "{}",
        by_file.stdout
    );
    assert!(by_file.stdout.ends_with("paste a row into seeds/facts.csv and fill in subject, relation, object and strength (claimed_by, start, end and note when they apply)\n"));
}
