//! Stage 1, loading: everything read from disk and checked before any
//! workbook is composed. The project, theme and chapters are read once per
//! run; a profile (with the files it names) and any exported answers once
//! per workbook. Nothing here knows about Markdown, templates or outputs.

pub mod answers;
pub mod builtin;
pub mod content;
pub mod date;
pub mod direction;
pub mod folder;
pub mod front_matter;
pub mod image;
pub mod locale;
pub mod profile;
pub mod project;
pub mod theme;
