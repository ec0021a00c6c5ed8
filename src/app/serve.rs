//! `docket serve`: build, serve the site on loopback, rebuild when the book
//! changes, and reload open pages. A failed rebuild keeps the last good site
//! and shows the error in the terminal and in an overlay on every open page;
//! the server keeps running.
//!
//! No dependencies: a small HTTP/1.1 GET server on `std::net`, and change
//! detection by polling modification times (portable, and a book is small).

use std::io::{BufRead, BufReader, Write};
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

fn respond(stream: &mut TcpStream, code: &str, ctype: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {code}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body));
}

fn handle(mut stream: TcpStream, site: &Path, status: &Mutex<Status>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers; bodies are not accepted.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET\n",
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
        );
        return;
    };
    match std::fs::read(&file) {
        Ok(body) if content_type(&file).starts_with("text/html") => {
            respond(&mut stream, "200 OK", content_type(&file), &inject(&body));
        }
        Ok(body) => respond(&mut stream, "200 OK", content_type(&file), &body),
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain", b"not found\n"),
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
    for stream in listener.incoming().flatten() {
        let (site, status) = (site.clone(), Arc::clone(&status));
        std::thread::spawn(move || handle(stream, &site, &status));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
