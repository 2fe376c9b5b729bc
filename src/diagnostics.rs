//! One error type for every stage: what is wrong, where (file, line, column),
//! a snippet of the source, and what to do about it.

use std::fmt;
use std::path::Path;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A text file read into memory, remembered with the name shown in errors.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it.
    pub name: String,
    /// The file's full text.
    pub text: String,
}

impl SourceFile {
    /// Wraps text already in memory.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads a UTF-8 text file (see [`read_regular_file`]), naming it by
    /// its path; a byte-order mark is dropped.
    pub fn read(path: &Path) -> Result<SourceFile, Error> {
        let bytes = read_regular_file(path)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::in_file(display_path(path), "is not UTF-8 text")
                .with_help("save the file with the UTF-8 encoding")
        })?;
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        Ok(SourceFile::new(display_path(path), text))
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// The byte offset where 1-based `line` starts (the end of text if past it).
    pub fn line_offset(&self, line: usize) -> usize {
        if line <= 1 {
            return 0;
        }
        self.text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(self.text.len(), |(i, _)| i + 1)
    }
}

/// The largest file prepbook reads: far beyond any profile, chapter or
/// roster, small enough that a device file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a regular file of at most [`MAX_FILE_BYTES`]; a folder, a FIFO or
/// a device is refused before it is opened, so reading never hangs.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, Error> {
    read_regular_file_up_to(path, MAX_FILE_BYTES)
}

/// [`read_regular_file`] with another limit, for files that are big by
/// nature (fonts).
pub fn read_regular_file_up_to(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let (file, length) = open_regular_file_up_to(path, limit)?;
    // Room for the whole file up front (its length was checked against the
    // limit): read in place, not grown and copied as it comes.
    let mut bytes = Vec::with_capacity(length as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "cannot read", e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(path, limit));
    }
    Ok(bytes)
}

/// Opens the regular file at `path` with its length, checked to be at most
/// `limit` bytes; a folder, a FIFO or a device is refused before it is
/// opened, so reading never hangs.
pub fn open_regular_file_up_to(path: &Path, limit: u64) -> Result<(std::fs::File, u64), Error> {
    let shown = display_path(path);
    let metadata = std::fs::metadata(path).map_err(|e| {
        let dangling = e.kind() == std::io::ErrorKind::NotFound
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if dangling {
            Error::in_file(
                display_path(path),
                "is a symbolic link to a file that does not exist",
            )
        } else {
            Error::io(path, "cannot read", e)
        }
    })?;
    if metadata.is_dir() {
        return Err(Error::in_file(shown, "is a folder, not a file"));
    }
    if !metadata.is_file() {
        return Err(Error::in_file(
            shown,
            "is not a regular file (a pipe, socket or device)",
        ));
    }
    if metadata.len() > limit {
        return Err(too_big(path, limit));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot read", e))?;
    Ok((file, metadata.len()))
}

/// The error for a file over the size limit.
pub fn too_big(path: &Path, limit: u64) -> Error {
    Error::in_file(
        display_path(path),
        format!("is larger than {} MiB", limit >> 20),
    )
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A path relative to the working directory when it lies below it.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    relative.display().to_string()
}

/// Where in which file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Any problem prepbook reports: bad input, a failed write, a missing file.
#[derive(Debug, Clone)]
pub struct Error(Box<Details>);

#[derive(Debug, Clone)]
struct Details {
    message: String,
    file: Option<String>,
    location: Option<Location>,
    help: Option<String>,
    snippet: Option<(Snippet, SourceSpan)>,
    /// A note (something left out or ignored) rather than a problem.
    note: bool,
}

impl Error {
    /// A problem with no particular place in a file.
    pub fn new(message: impl Into<String>) -> Error {
        Error(Box::new(Details {
            message: message.into(),
            file: None,
            location: None,
            help: None,
            snippet: None,
            note: false,
        }))
    }

    /// A problem with a whole file (it is missing, unreadable, ...).
    pub fn in_file(file: impl Into<String>, message: impl Into<String>) -> Error {
        let mut error = Error::new(message);
        error.0.file = Some(file.into());
        error
    }

    /// A failed read or write of `path`.
    pub fn io(path: &Path, doing: &str, error: std::io::Error) -> Error {
        Error::in_file(display_path(path), format!("{doing}: {error}"))
    }

    /// A problem at a byte range of a source file.
    pub fn at_span(
        source: &SourceFile,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Error {
        let (line, column) = source.line_column(span.start);
        let start = span.start.min(source.text.len());
        let length = span.end.clamp(start, source.text.len()) - start;
        Error(Box::new(Details {
            message: message.into(),
            file: Some(source.name.clone()),
            location: Some(Location {
                file: source.name.clone(),
                line,
                column,
            }),
            help: None,
            snippet: Some(Snippet::around(source, start, length)),
            note: false,
        }))
    }

    /// A problem at a 1-based line and column of a source file.
    pub fn at_line(
        source: &SourceFile,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Error {
        let line_start = source.line_offset(line);
        let line_text = &source.text[line_start..];
        let column_offset: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        let line_len = line_text.find('\n').unwrap_or(line_text.len());
        let start = line_start + column_offset.min(line_len);
        let end = (line_start + line_len).max(start + 1);
        Error::at_span(source, start..end, message)
    }

    /// Converts a TOML parse or schema error, suggesting the closest known
    /// field name when the error is an unknown field.
    pub fn from_toml(source: &SourceFile, error: &toml::de::Error) -> Error {
        let raw = error.message().trim();
        let (message, help) = match parse_unknown_field(raw) {
            Some((field, expected)) => {
                let section = error
                    .span()
                    .and_then(|span| enclosing_table(&source.text, span.start));
                let place = section.map_or(String::new(), |s| format!(" in [{s}]"));
                let message = format!("unknown field `{field}`{place}");
                let help = match closest(&field, &expected) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "the known fields here are {}",
                        expected
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                (message, Some(help))
            }
            None => (plain_words(raw), None),
        };
        let error = match error.span() {
            Some(span) => Error::at_span(source, span, message),
            None => Error::in_file(source.name.clone(), message),
        };
        match help {
            Some(help) => error.with_help(help),
            None => error,
        }
    }

    /// Names the input a located-nowhere error came from (a profile whose
    /// rendering failed, say); errors that already have a file keep theirs.
    pub fn in_context(mut self, file: &str) -> Error {
        if self.0.file.is_none() {
            self.0.file = Some(file.to_string());
        }
        self
    }

    /// Adds a hint on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.0.help = Some(help.into());
        self
    }

    /// Makes this a note: something `check` reports (a front-matter key
    /// that is ignored, raw HTML that is left out) that stops nothing.
    pub fn into_note(mut self) -> Error {
        self.0.note = true;
        self
    }

    /// Whether this is a note rather than a problem.
    pub fn is_note(&self) -> bool {
        self.0.note
    }

    /// The line and column, when the problem has one.
    pub fn location(&self) -> Option<&Location> {
        self.0.location.as_ref()
    }

    /// The file the problem is in, when it is in one.
    pub fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }

    /// What is wrong, without the place.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The hint, if any.
    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0.location, &self.0.file) {
            (Some(location), _) => write!(f, "{location}: {}", self.0.message),
            (None, Some(file)) => write!(f, "{file}: {}", self.0.message),
            (None, None) => f.write_str(&self.0.message),
        }
    }
}

impl std::error::Error for Error {}

impl miette::Diagnostic for Error {
    fn severity(&self) -> Option<miette::Severity> {
        self.0.note.then_some(miette::Severity::Warning)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0
            .snippet
            .as_ref()
            .map(|(source, _)| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.0.snippet.as_ref().map(|(_, span)| {
            Box::new(std::iter::once(LabeledSpan::new_with_span(
                Some("here".to_string()),
                *span,
            ))) as Box<dyn Iterator<Item = LabeledSpan>>
        })
    }
}

/// The lines shown under an error: the error's line and one either side,
/// each cut to [`Snippet::WIDTH`] characters around the error's column, so
/// a megabyte-long value cannot flood the terminal.
#[derive(Debug, Clone)]
struct Snippet {
    name: String,
    text: String,
    /// How many lines of the file come before the snippet.
    lines_before: usize,
    /// The error's line in the snippet (0-based), and how many bytes were
    /// cut from its start (less the `…` that replaced them).
    cut_line: usize,
    cut_bytes: usize,
}

impl Snippet {
    const WIDTH: usize = 100;

    /// The snippet for `length` bytes at byte `start` of `source`, with the
    /// span of those bytes in it.
    fn around(source: &SourceFile, start: usize, length: usize) -> (Snippet, SourceSpan) {
        let start = floor_char_boundary(&source.text, start);
        let (line, _) = source.line_column(start);
        let first = line.saturating_sub(1).max(1);
        let lines: Vec<&str> = source.text.split('\n').collect();
        let line_start = source.line_offset(line);
        let column = source.text[line_start..start.max(line_start)]
            .chars()
            .count();
        let from = column.saturating_sub(Snippet::WIDTH * 2 / 5);
        let mut text = String::new();
        let mut span = SourceSpan::new(0.into(), 0);
        let mut cut_bytes = 0;
        for number in first..=(line + 1).min(lines.len()) {
            let full = lines[number - 1];
            let skip = if number == line { from } else { 0 };
            let cut = cut(full, skip);
            if number == line {
                let lead = if skip > 0 { "…".len() } else { 0 };
                let skipped: usize = full.chars().take(skip).map(char::len_utf8).sum();
                cut_bytes = skipped.saturating_sub(lead);
                let before: usize = full
                    .chars()
                    .skip(skip)
                    .take(column - skip)
                    .map(char::len_utf8)
                    .sum();
                let at = text.len() + lead + before;
                let room = text.len() + cut.len() - at;
                span = SourceSpan::new(at.into(), length.min(room));
            }
            text.push_str(&cut);
            text.push('\n');
        }
        let snippet = Snippet {
            name: source.name.clone(),
            text,
            lines_before: first - 1,
            cut_line: line - first,
            cut_bytes,
        };
        (snippet, span)
    }
}

/// `line` from character `skip`, at most [`Snippet::WIDTH`] characters,
/// with `…` where something was cut.
fn cut(line: &str, skip: usize) -> String {
    let mut out = String::new();
    if skip > 0 {
        out.push('…');
    }
    let mut chars = line.chars().skip(skip);
    out.extend(chars.by_ref().take(Snippet::WIDTH));
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line() + self.lines_before,
            if contents.line() == self.cut_line {
                contents.column() + self.cut_bytes
            } else {
                contents.column()
            },
            contents.line_count(),
        )))
    }
}

/// serde's wording for a wrong type, in a person's words.
fn plain_words(message: &str) -> String {
    const TYPES: [(&str, &str); 5] = [
        (
            "cannot recurse further; max recursion depth met",
            "arrays or tables nest too deeply here",
        ),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        (
            "data did not match any variant of untagged enum DateText",
            "expected a date such as 2027-06 or text such as \"spring 2027\"",
        ),
        ("expected f32", "expected a number"),
    ];
    let mut message = message.to_string();
    for (serde, plain) in TYPES {
        message = message.replace(serde, plain);
    }
    message
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" message.
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((field.to_string(), expected))
}

/// The closest candidate to `word`, if any is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.as_str())
}

/// The name of the `[table]` or `[[array]]` header above byte `offset`.
fn enclosing_table(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    before.lines().rev().find_map(|line| {
        let line = line.trim();
        let inner = line
            .strip_prefix("[[")
            .and_then(|l| l.strip_suffix("]]"))
            .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')))?;
        Some(inner.trim().to_string())
    })
}

/// Writes a list of errors for a person at a terminal (or a log).
pub fn render(error: &Error, colour: bool) -> String {
    let theme = if colour {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    let mut out = String::new();
    if handler.render_report(&mut out, error).is_err() {
        out = format!("error: {error}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let source = SourceFile::new("x.toml", "a = 1\nnäme = 2\n");
        assert_eq!(source.line_column(0), (1, 1));
        assert_eq!(source.line_column(9), (2, 3));
    }

    #[test]
    fn a_long_line_is_cut_around_the_error() {
        let value = "x".repeat(1_000_000);
        let text = format!("[person]\nname = \"{value}\"\nbad = 1\n");
        let source = SourceFile::new("p.toml", text.clone());
        let at = text.find("bad").expect("bad");
        let shown = render(&Error::at_span(&source, at..at + 3, "unknown field"), false);
        assert!(shown.len() < 2_000, "{} bytes shown", shown.len());
        assert!(shown.contains("3 │ bad = 1"), "{shown}");
        let at = text.find("xxx").expect("value") + 500_000;
        let shown = render(&Error::at_span(&source, at..at + 1, "here"), false);
        assert!(shown.len() < 2_000, "{} bytes shown", shown.len());
        assert!(shown.contains("2 │ …xxx"), "{shown}");
    }

    #[test]
    fn unknown_field_gets_a_suggestion() {
        let (field, expected) =
            parse_unknown_field("unknown field `strenghts`, expected one of `likes`, `strengths`")
                .expect("parsed");
        assert_eq!(field, "strenghts");
        assert_eq!(closest(&field, &expected), Some("strengths"));
        assert_eq!(closest("zzz", &expected), None);
    }

    #[test]
    fn enclosing_table_finds_the_header() {
        let text = "[person]\nname = 1\n[[resume.history]]\nrole = 2\n";
        assert_eq!(
            enclosing_table(text, text.find("role").unwrap()),
            Some("resume.history".to_string())
        );
    }
}
