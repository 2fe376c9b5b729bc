//! The workbook's chapters: Markdown files in `content/` (or a
//! translation's `content/<tag>/`), each with optional front matter
//! (`load::front_matter`), in the order `prepbook.toml` lists them, or else
//! by `weight` and then file name; drafts are left out.

use std::path::PathBuf;

use crate::diagnostics::{Error, SourceFile};
use crate::load::folder::Folder;
pub use crate::load::front_matter::FrontMatter;
use crate::load::front_matter::{self, Split};

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
    /// Front-matter keys ignored, as notes for `check`.
    pub notes: Vec<Error>,
}

/// Loads every chapter in `dir` but those in its subfolders `skip` (the
/// translations beside a project's own chapters), in reading order.
pub fn load_chapters(
    dir: &Folder,
    order: &[PathBuf],
    skip: &[String],
) -> Result<Vec<Chapter>, Vec<Error>> {
    if !dir.exists() {
        return Err(vec![Error::in_file(
            dir.display(),
            "the content folder is not there",
        )
        .with_help(
            "chapters are read from content/, or from content/<tag>/ for a translation \
             declared as [languages.<tag>] in prepbook.toml",
        )]);
    }
    let names = if order.is_empty() {
        let mut names = dir.files_with_extension("md").map_err(|e| vec![e])?;
        names.retain(|name| {
            !skip.iter().any(|folder| {
                name.strip_prefix(folder.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
        });
        names
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
    let listed = !order.is_empty();
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
    if !errors.is_empty() {
        return Err(errors);
    }
    chapters.retain(|chapter: &Chapter| !chapter.front.draft);
    if chapters.is_empty() {
        return Err(vec![Error::in_file(
            dir.display(),
            "no chapters: every chapter is a draft (`draft: true`)",
        )]);
    }
    if !listed {
        // Chapters with a weight first, lightest first; the rest after them,
        // in file-name order (the sort is stable).
        chapters.sort_by_key(|chapter| match chapter.front.weight {
            Some(weight) => (0, weight),
            None => (1, 0),
        });
    }
    Ok(chapters)
}

impl Chapter {
    /// A chapter from its text; `name` is its template name.
    pub fn parse(name: String, source: SourceFile) -> Result<Chapter, Error> {
        let Split {
            front,
            body,
            body_line,
            notes,
        } = front_matter::split(&source)?;
        Ok(Chapter {
            name,
            front,
            body,
            body_line,
            notes,
            source,
        })
    }
}
