//! A folder a project reads from: on disk, or the built-in default workbook
//! (`load::builtin`). The loaders read chapters, review rules, the theme and
//! images through it, so the same code serves both.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::diagnostics::{
    display_path, read_regular_file_up_to, Error, SourceFile, MAX_FILE_BYTES,
};
use crate::load::builtin;

/// Where a folder's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folder {
    /// A folder on disk.
    Disk(PathBuf),
    /// A folder of the built-in default workbook, such as `content`.
    BuiltIn(String),
}

impl Folder {
    /// The built-in folder at `path`, such as `content`.
    pub fn built_in(path: &str) -> Folder {
        Folder::BuiltIn(path.to_string())
    }

    /// The folder `sub` inside this one.
    pub fn join(&self, sub: &str) -> Folder {
        match self {
            Folder::Disk(dir) => Folder::Disk(dir.join(sub)),
            Folder::BuiltIn(folder) => Folder::BuiltIn(format!("{folder}/{sub}")),
        }
    }

    /// How the file at `relative` is named in messages.
    pub fn name(&self, relative: &str) -> String {
        match self {
            Folder::Disk(dir) => display_path(&dir.join(relative)),
            Folder::BuiltIn(folder) => format!("{}{folder}/{relative}", builtin::PREFIX),
        }
    }

    /// How the folder itself is named in messages.
    pub fn display(&self) -> String {
        match self {
            Folder::Disk(dir) => display_path(dir),
            Folder::BuiltIn(folder) => format!("{}{folder}", builtin::PREFIX),
        }
    }

    /// Whether the folder exists.
    pub fn exists(&self) -> bool {
        match self {
            Folder::Disk(dir) => dir.is_dir(),
            Folder::BuiltIn(folder) => builtin::files_under(folder).next().is_some(),
        }
    }

    /// Whether the file at `relative` exists.
    pub fn has(&self, relative: &str) -> bool {
        match self {
            Folder::Disk(dir) => dir.join(relative).exists(),
            Folder::BuiltIn(folder) => builtin::file(&format!("{folder}/{relative}")).is_some(),
        }
    }

    /// The bytes of the file at `relative` (a regular file on disk, see
    /// [`crate::diagnostics::read_regular_file`]).
    pub fn read(&self, relative: &str) -> Result<Vec<u8>, Error> {
        self.read_up_to(relative, MAX_FILE_BYTES)
            .map(Cow::into_owned)
    }

    /// [`Folder::read`] with another size limit, for fonts; a built-in
    /// file is borrowed from the binary rather than copied.
    pub fn read_up_to(&self, relative: &str, limit: u64) -> Result<Cow<'static, [u8]>, Error> {
        match self {
            Folder::Disk(dir) => {
                read_regular_file_up_to(&dir.join(relative), limit).map(Cow::Owned)
            }
            Folder::BuiltIn(folder) => builtin::file(&format!("{folder}/{relative}"))
                .map(Cow::Borrowed)
                .ok_or_else(|| Error::in_file(self.name(relative), "is not built in")),
        }
    }

    /// The UTF-8 text of the file at `relative`, named for messages.
    pub fn read_text(&self, relative: &str) -> Result<SourceFile, Error> {
        match self {
            Folder::Disk(dir) => SourceFile::read(&dir.join(relative)),
            Folder::BuiltIn(_) => {
                let bytes = self.read(relative)?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::in_file(self.name(relative), "is not UTF-8 text"))?;
                Ok(SourceFile::new(self.name(relative), text))
            }
        }
    }

    /// Every file below the folder whose name ends in `.{extension}`, as
    /// `/`-separated paths relative to it, in path order.
    pub fn files_with_extension(&self, extension: &str) -> Result<Vec<String>, Error> {
        let suffix = format!(".{extension}");
        match self {
            Folder::Disk(dir) => {
                let mut found = Vec::new();
                for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                    let entry = entry.map_err(|e| {
                        Error::in_file(display_path(dir), format!("cannot read the folder: {e}"))
                    })?;
                    let path = entry.path();
                    if entry.file_type().is_file() && path.to_string_lossy().ends_with(&suffix) {
                        found.push(relative_name(dir, path));
                    }
                }
                Ok(found)
            }
            Folder::BuiltIn(folder) => Ok(builtin::files_under(folder)
                .map(|(name, _)| name.to_string())
                .filter(|name| name.ends_with(&suffix))
                .collect()),
        }
    }
}

/// `path` relative to `dir`, with `/` separators.
fn relative_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_and_disk_folders_read_the_same_chapters() {
        let disk = Folder::Disk(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content"
        )));
        let built_in = Folder::built_in("content");
        let names = disk.files_with_extension("md").expect("disk");
        assert_eq!(
            names,
            built_in.files_with_extension("md").expect("built in")
        );
        let first = &names[0];
        assert_eq!(
            disk.read_text(first).expect("disk").text,
            built_in.read_text(first).expect("built in").text
        );
        assert_eq!(built_in.name(first), format!("built-in:content/{first}"));
        assert!(built_in.read("missing.md").is_err());
    }
}
