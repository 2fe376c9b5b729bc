//! Building again whenever a file the workbooks are made from changes
//! (chapters, theme, `prepbook.toml`, profiles): `prepbook build --watch`
//! and `prepbook serve`. `build --watch` writes atomically, so a failed
//! build leaves the last good workbooks in place.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::{display_path, Error};
use crate::load::project::Project;

/// How long to wait for more changes after a write, so that an editor's
/// save (often several writes and a rename) gives one rebuild.
const SETTLE: Duration = Duration::from_millis(60);

/// How long to wait after a file was closed from writing or renamed into
/// place, which ends a save: only long enough to gather the same save's
/// other events. (Where the platform reports neither, [`SETTLE`] applies.)
const SETTLE_AFTER_SAVE: Duration = Duration::from_millis(10);

/// Calls `rebuild` once, then again after every change under `roots`
/// (folders, watched recursively, or files), ignoring anything under
/// `ignore` (the output folder, which the rebuild itself writes). Runs
/// until the watcher fails.
pub fn watch(roots: &[PathBuf], ignore: &Path, mut rebuild: impl FnMut()) -> Result<(), Error> {
    let (sender, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if let Some(saved) = write(&event.kind) {
                let _ = sender.send((event.paths, saved));
            }
        }
    })
    .map_err(|e| Error::new(format!("cannot watch for changes: {e}")))?;
    for root in roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| Error::in_file(display_path(root), format!("cannot watch: {e}")))?;
    }
    let ignore = ignore
        .canonicalize()
        .unwrap_or_else(|_| ignore.to_path_buf());
    let relevant = |paths: &[PathBuf]| paths.iter().any(|path| matters(path, &ignore));
    rebuild();
    loop {
        let Ok((paths, mut saved)) = changes.recv() else {
            return Err(Error::new("the file watcher stopped"));
        };
        let mut changed = relevant(&paths);
        // Gather the rest of this save before building.
        let settle = |saved: bool| if saved { SETTLE_AFTER_SAVE } else { SETTLE };
        while let Ok((paths, then_saved)) = changes.recv_timeout(settle(saved)) {
            changed |= relevant(&paths);
            saved = then_saved;
        }
        if changed {
            rebuild();
        }
    }
}

/// Whether an event writes (only writes count: the rebuild's own reads
/// must not start another), and if so whether it ends a save.
fn write(kind: &notify::EventKind) -> Option<bool> {
    use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(true),
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => Some(true),
        EventKind::Modify(ModifyKind::Metadata(_)) => None,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => Some(false),
        _ => None,
    }
}

/// What to watch for a build of `inputs` (profiles or folders of them, as
/// given on the command line from `cwd`): the project's folder, unless it
/// is the built-in workbook, and the folder of every input. A profile is
/// watched through its folder, as editors often save by replacing the file.
pub fn roots(project: &Project, cwd: &Path, inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = inputs
        .iter()
        .map(|input| cwd.join(input))
        .map(|path| {
            if path.is_dir() {
                path
            } else {
                path.parent()
                    .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
            }
        })
        .collect();
    if !project.built_in {
        roots.push(project.root.clone());
    }
    roots
}

/// The kinds of file a workbook is made from: chapters, settings,
/// profiles and JSON Resumes, theme templates, styles, scripts, fonts and
/// images.
const INPUTS: [&str; 11] = [
    "md", "toml", "json", "hbs", "css", "js", "ttf", "otf", "png", "jpg", "jpeg",
];

/// Whether a change to `path` can change a workbook: a kind of file the
/// build reads, not in the output folder, not a temporary file prepbook
/// or an editor writes (a log written into the project is no reason).
fn matters(path: &Path, ignore: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let input = path
        .extension()
        .is_some_and(|e| INPUTS.iter().any(|kind| e.eq_ignore_ascii_case(kind)));
    let temporary = !input
        || name.starts_with(".prepbook-")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.starts_with(".#");
    let resolved = path
        .parent()
        .and_then(|parent| parent.canonicalize().ok())
        .map_or_else(
            || path.to_path_buf(),
            |parent| parent.join(path.file_name().unwrap_or_default()),
        );
    !temporary && !resolved.starts_with(ignore)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_temporary_files_do_not_trigger_a_rebuild() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).expect("out");
        let out = out.canonicalize().expect("out");
        assert!(!matters(&out.join("ana.pdf"), &out));
        assert!(!matters(&dir.path().join("content/.prepbook-x1"), &out));
        assert!(!matters(&dir.path().join("content/01.md~"), &out));
        assert!(matters(&dir.path().join("content/01.md"), &out));
        assert!(matters(&dir.path().join("prepbook.toml"), &out));
        assert!(matters(&dir.path().join("content/images/Chart.PNG"), &out));
        assert!(!matters(&dir.path().join("watch.log"), &out));
    }

    #[test]
    fn a_closed_or_renamed_file_ends_a_save_and_reads_are_no_change() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, EventKind, MetadataKind, ModifyKind,
            RenameMode,
        };
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let touched = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any));
        assert_eq!(write(&closed), Some(true));
        assert_eq!(write(&renamed), Some(true));
        assert_eq!(write(&written), Some(false));
        assert_eq!(write(&EventKind::Create(CreateKind::File)), Some(false));
        assert_eq!(write(&read), None);
        assert_eq!(write(&touched), None);
    }
}
