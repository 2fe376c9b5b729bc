//! Profiles with very long values: a long answer builds in bounded memory,
//! and a profile past the size limit is refused alone while the rest of its
//! cohort builds.

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// The example profile with its draft answer replaced by `bytes` of text.
fn example_with_draft(dir: &Path, stem: &str, bytes: usize) -> std::path::PathBuf {
    let example = std::fs::read_to_string(common::repo().join("profiles/example.toml"))
        .expect("the example profile");
    let start = example
        .find("draft_answer = \"\"\"")
        .expect("a draft answer");
    let end = start + 20 + example[start + 20..].find("\"\"\"").expect("its end") + 3;
    let sentence = "I want to keep learning how clean energy reaches every home. ";
    let draft = sentence.repeat(bytes / sentence.len() + 1);
    let text = format!(
        "{}draft_answer = \"\"\"\n{draft}\"\"\"{}",
        &example[..start],
        &example[end..]
    );
    let path = dir.join(format!("{stem}.toml"));
    std::fs::write(&path, text).expect("write the profile");
    path
}

/// Runs the binary under `ulimit -v` (KiB of address space).
fn prepbook_with_memory_limit(kib: u64, args: &[&str]) -> Output {
    let mut command = format!("ulimit -v {kib} && exec \"$0\"");
    for (index, _) in args.iter().enumerate() {
        command.push_str(&format!(" \"${}\"", index + 1));
    }
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .arg(env!("CARGO_BIN_EXE_prepbook"))
        .args(args)
        .current_dir(common::repo())
        .output()
        .expect("sh runs")
}

#[test]
fn a_one_megabyte_answer_builds_within_a_memory_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = example_with_draft(dir.path(), "long", 1_000_000);
    let out = dir.path().join("out");
    // Before the writing lines shared one copy of their answer, this
    // needed over 12 GB; the limit leaves room for the address space that
    // threads and the allocator reserve.
    let output = prepbook_with_memory_limit(
        900 * 1024,
        &[
            "build",
            "--jobs",
            "1",
            "--out",
            &out.display().to_string(),
            &profile.display().to_string(),
        ],
    );
    assert!(
        output.status.success(),
        "the build failed under the limit:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = common::pdf_text(&out.join("long.pdf"));
    assert!(text.contains("how clean energy reaches every home"));
}

#[test]
fn a_profile_past_the_size_limit_fails_alone_and_names_its_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cohort = dir.path().join("cohort");
    std::fs::create_dir(&cohort).expect("mkdir");
    example_with_draft(&cohort, "huge", 3_000_000);
    std::fs::copy(
        common::repo().join("profiles/example.toml"),
        cohort.join("fine.toml"),
    )
    .expect("copy the example");
    let out = dir.path().join("out");
    let output = common::prepbook(
        &common::repo(),
        &[
            "build",
            "--out",
            &out.display().to_string(),
            &cohort.display().to_string(),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("huge.toml:") && stderr.contains("`aspiration.draft_answer` alone holds"),
        "{stderr}"
    );
    assert!(
        out.join("fine.pdf").is_file(),
        "the rest of the cohort built"
    );
    assert!(!out.join("huge.pdf").exists());
}
