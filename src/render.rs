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
    /// Text the fonts show in a script the output cannot lay out right:
    /// the script's name, one of its characters (to find where it is) and
    /// why it cannot be laid out.
    UnsupportedScript {
        script: String,
        character: char,
        needs: String,
    },
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
            RenderError::UnsupportedScript {
                script,
                character,
                needs,
            } => unsupported_script_error(&script, character, &needs, sources, theme),
        }
    }
}

/// The error `message`, pointing at the first character of `sources` that
/// `found` picks (naming the profile field on its line), if one holds it.
fn at_char(
    sources: &[&SourceFile],
    found: impl Fn(char) -> bool,
    message: &str,
    help: &str,
) -> Option<Error> {
    sources.iter().find_map(|source| {
        let (offset, c) = source.text.char_indices().find(|(_, c)| found(*c))?;
        let line_start = source.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let field = source.text[line_start..]
            .split_once('=')
            .map(|(key, _)| key.trim())
            .filter(|key| !key.is_empty() && !key.contains(char::is_whitespace));
        let message = match field {
            Some(field) => format!("{message}; `{c}` is in `{field}`"),
            None => message.to_string(),
        };
        Some(Error::at_span(source, offset..offset + c.len_utf8(), message).with_help(help))
    })
}

fn unsupported_script_error(
    script: &str,
    character: char,
    needs: &str,
    sources: &[&SourceFile],
    theme: &str,
) -> Error {
    let message = format!("prepbook cannot lay out {script} text in the PDF: {needs}");
    let help = "write this text in a script prepbook can lay out, or build only the HTML \
                workbook (formats = [\"html\"] in [output] of prepbook.toml), which the \
                browser lays out";
    at_char(sources, |c| c == character, &message, help)
        .unwrap_or_else(|| Error::in_file(theme, message).with_help(help))
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
    at_char(sources, |c| missing.contains(&c), &message, help).unwrap_or_else(|| {
        Error::in_file(
            theme,
            format!("{message}, which the theme or the layout itself draws"),
        )
        .with_help(help)
    })
}
