//! Stage 1½, reviewing: feedback on a drafted answer, by rules kept as data
//! in `content/review.toml` ([`rules`]). The same rules drive the PDF's
//! feedback page, `prepbook review` and, shipped as JSON, the HTML
//! workbook's live feedback (`themes/default/html/workbook.js` mirrors
//! [`text`] and [`check`] function for function). Deterministic: no network, no
//! models, only word and phrase matching that a person can follow.

pub mod check;
pub mod context;
pub mod report;
pub mod rules;
pub mod text;

pub use check::{review, Finding, Review, Verdict};
pub use context::Context;
pub use rules::Rules;
