//! What the workbooks of one run share once it is made: font programs by
//! face and glyph set, and small streams deflated by their bytes. The
//! workbooks of a cohort mostly share their glyph sets, ToUnicode maps and
//! blank fields' appearances, and setting up a deflation costs as much as
//! deflating a page, however small the stream.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::diagnostics::Error;
use crate::pdf::fonts::FaceId;

use super::compress;

/// Streams already made in this run.
pub struct StreamCache {
    programs: Mutex<Kept<ProgramKey, Arc<Program>>>,
    small: Mutex<Kept<Vec<u8>, Vec<u8>>>,
}

/// A face and the glyphs of its subset, in subset order.
pub type ProgramKey = (FaceId, Vec<u16>);

/// A finished font program: its deflated bytes and its length before.
pub struct Program {
    pub deflated: Vec<u8>,
    pub length: usize,
}

/// Programs kept at most.
const PROGRAM_LIMIT: usize = 512;

/// The longest stream (in bytes, before deflating) kept by its bytes, and
/// how many are kept at most (about 3 MB).
const SMALL_STREAM: usize = 2048;
const SMALL_LIMIT: usize = 1024;

impl Default for StreamCache {
    fn default() -> StreamCache {
        StreamCache {
            programs: Mutex::new(Kept::new(PROGRAM_LIMIT)),
            small: Mutex::new(Kept::new(SMALL_LIMIT)),
        }
    }
}

impl StreamCache {
    /// The program of `key`, made by `make` the first time it is asked for.
    pub fn program(
        &self,
        key: ProgramKey,
        make: impl FnOnce() -> Result<Program, Error>,
    ) -> Result<Arc<Program>, Error> {
        if let Some(program) = lock(&self.programs).get(&key) {
            return Ok(program);
        }
        let program = Arc::new(make()?);
        lock(&self.programs).insert(key, program.clone());
        Ok(program)
    }

    /// `bytes` deflated, as [`compress`] deflates them; a small stream
    /// deflated before in this run is not deflated again.
    pub fn deflate(&self, bytes: &[u8]) -> Vec<u8> {
        if bytes.len() > SMALL_STREAM {
            return compress(bytes);
        }
        if let Some(deflated) = lock(&self.small).get(bytes) {
            return deflated;
        }
        let deflated = compress(bytes);
        lock(&self.small).insert(bytes.to_vec(), deflated.clone());
        deflated
    }

    /// How many small streams are kept.
    #[cfg(test)]
    fn small_streams(&self) -> usize {
        lock(&self.small).entries.len()
    }
}

/// A map of at most `limit` entries. When it is full, the entries asked
/// for since it last was are kept and the others dropped (all of them if
/// more than half were asked for), so what many workbooks share outlives
/// what one workbook made for itself.
struct Kept<K, V> {
    entries: FxHashMap<K, (V, bool)>,
    limit: usize,
}

impl<K: Hash + Eq, V: Clone> Kept<K, V> {
    fn new(limit: usize) -> Kept<K, V> {
        Kept {
            entries: FxHashMap::default(),
            limit,
        }
    }

    fn get<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let (value, asked) = self.entries.get_mut(key)?;
        *asked = true;
        Some(value.clone())
    }

    fn insert(&mut self, key: K, value: V) {
        if self.entries.len() >= self.limit {
            self.entries.retain(|_, (_, asked)| std::mem::take(asked));
            if self.entries.len() > self.limit / 2 {
                self.entries.clear();
            }
        }
        self.entries.insert(key, (value, false));
    }
}

/// A cache's map, even if a thread panicked while holding it (what it
/// holds is whole: entries are inserted finished).
fn lock<T>(map: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    map.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_streams_are_deflated_once_and_big_ones_every_time() {
        let cache = StreamCache::default();
        let small = b"BT /F1 12 Tf (blank field) Tj ET".repeat(8);
        let first = cache.deflate(&small);
        assert_eq!(first, compress(&small));
        assert_eq!(cache.small_streams(), 1);
        assert_eq!(cache.deflate(&small), first);
        assert_eq!(cache.small_streams(), 1);
        let other = b"another stream".repeat(4);
        assert_eq!(cache.deflate(&other), compress(&other));
        assert_eq!(cache.small_streams(), 2);
        let big = vec![b'x'; SMALL_STREAM + 1];
        assert_eq!(cache.deflate(&big), compress(&big));
        assert_eq!(cache.small_streams(), 2);
    }

    #[test]
    fn a_full_map_keeps_what_was_asked_for_again() {
        let mut kept = Kept::new(4);
        for key in ["a", "b", "c", "d"] {
            kept.insert(key, key.len());
        }
        assert_eq!(kept.get("a"), Some(1));
        kept.insert("e", 1);
        assert_eq!(kept.get("a"), Some(1));
        assert_eq!(kept.get("e"), Some(1));
        assert_eq!(kept.get("b"), None);
        assert_eq!(kept.entries.len(), 2);
        // Full of entries all asked for: it starts over.
        kept.insert("f", 1);
        kept.insert("g", 1);
        for key in ["a", "e", "f", "g"] {
            assert!(kept.get(key).is_some());
        }
        kept.insert("h", 1);
        assert_eq!(kept.entries.len(), 1);
    }

    #[test]
    fn a_full_cache_drops_what_no_workbook_shared() {
        let cache = StreamCache::default();
        for index in 0..SMALL_LIMIT {
            cache.deflate(index.to_string().as_bytes());
        }
        assert_eq!(cache.small_streams(), SMALL_LIMIT);
        cache.deflate(b"one more");
        assert_eq!(cache.small_streams(), 1);
    }
}
