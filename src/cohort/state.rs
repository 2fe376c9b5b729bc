//! The incremental record: what each workbook was built from, kept next to
//! its outputs so the next run can skip a workbook whose inputs and outputs
//! are exactly as they were, and never skip one whose inputs changed.
//!
//! Every input is hashed by its bytes (xxh3, 128 bits), never trusted by
//! its modification time. Each workbook has its own small record file,
//! `OUT/.prepbook/<stem>.toml`, so parallel builds never share a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::book::Book;
use crate::diagnostics::Error;
use crate::load::answers::Answers;
use crate::load::folder::FileBytes;
use crate::load::project::Format;
use crate::output::write_atomic_unsynced;

/// The folder inside the output folder that holds the records.
pub const STATE_DIR: &str = ".prepbook";

/// Bumped whenever what a record means changes, so old records are ignored.
const RECORD_VERSION: u32 = 1;

/// The version and a digest of the code that built this binary and of the
/// files built into it (see `build.rs`): a record written by other code is
/// not current, even when the version number is the same.
const CODE_IDENTITY: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("PREPBOOK_CODE_DIGEST"));

/// A 128-bit hash, written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest(u128);

impl Digest {
    /// The hash of some bytes.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// The digest as 32 lower-case hex digits.
    pub fn hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// Hashes named parts, each with its length, so that no two different
/// sets of parts can run together into the same stream of bytes.
struct Hasher(Xxh3);

impl Hasher {
    fn new() -> Hasher {
        let mut hasher = Hasher(Xxh3::new());
        hasher.part("record version", &RECORD_VERSION.to_le_bytes());
        hasher
    }

    fn part(&mut self, label: &str, bytes: &[u8]) -> &mut Hasher {
        for piece in [label.as_bytes(), bytes] {
            self.0.update(&(piece.len() as u64).to_le_bytes());
            self.0.update(piece);
        }
        self
    }

    fn finish(&self) -> Digest {
        Digest(self.0.digest128())
    }
}

/// The inputs every workbook of a run shares, hashed once per run: the
/// prepbook version, the project settings (with the language built), every
/// chapter, the review rules, the theme with its words and fonts, the build
/// date, the formats and any answers.
#[derive(Debug, Clone, Copy)]
pub struct RunInputs(Digest);

impl RunInputs {
    /// Hashes what `book` was loaded from and the run's build options.
    pub fn of(book: &Book, formats: &[Format], answers: &Answers) -> RunInputs {
        let mut hasher = Hasher::new();
        hasher.part("prepbook", CODE_IDENTITY.as_bytes());
        // The parsed settings rather than the file's bytes: exactly what the
        // build reads (a page size, a title), and new settings are included
        // the day they are added.
        hasher.part("project", format!("{:?}", book.project.config).as_bytes());
        for chapter in &book.chapters {
            hasher.part("chapter", chapter.name.as_bytes());
            hasher.part("chapter text", chapter.source.text.as_bytes());
        }
        if let Some(rules) = &book.rules {
            hasher.part("review rules", format!("{rules:?}").as_bytes());
        }
        let theme = &book.theme;
        hasher.part("theme", format!("{:?}", theme.config).as_bytes());
        hasher.part("words", format!("{:?}", book.locale).as_bytes());
        hasher.part("layout", theme.html.layout.text.as_bytes());
        hasher.part("worksheet", theme.html.worksheet.text.as_bytes());
        hasher.part("css", theme.html.css.as_bytes());
        hasher.part("js", theme.html.js.as_bytes());
        for font in theme.fonts.all() {
            match &*font.bytes {
                // Megabytes each, and already in the code's identity.
                FileBytes::BuiltIn(_) => hasher.part("built-in font", font.name.as_bytes()),
                bytes => hasher.part("font", bytes),
            };
        }
        hasher.part("date", book.date.iso.as_bytes());
        hasher.part("timestamp", &book.date.timestamp.to_le_bytes());
        let mut formats = formats.to_vec();
        formats.sort();
        formats.dedup();
        for format in formats {
            hasher.part("format", format.extension().as_bytes());
        }
        let answers: Vec<(&str, &str)> = answers.iter().collect();
        hasher.part("answers", format!("{answers:?}").as_bytes());
        RunInputs(hasher.finish())
    }

    /// The inputs of one workbook: the run's, its output name and the
    /// profile file's bytes.
    pub fn workbook(&self, stem: &str, profile: &[u8]) -> Digest {
        let mut hasher = Hasher::new();
        hasher.part("run", &self.0 .0.to_le_bytes());
        hasher.part("stem", stem.as_bytes());
        hasher.part("profile", profile);
        hasher.finish()
    }
}

/// What one workbook was built from and what it wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The person's name, for the cohort index.
    pub name: String,
    /// The hash of the workbook's inputs.
    pub inputs: String,
    /// Each output's file name and the hash of its bytes.
    pub outputs: BTreeMap<String, String>,
}

impl Record {
    /// A record of outputs just written from `inputs`.
    pub fn new(name: &str, inputs: Digest, outputs: &[(PathBuf, Digest)]) -> Record {
        Record {
            name: name.to_string(),
            inputs: inputs.hex(),
            outputs: outputs
                .iter()
                .map(|(path, digest)| (file_name(path), digest.hex()))
                .collect(),
        }
    }

    /// Where the record of workbook `stem` lives.
    pub fn path(out_dir: &Path, stem: &str) -> PathBuf {
        out_dir.join(STATE_DIR).join(format!("{stem}.toml"))
    }

    /// The record of workbook `stem`, if there is a readable one; a missing
    /// or damaged record just means "build it".
    pub fn load(out_dir: &Path, stem: &str) -> Option<Record> {
        let text = std::fs::read_to_string(Record::path(out_dir, stem)).ok()?;
        toml::from_str(&text).ok()
    }

    /// Writes the record, atomically, after the outputs it describes. It is
    /// not synced to the disk: if a power cut loses or empties it, or keeps
    /// it while losing an output, the hashes no longer match and the
    /// workbook is rebuilt, so waiting for the disk would buy nothing.
    pub fn save(&self, out_dir: &Path, stem: &str) -> Result<(), Error> {
        let path = Record::path(out_dir, stem);
        let dir = out_dir.join(STATE_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "cannot create", e))?;
        let text = toml::to_string(self)
            .map_err(|e| Error::new(format!("cannot write the build record: {e}")))?;
        write_atomic_unsynced(&path, text.as_bytes())
    }

    /// Whether this record says the outputs in `out_dir` were built from
    /// `inputs` in exactly `formats`, and every one of them is still there
    /// with the bytes that were written.
    pub fn is_current(
        &self,
        out_dir: &Path,
        stem: &str,
        inputs: Digest,
        formats: &[Format],
    ) -> bool {
        if self.inputs != inputs.hex() {
            return false;
        }
        let expected: Vec<String> = formats
            .iter()
            .map(|f| format!("{stem}.{}", f.extension()))
            .collect();
        if self.outputs.len() != expected.len() {
            return false;
        }
        expected.iter().all(|name| {
            self.outputs.get(name).is_some_and(|hex| {
                std::fs::read(out_dir.join(name))
                    .is_ok_and(|bytes| Digest::of(&bytes).hex() == *hex)
            })
        })
    }

    /// Every record in `out_dir`, by workbook stem.
    pub fn all(out_dir: &Path) -> Vec<(String, Record)> {
        let Ok(entries) = std::fs::read_dir(out_dir.join(STATE_DIR)) else {
            return Vec::new();
        };
        let mut records: Vec<(String, Record)> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .filter_map(|path| {
                let stem = path.file_stem()?.to_string_lossy().into_owned();
                let record = Record::load(out_dir, &stem)?;
                Some((stem, record))
            })
            .collect();
        records.sort_by(|a, b| a.0.cmp(&b.0));
        records
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_name_the_code_that_wrote_them() {
        let (version, digest) = CODE_IDENTITY.split_once('+').expect("version+digest");
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
        assert_eq!(digest.len(), 16, "{CODE_IDENTITY}");
        assert!(
            digest.bytes().all(|b| b.is_ascii_hexdigit()),
            "{CODE_IDENTITY}"
        );
        assert_ne!(digest, "0".repeat(16));
    }

    #[test]
    fn parts_do_not_run_together() {
        let a = Hasher::new().part("x", b"ab").part("y", b"c").finish();
        let b = Hasher::new().part("x", b"a").part("y", b"bc").finish();
        assert_ne!(a, b);
    }

    #[test]
    fn a_record_round_trips_and_checks_its_outputs() {
        let out = tempfile::tempdir().expect("temp");
        std::fs::write(out.path().join("ana.pdf"), b"pdf").expect("write");
        let inputs = Digest::of(b"inputs");
        let record = Record::new(
            "Ana",
            inputs,
            &[(out.path().join("ana.pdf"), Digest::of(b"pdf"))],
        );
        record.save(out.path(), "ana").expect("save");
        let loaded = Record::load(out.path(), "ana").expect("load");
        assert_eq!(loaded, record);
        assert!(loaded.is_current(out.path(), "ana", inputs, &[Format::Pdf]));
        assert!(!loaded.is_current(out.path(), "ana", Digest::of(b"other"), &[Format::Pdf]));
        assert!(!loaded.is_current(out.path(), "ana", inputs, &[Format::Pdf, Format::Html]));
        std::fs::write(out.path().join("ana.pdf"), b"edited").expect("write");
        assert!(!loaded.is_current(out.path(), "ana", inputs, &[Format::Pdf]));
    }
}
