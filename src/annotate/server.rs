//! The local HTTP server of the annotation pages, and who may talk to it.
//!
//! In: requests from the browser on this machine. Out: the pages and the answers to the
//! page's changes (`actions.rs`). `hyper` parses HTTP; this decides who is served:
//! - it listens on 127.0.0.1 only, never on every interface;
//! - a request whose `Host` is not `127.0.0.1:PORT` or `localhost:PORT` is refused, so a page
//!   of another site whose name was rebound to 127.0.0.1 (DNS rebinding) gets nothing;
//! - every request carries the random token printed with the address: pages in the query
//!   string (`?token=`), changes in the `X-Token` header, which another site's page cannot send
//!   without a preflight this server never answers. Without the token nothing is shown or
//!   changed;
//! - a request body is at most `MAX_BODY` bytes, and a head at most `MAX_HEAD`.
//!
//! Every answer forbids loading anything from elsewhere (`Content-Security-Policy`), caching,
//! framing and sending the address (which holds the token) as a referrer. No client can hold
//! the server: connections are served side by side on one thread, a request's head must arrive
//! within `HEAD_TIMEOUT` and its body within `BODY_TIMEOUT` (else 408), a connection lives at
//! most `CONNECTION_TIME` (then it is closed once its request is answered), and past
//! `MAX_CONNECTIONS` open ones a new connection waits, unread, until one closes. Nothing a client
//! announces is allocated: a body is read in the pieces that arrive, up to its cap. The handling
//! itself (reading the corpus, validating, writing) is synchronous and one request at a time
//! (one analyst, one machine): every write is a rename, so a stop never leaves half a file. The
//! server stops with the process on Ctrl-C. What this does not do: TLS (the traffic never leaves
//! the machine) or accounts (the token is the one key).

use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use http_body_util::{BodyExt as _, Full};
use hyper::body::{Body as _, Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::actions::{self, Refused};
use super::page;
use crate::config::Inputs;

/// The largest request body read, in bytes: a fact's fields are a few hundred.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// The largest request head (request line and headers), in bytes, and the most a connection
/// buffers: a browser's head is a few hundred bytes, a page's address under 1 KiB.
const MAX_HEAD: usize = 64 * 1024;

/// How long a connection may take to send a request's head, from its opening or from the end of
/// the previous answer: an idle connection is closed then.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request's body may take to arrive once its head has: a change is a few hundred
/// bytes, sent at once.
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a connection is kept: then it is closed once its request in flight is answered
/// (a browser opens another), or after `CLOSING_TIME` more if that answer is not taken.
const CONNECTION_TIME: Duration = Duration::from_secs(60);

/// How long a connection past `CONNECTION_TIME` has to finish its request: longer than a body
/// and a save take.
const CLOSING_TIME: Duration = Duration::from_secs(30);

/// The most connections served at once: a browser opens six to a server.
const MAX_CONNECTIONS: usize = 64;

/// The most bytes read and dropped from a refused request's body, so that the client reads its
/// answer (a closed socket with unread input resets the connection, losing the answer).
const MAX_DISCARDED: u64 = 1024 * 1024;

/// How long the rest of a refused request's body is read and dropped, at most.
const LINGER: Duration = Duration::from_secs(2);

/// For tests only: the head and body timeouts in milliseconds, so that a test of a timeout
/// takes a fraction of a second. Not an option: the timeouts above are the server's promise.
const TEST_TIMEOUT_VAR: &str = "SAHEL_KG_ANNOTATE_TEST_TIMEOUT_MS";

/// The header that carries the token with a change.
const X_TOKEN: HeaderName = HeaderName::from_static("x-token");

/// The answer to a request: every one is built whole before it is sent.
type Answer = Response<Full<Bytes>>;

/// The annotation server, bound and with its token.
pub(crate) struct Annotator {
    runtime: tokio::runtime::Runtime,
    listener: TcpListener,
    handler: Arc<Handler>,
}

/// What answers a request; shared by the connections.
struct Handler {
    port: u16,
    token: String,
    inputs: Inputs,
    head_timeout: Duration,
    body_timeout: Duration,
    /// Held while a request is handled: one change at a time keeps each a plain read, check
    /// and rename.
    one_at_a_time: Mutex<()>,
}

impl std::fmt::Debug for Annotator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token stays out of debug output.
        f.debug_struct("Annotator")
            .field("port", &self.handler.port)
            .finish_non_exhaustive()
    }
}

impl Annotator {
    /// Binds 127.0.0.1:`port` (0: a free port) and draws the token.
    pub(crate) fn bind(inputs: Inputs, port: u16) -> anyhow::Result<Self> {
        crate::pipeline::check_seeds_dir(&inputs)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            // Requests are handled one at a time (`Handler::one_at_a_time`): one thread for
            // the handling, one spare for a request waiting its turn.
            .max_blocking_threads(2)
            .build()
            .context("could not start the server's runtime")?;
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .with_context(|| format!("could not listen on 127.0.0.1:{port}"))?;
        let listener = {
            let _inside = runtime.enter();
            TcpListener::from_std(listener)
                .with_context(|| format!("could not listen on 127.0.0.1:{port}"))?
        };
        let port = listener
            .local_addr()
            .context("the server has no IP address")?
            .port();
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("could not draw a random token")?;
        let (head_timeout, body_timeout) = timeouts(std::env::var(TEST_TIMEOUT_VAR).ok());
        let handler = Arc::new(Handler {
            port,
            token: crate::digest::hex(&bytes),
            inputs,
            head_timeout,
            body_timeout,
            one_at_a_time: Mutex::new(()),
        });
        Ok(Self {
            runtime,
            listener,
            handler,
        })
    }

    /// The address to open, token included.
    pub(crate) fn address(&self) -> String {
        format!(
            "http://127.0.0.1:{}/?token={}",
            self.handler.port, self.handler.token
        )
    }

    /// Serves requests until the process is stopped, changes included.
    pub(crate) fn run(&self) {
        self.runtime.block_on(async {
            let mut connections = JoinSet::new();
            loop {
                while connections.try_join_next().is_some() {}
                if connections.len() >= MAX_CONNECTIONS {
                    // New connections wait in the system's queue until one of these closes,
                    // which the timeouts above make a matter of seconds.
                    connections.join_next().await;
                    continue;
                }
                match self.listener.accept().await {
                    Ok((stream, _)) => {
                        connections.spawn(connection(stream, Arc::clone(&self.handler)));
                    }
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // wait a little rather than spin.
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        });
    }
}

/// The head and body timeouts: `HEAD_TIMEOUT` and `BODY_TIMEOUT`, or the milliseconds a test
/// gives in `TEST_TIMEOUT_VAR` when that is shorter and not zero (no request could arrive), so
/// that the variable can never weaken the promise.
fn timeouts(test_ms: Option<String>) -> (Duration, Duration) {
    let test = test_ms
        .and_then(|ms| ms.parse().ok())
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis);
    (
        test.map_or(HEAD_TIMEOUT, |t| t.min(HEAD_TIMEOUT)),
        test.map_or(BODY_TIMEOUT, |t| t.min(BODY_TIMEOUT)),
    )
}

/// Serves one connection's requests, for at most `CONNECTION_TIME` and `CLOSING_TIME`.
async fn connection(stream: TcpStream, handler: Arc<Handler>) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(handler.head_timeout)
        // Both: the buffer's cap alone lets one read that fills its spare room past it be
        // parsed as a head.
        .max_header_size(MAX_HEAD)
        .max_buf_size(MAX_HEAD);
    let service = hyper::service::service_fn(move |request| {
        let handler = Arc::clone(&handler);
        async move { Ok::<_, Infallible>(handler.serve(request).await) }
    });
    let connection = http.serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    if tokio::time::timeout(CONNECTION_TIME, connection.as_mut())
        .await
        .is_err()
    {
        connection.as_mut().graceful_shutdown();
        let _ = tokio::time::timeout(CLOSING_TIME, connection).await;
    }
}

impl Handler {
    /// The answer to one request: who asks is checked here, on the connection's task; what
    /// is asked is answered by `page` and `change`, one request at a time.
    async fn serve(self: Arc<Self>, request: Request<Incoming>) -> Answer {
        let (parts, body) = request.into_parts();
        let host = get(&parts.headers, &header::HOST).unwrap_or_default();
        if !self.host_ok(host) {
            let message = format!(
                "this server answers only to 127.0.0.1:{0} or localhost:{0}, not to `{host}`",
                self.port
            );
            return closing(text(421, &message), body, self.linger());
        }
        let path = parts.uri.path().to_owned();
        let query = parts.uri.query().unwrap_or_default().to_owned();
        match parts.method {
            Method::GET => {
                let answer = self.blocking(move |this| this.page(&path, &query)).await;
                if body.is_end_stream() {
                    answer
                } else {
                    closing(answer, body, self.linger())
                }
            }
            Method::POST => {
                if !get(&parts.headers, &X_TOKEN).is_some_and(|t| same(t, &self.token)) {
                    return closing(
                        refusal(
                            403,
                            "missing or wrong token: reload the page from the address sahel-kg annotate printed",
                        ),
                        body,
                        self.linger(),
                    );
                }
                match self.read_body(body).await {
                    Ok(body) => self.blocking(move |this| this.change(&path, &body)).await,
                    Err(answer) => answer,
                }
            }
            _ => closing(
                text(405, "only GET and POST are answered"),
                body,
                self.linger(),
            ),
        }
    }

    /// The body of a change, read as it arrives, up to `MAX_BODY` bytes and within the body
    /// timeout; or the answer that refuses it.
    async fn read_body(&self, mut body: Incoming) -> Result<Vec<u8>, Answer> {
        let over = format!("request body over {MAX_BODY} bytes");
        if body.size_hint().lower() > MAX_BODY as u64 {
            return Err(closing(refusal(413, &over), body, self.linger()));
        }
        let read = async {
            let mut bytes = Vec::new();
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| {
                    refusal(400, &format!("the request body could not be read: {e}"))
                })?;
                if let Some(data) = frame.data_ref() {
                    if bytes.len() + data.len() > MAX_BODY {
                        return Err(refusal(413, &over));
                    }
                    bytes.extend_from_slice(data);
                }
            }
            Ok(bytes)
        };
        let timeout = self.body_timeout;
        let refused = match tokio::time::timeout(timeout, read).await {
            Ok(Ok(bytes)) => return Ok(bytes),
            Ok(Err(refused)) => refused,
            Err(_) => refusal(
                408,
                &format!("the request body did not arrive within {timeout:?}"),
            ),
        };
        Err(closing(refused, body, self.linger()))
    }

    /// Runs `work` on a thread of its own, once no other request is being handled, so that
    /// the connections' thread keeps reading and timing the others.
    async fn blocking(
        self: &Arc<Self>,
        work: impl FnOnce(&Self) -> Answer + Send + 'static,
    ) -> Answer {
        let this = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            // A request that failed half-way left nothing behind this lock: every write is
            // one rename.
            let _turn = this
                .one_at_a_time
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            work(&this)
        })
        .await
        .unwrap_or_else(|e| text(500, &format!("the request failed: {e}")))
    }

    /// How long a refused body is read and dropped: `LINGER`, or the body timeout of a test
    /// if shorter.
    fn linger(&self) -> Duration {
        LINGER.min(self.body_timeout)
    }

    fn host_ok(&self, host: &str) -> bool {
        host == format!("127.0.0.1:{}", self.port) || host == format!("localhost:{}", self.port)
    }

    fn page(&self, path: &str, query: &str) -> Answer {
        // A parameter as the address gives it (the token is compared so), or decoded.
        let raw = |name: &str| {
            query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v)
        };
        if !raw("token").is_some_and(|t| same(t, &self.token)) {
            return text(
                403,
                "open the address sahel-kg annotate printed: it holds the token this page needs",
            );
        }
        let param = |name: &str| raw(name).map(decode);
        let done = param("done").map(|message| page::Done {
            message,
            row: param("file").zip(param("line").and_then(|l| l.parse().ok())),
        });
        let built = match path {
            "/" => page::index(&self.inputs, &self.token).map(Some),
            _ => match path.strip_prefix("/source/") {
                Some(id) => page::source(&self.inputs, &self.token, &decode(id), done.as_ref()),
                None => Ok(None),
            },
        };
        match built {
            Ok(Some(html)) => answer(200, "text/html; charset=utf-8", html.into_bytes()),
            Ok(None) => text(404, "no such page"),
            Err(e) => text(500, &format!("{e:#}")),
        }
    }

    /// The answer to a change whose token and size were checked: parses it, then acts.
    fn change(&self, path: &str, body: &[u8]) -> Answer {
        let Ok(body) = serde_json::from_slice::<Value>(body) else {
            return refusal(400, "the body is not JSON");
        };
        let done = match path {
            "/api/fact" => actions::save_fact(&self.inputs, &body),
            "/api/delete" => actions::delete_fact(&self.inputs, &body),
            "/api/not-fact" => actions::not_fact(&self.inputs, &body),
            "/api/actor" => actions::new_actor(&self.inputs, &body),
            _ => {
                return refusal(404, "no such action");
            }
        };
        match done {
            Ok(answer) => json_answer(200, &answer),
            Err(e) => match e.downcast::<Refused>() {
                Ok(refused) => refusal(refused.status, &refused.message),
                Err(e) => refusal(500, &format!("{e:#}")),
            },
        }
    }
}

/// `answer`, closing its connection once sent, while the unread rest of the request's body is
/// read and dropped: at most `MAX_DISCARDED` bytes for at most `linger`.
fn closing(mut answer: Answer, mut body: Incoming, linger: Duration) -> Answer {
    tokio::spawn(async move {
        let mut read = 0u64;
        let _ = tokio::time::timeout(linger, async {
            while read <= MAX_DISCARDED {
                match body.frame().await {
                    Some(Ok(frame)) => {
                        read += frame.data_ref().map_or(0, |d| d.len() as u64);
                    }
                    _ => break,
                }
            }
        })
        .await;
    });
    answer
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    answer
}

/// Compares two tokens in time that does not depend on where they differ.
fn same(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn decode(text: &str) -> String {
    // A form-encoded query writes spaces as `+`.
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn get<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// An answer with the headers every answer carries (see the module comment).
fn answer(status: u16, content_type: &'static str, body: Vec<u8>) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(body)));
    *answer.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
             frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in headers {
        answer
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    answer
}

fn text(status: u16, message: &str) -> Answer {
    answer(
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

fn json_answer(status: u16, value: &Value) -> Answer {
    answer(status, "application/json", value.to_string().into_bytes())
}

/// The answer the page shows when a change is not made: `{"message": ..., "ok": false}`.
fn refusal(status: u16, message: &str) -> Answer {
    json_answer(status, &json!({"ok": false, "message": message}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_timeout_only_ever_shortens_the_promised_ones() {
        let ms = |t: u64| Duration::from_millis(t);
        assert_eq!(timeouts(None), (HEAD_TIMEOUT, BODY_TIMEOUT));
        assert_eq!(timeouts(Some("500".into())), (ms(500), ms(500)));
        assert_eq!(timeouts(Some("20000".into())), (HEAD_TIMEOUT, BODY_TIMEOUT));
        assert_eq!(timeouts(Some("0".into())), (HEAD_TIMEOUT, BODY_TIMEOUT));
        assert_eq!(timeouts(Some("soon".into())), (HEAD_TIMEOUT, BODY_TIMEOUT));
    }
}
