//! The project: `prepbook.toml` and the folders it points at.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Error, SourceFile};
use crate::load::builtin;
use crate::load::folder::Folder;

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
}

/// `prepbook.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectConfig {
    pub workbook: WorkbookConfig,
    pub output: OutputConfig,
    pub pdf: PdfConfig,
}

/// `[workbook]`: what the workbook is called and how it is assembled.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkbookConfig {
    pub title: String,
    pub subtitle: String,
    /// BCP 47 language tag, used for `lang` in HTML and the PDF catalog.
    pub language: String,
    /// The theme folder's name under `themes/`.
    pub theme: String,
    /// The date printed on the cover and stored in the PDF, as `YYYY-MM-DD`,
    /// when `SOURCE_DATE_EPOCH` is not set.
    pub date: String,
    /// Chapter files (relative to `content/`) in reading order; empty means
    /// every Markdown file in file-name order.
    pub chapters: Vec<PathBuf>,
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
        }
    }
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
            let line = source
                .text
                .lines()
                .position(|line| line.trim_start().starts_with("language"))
                .map_or(1, |index| index + 1);
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
        Ok(Project {
            root: root.to_path_buf(),
            config,
            built_in: false,
        })
    }

    /// The folder of Markdown chapters: the project's `content/`, or the
    /// built-in chapters when the project has none.
    pub fn content(&self) -> Folder {
        let dir = self.root.join("content");
        if !self.built_in && dir.is_dir() {
            Folder::Disk(dir)
        } else {
            Folder::BuiltIn("content")
        }
    }

    /// The folder of the configured theme: `themes/NAME/` in the project,
    /// or the built-in default theme when the project has no such folder.
    pub fn theme(&self) -> Folder {
        let name = &self.config.workbook.theme;
        let dir = self.root.join("themes").join(name);
        if name == "default" && (self.built_in || !dir.is_dir()) {
            Folder::BuiltIn("themes/default")
        } else {
            Folder::Disk(dir)
        }
    }

    /// The folder of profiles built when no profile is named.
    pub fn profiles_dir(&self) -> PathBuf {
        self.root.join("profiles")
    }

    /// The output folder, relative to the project unless absolute.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output.dir)
    }
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
fn is_language_tag(tag: &str) -> bool {
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
}
