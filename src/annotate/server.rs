//! The local HTTP server of the annotation pages, and who may talk to it.
//!
//! In: requests from the browser on this machine. Out: the pages and the answers to the
//! page's changes (`actions.rs`). `tiny_http` parses HTTP; this decides who is served:
//! - it listens on 127.0.0.1 only, never on every interface;
//! - a request whose `Host` is not `127.0.0.1:PORT` or `localhost:PORT` is refused, so a page
//!   of another site whose name was rebound to 127.0.0.1 (DNS rebinding) gets nothing;
//! - every request carries the random token printed with the address: pages in the query
//!   string (`?token=`), changes in the `X-Token` header, which another site's page cannot send
//!   without a preflight this server never answers. Without the token nothing is shown or
//!   changed;
//! - a request body is at most `MAX_BODY` bytes.
//!
//! Every answer forbids loading anything from elsewhere (`Content-Security-Policy`), caching,
//! framing and sending the address (which holds the token) as a referrer. The loop serves one
//! request at a time (one analyst, one machine) and stops with the process on Ctrl-C: every
//! write is a rename, so a stop never leaves half a file. What this does not do: TLS (the
//! traffic never leaves the machine) or accounts (the token is the one key).

use std::io::Read as _;

use anyhow::Context;
use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response, Server};

use super::actions::{self, Refused};
use super::page;
use crate::config::Inputs;

/// The largest request body read, in bytes: a fact's fields are a few hundred.
pub const MAX_BODY: usize = 64 * 1024;

/// The largest announced body whose unread rest `tiny_http` can drain (`Annotator::run`): a
/// request over `MAX_BODY` and up to this is answered 413.
const UNDRAINABLE: usize = 16 * 1024 * 1024;

/// The annotation server, bound and with its token.
pub struct Annotator {
    server: Server,
    port: u16,
    token: String,
    inputs: Inputs,
}

impl std::fmt::Debug for Annotator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token stays out of debug output.
        f.debug_struct("Annotator")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Annotator {
    /// Binds 127.0.0.1:`port` (0: a free port) and draws the token.
    pub fn bind(inputs: Inputs, port: u16) -> anyhow::Result<Self> {
        crate::pipeline::check_seeds_dir(&inputs)?;
        let server = Server::http(("127.0.0.1", port))
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("could not listen on 127.0.0.1:{port}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .context("the server has no IP address")?;
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("could not draw a random token")?;
        Ok(Self {
            server,
            port,
            token: crate::digest::hex(&bytes),
            inputs,
        })
    }

    /// The address to open, token included.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// The answer to a request that changes nothing.
    fn answer(&self, request: &Request) -> Response<std::io::Cursor<Vec<u8>>> {
        let host = header(request, "Host").unwrap_or_default();
        if host != format!("127.0.0.1:{}", self.port) && host != format!("localhost:{}", self.port)
        {
            return text(
                421,
                &format!(
                    "this server answers only to 127.0.0.1:{0} or localhost:{0}, not to `{host}`",
                    self.port
                ),
            );
        }
        let (path, query) = request.url().split_once('?').unwrap_or((request.url(), ""));
        match request.method() {
            Method::Get => self.page(path, query),
            Method::Post => text(405, "a change needs its body: use the page's buttons"),
            _ => text(405, "only GET and POST are answered"),
        }
    }

    fn page(&self, path: &str, query: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let token = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "token")
            .map(|(_, v)| v);
        if !token.is_some_and(|t| same(t, &self.token)) {
            return text(
                403,
                "open the address sahel-kg annotate printed: it holds the token this page needs",
            );
        }
        let param = |name: &str| {
            query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| decode(v))
        };
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
            Ok(Some(html)) => content_type(
                secured(Response::from_data(html.into_bytes()).with_status_code(200)),
                "text/html; charset=utf-8",
            ),
            Ok(None) => text(404, "no such page"),
            Err(e) => text(500, &format!("{e:#}")),
        }
    }

    /// The answer to a change: checks the token and the body's size, then acts.
    fn change(&self, request: &mut Request) -> Response<std::io::Cursor<Vec<u8>>> {
        if !header(request, "X-Token").is_some_and(|t| same(&t, &self.token)) {
            return json_answer(
                403,
                &json!({"ok": false, "message": "missing or wrong token: reload the page from the address sahel-kg annotate printed"}),
            );
        }
        if request.body_length().is_some_and(|n| n > MAX_BODY) {
            return json_answer(
                413,
                &json!({"ok": false, "message": format!("request body over {MAX_BODY} bytes")}),
            );
        }
        let mut body = Vec::new();
        let read = request
            .as_reader()
            .take(MAX_BODY as u64 + 1)
            .read_to_end(&mut body);
        if read.is_err() || body.len() > MAX_BODY {
            return json_answer(
                413,
                &json!({"ok": false, "message": format!("request body over {MAX_BODY} bytes or unreadable")}),
            );
        }
        let Ok(body) = serde_json::from_slice::<Value>(&body) else {
            return json_answer(
                400,
                &json!({"ok": false, "message": "the body is not JSON"}),
            );
        };
        let done = match request.url() {
            "/api/fact" => actions::save_fact(&self.inputs, &body),
            "/api/delete" => actions::delete_fact(&self.inputs, &body),
            "/api/not-fact" => actions::not_fact(&self.inputs, &body),
            "/api/actor" => actions::new_actor(&self.inputs, &body),
            _ => {
                return json_answer(404, &json!({"ok": false, "message": "no such action"}));
            }
        };
        match done {
            Ok(answer) => json_answer(200, &answer),
            Err(e) => match e.downcast::<Refused>() {
                Ok(refused) => json_answer(
                    refused.status,
                    &json!({"ok": false, "message": refused.message}),
                ),
                Err(e) => json_answer(500, &json!({"ok": false, "message": format!("{e:#}")})),
            },
        }
    }

    /// Serves requests until the process is stopped, changes included.
    pub fn run(&self) {
        for mut request in self.server.incoming_requests() {
            if request.body_length().is_some_and(|n| n > UNDRAINABLE) {
                // `tiny_http` 0.12 reads what is left of a body when its request is dropped,
                // into one buffer of the announced size: a request announcing terabytes would
                // abort the process. Such a request is left unanswered and never dropped: it
                // costs its connection, where answering it would cost the server.
                std::mem::forget(request);
                continue;
            }
            let response = if *request.method() == Method::Post && self.host_ok(&request) {
                self.change(&mut request)
            } else {
                self.answer(&request)
            };
            let _ = request.respond(response);
        }
    }

    fn host_ok(&self, request: &Request) -> bool {
        let host = header(request, "Host").unwrap_or_default();
        host == format!("127.0.0.1:{}", self.port) || host == format!("localhost:{}", self.port)
    }
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

fn header(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_owned())
}

fn content_type(
    response: Response<std::io::Cursor<Vec<u8>>>,
    value: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    with_header(response, "Content-Type", value)
}

/// `response` with a header; the names and values here are constant ASCII, which `tiny_http`
/// always accepts.
fn with_header(
    response: Response<std::io::Cursor<Vec<u8>>>,
    name: &str,
    value: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// The headers every answer carries (see the module comment).
fn secured(response: Response<std::io::Cursor<Vec<u8>>>) -> Response<std::io::Cursor<Vec<u8>>> {
    let headers = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
             frame-ancestors 'none'",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        ("X-Frame-Options", "DENY"),
    ];
    headers
        .iter()
        .fold(response, |r, (name, value)| with_header(r, name, value))
}

fn text(status: u16, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    content_type(
        secured(Response::from_data(format!("{message}\n").into_bytes()).with_status_code(status)),
        "text/plain; charset=utf-8",
    )
}

fn json_answer(status: u16, value: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    content_type(
        secured(Response::from_data(value.to_string().into_bytes()).with_status_code(status)),
        "application/json",
    )
}
