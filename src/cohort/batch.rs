//! Many profiles in one run: a cohort's workbooks built in parallel from one
//! loaded [`Book`], each profile isolated from the others, unchanged ones
//! skipped, and an index of the folder written at the end.
//!
//! Memory stays flat as the cohort grows: each worker renders one workbook
//! and hands it to a writer, which writes it and lets it go; the run keeps
//! only counts and failures.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::book::Book;
use crate::build::{self, file_stem};
use crate::cohort::index;
use crate::cohort::state::{Digest, Record, RunInputs};
use crate::diagnostics::{display_path, Error};
use crate::load::answers::Answers;
use crate::load::profile::Profile;
use crate::load::project::Format;
use crate::output::{self, write_atomic_unsynced};

/// The most workbooks built at once, whatever `--jobs` asks for: each
/// worker holds a workbook in memory, and a few per core keep every core busy.
pub const MAX_JOBS: usize = 64;

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
///
/// Rendering runs on `jobs` workers; writing (which waits for the disk to
/// confirm each file) runs on as many writer threads, so a core never
/// idles on the disk. A short queue between them keeps memory flat.
pub fn build_all(
    book: &Book,
    paths: &[PathBuf],
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<Summary, Error> {
    let mut options = options.clone();
    options.formats.sort();
    options.formats.dedup();
    if options.out_dir.exists() && !options.out_dir.is_dir() {
        return Err(Error::in_file(
            display_path(&options.out_dir),
            "is a file, not a folder to write the workbooks to",
        ));
    }
    output::remove_stale_temporaries(&options.out_dir);
    // More workers than workbooks (or than MAX_JOBS) only cost memory.
    let jobs = options
        .jobs
        .map(|jobs| jobs.clamp(1, MAX_JOBS).min(paths.len().max(1)));
    // With --jobs the workbooks render on a pool of that size; else on the
    // global pool, which loading the book has started already.
    let pool = match jobs {
        Some(jobs) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .map_err(|e| Error::new(format!("cannot start the build workers: {e}")))?,
        ),
        None => None,
    };
    let workers = pool.as_ref().map_or_else(
        rayon::current_num_threads,
        rayon::ThreadPool::current_num_threads,
    );
    let run = LazyRunInputs {
        book,
        options: &options,
        hashed: OnceLock::new(),
    };
    let tally = Tally::default();
    let finish = |index: usize, outcome: Outcome| {
        let workbook = Workbook {
            profile: paths[index].clone(),
            stem: file_stem(&paths[index]),
            outcome,
        };
        progress.finished(&workbook);
        tally.count(index, workbook);
    };
    progress.start(paths.len());
    let (queue, rendered) = mpsc::sync_channel::<Rendered>(workers);
    let rendered = Mutex::new(rendered);
    std::thread::scope(|scope| {
        // Hashed beside the first workbooks, which need it only when
        // written (or checked against a record already on disk).
        scope.spawn(|| run.get());
        for _ in 0..workers.min(paths.len()) {
            scope.spawn(|| loop {
                // The lock is held only while waiting for the next workbook.
                let next = rendered
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .recv();
                let Ok(workbook) = next else { break };
                let index = workbook.index;
                let outcome = isolated(&paths[index], || write(workbook, &run, &options));
                finish(index, outcome);
            });
        }
        let render_all = || {
            paths.par_iter().enumerate().for_each_with(
                queue,
                |queue, (index, path)| match isolated(path, || {
                    render(book, &run, index, path, &options)
                }) {
                    Step::Done(outcome) => finish(index, outcome),
                    Step::Write(workbook) => {
                        if let Err(mpsc::SendError(workbook)) = queue.send(workbook) {
                            let error = Error::in_file(
                                display_path(path),
                                "the writer threads stopped before this workbook was written",
                            );
                            finish(workbook.index, Outcome::failed(error));
                        }
                    }
                },
            );
        };
        match &pool {
            Some(pool) => pool.install(render_all),
            None => render_all(),
        }
    });
    progress.done();
    let mut summary = tally.into_summary();
    summary.index = match index::write(book, &options.out_dir) {
        Ok(index) => index,
        Err(error) => {
            summary.failed.push(Failure {
                file: display_path(&options.out_dir.join(index::FILE_NAME)),
                errors: vec![error],
            });
            None
        }
    };
    Ok(summary)
}

/// Counts outcomes from any thread and keeps failures in profile order.
#[derive(Default)]
struct Tally {
    built: AtomicUsize,
    up_to_date: AtomicUsize,
    failed: Mutex<Vec<(usize, Failure)>>,
}

impl Tally {
    fn count(&self, index: usize, workbook: Workbook) {
        match workbook.outcome {
            Outcome::Built { .. } => {
                self.built.fetch_add(1, Ordering::Relaxed);
            }
            Outcome::UpToDate { .. } => {
                self.up_to_date.fetch_add(1, Ordering::Relaxed);
            }
            Outcome::Failed { errors } => {
                let failure = Failure {
                    file: display_path(&workbook.profile),
                    errors,
                };
                if let Ok(mut failed) = self.failed.lock() {
                    failed.push((index, failure));
                }
            }
        }
    }

    fn into_summary(self) -> Summary {
        let mut failed = self.failed.into_inner().unwrap_or_default();
        failed.sort_by_key(|(index, _)| *index);
        Summary {
            built: self.built.into_inner(),
            up_to_date: self.up_to_date.into_inner(),
            failed: failed.into_iter().map(|(_, failure)| failure).collect(),
            index: None,
        }
    }
}

impl Outcome {
    fn failed(error: Error) -> Outcome {
        Outcome::Failed {
            errors: vec![error],
        }
    }
}

/// A workbook rendered in memory, on its way to the disk.
struct Rendered {
    index: usize,
    stem: String,
    name: String,
    /// The profile's own inputs ([`crate::load::profile::LoadedProfile::input_bytes`]).
    profile: Vec<u8>,
    outputs: Vec<(Format, Vec<u8>)>,
}

/// The inputs a run's workbooks share, hashed once on first need.
struct LazyRunInputs<'a> {
    book: &'a Book,
    options: &'a BatchOptions,
    hashed: OnceLock<RunInputs>,
}

impl LazyRunInputs<'_> {
    /// The run's inputs; a thread asking while another hashes them waits.
    fn get(&self) -> RunInputs {
        *self
            .hashed
            .get_or_init(|| RunInputs::of(self.book, &self.options.formats, &self.options.answers))
    }
}

/// What rendering a profile leads to: an outcome already, or files to write.
enum Step {
    Done(Outcome),
    Write(Rendered),
}

impl From<Outcome> for Step {
    fn from(outcome: Outcome) -> Step {
        Step::Done(outcome)
    }
}

/// Runs one stage of one workbook; a panic (a bug in prepbook) fails this
/// workbook alone instead of the whole run.
fn isolated<T: From<Outcome>>(path: &Path, stage: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(stage))
        .unwrap_or_else(|panic| T::from(Outcome::failed(build::crash_error(path, &*panic))))
}

/// Reads a profile and, unless its record shows it up to date, renders it.
fn render(
    book: &Book,
    run: &LazyRunInputs<'_>,
    index: usize,
    path: &Path,
    options: &BatchOptions,
) -> Step {
    let out_dir = &options.out_dir;
    let stem = match build::output_stem(path) {
        Ok(stem) => stem,
        Err(error) => return Outcome::failed(error).into(),
    };
    let loaded = match Profile::load(path, &book.project.root) {
        Ok(loaded) => loaded,
        Err(error) => return Outcome::failed(error).into(),
    };
    let profile = loaded.input_bytes();
    if !options.force {
        if let Some(record) = Record::load(out_dir, &stem) {
            let inputs = run.get().workbook(&stem, &profile);
            if record.is_current(out_dir, &stem, inputs, &options.formats) {
                return Outcome::UpToDate { name: record.name }.into();
            }
        }
    }
    let rendered = build::render(book, &loaded, &stem, &options.formats, &options.answers);
    match rendered {
        Ok(outputs) => Step::Write(Rendered {
            index,
            stem,
            name: loaded.profile.name().to_string(),
            profile,
            outputs,
        }),
        Err(errors) => Outcome::Failed { errors }.into(),
    }
}

/// Writes a rendered workbook's files, then its record.
fn write(workbook: Rendered, run: &LazyRunInputs<'_>, options: &BatchOptions) -> Outcome {
    let out_dir = &options.out_dir;
    let stem = &workbook.stem;
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        return Outcome::failed(Error::io(out_dir, "cannot create", e));
    }
    let mut written = Vec::new();
    for (format, bytes) in &workbook.outputs {
        let target = out_dir.join(format!("{stem}.{}", format.extension()));
        // A workbook is made again from its inputs: not waited for on the
        // disk (see `write_atomic_unsynced`).
        if let Err(error) = write_atomic_unsynced(&target, bytes) {
            return Outcome::failed(error);
        }
        written.push((target, Digest::of(bytes)));
    }
    let inputs = run.get().workbook(stem, &workbook.profile);
    let record = Record::new(&workbook.name, inputs, &written);
    if let Err(error) = record.save(out_dir, stem) {
        return Outcome::failed(error);
    }
    Outcome::Built {
        name: workbook.name,
        written: written.into_iter().map(|(path, _)| path).collect(),
    }
}
