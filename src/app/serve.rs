//! `docket serve`: build, serve the site on loopback, rebuild when the book
//! changes, and reload open pages. A failed rebuild keeps the last good site
//! and shows the error in the terminal and in an overlay on every open page;
//! the server keeps running.
//!
//! No dependencies: a small HTTP/1.1 GET server on `std::net`, and change
//! detection by polling modification times (portable, and a book is small).

use std::io::{BufRead, BufReader, Read as _, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// What the page script polls: a build counter and the last error, if any.
#[derive(Debug, Default)]
pub struct Status {
    /// Increments after every build attempt.
    pub version: u64,
    /// The last build's error, shown in pages until a build succeeds.
    pub error: Option<String>,
}

/// Script injected into served HTML: reloads on a new build, shows errors.
const RELOAD: &str = r#"<script>
(function(){var v=null;function poll(){fetch("/__docket/status",{cache:"no-store"}).then(function(r){return r.text()}).then(function(t){var i=t.indexOf("\n"),ver=t.slice(0,i),err=t.slice(i+1);var box=document.getElementById("docket-build-error");if(err){if(!box){box=document.createElement("pre");box.id="docket-build-error";box.style.cssText="position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:40vh;overflow:auto;background:#cf222e;color:#fff;padding:1rem;border-radius:6px;z-index:99;white-space:pre-wrap";document.body.appendChild(box)}box.textContent="docket: the last rebuild failed\n\n"+err}else if(box){box.remove()}if(v!==null&&ver!==v&&!err){location.reload()}v=ver}).catch(function(){}).then(function(){setTimeout(poll,700)})}poll()})();
</script>"#;

/// Modification time of every file under `root`, by root-relative path,
/// skipping the output folder and version-control and build folders.
pub fn snapshot(
    root: &Path,
    skip: &Path,
) -> std::collections::BTreeMap<String, Option<SystemTime>> {
    let mut out = std::collections::BTreeMap::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.path() == skip
                || name == ".git"
                || name == "target"
                || name == "node_modules"
                || name.starts_with(".docket-"))
        });
    for e in walker.flatten() {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            let rel = rel
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, e.metadata().ok().and_then(|m| m.modified().ok()));
        }
    }
    out
}

/// Paths added, removed or modified between two snapshots.
pub fn changed(
    before: &std::collections::BTreeMap<String, Option<SystemTime>>,
    after: &std::collections::BTreeMap<String, Option<SystemTime>>,
) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(before.keys().filter(|k| !after.contains_key(*k)).cloned());
    out.sort();
    out
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Map a request path to a file inside `site`, or `None` if it would leave it.
pub fn resolve(site: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::core::paths::percent_decode(path);
    let mut out = site.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    // A symlink inside the site must not lead out of it either.
    let canon_site = site.canonicalize().ok()?;
    let canon = out.canonicalize().ok()?;
    canon.starts_with(&canon_site).then_some(canon)
}

/// Longest request line docket reads (a GET of a site path needs far less).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Most header bytes, and header lines, docket reads before answering.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
const MAX_HEADER_LINES: usize = 100;
/// Time a client has to send its whole request head; a connection idle (or
/// trickling a byte at a time) past it is closed.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// Connections served at once; more are answered 503 and closed, so idle
/// sockets cannot exhaust threads.
const MAX_CONNECTIONS: usize = 64;

fn respond(stream: &mut TcpStream, code: &str, ctype: &str, body: &[u8], head_only: bool) {
    let head = format!(
        "HTTP/1.1 {code}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|()| {
        if head_only {
            Ok(())
        } else {
            stream.write_all(body)
        }
    });
}

/// A reader that fails once `until` has passed, however the bytes trickle in
/// (a read timeout alone restarts with every byte).
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl std::io::Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        std::io::Read::read(&mut &*self.stream, buf)
    }
}

/// Why a request head was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The request line is longer than [`MAX_REQUEST_LINE`].
    LineTooLong,
    /// The headers pass [`MAX_HEADER_BYTES`] or the line count.
    HeadersTooLarge,
    /// The client closed, stalled past the deadline, or sent no line end.
    Incomplete,
    /// More than one `Host` header: which one a proxy or browser meant is
    /// not known, so none is trusted.
    TwoHosts,
}

/// A request head: the request line and the `Host` header, if any.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    /// `GET /x HTTP/1.1`, without the line end.
    pub line: String,
    /// The `Host` header's value.
    pub host: Option<String>,
}

/// Read one request head from `r` within the caps.
pub fn read_head(r: &mut impl BufRead) -> Result<Head, HeadError> {
    let mut line = Vec::new();
    let n = r
        .take(MAX_REQUEST_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|_| HeadError::Incomplete)?;
    if !line.ends_with(b"\n") {
        return Err(if n > MAX_REQUEST_LINE {
            HeadError::LineTooLong
        } else {
            HeadError::Incomplete
        });
    }
    let mut host = None;
    let mut total = 0;
    for _ in 0..=MAX_HEADER_LINES {
        let mut h = Vec::new();
        let left = MAX_HEADER_BYTES.saturating_sub(total);
        r.take(left as u64 + 1)
            .read_until(b'\n', &mut h)
            .map_err(|_| HeadError::Incomplete)?;
        total += h.len();
        if total > MAX_HEADER_BYTES {
            return Err(HeadError::HeadersTooLarge);
        }
        if !h.ends_with(b"\n") {
            return Err(HeadError::Incomplete);
        }
        let h = String::from_utf8_lossy(&h);
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            return Ok(Head {
                line: String::from_utf8_lossy(&line)
                    .trim_end_matches(['\r', '\n'])
                    .to_string(),
                host,
            });
        }
        if let Some((name, value)) = h.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
            && host.replace(value.trim().to_string()).is_some()
        {
            return Err(HeadError::TwoHosts);
        }
    }
    Err(HeadError::HeadersTooLarge)
}

/// Whether `host` (a `Host` header) names the server at `local`: an IP
/// literal equal to the bound address (any, when bound to all interfaces) or
/// `localhost` for a loopback bind, with the bound port. A name that resolves
/// here through someone's DNS (rebinding) is refused.
pub fn host_allowed(host: &str, local: SocketAddr) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !n.is_empty() && (n.starts_with('[') || !n.contains(':')) => {
            (n, p.parse::<u16>().ok())
        }
        _ => (host, None),
    };
    if port.is_some_and(|p| p != local.port()) || (port.is_none() && local.port() != 80) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") {
        return local.ip().is_loopback() || local.ip().is_unspecified();
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => local.ip().is_unspecified() || ip == local.ip(),
        Err(_) => false,
    }
}

fn handle(mut stream: TcpStream, site: &Path, status: &Mutex<Status>, local: SocketAddr) {
    let _ = stream.set_write_timeout(Some(REQUEST_DEADLINE));
    let head = {
        let mut reader = BufReader::new(Deadline {
            stream: &stream,
            until: Instant::now() + REQUEST_DEADLINE,
        });
        read_head(&mut reader)
    };
    let head = match head {
        Ok(h) => h,
        Err(HeadError::LineTooLong) => {
            respond(
                &mut stream,
                "414 URI Too Long",
                "text/plain",
                b"request line too long\n",
                false,
            );
            return;
        }
        Err(HeadError::HeadersTooLarge) => {
            respond(
                &mut stream,
                "431 Request Header Fields Too Large",
                "text/plain",
                b"headers too large\n",
                false,
            );
            return;
        }
        Err(HeadError::TwoHosts) => {
            respond(
                &mut stream,
                "400 Bad Request",
                "text/plain",
                b"more than one Host header\n",
                false,
            );
            return;
        }
        Err(HeadError::Incomplete) => return,
    };
    let mut parts = head.line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET and HEAD\n",
            false,
        );
        return;
    }
    if let Some(host) = &head.host
        && !host_allowed(host, local)
    {
        respond(
            &mut stream,
            "421 Misdirected Request",
            "text/plain",
            format!("docket serve answers only for {local}, not {host}\n").as_bytes(),
            head_only,
        );
        return;
    }
    if target == "/__docket/status" {
        let body = match status.lock() {
            Ok(s) => format!("{}\n{}", s.version, s.error.clone().unwrap_or_default()),
            Err(_) => "0\n".into(),
        };
        respond(
            &mut stream,
            "200 OK",
            "text/plain; charset=utf-8",
            body.as_bytes(),
            head_only,
        );
        return;
    }
    let Some(file) = resolve(site, target) else {
        let body = std::fs::read(site.join("404.html")).unwrap_or_else(|_| b"not found\n".to_vec());
        respond(
            &mut stream,
            "404 Not Found",
            "text/html; charset=utf-8",
            &inject(&body),
            head_only,
        );
        return;
    };
    match std::fs::read(&file) {
        Ok(body) if content_type(&file).starts_with("text/html") => {
            respond(
                &mut stream,
                "200 OK",
                content_type(&file),
                &inject(&body),
                head_only,
            );
        }
        Ok(body) => respond(&mut stream, "200 OK", content_type(&file), &body, head_only),
        Err(_) => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            head_only,
        ),
    }
}

/// Add the reload script before `</body>`.
fn inject(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    match text.rfind("</body>") {
        Some(i) => format!("{}{RELOAD}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{RELOAD}").into_bytes(),
    }
}

/// Serve `site` on `addr`, calling `rebuild` whenever the book under `root`
/// changes. Never returns unless binding fails.
pub fn run(
    addr: SocketAddr,
    root: &Path,
    site: &Path,
    mut rebuild: impl FnMut(&[String]) -> Result<String, String> + Send + 'static,
) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    let status = Arc::new(Mutex::new(Status::default()));
    let report = |status: &Mutex<Status>, r: Result<String, String>, took: Duration| {
        let mut s = match status.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        s.version += 1;
        match r {
            Ok(summary) => {
                s.error = None;
                println!(
                    "docket: rebuilt in {:.1} ms; {summary}",
                    took.as_secs_f64() * 1000.0
                );
            }
            Err(e) => {
                eprintln!("docket: rebuild failed (serving the last good site):\n{e}");
                s.error = Some(e);
            }
        }
        let _ = std::io::stdout().flush();
    };
    // Snapshot first: an edit made while the first build runs (or right after
    // the address is printed) must still count as a change.
    let first = snapshot(root, site);
    let t0 = Instant::now();
    report(&status, rebuild(&[]), t0.elapsed());
    println!(
        "docket: serving {} at http://{local}/ (Ctrl-C to stop)",
        site.display()
    );
    let _ = std::io::stdout().flush();

    let watch_status = Arc::clone(&status);
    let (root, skip) = (root.to_path_buf(), site.to_path_buf());
    std::thread::spawn(move || {
        let mut last = first;
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let now = snapshot(&root, &skip);
            let diff = changed(&last, &now);
            if !diff.is_empty() {
                last = now;
                let t = Instant::now();
                let r = rebuild(&diff);
                report(&watch_status, r, t.elapsed());
            }
        }
    });

    let site = site.to_path_buf();
    let open = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for mut stream in listener.incoming().flatten() {
        use std::sync::atomic::Ordering;
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            respond(
                &mut stream,
                "503 Service Unavailable",
                "text/plain",
                b"busy\n",
                false,
            );
            continue;
        }
        let (site, status, open) = (site.clone(), Arc::clone(&status), Arc::clone(&open));
        std::thread::spawn(move || {
            handle(stream, &site, &status, local);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_heads_are_capped() {
        let ok = read_head(&mut &b"GET /a HTTP/1.1\r\nHost: x:1\r\n\r\n"[..]).expect("head");
        assert_eq!(ok.line, "GET /a HTTP/1.1");
        assert_eq!(ok.host.as_deref(), Some("x:1"));
        let long = format!("GET /{} HTTP/1.1", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(read_head(&mut long.as_bytes()), Err(HeadError::LineTooLong));
        let no_end = "GET / HTTP/1.1";
        assert_eq!(
            read_head(&mut no_end.as_bytes()),
            Err(HeadError::Incomplete)
        );
        let big = format!(
            "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
            "b".repeat(MAX_HEADER_BYTES)
        );
        assert_eq!(
            read_head(&mut big.as_bytes()),
            Err(HeadError::HeadersTooLarge)
        );
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: 1\r\n".repeat(500));
        assert_eq!(
            read_head(&mut many.as_bytes()),
            Err(HeadError::HeadersTooLarge)
        );
    }

    #[test]
    fn hosts_must_name_the_bound_address() {
        let lo: SocketAddr = "127.0.0.1:3000".parse().expect("addr");
        assert!(host_allowed("127.0.0.1:3000", lo));
        assert!(host_allowed("localhost:3000", lo));
        assert!(host_allowed("LOCALHOST:3000", lo));
        assert!(!host_allowed("evil.example:3000", lo));
        assert!(!host_allowed("127.0.0.1:3001", lo));
        assert!(!host_allowed("127.0.0.1", lo));
        assert!(!host_allowed("10.0.0.1:3000", lo));
        let v6: SocketAddr = "[::1]:8080".parse().expect("addr");
        assert!(host_allowed("[::1]:8080", v6));
        assert!(host_allowed("localhost:8080", v6));
        let any: SocketAddr = "0.0.0.0:80".parse().expect("addr");
        assert!(host_allowed("192.0.2.7", any));
        assert!(!host_allowed("rebound.example", any));
    }

    #[test]
    fn requests_cannot_leave_the_site() {
        let d = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(d.path().join("site/a")).expect("mkdir");
        std::fs::write(d.path().join("site/a/x.html"), "x").expect("write");
        std::fs::write(d.path().join("secret"), "s").expect("write");
        let site = d.path().join("site");
        assert!(resolve(&site, "/a/x.html").is_some());
        assert!(resolve(&site, "/a/x.html?v=1#top").is_some());
        assert!(resolve(&site, "/../secret").is_none());
        assert!(resolve(&site, "/a/%2e%2e/%2e%2e/secret").is_none());
        assert!(resolve(&site, "/nope.html").is_none());
    }
}
