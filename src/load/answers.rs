//! Answers saved from the HTML workbook ("Export answers"): a TOML file whose
//! keys are prompt ids as dotted paths. They override profile pre-fill.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Error, SourceFile};

/// Answers by prompt id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Answers {
    by_id: BTreeMap<String, String>,
}

impl Answers {
    /// Reads an exported answers file.
    pub fn load(path: &Path) -> Result<Answers, Error> {
        Answers::parse(&SourceFile::read(path)?)
    }

    /// Parses exported answers: nested tables of strings.
    pub fn parse(source: &SourceFile) -> Result<Answers, Error> {
        let table: toml::Table =
            toml::from_str(&source.text).map_err(|e| Error::from_toml(source, &e))?;
        let mut answers = Answers::default();
        flatten(&table, String::new(), &mut answers.by_id).map_err(|key| {
            Error::in_file(
                source.name.clone(),
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
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// The saved answer for a prompt id.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }
}

fn flatten(
    table: &toml::Table,
    prefix: String,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::String(text) => {
                out.insert(path, text.clone());
            }
            toml::Value::Table(inner) => flatten(inner, path, out)?,
            _ => return Err(path),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_tables_become_dotted_ids() {
        let source = SourceFile::new(
            "a.toml",
            "[introspection]\nstrengths = \"Calm\\nCurious\"\n[aspiration-or-goal.sort]\n1 = \"Goal\"\n",
        );
        let answers = Answers::parse(&source).expect("valid");
        assert_eq!(
            answers.get("introspection.strengths"),
            Some("Calm\nCurious")
        );
        assert_eq!(answers.get("aspiration-or-goal.sort.1"), Some("Goal"));
    }

    #[test]
    fn non_text_answers_are_rejected() {
        let source = SourceFile::new("a.toml", "[x]\ny = 3\n");
        let error = Answers::parse(&source).expect_err("number");
        assert!(error.to_string().contains("x.y"));
    }
}
