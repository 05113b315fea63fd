//! Progress as a user at a terminal sees it: a line per long stage on stderr, redrawn in place
//! and cleared when the stage ends, never wider than the terminal; then exactly what a pipe
//! would have shown. With `--quiet`, nothing. (In a pipe nothing is drawn either: every other
//! test reads stderr from a pipe and checks it whole.)

#![allow(clippy::expect_used, reason = "tests fail loudly")]

mod common;

use common::terminal::{On, assert_stages_drawn_and_cleared, run_on_terminal};
use common::{root, run_in};

/// A fresh output directory's path (the directory is removed with the guard).
fn out_dir() -> (tempfile::TempDir, String) {
    let work = tempfile::tempdir().expect("tempdir");
    let out = work
        .path()
        .join("out")
        .to_str()
        .expect("UTF-8 path")
        .to_owned();
    (work, out)
}

/// The terminal's bytes for text printed with line feeds (it sends CR LF).
fn as_on_terminal(text: &str) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn export_on_a_terminal_draws_a_line_per_stage_within_80_columns_then_its_summary() {
    let (_work, out) = out_dir();
    let out = out.as_str();
    let piped = run_in(&root(), &["export", "--out", out]);
    assert_eq!(piped.code, Some(0), "{}", piped.stderr);
    assert_eq!(piped.stderr, "");

    let screen = run_on_terminal(&root(), &["export", "--out", out], On::Both);
    assert_eq!(screen.code, Some(0), "{}", screen.terminal);
    assert_stages_drawn_and_cleared(
        &screen,
        &[
            "read + validate",
            "name and order",
            "map, load, export [",
            "queries [",
            "pictures, reports",
        ],
    );
    // The queries' line names the queries under way (which ones the frames catch, and how
    // much of a second name the 80 columns leave, depends on the timing).
    assert!(
        screen.lines().iter().any(|l| l.contains("] ")
            && ["evidence", "relations", "allies-of-mali-by-year"]
                .iter()
                .any(|name| l.contains(name))),
        "{:#?}",
        screen.lines()
    );
    assert_eq!(screen.after_progress(), piped.stdout);
}

#[test]
fn export_with_its_summary_in_a_pipe_still_shows_progress_on_the_terminal() {
    let (_work, out) = out_dir();
    let out = out.as_str();
    let piped = run_in(&root(), &["export", "--out", out]);
    let screen = run_on_terminal(&root(), &["export", "--out", out], On::Stderr);
    assert_eq!(screen.code, Some(0), "{}", screen.terminal);
    assert_eq!(screen.stdout, piped.stdout);
    assert_stages_drawn_and_cleared(&screen, &["map, load, export [", "queries ["]);
    assert_eq!(screen.after_progress(), "");
}

#[test]
fn export_quiet_on_a_terminal_prints_only_its_summary() {
    let (_work, out) = out_dir();
    let out = out.as_str();
    let screen = run_on_terminal(&root(), &["export", "--quiet", "--out", out], On::Both);
    assert_eq!(screen.code, Some(0), "{}", screen.terminal);
    assert_eq!(
        screen.terminal,
        as_on_terminal(&format!(
            "{out}: wrote 20 files (10 reports; graph of 3602 triples from 150 facts)\n"
        ))
    );
}

#[test]
fn query_on_a_terminal_shows_its_stages_then_the_same_table() {
    let args = ["query", "queries/allies-of-mali.rq"];
    let piped = run_in(&root(), &args);
    assert_eq!(piped.code, Some(0), "{}", piped.stderr);
    let screen = run_on_terminal(&root(), &args, On::Both);
    assert_eq!(screen.code, Some(0), "{}", screen.terminal);
    assert_stages_drawn_and_cleared(
        &screen,
        &["read + validate", "name and order", "map, load [", "query"],
    );
    assert_eq!(screen.after_progress(), piped.stdout);
}

#[test]
fn a_failed_validation_on_a_terminal_prints_its_problems_on_a_cleared_line() {
    let work = common::base_seeds_with_bad("unknown-actor");
    let screen = run_on_terminal(work.path(), &["validate"], On::Both);
    assert_eq!(screen.code, Some(1));
    assert_stages_drawn_and_cleared(&screen, &["read + validate"]);
    assert_eq!(
        screen.after_progress(),
        "seeds/facts.csv:2: object: unknown actor `rusia` (did you mean `russia`?)\n1 problem found; nothing was written\n"
    );
}

#[test]
fn validate_quiet_on_a_terminal_prints_only_its_summary() {
    let piped = run_in(&root(), &["validate"]);
    assert_eq!(piped.code, Some(0), "{}", piped.stderr);
    let screen = run_on_terminal(&root(), &["validate", "--quiet"], On::Both);
    assert_eq!(screen.code, Some(0), "{}", screen.terminal);
    assert_eq!(screen.terminal, as_on_terminal(&piped.stdout));
}
