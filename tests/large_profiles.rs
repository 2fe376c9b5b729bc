//! Profiles with very long values: a long answer builds in bounded memory,
//! and a profile past the size limit is refused alone while the rest of its
//! cohort builds.

mod common;

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

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

/// Runs the binary and returns its output and its peak resident memory in
/// bytes, as the kernel counted it for this one child (`wait4`).
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also gives its peak memory"
)]
fn prepbook_measuring_memory(args: &[&str]) -> (Output, u64) {
    let child = Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(args)
        .current_dir(common::repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prepbook starts");
    let pid = child.id() as libc::pid_t;
    // Read the pipes on threads so a chatty child never blocks on them.
    let mut stdout = child.stdout.expect("piped");
    let mut stderr = child.stderr.expect("piped");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stderr.read_to_end(&mut bytes).map(|_| bytes)
    });
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in, and `pid` is our
    // own child, not waited for anywhere else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let output = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: out.join().expect("reader").expect("stdout"),
        stderr: err.join().expect("reader").expect("stderr"),
    };
    // Linux counts ru_maxrss in KiB.
    (output, usage.ru_maxrss as u64 * 1024)
}

#[test]
fn a_one_megabyte_answer_builds_in_under_100_megabytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = example_with_draft(dir.path(), "long", 1_000_000);
    let out = dir.path().join("out");
    // Before the writing lines shared one copy of their answer this
    // needed over 12 GB; before lines were set as the words were shaped,
    // 112 MB.
    let (output, peak) = prepbook_measuring_memory(&[
        "build",
        "--jobs",
        "1",
        "--out",
        &out.display().to_string(),
        &profile.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "the build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        peak < 100_000_000,
        "a 1 MB answer peaked at {} MB",
        peak / 1_000_000
    );
    let text = common::pdf_text(&out.join("long.pdf"));
    assert!(text.contains("how clean energy reaches every home"));
    assert!(out.join("long.html").is_file());
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
