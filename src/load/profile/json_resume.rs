//! Reading career history and accomplishments from a JSON Resume file
//! (<https://jsonresume.org/schema>), named by `json_resume` in `[resume]`.

use std::path::Path;

use serde::Deserialize;

use super::{Position, Resume};
use crate::diagnostics::{display_path, Error, SourceFile};

/// The parts of a JSON Resume that a workbook uses.
#[derive(Debug, Deserialize)]
struct JsonResume {
    #[serde(default)]
    work: Vec<Work>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Work {
    /// The employer (`company` in older versions of the schema).
    #[serde(default, alias = "company")]
    name: Option<String>,
    #[serde(default)]
    position: Option<String>,
    #[serde(default)]
    start_date: Option<String>,
    #[serde(default)]
    end_date: Option<String>,
    #[serde(default)]
    highlights: Vec<String>,
}

/// Adds the file's work history and highlights after what the profile
/// already lists; returns the file's text (NFC). A file that is not JSON
/// is refused without showing any of it.
pub fn merge(resume: &mut Resume, file: &Path) -> Result<SourceFile, Error> {
    let source = super::clean::nfc(SourceFile::read(file)?);
    if !source.text.trim_start().starts_with('{') {
        return Err(Error::in_file(
            display_path(file),
            "is not a JSON Resume file: it does not start with `{`",
        ));
    }
    let parsed: JsonResume = serde_json::from_str(&source.text).map_err(|error| {
        let message = format!("not a JSON Resume file: {error}");
        if error.line() == 0 {
            Error::in_file(display_path(file), message)
        } else {
            Error::at_line(&source, error.line(), error.column(), message)
        }
    })?;
    for work in parsed.work {
        if let Some(role) = work.position.filter(|p| !p.trim().is_empty()) {
            let period = match (work.start_date, work.end_date) {
                (Some(start), Some(end)) => Some(format!("{start}–{end}")),
                (Some(start), None) => Some(format!("{start}–present")),
                (None, end) => end,
            };
            resume.history.push(Position {
                role,
                organization: work.name,
                period,
            });
        }
        resume.accomplishments.extend(work.highlights);
    }
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_entries_become_history_and_highlights_accomplishments() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("resume.json");
        std::fs::write(
            &file,
            r#"{"basics": {"name": "Ana"}, "work": [
                {"name": "Parcelwise", "position": "Team lead", "startDate": "2022-03",
                 "highlights": ["Cut response time by half"]},
                {"company": "Greenleaf", "position": "Supervisor", "startDate": "2016", "endDate": "2019"}
            ]}"#,
        )
        .expect("write");
        let mut resume = Resume::default();
        merge(&mut resume, &file).expect("valid");
        assert_eq!(resume.history.len(), 2);
        assert_eq!(resume.history[0].period.as_deref(), Some("2022-03–present"));
        assert_eq!(resume.history[1].organization.as_deref(), Some("Greenleaf"));
        assert_eq!(resume.accomplishments, ["Cut response time by half"]);
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("resume.json");
        std::fs::write(&file, "{\n  \"work\": [\n    {\"position\": }\n  ]\n}\n").expect("write");
        let error = merge(&mut Resume::default(), &file).expect_err("syntax");
        assert_eq!(error.location().map(|l| l.line), Some(3));
    }
}
