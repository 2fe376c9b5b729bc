//! Per-workbook cost, stage by stage, on one core: reading a profile,
//! templating and parsing the chapters into a document, laying out and
//! writing the PDF, and rendering the HTML. `cargo bench --bench workbook`.
//! Each iteration runs in a thread pool of one thread, so the numbers are
//! one core's (in a cohort every core is busy with workbooks of its own):
//! the chapters and pages a workbook lays out in parallel are then laid
//! out one after the other.
//!
//! The whole-cohort wall time and memory are measured with the `cohort`
//! example and `prepbook build` instead (see README.md, "Benchmarks").

#[path = "support/generator.rs"]
mod generator;

/// The allocator the `prepbook` binary uses, so the numbers match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use prepbook::book::Book;
use prepbook::diagnostics::SourceFile;
use prepbook::load::answers::Answers;
use prepbook::load::profile::Profile;
use prepbook::load::project::{Format, Project};

fn workbook(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::load(root).expect("the repository's project loads");
    let book = Book::load(project).expect("the default book loads");
    let answers = Answers::default();
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    let example = std::fs::read_to_string(root.join("profiles/example.toml")).expect("example");
    let generated = generator::toml_text(&generator::profile(7, 3));
    for (label, text) in [("example", example), ("generated", generated)] {
        let source = SourceFile::new(format!("{label}.toml"), text);
        let profile = Profile::parse(&source).expect("profile");
        let document = book.document(&profile, label, &answers).expect("document");
        let mut group = c.benchmark_group(label);
        group.sample_size(30);
        group.bench_function("profile parse", |b| {
            b.iter(|| one_core.install(|| Profile::parse(black_box(&source)).expect("profile")))
        });
        group.bench_function("templating + markdown", |b| {
            b.iter(|| {
                one_core.install(|| {
                    book.document(black_box(&profile), label, &answers)
                        .expect("document")
                })
            })
        });
        group.bench_function("pdf layout", |b| {
            b.iter(|| one_core.install(|| book.pdf().layout(black_box(&document)).expect("layout")))
        });
        group.bench_function("pdf layout + write", |b| {
            b.iter(|| {
                one_core.install(|| {
                    book.render(black_box(&document), label, Format::Pdf, &[&source])
                        .expect("pdf")
                })
            })
        });
        group.bench_function("html", |b| {
            b.iter(|| {
                one_core.install(|| {
                    book.render(black_box(&document), label, Format::Html, &[&source])
                        .expect("html")
                })
            })
        });
        group.bench_function("whole workbook", |b| {
            b.iter(|| {
                one_core.install(|| {
                    let profile = Profile::parse(black_box(&source)).expect("profile");
                    let document = book.document(&profile, label, &answers).expect("document");
                    let pdf = book
                        .render(&document, label, Format::Pdf, &[&source])
                        .expect("pdf");
                    let html = book
                        .render(&document, label, Format::Html, &[&source])
                        .expect("html");
                    (pdf, html)
                })
            })
        });
        group.finish();
    }
}

criterion_group!(benches, workbook);
criterion_main!(benches);
