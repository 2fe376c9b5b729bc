//! prepbook builds personalised interview-preparation workbooks: a profile
//! (TOML) and Markdown guidance become a printable PDF and an HTML workbook.
//!
//! The folders follow the pipeline, and imports run one way, from the top of
//! this list to the bottom (ARCHITECTURE.md draws it):
//! - [`cohort`]: many profiles in one run (parallel builds, records,
//!   shards, the index, roster import);
//! - [`build`]: which profiles a command means, and one profile rendered;
//! - [`book`]: everything loaded once per run, and the per-profile path
//!   from a profile to a document and its bytes;
//! - [`render`], [`html`], [`pdf`]: the IR to output bytes;
//! - [`compose`]: a profile and the chapters into the IR ([`compose::doc`]);
//! - [`review`]: feedback on a drafted answer, by the rules of
//!   `content/review.toml`;
//! - [`load`]: the project, theme, chapters, profiles and answers from disk;
//! - [`watch`]: `build --watch`, rebuilding on every change;
//! - [`serve`]: `prepbook serve`, a live preview that reloads itself;
//! - [`scaffold`]: new projects and profiles written from the built-in
//!   default workbook (`init`, `new`);
//! - [`diagnostics`] and [`output`], used by every stage: errors that point
//!   into a file, and atomic writes.

pub mod book;
pub mod build;
pub mod cohort;
pub mod compose;
pub mod diagnostics;
pub mod html;
pub mod load;
pub mod output;
pub mod pdf;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod serve;
pub mod watch;

pub use diagnostics::Error;
