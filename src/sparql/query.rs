//! The stored SPARQL queries: read, checked, and run one at a time.
//!
//! In: the queries directory (`*.rq`, each a SELECT with a header comment and an `ORDER BY`)
//! and the loaded store. Out: one `Answer` (column names and rows of terms) per query, named
//! after its file, in file-name order. Problems with a query are data problems like any other:
//! a syntax error names the file, line and column; an update is refused at its keyword, as
//! updates are never run; a query that is not a SELECT, has no
//! `ORDER BY` (its rows would come in no stable order) or whose header would be empty is
//! refused with the reason. A `GROUP_CONCAT`'s list comes in whatever order the engine met the
//! values, which differs between engines and between loads of the same store, so each such
//! column's items are sorted (`sort_lists`): the same graph gives the same report everywhere.
//! The queries run on the embedded store or, with `--endpoint`, on a remote SPARQL endpoint
//! (`Engine`); both give the same `Answer`. On the embedded store a query runs on a thread of
//! its own and is given up at `--query-timeout` (`Engine::run_bound`): a cartesian product
//! would otherwise run for hours. What this stage does not do: format or write anything.

use std::path::Path;

use anyhow::Context;
use oxigraph::model::{Literal, Term};

use crate::corpus_file::Folder;
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator, Variable,
};
use oxigraph::store::Store;

use crate::answer::Answer;
use crate::problem::{Column, Problem, Severity};
use crate::vocab::PREFIXES;

/// A parsed stored query.
#[derive(Debug)]
pub struct StoredQuery {
    /// The report name: the file name without `.rq`.
    pub name: String,
    /// The file as the user named it.
    pub file: String,
    /// The query text.
    pub text: String,
}

/// Reads and checks every `*.rq` file in `dir`.
pub fn load(dir: &Path) -> anyhow::Result<Result<Vec<StoredQuery>, Vec<Problem>>> {
    let folder = Folder::new(dir);
    let files = folder.files_ending("rq", "the queries directory")?;
    let mut problems = Vec::new();
    let mut queries = Vec::new();
    for path in files {
        let file = path.display().to_string();
        let bytes = match folder.read(path.file_name().unwrap_or_default())? {
            Ok(bytes) => bytes,
            Err(refusal) => {
                problems.push(Problem::file(&file, refusal.reason(&folder)));
                continue;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            problems.push(Problem::file(
                &file,
                "not UTF-8: save the query as UTF-8 text",
            ));
            continue;
        };
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Err(problem) = check_name(&file, &name).and_then(|()| check(&file, &text)) {
            problems.push(problem);
            continue;
        }
        queries.push(StoredQuery { name, file, text });
    }
    Ok(if problems.is_empty() {
        Ok(queries)
    } else {
        Err(problems)
    })
}

/// Checks that a stored query's report, `NAME.csv`, is not one of the files the pipeline
/// writes itself (`output::BUILT_IN`): the two would be staged under one name, and the run
/// would fail only at the end, after all its work. Compared without case, as a filesystem that
/// ignores case would.
fn check_name(file: &str, name: &str) -> Result<(), Problem> {
    let report = format!("{name}.csv");
    match crate::output::BUILT_IN
        .iter()
        .find(|built_in| built_in.eq_ignore_ascii_case(&report))
    {
        Some(built_in) => Err(Problem {
            file: file.to_owned(),
            line: Some(1),
            column: Some(Column::Char(1)),
            message: format!(
                "this query's report would be {report}, which clashes with the {built_in} sahel-kg writes itself: rename the query file (the report is named after it)"
            ),
            severity: Severity::Error,
        }),
        None => Ok(()),
    }
}

/// Checks that a stored query parses and is a SELECT with an ORDER BY.
pub fn check(file: &str, text: &str) -> Result<(), Problem> {
    let parsed = spargebra::SparqlParser::new()
        .parse_query(text)
        .map_err(|e| syntax_problem(file, text, &e.to_string()))?;
    let spargebra::Query::Select { pattern, .. } = &parsed else {
        let form = text_form(&parsed);
        return Err(Problem::file(
            file,
            format!(
                "this is a {form} query: a report needs a SELECT query, whose rows become the CSV"
            ),
        ));
    };
    if !has_order_by(pattern) {
        return Err(Problem::file(
            file,
            "no ORDER BY: without one the rows come in no stable order and the report would change from run to run",
        ));
    }
    Ok(())
}

fn text_form(query: &spargebra::Query) -> &'static str {
    match query {
        spargebra::Query::Select { .. } => "SELECT",
        spargebra::Query::Construct { .. } => "CONSTRUCT",
        spargebra::Query::Describe { .. } => "DESCRIBE",
        spargebra::Query::Ask { .. } => "ASK",
    }
}

fn has_order_by(pattern: &spargebra::algebra::GraphPattern) -> bool {
    use spargebra::algebra::GraphPattern as P;
    match pattern {
        P::OrderBy { .. } => true,
        P::Project { inner, .. }
        | P::Distinct { inner }
        | P::Reduced { inner }
        | P::Slice { inner, .. } => has_order_by(inner),
        _ => false,
    }
}

/// Turns Oxigraph's `error at L:C: message` into a located problem of one line.
///
/// The parser's own words need help. It reports the furthest point any of its alternatives
/// reached, which may lie past the mistake, and what it expected there: sometimes one keyword
/// of many (`expected CONSTRUCT` for a misspelt `SELECT`), sometimes lines of Unicode ranges.
/// So the message keeps the expected words, drops the character ranges, names an undeclared
/// prefix and an empty query for what they are, and says where the parser gave up.
fn syntax_problem(file: &str, text: &str, message: &str) -> Problem {
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Problem::file(
            file,
            "no query, only comments or white space: expected a SELECT with an ORDER BY",
        );
    }
    if let Some((line, column, keyword)) = update_keyword(text) {
        // The parser would say it expected CONSTRUCT where the update starts.
        return Problem {
            file: file.to_owned(),
            line: Some(line),
            column: Some(Column::Char(column)),
            message: format!(
                "`{keyword}` begins a SPARQL update, and sahel-kg never runs one: a query must be \
                 a SELECT query, whose rows become the report"
            ),
            severity: Severity::Error,
        };
    }
    let located = message.strip_prefix("error at ").and_then(|rest| {
        let (position, found) = rest.split_once(": ")?;
        let (line, column) = position.split_once(':')?;
        Some((
            line.parse::<u64>().ok()?,
            column.parse::<usize>().ok()?,
            found,
        ))
    });
    let Some((line, column, found)) = located else {
        return Problem::file(file, format!("SPARQL syntax error: {}", one_line(message)));
    };
    let described = if found.contains("Prefix not found") {
        let before: String = text
            .lines()
            .nth(
                usize::try_from(line)
                    .unwrap_or(usize::MAX)
                    .saturating_sub(1),
            )
            .unwrap_or("")
            .chars()
            .take(column.saturating_sub(1))
            .collect();
        let name = before
            .rsplit(|c: char| c.is_whitespace() || "{}().;,/|^!".contains(c))
            .next()
            .unwrap_or("");
        match name.split_once(':') {
            Some((prefix, _)) => format!(
                "the prefix `{prefix}:` (in `{name}`) is not declared: add `PREFIX {prefix}: <IRI>`"
            ),
            None => "a prefix is not declared: add a `PREFIX` line for it".to_owned(),
        }
    } else {
        format!(
            "SPARQL syntax error: the parser gave up here, {} (the mistake may be earlier)",
            expected_words(found)
        )
    };
    Problem {
        file: file.to_owned(),
        line: Some(line),
        column: Some(Column::Char(column)),
        message: described,
        severity: Severity::Error,
    }
}

/// The keywords an update operation starts with (SPARQL 1.1 Update, `Update1`).
const UPDATE_KEYWORDS: &[&str] = &[
    "INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
];

/// The line, 1-based character and text of the keyword an update starts with, when the first
/// word after the prologue (`PREFIX` and `BASE` declarations, comments) is one.
fn update_keyword(text: &str) -> Option<(u64, usize, &str)> {
    // The words of the text, each with its line and character, comments left out: a `#`
    // starts one unless it is inside an IRI.
    let words = text.lines().enumerate().flat_map(|(n, line)| {
        let mut in_iri = false;
        let code: &str = line
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '<' => in_iri = true,
                    '>' => in_iri = false,
                    _ => {}
                }
                c == '#' && !in_iri
            })
            .map_or(line, |(at, _)| &line[..at]);
        let mut words = Vec::new();
        let mut start = None;
        for (i, (at, c)) in code.char_indices().chain([(code.len(), ' ')]).enumerate() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some((i, at)),
                (true, Some((column, from))) => {
                    words.push((n as u64 + 1, column + 1, &code[from..at]));
                    start = None;
                }
                _ => {}
            }
        }
        words
    });
    let mut words = words.peekable();
    loop {
        let (line, column, word) = words.next()?;
        let keyword = word
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if keyword.eq_ignore_ascii_case("PREFIX") {
            // `PREFIX p: <iri>`, or `PREFIX p:<iri>` as one word.
            if !words.next()?.2.contains('<') {
                words.next()?;
            }
        } else if keyword.eq_ignore_ascii_case("BASE") {
            words.next()?;
        } else {
            return UPDATE_KEYWORDS
                .iter()
                .any(|k| k.eq_ignore_ascii_case(keyword))
                .then_some((line, column, keyword));
        }
    }
}

/// The parser's `expected ...` list without its character classes (`['0' ..= '9' | ...]`),
/// on one line.
fn expected_words(found: &str) -> String {
    let flat = one_line(found);
    let Some(list) = flat
        .strip_prefix("expected one of ")
        .or_else(|| flat.strip_prefix("expected "))
    else {
        return flat;
    };
    let mut words = Vec::new();
    let mut depth = 0_usize;
    let mut item = String::new();
    for c in list.chars().chain(std::iter::once(',')) {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                let word = item.trim();
                if !word.is_empty() && !word.starts_with('[') {
                    words.push(word.to_owned());
                }
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    match words.as_slice() {
        [] => "on an unexpected character".to_owned(),
        [one] => format!("expecting {one}"),
        many => format!("expecting one of {}", many.join(", ")),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the queries run.
pub enum Engine {
    /// The embedded store, loaded by this run.
    Embedded(Store),
    /// A remote SPARQL endpoint (`endpoint.rs`).
    Endpoint(Box<crate::remote::endpoint::Client>),
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Embedded(_) => f.write_str("Engine::Embedded"),
            Self::Endpoint(client) => f.debug_tuple("Engine::Endpoint").field(client).finish(),
        }
    }
}

impl Engine {
    /// Runs one SELECT (see `run`): on the store, given up at `timeout` (`run_bound`), or on
    /// the endpoint after the same local checks, so a syntax error reads the same either way
    /// (there the requests' own `--timeout` bounds it).
    pub fn run(
        &self,
        file: &str,
        text: &str,
        with_prefixes: bool,
        timeout: std::time::Duration,
    ) -> anyhow::Result<Result<Answer, Problem>> {
        self.run_bound(file, text, with_prefixes, &[], timeout)
    }

    /// `run`, with variables bound before the query runs (`evaluate`): the embedded store
    /// only, since the SPARQL protocol has no way to send a binding.
    ///
    /// On the store the query runs on a thread of its own, given up when it has not answered
    /// within `timeout`: then an error holding the problem (the file and the timeout), which
    /// stops the run, as nothing else can stop the query for sure. It is cancelled, which ends
    /// it at its next read of the store, unless an operator holds on until its input ends (a
    /// `GROUP BY` or an `ORDER BY` keeps reading past the cancellation, and a product of rows
    /// already read reads nothing): such a query goes on until the process ends, which it does
    /// as the run fails. The thread holds its own handle on the store for that reason.
    pub fn run_bound(
        &self,
        file: &str,
        text: &str,
        with_prefixes: bool,
        bindings: &[(&str, Term)],
        timeout: std::time::Duration,
    ) -> anyhow::Result<Result<Answer, Problem>> {
        let store = match self {
            Self::Embedded(store) => store,
            Self::Endpoint(_) if !bindings.is_empty() => {
                anyhow::bail!(
                    "a variable can be bound before a query runs on the embedded store only, not on an endpoint"
                )
            }
            Self::Endpoint(client) => return run_remote(client, file, text, with_prefixes),
        };
        let token = CancellationToken::new();
        let (send, answer) = std::sync::mpsc::channel();
        let (store, owned_file, owned_text, cancel) = (
            store.clone(),
            file.to_owned(),
            text.to_owned(),
            token.clone(),
        );
        let bindings: Vec<(Variable, Term)> = bindings
            .iter()
            .map(|(name, value)| {
                let variable = Variable::new(*name).context("invalid built-in variable name")?;
                Ok((variable, value.clone()))
            })
            .collect::<anyhow::Result<_>>()?;
        std::thread::Builder::new()
            .name(format!("query {file}"))
            .spawn(move || {
                let result = evaluate(
                    &store,
                    &owned_file,
                    &owned_text,
                    with_prefixes,
                    &bindings,
                    cancel,
                );
                // Nobody listens to a query that was given up.
                let _ = send.send(result);
            })
            .with_context(|| format!("{file}: could not start a thread for the query"))?;
        match answer.recv_timeout(timeout) {
            Ok(result) => result,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                token.cancel();
                let problem = Problem::file(file, past_timeout(timeout));
                Err(crate::problem::Problems(vec![problem]).into())
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                anyhow::bail!("{file}: the query's thread crashed")
            }
        }
    }
}

/// Runs one SELECT on a remote endpoint. With `with_prefixes`, the project's prefixes are
/// declared in front of the text sent.
fn run_remote(
    client: &crate::remote::endpoint::Client,
    file: &str,
    text: &str,
    with_prefixes: bool,
) -> anyhow::Result<Result<Answer, Problem>> {
    let mut evaluator = SparqlEvaluator::new();
    let mut sent = String::new();
    if with_prefixes {
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *iri)
                .context("invalid built-in prefix")?;
            for piece in ["PREFIX ", prefix, ": <", iri, ">\n"] {
                sent.push_str(piece);
            }
        }
    }
    if let Err(e) = evaluator.parse_query(text) {
        return Ok(Err(syntax_problem(file, text, &e.to_string())));
    }
    sent.push_str(text);
    let answer = match client
        .select(&sent)
        .with_context(|| format!("{file}: could not query {}", client.url()))?
    {
        Ok(answer) => answer,
        Err(message) => return Ok(Err(Problem::file(file, message))),
    };
    if answer.columns.is_empty() {
        return Ok(Err(Problem::file(file, NO_VARIABLE)));
    }
    Ok(Ok(sort_lists(text, with_prefixes, answer)))
}

/// The message for a query whose report would have no header.
const NO_VARIABLE: &str = "the query selects no variable, so its report would have an empty header: name the columns in SELECT";

/// Sorts the items of every `GROUP_CONCAT` in an answer: each cell of a column that some
/// `GROUP_CONCAT(...; separator=S)` of the query binds is split at S, sorted and joined again,
/// keeping its language tag or datatype. The items are the same whatever the engine's order,
/// so the sorted cell is too.
fn sort_lists(text: &str, with_prefixes: bool, answer: Answer) -> Answer {
    let mut parser = spargebra::SparqlParser::new();
    if with_prefixes {
        for (prefix, iri) in PREFIXES {
            match parser.with_prefix(*prefix, *iri) {
                Ok(p) => parser = p,
                Err(_) => return answer,
            }
        }
    }
    let Ok(spargebra::Query::Select { pattern, .. }) = parser.parse_query(text) else {
        return answer;
    };
    let mut lists = Vec::new();
    group_concats(&pattern, &mut lists);
    let lists: Vec<(usize, String)> = lists
        .into_iter()
        .filter(|(_, separator)| !separator.is_empty())
        .filter_map(|(column, separator)| {
            let index = answer.columns.iter().position(|c| *c == column)?;
            Some((index, separator))
        })
        .collect();
    if lists.is_empty() {
        return answer;
    }
    let mut sorted = Answer::new(answer.columns.clone());
    for record in answer.records() {
        let mut row = record.terms();
        for (index, separator) in &lists {
            if let Some(Term::Literal(literal)) = &row[*index] {
                let mut items: Vec<&str> = literal.value().split(separator.as_str()).collect();
                items.sort_unstable();
                let items = items.join(separator);
                row[*index] = Some(
                    match literal.language() {
                        Some(language) => {
                            Literal::new_language_tagged_literal_unchecked(items, language)
                        }
                        None => Literal::new_typed_literal(items, literal.datatype()),
                    }
                    .into(),
                );
            }
        }
        sorted.push_row(&row);
    }
    sorted
}

/// The variables bound by a `GROUP_CONCAT` anywhere in a pattern, with their separators. The
/// parser binds each aggregate to a variable of its own, then `(... AS ?name)` to an `Extend`
/// that copies it: both are followed.
fn group_concats(pattern: &spargebra::algebra::GraphPattern, out: &mut Vec<(String, String)>) {
    let mut copies = Vec::new();
    walk(pattern, out, &mut copies);
    loop {
        let found: Vec<(String, String)> = copies
            .iter()
            .filter(|(to, _)| !out.iter().any(|(name, _)| name == to))
            .filter_map(|(to, from)| {
                out.iter()
                    .find(|(name, _)| name == from)
                    .map(|(_, separator)| (to.clone(), separator.clone()))
            })
            .collect();
        if found.is_empty() {
            return;
        }
        out.extend(found);
    }
}

fn walk(
    pattern: &spargebra::algebra::GraphPattern,
    out: &mut Vec<(String, String)>,
    copies: &mut Vec<(String, String)>,
) {
    use spargebra::algebra::{
        AggregateExpression, AggregateFunction, Expression, GraphPattern as P,
    };
    match pattern {
        P::Group {
            inner, aggregates, ..
        } => {
            for (variable, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall {
                    name: AggregateFunction::GroupConcat { separator },
                    ..
                } = aggregate
                {
                    let separator = separator.clone().unwrap_or_else(|| " ".to_owned());
                    out.push((variable.as_str().to_owned(), separator));
                }
            }
            walk(inner, out, copies);
        }
        P::Extend {
            inner,
            variable,
            expression,
        } => {
            if let Expression::Variable(from) = expression {
                copies.push((variable.as_str().to_owned(), from.as_str().to_owned()));
            }
            walk(inner, out, copies);
        }
        P::Join { left, right }
        | P::LeftJoin { left, right, .. }
        | P::Lateral { left, right }
        | P::Union { left, right }
        | P::Minus { left, right } => {
            walk(left, out, copies);
            walk(right, out, copies);
        }
        P::Filter { inner, .. }
        | P::Graph { inner, .. }
        | P::OrderBy { inner, .. }
        | P::Project { inner, .. }
        | P::Distinct { inner }
        | P::Reduced { inner }
        | P::Slice { inner, .. }
        | P::Service { inner, .. } => walk(inner, out, copies),
        P::Bgp { .. } | P::Path { .. } | P::Values { .. } => {}
    }
}

/// Runs one SELECT over the store. `with_prefixes` declares the project's prefixes for
/// hand-typed queries; stored queries declare their own, so they run unchanged elsewhere.
pub fn run(
    store: &Store,
    file: &str,
    text: &str,
    with_prefixes: bool,
) -> anyhow::Result<Result<Answer, Problem>> {
    evaluate(
        store,
        file,
        text,
        with_prefixes,
        &[],
        CancellationToken::new(),
    )
}

/// The message for a query given up at `timeout`.
fn past_timeout(timeout: std::time::Duration) -> String {
    format!(
        "the query ran past --query-timeout {} s and was stopped: a pattern that shares no variable with the others multiplies the rows (a cartesian product); if the query is right, give it more time with --query-timeout",
        timeout.as_secs()
    )
}

fn evaluate(
    store: &Store,
    file: &str,
    text: &str,
    with_prefixes: bool,
    bindings: &[(Variable, Term)],
    token: CancellationToken,
) -> anyhow::Result<Result<Answer, Problem>> {
    let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token);
    if with_prefixes {
        for (prefix, iri) in PREFIXES {
            evaluator = evaluator
                .with_prefix(*prefix, *iri)
                .context("invalid built-in prefix")?;
        }
    }
    let mut prepared = match evaluator.parse_query(text) {
        Ok(prepared) => prepared,
        Err(e) => return Ok(Err(syntax_problem(file, text, &e.to_string()))),
    };
    for (variable, value) in bindings {
        prepared = prepared.substitute_variable(variable.clone(), value.clone());
    }
    let results = match prepared.on_store(store).execute() {
        Ok(results) => results,
        Err(QueryEvaluationError::NotExistingSubstitutedVariable(variable)) => {
            return Ok(Err(Problem::file(
                file,
                format!(
                    "this query does not select {variable}, which is bound before it runs: \
                     a query that takes it selects it and reads it (see \
                     queries/allies-of-mali-by-year.rq)"
                ),
            )));
        }
        Err(e) => return Ok(Err(Problem::file(file, format!("the query failed: {e}")))),
    };
    let QueryResults::Solutions(solutions) = results else {
        return Ok(Err(Problem::file(
            file,
            "not a SELECT query: only SELECT results can be shown as rows",
        )));
    };
    let columns: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    if columns.is_empty() {
        return Ok(Err(Problem::file(file, NO_VARIABLE)));
    }
    let mut answer = Answer::new(columns);
    for solution in solutions {
        match solution {
            Ok(solution) => answer.push_row(solution.values()),
            Err(e) => return Ok(Err(Problem::file(file, format!("the query failed: {e}")))),
        }
    }
    Ok(Ok(sort_lists(text, with_prefixes, answer)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_one_line_and_name_what_they_can() {
        let message = |text: &str| check("q.rq", text).unwrap_err().to_string();
        assert_eq!(
            message(
                "PREFIX skg: <https://w3id.org/sahel-kg/ontology#>\nSELECT ?x WHERE { ?x foo:bar ?o } ORDER BY ?x"
            ),
            "q.rq:2:29: the prefix `foo:` (in `foo:bar`) is not declared: add `PREFIX foo: <IRI>`"
        );
        assert_eq!(
            message("# only a comment\n\n"),
            "q.rq: no query, only comments or white space: expected a SELECT with an ORDER BY"
        );
        // The parser's list of character ranges is dropped, its words kept.
        let unclosed = message("SELECT ?x WHERE { ?x }");
        assert_eq!(
            unclosed,
            "q.rq:1:23: SPARQL syntax error: the parser gave up here, expecting BIND \
             (the mistake may be earlier)"
        );
    }

    #[test]
    fn an_update_is_refused_at_its_keyword_never_run() {
        let message = |text: &str| check("q.rq", text).unwrap_err().to_string();
        assert_eq!(
            message(
                "# adds a fact\nPREFIX skg: <https://w3id.org/sahel-kg/ontology#>\nPREFIX id:<https://w3id.org/sahel-kg/id/>\n  INSERT DATA { id:mali skg:allyOf id:france }"
            ),
            "q.rq:4:3: `INSERT` begins a SPARQL update, and sahel-kg never runs one: a query must be a SELECT query, whose rows become the report"
        );
        for (text, at) in [
            ("delete where { ?s ?p ?o }", "q.rq:1:1: `delete`"),
            (
                "BASE <http://e/#x>\nDELETE{?s ?p ?o} WHERE {?s ?p ?o}",
                "q.rq:2:1: `DELETE`",
            ),
            ("DROP ALL", "q.rq:1:1: `DROP`"),
            ("LOAD <http://e/x.ttl>", "q.rq:1:1: `LOAD`"),
            (
                "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                "q.rq:1:1: `WITH`",
            ),
        ] {
            assert!(message(text).starts_with(at), "{text}: {}", message(text));
        }
        // A broken SELECT is still a syntax error, and so is a word that starts no update.
        assert!(message("SELECT ?x WHERE { ?x }").contains("SPARQL syntax error"));
        assert!(message("INSERTS ?x").contains("SPARQL syntax error"));
    }

    #[test]
    fn a_syntax_error_is_located() {
        let p = check("q.rq", "SELECT ?x WHERE {\n  ?x ?y \n}").unwrap_err();
        assert_eq!(p.file, "q.rq");
        assert_eq!(p.line, Some(3));
        assert!(p.column.is_some());
    }

    #[test]
    fn a_query_whose_report_would_take_a_built_in_name_is_refused_at_line_1() {
        let clash = check_name("queries/coverage.rq", "coverage").unwrap_err();
        assert_eq!(
            clash.to_string(),
            "queries/coverage.rq:1:1: this query's report would be coverage.csv, which clashes with the coverage.csv sahel-kg writes itself: rename the query file (the report is named after it)"
        );
        assert!(check_name("queries/Coverage.rq", "Coverage").is_err());
        assert!(check_name("queries/graph.rq", "graph").is_ok());
        assert!(check_name("queries/coverage-gaps.rq", "coverage-gaps").is_ok());
    }

    #[test]
    fn only_ordered_selects_are_reports() {
        assert!(check("q.rq", "SELECT ?x WHERE { ?x ?y ?z } ORDER BY ?x").is_ok());
        assert!(check("q.rq", "SELECT ?x WHERE { ?x ?y ?z } ORDER BY ?x LIMIT 3").is_ok());
        let ask = check("q.rq", "ASK { ?x ?y ?z }").unwrap_err();
        assert!(
            ask.message.starts_with("this is a ASK query")
                || ask.message.starts_with("this is an ASK query"),
            "{}",
            ask.message
        );
        let unordered = check("q.rq", "SELECT ?x WHERE { ?x ?y ?z }").unwrap_err();
        assert!(unordered.message.starts_with("no ORDER BY"));
    }

    #[test]
    fn group_concat_items_are_sorted_whatever_the_engine_order() {
        let text = "SELECT ?g ?docs ?labels WHERE { { SELECT ?g (GROUP_CONCAT(DISTINCT ?d; separator=\" \") AS ?docs) (GROUP_CONCAT(?l) AS ?labels) WHERE { ?g ?d ?l } GROUP BY ?g } } ORDER BY ?g";
        let mut answer = Answer::new(vec!["g".into(), "docs".into(), "labels".into()]);
        answer.push_row(&[
            Some(Literal::from("b a").into()),
            Some(Literal::from("doc2 doc10 doc1").into()),
            Some(Literal::new_language_tagged_literal_unchecked("y x", "fr").into()),
        ]);
        let sorted = sort_lists(text, false, answer);
        assert_eq!(
            sorted.records().next().map(|r| r.terms()).unwrap(),
            vec![
                Some(Literal::from("b a").into()),
                Some(Literal::from("doc1 doc10 doc2").into()),
                Some(Literal::new_language_tagged_literal_unchecked("x y", "fr").into()),
            ]
        );
    }
}
