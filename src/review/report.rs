//! A review as plain text for the terminal.

use std::fmt::Write;

use crate::review::check::Review;
use crate::review::rules::Rules;

/// The review as a short report in the rules' words: one paragraph per
/// check.
pub fn to_text(review: &Review, rules: &Rules) -> String {
    let mut out = rules
        .feedback
        .summary
        .replace("{words}", &review.words.to_string())
        .replace("{seconds}", &review.seconds.to_string());
    out.push('\n');
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
