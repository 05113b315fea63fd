//! Values that try to become something else: markup in a query's answer, characters no
//! output can carry or no reader can see in a cell, spreadsheet formulas behind invisible
//! characters, an update in a stored query. Nothing from the data becomes an element, an
//! attribute or a formula; what an output cannot carry is refused by `validate` and `export`
//! alike, located, and echoed to the terminal escaped.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{copy_dir, fixtures, root, run_in};

/// The base corpus and the project's queries in `work`, with the queries of
/// `tests/fixtures/CASE/queries/` laid over them.
fn assemble(case: &str, work: &Path) {
    copy_dir(&fixtures().join("base/seeds"), &work.join("seeds"));
    copy_dir(&root().join("queries"), &work.join("queries"));
    copy_dir(
        &fixtures().join(case).join("queries"),
        &work.join("queries"),
    );
}

/// `CASE` assembled in a new working directory and exported there; the export must succeed.
fn exported(case: &str) -> tempfile::TempDir {
    let work = tempfile::tempdir().expect("tempdir");
    assemble(case, work.path());
    let run = run_in(work.path(), &["export"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    work
}

/// An element's name and its attributes (name, value as written).
type Tag = (String, Vec<(String, String)>);

/// The start tags of an HTML page in document order. A small tokenizer, enough for what the
/// page is made of: comments, doctype and end tags skipped, attribute values quoted or not,
/// the text of `<style>` skipped whole.
fn start_tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            // An end tag, the doctype, or a `<` in text (which an escaped page has none of).
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || "=>/".contains(c))
                .unwrap_or(rest.len())
                .max(1);
            let attribute = rest[..end].to_ascii_lowercase();
            rest = rest[end..].trim_start();
            let mut value = "";
            if let Some(after) = rest.strip_prefix('=') {
                rest = after.trim_start();
                if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    (value, rest) = rest[1..].split_once(quote).unwrap_or((&rest[1..], ""));
                } else {
                    let end = rest
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    (value, rest) = rest.split_at(end);
                }
            }
            attributes.push((attribute, value.to_owned()));
        }
        if name == "style" {
            rest = rest.split_once("</style").map_or("", |(_, r)| r);
        }
        tags.push((name, attributes));
    }
    tags
}

/// The start tags of an SVG picture, read by an XML parser (which fails on a picture that is
/// not well-formed).
fn svg_tags(file: &str, svg: &str) -> Vec<Tag> {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{file} is not well-formed XML: {e}"));
    doc.descendants()
        .filter(roxmltree::Node::is_element)
        .map(|n| {
            let name = n.tag_name().name().to_owned();
            let attributes = n
                .attributes()
                .map(|a| (a.name().to_owned(), a.value().to_owned()))
                .collect();
            (name, attributes)
        })
        .collect()
}

/// The names of the elements and attributes, and the class names, in `tags`.
fn vocabulary(tags: &[Tag]) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for (name, attributes) in tags {
        words.insert(format!("<{name}>"));
        for (attribute, value) in attributes {
            words.insert(format!("@{attribute}"));
            if attribute == "class" {
                for class in value.split_whitespace() {
                    words.insert(format!(".{class}"));
                }
            }
        }
    }
    words
}

/// The columns of each stored query that the pictures and the page present, as the hostile
/// answers of `tests/fixtures/hostile-answers/` mark them (`QUERY.COLUMN` ends each value).
const PAGE_COLUMNS: &[(&str, &[&str])] = &[
    (
        "allies-of-mali",
        &[
            "ally",
            "type",
            "status",
            "since",
            "until",
            "sources",
            "independent",
            "quote",
        ],
    ),
    (
        "opponents-of-mali",
        &[
            "opponent",
            "type",
            "status",
            "since",
            "sources",
            "independent",
            "claimed",
            "quote",
        ],
    ),
    (
        "memberships",
        &[
            "member",
            "organisation",
            "status",
            "since",
            "until",
            "sources",
            "independent",
        ],
    ),
    (
        "relations",
        &["Target", "Label", "status", "source_label", "target_label"],
    ),
    (
        "evidence",
        &[
            "fact",
            "strength",
            "claimed_by",
            "part_kind",
            "published",
            "start",
            "end",
        ],
    ),
    (
        "sources",
        &[
            "title",
            "kind",
            "publisher",
            "author",
            "published",
            "date_note",
            "cites",
            "facts",
            "file",
            // `url` is not shown as text: it is the title's link, and only a web address is one
            // (see the check of `javascript:` below).
            "retrieved",
        ],
    ),
];

const NETWORK_COLUMNS: &[&str] = &[
    "actors.label_fr",
    "relations.Target",
    "relations.source_label",
    "relations.target_label",
    "relations.status",
    "relations.Weight",
];

const TIMELINE_COLUMNS: &[&str] = &[
    "relations.source_label",
    "relations.target_label",
    "relations.Label",
    "relations.status",
];

/// Every value of each presented column of each stored query is markup, characters XML cannot
/// carry and entity references: the page and the pictures show them all as text, stay
/// well-formed, and have no element, attribute or class the seeds' own page and pictures do
/// not have.
#[test]
fn markup_in_every_presented_column_of_a_query_answer_is_shown_as_text() {
    let work = exported("hostile-answers");
    let read = |dir: &Path, name: &str| fs::read_to_string(dir.join(name)).expect("an output");
    let out = work.path().join("output");
    let golden = root().join("output");

    let html = read(&out, "index.html");
    assert!(
        !html.contains("javascript:"),
        "a javascript: address from a query's answer is in the page"
    );
    let page = start_tags(&html);
    let known = vocabulary(&start_tags(&read(&golden, "index.html")));
    let new: Vec<String> = vocabulary(&page).difference(&known).cloned().collect();
    assert!(new.is_empty(), "the data made {new:?} in index.html");
    for (name, _) in &page {
        assert!(!["img", "script"].contains(&name.as_str()), "<{name}>");
    }
    for (query, columns) in PAGE_COLUMNS {
        for column in *columns {
            let marker = format!("{query}.{column}");
            assert!(html.contains(&marker), "index.html does not show {marker}");
        }
    }
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;"));

    for (file, columns) in [
        ("network.svg", NETWORK_COLUMNS),
        ("timeline.svg", TIMELINE_COLUMNS),
    ] {
        let svg = read(&out, file);
        let tags = svg_tags(file, &svg);
        let known = vocabulary(&svg_tags(file, &read(&golden, file)));
        let new: Vec<String> = vocabulary(&tags).difference(&known).cloned().collect();
        assert!(new.is_empty(), "the data made {new:?} in {file}");
        for marker in columns {
            assert!(svg.contains(marker), "{file} does not show {marker}");
        }
    }
    for file in ["index.html", "network.svg", "timeline.svg"] {
        let text = read(&out, file);
        for c in ['\u{1}', '\u{1B}', '\u{FFFE}'] {
            assert!(!text.contains(c), "{file} carries {c:?}");
        }
    }
}

/// The cases of `tests/fixtures/bad/` with cells no output can carry or no reader can see, or
/// names too long to draw: `tests/bad_input.rs` runs `export` on them.
const UNFIT_CASES: &[&str] = &[
    "control-characters-in-cells",
    "invisible-characters-in-names",
    "label-too-long",
];

/// `validate` passed these corpora, and `export` then wrote pictures that were not XML or
/// failed in Graphviz: now both refuse them with the same problems.
#[test]
fn validate_refuses_what_export_cannot_write_with_the_same_problems() {
    for case in UNFIT_CASES {
        let work = common::base_seeds_with_bad(case);
        let run = run_in(work.path(), &["validate"]);
        let expected =
            fs::read_to_string(fixtures().join("bad").join(case).join("expected-stderr"))
                .expect("the case's expected-stderr");
        assert_eq!(run.code, Some(1), "{case}: {}", run.stderr);
        assert_eq!(run.stderr, expected, "{case}");
        assert_eq!(run.stdout, "", "{case}");
    }
}

/// Graphviz failed on a label of a million characters, after `validate` had passed it.
#[test]
fn a_label_of_a_million_characters_is_refused_and_the_previous_export_is_kept() {
    let work = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join("base/seeds"), &work.path().join("seeds"));
    copy_dir(&root().join("queries"), &work.path().join("queries"));
    let actors = work.path().join("seeds/actors.csv");
    let label = "Mali ".repeat(200_000);
    let text = fs::read_to_string(&actors).expect("actors.csv");
    let text = text.replacen(
        "mali,State,Mali,",
        &format!("mali,State,{},", label.trim()),
        1,
    );
    fs::write(&actors, text).expect("actors.csv");
    let out = work.path().join("output");
    fs::create_dir(&out).expect("output");
    fs::write(out.join("index.html"), "previous run\n").expect("sentinel");
    let before = common::snapshot(&out);

    let expected = "seeds/actors.csv:2: label_fr: `Mali Mali Mali Mali Mali Mali M…` is 999999 \
                    characters long: a name is at most 200 (it is drawn in the pictures and the \
                    page); shorten it, and put a longer text in `note`\n1 problem found; nothing \
                    was written\n";
    for command in ["export", "validate"] {
        let run = run_in(work.path(), &[command]);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        assert_eq!(run.stderr, expected, "{command}");
        assert_eq!(run.stdout, "", "{command}");
    }
    assert!(
        common::snapshot(&out) == before,
        "the output folder changed"
    );
}

/// A report cell a spreadsheet would run as a formula gets a leading `'`, also when its sign
/// hides behind white space or an invisible character, or is the full-width or small form.
#[test]
fn formula_signs_behind_invisible_characters_or_in_full_width_are_neutralised_in_reports() {
    let work = exported("formula-cells");
    let cells: BTreeSet<String> = common::read_csv(&work.path().join("output/formulas.csv"))
        .into_iter()
        .map(|row| row["cell"].clone())
        .collect();
    let expected: BTreeSet<String> = [
        "'\u{FEFF}=HYPERLINK(\"https://example.org/\")",
        "'\u{200B}=1+1",
        "'\u{202E}@SUM(A1)",
        "' =1+1",
        "'＝1+1",
        "'＋1",
        "'－1",
        "'＠SUM(A1)",
        "'﹦1",
        "-3",
        "Mali",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(cells, expected);
}
