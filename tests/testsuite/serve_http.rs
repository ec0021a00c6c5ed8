//! `docket serve`'s HTTP side against hostile clients: a request line without
//! an end is cut at the cap, HEAD gets no body, a Host that is not the bound
//! address is refused (DNS rebinding), an idle connection is closed, and an
//! incremental rebuild never writes through a link put into the site.

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
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut addr = String::new();
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.split("at http://").nth(1) {
            addr = rest.split('/').next().unwrap_or("").to_string();
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    assert!(addr.starts_with("127.0.0.1:"), "no address printed");
    Server { child, addr }
}

/// Send `raw`, read the whole answer (the server closes after one).
fn exchange(addr: &str, raw: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let _ = s.write_all(raw);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

fn get(addr: &str, method: &str, path: &str, host: &str) -> String {
    exchange(
        addr,
        format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

#[test]
fn hostile_clients_are_capped_refused_and_timed_out() {
    let book = Book::fixture("clean");
    let server = start(&book);
    let addr = server.addr.clone();

    let ok = get(&addr, "GET", "/guide/output.html", &addr);
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");

    // HEAD: the headers of a GET, no body.
    let head = get(&addr, "HEAD", "/guide/output.html", &addr);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let (h, body) = head.split_once("\r\n\r\n").expect("a head");
    assert!(body.is_empty(), "HEAD sent a body of {} bytes", body.len());
    let len: usize = h
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("content length");
    assert!(len > 0);

    // DNS rebinding: a name that is not the bound address is refused.
    let port = addr.rsplit(':').next().expect("port");
    let rebound = get(
        &addr,
        "GET",
        "/guide/output.html",
        &format!("evil.example:{port}"),
    );
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    assert!(!rebound.contains("<html"), "{rebound}");
    let local = get(
        &addr,
        "GET",
        "/guide/output.html",
        &format!("localhost:{port}"),
    );
    assert!(local.starts_with("HTTP/1.1 200"), "{local}");

    // A request line with no end: cut at the cap, answered, closed.
    let t = Instant::now();
    let mut s = TcpStream::connect(&addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    let _ = s.write_all(b"GET /");
    while sent < 4 * 1024 * 1024 {
        if s.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let answer = String::from_utf8_lossy(&buf);
    assert!(
        answer.starts_with("HTTP/1.1 414") || sent < 4 * 1024 * 1024,
        "4 MiB of request line were read: {answer}"
    );
    assert!(t.elapsed() < Duration::from_secs(15));

    // Headers without end.
    let mut raw = b"GET / HTTP/1.1\r\n".to_vec();
    raw.extend(std::iter::repeat_n(b"X-Pad: yyyyyyyyyyyyyyyy\r\n".to_vec(), 4000).flatten());
    let big = exchange(&addr, &raw);
    assert!(
        big.starts_with("HTTP/1.1 431"),
        "{}",
        &big[..big.len().min(200)]
    );

    // An idle connection is closed by the server, not kept forever.
    let t = Instant::now();
    let mut idle = TcpStream::connect(&addr).expect("connect");
    idle.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let _ = idle.write_all(b"GET / HTTP/1.1\r\n");
    let mut buf = [0u8; 64];
    let n = idle.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "the server answered an unfinished request");
    assert!(
        t.elapsed() < Duration::from_secs(25),
        "the idle connection stayed open {:?}",
        t.elapsed()
    );

    // Still serving.
    let ok = get(&addr, "GET", "/guide/output.html", &addr);
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
}

#[cfg(unix)]
#[test]
fn a_rebuild_never_writes_through_a_link_in_the_site() {
    let book = Book::fixture("clean");
    let outside = tempfile::tempdir().expect("tmp");
    let server = start(&book);
    let status = |addr: &str| {
        let r = get(addr, "GET", "/__docket/status", addr);
        r.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default()
    };
    let v0 = status(&server.addr);
    // A folder of the site replaced by a link out of the book.
    let guide = book.path().join("book/guide");
    std::fs::remove_dir_all(&guide).expect("rm");
    std::os::unix::fs::symlink(outside.path(), &guide).expect("ln");
    book.edit("src/guide/output.md", "# Output", "# Output, edited");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut now = status(&server.addr);
    while now.lines().next() == v0.lines().next() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        now = status(&server.addr);
    }
    assert_ne!(now.lines().next(), v0.lines().next(), "no rebuild happened");
    let written: Vec<_> = std::fs::read_dir(outside.path())
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(written.is_empty(), "pages written outside: {written:?}");
    assert!(
        now.contains("symbolic link"),
        "the error is reported: {now}"
    );
}
