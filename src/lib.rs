//! prepbook builds personalised interview-preparation workbooks: a profile
//! (TOML) and Markdown guidance become a printable PDF and an HTML workbook.
//!
//! The pipeline runs one way (see DESIGN.md): [`project`], [`theme`] and
//! [`content`] are loaded once into a [`book::Book`]; per profile,
//! [`template`] fills each chapter, [`markdown`] parses it into the
//! [`doc`] IR, and the [`html`] and [`pdf`] renderers turn the IR into bytes.
//!
//! For a cohort, [`batch`] builds many profiles in parallel from one book,
//! skipping those whose [`state`] record shows them up to date, and writes
//! an [`index`]; [`roster`] turns a spreadsheet into profiles.

pub mod answers;
pub mod batch;
pub mod book;
pub mod build;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod doc;
pub mod html;
pub mod index;
pub mod json_resume;
pub mod literal;
pub mod markdown;
pub mod pdf;
pub mod profile;
pub mod progress;
pub mod project;
pub mod roster;
pub mod shard;
pub mod state;
pub mod template;
pub mod theme;
pub mod worksheet;

pub use diagnostics::Error;
