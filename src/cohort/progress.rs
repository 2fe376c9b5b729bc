//! How a batch tells a person what it is doing: a progress bar on a
//! terminal, one plain line per workbook in a log, or nothing but the
//! problems; and the summary that ends every run.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cohort::batch::{Outcome, Progress, Summary, Workbook};
use crate::diagnostics::{self, display_path, Error};

/// A progress bar on standard error, for a person at a terminal; problems
/// are printed above it as they happen.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar drawing on standard error.
    pub fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {wide_bar} {pos}/{len} workbooks  {elapsed}  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar { bar }
    }
}

impl Default for Bar {
    fn default() -> Bar {
        Bar::new()
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.enable_steady_tick(Duration::from_millis(120));
    }

    fn finished(&self, workbook: &Workbook) {
        if let Outcome::Failed { errors } = &workbook.outcome {
            self.bar.suspend(|| eprint!("{}", render_all(errors, true)));
        }
        self.bar.set_message(workbook.stem.clone());
        self.bar.inc(1);
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

/// One line per workbook on standard output, for logs (CI); problems in
/// full on standard error.
pub struct Lines;

impl Progress for Lines {
    fn finished(&self, workbook: &Workbook) {
        let stem = &workbook.stem;
        match &workbook.outcome {
            Outcome::Built { written, .. } => {
                let files: Vec<String> = written.iter().map(|p| display_path(p)).collect();
                println!("built {stem}: {}", files.join(", "));
            }
            Outcome::UpToDate { .. } => println!("up to date {stem}"),
            Outcome::Failed { errors } => {
                eprint!("{}", render_all(errors, false));
                println!("failed {stem}: {}", display_path(&workbook.profile));
            }
        }
    }
}

/// Nothing while building; the failures appear in the summary.
pub struct Quiet;

impl Progress for Quiet {
    fn finished(&self, _: &Workbook) {}
}

fn render_all(errors: &[Error], colour: bool) -> String {
    errors
        .iter()
        .map(|error| diagnostics::render(error, colour))
        .collect()
}

/// The closing lines of a run: the counts, then each failure with its file,
/// line and reason, one per line.
pub fn summary(summary: &Summary, elapsed: Duration) -> String {
    let mut text = format!(
        "{} workbook(s): {} built, {} up to date, {} failed ({:.1} s)\n",
        summary.total(),
        summary.built,
        summary.up_to_date,
        summary.failed.len(),
        elapsed.as_secs_f64()
    );
    for failure in &summary.failed {
        for error in &failure.errors {
            let located = error.file().is_some_and(|file| file == failure.file);
            if located {
                text.push_str(&format!("  failed: {error}\n"));
            } else {
                text.push_str(&format!("  failed: {}: {error}\n", failure.file));
            }
        }
    }
    text
}
