//! `prepbook serve`: a live preview on 127.0.0.1. One profile's HTML
//! workbook is built in memory, served with a bar linking its PDF, and
//! built again after every change to what it is made from (the watcher of
//! `build --watch`); the open page reloads itself through server-sent
//! events. A failed build shows its errors over the last good workbook.
//! Nothing is written into the project.
//!
//! - `page`: what is added to the served page (bar, errors, reload script);
//! - `http`: the server, its routes and the event stream.

mod http;
mod page;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::book::Book;
use crate::build;
use crate::diagnostics::{self, display_path, Error, SourceFile};
use crate::load::answers::Answers;
use crate::load::builtin;
use crate::load::profile::{LoadedProfile, Profile};
use crate::load::project::{Format, Project};
use crate::watch;

/// The port `prepbook serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 3000;

/// The built-in example profile, served outside a project.
const BUILT_IN_PROFILE: &str = "profiles/example.toml";

/// Serves a live preview of one profile's workbook on 127.0.0.1:`port`
/// (0: any free port) until the watcher fails. `locate` finds the project
/// afresh for every build; `profile` is the one to show (default: the
/// project's first, or the built-in example outside a project). Prints
/// `serving http://127.0.0.1:PORT/` once listening, and each build's
/// problems through `report`.
pub fn serve(
    cwd: &Path,
    locate: &dyn Fn() -> Result<Project, Error>,
    profile: Option<&Path>,
    port: u16,
    report: &dyn Fn(&[Error]),
) -> Result<(), Error> {
    let project = locate()?;
    let source = Source::choose(&project, profile)?;
    let stem = source.stem()?;
    let inputs: Vec<PathBuf> = match &source {
        Source::File(path) => vec![path.clone()],
        Source::BuiltIn => Vec::new(),
    };
    let roots = watch::roots(&project, cwd, &inputs);
    let listener = bind(port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::new(format!("cannot read the address listened on: {e}")))?;
    let shared = Arc::new(Shared::new(&stem, &source.name()));
    http::start(listener, Arc::clone(&shared), address.port())?;
    println!("serving http://{address}/");
    let _ = std::io::stdout().flush();
    if roots.is_empty() {
        eprintln!("the built-in workbook: nothing to watch");
    }

    let (jobs, queue) = mpsc::channel::<PdfJob>();
    let pdf_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("pdf".to_string())
        .spawn(move || pdf_worker(&queue, &pdf_shared))
        .map_err(|e| Error::new(format!("cannot start the PDF builder: {e}")))?;

    let rebuild = || {
        let started = Instant::now();
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            build_html(locate, &source, &stem)
        }))
        .unwrap_or_else(|panic| Err(vec![build::crash_error(&source.path(), &*panic)]));
        let took = started.elapsed();
        match built {
            Ok((html, book, loaded)) => {
                let build = shared.update(|state| state.built(html, took));
                eprintln!(
                    "built {} in {} ms; the page reloads",
                    source.name(),
                    took.as_millis()
                );
                let _ = jobs.send(PdfJob {
                    build,
                    book: Arc::new(book),
                    loaded,
                    stem: stem.clone(),
                });
            }
            Err(errors) => {
                report(&errors);
                eprintln!("the build failed; the page shows why, over the last good workbook");
                shared.update(|state| state.failed(plain(&errors)));
            }
        }
    };
    watch::watch(&roots, &project.output_dir(), rebuild)
}

/// Binds 127.0.0.1:`port`, with an error that names a port in use.
fn bind(port: u16) -> Result<TcpListener, Error> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|error| {
        if error.kind() == std::io::ErrorKind::AddrInUse {
            Error::new(format!("port {port} on 127.0.0.1 is already in use"))
                .with_help("stop what is using it, or pick another with --port (0: any free port)")
        } else {
            Error::new(format!("cannot listen on 127.0.0.1:{port}: {error}"))
        }
    })
}

/// Loads the project and the profile afresh and renders the HTML workbook.
fn build_html(
    locate: &dyn Fn() -> Result<Project, Error>,
    source: &Source,
    stem: &str,
) -> Result<(Vec<u8>, Book, LoadedProfile), Vec<Error>> {
    let project = locate().map_err(|e| vec![e])?;
    let book = Book::load(project)?;
    let loaded = source.load(&book.project.root).map_err(|e| vec![e])?;
    let html = build::render(&book, &loaded, stem, &[Format::Html], &Answers::default())?
        .into_iter()
        .map(|(_, bytes)| bytes)
        .next()
        .unwrap_or_default();
    Ok((html, book, loaded))
}

/// The errors as a terminal shows them without colour, for the page.
fn plain(errors: &[Error]) -> String {
    errors
        .iter()
        .map(|error| diagnostics::render(error, false))
        .collect()
}

/// Where the served profile comes from.
enum Source {
    File(PathBuf),
    /// The built-in example, outside a project.
    BuiltIn,
}

impl Source {
    /// The profile named, else the first of the project's profiles folder,
    /// else (outside a project) the built-in example.
    fn choose(project: &Project, named: Option<&Path>) -> Result<Source, Error> {
        if let Some(path) = named {
            return build::profile_paths(project, &[path.to_path_buf()])?
                .into_iter()
                .next()
                .map(Source::File)
                .ok_or_else(|| {
                    Error::in_file(display_path(path), "holds no profile (`*.toml`) to serve")
                });
        }
        if project.built_in {
            return Ok(Source::BuiltIn);
        }
        let folder = project.profiles_dir();
        build::profile_paths(project, &[])?
            .into_iter()
            .next()
            .map(Source::File)
            .ok_or_else(|| {
                Error::in_file(display_path(&folder), "holds no profile (`*.toml`) to serve")
                    .with_help("name one (`prepbook serve profiles/ana.toml`), or write one with `prepbook new`")
            })
    }

    fn path(&self) -> PathBuf {
        match self {
            Source::File(path) => path.clone(),
            Source::BuiltIn => PathBuf::from(BUILT_IN_PROFILE),
        }
    }

    /// The profile as messages name it.
    fn name(&self) -> String {
        match self {
            Source::File(path) => display_path(path),
            Source::BuiltIn => format!("{}{BUILT_IN_PROFILE}", builtin::PREFIX),
        }
    }

    fn stem(&self) -> Result<String, Error> {
        build::output_stem(&self.path())
    }

    fn load(&self, project_root: &Path) -> Result<LoadedProfile, Error> {
        match self {
            Source::File(path) => Profile::load(path, project_root),
            Source::BuiltIn => {
                let text = builtin::file(BUILT_IN_PROFILE).unwrap_or_default();
                let source = SourceFile::new(self.name(), String::from_utf8_lossy(text));
                Ok(LoadedProfile {
                    profile: Profile::parse(&source)?,
                    source,
                    linked: Vec::new(),
                })
            }
        }
    }
}

/// A PDF to render for the good build `build`.
struct PdfJob {
    build: u64,
    book: Arc<Book>,
    loaded: LoadedProfile,
    stem: String,
}

/// Renders the PDF of the newest good build (older jobs still queued are
/// skipped), off the watcher's thread, so the page reloads without waiting
/// for it.
fn pdf_worker(queue: &mpsc::Receiver<PdfJob>, shared: &Shared) {
    while let Ok(mut job) = queue.recv() {
        while let Ok(newer) = queue.try_recv() {
            job = newer;
        }
        let render = || {
            build::render(
                &job.book,
                &job.loaded,
                &job.stem,
                &[Format::Pdf],
                &Answers::default(),
            )
        };
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(render))
            .unwrap_or_else(|panic| {
                let path = PathBuf::from(&job.loaded.source.name);
                Err(vec![build::crash_error(&path, &*panic)])
            });
        let pdf = rendered.map(|outputs| {
            outputs
                .into_iter()
                .map(|(_, bytes)| bytes)
                .next()
                .unwrap_or_default()
        });
        if let Err(errors) = &pdf {
            // Plain: this thread cannot borrow `main`'s reporter.
            eprint!("{}", plain(errors));
        }
        shared.update(|state| state.pdf_built(job.build, pdf.map_err(|e| plain(&e))));
    }
}

/// What the server shows, shared by the watcher, the PDF builder and the
/// request threads.
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// The profile's output name: the PDF is served as `/<stem>.pdf`.
    stem: String,
    /// The profile as messages name it, for the bar.
    name: String,
    /// Tells this server's pages from an earlier one's on the same port.
    instance: u64,
}

/// The latest build, and the last good workbook.
#[derive(Default)]
struct State {
    /// Counts finished builds (good or failed, HTML or PDF); a page built
    /// at another generation reloads.
    generation: u64,
    /// The last good HTML workbook, as built.
    html: Option<Vec<u8>>,
    /// The generation of the last good HTML build.
    built: u64,
    /// How long the last good build took.
    took: Duration,
    /// The last build's problems, as the terminal shows them.
    errors: Option<String>,
    /// The last good PDF.
    pdf: Option<Vec<u8>>,
    /// The good build that the PDF builder last finished (even if it failed).
    pdf_for: u64,
}

impl State {
    fn built(&mut self, html: Vec<u8>, took: Duration) {
        self.generation += 1;
        self.html = Some(html);
        self.built = self.generation;
        self.took = took;
        self.errors = None;
    }

    fn failed(&mut self, errors: String) {
        self.generation += 1;
        self.errors = Some(errors);
    }

    /// The PDF of good build `build`; ignored if a newer build exists.
    fn pdf_built(&mut self, build: u64, pdf: Result<Vec<u8>, String>) {
        if build != self.built {
            return;
        }
        self.pdf_for = build;
        match pdf {
            Ok(pdf) => self.pdf = Some(pdf),
            Err(errors) => {
                self.generation += 1;
                self.errors = Some(errors);
            }
        }
    }

    /// Whether the PDF of the last good build is still being made.
    fn pdf_pending(&self) -> bool {
        self.html.is_some() && self.pdf_for != self.built
    }
}

impl Shared {
    fn new(stem: &str, name: &str) -> Shared {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64);
        Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            stem: stem.to_string(),
            name: name.to_string(),
            instance,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Changes the state, wakes every waiting request, and returns the
    /// generation after the change.
    fn update(&self, change: impl FnOnce(&mut State)) -> u64 {
        let mut state = self.lock();
        change(&mut state);
        let generation = state.generation;
        drop(state);
        self.changed.notify_all();
        generation
    }

    /// The version a page of `generation` carries: the event stream sends
    /// the current one, and a page that differs reloads.
    fn version(&self, generation: u64) -> String {
        format!("{:x}-{generation}", self.instance)
    }
}
