//! How much text a profile may hold. A workbook prints a profile's values
//! several times over (worksheets, example answers, feedback, the HTML), so
//! the memory a build needs grows with them; past this limit a profile is
//! refused before any work, naming its largest field, and the other
//! workbooks of a cohort build as usual.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{Error, SourceFile};

/// The most text a profile's values may hold together: some three hundred
/// thousand words, far beyond any real profile.
pub const MAX_PROFILE_TEXT: usize = 2 * 1024 * 1024;

/// Refuses a profile whose values hold more than [`MAX_PROFILE_TEXT`] bytes
/// of text, naming its largest field and its line.
pub fn check(source: &SourceFile) -> Result<(), Error> {
    // The values cannot hold more text than the file does.
    if source.text.len() <= MAX_PROFILE_TEXT {
        return Ok(());
    }
    let Ok(table) = DeTable::parse(&source.text) else {
        // A syntax error is reported by the parser proper, with its line.
        return Ok(());
    };
    let mut total = 0;
    let mut largest: Option<(String, std::ops::Range<usize>, usize)> = None;
    walk_table(table.get_ref(), "", &mut |path, span, length| {
        total += length;
        if largest.as_ref().is_none_or(|(_, _, most)| length > *most) {
            largest = Some((path.to_string(), span, length));
        }
    });
    match largest {
        Some((path, span, length)) if total > MAX_PROFILE_TEXT => Err(Error::at_span(
            source,
            span,
            format!(
                "the profile holds {} of text, more than the {} a workbook can be built from; \
                 `{path}` alone holds {}",
                megabytes(total),
                megabytes(MAX_PROFILE_TEXT),
                megabytes(length)
            ),
        )
        .with_help("shorten the field: a workbook prints each value several times")),
        _ => Ok(()),
    }
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

type Visit<'a> = dyn FnMut(&str, std::ops::Range<usize>, usize) + 'a;

fn walk_table(table: &DeTable<'_>, prefix: &str, visit: &mut Visit<'_>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        walk_value(value, &path, visit);
    }
}

fn walk_value(value: &Spanned<DeValue<'_>>, path: &str, visit: &mut Visit<'_>) {
    match value.get_ref() {
        DeValue::String(text) => visit(path, value.span(), text.len()),
        DeValue::Array(items) => items.iter().for_each(|item| walk_value(item, path, visit)),
        DeValue::Table(table) => walk_table(table, path, visit),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile_with_draft(bytes: usize) -> SourceFile {
        let draft = "a fairly ordinary sentence about a career. ".repeat(bytes / 43 + 1);
        SourceFile::new(
            "big.toml",
            format!(
                "[person]\nname = \"Ana\"\n\n[aspiration]\ndraft_answer = \"\"\"\n{draft}\"\"\"\n"
            ),
        )
    }

    #[test]
    fn a_profile_past_the_limit_is_refused_naming_its_largest_field_and_line() {
        let error = check(&profile_with_draft(MAX_PROFILE_TEXT + 1000)).expect_err("too big");
        let message = error.to_string();
        assert!(
            message.contains("`aspiration.draft_answer` alone holds 2.1 MB"),
            "{message}"
        );
        assert!(message.contains("big.toml:5:"), "{message}");
    }

    #[test]
    fn a_long_profile_within_the_limit_passes() {
        assert!(check(&profile_with_draft(MAX_PROFILE_TEXT - 1000)).is_ok());
    }
}
