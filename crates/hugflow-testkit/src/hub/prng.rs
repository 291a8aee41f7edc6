//! Deterministic pseudo-randomness for the fake Hub: a SplitMix64 generator for drawing
//! datasets, a string hash for seeding per-file content, and random-access noise so any byte
//! range of a generated file can be produced without generating what comes before it.

/// SplitMix64's increment (the golden ratio in 64-bit fixed point).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijective mix of 64 bits.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit hash of some strings (FNV-1a over each, with a separator, then mixed), used to seed
/// content from `(dataset id, path)` so the same file always has the same bytes.
pub fn hash_strs(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(std::iter::once(&0xFF)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    mix(hash)
}

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// A value in `0..n` (`n > 0`), without modulo bias worth mentioning.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A value in `lo..hi` (`lo < hi`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A heavy-tailed count (Pareto with shape `alpha`, minimum 1), minus one, capped.
    pub fn heavy_tail(&mut self, alpha: f64, cap: u64) -> u64 {
        let u = 1.0 - self.unit(); // (0, 1]
        let value = u.powf(-1.0 / alpha) - 1.0;
        (value.min(cap as f64)) as u64
    }
}

/// Fills `buf` with the noise bytes at `offset..offset + buf.len()` of the infinite stream
/// seeded by `seed`: byte `i` of the stream is byte `i % 8` of `mix(seed + (i / 8 + 1) * GOLDEN)`.
pub fn fill_noise(seed: u64, offset: u64, buf: &mut [u8]) {
    let word = |index: u64| mix(seed.wrapping_add(index.wrapping_add(1).wrapping_mul(GOLDEN)));
    let mut pos = 0usize;
    let mut index = offset / 8;
    let skip = (offset % 8) as usize;
    if skip != 0 {
        let bytes = word(index).to_le_bytes();
        let take = (8 - skip).min(buf.len());
        buf[..take].copy_from_slice(&bytes[skip..skip + take]);
        pos = take;
        index += 1;
    }
    let mut chunks = buf[pos..].chunks_exact_mut(8);
    for chunk in &mut chunks {
        chunk.copy_from_slice(&word(index).to_le_bytes());
        index += 1;
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        let len = rest.len();
        rest.copy_from_slice(&word(index).to_le_bytes()[..len]);
    }
}

/// Lower-case hexadecimal of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 15)] as char);
    }
    out
}

/// 40 hex digits derived from some strings: a stand-in for a git commit or tree id.
pub fn fake_sha(parts: &[&str]) -> String {
    let mut rng = Rng::new(hash_strs(parts));
    let mut bytes = [0u8; 20];
    for chunk in bytes.chunks_mut(8) {
        let word = rng.next_u64().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
    hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_random_access() {
        let mut whole = vec![0u8; 100];
        fill_noise(7, 0, &mut whole);
        for start in 0..20 {
            for len in [0, 1, 5, 8, 13, 40] {
                let mut part = vec![0u8; len];
                fill_noise(7, start as u64, &mut part);
                assert_eq!(part, whole[start..start + len], "start {start} len {len}");
            }
        }
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng::new(1);
        assert!((0..1000).all(|_| rng.below(7) < 7));
    }
}
