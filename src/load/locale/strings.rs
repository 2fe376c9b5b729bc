//! The theme's fixed text in one language: what both outputs print around
//! the chapters (`[cover]` to `[index]` of `i18n/<tag>.toml`).

use serde::{Deserialize, Serialize};

/// Every fixed string of the theme, by the part of the workbook it is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub cover: CoverStrings,
    pub contents: ContentsStrings,
    pub chapter: ChapterStrings,
    pub page: PageStrings,
    pub blocks: BlockStrings,
    pub html: HtmlStrings,
    pub script: ScriptStrings,
    pub index: IndexStrings,
}

/// `[cover]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverStrings {
    pub kicker: String,
    pub prepared_for: String,
    pub role: String,
    pub company: String,
    /// The HTML cover's note on typing answers; `{export}` is the button.
    pub note: String,
}

/// `[contents]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentsStrings {
    pub title: String,
}

/// `[chapter]`: `{number}` is the chapter's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterStrings {
    pub kicker: String,
    pub previous: String,
    pub next: String,
    pub links: String,
}

/// `[page]`: `{number}` and `{total}` in the footer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageStrings {
    pub footer: String,
}

/// `[blocks]`: the labels of answer cards and callouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockStrings {
    pub example_answer: String,
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
}

/// `[html]`: the HTML workbook's frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlStrings {
    pub skip_link: String,
    pub close: String,
    pub close_what: String,
    pub owner: String,
    pub to_answer: String,
    pub answers: String,
    pub answers_note: String,
    pub export: String,
    pub clear: String,
    pub colophon: String,
}

/// `[script]`: what `workbook.js` says; shipped to the page as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptStrings {
    pub progress: String,
    pub save_failed: String,
    pub not_saving: String,
    pub exported_one: String,
    pub exported: String,
    pub export_failed: String,
    pub clear_confirm: String,
    pub cleared: String,
    pub table: String,
    pub answers_file: String,
}

/// `[index]`: the cohort's index page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexStrings {
    pub title: String,
    pub count_one: String,
    pub count: String,
    pub caption: String,
    pub name: String,
    pub pdf: String,
    pub html: String,
}

/// The names prepbook fills in between braces; any other `{name}` in a
/// string is a mistake.
pub const PLACEHOLDERS: [&str; 9] = [
    "number",
    "total",
    "name",
    "count",
    "export",
    "done",
    "file",
    "title",
    "generator",
];

/// A string with its `{placeholders}` replaced by `values`, in one pass
/// (a value holding `{name}` stays as it is); unknown ones are kept.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{names}` used in a string, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_filled() {
        let footer = "page {number} of {total}";
        assert_eq!(placeholders(footer), ["number", "total"]);
        assert_eq!(
            fill(footer, &[("number", "3"), ("total", "20")]),
            "page 3 of 20"
        );
        assert_eq!(
            fill(
                "{name} and {file}",
                &[("name", "{file}"), ("file", "a.toml")]
            ),
            "{file} and a.toml"
        );
        assert_eq!(fill("{other} {", &[("name", "x")]), "{other} {");
    }
}
