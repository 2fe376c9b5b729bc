//! Answers saved from the HTML workbook ("Export answers"): a TOML file whose
//! keys are prompt ids as dotted paths. They override profile pre-fill.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::{Error, SourceFile};

/// Answers by prompt id, remembering where each is in its file so that an
/// answer no worksheet takes can be pointed at.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    by_id: BTreeMap<String, (String, Range<usize>)>,
    source: Option<SourceFile>,
}

impl Answers {
    /// Reads an exported answers file.
    pub fn load(path: &Path) -> Result<Answers, Error> {
        Answers::parse(&SourceFile::read(path)?)
    }

    /// Parses exported answers: nested tables of strings, tidied as profile
    /// text is (NFC, no control characters).
    pub fn parse(source: &SourceFile) -> Result<Answers, Error> {
        let table = DeTable::parse(&source.text).map_err(|e| Error::from_toml(source, &e))?;
        let mut answers = Answers {
            by_id: BTreeMap::new(),
            source: Some(source.clone()),
        };
        flatten(table.get_ref(), String::new(), &mut answers.by_id).map_err(|(key, span)| {
            Error::at_span(
                source,
                span,
                format!("answer `{key}` is not text; every answer must be a string"),
            )
        })?;
        Ok(answers)
    }

    /// Builds answers from `(id, text)` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Answers {
        Answers {
            by_id: pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), (v.to_string(), 0..0)))
                .collect(),
            source: None,
        }
    }

    /// The saved answer for a prompt id.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|(text, _)| text.as_str())
    }

    /// Every `(id, answer)`, by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_id
            .iter()
            .map(|(id, (text, _))| (id.as_str(), text.as_str()))
    }

    /// The file the answers came from, if any.
    pub fn source(&self) -> Option<&SourceFile> {
        self.source.as_ref()
    }

    /// An error about the answer `id`, at its line in the answers file.
    pub fn error_at(&self, id: &str, message: impl Into<String>) -> Error {
        match (&self.source, self.by_id.get(id)) {
            (Some(source), Some((_, span))) => Error::at_span(source, span.clone(), message),
            (Some(source), None) => Error::in_file(source.name.clone(), message),
            (None, _) => Error::new(message),
        }
    }
}

type Flat = BTreeMap<String, (String, Range<usize>)>;

fn flatten(
    table: &DeTable<'_>,
    prefix: String,
    out: &mut Flat,
) -> Result<(), (String, Range<usize>)> {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        match value.get_ref() {
            DeValue::String(text) => {
                // NFC, without control characters other than line breaks and tabs.
                let text = text
                    .nfc()
                    .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
                    .collect();
                out.insert(path, (text, span_of(key, value)));
            }
            DeValue::Table(inner) => flatten(inner, path, out)?,
            _ => return Err((path, span_of(key, value))),
        }
    }
    Ok(())
}

/// From the key to the end of its value.
fn span_of<K, V>(key: &Spanned<K>, value: &Spanned<V>) -> Range<usize> {
    key.span().start..value.span().end.max(key.span().end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_tables_become_dotted_ids() {
        let source = SourceFile::new(
            "a.toml",
            "[introspection]\nstrengths = \"Calm\\nCurious\"\n[aspiration-or-goal.sort]\n1 = \"Goal\"\n\"x.y\" = \"z\"\n",
        );
        let answers = Answers::parse(&source).expect("valid");
        assert_eq!(
            answers.get("introspection.strengths"),
            Some("Calm\nCurious")
        );
        assert_eq!(answers.get("aspiration-or-goal.sort.1"), Some("Goal"));
        assert_eq!(answers.get("aspiration-or-goal.sort.x.y"), Some("z"));
    }

    #[test]
    fn answers_are_nfc_without_control_characters() {
        let source = SourceFile::new("a.toml", "x = \"Jose\u{301}\\u0000\\n\"\n");
        let answers = Answers::parse(&source).expect("valid");
        assert_eq!(answers.get("x"), Some("Jos\u{e9}\n"));
    }

    #[test]
    fn non_text_answers_are_rejected_at_their_line() {
        let source = SourceFile::new("a.toml", "[x]\ny = 3\n");
        let error = Answers::parse(&source).expect_err("number");
        assert!(error.to_string().contains("x.y"));
        assert_eq!(error.location().map(|l| l.line), Some(2));
    }

    #[test]
    fn an_answer_is_located_by_its_id() {
        let source = SourceFile::new("a.toml", "\n[x]\ny = \"z\"\n");
        let answers = Answers::parse(&source).expect("valid");
        let error = answers.error_at("x.y", "unknown");
        assert_eq!(error.location().map(|l| (l.line, l.column)), Some((3, 1)));
    }
}
