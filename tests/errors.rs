//! Bad input gets a clear error naming the file and line, a non-zero exit
//! and no panic; what was already written stays as it was.

mod common;

use std::path::Path;
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails unless the command failed cleanly (exit 1, not a panic's 101).
fn assert_clean_failure(output: &Output) {
    assert_eq!(output.status.code(), Some(1), "stderr:\n{}", stderr(output));
    assert!(
        !stderr(output).contains("panicked"),
        "a panic:\n{}",
        stderr(output)
    );
}

/// Builds a fixture profile into a fresh folder with the repository project.
fn build_fixture(name: &str) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().expect("temp");
    let profile = common::fixture("profiles").join(name);
    let output = common::prepbook(
        &common::repo(),
        &[
            "build",
            "--out",
            &out.path().display().to_string(),
            &profile.display().to_string(),
        ],
    );
    (out, output)
}

#[test]
fn a_mistyped_profile_field_names_file_line_and_the_right_field() {
    let (out, output) = build_fixture("typo.toml");
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(
        message.contains("typo.toml:6:1"),
        "no file:line in:\n{message}"
    );
    assert!(
        message.contains("unknown field `strenghts` in [introspection]"),
        "{message}"
    );
    assert!(message.contains("did you mean `strengths`?"), "{message}");
    assert!(
        std::fs::read_dir(out.path()).expect("out").next().is_none(),
        "something was written"
    );
}

#[test]
fn a_toml_syntax_error_names_file_and_line() {
    let profile = common::fixture("profiles/syntax.toml");
    let output = common::prepbook(&common::repo(), &["check", &profile.display().to_string()]);
    assert_clean_failure(&output);
    assert!(
        stderr(&output).contains("syntax.toml:3:"),
        "{}",
        stderr(&output)
    );
}

/// Appends `line` to a chapter of a project copy; returns the line number.
fn append_to_chapter(project: &Path, chapter: &str, line: &str) -> usize {
    let path = project.join("content").join(chapter);
    let mut text = std::fs::read_to_string(&path).expect("chapter");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(line);
    text.push('\n');
    let number = text.lines().count();
    std::fs::write(&path, text).expect("write chapter");
    number
}

fn first_chapter(project: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(project.join("content"))
        .expect("content")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names.remove(0)
}

#[test]
fn an_unknown_template_name_points_at_the_chapter_line() {
    let project = common::project_copy();
    let chapter = first_chapter(project.path());
    let line = append_to_chapter(project.path(), &chapter, "Hello {{person.nmae}}.");
    let output = common::prepbook(project.path(), &["build", "profiles/example.toml"]);
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(
        message.contains(&format!("content/{chapter}:{line}:")),
        "no chapter line in:\n{message}"
    );
    assert!(message.contains("person.nmae"), "{message}");
}

#[test]
fn a_worksheet_with_a_mistyped_field_suggests_the_right_one() {
    let project = common::project_copy();
    let chapter = first_chapter(project.path());
    let fence = append_to_chapter(
        project.path(),
        &chapter,
        "```worksheet\nid = \"extra\"\ntitle = \"Extra\"\n[[prompt]]\nquestion = \"Q?\"\nfield = \"introspection.strenghts\"\n```",
    ) - 6;
    let output = common::prepbook(project.path(), &["check"]);
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(
        message.contains(&format!("content/{chapter}:{}:", fence + 5)),
        "no line in:\n{message}"
    );
    assert!(
        message.contains("did you mean `introspection.strengths`?"),
        "{message}"
    );
}

#[test]
fn check_reports_every_problem_and_writes_nothing() {
    let project = common::project_copy();
    let chapter = first_chapter(project.path());
    append_to_chapter(project.path(), &chapter, "{{company.nmae}} and {{#if}}");
    std::fs::copy(
        common::fixture("profiles/typo.toml"),
        project.path().join("profiles/typo.toml"),
    )
    .expect("copy");
    std::fs::copy(
        common::fixture("profiles/syntax.toml"),
        project.path().join("profiles/syntax.toml"),
    )
    .expect("copy");
    let output = common::prepbook(project.path(), &["check"]);
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(message.contains(&format!("content/{chapter}")), "{message}");
    let output = {
        // With the chapter fixed, both broken profiles are reported in one run.
        std::fs::copy(
            common::repo().join("content").join(&chapter),
            project.path().join("content").join(&chapter),
        )
        .expect("restore");
        common::prepbook(project.path(), &["check"])
    };
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(message.contains("typo.toml:6"), "{message}");
    assert!(message.contains("syntax.toml:3"), "{message}");
    assert!(!project.path().join("out").exists(), "check wrote files");
}

#[test]
fn a_failed_build_leaves_earlier_outputs_untouched() {
    let project = common::project_copy();
    let ok = common::prepbook(project.path(), &["build", "profiles/example.toml"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let pdf = project.path().join("out/example.pdf");
    let before = std::fs::read(&pdf).expect("pdf");
    // A broken profile with the same file stem, built into the same folder.
    let broken = project.path().join("broken");
    std::fs::create_dir_all(&broken).expect("mkdir");
    std::fs::copy(
        common::fixture("profiles/syntax.toml"),
        broken.join("example.toml"),
    )
    .expect("copy");
    let failed = common::prepbook(project.path(), &["build", "broken/example.toml"]);
    assert_clean_failure(&failed);
    assert_eq!(std::fs::read(&pdf).expect("pdf still there"), before);
    let leftovers: Vec<_> = std::fs::read_dir(project.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n.to_string_lossy().starts_with(".prepbook-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_missing_project_is_a_clear_error() {
    let empty = tempfile::tempdir().expect("temp");
    let output = common::prepbook(empty.path(), &["build"]);
    assert_clean_failure(&output);
    assert!(
        stderr(&output).contains("no prepbook.toml found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn prompt_ids_that_nest_inside_each_other_are_refused() {
    let project = common::project_copy();
    let chapter = first_chapter(project.path());
    append_to_chapter(
        project.path(),
        &chapter,
        "```worksheet\nid = \"clash\"\ntitle = \"Clash\"\n[[prompt]]\nquestion = \"A?\"\nid = \"plan.goals\"\n\
         [[prompt]]\nquestion = \"B?\"\nid = \"plan.goals.steps\"\n```",
    );
    let output = common::prepbook(project.path(), &["check"]);
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(message.contains(&format!("content/{chapter}")), "{message}");
    assert!(
        message.contains("`plan.goals.steps` clashes with `plan.goals`"),
        "{message}"
    );
}

#[test]
fn characters_no_font_covers_are_named_with_their_field() {
    let (out, output) = build_fixture("uncovered.toml");
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(message.contains("uncovered.toml:3:"), "{message}");
    assert!(message.contains("`王` (U+738B)"), "{message}");
    assert!(message.contains("is in `target_role`"), "{message}");
    assert!(
        message.contains("fallback"),
        "no hint on how to add a font: {message}"
    );
    assert!(
        std::fs::read_dir(out.path()).expect("out").next().is_none(),
        "a partial workbook was written"
    );
}

#[test]
fn a_missing_json_resume_file_points_at_its_line() {
    let dir = tempfile::tempdir().expect("temp");
    let profile = dir.path().join("ana.toml");
    std::fs::write(
        &profile,
        "[person]\nname = \"Ana\"\n\n[resume]\njson_resume = \"nowhere.json\"\n",
    )
    .expect("write");
    let output = common::prepbook(&common::repo(), &["check", &profile.display().to_string()]);
    assert_clean_failure(&output);
    let message = stderr(&output);
    assert!(message.contains("ana.toml:5:15"), "{message}");
    assert!(message.contains("nowhere.json"), "{message}");
}

#[test]
fn a_broken_theme_font_is_named_and_nothing_is_written() {
    let project = common::project_copy();
    let font = project
        .path()
        .join("themes/default/fonts/NotoSans-Regular.ttf");
    let real = std::fs::read(&font).expect("the theme's font");
    // Not a font at all, and a real font cut short.
    for broken in [b"not a font at all".to_vec(), real[..1000].to_vec()] {
        std::fs::write(&font, &broken).expect("break the font");
        let out = project.path().join("out");
        let output = common::prepbook(project.path(), &["build", "profiles/example.toml"]);
        assert_clean_failure(&output);
        let message = stderr(&output);
        assert!(
            message.contains("themes/default/fonts/NotoSans-Regular.ttf")
                && message.contains("not a usable TrueType/OpenType font: "),
            "{message}"
        );
        assert!(!out.exists(), "something was written");
    }
}
