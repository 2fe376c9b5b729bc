//! A language's words in a theme: `themes/NAME/i18n/<tag>.toml`, read once
//! per run. The theme's fixed text ([`Strings`]) and the template helpers'
//! grammar ([`Words`]) are data, so a new language is a new file.

pub mod strings;
pub mod words;

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Error, SourceFile};
use crate::load::folder::Folder;

pub use strings::Strings;
pub use words::Words;

/// The folder of a theme that holds one file per language.
pub const FOLDER: &str = "i18n";

/// A language's words, as one theme writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Locale {
    pub strings: Strings,
    pub words: Words,
}

/// The file as written: the strings' sections and `[words]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    cover: strings::CoverStrings,
    contents: strings::ContentsStrings,
    chapter: strings::ChapterStrings,
    page: strings::PageStrings,
    blocks: strings::BlockStrings,
    html: strings::HtmlStrings,
    script: strings::ScriptStrings,
    index: strings::IndexStrings,
    reader: strings::ReaderStrings,
    document: strings::DocumentStrings,
    words: Words,
}

impl Locale {
    /// Reads the words for `tag` from a theme's folder: `i18n/<tag>.toml`,
    /// else the file of its language alone (`es.toml` for `es-MX`).
    pub fn load(theme: &Folder, tag: &str) -> Result<Locale, Error> {
        let dir = theme.join(FOLDER);
        let primary = tag.split('-').next().unwrap_or(tag);
        let file = [tag, primary]
            .iter()
            .map(|name| format!("{name}.toml"))
            .find(|file| dir.has(file));
        let Some(file) = file else {
            return Err(Error::in_file(
                dir.display(),
                format!("the theme has no words for the language `{tag}`"),
            )
            .with_help(format!(
                "add {primary}.toml here (copy en.toml and translate it); it has: {}",
                available(&dir)
            )));
        };
        Locale::parse(&dir.read_text(&file)?)
    }

    /// [`Locale::load`] from a theme folder on disk.
    pub fn load_dir(theme_dir: &Path, tag: &str) -> Result<Locale, Error> {
        Locale::load(&Folder::Disk(theme_dir.to_path_buf()), tag)
    }

    /// Parses and checks a language file; errors point at the line.
    pub fn parse(source: &SourceFile) -> Result<Locale, Error> {
        let file: File = toml::from_str(&source.text).map_err(|e| Error::from_toml(source, &e))?;
        let locale = Locale {
            strings: Strings {
                cover: file.cover,
                contents: file.contents,
                chapter: file.chapter,
                page: file.page,
                blocks: file.blocks,
                html: file.html,
                script: file.script,
                index: file.index,
                reader: file.reader,
                document: file.document,
            },
            words: file.words,
        };
        if let Some((message, near)) = locale.problem() {
            let at = source.text.find(&near).unwrap_or(0);
            return Err(Error::at_span(source, at..at + near.len(), message));
        }
        Ok(locale)
    }

    /// The first mistake in the file, and the text to point at.
    fn problem(&self) -> Option<(String, String)> {
        let strings = serde_json::to_value(&self.strings).unwrap_or_default();
        let unknown = strings
            .as_object()
            .into_iter()
            .flat_map(|sections| sections.values())
            .filter_map(|section| section.as_object())
            .flat_map(|section| section.values())
            .filter_map(|value| value.as_str())
            .flat_map(strings::placeholders)
            .find(|name| !strings::PLACEHOLDERS.contains(name));
        if let Some(name) = unknown {
            return Some((
                format!(
                    "`{{{name}}}` is not filled in by prepbook; use one of {}",
                    strings::PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                ),
                format!("{{{name}}}"),
            ));
        }
        self.words.problem()
    }
}

/// The default theme's English, for unit tests.
#[cfg(test)]
pub(crate) fn english_locale() -> &'static Locale {
    static LOCALE: std::sync::OnceLock<Locale> = std::sync::OnceLock::new();
    LOCALE.get_or_init(|| {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        Locale::load_dir(&theme, "en").expect("en.toml")
    })
}

/// The default theme's English words, for unit tests.
#[cfg(test)]
pub(crate) fn english() -> &'static Words {
    &english_locale().words
}

/// The languages a theme's folder has files for, for a hint.
fn available(dir: &Folder) -> String {
    let tags: Vec<String> = dir
        .files_with_extension("toml")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|name| name.strip_suffix(".toml").map(str::to_string))
        .filter(|tag| !tag.contains('/'))
        .collect();
    if tags.is_empty() {
        "no language yet".to_string()
    } else {
        tags.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default")
    }

    #[test]
    fn a_regional_tag_uses_its_language() {
        let spanish = Locale::load_dir(&theme(), "es-MX").expect("es.toml");
        assert_eq!(spanish.strings.contents.title, "Índice");
        let error = Locale::load_dir(&theme(), "tlh").expect_err("no Klingon");
        assert!(error.to_string().contains("`tlh`"), "{error}");
        assert!(
            error.help_text().is_some_and(|h| h.contains("en, es")),
            "{error:?}"
        );
    }

    #[test]
    fn an_unknown_placeholder_points_at_its_line() {
        let path = theme().join("i18n/en.toml");
        let text = std::fs::read_to_string(&path).expect("en.toml");
        let broken = text.replace("page {number} of {total}", "page {number} of {totla}");
        let error = Locale::parse(&SourceFile::new("en.toml", broken.clone())).expect_err("typo");
        let line = broken
            .lines()
            .position(|l| l.contains("{totla}"))
            .map(|i| i + 1);
        assert_eq!(error.location().map(|l| l.line), line);
        assert!(error.message().contains("{totla}"), "{error}");
    }

    #[test]
    fn twelve_months_are_needed() {
        let path = theme().join("i18n/en.toml");
        let text = std::fs::read_to_string(&path).expect("en.toml");
        let broken = text.replace("\"November\", ", "");
        let error = Locale::parse(&SourceFile::new("en.toml", broken)).expect_err("11 months");
        assert!(error.message().contains("twelve months"), "{error}");
    }
}
