//! Stage 2, composing: one profile and the loaded chapters become the
//! [`doc`] IR. [`template`] fills a chapter through Handlebars (profile
//! values hidden by [`literal`] so they stay data), [`markdown`] parses the
//! result into blocks, and [`worksheet`] builds and pre-fills worksheet
//! blocks; [`anchors`] checks links within the workbook. The IR is the one
//! contract with the renderers.

pub mod anchors;
pub mod dialect;
pub mod doc;
pub mod feedback;
pub mod ids;
pub mod literal;
pub mod markdown;
pub mod piecewise;
pub mod scan;
pub mod template;
pub mod template_blocks;
pub mod words;
pub mod worksheet;
