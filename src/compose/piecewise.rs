//! A Handlebars template compiled in pieces (see
//! [`template_blocks::pieces`]): the template parser finds each token's
//! line by counting from the start of its template, so a long template
//! compiled whole costs time quadratic in its length. Pieces without a
//! template expression are kept as text; the others are registered as
//! templates of their own, and rendering joins the pieces' output.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use handlebars::{Context, Handlebars, RenderError, TemplateError};

use crate::compose::template_blocks;
use crate::diagnostics::{Error, SourceFile};

/// A template registered in pieces.
#[derive(Debug, Default)]
pub struct PiecewiseTemplate {
    pieces: Vec<Piece>,
    /// How long its last rendering was: room made up front for the next,
    /// which is mostly as long (the HTML page's layout renders to twenty
    /// times its own length).
    last_length: AtomicUsize,
}

/// A piece: text, which is its own rendering, or a registered template.
#[derive(Debug)]
enum Piece {
    Text(Range<usize>),
    /// The template's name and the source line (0-based) it starts on.
    Template(String, usize),
}

/// Where a piece failed: the error, and the line (0-based) of the source
/// the piece starts on, to which the error's own line is relative.
pub struct PieceError<E> {
    pub error: E,
    pub first_line: usize,
}

impl PieceError<TemplateError> {
    /// A syntax error at its line and column of `source`, in which the
    /// template starts on line `template_line` (1-based).
    pub fn located(&self, source: &SourceFile, template_line: usize) -> Error {
        let (line, column) = self.error.pos().unwrap_or((1, 1));
        Error::at_line(
            source,
            template_line + self.first_line + line - 1,
            column,
            format!("template syntax: {}", self.error.reason()),
        )
    }
}

/// A template compiled in pieces but not yet registered: compiling is the
/// slow part, and it needs no registry, so templates compile on any thread.
pub struct CompiledPieces {
    template: PiecewiseTemplate,
    compiled: Handlebars<'static>,
}

impl CompiledPieces {
    /// Registers the pieces in `registry` and gives the template.
    pub fn register(self, registry: &mut Handlebars<'_>) -> PiecewiseTemplate {
        for piece in &self.template.pieces {
            if let Piece::Template(name, _) = piece {
                if let Some(template) = self.compiled.get_template(name) {
                    registry.register_template(name, template.clone());
                }
            }
        }
        self.template
    }
}

impl PiecewiseTemplate {
    /// Compiles `source` in pieces named `{name}#{index}`, as a registry
    /// with the same `prevent_indent` would (see
    /// [`Handlebars::set_prevent_indent`]); [`CompiledPieces::register`]
    /// then puts them in the registry that renders.
    pub fn compile(
        name: &str,
        source: &str,
        prevent_indent: bool,
    ) -> Result<CompiledPieces, PieceError<TemplateError>> {
        let mut compiled = Handlebars::new();
        compiled.set_prevent_indent(prevent_indent);
        let mut pieces = Vec::new();
        for (index, range) in template_blocks::pieces(source).into_iter().enumerate() {
            if !source[range.clone()].contains("{{") {
                match pieces.last_mut() {
                    Some(Piece::Text(text)) => text.end = range.end,
                    _ => pieces.push(Piece::Text(range)),
                }
                continue;
            }
            let piece_name = format!("{name}#{index}");
            let first_line = source[..range.start].matches('\n').count();
            compiled
                .register_template_string(&piece_name, &source[range])
                .map_err(|error| PieceError { error, first_line })?;
            pieces.push(Piece::Template(piece_name, first_line));
        }
        Ok(CompiledPieces {
            template: PiecewiseTemplate {
                pieces,
                last_length: AtomicUsize::new(0),
            },
            compiled,
        })
    }

    /// How many pieces the template has.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Whether the template is empty.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Renders the template (registered from `source`) with `context`,
    /// which the caller makes once for all the templates it renders with
    /// the same data.
    pub fn render(
        &self,
        registry: &Handlebars<'_>,
        source: &str,
        context: &Context,
    ) -> Result<String, PieceError<RenderError>> {
        let room = self.last_length.load(Ordering::Relaxed);
        let mut out: Vec<u8> = Vec::with_capacity(room.max(source.len() + source.len() / 4));
        for piece in &self.pieces {
            match piece {
                Piece::Text(range) => {
                    out.extend_from_slice(source.get(range.clone()).unwrap_or_default().as_bytes());
                }
                // Rendered straight into `out`, which no write can fail.
                Piece::Template(name, first_line) => registry
                    .render_with_context_to_write(name, context, &mut out)
                    .map_err(|error| PieceError {
                        error,
                        first_line: *first_line,
                    })?,
            }
        }
        self.last_length.store(out.len(), Ordering::Relaxed);
        // Text and rendered templates are UTF-8, and so is what joins them.
        Ok(String::from_utf8(out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_is_located_at_its_line_of_the_file() {
        // The template starts on line 5 of its file; the error is on the
        // third line of the template (where `}}` follows `b=`), in the
        // second piece that compiles.
        let text = "Hello {{name}}.\n\nA line {{a b=}} that breaks.\n";
        let source = SourceFile::new("chapter.md", format!("---\n---\n\n\n{text}"));
        let Err(error) = PiecewiseTemplate::compile("chapter", text, true) else {
            panic!("`b=` without a value does not compile");
        };
        let located = error.located(&source, 5);
        let location = located.location().expect("a location");
        assert_eq!((location.line, location.column), (7, 14));
    }
}
