//! `publish`, `export --endpoint` and `query --endpoint` against a fake HTTP server in the test
//! (a `TcpListener` that records every request and answers from a script): the requests sent,
//! and the one-line errors for a closed port, a refusal, a timeout and a half-finished upload.
//! Real stores (Oxigraph server, Virtuoso) are exercised by `make test-interop`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{root, run_in, terminal};

/// One request as the fake server read it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the fake server does with a request.
#[derive(Clone)]
enum Reply {
    /// Answer with this status, content type and body.
    Answer(u16, &'static str, String),
    /// Send these bytes as they are (a status line, headers, an empty line and a body).
    Raw(String),
    /// Say nothing for this long, then hang up.
    Silence(Duration),
}

/// A server on a free loopback port, answering each request with `script(n, request)` (n
/// counts requests from 0) and recording every request.
struct Fake {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Fake {
    fn start(script: impl Fn(usize, &Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        let script = Arc::new(script);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let recorded = Arc::clone(&recorded);
                let script = Arc::clone(&script);
                std::thread::spawn(move || serve(stream, &recorded, &*script));
            }
        });
        Self { port, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }
}

/// Serves one connection, request after request (keep-alive), until the client hangs up.
fn serve(
    stream: TcpStream,
    recorded: &Mutex<Vec<Request>>,
    script: &(dyn Fn(usize, &Request) -> Reply + Send + Sync),
) {
    let mut writer = stream.try_clone().expect("clone stream");
    let mut reader = BufReader::new(stream);
    loop {
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        let n = {
            let mut all = recorded.lock().expect("lock");
            all.push(request.clone());
            all.len() - 1
        };
        match script(n, &request) {
            Reply::Answer(status, content_type, body) => {
                let head = format!(
                    "HTTP/1.1 {status} Scripted\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                if writer.write_all(head.as_bytes()).is_err()
                    || writer.write_all(body.as_bytes()).is_err()
                {
                    return;
                }
            }
            Reply::Raw(bytes) => {
                if writer.write_all(bytes.as_bytes()).is_err() {
                    return;
                }
            }
            Reply::Silence(time) => {
                std::thread::sleep(time);
                return;
            }
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut request = Request {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    if request
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            request.body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = request.header("content-length") {
        let mut body = vec![0; length.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
        request.body = body;
    }
    Some(request)
}

/// The committed N-Triples export: what `publish` sends, in the same order.
fn graph_nt() -> Vec<u8> {
    std::fs::read(root().join("output/graph.nt")).expect("output/graph.nt")
}

fn lines(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').count() - 1
}

/// A port nothing listens on: bound, then let go.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

/// `sahel-kg query --endpoint URL OPTIONS --sparql QUERY`, run in the repository.
fn query_on(url: &str, options: &[&str], sparql: &str) -> common::Run {
    let mut args = vec!["query", "--endpoint", url];
    args.extend_from_slice(options);
    args.extend(["--sparql", sparql]);
    run_in(&root(), &args)
}

/// A query whose text does not matter: the fake endpoint answers it from its script.
const ANY_QUERY: &str = "SELECT ?x WHERE { ?x ?y ?z } ORDER BY ?x";

/// `query_on` a fake endpoint that gives every request `reply` must exit 2, print nothing on
/// stdout and print on stderr `error: --sparql: could not query URL: REASON`.
fn query_fails_with(reply: Reply, options: &[&str], reason: &str) {
    let fake = Fake::start(move |_, _| reply.clone());
    let url = fake.url("/sparql");
    let run = query_on(&url, options, ANY_QUERY);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!("error: --sparql: could not query {url}: {reason}\n")
    );
}

#[test]
fn publish_sends_a_put_then_posts_of_n_triples_with_a_content_length() {
    let fake = Fake::start(|n, _| {
        Reply::Answer(if n == 0 { 201 } else { 204 }, "text/plain", String::new())
    });
    let url = fake.url("/store");
    let run = run_in(
        &root(),
        &[
            "publish",
            "--endpoint",
            &url,
            "--graph",
            "urn:test:g",
            "--batch",
            "1000",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let expected = graph_nt();
    let total = lines(&expected);
    let batches = total.div_ceil(1000);
    assert_eq!(
        run.stdout,
        format!("{url}: published {total} triples in {batches} batches to graph urn:test:g\n")
    );
    let requests = fake.requests();
    let methods: Vec<&str> = requests.iter().map(|r| r.method.as_str()).collect();
    let mut wanted = vec!["PUT"];
    wanted.extend(std::iter::repeat_n("POST", batches - 1));
    assert_eq!(methods, wanted);
    let mut sent = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        assert_eq!(request.target, "/store?graph=urn%3Atest%3Ag");
        assert_eq!(
            request.header("content-type"),
            Some("application/n-triples")
        );
        assert_eq!(
            request.header("content-length"),
            Some(request.body.len().to_string().as_str()),
            "request {i} must carry a Content-Length: Virtuoso reads a chunked body as empty"
        );
        assert_eq!(request.header("transfer-encoding"), None);
        let n = lines(&request.body);
        assert_eq!(
            n,
            if i + 1 < batches {
                1000
            } else {
                total - 1000 * (batches - 1)
            }
        );
        sent.extend_from_slice(&request.body);
    }
    assert_eq!(
        String::from_utf8(sent).expect("UTF-8"),
        String::from_utf8(expected).expect("UTF-8"),
        "the batches together are graph.nt"
    );
}

#[test]
fn publish_without_a_graph_replaces_the_default_graph_in_one_request() {
    let fake = Fake::start(|_, _| Reply::Answer(204, "text/plain", String::new()));
    let url = fake.url("/store");
    let run = run_in(&root(), &["publish", "--endpoint", &url]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let total = lines(&graph_nt());
    assert_eq!(
        run.stdout,
        format!("{url}: published {total} triples in 1 batch to the default graph\n")
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].target, "/store?default");
}

#[test]
fn publish_on_a_terminal_shows_its_stages_then_the_same_summary() {
    let fake = Fake::start(|_, _| Reply::Answer(204, "text/plain", String::new()));
    let url = fake.url("/store");
    let args = ["publish", "--endpoint", &url, "--batch", "1000"];
    let piped = run_in(&root(), &args);
    assert_eq!(piped.code, Some(0), "{}", piped.stderr);
    let screen = terminal::run_on_terminal(&root(), &args, terminal::On::Both);
    assert_eq!(screen.code, Some(0), "{}", screen.terminal);
    terminal::assert_stages_drawn_and_cleared(
        &screen,
        &["read + validate", "name and order", "map, publish ["],
    );
    assert_eq!(screen.after_progress(), piped.stdout);
}

#[test]
fn publishing_to_a_closed_port_exits_2_naming_the_endpoint() {
    let url = format!("http://127.0.0.1:{}/store", closed_port());
    let run = run_in(&root(), &["publish", "--endpoint", &url]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with(&format!("error: could not publish to {url}: ")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("connection refused"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn a_refused_upload_exits_2_with_the_status_and_the_first_lines_of_the_answer() {
    let fake = Fake::start(|_, _| {
        Reply::Answer(
            403,
            "text/html",
            "<html><body><h1>Forbidden</h1>\n<p>Permission denied for delete</p>\n</body></html>\n"
                .to_owned(),
        )
    });
    let url = fake.url("/sparql-graph-crud");
    let run = run_in(
        &root(),
        &["publish", "--endpoint", &url, "--graph", "urn:g"],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    let total = lines(&graph_nt());
    assert_eq!(
        run.stderr,
        format!(
            "error: could not publish to {url}: batch 1 (PUT, triples 1 to {total}) not accepted; the target graph is as it was: HTTP 403 Forbidden: Forbidden | Permission denied for delete\n"
        )
    );
}

#[test]
fn a_failure_half_way_says_what_the_graph_holds_and_that_a_rerun_replaces_it() {
    let fake = Fake::start(|n, _| {
        if n < 2 {
            Reply::Answer(204, "text/plain", String::new())
        } else {
            Reply::Answer(500, "text/plain", "disk full\n".to_owned())
        }
    });
    let url = fake.url("/store");
    let run = run_in(&root(), &["publish", "--endpoint", &url, "--batch", "1000"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        format!(
            "error: could not publish to {url}: batch 3 (POST, triples 2001 to 3000) not accepted; the target graph now holds only the first 2000 triples: publish again to replace them: HTTP 500 Internal Server Error: disk full\n"
        )
    );
}

#[test]
fn a_store_that_does_not_answer_times_out_with_exit_2() {
    let fake = Fake::start(|_, _| Reply::Silence(Duration::from_secs(20)));
    let url = fake.url("/store");
    // No clock here: the store stays silent for 20 s, then hangs up, which would be another
    // error, so the message alone shows that the 1 s timeout fired.
    let run = run_in(&root(), &["publish", "--endpoint", &url, "--timeout", "1"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with(&format!("error: could not publish to {url}: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(&format!(
            "no answer from 127.0.0.1:{} within 1 s (--timeout)\n",
            fake.port
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn an_endpoint_that_is_not_http_is_an_error_with_exit_2() {
    let run = run_in(
        &root(),
        &["publish", "--endpoint", "ftp://example.org/store"],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: --endpoint ftp://example.org/store: not an http:// or https:// URL\n"
    );
    let run = run_in(
        &root(),
        &[
            "publish",
            "--endpoint",
            "http://127.0.0.1:1/store",
            "--graph",
            "not an iri",
        ],
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("error: --graph not an iri: not an absolute IRI"),
        "{}",
        run.stderr
    );
}

/// A store that refuses every request without an `Authorization` header, asking with these
/// `WWW-Authenticate` headers, and accepts every other.
fn store_asking_for(challenges: &[&str]) -> Fake {
    let refusal = format!(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: {}\r\nContent-Length: 0\r\n\r\n",
        challenges.join("\r\nWWW-Authenticate: ")
    );
    Fake::start(move |_, request| match request.header("authorization") {
        Some(_) => Reply::Answer(201, "text/plain", String::new()),
        None => Reply::Raw(refusal.clone()),
    })
}

/// The parameters of an `Authorization: Digest ...` header, unquoted (the tests' values hold
/// no comma nor quote).
fn digest_params(header: &str) -> BTreeMap<&str, &str> {
    header
        .strip_prefix("Digest ")
        .unwrap_or_else(|| panic!("not a Digest answer: {header}"))
        .split(", ")
        .map(|param| {
            let (key, value) = param.split_once('=').expect("key=value");
            (key, value.trim_matches('"'))
        })
        .collect()
}

/// The `response` a store expects from a Digest answer to `request` with `qop=auth` for the
/// password `secret` (RFC 7616, section 3.4.1): computed from the request's own method and
/// target, and the answer's realm, nonce, nonce count and client nonce.
fn digest_response(
    request: &Request,
    params: &BTreeMap<&str, &str>,
    hash: fn(&str) -> String,
) -> String {
    let ha1 = hash(&format!(
        "{}:{}:secret",
        params["username"], params["realm"]
    ));
    let ha2 = hash(&format!("{}:{}", request.method, request.target));
    hash(&format!(
        "{ha1}:{}:{}:{}:auth:{ha2}",
        params["nonce"], params["nc"], params["cnonce"]
    ))
}

fn md5_hex(text: &str) -> String {
    sahel_kg::digest::hex(&<md5::Md5 as md5::Digest>::digest(text.as_bytes()))
}

fn sha256_hex(text: &str) -> String {
    sahel_kg::digest::hex(&<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()))
}

/// `sahel-kg publish ARGS` from the repository, with the password `secret`; must succeed.
fn publish_with_password(args: &[&str]) {
    let mut cmd = assert_cmd::Command::cargo_bin("sahel-kg").expect("binary");
    let output = cmd
        .current_dir(root())
        .env("SAHEL_KG_PASSWORD", "secret")
        .arg("publish")
        .args(args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("secret"));
}

#[test]
fn a_user_answers_the_stores_digest_challenge() {
    let fake = store_asking_for(&[
        r#"Digest realm="SPARQL", nonce="abc", opaque="xyz", qop="auth", algorithm="MD5""#,
    ]);
    let url = fake.url("/sparql-graph-crud-auth");
    publish_with_password(&[
        "--endpoint",
        &url,
        "--graph",
        "urn:g",
        "--user",
        "dba",
        "--batch",
        "2000",
    ]);
    let requests = fake.requests();
    // An empty POST learns the challenge, answered at once; then PUT and POST, authorized.
    let summary: Vec<(String, bool, usize)> = requests
        .iter()
        .map(|r| {
            (
                r.method.clone(),
                r.header("authorization").is_some(),
                r.body.len(),
            )
        })
        .collect();
    assert_eq!(summary[0], ("POST".to_owned(), false, 0));
    assert_eq!(summary[1], ("POST".to_owned(), true, 0));
    assert_eq!(summary[2].0, "PUT");
    assert_eq!(summary[3].0, "POST");
    assert!(
        summary[2..].iter().all(|(_, authorized, _)| *authorized),
        "{summary:?}"
    );
    let counts: Vec<&str> = requests[1..]
        .iter()
        .map(|r| {
            let header = r.header("authorization").expect("authorized");
            let params = digest_params(header);
            assert_eq!(
                [
                    params["username"],
                    params["realm"],
                    params["nonce"],
                    params["uri"],
                    params["opaque"],
                    params["qop"],
                    params["algorithm"]
                ],
                [
                    "dba",
                    "SPARQL",
                    "abc",
                    "/sparql-graph-crud-auth?graph=urn%3Ag",
                    "xyz",
                    "auth",
                    "MD5"
                ],
                "{header}"
            );
            assert_eq!(
                params["response"],
                digest_response(r, &params, md5_hex),
                "{header}"
            );
            params["nc"]
        })
        .collect();
    assert_eq!(counts, ["00000001", "00000002", "00000003"]);
}

#[test]
fn a_user_answers_a_sha_256_digest_challenge() {
    let fake =
        store_asking_for(&[r#"Digest realm="SPARQL", nonce="abc", qop="auth", algorithm=SHA-256"#]);
    let url = fake.url("/sparql-graph-crud-auth");
    publish_with_password(&["--endpoint", &url, "--user", "dba"]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 3, "{requests:?}");
    for r in &requests[1..] {
        let header = r.header("authorization").expect("authorized");
        let params = digest_params(header);
        assert_eq!(params["algorithm"], "SHA-256", "{header}");
        assert_eq!(
            params["response"],
            digest_response(r, &params, sha256_hex),
            "{header}"
        );
    }
}

#[test]
fn a_user_answers_a_basic_challenge_on_this_machine() {
    let fake = store_asking_for(&[r#"Basic realm="Fuseki""#]);
    let url = fake.url("/ds/data");
    publish_with_password(&["--endpoint", &url, "--user", "admin"]);
    let requests = fake.requests();
    let summary: Vec<(String, Option<&str>)> = requests
        .iter()
        .map(|r| (r.method.clone(), r.header("authorization")))
        .collect();
    // base64 of `admin:secret`
    let basic = Some("Basic YWRtaW46c2VjcmV0");
    assert_eq!(
        summary,
        [
            ("POST".to_owned(), None),
            ("POST".to_owned(), basic),
            ("PUT".to_owned(), basic)
        ]
    );
}

#[test]
fn a_store_that_offers_digest_and_basic_gets_digest() {
    let fake = store_asking_for(&[r#"Basic realm="x""#, r#"Digest realm="x", nonce="n""#]);
    let url = fake.url("/ds/data");
    publish_with_password(&["--endpoint", &url, "--user", "admin"]);
    let requests = fake.requests();
    assert!(requests.len() >= 2);
    for r in &requests[1..] {
        let header = r.header("authorization").expect("authorized");
        assert!(header.starts_with("Digest username=\"admin\""), "{header}");
    }
}

#[test]
fn a_query_on_an_endpoint_gives_back_the_same_terms() {
    let results = r#"{ "head": { "vars": ["s", "label", "n", "none"] },
  "results": { "bindings": [
    { "s": { "type": "uri", "value": "https://w3id.org/sahel-kg/id/mali" },
      "label": { "type": "literal", "xml:lang": "fr", "value": "Mali" },
      "n": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3" } } ] } }"#;
    let fake = Fake::start(move |_, _| {
        Reply::Answer(
            200,
            "application/sparql-results+json; charset=UTF-8",
            results.to_owned(),
        )
    });
    let url = fake.url("/sparql");
    let query = "SELECT ?s ?label ?n ?none WHERE { ?s skos:prefLabel ?label } ORDER BY ?s";
    let run = query_on(&url, &["--graph", "urn:g", "--format", "tsv"], query);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "?s\t?label\t?n\t?none\n<https://w3id.org/sahel-kg/id/mali>\t\"Mali\"@fr\t3\t\n"
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/sparql");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        request
            .header("accept")
            .is_some_and(|a| a.starts_with("application/sparql-results+json")),
        "{request:?}"
    );
    let body = String::from_utf8(request.body.clone()).expect("UTF-8");
    assert!(body.starts_with("query=PREFIX%20skg%3A%20"), "{body}");
    assert!(body.ends_with("&default-graph-uri=urn%3Ag"), "{body}");
}

#[test]
fn a_query_the_endpoint_refuses_is_a_problem_with_exit_1() {
    let fake = Fake::start(|_, _| {
        Reply::Answer(
            400,
            "text/plain",
            "Virtuoso 37000 Error SP030: SPARQL compiler\n".to_owned(),
        )
    });
    let url = fake.url("/sparql");
    let run = query_on(&url, &[], ANY_QUERY);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "--sparql: the endpoint refused the query: HTTP 400 Bad Request: Virtuoso 37000 Error SP030: SPARQL compiler\n1 problem found; nothing was written\n"
    );
}

#[test]
fn export_on_an_unreachable_endpoint_exits_2_and_writes_nothing() {
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out");
    let url = format!("http://127.0.0.1:{}/query", closed_port());
    let run = run_in(
        &root(),
        &[
            "export",
            "--endpoint",
            &url,
            "--out",
            out.to_str().expect("UTF-8 path"),
        ],
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.starts_with("error: queries/"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "could not query {url}: could not connect to 127.0.0.1:"
        )),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

#[test]
fn rows_cut_at_the_stores_limit_are_an_error_not_a_short_report() {
    let body = r#"{ "head": { "vars": ["x"] }, "results": { "bindings": [
    { "x": { "type": "literal", "value": "a" } }, { "x": { "type": "literal", "value": "b" } } ] } }"#;
    query_fails_with(
        Reply::Raw(format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nX-SPARQL-MaxRows: 2\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )),
        &[],
        "the endpoint stopped at its limit of 2 rows, so the report would be incomplete: raise the limit (Virtuoso: ResultSetMaxRows in [SPARQL] of virtuoso.ini)",
    );
}

/// SPARQL JSON results of `rows` rows of one column: about 50 bytes a row.
fn many_rows(rows: usize) -> String {
    let bindings: Vec<String> = (0..rows)
        .map(|i| format!(r#"{{ "x": {{ "type": "literal", "value": "row {i}" }} }}"#))
        .collect();
    format!(
        r#"{{ "head": {{ "vars": ["x"] }}, "results": {{ "bindings": [{}] }} }}"#,
        bindings.join(", ")
    )
}

#[test]
fn an_answer_larger_than_max_answer_size_is_refused_before_it_is_read() {
    query_fails_with(
        Reply::Answer(200, "application/sparql-results+json", many_rows(200)),
        &["--max-answer-size", "1000"],
        "the answer is larger than --max-answer-size 1000 bytes, more than this run will hold in memory: make the query select less, or raise --max-answer-size",
    );
}

#[test]
fn export_stops_at_an_answer_larger_than_max_answer_size_naming_the_query_and_writes_nothing() {
    // Chunked: the size is known only once the answer is read past the cap.
    let body = many_rows(200);
    let fake = Fake::start(move |_, _| {
        Reply::Raw(format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
            body.len()
        ))
    });
    let url = fake.url("/sparql");
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out");
    let run = run_in(
        &root(),
        &[
            "export",
            "--endpoint",
            &url,
            "--max-answer-size",
            "1000",
            "--out",
            out.to_str().expect("UTF-8 path"),
        ],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        format!(
            "error: queries/actors.rq: could not query {url}: the answer is larger than --max-answer-size 1000 bytes, more than this run will hold in memory: make the query select less, or raise --max-answer-size\n"
        )
    );
    assert!(!out.exists());
}

#[test]
fn an_endpoint_port_past_65535_is_refused_before_any_request() {
    let run = query_on("http://127.0.0.1:99999/sparql", &[], ANY_QUERY);
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: --endpoint http://127.0.0.1:99999/sparql: port 99999 is not a TCP port (1 to 65535)\n"
    );
}

#[test]
fn an_error_page_with_escape_sequences_is_printed_escaped_with_exit_2() {
    query_fails_with(
        Reply::Answer(
            500,
            "text/html",
            "<html>\u{1b}[2J\u{1b}[31mboom\u{202e}</html>\n".to_owned(),
        ),
        &[],
        "HTTP 500 Internal Server Error: \\u{1b}[2J\\u{1b}[31mboom\\u{202e}",
    );
}

#[test]
fn results_holding_a_nul_byte_are_refused_with_the_byte_escaped() {
    query_fails_with(
        Reply::Answer(
            200,
            "application/sparql-results+json",
            "\u{0}\u{1b}[2J{\"head\":".to_owned(),
        ),
        &[],
        "the endpoint's results are not valid SPARQL results: Parser error at line 1 column 1: Unexpected char: '\\u{0}'",
    );
}
