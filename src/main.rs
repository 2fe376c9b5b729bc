//! The `prepbook` command line: argument parsing and exit codes only; the
//! work happens in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use prepbook::book::Book;
use prepbook::build;
use prepbook::cohort::batch::{self, BatchOptions, Progress};
use prepbook::cohort::progress;
use prepbook::cohort::roster;
use prepbook::cohort::shard::Shard;
use prepbook::diagnostics::{self, display_path, Error};
use prepbook::load::answers::Answers;
use prepbook::load::folder::FileAccess;
use prepbook::load::project::{Format, Project};

/// The PDF writer allocates heavily; mimalloc makes a workbook cheaper
/// than the system allocator does (see README.md, "Benchmarks").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks Linux not to back this process with transparent huge pages.
/// mimalloc advises them for its arenas, and the kernel then zeroes 2 MiB
/// for each first touch: a one-profile build peaked at 62 MB instead of
/// 30 MB. Where the call is refused the build only takes more memory, so
/// its result is ignored.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Build personalised interview-preparation workbooks (PDF and HTML).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The project folder (default: the nearest folder upward holding prepbook.toml).
    #[arg(long, global = true, value_name = "DIR")]
    project: Option<PathBuf>,

    /// Build in this language, as if `language` in [workbook] of
    /// prepbook.toml said so (e.g. `es`: with [languages.es], its chapters,
    /// profiles and output folder).
    #[arg(long, global = true, value_name = "TAG")]
    language: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build workbooks for profiles (default: every profile in profiles/).
    Build {
        /// Profile files, or folders of them.
        #[arg(value_name = "PROFILE_OR_DIR")]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        options: BuildArgs,
    },
    /// Validate the project and profiles and render everything in memory,
    /// writing nothing; report every problem found.
    Check {
        /// Profile files, or folders of them.
        #[arg(value_name = "PROFILE_OR_DIR")]
        inputs: Vec<PathBuf>,
    },
    /// Give feedback on a profile's drafted answer (exit status 0 whatever
    /// the verdicts).
    Review {
        /// The profile whose `aspiration.draft_answer` to review.
        #[arg(value_name = "PROFILE")]
        profile: PathBuf,
        /// Answers exported from the HTML workbook: review the draft saved there.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Print the review as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a new project: prepbook.toml, the default chapters in content/,
    /// an example profile and a .gitignore. Never overwrites a file.
    Init {
        /// The folder to write it in (made if missing; default: here).
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Also copy the default theme into themes/default/ to edit it.
        #[arg(long)]
        theme: bool,
    },
    /// Write a new profile: asks its questions on a terminal (skip any);
    /// otherwise writes the commented template. Never overwrites a file.
    New {
        /// The profile file to write, such as profiles/ana.toml.
        #[arg(value_name = "PROFILE")]
        profile: PathBuf,
    },
    /// Preview a profile's workbook in the browser: serves it on
    /// 127.0.0.1, builds it again after every change to the chapters,
    /// theme, prepbook.toml or the profile, and reloads the page. Writes
    /// nothing.
    Serve {
        /// The profile to show (default: the first in profiles/, or the
        /// built-in example outside a project).
        #[arg(value_name = "PROFILE")]
        profile: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = prepbook::serve::DEFAULT_PORT)]
        port: u16,
    },
    /// Print the JSON Schema of a profile, for editors that check and
    /// complete TOML (Even Better TOML, taplo).
    Schema,
    /// Turn a roster (a spreadsheet saved as CSV) into one profile per row.
    Import {
        /// The CSV file: a header row of profile fields, one person per row.
        #[arg(value_name = "ROSTER.csv")]
        roster: PathBuf,
        /// The folder to write the profiles to (default: the project's profiles/).
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// Replace profile files that already exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Pdf,
    Html,
    All,
}

fn main() -> ExitCode {
    without_huge_pages();
    let cli = Cli::parse();
    let colour = std::io::stderr().is_terminal();
    let report = |errors: &[Error]| {
        for error in errors {
            eprint!("{}", diagnostics::render(error, colour));
        }
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let locator = Locator {
        cwd: cwd.clone(),
        explicit: cli.project.clone(),
        language: cli.language.clone(),
    };
    match cli.command {
        Command::Init { dir, theme } => run_init(&dir, theme, &report),
        Command::New { profile } => run_new(&profile, &report),
        Command::Schema => {
            let schema = prepbook::load::profile::Profile::json_schema();
            match serde_json::to_string_pretty(&schema) {
                Ok(text) => {
                    println!("{text}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    report(&[Error::new(format!("cannot write the schema: {error}"))]);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import { roster, to, force } => {
            let to = match (to, locator.locate()) {
                (Some(to), _) => to,
                (None, Ok(project)) => project.profiles_dir(),
                (None, Err(error)) => {
                    report(&[error.with_help("pass --to DIR, or run inside a project")]);
                    return ExitCode::FAILURE;
                }
            };
            run_import(&roster, &to, force, &report)
        }
        Command::Serve { profile, port } => {
            // The project of the profile named, else of the working folder,
            // else the built-in workbook.
            let anchor = profile.clone().unwrap_or_else(|| cwd.clone());
            let locate = || locator.for_inputs(std::slice::from_ref(&anchor));
            match prepbook::serve::serve(&cwd, &locate, profile.as_deref(), port, &report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    report(&[error]);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build { inputs, options } if options.watch => {
            run_watch(&locator, &inputs, options, &report)
        }
        Command::Build { inputs, options } => {
            match load_book(locator.for_inputs(&inputs), FileAccess::Map, &report) {
                Some(book) => run_build(&book, &inputs, options, &report),
                None => ExitCode::FAILURE,
            }
        }
        Command::Check { inputs } => {
            match load_book(locator.for_inputs(&inputs), FileAccess::Map, &report) {
                Some(book) => run_check(&book, &inputs, &report),
                None => ExitCode::FAILURE,
            }
        }
        Command::Review {
            profile,
            answers,
            json,
        } => match load_book(
            locator.for_inputs(std::slice::from_ref(&profile)),
            FileAccess::Map,
            &report,
        ) {
            Some(book) => run_review(&book, &profile, answers.as_deref(), json, &report),
            None => ExitCode::FAILURE,
        },
    }
}

/// How to find the project a command means: from where it runs, the
/// `--project` folder and the `--language` to build.
struct Locator {
    cwd: PathBuf,
    explicit: Option<PathBuf>,
    language: Option<String>,
}

impl Locator {
    /// The project found from the working folder.
    fn locate(&self) -> Result<Project, Error> {
        self.in_language(Project::locate(&self.cwd, self.explicit.as_deref()))
    }

    /// The project a command on `inputs` means (see [`Project::for_inputs`]).
    fn for_inputs(&self, inputs: &[PathBuf]) -> Result<Project, Error> {
        self.in_language(Project::for_inputs(
            &self.cwd,
            self.explicit.as_deref(),
            inputs,
        ))
    }

    fn in_language(&self, project: Result<Project, Error>) -> Result<Project, Error> {
        match &self.language {
            Some(tag) => project?.in_language(tag),
            None => project,
        }
    }
}

/// The located project loaded into a book, or `None` after reporting why
/// not. A command that ends on its own maps the font files
/// ([`FileAccess::Map`]); one that keeps running reads them.
fn load_book(
    project: Result<Project, Error>,
    font_access: FileAccess,
    report: &dyn Fn(&[Error]),
) -> Option<Book> {
    let mut project = project.map_err(|error| report(&[error])).ok()?;
    project.font_access = font_access;
    Book::load(project)
        .map_err(|errors| {
            report(&errors);
            eprintln!(
                "error: the project could not be loaded ({} problem(s))",
                errors.len()
            );
        })
        .ok()
}

/// The options of `prepbook build`.
#[derive(clap::Args, Clone)]
struct BuildArgs {
    /// Where to write the workbooks (default: out/ in the project).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Which outputs to write (default: the project's [output] formats).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Answers exported from the HTML workbook, to print in the worksheets.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// How many workbooks to build at once, 1 to 64 (default: one per core).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=batch::MAX_JOBS as i64))]
    jobs: Option<u16>,
    /// Rebuild every workbook, even those that are up to date.
    #[arg(long)]
    force: bool,
    /// Print only problems and the summary.
    #[arg(long, short)]
    quiet: bool,
    /// Build only the I-th of N stable slices of the profiles (1/4 to 4/4),
    /// to split a cohort across machines.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Keep running, and build again whenever a chapter, the theme,
    /// prepbook.toml or a profile changes.
    #[arg(long)]
    watch: bool,
}

fn run_build(
    book: &Book,
    inputs: &[PathBuf],
    args: BuildArgs,
    report: &dyn Fn(&[Error]),
) -> ExitCode {
    let started = std::time::Instant::now();
    let mut paths = match build::profile_paths(&book.project, inputs) {
        Ok(paths) => paths,
        Err(error) => {
            report(&[error]);
            return ExitCode::FAILURE;
        }
    };
    if let Some(shard) = args.shard {
        paths.retain(|path| shard.contains(&build::file_stem(path)));
    }
    let answers = match args.answers {
        Some(_) if paths.len() != 1 => {
            report(&[Error::new(
                "--answers applies to one profile; name exactly one",
            )]);
            return ExitCode::FAILURE;
        }
        Some(file) => match Answers::load(&file) {
            Ok(answers) => answers,
            Err(error) => {
                report(&[error]);
                return ExitCode::FAILURE;
            }
        },
        None => Answers::default(),
    };
    let formats = match args.format {
        Some(FormatArg::Pdf) => vec![Format::Pdf],
        Some(FormatArg::Html) => vec![Format::Html],
        Some(FormatArg::All) => vec![Format::Pdf, Format::Html],
        None => book.project.config.output.formats.clone(),
    };
    let mut options = BatchOptions::new(
        args.out.unwrap_or_else(|| book.project.output_dir()),
        &formats,
    );
    options.answers = answers;
    options.jobs = args.jobs.map(usize::from);
    options.force = args.force;
    let bar;
    let progress: &dyn Progress = if args.quiet {
        &progress::Quiet
    } else if std::io::stderr().is_terminal() {
        bar = progress::Bar::new();
        &bar
    } else {
        &progress::Lines
    };
    let summary = match batch::build_all(book, &paths, &options, progress) {
        Ok(summary) => summary,
        Err(error) => {
            report(&[error]);
            return ExitCode::FAILURE;
        }
    };
    if !args.quiet || !summary.failed.is_empty() {
        eprint!("{}", progress::summary(&summary, started.elapsed()));
    }
    if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `build --watch`: builds, then builds again after every change to what
/// the workbooks are made from; the project is loaded afresh each time.
fn run_watch(
    locator: &Locator,
    inputs: &[PathBuf],
    args: BuildArgs,
    report: &dyn Fn(&[Error]),
) -> ExitCode {
    let cwd = &locator.cwd;
    let project = match locator.for_inputs(inputs) {
        Ok(project) => project,
        Err(error) => {
            report(&[error]);
            return ExitCode::FAILURE;
        }
    };
    let roots = prepbook::watch::roots(&project, cwd, inputs);
    let out = args
        .out
        .as_ref()
        .map_or_else(|| project.output_dir(), |out| cwd.join(out));
    if let Err(error) = std::fs::create_dir_all(&out) {
        report(&[Error::io(&out, "cannot create", error)]);
        return ExitCode::FAILURE;
    }
    let result = prepbook::watch::watch(&roots, &out, || {
        if let Some(book) = load_book(locator.for_inputs(inputs), FileAccess::Read, report) {
            run_build(&book, inputs, args.clone(), report);
        }
        eprintln!("watching for changes (Ctrl-C to stop)");
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&[error]);
            ExitCode::FAILURE
        }
    }
}

fn run_review(
    book: &Book,
    profile: &std::path::Path,
    answers: Option<&std::path::Path>,
    json: bool,
    report: &dyn Fn(&[Error]),
) -> ExitCode {
    let answers = match answers.map(Answers::load).transpose() {
        Ok(answers) => answers.unwrap_or_default(),
        Err(error) => {
            report(&[error]);
            return ExitCode::FAILURE;
        }
    };
    match build::review_profile(book, profile, &answers) {
        Ok(review) if json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&review).unwrap_or_else(|_| "null".to_string())
            );
            ExitCode::SUCCESS
        }
        Ok(Some(review)) => {
            if let Some(rules) = &book.rules {
                print!("{}", prepbook::review::report::to_text(&review, rules));
            }
            ExitCode::SUCCESS
        }
        Ok(None) => {
            println!(
                "{}: no draft answer to review; write one under [aspiration] as draft_answer",
                display_path(profile)
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            report(&[error]);
            ExitCode::FAILURE
        }
    }
}

fn run_init(dir: &std::path::Path, theme: bool, report: &dyn Fn(&[Error])) -> ExitCode {
    match prepbook::scaffold::init(dir, theme) {
        Ok(written) => {
            println!(
                "wrote {} file(s) into {}; build the example with `prepbook build` there",
                written.len(),
                display_path(dir)
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            report(&[error]);
            ExitCode::FAILURE
        }
    }
}

fn run_new(path: &std::path::Path, report: &dyn Fn(&[Error])) -> ExitCode {
    use prepbook::scaffold::profile;
    if path.exists() {
        report(&[Error::in_file(display_path(path), "already exists")
            .with_help("choose another file name; prepbook new never overwrites")]);
        return ExitCode::FAILURE;
    }
    let answers = if std::io::stdin().is_terminal() {
        match profile::ask(&mut std::io::stdin().lock(), &mut std::io::stdout()) {
            Ok(answers) => answers,
            Err(error) => {
                report(&[Error::new(format!("cannot read the answers: {error}"))]);
                return ExitCode::FAILURE;
            }
        }
    } else {
        profile::Answers::default()
    };
    let written = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or(Ok(()), |parent| {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "cannot create", e))
        })
        .and_then(|()| {
            prepbook::output::write_atomic_new(path, profile::write(&answers).as_bytes())
        });
    match written {
        Ok(()) => {
            println!(
                "wrote {}; edit it, then `prepbook build {0}`",
                display_path(path)
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            report(&[error]);
            ExitCode::FAILURE
        }
    }
}

fn run_import(
    roster: &std::path::Path,
    to: &std::path::Path,
    force: bool,
    report: &dyn Fn(&[Error]),
) -> ExitCode {
    let result = match roster::import(roster, to, force) {
        Ok(result) => result,
        Err(error) => {
            report(&[error]);
            eprintln!("error: nothing was imported");
            return ExitCode::FAILURE;
        }
    };
    for (row, path) in &result.written {
        println!("row {row}: wrote {}", display_path(path));
    }
    report(&result.failed);
    eprintln!(
        "{} profile(s) imported into {}, {} row(s) failed",
        result.written.len(),
        display_path(to),
        result.failed.len()
    );
    if result.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_check(book: &Book, inputs: &[PathBuf], report: &dyn Fn(&[Error])) -> ExitCode {
    let paths = match build::profile_paths(&book.project, inputs) {
        Ok(paths) => paths,
        Err(error) => {
            report(&[error]);
            return ExitCode::FAILURE;
        }
    };
    let notes = book.notes();
    report(&notes);
    // A problem in the content shows up once per profile; report it once.
    let mut seen = std::collections::HashSet::new();
    let mut problems = 0;
    for path in &paths {
        if let Err(errors) = build::check_profile(book, path) {
            let new: Vec<Error> = errors
                .into_iter()
                .filter(|error| seen.insert(error.to_string()))
                .collect();
            problems += new.len();
            report(&new);
        }
    }
    if problems > 0 {
        eprintln!("error: {problems} problem(s) in {} profile(s)", paths.len());
        ExitCode::FAILURE
    } else {
        let notes = match notes.len() {
            0 => String::new(),
            n => format!(", {n} note(s)"),
        };
        println!(
            "ok: {} profile(s), {} chapter(s), no problems{notes}",
            paths.len(),
            book.chapters.len()
        );
        ExitCode::SUCCESS
    }
}
