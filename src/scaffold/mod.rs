//! Starting points written to disk: a new project (`prepbook init`) from
//! the built-in default workbook, and a new profile (`prepbook new`).

pub mod profile;

use std::path::{Path, PathBuf};

use crate::diagnostics::{display_path, Error};
use crate::load::builtin;
use crate::output::write_atomic_new;

/// What `prepbook init` writes besides the built-in files.
const GITIGNORE: &str = "# Workbooks built by prepbook\nout/\n";

/// Writes a new project into `dir` (made if missing): `prepbook.toml`, the
/// default chapters in `content/`, `profiles/example.toml`, a `.gitignore`
/// for `out/`, and with `theme` the default theme in `themes/default/`.
/// Refuses, writing nothing, if any of those files exists. Returns the
/// files written.
pub fn init(dir: &Path, theme: bool) -> Result<Vec<PathBuf>, Error> {
    let mut files: Vec<(String, &[u8])> = builtin::FILES
        .iter()
        .filter(|(path, _)| theme || !path.starts_with("themes/"))
        .map(|(path, bytes)| (path.to_string(), *bytes))
        .collect();
    files.push((".gitignore".to_string(), GITIGNORE.as_bytes()));
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|path| path.exists() || path.is_symlink())
        .map(|path| display_path(&path))
        .collect();
    if let Some(first) = existing.first() {
        return Err(Error::in_file(
            first.clone(),
            format!(
                "already exists; prepbook init never overwrites ({} file(s) in the way)",
                existing.len()
            ),
        )
        .with_help("choose an empty or new folder: `prepbook init DIR`"));
    }
    let mut written = Vec::new();
    for (path, bytes) in files {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "cannot create", e))?;
        }
        write_atomic_new(&target, bytes)?;
        written.push(target);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_a_project_and_never_overwrites() {
        let dir = tempfile::tempdir().expect("temp dir");
        let written = init(dir.path(), false).expect("an empty folder");
        assert!(dir.path().join("prepbook.toml").is_file());
        assert!(dir.path().join("content/review.toml").is_file());
        assert!(dir.path().join("profiles/example.toml").is_file());
        assert!(!dir.path().join("themes").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).expect("written"),
            GITIGNORE
        );
        assert!(written.len() > 10);
        std::fs::write(
            dir.path().join("content/01-why-interviewers-ask.md"),
            "mine",
        )
        .expect("write");
        let error = init(dir.path(), true).expect_err("files in the way");
        assert!(error.to_string().contains("already exists"), "{error}");
        assert!(
            !dir.path().join("themes").exists(),
            "nothing written on refusal"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/01-why-interviewers-ask.md"))
                .expect("kept"),
            "mine"
        );
    }
}
