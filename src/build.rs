//! Building and checking profiles: which profile files a command means, and
//! one profile loaded and rendered into its outputs in memory. Writing the
//! files, and many profiles at once, are the cohort's job (`cohort::batch`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::book::{Book, DRAFT_PROMPT};
use crate::diagnostics::{display_path, Error};
use crate::load::answers::Answers;
use crate::load::profile::{LoadedProfile, Profile};
use crate::load::project::{Format, Project};
use crate::review::{self, Review};

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
            // Every `.toml` (any case) that is not a folder: a dangling link
            // or an unreadable file then fails as that one profile, by name.
            let mut found: Vec<PathBuf> = std::fs::read_dir(&input)
                .map_err(|e| Error::io(&input, "cannot list profiles", e))?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    !path.is_dir()
                        && path
                            .extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                })
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

/// The output name the cohort index takes (`index.html`): no workbook may
/// have it, in any case, or it and the index would overwrite each other.
pub const INDEX_STEM: &str = "index";

/// The output name of a profile, refused if the cohort index needs it.
pub fn output_stem(path: &Path) -> Result<String, Error> {
    let stem = file_stem(path);
    if stem.eq_ignore_ascii_case(INDEX_STEM) {
        return Err(Error::in_file(
            display_path(path),
            format!("a profile may not be called `{stem}`: `{INDEX_STEM}.html` is the cohort's index page"),
        )
        .with_help(format!("rename the file, for example to `{stem}-1.toml`")));
    }
    Ok(stem)
}

/// The output name of a profile: its file name without `.toml`.
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "profile".to_string())
}

/// Loads a profile and renders it in both formats in memory, as `check`
/// does: a panic (a bug in prepbook) is reported for this profile alone.
pub fn check_profile(book: &Book, path: &Path) -> Result<(), Vec<Error>> {
    let formats = [Format::Pdf, Format::Html];
    let check = || render_profile(book, path, &formats, &Answers::default()).map(drop);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(check))
        .unwrap_or_else(|panic| Err(vec![crash_error(path, &*panic)]))
}

/// The error for a panic while building the profile at `path`.
pub fn crash_error(path: &Path, panic: &(dyn std::any::Any + Send)) -> Error {
    let reason = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    Error::in_file(
        display_path(path),
        format!("prepbook crashed while building this profile: {reason}"),
    )
    .with_help("this is a bug in prepbook; please report it with the profile")
}

/// Loads a profile and renders it in every format, in memory.
pub fn render_profile(
    book: &Book,
    path: &Path,
    formats: &[Format],
    answers: &Answers,
) -> Result<Vec<(Format, Vec<u8>)>, Vec<Error>> {
    let stem = output_stem(path).map_err(|e| vec![e])?;
    let loaded = Profile::load(path, &book.project.root).map_err(|e| vec![e])?;
    render(book, &loaded, &stem, formats, answers)
}

/// Renders a loaded profile in every format, in memory. With more than one
/// format the renderers run in parallel, which halves the wait for a single
/// workbook.
pub fn render(
    book: &Book,
    loaded: &LoadedProfile,
    stem: &str,
    formats: &[Format],
    answers: &Answers,
) -> Result<Vec<(Format, Vec<u8>)>, Vec<Error>> {
    use rayon::prelude::*;
    let document = book.document(&loaded.profile, stem, answers)?;
    let sources: Vec<_> = loaded.sources().chain(answers.source()).collect();
    let results: Vec<Result<(Format, Vec<u8>), Error>> = formats
        .par_iter()
        .map(|format| {
            book.render(&document, stem, *format, &sources)
                .map(|bytes| (*format, bytes))
                .map_err(|error| error.in_context(&loaded.source.name))
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

/// Reviews the drafted answer of the profile at `path` (the one in
/// `answers`, if any, else the profile's); `None` when there is no draft.
pub fn review_profile(
    book: &Book,
    path: &Path,
    answers: &Answers,
) -> Result<Option<Review>, Error> {
    let rules = book.rules.as_ref().ok_or_else(|| {
        Error::new("this project has no review rules")
            .with_help("add content/review.toml (the default project has one to copy)")
    })?;
    let profile = Profile::load(path, &book.project.root)?.profile;
    let draft = answers
        .get(DRAFT_PROMPT)
        .or(profile.aspiration.draft_answer.as_deref())
        .unwrap_or("");
    Ok(review::review(rules, &review::Context::of(&profile), draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_names_the_profile_and_its_cause() {
        let panic = std::panic::catch_unwind(|| panic!("boom")).expect_err("panics");
        let error = crash_error(Path::new("ana.toml"), &*panic);
        assert_eq!(
            error.to_string(),
            "ana.toml: prepbook crashed while building this profile: boom"
        );
    }
}
