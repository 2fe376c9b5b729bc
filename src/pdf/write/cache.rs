//! What the workbooks of one run share once it is made: font programs by
//! face and glyph set, and small streams deflated by their bytes. The
//! workbooks of a cohort mostly share their glyph sets, ToUnicode maps and
//! blank fields' appearances, and setting up a deflation costs as much as
//! deflating a page, however small the stream.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::diagnostics::Error;
use crate::pdf::fonts::FaceId;

use super::compress;

/// Streams already made in this run.
#[derive(Default)]
pub struct StreamCache {
    programs: Mutex<HashMap<ProgramKey, Arc<Program>>>,
    small: Mutex<SmallStreams>,
}

/// Small streams' deflated bytes by their bytes.
type SmallStreams = HashMap<Vec<u8>, Vec<u8>>;

/// A face and the glyphs of its subset, in subset order.
pub type ProgramKey = (FaceId, Vec<u16>);

/// A finished font program: its deflated bytes and its length before.
pub struct Program {
    pub deflated: Vec<u8>,
    pub length: usize,
}

/// Programs kept at most; past that the cache starts over.
const PROGRAM_LIMIT: usize = 512;

/// The longest stream (in bytes, before deflating) kept by its bytes, and
/// how many are kept at most (about 3 MB); past that the cache starts over.
const SMALL_STREAM: usize = 2048;
const SMALL_LIMIT: usize = 1024;

impl StreamCache {
    /// The program of `key`, made by `make` the first time it is asked for.
    pub fn program(
        &self,
        key: ProgramKey,
        make: impl FnOnce() -> Result<Program, Error>,
    ) -> Result<Arc<Program>, Error> {
        if let Some(program) = lock(&self.programs).get(&key) {
            return Ok(program.clone());
        }
        let program = Arc::new(make()?);
        let mut programs = lock(&self.programs);
        if programs.len() >= PROGRAM_LIMIT {
            programs.clear();
        }
        programs.insert(key, program.clone());
        Ok(program)
    }

    /// `bytes` deflated, as [`compress`] deflates them; a small stream
    /// deflated before in this run is not deflated again.
    pub fn deflate(&self, bytes: &[u8]) -> Vec<u8> {
        if bytes.len() > SMALL_STREAM {
            return compress(bytes);
        }
        if let Some(deflated) = lock(&self.small).get(bytes) {
            return deflated.clone();
        }
        let deflated = compress(bytes);
        let mut small = lock(&self.small);
        if small.len() >= SMALL_LIMIT {
            small.clear();
        }
        small.insert(bytes.to_vec(), deflated.clone());
        deflated
    }

    /// How many small streams are kept.
    #[cfg(test)]
    fn small_streams(&self) -> usize {
        lock(&self.small).len()
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
    fn a_full_cache_starts_over() {
        let cache = StreamCache::default();
        for index in 0..SMALL_LIMIT {
            cache.deflate(index.to_string().as_bytes());
        }
        assert_eq!(cache.small_streams(), SMALL_LIMIT);
        cache.deflate(b"one more");
        assert_eq!(cache.small_streams(), 1);
    }
}
