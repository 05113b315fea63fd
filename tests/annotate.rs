#![allow(clippy::expect_used, clippy::unwrap_used, reason = "tests fail loudly")]

//! `sahel-kg annotate`'s security rules, over plain HTTP (no browser): the token, the Host
//! header, writes only inside the seeds folder, a bounded body, and 127.0.0.1 only. Each test
//! starts the real binary on a copy of `tests/fixtures/annotate` and speaks HTTP/1.1 to it by
//! hand, so that it can send what no browser would (a foreign Host, no token).

mod common;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The server, stopped when dropped.
struct Annotate {
    child: Child,
    port: u16,
    token: String,
    work: tempfile::TempDir,
}

impl Annotate {
    /// Starts `annotate` on a copy of the fixture, after `prepare` changed the copy.
    fn start(prepare: impl FnOnce(&Path)) -> Self {
        Self::launch(prepare, None)
    }

    /// Starts `annotate` with its head and body timeouts cut to `ms` milliseconds, through the
    /// variable kept for tests.
    fn start_with_timeouts(ms: u64) -> Self {
        Self::launch(|_| {}, Some(ms))
    }

    fn launch(prepare: impl FnOnce(&Path), timeout_ms: Option<u64>) -> Self {
        let work = tempfile::tempdir().unwrap();
        common::copy_dir(
            &common::fixtures().join("annotate/seeds"),
            &work.path().join("seeds"),
        );
        prepare(work.path());
        let mut command = Command::new(env!("CARGO_BIN_EXE_sahel-kg"));
        if let Some(ms) = timeout_ms {
            command.env("SAHEL_KG_ANNOTATE_TEST_TIMEOUT_MS", ms.to_string());
        }
        let mut child = command
            .current_dir(work.path())
            .args(["annotate", "--seeds", "seeds", "--ontology"])
            .arg(common::root().join("ontology"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("sahel-kg annotate: open http://127.0.0.1:")
            .expect("the address is printed first");
        let (port, token) = address.split_once("/?token=").unwrap();
        Self {
            child,
            port: port.parse().unwrap(),
            token: token.to_owned(),
            work,
        }
    }

    /// Sends one request; returns the status and the body.
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        // A bound that only stops a broken server from hanging the test.
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        for (name, value) in headers {
            write!(request, "{name}: {value}\r\n").unwrap();
        }
        write!(request, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer[9..12].parse().unwrap();
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, body.to_owned())
    }

    /// Opens a connection and sends `head` (request line and headers, without the blank line
    /// that ends them) then `body`, which may be only part of what `head` announces.
    fn send(&self, head: &str, body: &str) -> TcpStream {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .write_all(format!("{head}\r\n\r\n{body}").as_bytes())
            .unwrap();
        // A bound that only stops a broken server from hanging the test.
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream
    }

    /// The head of a change to `/api/fact` with the right Host and token, announcing `length`
    /// bytes of body.
    fn change_head(&self, length: usize) -> String {
        format!(
            "POST /api/fact HTTP/1.1\r\nHost: {}\r\nX-Token: {}\r\nConnection: close\r\nContent-Length: {length}",
            self.host(),
            self.token
        )
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A GET of `path` (with the token in it, where the test gives one) with this server's Host,
    /// as a browser sends it.
    fn get(&self, path: &str) -> (u16, String) {
        self.request("GET", path, &[("Host", &self.host())], "")
    }

    /// The sources' page, as the printed address opens it (token included).
    fn index(&self) -> (u16, String) {
        self.get(&format!("/?token={}", self.token))
    }

    /// Sends `body` to `path` as the page does: a POST with this server's Host and the token.
    fn post(&self, path: &str, body: &str) -> (u16, String) {
        self.request(
            "POST",
            path,
            &[("Host", &self.host()), ("X-Token", &self.token)],
            body,
        )
    }

    /// A save of a fact on the sentence at bytes 89..171, with the facts file's version as
    /// the page has it.
    fn save_body(versions: &str) -> String {
        format!(
            r#"{{"source":"doc","from":89,"to":171,"subject":"niger","relation":"allyOf","object":"mali","strength":"stated","versions":{versions}}}"#
        )
    }

    /// The versions the source page carries.
    fn page_versions(&self) -> String {
        let (status, page) = self.get(&format!("/source/doc?token={}", self.token));
        assert_eq!(status, 200, "{page}");
        let start = page.find(r#""versions":"#).unwrap() + r#""versions":"#.len();
        let end = start + page[start..].find('}').unwrap() + 1;
        page[start..end].to_owned()
    }

    fn facts(&self) -> Vec<u8> {
        std::fs::read(self.work.path().join("seeds/facts.csv")).unwrap()
    }
}

/// Reads a connection's answer to its end; returns the status and the body.
fn answer(mut stream: TcpStream) -> (u16, String) {
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_owned())
}

impl Drop for Annotate {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn fixture_facts() -> Vec<u8> {
    std::fs::read(common::fixtures().join("annotate/seeds/facts.csv")).unwrap()
}

#[test]
fn a_save_with_the_token_and_the_page_version_is_written() {
    let server = Annotate::start(|_| {});
    let versions = server.page_versions();
    let (status, answer) = server.post("/api/fact", &Annotate::save_body(&versions));
    assert_eq!(status, 200, "{answer}");
    let mut expected = fixture_facts();
    expected.extend_from_slice(
        "f2,niger,allyOf,mali,doc,doc-body,Le Niger et le Burkina Faso ont signé un pacte de défense mutuelle avec le Mali.,,stated,,,\n".as_bytes(),
    );
    assert_eq!(
        String::from_utf8(server.facts()).unwrap(),
        String::from_utf8(expected).unwrap()
    );
    assert!(answer.contains(r#""problems":[]"#), "{answer}");
}

#[test]
fn an_edit_and_a_delete_change_only_their_row_in_a_file_with_a_bom_and_crlf() {
    let server = Annotate::start(|work| {
        let facts = work.join("seeds/facts.csv");
        let text = std::fs::read_to_string(&facts)
            .unwrap()
            .replace('\n', "\r\n");
        let extra = "f7,niger,allyOf,mali,doc,doc-body,pacte de défense mutuelle,,stated,,,\r\n";
        std::fs::write(&facts, format!("\u{feff}{text}{extra}")).unwrap();
    });
    let header = "\u{feff}id,subject,relation,object,source,part,quote,claimed_by,strength,start,end,note\r\n";
    let f1 = "f1,mali,allyOf,russia,doc,doc-body,Le Mali et la Russie ont renforcé leur alliance militaire.,";
    let edit = format!(
        r#"{{"id":"f1","subject":"mali","relation":"allyOf","object":"russia","strength":"stated","start":"2021","note":"edited","versions":{}}}"#,
        server.page_versions()
    );
    let (status, answer) = server.post("/api/fact", &edit);
    assert_eq!(status, 200, "{answer}");
    let f7 = "f7,niger,allyOf,mali,doc,doc-body,pacte de défense mutuelle,,stated,,,\r\n";
    assert_eq!(
        String::from_utf8(server.facts()).unwrap(),
        format!("{header}{f1},stated,2021,,edited\r\n{f7}")
    );
    let delete = format!(r#"{{"id":"f1","versions":{}}}"#, server.page_versions());
    let (status, answer) = server.post("/api/delete", &delete);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        String::from_utf8(server.facts()).unwrap(),
        format!("{header}{f7}")
    );
}

#[test]
fn a_change_without_the_token_is_refused_and_nothing_is_written() {
    let server = Annotate::start(|_| {});
    let versions = server.page_versions();
    for headers in [
        vec![("Host", server.host())],
        vec![("Host", server.host()), ("X-Token", "0".repeat(48))],
    ] {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let (status, answer) = server.request(
            "POST",
            "/api/fact",
            &headers,
            &Annotate::save_body(&versions),
        );
        assert_eq!(status, 403);
        assert_eq!(
            answer,
            r#"{"message":"missing or wrong token: reload the page from the address sahel-kg annotate printed","ok":false}"#
        );
    }
    let (status, page) = server.get("/source/doc");
    assert_eq!(status, 403);
    assert_eq!(
        page,
        "open the address sahel-kg annotate printed: it holds the token this page needs\n"
    );
    assert_eq!(server.facts(), fixture_facts());
}

#[test]
fn a_request_with_a_foreign_host_header_is_refused_and_nothing_is_written() {
    let server = Annotate::start(|_| {});
    let versions = server.page_versions();
    let foreign = format!("attacker.example:{}", server.port);
    let (status, page) = server.request(
        "GET",
        &format!("/source/doc?token={}", server.token),
        &[("Host", &foreign)],
        "",
    );
    assert_eq!(status, 421);
    assert_eq!(
        page,
        format!(
            "this server answers only to 127.0.0.1:{0} or localhost:{0}, not to `attacker.example:{0}`\n",
            server.port
        )
    );
    let (status, _) = server.request(
        "POST",
        "/api/fact",
        &[("Host", &foreign), ("X-Token", &server.token)],
        &Annotate::save_body(&versions),
    );
    assert_eq!(status, 421);
    assert_eq!(server.facts(), fixture_facts());
}

#[test]
fn a_write_through_a_link_out_of_the_seeds_folder_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().to_owned();
    let server = Annotate::start(|work| {
        // seeds/facts/ is a link to a folder elsewhere: a new fact would go to facts/doc.csv.
        std::os::unix::fs::symlink(&target, work.join("seeds/facts")).unwrap();
    });
    let versions = server.page_versions();
    let (status, answer) = server.post("/api/fact", &Annotate::save_body(&versions));
    assert_eq!(status, 400);
    assert_eq!(
        answer,
        r#"{"message":"seeds/facts is a symbolic link: sahel-kg writes only inside seeds and does not follow links there","ok":false}"#
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert_eq!(server.facts(), fixture_facts());
}

#[test]
fn a_request_announcing_a_huge_body_does_not_stop_the_server() {
    let server = Annotate::start(|_| {});
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .write_all(b"POST /api/actor HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 99999999999999\r\n\r\nxx")
        .unwrap();
    drop(stream);
    let (status, _) = server.index();
    assert_eq!(status, 200, "the server stopped serving");
}

#[test]
fn a_head_over_64_kib_sent_at_once_is_not_served() {
    let server = Annotate::start(|_| {});
    let padding = (0..90).fold(String::new(), |mut head, i| {
        let _ = write!(head, "\r\nX-Padding-{i}: {}", "p".repeat(1200));
        head
    });
    let head = format!(
        "GET /?token={} HTTP/1.1\r\nHost: {}{padding}",
        server.token,
        server.host()
    );
    assert!(head.len() > 100 * 1024);
    let mut stream = server.send(&head, "");
    // The server answers 431 and closes; the close may reset the connection before the
    // answer is read, since the rest of the head is never read. Either way, never a page.
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "a head over the limit was answered: {}",
        answer.lines().next().unwrap_or_default()
    );
    let (status, _) = server.index();
    assert_eq!(status, 200, "the server stopped serving");
}

#[test]
fn a_request_body_over_the_limit_is_refused() {
    let server = Annotate::start(|_| {});
    let (status, answer) = server.post("/api/fact", &"x".repeat(64 * 1024 + 1));
    assert_eq!(status, 413);
    assert_eq!(
        answer,
        r#"{"message":"request body over 65536 bytes","ok":false}"#
    );
}

#[test]
fn the_server_listens_on_127_0_0_1_only() {
    let server = Annotate::start(|_| {});
    let port = format!(":{:04X}", server.port);
    // Linux lists listening sockets (state 0A) with their address in hexadecimal, 127.0.0.1
    // as 0100007F; an IPv6 listener would be in tcp6.
    let listening = |file: &str| -> Vec<String> {
        std::fs::read_to_string(file)
            .unwrap_or_default()
            .lines()
            .skip(1)
            .filter_map(|l| {
                let fields: Vec<&str> = l.split_whitespace().collect();
                (fields.get(1)?.ends_with(&port) && fields.get(3) == Some(&"0A"))
                    .then(|| fields[1].to_owned())
            })
            .collect()
    };
    assert_eq!(listening("/proc/net/tcp"), vec![format!("0100007F{port}")]);
    assert_eq!(listening("/proc/net/tcp6"), Vec::<String>::new());
}

#[test]
fn a_client_holding_a_half_sent_body_does_not_stop_another_being_served() {
    let server = Annotate::start(|_| {});
    let body = Annotate::save_body(&server.page_versions());
    let (first, rest) = body.split_at(body.len() / 2);
    let mut slow = server.send(&server.change_head(body.len()), first);
    let (status, page) = server.index();
    assert_eq!(status, 200, "{page}");
    // The slow client's request was waiting all along: its rest completes it.
    slow.write_all(rest.as_bytes()).unwrap();
    let (status, saved) = answer(slow);
    assert_eq!(status, 200, "{saved}");
    assert!(saved.contains(r#""problems":[]"#), "{saved}");
    assert_ne!(server.facts(), fixture_facts());
}

#[test]
fn a_body_not_sent_in_full_gets_408_after_the_deadline_and_nothing_is_written() {
    let server = Annotate::start_with_timeouts(300);
    let body = Annotate::save_body(&server.page_versions());
    let slow = server.send(&server.change_head(body.len()), &body[..10]);
    let (status, refused) = answer(slow);
    assert_eq!(status, 408);
    assert_eq!(
        refused,
        r#"{"message":"the request body did not arrive within 300ms","ok":false}"#
    );
    assert_eq!(server.facts(), fixture_facts());
    let (status, _) = server.index();
    assert_eq!(status, 200, "the server stopped serving");
}

#[test]
fn a_change_announcing_a_huge_body_gets_413_without_waiting_for_it() {
    let server = Annotate::start(|_| {});
    // Nothing of the body is sent: an answer that waited for it would be a 408.
    let stream = server.send(&server.change_head(99_999_999_999_999), "");
    let (status, refused) = answer(stream);
    assert_eq!(status, 413);
    assert_eq!(
        refused,
        r#"{"message":"request body over 65536 bytes","ok":false}"#
    );
    let (status, _) = server.index();
    assert_eq!(status, 200, "the server stopped serving");
    assert_eq!(server.facts(), fixture_facts());
}

#[test]
fn idle_connections_past_the_cap_delay_a_request_only_until_they_time_out() {
    let server = Annotate::start_with_timeouts(1000);
    // The server's cap is 64 connections: these hold every place, sending half a head.
    let idle: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(60)))
                .unwrap();
            stream
        })
        .collect();
    let (status, page) = server.index();
    assert_eq!(status, 200, "{page}");
    // It was let in when one of them was closed: that one reads its end at once.
    let closed = idle
        .iter()
        .filter(|stream| {
            stream.set_nonblocking(true).unwrap();
            let ended = matches!((&**stream).read(&mut [0; 1]), Ok(0));
            stream.set_nonblocking(false).unwrap();
            ended
        })
        .count();
    assert!(
        closed > 0,
        "no idle connection was closed before the request was served"
    );
    // Each idle connection is closed without an answer.
    for mut stream in idle {
        let mut got = Vec::new();
        let _ = stream.read_to_end(&mut got);
        assert_eq!(String::from_utf8_lossy(&got), "");
    }
}
