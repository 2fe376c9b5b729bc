//! Many profiles in one run: a cohort's workbooks built in parallel from one
//! loaded [`Book`], each profile isolated from the others, unchanged ones
//! skipped, and an index of the folder written at the end.
//!
//! Memory stays flat as the cohort grows: each worker renders one workbook,
//! writes it and lets it go; the run keeps only counts and failures.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::answers::Answers;
use crate::book::Book;
use crate::build::{self, file_stem, write_atomic};
use crate::diagnostics::{display_path, Error, SourceFile};
use crate::index;
use crate::profile::Profile;
use crate::project::Format;
use crate::state::{Digest, Record, RunInputs};

/// Workers share the book by reference; this fails to compile if it ever
/// stops being shareable between threads.
const _: fn() = || {
    fn shared<T: Sync>() {}
    shared::<Book>();
};

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Where the workbooks, their records and the index go.
    pub out_dir: PathBuf,
    /// Which outputs each workbook gets.
    pub formats: Vec<Format>,
    /// Answers printed into the worksheets (for a single profile).
    pub answers: Answers,
    /// How many workbooks to build at once; `None` means one per core.
    pub jobs: Option<usize>,
    /// Rebuild even workbooks that are up to date.
    pub force: bool,
}

impl BatchOptions {
    /// Options for building `formats` into `out_dir`, with defaults for
    /// the rest: no answers, every core, skip what is up to date.
    pub fn new(out_dir: impl Into<PathBuf>, formats: &[Format]) -> BatchOptions {
        BatchOptions {
            out_dir: out_dir.into(),
            formats: formats.to_vec(),
            answers: Answers::default(),
            jobs: None,
            force: false,
        }
    }
}

/// How one workbook's build ended.
#[derive(Debug)]
pub enum Outcome {
    /// Rendered and written: the files, in format order.
    Built { name: String, written: Vec<PathBuf> },
    /// Skipped: the outputs on disk already came from these inputs.
    UpToDate { name: String },
    /// Not written; every problem found.
    Failed { errors: Vec<Error> },
}

/// One profile's result, as reported to [`Progress`].
#[derive(Debug)]
pub struct Workbook {
    /// The profile file.
    pub profile: PathBuf,
    /// The output name: the profile's file stem.
    pub stem: String,
    pub outcome: Outcome,
}

/// Told about each workbook as it finishes, from whichever worker built it.
pub trait Progress: Sync {
    /// Before the first workbook: how many there will be.
    fn start(&self, _total: usize) {}
    /// After each workbook, in the order they finish.
    fn finished(&self, workbook: &Workbook);
    /// After the last workbook, before the summary.
    fn done(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn finished(&self, _: &Workbook) {}
}

/// A failed workbook (or index) in the summary.
#[derive(Debug)]
pub struct Failure {
    /// The file that failed, as shown to the user.
    pub file: String,
    pub errors: Vec<Error>,
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Workbooks rendered and written.
    pub built: usize,
    /// Workbooks skipped as up to date.
    pub up_to_date: usize,
    /// Failures, in profile order.
    pub failed: Vec<Failure>,
    /// The cohort index, when the output folder has any workbook.
    pub index: Option<PathBuf>,
}

impl Summary {
    /// Every workbook the run was asked for.
    pub fn total(&self) -> usize {
        self.built + self.up_to_date + self.failed.len()
    }
}

/// Builds every profile in `paths` into `options.out_dir`, in parallel,
/// then writes the cohort index. A profile that fails is reported and the
/// others go on; only a failure to start the workers is an `Err`.
pub fn build_all(
    book: &Book,
    paths: &[PathBuf],
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<Summary, Error> {
    let mut options = options.clone();
    options.formats.sort();
    options.formats.dedup();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::new(format!("cannot start the build workers: {e}")))?;
    let run = RunInputs::of(book, &options.formats, &options.answers);
    let built = AtomicUsize::new(0);
    let up_to_date = AtomicUsize::new(0);
    progress.start(paths.len());
    let mut failed: Vec<Failure> = pool.install(|| {
        paths
            .par_iter()
            .filter_map(|path| {
                let workbook = Workbook {
                    profile: path.clone(),
                    stem: file_stem(path),
                    outcome: build_isolated(book, &run, path, &options),
                };
                progress.finished(&workbook);
                match workbook.outcome {
                    Outcome::Built { .. } => {
                        built.fetch_add(1, Ordering::Relaxed);
                        None
                    }
                    Outcome::UpToDate { .. } => {
                        up_to_date.fetch_add(1, Ordering::Relaxed);
                        None
                    }
                    Outcome::Failed { errors } => Some(Failure {
                        file: display_path(path),
                        errors,
                    }),
                }
            })
            .collect()
    });
    progress.done();
    let index = match index::write(book, &options.out_dir) {
        Ok(index) => index,
        Err(error) => {
            failed.push(Failure {
                file: display_path(&options.out_dir.join(index::FILE_NAME)),
                errors: vec![error],
            });
            None
        }
    };
    Ok(Summary {
        built: built.into_inner(),
        up_to_date: up_to_date.into_inner(),
        failed,
        index,
    })
}

/// Builds one workbook; a panic (a bug in prepbook) fails this workbook
/// alone instead of the whole run.
fn build_isolated(book: &Book, run: &RunInputs, path: &Path, options: &BatchOptions) -> Outcome {
    catch_unwind(AssertUnwindSafe(|| build_one(book, run, path, options))).unwrap_or_else(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        Outcome::Failed {
            errors: vec![Error::in_file(
                display_path(path),
                format!("prepbook crashed while building this profile: {reason}"),
            )
            .with_help("this is a bug in prepbook; please report it with the profile")],
        }
    })
}

fn build_one(book: &Book, run: &RunInputs, path: &Path, options: &BatchOptions) -> Outcome {
    match try_build_one(book, run, path, options) {
        Ok(outcome) => outcome,
        Err(errors) => Outcome::Failed { errors },
    }
}

fn try_build_one(
    book: &Book,
    run: &RunInputs,
    path: &Path,
    options: &BatchOptions,
) -> Result<Outcome, Vec<Error>> {
    let out_dir = &options.out_dir;
    let stem = file_stem(path);
    let shown = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| vec![Error::io(path, "cannot read", e)])?;
    let inputs = run.workbook(&stem, &bytes);
    if !options.force {
        if let Some(record) = Record::load(out_dir, &stem) {
            if record.is_current(out_dir, &stem, inputs, &options.formats) {
                return Ok(Outcome::UpToDate { name: record.name });
            }
        }
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        vec![Error::in_file(shown.clone(), "is not UTF-8 text")
            .with_help("save the profile with the UTF-8 encoding")]
    })?;
    let profile = Profile::parse(&SourceFile::new(shown.clone(), text)).map_err(|e| vec![e])?;
    let outputs = build::render(
        book,
        &profile,
        &stem,
        &shown,
        &options.formats,
        &options.answers,
    )?;
    std::fs::create_dir_all(out_dir).map_err(|e| vec![Error::io(out_dir, "cannot create", e)])?;
    let mut written = Vec::new();
    for (format, bytes) in outputs {
        let target = out_dir.join(format!("{stem}.{}", format.extension()));
        write_atomic(&target, &bytes).map_err(|e| vec![e])?;
        written.push((target, Digest::of(&bytes)));
    }
    let name = profile.person.name.get_ref().trim().to_string();
    Record::new(&name, inputs, &written)
        .save(out_dir, &stem)
        .map_err(|e| vec![e])?;
    Ok(Outcome::Built {
        name,
        written: written.into_iter().map(|(path, _)| path).collect(),
    })
}
