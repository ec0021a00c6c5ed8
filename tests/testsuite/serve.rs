//! `docket serve`: serves the built site on loopback, rebuilds on change, keeps
//! serving (and reports the error) when a rebuild fails, and serves nothing
//! outside the output folder.

use crate::common;
use common::Book;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(book: &Book) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["serve", "--port", "0"])
        .current_dir(book.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut addr = String::new();
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.split("at http://").nth(1) {
            addr = rest.split('/').next().unwrap_or("").to_string();
            break;
        }
    }
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    assert!(
        addr.starts_with("127.0.0.1:"),
        "server printed its loopback address"
    );
    Server { child, addr }
}

fn get(addr: &str, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    let (head, body) = buf.split_once("\r\n\r\n").unwrap_or((&buf, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

fn wait_for(addr: &str, what: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(addr, "/__docket/status");
        if what(&body) || Instant::now() > deadline {
            return body;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
}

#[test]
fn serves_rebuilds_and_survives_errors() {
    let book = Book::fixture("clean");
    let server = start(&book);
    let (status, body) = get(&server.addr, "/guide/output.html");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("<h1 id=\"output\">"), "{body}");
    assert!(
        body.contains("/__docket/status"),
        "pages get the reload script"
    );

    // An edit is rebuilt and served.
    let v0 = wait_for(&server.addr, |_| true);
    book.edit("src/guide/output.md", "# Output", "# Output, edited");
    let v1 = wait_for(&server.addr, |b| b.lines().next() != v0.lines().next());
    assert_ne!(v1.lines().next(), v0.lines().next(), "a rebuild happened");
    let (_, body) = get(&server.addr, "/guide/output.html");
    assert!(body.contains("Output, edited"), "{body}");

    // A broken manifest: the error is reported, the last good site still served.
    book.write("schemas/readiness.yaml", "version: 1\nproject: [\n");
    let bad = wait_for(&server.addr, |b| b.contains("invalid YAML"));
    assert!(bad.contains("schemas/readiness.yaml:"), "{bad}");
    let (status, body) = get(&server.addr, "/guide/output.html");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("Output, edited"));

    // Nothing outside the output folder.
    let (status, _) = get(&server.addr, "/../book.toml");
    assert!(status.starts_with("HTTP/1.1 404"), "{status}");
    let (status, _) = get(&server.addr, "/%2e%2e/book.toml");
    assert!(status.starts_with("HTTP/1.1 404"), "{status}");
}
