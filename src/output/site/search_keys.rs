//! The search index's keys: a shard's terms and their postings found by a
//! hash keyed per shard (a page's words can be crafted to collide under a
//! fixed one), short terms as one number; and the files' versions.

/// A shard's terms, each with its postings, and where each term is in the
/// list. The terms are the pages' words, which a page can craft to collide
/// under a fixed hash (a million such terms took a minute): the hash is keyed
/// afresh in each shard (`TermHash`). The output is sorted by term, so the
/// order of the maps never shows.
pub(super) struct Postings<'a> {
    /// Terms of up to 15 bytes (nearly all), by `short_key`: one number to
    /// hash and compare instead of a string.
    short: std::collections::HashMap<u128, usize, TermHash>,
    /// Longer terms.
    long: std::collections::HashMap<&'a str, usize, TermHash>,
    /// Terms in the order first seen, with their postings.
    pub(super) list: Vec<(&'a str, Vec<u32>)>,
}

impl<'a> Postings<'a> {
    pub(super) fn new() -> Postings<'a> {
        let hash = TermHash::new();
        Postings {
            short: std::collections::HashMap::with_capacity_and_hasher(1024, hash),
            long: std::collections::HashMap::with_hasher(hash),
            list: Vec::with_capacity(1024),
        }
    }

    /// The postings of the term `norm[a..b]`, empty when first seen.
    pub(super) fn of(&mut self, norm: &'a str, a: usize, b: usize) -> &mut Vec<u32> {
        let next = self.list.len();
        let at = match short_key(norm.as_bytes(), a, b) {
            Some(key) => *self.short.entry(key).or_insert(next),
            None => *self.long.entry(&norm[a..b]).or_insert(next),
        };
        if at == next {
            self.list.push((&norm[a..b], Vec::new()));
        }
        &mut self.list[at].1
    }
}

/// The term `norm[a..b]`, when at most 15 bytes, as one number: its bytes
/// (little-endian) under its length in the top byte, so equal numbers are
/// equal terms whatever bytes they hold.
fn short_key(norm: &[u8], a: usize, b: usize) -> Option<u128> {
    let len = b.checked_sub(a).filter(|&l| l <= 15)?;
    let mut w = [0u8; 16];
    // Sixteen bytes at once where the buffer has them (a fixed-size copy, no
    // call), the bytes past the term masked off.
    match norm.get(a..a + 16) {
        Some(s) => w.copy_from_slice(s),
        None => {
            for (d, s) in w.iter_mut().zip(norm.get(a..b)?) {
                *d = *s;
            }
        }
    }
    let mask = (1u128 << (8 * len)) - 1;
    Some((u128::from_le_bytes(w) & mask) | ((len as u128) << 120))
}

/// The postings' hash: a folded multiply (the 128-bit product's halves
/// xored) per 8 bytes, under a seed and a key drawn from std's `RandomState`,
/// the construction of hashbrown's default hasher (foldhash). Without the keys
/// a page cannot aim collisions; std's SipHash was a third of the index's time.
#[derive(Clone, Copy)]
struct TermHash {
    seed: u64,
    key: u64,
}

impl TermHash {
    fn new() -> TermHash {
        use std::hash::BuildHasher as _;
        let random = std::collections::hash_map::RandomState::new();
        TermHash {
            seed: random.hash_one(0x5eed_u64),
            key: random.hash_one(0x6b65_u64) | 1,
        }
    }
}

struct TermHasher {
    h: u64,
    key: u64,
}

impl std::hash::BuildHasher for TermHash {
    type Hasher = TermHasher;
    fn build_hasher(&self) -> TermHasher {
        TermHasher {
            h: self.seed,
            key: self.key,
        }
    }
}

fn folded_multiply(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl std::hash::Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.h = folded_multiply(self.h ^ u64::from_le_bytes(w), self.key);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length in the byte padding leaves empty: "ab" is not "ab\0".
            w[7] = rest.len() as u8;
            self.h = folded_multiply(self.h ^ u64::from_le_bytes(w), self.key);
        }
    }
    /// A short term's key (`short_key`): two multiplies.
    fn write_u128(&mut self, n: u128) {
        self.h = folded_multiply(self.h ^ (n as u64), self.key);
        self.h = folded_multiply(self.h ^ ((n >> 64) as u64), self.key);
    }
    /// Only `str`'s end mark comes here: the same for every term.
    fn write_u8(&mut self, b: u8) {
        self.h = self.h.wrapping_add(u64::from(b));
    }
    fn finish(&self) -> u64 {
        self.h
    }
}

/// The Fx hash (rustc's), for file versions: content fingerprints, not a map.
#[derive(Default, Clone, Copy)]
struct FxBuild;

struct Fx(u64);

impl std::hash::BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A file's version for `?v=`: the Fx hash over 8-byte words, as hex. The
/// index's files are most of a large site's bytes, and FNV's byte at a time
/// was a tenth of the index's time.
pub(super) fn version(text: &str) -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut h = FxBuild.build_hasher();
    h.write(text.as_bytes());
    h.write(&(text.len() as u64).to_le_bytes());
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_equal_only_for_equal_terms() {
        // Terms near the buffer's end take the byte-at-a-time copy.
        let norm = "ab\u{0}ab\u{0}abcdefghijklmnopabcdefghijklmno";
        let key = |a: usize, b: usize| short_key(norm.as_bytes(), a, b);
        assert_eq!(key(0, 2), key(3, 5));
        assert_ne!(key(0, 2), key(0, 3), "a NUL byte is not padding");
        assert_eq!(key(6, 21), key(22, 37));
        assert_ne!(key(6, 20), key(6, 21));
        assert_eq!(key(6, 22), None, "16 bytes: a long term");
        let mut seen = std::collections::HashMap::new();
        for a in 0..norm.len() {
            for b in a..=(a + 15).min(norm.len()) {
                let k = key(a, b).expect("short");
                assert_eq!(*seen.entry(k).or_insert(&norm[a..b]), &norm[a..b]);
            }
        }
    }
}
