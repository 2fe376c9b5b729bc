//! The project: `prepbook.toml` and the folders it points at, in the
//! language being built.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{display_path, read_regular_file, Error, SourceFile};
use crate::load::builtin;
use crate::load::folder::{FileAccess, Folder};
use crate::load::image::Image;

/// The name of the file that marks a project's root.
pub const CONFIG_FILE: &str = "prepbook.toml";

/// A loaded project: where it is and what its `prepbook.toml` says.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder holding `prepbook.toml`.
    pub root: PathBuf,
    /// The parsed configuration.
    pub config: ProjectConfig,
    /// Whether this is the default workbook built into prepbook, used
    /// outside any project: `root` is then only where profiles and the
    /// output go.
    pub built_in: bool,
    /// How the theme's font files come into memory: read (the default),
    /// or mapped by a command that ends on its own.
    pub font_access: FileAccess,
}

/// `prepbook.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectConfig {
    pub workbook: WorkbookConfig,
    /// The workbook in other languages, by language tag.
    pub languages: BTreeMap<String, LanguageConfig>,
    pub output: OutputConfig,
    pub pdf: PdfConfig,
}

/// `[workbook]`: what the workbook is called and how it is assembled.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkbookConfig {
    pub title: String,
    pub subtitle: String,
    /// The language built (BCP 47): the theme's words, the helpers' grammar,
    /// `lang` in HTML and the PDF catalog, and, when `[languages]` has it,
    /// that translation's title, chapters, profiles and output folder.
    pub language: String,
    /// The theme folder's name under `themes/`.
    pub theme: String,
    /// The date printed on the cover and stored in the PDF, as `YYYY-MM-DD`,
    /// when `SOURCE_DATE_EPOCH` is not set.
    pub date: String,
    /// Chapter files (relative to `content/`) in reading order; empty means
    /// every Markdown file in file-name order.
    pub chapters: Vec<PathBuf>,
    /// A PNG or JPEG file (relative to the project) shown on the cover: an
    /// organisation's logo on its handouts.
    pub logo: Option<PathBuf>,
    /// What the logo says, for readers who cannot see it (the
    /// organisation's name); without it the logo is decoration.
    pub logo_alt: String,
}

impl Default for WorkbookConfig {
    fn default() -> Self {
        WorkbookConfig {
            title: "Interview preparation workbook".to_string(),
            subtitle: String::new(),
            language: "en".to_string(),
            theme: "default".to_string(),
            date: "2026-01-01".to_string(),
            chapters: Vec::new(),
            logo: None,
            logo_alt: String::new(),
        }
    }
}

/// `[languages.<tag>]`: a translation of the workbook, built when
/// `language` is `<tag>`. Like a Hugo site's languages, each has its own
/// folders, named after its tag: chapters and review rules in
/// `content/<tag>/`, profiles in `profiles/<tag>/`, workbooks written to
/// `<output dir>/<tag>/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    /// Chapter files (relative to `content/<tag>/`) in reading order;
    /// empty means file-name order.
    #[serde(default)]
    pub chapters: Vec<PathBuf>,
}

/// `[output]`: where workbooks go and which formats are written.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    pub dir: PathBuf,
    pub formats: Vec<Format>,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("out"),
            formats: vec![Format::Pdf, Format::Html],
        }
    }
}

/// `[pdf]`: settings that override the theme for this project.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdfConfig {
    /// `"a4"` or `"letter"`; the theme's size when absent.
    pub page_size: Option<crate::load::theme::PageSize>,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Html,
}

impl Format {
    /// The file extension of this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
        }
    }
}

impl Project {
    /// Finds the project: `explicit` if given, else the nearest folder upward
    /// from `start` that holds `prepbook.toml`.
    pub fn locate(start: &Path, explicit: Option<&Path>) -> Result<Project, Error> {
        if let Some(dir) = explicit {
            if !dir.join(CONFIG_FILE).is_file() {
                return Err(Error::in_file(
                    dir.display().to_string(),
                    format!("no {CONFIG_FILE} in this folder"),
                )
                .with_help("pass the folder that holds prepbook.toml to --project"));
            }
            return Project::load(dir);
        }
        match nearest(start) {
            Some(root) => Project::load(&root),
            None => Err(Error::new(format!(
                "no {CONFIG_FILE} found in {} or any folder above it",
                start.display()
            ))
            .with_help("run prepbook inside a project, pass --project DIR, or make one with `prepbook init`")),
        }
    }

    /// The project a command on `inputs` (profiles or folders of them)
    /// means: `explicit`, else the nearest project upward from `start`, else
    /// from the first input; outside any project, the built-in default
    /// workbook, writing next to the first input.
    pub fn for_inputs(
        start: &Path,
        explicit: Option<&Path>,
        inputs: &[PathBuf],
    ) -> Result<Project, Error> {
        if explicit.is_some() || nearest(start).is_some() {
            return Project::locate(start, explicit);
        }
        let Some(first) = inputs.first() else {
            return Err(Error::new(format!(
                "no {CONFIG_FILE} found in {} or any folder above it",
                start.display()
            ))
            .with_help(
                "name a profile to build it with the built-in workbook (`prepbook build ana.toml`), \
                 or make a project with `prepbook init`",
            ));
        };
        let first = start.join(first);
        let folder = if first.is_dir() {
            first.clone()
        } else {
            first
                .parent()
                .map_or_else(|| start.to_path_buf(), Path::to_path_buf)
        };
        match nearest(&folder) {
            Some(root) => Project::load(&root),
            None => Project::built_in(&folder),
        }
    }

    /// The built-in default workbook, with profiles and output in `root`.
    pub fn built_in(root: &Path) -> Result<Project, Error> {
        let text = builtin::file(CONFIG_FILE).unwrap_or_default();
        let source = SourceFile::new(
            format!("{}{CONFIG_FILE}", builtin::PREFIX),
            String::from_utf8_lossy(text),
        );
        let mut project = Project::parse(root, &source)?;
        project.built_in = true;
        Ok(project)
    }

    /// Loads `prepbook.toml` from `root`.
    pub fn load(root: &Path) -> Result<Project, Error> {
        let source = SourceFile::read(&root.join(CONFIG_FILE))?;
        Project::parse(root, &source)
    }

    fn parse(root: &Path, source: &SourceFile) -> Result<Project, Error> {
        let config: ProjectConfig =
            toml::from_str(&source.text).map_err(|e| Error::from_toml(source, &e))?;
        if !is_iso_date(&config.workbook.date) {
            return Err(Error::in_file(
                source.name.clone(),
                format!(
                    "`date` in [workbook] must look like 2026-01-31, not `{}`",
                    config.workbook.date
                ),
            ));
        }
        if !is_language_tag(&config.workbook.language) {
            let line = line_starting(source, |line| line.starts_with("language"));
            return Err(Error::at_line(
                source,
                line,
                1,
                format!(
                    "`language` in [workbook] must be a language tag such as `en` or `pt-BR`, not `{}`",
                    config.workbook.language
                ),
            ));
        }
        if let Some(tag) = config.languages.keys().find(|tag| !is_language_tag(tag)) {
            let line = line_starting(source, |line| {
                line.starts_with("[languages.") && line.contains(tag.as_str())
            });
            return Err(Error::at_line(
                source,
                line,
                1,
                format!(
                    "`[languages.{tag}]` must be named by a language tag such as `es` or `pt-BR`"
                ),
            ));
        }
        Ok(Project {
            root: root.to_path_buf(),
            config,
            built_in: false,
            font_access: FileAccess::Read,
        })
    }

    /// The same project built in another language, as if `language = tag`
    /// were written in `[workbook]` (the `--language` option).
    pub fn in_language(mut self, tag: &str) -> Result<Project, Error> {
        if !is_language_tag(tag) {
            return Err(Error::new(format!(
                "--language must be a language tag such as `en` or `pt-BR`, not `{tag}`"
            )));
        }
        self.config.workbook.language = tag.to_string();
        Ok(self)
    }

    /// The language built (BCP 47).
    pub fn language(&self) -> &str {
        &self.config.workbook.language
    }

    /// The translation built, when `[languages]` has the language: its tag
    /// as written there, and its settings.
    pub fn translation(&self) -> Option<(&str, &LanguageConfig)> {
        self.config
            .languages
            .get_key_value(self.language())
            .map(|(tag, config)| (tag.as_str(), config))
    }

    /// The workbook's title in the language built.
    pub fn title(&self) -> &str {
        self.translation()
            .map_or(&self.config.workbook.title, |(_, t)| &t.title)
    }

    /// The workbook's subtitle in the language built.
    pub fn subtitle(&self) -> &str {
        self.translation()
            .map_or(&self.config.workbook.subtitle, |(_, t)| &t.subtitle)
    }

    /// The chapter files in reading order; empty means file-name order.
    pub fn chapter_order(&self) -> &[PathBuf] {
        self.translation()
            .map_or(&self.config.workbook.chapters, |(_, t)| &t.chapters)
    }

    /// A project folder, or its translation's subfolder.
    fn in_translation(&self, dir: PathBuf) -> PathBuf {
        match self.translation() {
            Some((tag, _)) => dir.join(tag),
            None => dir,
        }
    }

    /// The folder of Markdown chapters and review rules: the project's
    /// `content/` (or `content/<tag>/` for a translation), or the built-in
    /// chapters when the project has none.
    pub fn content(&self) -> Folder {
        let dir = self.root.join("content");
        let folder = if !self.built_in && dir.is_dir() {
            Folder::Disk(dir)
        } else {
            Folder::built_in("content")
        };
        match self.translation() {
            Some((tag, _)) => folder.join(tag),
            None => folder,
        }
    }

    /// The folders in the content folder that hold translations (by their
    /// tag), and so are no chapters of the language built.
    pub fn translations_in_content(&self) -> Vec<String> {
        if self.translation().is_some() {
            return Vec::new();
        }
        self.config.languages.keys().cloned().collect()
    }

    /// The folder of the configured theme: `themes/NAME/` in the project,
    /// or the built-in default theme when the project has no such folder.
    pub fn theme(&self) -> Folder {
        let name = &self.config.workbook.theme;
        let dir = self.root.join("themes").join(name);
        if name == "default" && (self.built_in || !dir.is_dir()) {
            Folder::built_in("themes/default")
        } else {
            Folder::Disk(dir)
        }
    }

    /// The cover's logo, read and checked, with its description.
    pub fn logo(&self) -> Result<Option<(Arc<Image>, String)>, Error> {
        let Some(path) = &self.config.workbook.logo else {
            return Ok(None);
        };
        let located = |message: String| {
            let config = self.root.join(CONFIG_FILE);
            match SourceFile::read(&config) {
                Ok(source) => {
                    let line = line_starting(&source, |line| line.starts_with("logo"));
                    Error::at_line(&source, line, 1, message)
                }
                Err(_) => Error::in_file(display_path(&config), message),
            }
        };
        let file = self.root.join(path);
        let bytes = read_regular_file(&file).map_err(|e| {
            located(format!(
                "`logo`: cannot read `{}`: {}",
                path.display(),
                e.message()
            ))
        })?;
        let image = Image::decode(display_path(&file), bytes)
            .map_err(|problem| located(format!("`logo`: `{}` {problem}", path.display())))?;
        Ok(Some((
            Arc::new(image),
            self.config.workbook.logo_alt.trim().to_string(),
        )))
    }

    /// The folder of profiles built when no profile is named: `profiles/`,
    /// or `profiles/<tag>/` for a translation.
    pub fn profiles_dir(&self) -> PathBuf {
        self.in_translation(self.root.join("profiles"))
    }

    /// The output folder, relative to the project unless absolute; a
    /// translation's workbooks go to its subfolder.
    pub fn output_dir(&self) -> PathBuf {
        self.in_translation(self.root.join(&self.config.output.dir))
    }
}

/// The 1-based line of the first line of `source` that passes `test`
/// (after leading spaces); line 1 if none does.
fn line_starting(source: &SourceFile, test: impl Fn(&str) -> bool) -> usize {
    source
        .text
        .lines()
        .position(|line| test(line.trim_start()))
        .map_or(1, |index| index + 1)
}

/// The nearest folder upward from `start` that holds `prepbook.toml`.
fn nearest(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(len, part)| part.len() == *len && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A well-formed BCP 47 tag: a two- or three-letter language, then
/// subtags of one to eight letters or digits (`en`, `pt-BR`, `sr-Latn-RS`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso() {
        assert!(is_iso_date("2026-11-25"));
        assert!(!is_iso_date("25/11/2026"));
        assert!(!is_iso_date("2026-1-5"));
    }

    #[test]
    fn languages_are_bcp47_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("pt-BR"));
        assert!(is_language_tag("sr-Latn-RS"));
        assert!(!is_language_tag("english"));
        assert!(!is_language_tag("en_US"));
        assert!(!is_language_tag(""));
    }

    fn project(toml: &str) -> Project {
        Project {
            root: PathBuf::from("book"),
            config: toml::from_str(toml).expect("valid config"),
            built_in: true,
            font_access: FileAccess::Read,
        }
    }

    #[test]
    fn a_translation_has_its_own_title_and_folders() {
        let text = "[workbook]\ntitle = \"Aspirations\"\nlanguage = \"en\"\n\n\
                    [languages.es]\ntitle = \"Aspiraciones\"\n";
        let english = project(text);
        assert_eq!(english.title(), "Aspirations");
        assert_eq!(english.content(), Folder::built_in("content"));
        assert_eq!(english.translations_in_content(), ["es"]);
        let spanish = english.in_language("es").expect("a tag");
        assert_eq!(spanish.title(), "Aspiraciones");
        assert_eq!(spanish.content(), Folder::built_in("content/es"));
        assert_eq!(spanish.profiles_dir(), Path::new("book/profiles/es"));
        assert_eq!(spanish.output_dir(), Path::new("book/out/es"));
        assert!(spanish.translations_in_content().is_empty());
        // A language with no translation builds content/ in that language.
        let french = project(text).in_language("fr").expect("a tag");
        assert_eq!(french.title(), "Aspirations");
        assert_eq!(french.content(), Folder::built_in("content"));
        assert!(project(text).in_language("French").is_err());
    }

    #[test]
    fn a_translation_must_be_named_by_a_language_tag() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "[workbook]\nlanguage = \"en\"\n\n[languages.spanish]\ntitle = \"x\"\n",
        )
        .expect("write");
        let error = Project::load(dir.path()).expect_err("not a tag");
        assert_eq!(error.location().map(|l| l.line), Some(4));
    }
}
