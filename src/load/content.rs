//! The workbook's chapters: Markdown files in `content/`, each with optional
//! TOML front matter between `+++` lines, in file-name order unless
//! `prepbook.toml` lists them.

use std::path::PathBuf;

use serde::Deserialize;

use crate::diagnostics::{Error, SourceFile};
use crate::load::folder::Folder;

/// One chapter as written, before templating.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The whole file, for error messages.
    pub source: SourceFile,
    /// Path relative to `content/`, with `/` separators: the template name.
    pub name: String,
    /// The front matter.
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// A chapter's front matter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FrontMatter {
    /// The chapter title; the first `#` heading when absent.
    pub title: Option<String>,
    /// The anchor id; derived from the title when absent.
    pub id: Option<String>,
    /// Whether the chapter starts on a new printed page (a card to cut
    /// out or keep, say), whatever the theme does for other chapters.
    #[serde(default)]
    pub new_page: bool,
}

/// Loads every chapter in `dir`, in reading order.
pub fn load_chapters(dir: &Folder, order: &[PathBuf]) -> Result<Vec<Chapter>, Vec<Error>> {
    let names = if order.is_empty() {
        dir.files_with_extension("md").map_err(|e| vec![e])?
    } else {
        order
            .iter()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect()
    };
    if names.is_empty() {
        return Err(vec![Error::in_file(
            dir.display(),
            "no chapters: the content folder holds no Markdown files",
        )]);
    }
    let mut chapters = Vec::new();
    let mut errors = Vec::new();
    for name in names {
        match dir
            .read_text(&name)
            .and_then(|source| Chapter::parse(name, source))
        {
            Ok(chapter) => chapters.push(chapter),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(chapters)
    } else {
        Err(errors)
    }
}

impl Chapter {
    /// A chapter from its text; `name` is its template name.
    pub fn parse(name: String, source: SourceFile) -> Result<Chapter, Error> {
        let (front, body, body_line) = split_front_matter(&source)?;
        Ok(Chapter {
            name,
            front,
            body,
            body_line,
            source,
        })
    }
}

/// Splits `+++` front matter from the body and parses it.
fn split_front_matter(source: &SourceFile) -> Result<(FrontMatter, String, usize), Error> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Ok((FrontMatter::default(), text.to_string(), 1));
    };
    let Some(end) = find_closing_fence(rest) else {
        return Err(Error::at_line(
            source,
            1,
            1,
            "front matter opened with `+++` is never closed",
        )
        .with_help("end the front matter with a line holding only `+++`"));
    };
    let toml_text = &rest[..end];
    let after = &rest[end..];
    let after = after.split_once('\n').map_or("", |(_, body)| body);
    let toml_lines = toml_text.matches('\n').count();
    // The front matter starts on line 2; errors are mapped back onto the file.
    let front: FrontMatter = toml::from_str(toml_text).map_err(|error| {
        let inner = SourceFile::new(source.name.clone(), toml_text);
        let mapped = Error::from_toml(&inner, &error);
        match mapped.location() {
            Some(location) => {
                let relocated = Error::at_line(
                    source,
                    location.line + 1,
                    location.column,
                    mapped.message().to_string(),
                );
                match mapped.help_text() {
                    Some(help) => relocated.with_help(help.to_string()),
                    None => relocated,
                }
            }
            None => mapped,
        }
    })?;
    Ok((front, after.to_string(), toml_lines + 3))
}

fn find_closing_fence(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_and_body_line_counted() {
        let source = SourceFile::new("c.md", "+++\ntitle = \"Why\"\n+++\nHello\n");
        let (front, body, line) = split_front_matter(&source).expect("valid");
        assert_eq!(front.title.as_deref(), Some("Why"));
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn bad_front_matter_points_at_the_file_line() {
        let source = SourceFile::new("c.md", "+++\ntitle = \"Why\"\ntitel = 1\n+++\n");
        let error = split_front_matter(&source).expect_err("unknown field");
        assert_eq!(error.location().map(|l| l.line), Some(3));
        assert_eq!(error.help_text(), Some("did you mean `title`?"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let source = SourceFile::new("c.md", "+++\ntitle = \"Why\"\n");
        assert!(split_front_matter(&source).is_err());
    }
}
