//! A review as plain text for the terminal.

use std::fmt::Write;

use crate::review::check::Review;

/// The review as a short report: one paragraph per check.
pub fn to_text(review: &Review) -> String {
    let mut out = format!(
        "{} words, about {} seconds when spoken.\n",
        review.words, review.seconds
    );
    for finding in &review.findings {
        let _ = write!(
            out,
            "\n[{}] {}\n  {}\n",
            finding.label, finding.title, finding.message
        );
        if let Some(sentence) = &finding.sentence {
            let _ = writeln!(out, "  > {sentence}");
        }
    }
    out
}
