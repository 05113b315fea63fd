//! `SplitMix64` (Steele, Lea and Flood, 2014): a 64-bit finaliser and the generator built on it.
//!
//! In: a 64-bit value, or a generator's state. Out: 64 bits in which every input bit has
//! moved every output bit, the same on every machine and in every version of this crate (the
//! synthetic corpus and the spread of hashed keys over buckets depend on that, so no crate's
//! random stream, which may change between versions, stands in for it). It sits at the
//! bottom of the layout so that `synth` and every stage that hashes can share it. What this
//! does not do: anything a secret or an adversary could rely on; it is neither a
//! cryptographic hash nor a secure random source.

/// The generator's step, 2⁶⁴ divided by the golden ratio (odd): also a seed for a fold of
/// hashes that must not start at zero.
pub(crate) const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The finaliser: spreads every input bit over the output (a bijection of `u64`).
#[must_use]
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator: a state that steps by `GAMMA`, each step's value mixed.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 bits of the stream.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_from_seed_zero_is_the_reference_one() {
        // The first outputs of the reference implementation (Vigna's splitmix64.c) seeded 0.
        let mut rng = SplitMix64(0);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                0xE220_A839_7B1D_CDAF,
                0x6E78_9E6A_A1B9_65F4,
                0x06C4_5D18_8009_454F
            ]
        );
    }

    #[test]
    fn mixing_zero_gives_zero_and_one_bit_moves_about_half_of_them() {
        assert_eq!(mix(0), 0);
        let moved = (mix(1) ^ mix(0)).count_ones();
        assert!((16..=48).contains(&moved), "{moved} bits moved");
    }
}
