//! A folder a project reads from: on disk, or the built-in default workbook
//! (`load::builtin`). The loaders read chapters, review rules, the theme and
//! images through it, so the same code serves both.

use std::path::{Path, PathBuf};

use crate::diagnostics::{
    display_path, open_regular_file_up_to, read_regular_file, read_regular_file_up_to, too_big,
    Error, SourceFile,
};
use crate::load::builtin;

/// How [`Folder::read_large`] brings a file on disk into memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FileAccess {
    /// Read into memory: the bytes stay as they were, whatever later
    /// happens to the file.
    #[default]
    Read,
    /// Mapped: nothing is copied, and only the pages used are read from
    /// the page cache. A mapped file cut shorter by another program would
    /// end this one, so only commands that end on their own map (`build`,
    /// `check`, `review`), never `serve` or `--watch`, which run while the
    /// theme is being edited.
    Map,
}

/// A large file's bytes however they came: borrowed from the binary, read
/// into memory or mapped.
pub enum FileBytes {
    /// A file of the built-in workbook.
    BuiltIn(&'static [u8]),
    /// A file on disk, read.
    Read(Vec<u8>),
    /// A file on disk, mapped ([`FileAccess::Map`]).
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::BuiltIn(bytes) => bytes,
            FileBytes::Read(bytes) => bytes,
            FileBytes::Mapped(map) => map,
        }
    }
}

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileBytes({} bytes)", self.len())
    }
}

/// The regular file at `path` mapped into memory, or read when the file
/// system cannot map it.
fn map_regular_file_up_to(path: &Path, limit: u64) -> Result<FileBytes, Error> {
    let (file, _) = open_regular_file_up_to(path, limit)?;
    // SAFETY: the map is only ever read. It stays valid while the file
    // keeps its length; see `FileAccess::Map` for which commands map.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) if map.len() as u64 > limit => Err(too_big(path, limit)),
        Ok(map) => Ok(FileBytes::Mapped(map)),
        Err(_) => read_regular_file_up_to(path, limit).map(FileBytes::Read),
    }
}

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
        match self {
            Folder::Disk(dir) => read_regular_file(&dir.join(relative)),
            Folder::BuiltIn(_) => self.built_in_file(relative).map(<[u8]>::to_vec),
        }
    }

    /// A large file that is only read (a font), with its own size limit:
    /// a built-in file is borrowed from the binary, a file on disk is read
    /// or mapped as `access` says.
    pub fn read_large(
        &self,
        relative: &str,
        limit: u64,
        access: FileAccess,
    ) -> Result<FileBytes, Error> {
        match (self, access) {
            (Folder::Disk(dir), FileAccess::Read) => {
                read_regular_file_up_to(&dir.join(relative), limit).map(FileBytes::Read)
            }
            (Folder::Disk(dir), FileAccess::Map) => {
                map_regular_file_up_to(&dir.join(relative), limit)
            }
            (Folder::BuiltIn(_), _) => self.built_in_file(relative).map(FileBytes::BuiltIn),
        }
    }

    fn built_in_file(&self, relative: &str) -> Result<&'static [u8], Error> {
        let Folder::BuiltIn(folder) = self else {
            return Err(Error::in_file(self.name(relative), "is not built in"));
        };
        builtin::file(&format!("{folder}/{relative}"))
            .ok_or_else(|| Error::in_file(self.name(relative), "is not built in"))
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

    #[test]
    fn a_large_file_reads_the_same_mapped_read_or_built_in() {
        let font = "fonts/NotoSerif-Regular.ttf";
        let disk = Folder::Disk(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default"
        )));
        let built_in = Folder::built_in("themes/default");
        let read = disk
            .read_large(font, 1 << 24, FileAccess::Read)
            .expect("read");
        let mapped = disk
            .read_large(font, 1 << 24, FileAccess::Map)
            .expect("mapped");
        let embedded = built_in
            .read_large(font, 1 << 24, FileAccess::Map)
            .expect("built in");
        assert!(matches!(mapped, FileBytes::Mapped(_)));
        assert!(read.len() > 100_000);
        assert_eq!(&*read, &*mapped);
        assert_eq!(&*read, &*embedded);
        // The limit and the checks hold for a mapped file as for a read one.
        for access in [FileAccess::Read, FileAccess::Map] {
            let error = disk
                .read_large(font, 1000, access)
                .expect_err("over the limit");
            assert!(error.message().contains("larger than"), "{error:?}");
            assert!(disk.read_large("fonts", 1 << 24, access).is_err());
            assert!(disk
                .read_large("fonts/missing.ttf", 1 << 24, access)
                .is_err());
        }
    }
}
