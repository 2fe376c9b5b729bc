//! prepbook outside its own repository: the built-in default workbook,
//! `prepbook init` and `prepbook new`, run from empty temporary folders.

mod common;

use std::path::Path;

use common::{collapse, pdf_text, prepbook};

fn ok(dir: &Path, args: &[&str]) -> String {
    let output = prepbook(dir, args);
    assert!(
        output.status.success(),
        "prepbook {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_profile_outside_any_project_builds_the_built_in_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        common::repo().join("profiles/example.toml"),
        dir.path().join("ana.toml"),
    )
    .expect("copy");
    ok(dir.path(), &["build", "ana.toml"]);
    let text = pdf_text(&dir.path().join("out/ana.pdf"));
    assert!(text.contains("What are your career aspirations?"), "{text}");
    assert!(text.contains("Daniela Reyes"));
    assert!(dir.path().join("out/ana.html").is_file());

    // From another folder, with --out: the output goes where it is told.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let profile = dir.path().join("ana.toml");
    ok(
        elsewhere.path(),
        &[
            "build",
            &profile.display().to_string(),
            "--out",
            "printed",
            "--format",
            "pdf",
        ],
    );
    assert!(elsewhere.path().join("printed/ana.pdf").is_file());
    assert!(!elsewhere.path().join("printed/ana.html").exists());

    // No profile and no project: an error that says what to do.
    let output = prepbook(elsewhere.path(), &["build"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("prepbook init"), "{stderr}");
}

#[test]
fn init_makes_a_project_whose_own_files_win() {
    let dir = tempfile::tempdir().expect("temp dir");
    ok(dir.path(), &["init", "demo"]);
    let demo = dir.path().join("demo");
    for file in [
        "prepbook.toml",
        "content/review.toml",
        "profiles/example.toml",
        ".gitignore",
    ] {
        assert!(demo.join(file).is_file(), "{file}");
    }
    assert!(
        !demo.join("themes").exists(),
        "the theme is copied only with --theme"
    );

    // The project's chapter wins over the built-in one.
    let chapter = demo.join("content/01-why-interviewers-ask.md");
    let text = std::fs::read_to_string(&chapter).expect("chapter");
    std::fs::write(
        &chapter,
        format!("{text}\nA sentence only this project has.\n"),
    )
    .expect("edit");
    ok(&demo, &["build"]);
    let pdf = pdf_text(&demo.join("out/example.pdf"));
    assert!(pdf.contains("A sentence only this project has."), "{pdf}");
    assert!(demo.join("out/example.html").is_file());

    // A second init refuses and leaves the edit alone.
    let output = prepbook(dir.path(), &["init", "demo", "--theme"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    assert!(std::fs::read_to_string(&chapter)
        .expect("kept")
        .contains("only this project"));
    assert!(!demo.join("themes").exists());

    // --theme copies the theme, fonts included, and the project uses it.
    ok(dir.path(), &["init", "themed", "--theme"]);
    let theme = dir.path().join("themed/themes/default");
    assert!(theme.join("theme.toml").is_file());
    assert!(theme.join("fonts/OFL.txt").is_file());
    let toml = std::fs::read_to_string(theme.join("theme.toml")).expect("theme");
    std::fs::write(
        theme.join("theme.toml"),
        toml.replace("size = \"a4\"", "size = \"letter\""),
    )
    .expect("edit");
    ok(&dir.path().join("themed"), &["build", "--format", "pdf"]);
    let info = std::process::Command::new("pdfinfo")
        .arg(dir.path().join("themed/out/example.pdf"))
        .output()
        .expect("pdfinfo");
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("612 x 792"),
        "letter paper"
    );
}

#[test]
fn new_writes_a_commented_profile_that_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The tests' standard input is not a terminal: the template is written.
    ok(dir.path(), &["new", "people/sam.toml"]);
    let text = std::fs::read_to_string(dir.path().join("people/sam.toml")).expect("written");
    assert!(text.contains("name = \"Your Name\""));
    assert!(text.contains("# target_role = "));
    ok(dir.path(), &["build", "people/sam.toml", "--format", "pdf"]);
    assert!(collapse(&pdf_text(&dir.path().join("people/out/sam.pdf"))).contains("Your Name"));
    let again = prepbook(dir.path(), &["new", "people/sam.toml"]);
    assert!(!again.status.success(), "never overwrites");
}

/// Waits (at most a minute, checking every 50 ms) until `done` holds.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "gave up waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn build_watch_rebuilds_on_every_edit_and_keeps_the_last_good_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    ok(dir.path(), &["init", "demo"]);
    let demo = dir.path().join("demo");
    let log = dir.path().join("watch.log");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(["build", "--watch", "--format", "html"])
        .current_dir(&demo)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("prepbook runs");
    let html = demo.join("out/example.html");
    let page = || std::fs::read_to_string(&html).unwrap_or_default();
    let logged = || std::fs::read_to_string(&log).unwrap_or_default();
    wait_until("the first build", || {
        logged().contains("watching for changes")
    });

    let chapter = demo.join("content/01-why-interviewers-ask.md");
    let text = std::fs::read_to_string(&chapter).expect("chapter");
    std::fs::write(&chapter, format!("{text}\nThe first marker.\n")).expect("edit");
    wait_until("the first edit in the page", || {
        page().contains("The first marker.")
    });

    std::fs::write(
        &chapter,
        format!("{text}\nThe first marker.\n{{{{#if person.name}}}}\n"),
    )
    .expect("a broken edit");
    wait_until("the error", || logged().contains("is never closed"));
    assert!(
        page().contains("The first marker."),
        "the last good page stays"
    );

    std::fs::write(&chapter, format!("{text}\nThe second marker.\n")).expect("the fix");
    wait_until("the fixed page", || page().contains("The second marker."));
    child.kill().expect("stop the watcher");
    child.wait().expect("stopped");
}
