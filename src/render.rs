//! The contract between the per-profile pipeline and its outputs: every
//! renderer is handed one [`RenderContext`] and returns the file's bytes,
//! as mdBook hands each of its renderers one context.

use std::collections::BTreeSet;

use crate::compose::doc::Document;
use crate::diagnostics::{Error, SourceFile};
use crate::load::date::BuildDate;

/// Everything a renderer may use for one workbook: the composed document
/// and the facts about this build. Renderers see nothing else of the
/// profile, the templates or the disk.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// The composed workbook.
    pub document: &'a Document,
    /// The output name (the profile's file stem).
    pub stem: &'a str,
    /// The build's date, shown on the cover and stamped into the PDF.
    pub date: &'a BuildDate,
}

/// An output format: the IR to one file's bytes.
pub trait Renderer: Sync {
    /// Renders the workbook in `context`.
    fn render(&self, context: &RenderContext<'_>) -> Result<Vec<u8>, RenderError>;
}

/// Why an output could not be made.
#[derive(Debug)]
pub enum RenderError {
    /// Characters no font of the theme can show; the caller knows where
    /// they came from.
    MissingGlyphs(BTreeSet<char>),
    Other(Error),
}

impl From<Error> for RenderError {
    fn from(error: Error) -> RenderError {
        RenderError::Other(error)
    }
}

impl RenderError {
    /// The error for the user; missing characters are looked up in
    /// `sources` (the profile, then the chapters) to say where they are, and
    /// blamed on `theme` (its theme.toml) when none of them holds them.
    pub fn locate(self, sources: &[&SourceFile], theme: &str) -> Error {
        match self {
            RenderError::Other(error) => error,
            RenderError::MissingGlyphs(missing) => missing_glyphs_error(&missing, sources, theme),
        }
    }
}

fn missing_glyphs_error(missing: &BTreeSet<char>, sources: &[&SourceFile], theme: &str) -> Error {
    let listed: Vec<String> = missing
        .iter()
        .take(12)
        .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
        .collect();
    let message = format!("no font of the theme can show {}", listed.join(", "));
    let help = "add a font that covers these characters to `fallback` in [fonts] of the \
                theme's theme.toml (for example Noto Sans CJK or Noto Naskh Arabic)";
    let found = sources.iter().find_map(|source| {
        source
            .text
            .char_indices()
            .find(|(_, c)| missing.contains(c))
            .map(|(offset, c)| (*source, offset, c))
    });
    match found {
        Some((source, offset, c)) => {
            let line_start = source.text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let field = source.text[line_start..]
                .split_once('=')
                .map(|(key, _)| key.trim())
                .filter(|key| !key.is_empty() && !key.contains(char::is_whitespace));
            let message = match field {
                Some(field) => format!("{message}; `{c}` is in `{field}`"),
                None => message,
            };
            Error::at_span(source, offset..offset + c.len_utf8(), message).with_help(help)
        }
        None => Error::in_file(
            theme,
            format!("{message}, which the theme or the layout itself draws"),
        )
        .with_help(help),
    }
}
