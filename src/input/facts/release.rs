//! Release facts from the repository: the tags that are versions (`v0.9.2`,
//! `0.9.2`), read by one bounded `git for-each-ref`, and the package version
//! `Cargo.toml`, `package.json` or `haxelib.json` at the book root gives, with
//! its line. Read when a page states the latest release, never otherwise.

use std::cmp::Ordering;
use std::path::Path;
use std::time::Duration;

use super::git;

/// Bytes of tag listing read at most.
const MAX_BYTES: usize = 8 << 20;
const TIMEOUT: Duration = Duration::from_secs(10);

/// A version: numbers and an optional pre-release suffix (`-rc.1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// `[0, 9, 2]`.
    pub parts: Vec<u64>,
    /// `rc.1` for `1.0.0-rc.1`.
    pub pre: Option<String>,
}

impl Version {
    /// `0.9.2`, `v0.9.2`, `1.0`, `1.0.0-rc.1`; `None` for anything else (a
    /// `name-v1.0` tag, a date, `1.x`).
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.strip_prefix('v').unwrap_or(s);
        let (nums, pre) = match s.split_once('-') {
            Some((n, p)) if !p.is_empty() => (n, Some(p.to_string())),
            Some(_) => return None,
            None => (s, None),
        };
        let parts = nums
            .split('.')
            .map(|x| {
                (!x.is_empty() && x.len() <= 9 && x.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| x.parse().ok())
                    .flatten()
            })
            .collect::<Option<Vec<u64>>>()?;
        (2..=3)
            .contains(&parts.len())
            .then_some(Version { parts, pre })
    }

    /// Compared on the first `n` numbers only (a doc naming `0.9` names the
    /// line `0.9.2` is on).
    pub fn cmp_prefix(&self, other: &Version, n: usize) -> Ordering {
        let pad = |v: &Version| {
            let mut p: Vec<u64> = v.parts.iter().copied().take(n).collect();
            p.resize(n, 0);
            p
        };
        pad(self).cmp(&pad(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_prefix(other, 3)
            .then_with(|| match (&self.pre, &other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => a.cmp(b),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A tag that is a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// As written (`v0.9.2`).
    pub name: String,
    /// Parsed.
    pub version: Version,
    /// The commit it points at (annotated tags peeled).
    pub commit: String,
    /// The tag's date, `YYYY-MM-DD`.
    pub date: String,
}

impl Tag {
    /// The commit, abbreviated to 7 hex digits.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }
}

/// A package version a manifest file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageVersion {
    /// The file, relative to the book root.
    pub file: String,
    /// 1-based line of the version.
    pub line: usize,
    /// As written.
    pub raw: String,
    /// Parsed.
    pub version: Version,
}

/// What the repository says was released.
#[derive(Debug, Default)]
pub struct Releases {
    /// Version tags, lowest first (ties by name).
    pub tags: Vec<Tag>,
    /// Package versions, in the order Cargo.toml, package.json, haxelib.json.
    pub packages: Vec<PackageVersion>,
    /// Why tags could not be read, if they could not.
    pub note: Option<String>,
}

impl Releases {
    /// Read the tags (when `git` is on) and the package versions under `root`.
    pub fn load(root: &Path, git_on: bool) -> Releases {
        let mut r = Releases {
            packages: packages(root),
            ..Releases::default()
        };
        if !git_on {
            return r;
        }
        let args = [
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(creatordate:short)",
            "refs/tags",
        ];
        match git::run(root, &args, MAX_BYTES, TIMEOUT) {
            Ok(out) => r.tags = parse_tags(&out.bytes, out.truncated),
            Err(e) => {
                r.note = Some(format!(
                    "no Git history ({}): findings carry no history evidence",
                    e.reason()
                ));
            }
        }
        r
    }

    /// The highest tag that is a release (no pre-release suffix).
    pub fn latest_tag(&self) -> Option<&Tag> {
        self.tags.iter().rev().find(|t| t.version.pre.is_none())
    }
}

/// `for-each-ref` lines: name, object, peeled object, date, NUL-separated.
/// Ref names hold no control characters, so lines split safely.
pub fn parse_tags(bytes: &[u8], truncated: bool) -> Vec<Tag> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<&str> = text.lines().collect();
    if truncated {
        lines.pop();
    }
    let mut tags: Vec<Tag> = lines
        .iter()
        .filter_map(|l| {
            let mut f = l.split('\0');
            let (name, obj, peeled, date) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some(Tag {
                name: name.to_string(),
                version: Version::parse(name)?,
                commit: if peeled.is_empty() { obj } else { peeled }.to_string(),
                date: date.to_string(),
            })
        })
        .collect();
    tags.sort_by(|a, b| a.version.cmp(&b.version).then_with(|| a.name.cmp(&b.name)));
    tags
}

/// The package versions at the root; a file that is absent, unreadable or
/// malformed gives none (it is not a configured source).
fn packages(root: &Path) -> Vec<PackageVersion> {
    let mut out = Vec::new();
    for (file, read) in [
        ("Cargo.toml", cargo as fn(&str) -> Option<(usize, String)>),
        ("package.json", json),
        ("haxelib.json", json),
    ] {
        if !root.join(file).is_file() {
            continue;
        }
        let Ok(text) = super::read(root, Path::new(file)) else {
            continue;
        };
        if let Some((line, raw)) = read(&text)
            && let Some(version) = Version::parse(&raw)
        {
            out.push(PackageVersion {
                file: file.to_string(),
                line,
                raw,
                version,
            });
        }
    }
    out
}

/// `[package] version = "…"` and its line.
pub fn cargo(text: &str) -> Option<(usize, String)> {
    use toml::de::{DeTable, DeValue};
    fn get<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a toml::Spanned<DeValue<'i>>> {
        t.iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }
    let doc = DeTable::parse(text).ok()?;
    let package = get(doc.get_ref(), "package")?;
    let DeValue::Table(package) = package.get_ref() else {
        return None;
    };
    let version = get(package, "version")?;
    let DeValue::String(raw) = version.get_ref() else {
        return None;
    };
    let raw = raw.to_string();
    Some((line_of(text, version.span().start), raw))
}

/// A JSON object's top-level `"version": "…"` and its line.
pub fn json(text: &str) -> Option<(usize, String)> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let raw = v.get("version")?.as_str()?.to_string();
    let quoted = serde_json::to_string(&raw).ok()?;
    // The line: the first `"version"` key followed by this value.
    let at = text
        .match_indices("\"version\"")
        .map(|(i, _)| i)
        .find(|&i| {
            text[i + 9..]
                .trim_start()
                .strip_prefix(':')
                .is_some_and(|r| r.trim_start().starts_with(&quoted))
        })
        .unwrap_or(0);
    Some((line_of(text, at), raw))
}

fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(at)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_sort() {
        let v = |s| Version::parse(s).expect(s);
        assert!(v("v0.10.0") > v("0.9.2"));
        assert!(v("1.0.0") > v("1.0.0-rc.1"));
        assert_eq!(v("1.0"), Version::parse("1.0").expect("1.0"));
        for bad in [
            "name-v1.0",
            "1",
            "1.x",
            "v",
            "2026-03-01",
            "1.2.3.4",
            "1.2-",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
        assert_eq!(v("0.9").cmp_prefix(&v("0.9.2"), 2), Ordering::Equal);
    }

    #[test]
    fn tags_sorted_by_version_and_latest_release() {
        let b = b"v0.10.0-rc.1\0t1\0c1\x002026-03-05\nv0.9.2\0c2\0\x002026-03-04\nv0.8.3\0c3\0\x002026-03-01\nrelease-foo\0c4\0\x002026-03-01\n";
        let tags = parse_tags(b, false);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["v0.8.3", "v0.9.2", "v0.10.0-rc.1"]);
        assert_eq!(tags[2].commit, "c1", "annotated tags are peeled");
        let r = Releases {
            tags,
            ..Releases::default()
        };
        assert_eq!(r.latest_tag().map(|t| t.name.as_str()), Some("v0.9.2"));
        // A cut listing drops its last line.
        assert_eq!(parse_tags(b"v1.0.0\0c\0\x00d\nv2.0", true).len(), 1);
    }

    #[test]
    fn package_versions_with_lines() {
        assert_eq!(
            cargo("[workspace]\n\n[package]\nname = \"x\"\nversion = \"0.9.2\"\n"),
            Some((5, "0.9.2".into()))
        );
        assert_eq!(cargo("[package]\nversion.workspace = true\n"), None);
        assert_eq!(cargo("not toml = = ="), None);
        assert_eq!(
            json("{\n  \"deps\": {\"version\": \"9\"},\n  \"version\": \"1.2.3\"\n}"),
            Some((3, "1.2.3".into()))
        );
        assert_eq!(json("[1]"), None);
    }
}
