//! A chapter's front matter, in the two forms documentation tools write:
//! TOML between `+++` lines (Zola, Hugo) or YAML between `---` lines
//! (Jekyll, Hugo, Docusaurus, MkDocs). The keys prepbook uses are read;
//! any other key is ignored, with a note for `check`.

use crate::diagnostics::{closest, Error, SourceFile};
use crate::load::project::is_language_tag;

/// What a chapter's front matter says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The chapter title; the first `#` heading when absent.
    pub title: Option<String>,
    /// The anchor id; derived from the title when absent.
    pub id: Option<String>,
    /// A line under the title (`description` or `subtitle`).
    pub subtitle: Option<String>,
    /// The place in the reading order (`weight` or `sidebar_position`):
    /// lower first, chapters without one after those with one.
    pub weight: Option<i64>,
    /// A draft is left out of the workbook.
    pub draft: bool,
    /// Whether the chapter starts on a new printed page (a card to cut
    /// out or keep, say), whatever the theme does for other chapters.
    pub new_page: bool,
    /// The chapter's language (a BCP 47 tag) when it is not the
    /// workbook's: its direction, hyphenation and letter forms.
    pub language: Option<String>,
}

/// The keys prepbook reads, for "did you mean" notes.
const KNOWN: [&str; 9] = [
    "title",
    "id",
    "description",
    "subtitle",
    "weight",
    "sidebar_position",
    "draft",
    "new_page",
    "language",
];

/// A front-matter value, whatever the syntax.
enum Scalar {
    Text(String),
    Integer(i64),
    Bool(bool),
    /// Anything else: a list, a table, a date, a fraction.
    Other,
}

/// The parts of a chapter file.
pub struct Split {
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// Keys ignored, as notes.
    pub notes: Vec<Error>,
}

/// Splits the front matter from the body and reads it.
pub fn split(source: &SourceFile) -> Result<Split, Error> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let (fence, yaml) = if is_fence(text, "+++") {
        ("+++", false)
    } else if is_fence(text, "---") {
        ("---", true)
    } else {
        return Ok(Split {
            front: FrontMatter::default(),
            body: text.to_string(),
            body_line: 1,
            notes: Vec::new(),
        });
    };
    let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
    let Some(end) = closing_fence(rest, fence) else {
        return Err(Error::at_line(
            source,
            1,
            1,
            format!("front matter opened with `{fence}` is never closed"),
        )
        .with_help(format!(
            "end the front matter with a line holding only `{fence}`"
        )));
    };
    let inner = &rest[..end];
    let body = rest[end..].split_once('\n').map_or("", |(_, body)| body);
    let body_line = inner.matches('\n').count() + 3;
    let entries = if yaml {
        yaml_entries(source, inner)?
    } else {
        toml_entries(source, inner)?
    };
    let mut front = FrontMatter::default();
    let mut notes = Vec::new();
    for (key, value) in entries {
        let line = key_line(inner, &key) + 1;
        let wrong = |expected: &str| {
            Error::at_line(
                source,
                line,
                1,
                format!("`{key}` in the front matter must be {expected}"),
            )
        };
        match (key.as_str(), value) {
            ("title", Scalar::Text(t)) => front.title = Some(t),
            ("id", Scalar::Text(t)) => front.id = Some(t),
            ("description" | "subtitle", Scalar::Text(t)) => front.subtitle = Some(t),
            ("weight" | "sidebar_position", Scalar::Integer(n)) => front.weight = Some(n),
            ("draft", Scalar::Bool(b)) => front.draft = b,
            ("new_page", Scalar::Bool(b)) => front.new_page = b,
            ("language", Scalar::Text(tag)) if is_language_tag(&tag) => front.language = Some(tag),
            ("language", Scalar::Text(other)) => {
                return Err(wrong("a language tag such as `ar` or `pt-BR`")
                    .with_help(format!("`{other}` is not a language tag")))
            }
            ("title" | "id" | "description" | "subtitle" | "language", _) => {
                return Err(wrong("text"))
            }
            ("weight" | "sidebar_position", _) => return Err(wrong("a whole number")),
            ("draft" | "new_page", _) => return Err(wrong("true or false")),
            (other, _) => {
                let known: Vec<String> = KNOWN.iter().map(|k| k.to_string()).collect();
                let note = Error::at_line(
                    source,
                    line,
                    1,
                    format!("`{other}` in the front matter is not used by prepbook; it is ignored"),
                );
                notes.push(
                    match closest(other, &known) {
                        Some(best) => note.with_help(format!("did you mean `{best}`?")),
                        None => note.with_help(format!("prepbook reads {}", KNOWN.join(", "))),
                    }
                    .into_note(),
                );
            }
        }
    }
    Ok(Split {
        front,
        body: body.to_string(),
        body_line,
        notes,
    })
}

fn is_fence(text: &str, fence: &str) -> bool {
    text.split_once('\n')
        .is_some_and(|(first, _)| first.trim_end() == fence)
}

/// The byte offset of the line that closes the front matter.
fn closing_fence(text: &str, fence: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The 0-based line of the front matter (counting its opening fence) where
/// `key` is set.
fn key_line(inner: &str, key: &str) -> usize {
    inner
        .lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches('"');
            line.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches('"').trim_start();
                rest.starts_with('=') || rest.starts_with(':')
            })
        })
        .map_or(0, |index| index + 1)
}

fn toml_entries(source: &SourceFile, inner: &str) -> Result<Vec<(String, Scalar)>, Error> {
    let table: toml::Table = toml::from_str(inner).map_err(|error| {
        let message = error.message().trim().to_string();
        let line = error.span().map_or(0, |span| {
            inner[..span.start.min(inner.len())].matches('\n').count()
        });
        Error::at_line(source, line + 2, 1, format!("front matter: {message}"))
    })?;
    Ok(table
        .into_iter()
        .map(|(key, value)| {
            let scalar = match value {
                toml::Value::String(s) => Scalar::Text(s),
                toml::Value::Integer(n) => Scalar::Integer(n),
                toml::Value::Boolean(b) => Scalar::Bool(b),
                toml::Value::Float(_) => Scalar::Other,
                toml::Value::Datetime(_) => Scalar::Other,
                toml::Value::Array(_) => Scalar::Other,
                toml::Value::Table(_) => Scalar::Other,
            };
            (key, scalar)
        })
        .collect())
}

fn yaml_entries(source: &SourceFile, inner: &str) -> Result<Vec<(String, Scalar)>, Error> {
    use yaml_rust2::{Yaml, YamlLoader};
    let documents = YamlLoader::load_from_str(inner).map_err(|error| {
        let marker = error.marker();
        Error::at_line(
            source,
            marker.line() + 1,
            marker.col() + 1,
            format!("front matter (YAML): {}", error.info()),
        )
    })?;
    let Some(document) = documents.into_iter().next() else {
        return Ok(Vec::new());
    };
    let Yaml::Hash(map) = document else {
        return match document {
            Yaml::Null => Ok(Vec::new()),
            _ => Err(Error::at_line(
                source,
                2,
                1,
                "front matter (YAML) must be `key: value` lines",
            )),
        };
    };
    Ok(map
        .into_iter()
        .map(|(key, value)| {
            let key = match key {
                Yaml::String(s) => s,
                Yaml::Integer(n) => n.to_string(),
                Yaml::Real(r) => r,
                Yaml::Boolean(b) => b.to_string(),
                _ => String::new(),
            };
            let scalar = match value {
                Yaml::String(s) => Scalar::Text(s),
                Yaml::Integer(n) => Scalar::Integer(n),
                Yaml::Boolean(b) => Scalar::Bool(b),
                Yaml::Real(_) => Scalar::Other,
                Yaml::Array(_) => Scalar::Other,
                Yaml::Hash(_) => Scalar::Other,
                _ => Scalar::Other,
            };
            (key, scalar)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_is_split_and_body_line_counted() {
        let source = SourceFile::new("c.md", "+++\ntitle = \"Why\"\n+++\nHello\n");
        let split = split(&source).expect("valid");
        assert_eq!(split.front.title.as_deref(), Some("Why"));
        assert_eq!(split.body, "Hello\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn yaml_front_matter_as_docusaurus_writes_it() {
        let source = SourceFile::new(
            "c.md",
            "---\ntitle: Why they ask\ndescription: \"What the question tests\"\nsidebar_position: 3\ntags: [interview]\nslug: /why\n---\n# Body\n",
        );
        let split = split(&source).expect("valid");
        assert_eq!(split.front.title.as_deref(), Some("Why they ask"));
        assert_eq!(
            split.front.subtitle.as_deref(),
            Some("What the question tests")
        );
        assert_eq!(split.front.weight, Some(3));
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_line, 8);
        let lines: Vec<usize> = split
            .notes
            .iter()
            .map(|n| n.location().expect("located").line)
            .collect();
        assert_eq!(lines, [5, 6]);
        assert!(split.notes.iter().all(Error::is_note));
    }

    #[test]
    fn a_typo_is_a_note_with_a_suggestion_and_a_wrong_type_an_error() {
        let source = SourceFile::new(
            "c.md",
            "+++\ntitle = \"Why\"\ntitel = \"x\"\ndraft = true\n+++\n",
        );
        let split = split(&source).expect("valid");
        assert!(split.front.draft);
        assert_eq!(split.notes[0].location().map(|l| l.line), Some(3));
        assert_eq!(split.notes[0].help_text(), Some("did you mean `title`?"));
        let source = SourceFile::new("c.md", "---\ntitle: Why\nweight: first\n---\n");
        let error = super::split(&source).err().expect("refused");
        assert_eq!(error.location().map(|l| l.line), Some(3));
        assert!(error.message().contains("whole number"));
    }

    #[test]
    fn unclosed_or_broken_front_matter_is_an_error() {
        assert!(split(&SourceFile::new("c.md", "+++\ntitle = \"Why\"\n")).is_err());
        let error = split(&SourceFile::new("c.md", "---\ntitle: [unclosed\n---\n"))
            .err()
            .expect("bad YAML");
        assert!(error.location().is_some());
    }

    #[test]
    fn a_chapter_language_must_be_a_language_tag() {
        let source = SourceFile::new(
            "c.md",
            "+++\ntitle = \"x\"\nlanguage = \"Arabic\"\n+++\nHello\n",
        );
        let error = split(&source).err().expect("not a tag");
        assert_eq!(error.location().map(|l| l.line), Some(3));
        let source = SourceFile::new("c.md", "---\nlanguage: ar\n---\nHello\n");
        let split = split(&source).expect("a tag");
        assert_eq!(split.front.language.as_deref(), Some("ar"));
    }

    #[test]
    fn a_rule_that_is_not_front_matter_stays_in_the_body() {
        let source = SourceFile::new("c.md", "# Title\n\n---\n\nText\n");
        assert_eq!(split(&source).expect("valid").body, source.text);
    }
}
