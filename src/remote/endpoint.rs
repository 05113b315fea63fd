//! A remote triple store over HTTP: publish the graph to it, run the stored queries on it.
//!
//! In: a `config::Remote` (the endpoint's URL, an optional graph IRI, a timeout, an optional
//! user whose password is in `SAHEL_KG_PASSWORD`), then triples to upload or SPARQL SELECT
//! queries to run. Out: for `publish`, the graph in the store, sent as N-Triples through the
//! SPARQL 1.1 Graph Store HTTP Protocol in batches, the first with PUT (which replaces the
//! target graph) and the others with POST (which add to it), so a rerun leaves exactly one
//! copy; for a query, its rows as the same `Term`s the embedded store gives (SPARQL 1.1
//! Protocol, form-encoded POST, results in the W3C JSON, XML or TSV format parsed by
//! sparesults), so the reports are written by the same code. Each batch is held in memory
//! (about 15 MB per 100,000 triples) and sent with a `Content-Length`: Virtuoso 7.2 reads a
//! chunked request body as empty and still answers 201. Errors are one line each: the host
//! that cannot be reached, the request that timed out, the HTTP status and the first lines of
//! what a store said when it refused, an answer larger than `--max-answer-size`. What this does not do: retry, resume a half-finished
//! upload (a rerun replaces the graph instead), create a store or grant permissions in it, or
//! check that the store holds the graph the local annotations describe. With a user, it
//! answers the store's HTTP Digest challenge (MD5 or SHA-256, by http-auth), or Basic over
//! https or to this machine only.

use std::io::Read;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, bail};
use http_auth::{PasswordClient, PasswordParams};
use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, TripleRef};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParseError, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use ureq::http::{self, Method, StatusCode, Uri};

use crate::answer::Answer;
use crate::config::{PASSWORD_VARIABLE, Remote};

/// The media type of the batches.
pub(crate) const N_TRIPLES: &str = "application/n-triples";
/// What a query asks for: JSON results first, which every engine tested writes.
const ACCEPT_RESULTS: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8";
/// How much of a refusal's body is read to explain it.
const REFUSAL_BYTES: u64 = 64 * 1024;

/// A connection to one endpoint (the HTTP agent keeps connections alive between requests).
pub struct Client {
    agent: ureq::Agent,
    url: String,
    graph: Option<NamedNode>,
    timeout: Duration,
    /// The largest answer read, in bytes.
    max_answer: u64,
    credentials: Option<Credentials>,
    /// How the store asked to be answered: the last Digest challenge (answered again with a
    /// new nonce count on every request), or Basic.
    challenge: Mutex<Option<PasswordClient>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.url)
            .field("graph", &self.graph)
            .field("timeout", &self.timeout)
            .field("max_answer", &self.max_answer)
            .field("user", &self.credentials.as_ref().map(|c| &c.user))
            .finish_non_exhaustive()
    }
}

struct Credentials {
    user: String,
    password: String,
}

/// What an upload did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// Triples sent.
    pub triples: u64,
    /// Requests sent (an empty graph still takes one PUT, which empties the target).
    pub batches: u64,
}

impl Client {
    /// Checks the URL, the graph IRI and the credentials, and makes the HTTP agent. Nothing
    /// is sent yet.
    pub fn new(remote: &Remote) -> anyhow::Result<Self> {
        let uri: Uri = remote
            .url
            .parse()
            .with_context(|| format!("--endpoint {}: not a URL", remote.url))?;
        anyhow::ensure!(
            matches!(uri.scheme_str(), Some("http" | "https")) && uri.authority().is_some(),
            "--endpoint {}: not an http:// or https:// URL",
            remote.url
        );
        // `Uri` leaves a port past 65535 unread, and port 0 is none to connect to: either would
        // end in "connection refused", which blames the store.
        let host_port = uri
            .authority()
            .and_then(|a| a.as_str().rsplit('@').next())
            .unwrap_or("");
        if let Some((_, port)) = host_port
            .rsplit_once(':')
            .filter(|(_, port)| !port.is_empty() && !port.contains(']'))
        {
            anyhow::ensure!(
                port.parse::<u16>().is_ok_and(|p| p != 0),
                "--endpoint {}: port {port} is not a TCP port (1 to 65535)",
                remote.url
            );
        }
        let graph = remote
            .graph
            .as_deref()
            .map(|iri| {
                NamedNode::new(iri).map_err(|e| {
                    anyhow::anyhow!(
                        "--graph {iri}: not an absolute IRI ({e}); for example urn:sahel-kg:graph"
                    )
                })
            })
            .transpose()?;
        let credentials = match &remote.user {
            None => None,
            Some(user) => Some(Credentials {
                user: user.clone(),
                password: std::env::var(PASSWORD_VARIABLE).map_err(|_| {
                    anyhow::anyhow!(
                        "--user {user}: set the password in the environment variable {PASSWORD_VARIABLE}"
                    )
                })?,
            }),
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(remote.timeout))
            .user_agent(concat!("sahel-kg/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Self {
            agent,
            url: remote.url.clone(),
            graph,
            timeout: remote.timeout,
            max_answer: remote.max_answer,
            credentials,
            challenge: Mutex::new(None),
        })
    }

    /// The endpoint's URL, as given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The target graph, in words: `graph <IRI>` or `the default graph`.
    pub fn graph_description(&self) -> String {
        self.graph.as_ref().map_or_else(
            || "the default graph".to_owned(),
            |g| format!("graph {}", g.as_str()),
        )
    }

    /// The Graph Store Protocol URL of the target graph: `?graph=IRI` or `?default`.
    fn graph_store_url(&self) -> String {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        match &self.graph {
            Some(graph) => format!(
                "{}{separator}graph={}",
                self.url,
                percent_encode(graph.as_str())
            ),
            None => format!("{}{separator}default", self.url),
        }
    }

    /// Starts an upload of `batch` triples per request.
    pub fn uploader(&self, batch: usize) -> Uploader<'_> {
        Uploader {
            client: self,
            target: self.graph_store_url(),
            batch: batch.max(1),
            writer: None,
            in_batch: 0,
            published: Published {
                triples: 0,
                batches: 0,
            },
        }
    }

    /// Runs one SELECT query. `Ok(Err(message))` is a query the endpoint refused (HTTP 400)
    /// or answered with something other than rows: a problem with that query. `Err` is
    /// anything else: the endpoint cannot be reached, timed out, refused access, or sent
    /// something that is not SPARQL results.
    pub fn select(&self, text: &str) -> anyhow::Result<Result<Answer, String>> {
        let mut form = format!("query={}", percent_encode(text));
        if let Some(graph) = &self.graph {
            form.push_str("&default-graph-uri=");
            form.push_str(&percent_encode(graph.as_str()));
        }
        let response = self.send(
            &Method::POST,
            &self.url,
            "application/x-www-form-urlencoded",
            Some(ACCEPT_RESULTS),
            form.as_bytes(),
        )?;
        let status = response.status();
        if status == StatusCode::BAD_REQUEST {
            return Ok(Err(format!(
                "the endpoint refused the query: {}",
                refusal(response)
            )));
        }
        if !status.is_success() {
            bail!("{}", self.refused_access(response));
        }
        let (format, max_rows) = self.results_format(&response)?;
        let over = std::rc::Rc::new(std::cell::Cell::new(false));
        let reader = Capped {
            inner: response.into_body().into_reader(),
            left: self.max_answer,
            over: std::rc::Rc::clone(&over),
        };
        // The parsers wrap a reader's error each their own way: whether the cap was hit is
        // asked of the reader itself.
        let results_error = |e| {
            if over.get() {
                anyhow::anyhow!(self.too_large())
            } else {
                self.results_error(e)
            }
        };
        let parsed = QueryResultsParser::from_format(format)
            .for_reader(reader)
            .map_err(results_error)?;
        let ReaderQueryResultsParserOutput::Solutions(solutions) = parsed else {
            return Ok(Err(
                "not a SELECT query: only SELECT results can be shown as rows".to_owned(),
            ));
        };
        let columns = solutions
            .variables()
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect();
        let mut answer = Answer::new(columns);
        for solution in solutions {
            let solution = solution.map_err(results_error)?;
            answer.push_row(solution.values());
        }
        if let Some(limit) = max_rows.filter(|limit| answer.len() >= *limit) {
            bail!(
                "the endpoint stopped at its limit of {limit} rows, so the report would be incomplete: raise the limit (Virtuoso: ResultSetMaxRows in [SPARQL] of virtuoso.ini)"
            );
        }
        Ok(Ok(answer))
    }

    /// The format of an answer's rows, from its `Content-Type`, and the row limit the endpoint
    /// says it stopped at, if any; an answer that is incomplete, not SPARQL results or larger
    /// than `--max-answer-size` (by its `Content-Length`) is refused before it is read.
    fn results_format(
        &self,
        response: &http::Response<ureq::Body>,
    ) -> anyhow::Result<(QueryResultsFormat, Option<usize>)> {
        // Virtuoso answers 200 with only part of the rows in two cases, and says so only in a
        // header: at its row limit, and when an "anytime" query ran out of time.
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let max_rows: Option<usize> =
            header("x-sparql-maxrows").and_then(|v| v.trim().parse().ok());
        if let Some(state) = header("x-sql-state") {
            bail!(
                "the endpoint sent incomplete results ({state}: {}): raise its time limit (Virtuoso: MaxQueryExecutionTime in [SPARQL] of virtuoso.ini) or use --timeout",
                header("x-sql-message").unwrap_or_default()
            );
        }
        let media_type = header(http::header::CONTENT_TYPE.as_str())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let format = match media_type.as_str() {
            "application/sparql-results+json" | "application/json" => QueryResultsFormat::Json,
            "application/sparql-results+xml" | "application/xml" => QueryResultsFormat::Xml,
            "text/tab-separated-values" => QueryResultsFormat::Tsv,
            other => bail!(
                "the endpoint answered with `{other}`, not SPARQL results: is it a SPARQL query endpoint (Oxigraph server's /query, Virtuoso's /sparql)?"
            ),
        };
        let announced = header(http::header::CONTENT_LENGTH.as_str())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if announced.is_some_and(|length| length > self.max_answer) {
            bail!("{}", self.too_large());
        }
        Ok((format, max_rows))
    }

    fn too_large(&self) -> String {
        format!(
            "the answer is larger than --max-answer-size {} bytes, more than this run will hold in memory: make the query select less, or raise --max-answer-size",
            self.max_answer
        )
    }

    fn results_error(&self, error: QueryResultsParseError) -> anyhow::Error {
        match error {
            QueryResultsParseError::Io(io) => self.describe(ureq::Error::from(io)),
            QueryResultsParseError::Syntax(e) => {
                anyhow::anyhow!("the endpoint's results are not valid SPARQL results: {e}")
            }
        }
    }

    /// Sends one request with a body held in memory (so with a `Content-Length`), answering the
    /// store's challenge (Digest, or Basic where `basic_is_safe`) when credentials are given.
    fn send(
        &self,
        method: &Method,
        url: &str,
        content_type: &str,
        accept: Option<&str>,
        body: &[u8],
    ) -> anyhow::Result<http::Response<ureq::Body>> {
        let mut retried = false;
        loop {
            let mut request = http::Request::builder()
                .method(method.clone())
                .uri(url)
                .header(http::header::CONTENT_TYPE, content_type);
            if let Some(accept) = accept {
                request = request.header(http::header::ACCEPT, accept);
            }
            if let Some(authorization) = self.authorization(method, url)? {
                request = request.header(http::header::AUTHORIZATION, authorization);
            }
            let request = request
                .body(body)
                .with_context(|| format!("could not make a request to {url}"))?;
            let response = self.agent.run(request).map_err(|e| self.describe(e))?;
            if response.status() == StatusCode::UNAUTHORIZED
                && !retried
                && self.credentials.is_some()
            {
                // http-auth takes Digest first when a store offers both: it never sends the
                // password.
                let offered = PasswordClient::try_from(
                    response.headers().get_all(http::header::WWW_AUTHENTICATE),
                );
                let challenge = match offered {
                    Ok(PasswordClient::Basic(_)) if !basic_is_safe(url)? => bail!(
                        "the endpoint asks for HTTP Basic authentication, which would send the password readable by anyone on the way over plain http: use an https:// URL (Basic goes over http only to this machine: localhost, 127.0.0.1, [::1])"
                    ),
                    Ok(client) => client,
                    Err(reason) => bail!(
                        "the endpoint asks for a kind of authentication sahel-kg does not speak (it answers HTTP Digest and Basic challenges; {reason}): {}",
                        refusal(response)
                    ),
                };
                *self
                    .challenge
                    .lock()
                    .map_err(|_| anyhow::anyhow!("a request thread crashed"))? = Some(challenge);
                retried = true;
                continue;
            }
            return Ok(response);
        }
    }

    /// The `Authorization` header for the next request, when a challenge has been received.
    fn authorization(&self, method: &Method, url: &str) -> anyhow::Result<Option<String>> {
        let mut challenge = self
            .challenge
            .lock()
            .map_err(|_| anyhow::anyhow!("a request thread crashed"))?;
        let (Some(credentials), Some(client)) = (&self.credentials, challenge.as_mut()) else {
            return Ok(None);
        };
        let uri: Uri = url.parse().with_context(|| format!("not a URL: {url}"))?;
        let target = uri
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str);
        // No body: Digest answers with `qop=auth`, as Virtuoso asks, not `auth-int`.
        let params = PasswordParams {
            username: &credentials.user,
            password: &credentials.password,
            uri: target,
            method: method.as_str(),
            body: None,
        };
        client
            .respond(&params)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("could not answer the endpoint's challenge: {e}"))
    }

    /// The error for a request that got no HTTP answer, in words.
    fn describe(&self, error: ureq::Error) -> anyhow::Error {
        let host = self
            .url
            .parse::<Uri>()
            .ok()
            .and_then(|u| u.authority().map(ToString::to_string))
            .unwrap_or_else(|| self.url.clone());
        match error {
            ureq::Error::Timeout(_) => anyhow::anyhow!(
                "no answer from {host} within {} s (--timeout)",
                self.timeout.as_secs()
            ),
            ureq::Error::HostNotFound => {
                anyhow::anyhow!("could not find the host of {host} (DNS): check the URL")
            }
            ureq::Error::ConnectionFailed => {
                anyhow::anyhow!("could not connect to {host}: is the store running?")
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => anyhow::anyhow!(
                    "could not connect to {host}: connection refused (is the store running, on that port?)"
                ),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    anyhow::anyhow!(
                        "no answer from {host} within {} s (--timeout)",
                        self.timeout.as_secs()
                    )
                }
                _ => anyhow::anyhow!("could not reach {host}: {io}"),
            },
            other => anyhow::anyhow!("the request to {host} failed: {other}"),
        }
    }

    /// A refusal other than a bad query: no access, no such endpoint, a server error.
    fn refused_access(&self, response: http::Response<ureq::Body>) -> String {
        let status = response.status();
        let hint = match status {
            StatusCode::UNAUTHORIZED if self.credentials.is_none() => {
                " (the endpoint wants a user: --user NAME, with the password in SAHEL_KG_PASSWORD)"
            }
            StatusCode::UNAUTHORIZED => " (wrong user or password?)",
            StatusCode::NOT_FOUND
            | StatusCode::METHOD_NOT_ALLOWED
            | StatusCode::NOT_ACCEPTABLE
            | StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                " (is this the right URL? publish takes a Graph Store endpoint such as Oxigraph's /store or Virtuoso's /sparql-graph-crud; export and query take a SPARQL endpoint such as /query or /sparql)"
            }
            _ => "",
        };
        format!("{}{hint}", refusal(response))
    }
}

/// An answer's body, read up to a number of bytes; one more fails the read and sets `over`.
struct Capped<R> {
    inner: R,
    left: u64,
    over: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // One byte past the cap tells an answer of exactly the cap from a larger one.
        let room = usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX);
        let len = buf.len().min(room);
        let n = self.inner.read(&mut buf[..len])?;
        if n as u64 > self.left {
            self.over.set(true);
            return Err(std::io::Error::other(
                "the answer is larger than --max-answer-size",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Sends triples in batches: `add` them one at a time (from a sorted `Vec`, a stream, any
/// producer), then `finish`. Memory holds one batch at a time.
pub struct Uploader<'c> {
    client: &'c Client,
    target: String,
    batch: usize,
    writer: Option<WriterQuadSerializer<Vec<u8>>>,
    in_batch: usize,
    published: Published,
}

impl std::fmt::Debug for Uploader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Uploader")
            .field("target", &self.target)
            .field("batch", &self.batch)
            .field("in_batch", &self.in_batch)
            .field("published", &self.published)
            .finish_non_exhaustive()
    }
}

impl Uploader<'_> {
    /// Adds one triple; sends the batch when it is full.
    pub fn add(&mut self, triple: TripleRef<'_>) -> anyhow::Result<()> {
        let writer = self.writer.get_or_insert_with(|| {
            RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new())
        });
        writer
            .serialize_quad(triple.in_graph(GraphNameRef::DefaultGraph))
            .context("could not write N-Triples")?;
        self.in_batch += 1;
        if self.in_batch >= self.batch {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends what is left and says what was sent. An empty graph is sent as one empty PUT,
    /// which empties the target graph: the store then holds exactly what was published.
    pub fn finish(mut self) -> anyhow::Result<Published> {
        if self.in_batch > 0 || self.published.batches == 0 {
            self.flush()?;
        }
        Ok(self.published)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        let body = match self.writer.take() {
            Some(writer) => writer.finish().context("could not write N-Triples")?,
            None => Vec::new(),
        };
        let first = self.published.batches == 0;
        let method = if first { Method::PUT } else { Method::POST };
        let from = self.published.triples + 1;
        let to = self.published.triples + self.in_batch as u64;
        let what = format!(
            "batch {} ({method}, triples {from} to {to})",
            self.published.batches + 1
        );
        let client = self.client;
        if first
            && client.credentials.is_some()
            && client.challenge.lock().map_or(true, |c| c.is_none())
        {
            // Learn the challenge with an empty POST (it adds nothing), so the first
            // batch is not sent once for nothing, nor cut off by a server that closes the
            // connection when it refuses.
            let response = client.send(&Method::POST, &self.target, N_TRIPLES, None, &[])?;
            if !response.status().is_success() {
                bail!("{}", client.refused_access(response));
            }
        }
        let response = client
            .send(&method, &self.target, N_TRIPLES, None, &body)
            .with_context(|| self.partial(&what))?;
        if !response.status().is_success() {
            let message = client.refused_access(response);
            return Err(anyhow::anyhow!("{message}")).with_context(|| self.partial(&what));
        }
        self.published.batches += 1;
        self.published.triples = to;
        self.in_batch = 0;
        Ok(())
    }

    /// Names a failed batch and what the store holds after it.
    fn partial(&self, what: &str) -> String {
        if self.published.batches == 0 {
            format!("{what} not accepted; the target graph is as it was")
        } else {
            format!(
                "{what} not accepted; the target graph now holds only the first {} triples: publish again to replace them",
                self.published.triples
            )
        }
    }
}

/// `HTTP 403 Forbidden: ` and the first lines of the body, as one line of text.
fn refusal(response: http::Response<ureq::Body>) -> String {
    let status = response.status();
    let location = response
        .headers()
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(|l| format!(" (redirected to {l})"))
        .unwrap_or_default();
    let mut body = Vec::new();
    // A body that cannot be read still leaves the status to report.
    let _ = response
        .into_body()
        .into_reader()
        .take(REFUSAL_BYTES)
        .read_to_end(&mut body);
    let text = first_lines(&String::from_utf8_lossy(&body), 4, 300);
    let reason = status.canonical_reason().unwrap_or("");
    if text.is_empty() {
        format!("HTTP {} {reason}{location}", status.as_u16())
    } else {
        format!("HTTP {} {reason}{location}: {text}", status.as_u16())
    }
}

/// The first `lines` non-empty lines of a text (an HTML page's text without its tags), joined
/// with ` | ` and cut at `chars` characters.
pub(crate) fn first_lines(text: &str, lines: usize, chars: usize) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push('\n');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let plain = plain
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let joined = plain
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .take(lines)
        .collect::<Vec<_>>()
        .join(" | ");
    if joined.chars().count() > chars {
        let cut: String = joined.chars().take(chars).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

/// Everything but RFC 3986's unreserved characters (letters, digits, `-._~`).
const NOT_UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything but RFC 3986's unreserved characters: safe in a URL's query
/// and in an `application/x-www-form-urlencoded` body.
pub(crate) fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// Whether a password may go to `url` readable: over https, or to this machine. Basic (RFC
/// 7617, which Apache Jena Fuseki and GraphDB ask for) sends the user and password in every
/// request, encoded but not hidden.
fn basic_is_safe(url: &str) -> anyhow::Result<bool> {
    let uri: Uri = url.parse().with_context(|| format!("not a URL: {url}"))?;
    let loopback = match uri.host() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    };
    Ok(uri.scheme_str() == Some("https") || loopback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_of_exactly_the_cap_is_read_and_one_byte_more_is_refused() {
        let read = |body: &[u8], cap: u64| {
            let over = std::rc::Rc::new(std::cell::Cell::new(false));
            let mut capped = Capped {
                inner: body,
                left: cap,
                over: std::rc::Rc::clone(&over),
            };
            let mut out = Vec::new();
            (capped.read_to_end(&mut out).map(|_| out), over.get())
        };
        let (exact, over) = read(b"0123456789", 10);
        assert_eq!(exact.unwrap(), b"0123456789");
        assert!(!over);
        let (larger, over) = read(b"0123456789x", 10);
        assert!(larger.is_err());
        assert!(over);
    }

    #[test]
    fn basic_goes_over_https_or_to_this_machine_only() {
        for url in [
            "https://store.example.org/sparql",
            "http://localhost:3030/ds/data",
            "http://127.0.0.1:3030/ds/data",
            "http://127.0.0.2/ds",
            "http://[::1]:3030/ds/data",
        ] {
            assert!(basic_is_safe(url).unwrap(), "{url}");
        }
        for url in [
            "http://store.example.org/sparql",
            "http://10.0.0.1:3030/ds",
            "http://localhost.example.org/ds",
        ] {
            assert!(!basic_is_safe(url).unwrap(), "{url}");
        }
    }

    #[test]
    fn a_refusal_page_becomes_one_line() {
        let page = "<!DOCTYPE HTML>\n<html>\n  <head>\n    <title>SPARQL Graph Protocol request failed</title>\n  </head>\n  <body>\n    <h1>HTTP/1.1 403 Forbidden</h1>\n    <h3>Error 42000</h3>\n<xmp>SQ110:SECURITY: Permission denied for delete from DB.DBA.RDF_QUAD (user ID = 107)</xmp></body></html>";
        assert_eq!(
            first_lines(page, 4, 300),
            "SPARQL Graph Protocol request failed | HTTP/1.1 403 Forbidden | Error 42000 | SQ110:SECURITY: Permission denied for delete from DB.DBA.RDF_QUAD (user ID = 107)"
        );
        assert_eq!(first_lines("a\n\n b  c \nd", 2, 300), "a | b c");
        assert_eq!(first_lines("abcdef", 1, 3), "abc…");
    }

    #[test]
    fn iris_and_queries_are_percent_encoded() {
        assert_eq!(
            percent_encode("urn:sahel-kg:graph"),
            "urn%3Asahel-kg%3Agraph"
        );
        assert_eq!(percent_encode("a b&c=é"), "a%20b%26c%3D%C3%A9");
    }
}
