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
        let work = tempfile::tempdir().unwrap();
        common::copy_dir(
            &common::fixtures().join("annotate/seeds"),
            &work.path().join("seeds"),
        );
        prepare(work.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_sahel-kg"))
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

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A GET of `path` (with the token in it, where the test gives one) with this server's Host,
    /// as a browser sends it.
    fn get(&self, path: &str) -> (u16, String) {
        self.request("GET", path, &[("Host", &self.host())], "")
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
    let (status, _) = server.get(&format!("/?token={}", server.token));
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
