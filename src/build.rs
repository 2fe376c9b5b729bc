//! Building and checking profiles: which profile files a command means,
//! rendering one into its outputs in memory, and writing files atomically.
//! Many profiles at once are [`crate::batch`]'s job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::answers::Answers;
use crate::book::Book;
use crate::diagnostics::{display_path, Error, SourceFile};
use crate::profile::Profile;
use crate::project::{Format, Project};

/// The profile files named by the command line: files as given, folders
/// as every `*.toml` in them, nothing as the project's `profiles/`.
pub fn profile_paths(project: &Project, inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let inputs = if inputs.is_empty() {
        vec![project.profiles_dir()]
    } else {
        inputs.to_vec()
    };
    let mut paths = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&input)
                .map_err(|e| Error::io(&input, "cannot list profiles", e))?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "toml"))
                .collect();
            found.sort();
            paths.extend(found);
        } else if input.is_file() {
            paths.push(input);
        } else {
            return Err(Error::in_file(
                display_path(&input),
                "no such profile file or folder",
            ));
        }
    }
    check_unique_stems(&paths)?;
    Ok(paths)
}

/// Two profiles with the same file stem would write the same outputs.
fn check_unique_stems(paths: &[PathBuf]) -> Result<(), Error> {
    let mut seen: BTreeMap<String, &PathBuf> = BTreeMap::new();
    for path in paths {
        let stem = file_stem(path);
        if let Some(first) = seen.insert(stem.clone(), path) {
            return Err(Error::new(format!(
                "{} and {} would both write `{stem}.*`",
                display_path(first),
                display_path(path)
            ))
            .with_help("rename one of the profile files"));
        }
    }
    Ok(())
}

/// The output name of a profile: its file name without `.toml`.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "profile".to_string())
}

/// Loads a profile and renders it in every format, in memory.
pub fn render_profile(
    book: &Book,
    path: &Path,
    formats: &[Format],
    answers: &Answers,
) -> Result<Vec<(Format, Vec<u8>)>, Vec<Error>> {
    let source = SourceFile::read(path).map_err(|e| vec![e])?;
    let mut profile = Profile::parse(&source).map_err(|e| vec![e])?;
    let dir = path.parent().unwrap_or(Path::new("."));
    profile
        .read_linked_files(&source, dir)
        .map_err(|e| vec![e])?;
    render(book, &profile, &file_stem(path), &source, formats, answers)
}

/// Renders a loaded profile in every format, in memory; `source` is the
/// profile's text, for errors that point into it. With more than one format
/// the renderers run in parallel, which halves the wait for a single workbook.
pub fn render(
    book: &Book,
    profile: &Profile,
    stem: &str,
    source: &SourceFile,
    formats: &[Format],
    answers: &Answers,
) -> Result<Vec<(Format, Vec<u8>)>, Vec<Error>> {
    use rayon::prelude::*;
    let document = book.document(profile, stem, answers)?;
    let results: Vec<Result<(Format, Vec<u8>), Error>> = formats
        .par_iter()
        .map(|format| {
            book.render(&document, stem, *format, source)
                .map(|bytes| (*format, bytes))
                .map_err(|error| error.in_context(&source.name))
        })
        .collect();
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a failure never leaves a half-written file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let temp = write_temporary(path, bytes, true)?;
    temp.persist(path)
        .map_err(|e| Error::io(path, "cannot replace", e.error))?;
    Ok(())
}

/// Like [`write_atomic`], but never replaces a file that exists, even one
/// created by someone else a moment before.
pub fn write_atomic_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let temp = write_temporary(path, bytes, true)?;
    temp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::in_file(display_path(path), "already exists")
        } else {
            Error::io(path, "cannot create", e.error)
        }
    })?;
    Ok(())
}

/// Like [`write_atomic`] but without waiting for the disk: for files that
/// are only ever a cache, where a file lost or emptied by a power cut is
/// harmless (a build record that cannot be read means "rebuild").
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let temp = write_temporary(path, bytes, false)?;
    temp.persist(path)
        .map_err(|e| Error::io(path, "cannot replace", e.error))?;
    Ok(())
}

/// `bytes` in a temporary file beside `path`, ready to be renamed; `sync`
/// waits until the disk has them, so a power cut cannot leave the renamed
/// file empty.
fn write_temporary(
    path: &Path,
    bytes: &[u8],
    sync: bool,
) -> Result<tempfile::NamedTempFile, Error> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".prepbook-");
    // Temporary files are private (0600); a workbook is meant to be shared,
    // so it keeps the permissions of the file it replaces, or gets 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        builder.permissions(permissions);
    }
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "cannot create a temporary file in", e))?;
    temp.write_all(bytes)
        .and_then(|_| {
            if sync {
                temp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .map_err(|e| Error::io(path, "cannot write", e))?;
    Ok(temp)
}
