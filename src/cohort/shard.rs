//! Splitting a cohort across machines: `--shard I/N` builds the I-th of N
//! slices of the profiles.
//!
//! A profile's slice depends only on its file stem (a stable hash of it), so
//! adding or removing a profile never moves any other profile to another
//! slice, and every machine agrees on the split without talking to others.

use std::fmt;
use std::str::FromStr;

/// One slice of N: `index` counts from 1, as `--shard 1/4` to `--shard 4/4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the profile with output name `stem` belongs to this slice.
    pub fn contains(self, stem: &str) -> bool {
        Shard::slice_of(stem, self.count) == self.index
    }

    /// The slice (1 to `count`) a stem belongs to.
    pub fn slice_of(stem: &str, count: u32) -> u32 {
        let hash = xxhash_rust::xxh3::xxh3_64(stem.as_bytes());
        (hash % u64::from(count.max(1))) as u32 + 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let usage = || format!("`{text}` is not a shard like 2/4 (the 2nd of 4 slices)");
        let (index, count) = text.split_once('/').ok_or_else(usage)?;
        let index: u32 = index.trim().parse().map_err(|_| usage())?;
        let count: u32 = count.trim().parse().map_err(|_| usage())?;
        if count == 0 {
            return Err("the number of shards must be at least 1".to_string());
        }
        if index == 0 || index > count {
            return Err(format!(
                "shard {index}/{count} does not exist: shards count from 1 to {count}"
            ));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_refuse_nonsense() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert!("0/4".parse::<Shard>().is_err());
        assert!("5/4".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("two".parse::<Shard>().is_err());
    }

    #[test]
    fn every_stem_is_in_exactly_one_slice() {
        for count in 1..6 {
            for n in 0..50 {
                let stem = format!("student-{n}");
                let slices: Vec<u32> = (1..=count)
                    .filter(|&index| Shard { index, count }.contains(&stem))
                    .collect();
                assert_eq!(slices.len(), 1, "{stem} in {slices:?} of {count}");
            }
        }
    }
}
