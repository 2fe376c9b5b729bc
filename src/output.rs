//! Writing files so that a failure never loses what was there: every file
//! prepbook writes (workbooks, records, the cohort index, imported profiles)
//! goes through a temporary file in the same folder and a rename.

use std::path::Path;

use crate::diagnostics::{display_path, Error};

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

/// Like [`write_atomic`] but without waiting for the disk: for files a
/// build makes from others, where a file lost or emptied by a power cut
/// costs a rebuild and no one's work (a build record that cannot be read
/// means "rebuild", and a workbook whose bytes do not match its record is
/// built again).
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let temp = write_temporary(path, bytes, false)?;
    temp.persist(path)
        .map_err(|e| Error::io(path, "cannot replace", e.error))?;
    Ok(())
}

/// How old a leftover temporary file must be before it is removed: far
/// longer than any write takes, so another build's file is never touched.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes temporary files (`.prepbook-*`) that a killed build left in
/// `dir`, if they are more than an hour old. Best effort: a file that
/// cannot be removed is left alone.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let stale = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The name every temporary file starts with.
const TEMP_PREFIX: &str = ".prepbook-";

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
    builder.prefix(TEMP_PREFIX);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_temporary_files_are_removed() {
        let dir = tempfile::tempdir().expect("temp");
        let old = dir.path().join(".prepbook-old");
        let new = dir.path().join(".prepbook-new");
        let other = dir.path().join("ana.pdf");
        for path in [&old, &new, &other] {
            std::fs::write(path, b"x").expect("write");
        }
        let two_hours_ago = std::time::SystemTime::now() - STALE_AFTER * 2;
        for path in [&old, &other] {
            let file = std::fs::File::options()
                .write(true)
                .open(path)
                .expect("open");
            file.set_modified(two_hours_ago).expect("mtime");
        }
        remove_stale_temporaries(dir.path());
        assert!(!old.exists(), "a leftover from a killed build stays");
        assert!(new.exists(), "a build in progress lost its file");
        assert!(other.exists(), "a workbook was removed");
    }
}
