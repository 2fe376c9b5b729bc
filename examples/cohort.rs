//! Generates a cohort of realistic, varied, fictional profiles for
//! benchmarking batch builds, and optionally times each stage of the
//! per-workbook path on one thread.
//!
//! ```sh
//! cargo run --release --example cohort -- --count 1000 --out /tmp/cohort
//! /usr/bin/time -v target/release/prepbook build /tmp/cohort --out /tmp/cohort-out --quiet --force
//! cargo run --release --example cohort -- --count 100 --out /tmp/cohort --stages
//! ```

#[path = "../benches/support/generator.rs"]
mod generator;

/// The allocator the `prepbook` binary uses, so the numbers match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use prepbook::book::Book;
use prepbook::build::file_stem;
use prepbook::diagnostics::SourceFile;
use prepbook::load::answers::Answers;
use prepbook::load::profile::Profile;
use prepbook::load::project::{Format, Project};
use prepbook::output::write_atomic;

struct Args {
    count: usize,
    out: PathBuf,
    seed: u64,
    stages: bool,
}

fn args() -> Args {
    let mut args = Args {
        count: 1000,
        out: PathBuf::from("/tmp/prepbook-cohort"),
        seed: 1,
        stages: false,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let mut value = || given.next().expect("a value after the flag");
        match flag.as_str() {
            "--count" => args.count = value().parse().expect("--count N"),
            "--out" => args.out = PathBuf::from(value()),
            "--seed" => args.seed = value().parse().expect("--seed N"),
            "--stages" => args.stages = true,
            other => {
                panic!("unknown argument {other}; use --count N --out DIR [--seed N] [--stages]")
            }
        }
    }
    args
}

fn main() {
    let args = args();
    let paths = generator::write_cohort(&args.out, args.count, args.seed).expect("write cohort");
    println!("wrote {} profiles into {}", paths.len(), args.out.display());
    if args.stages {
        stages(&paths);
    }
}

/// Times each stage over the cohort on this thread, as the batch runs it.
fn stages(paths: &[PathBuf]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let book = Book::load(Project::load(root).expect("project")).expect("book");
    let load = started.elapsed();
    let out = tempfile::tempdir().expect("temp");
    let answers = Answers::default();
    let mut time = [Duration::ZERO; 6];
    let mut clock = Instant::now();
    let mut lap = |slot: usize, time: &mut [Duration; 6]| {
        let now = Instant::now();
        time[slot] += now - clock;
        clock = now;
    };
    for path in paths {
        let stem = file_stem(path);
        let text = std::fs::read_to_string(path).expect("read");
        let source = SourceFile::new(stem.clone(), text);
        let profile = Profile::parse(&source).expect("profile");
        lap(0, &mut time);
        let document = book.document(&profile, &stem, &answers).expect("document");
        lap(1, &mut time);
        let pages = book.pdf().layout(&document).expect("layout");
        drop(pages);
        lap(2, &mut time);
        let pdf = book
            .render(&document, &stem, Format::Pdf, &[&source])
            .expect("pdf");
        lap(3, &mut time);
        let html = book
            .render(&document, &stem, Format::Html, &[&source])
            .expect("html");
        lap(4, &mut time);
        write_atomic(&out.path().join(format!("{stem}.pdf")), &pdf).expect("write");
        write_atomic(&out.path().join(format!("{stem}.html")), &html).expect("write");
        lap(5, &mut time);
    }
    // The render step lays the pages out again; take layout out of it.
    time[3] = time[3].saturating_sub(time[2]);
    let n = paths.len() as f64;
    let labels = [
        "read + parse profile",
        "templating + markdown",
        "pdf layout",
        "pdf write (printpdf)",
        "html render",
        "write files (atomic)",
    ];
    let total: Duration = time.iter().sum();
    println!("book load (once): {:.1} ms", load.as_secs_f64() * 1e3);
    for (label, t) in labels.iter().zip(time) {
        println!(
            "{label:<24} {:>7.2} ms/workbook  {:>5.1} %",
            t.as_secs_f64() * 1e3 / n,
            100.0 * t.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!(
        "{:<24} {:>7.2} ms/workbook",
        "total (one thread)",
        total.as_secs_f64() * 1e3 / n
    );
}
