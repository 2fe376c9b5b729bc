//! `prepbook import`: a spreadsheet roster becomes one profile per row.

mod common;

use std::path::Path;
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn import(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    common::prepbook(dir, &all)
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A roster as a spreadsheet exports it: a byte-order mark, CRLF line ends,
/// quoted cells with commas and line breaks.
const ROSTER: &str = "\u{feff}person.name,person.horizon_years,introspection.strengths,introspection.weaknesses.1.weakness,introspection.weaknesses.1.reframe,aspiration.draft_answer\r\n\
Ana López,5,\"calm; curious\",Impatience,\"I move fast, then check twice\",\"Line one.\r\nLine two, with a comma.\"\r\n\
Bo Lind,five,kind,,,\r\n\
,3,missing name,,,\r\n\
Cy Park,,,,,\r\n";

#[test]
fn a_broken_row_is_named_and_the_good_rows_still_import() {
    let work = tempfile::tempdir().expect("temp");
    std::fs::write(work.path().join("roster.csv"), ROSTER).expect("write");
    let output = import(work.path(), &["roster.csv", "--to", "people"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(
            "roster.csv:4:1: row 3, column `person.horizon_years`: `five` is not a whole number"
        ),
        "{message}"
    );
    assert!(
        message.contains("roster.csv:5:1: row 4, column `person.name`"),
        "{message}"
    );
    assert_eq!(
        files(&work.path().join("people")),
        ["ana-lopez.toml", "cy-park.toml"]
    );

    // What was written loads back as a profile and builds.
    let ana = Path::new("people/ana-lopez.toml");
    let text = std::fs::read_to_string(work.path().join(ana)).expect("profile");
    assert!(
        text.contains("reframe = \"I move fast, then check twice\""),
        "{text}"
    );
    let project = common::project_copy();
    std::fs::copy(work.path().join(ana), project.path().join("ana.toml")).expect("copy");
    let check = common::prepbook(project.path(), &["check", "ana.toml"]);
    assert!(check.status.success(), "{}", stderr(&check));

    // Existing profiles are kept unless --force.
    std::fs::write(work.path().join(ana), "[person]\nname = \"Edited\"\n").expect("edit");
    let again = import(work.path(), &["roster.csv", "--to", "people"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    let kept = std::fs::read_to_string(work.path().join(ana)).expect("profile");
    assert!(kept.contains("Edited"));
    import(work.path(), &["roster.csv", "--to", "people", "--force"]);
    let replaced = std::fs::read_to_string(work.path().join(ana)).expect("profile");
    assert_eq!(replaced, text);
}

#[test]
fn an_unknown_column_fails_the_whole_file_with_a_suggestion() {
    let work = tempfile::tempdir().expect("temp");
    std::fs::write(
        work.path().join("roster.csv"),
        "person.name,introspection.strenghts\nAna,calm\n",
    )
    .expect("write");
    let output = import(work.path(), &["roster.csv", "--to", "people"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("unknown column `introspection.strenghts`"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `introspection.strengths`?"),
        "{message}"
    );
    assert!(
        !work.path().join("people").exists(),
        "something was written"
    );
}

#[test]
fn the_example_roster_imports_to_the_example_cohort() {
    let work = tempfile::tempdir().expect("temp");
    let output = import(
        &common::repo(),
        &[
            "profiles/cohort.csv",
            "--to",
            &work.path().display().to_string(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let cohort = common::repo().join("profiles/cohort");
    assert_eq!(files(work.path()), files(&cohort));
    for name in files(&cohort) {
        assert_eq!(
            std::fs::read_to_string(work.path().join(&name)).expect("imported"),
            std::fs::read_to_string(cohort.join(&name)).expect("cohort"),
            "{name} differs from profiles/cohort.csv; re-import it with --force"
        );
    }
}
