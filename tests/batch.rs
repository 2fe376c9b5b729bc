//! Batch builds of a cohort: isolation of a broken profile, incremental
//! skips, shards, parallel determinism and the cohort index.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `prepbook build` in `project` with `args`; panics if it fails.
fn build_ok(project: &Path, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let output = common::prepbook(project, &all);
    assert!(
        output.status.success(),
        "build failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

/// The stems a build reported with `word` ("built", "up to date", "failed").
fn reported(output: &Output, word: &str) -> Vec<String> {
    let mut stems: Vec<String> = stdout(output)
        .lines()
        .filter_map(|line| line.strip_prefix(word)?.strip_prefix(' '))
        .map(|rest| rest.split(':').next().unwrap_or(rest).trim().to_string())
        .collect();
    stems.sort();
    stems
}

/// The profile stems of the cohort in `profiles/cohort`.
fn cohort_stems(project: &Path) -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(project.join("profiles/cohort"))
        .expect("cohort")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    stems.sort();
    stems
}

/// Every file below `dir` (hidden ones too) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walk(dir) {
        let relative = entry
            .strip_prefix(dir)
            .expect("below")
            .display()
            .to_string();
        files.insert(relative, std::fs::read(&entry).expect("read"));
    }
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn one_invalid_profile_does_not_stop_the_others() {
    let project = common::project_copy();
    let cohort = project.path().join("profiles/cohort");
    std::fs::copy(
        common::fixture("profiles/typo.toml"),
        cohort.join("typo.toml"),
    )
    .expect("copy");
    let output = common::prepbook(project.path(), &["build", "profiles/cohort"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let good: Vec<String> = cohort_stems(project.path())
        .into_iter()
        .filter(|s| s != "typo")
        .collect();
    assert_eq!(good.len(), 5);
    assert_eq!(reported(&output, "built"), good);
    for stem in &good {
        for ext in ["pdf", "html"] {
            assert!(project.path().join(format!("out/{stem}.{ext}")).is_file());
        }
    }
    assert!(!project.path().join("out/typo.pdf").exists());
    // The summary names the file, line and reason.
    let message = stderr(&output);
    let summary = &message[message.rfind("6 workbook(s):").expect("a summary")..];
    assert!(
        summary.contains("6 workbook(s): 5 built, 0 up to date, 1 failed"),
        "{summary}"
    );
    assert!(
        summary.contains("failed: profiles/cohort/typo.toml:6:1: unknown field `strenghts`"),
        "{summary}"
    );
}

#[test]
fn unchanged_profiles_are_skipped_and_changed_inputs_rebuilt() {
    let project = common::project_copy();
    let dir = project.path();
    let all = cohort_stems(dir);
    let first = build_ok(dir, &["profiles/cohort"]);
    assert_eq!(reported(&first, "built"), all);

    let second = build_ok(dir, &["profiles/cohort"]);
    assert_eq!(reported(&second, "built"), Vec::<String>::new());
    assert_eq!(reported(&second, "up to date"), all);

    // One profile changed: exactly that one is rebuilt.
    let profile = dir.join("profiles/cohort/mei-chen.toml");
    let mut text = std::fs::read_to_string(&profile).expect("profile");
    text.push_str("target_role = \"Data Analyst\"\n");
    std::fs::write(&profile, text).expect("write");
    let third = build_ok(dir, &["profiles/cohort"]);
    assert_eq!(reported(&third, "built"), ["mei-chen"]);

    // An output edited or deleted since: that workbook is rebuilt.
    std::fs::write(dir.join("out/tomas.html"), "edited").expect("write");
    std::fs::remove_file(dir.join("out/jonah-whitfield.pdf")).expect("remove");
    let fourth = build_ok(dir, &["profiles/cohort"]);
    assert_eq!(reported(&fourth, "built"), ["jonah-whitfield", "tomas"]);
    assert_ne!(
        std::fs::read(dir.join("out/tomas.html")).expect("html"),
        b"edited"
    );

    // A content file changed: everything is rebuilt.
    let chapter = dir.join("content/12-summing-up.md");
    let mut text = std::fs::read_to_string(&chapter).expect("chapter");
    text.push_str("\nOne more thing: breathe.\n");
    std::fs::write(&chapter, text).expect("write");
    let fifth = build_ok(dir, &["profiles/cohort"]);
    assert_eq!(reported(&fifth, "built"), all);

    // Other build options are inputs too, and --force rebuilds regardless.
    let html_only = build_ok(dir, &["profiles/cohort", "--format", "html"]);
    assert_eq!(reported(&html_only, "built"), all);
    let forced = build_ok(dir, &["profiles/cohort", "--format", "html", "--force"]);
    assert_eq!(reported(&forced, "built"), all);
}

#[test]
fn a_changed_font_rebuilds_everything() {
    let project = common::project_copy();
    let dir = project.path();
    build_ok(dir, &["profiles/cohort"]);
    // Same glyphs, different bytes: a font file is an input by its bytes.
    let font = dir.join("themes/default/fonts/NotoSans-Regular.ttf");
    let mut bytes = std::fs::read(&font).expect("font");
    bytes.extend_from_slice(&[0; 4]);
    std::fs::write(&font, bytes).expect("write");
    let again = build_ok(dir, &["profiles/cohort"]);
    assert_eq!(reported(&again, "built"), cohort_stems(dir));
}

#[test]
fn shards_are_disjoint_and_cover_the_cohort() {
    let project = common::project_copy();
    let dir = project.path();
    // A bigger cohort: the five profiles under several names each.
    let many = dir.join("many");
    std::fs::create_dir_all(&many).expect("mkdir");
    let stems = cohort_stems(dir);
    for copy in 0..4 {
        for stem in &stems {
            std::fs::copy(
                dir.join(format!("profiles/cohort/{stem}.toml")),
                many.join(format!("{stem}-{copy}.toml")),
            )
            .expect("copy");
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for index in 1..=3 {
        let out = format!("out-{index}");
        let shard = format!("{index}/3");
        let output = build_ok(
            dir,
            &["many", "--format", "html", "--out", &out, "--shard", &shard],
        );
        let built = reported(&output, "built");
        assert!(!built.is_empty(), "shard {shard} is empty");
        assert!(
            built.iter().all(|stem| !seen.contains(stem)),
            "overlap in {shard}"
        );
        seen.extend(built);
    }
    seen.sort();
    let mut expected: Vec<String> = walk(&many)
        .iter()
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    expected.sort();
    assert_eq!(seen, expected);
    // The same split every time.
    let again = build_ok(
        dir,
        &[
            "many", "--format", "html", "--out", "out-x", "--shard", "2/3",
        ],
    );
    let first = build_ok(
        dir,
        &[
            "many", "--format", "html", "--out", "out-y", "--shard", "2/3",
        ],
    );
    assert_eq!(reported(&again, "built"), reported(&first, "built"));
}

#[test]
fn parallel_output_is_identical_to_one_job() {
    let project = common::project_copy();
    let dir = project.path();
    build_ok(
        dir,
        &[
            "profiles/cohort",
            "profiles",
            "--out",
            "serial",
            "--jobs",
            "1",
        ],
    );
    build_ok(
        dir,
        &[
            "profiles/cohort",
            "profiles",
            "--out",
            "parallel",
            "--jobs",
            "4",
        ],
    );
    let serial = tree(&dir.join("serial"));
    let parallel = tree(&dir.join("parallel"));
    assert_eq!(serial.len(), 7 * 2 + 7 + 1, "{:?}", serial.keys());
    assert_eq!(
        serial.keys().collect::<Vec<_>>(),
        parallel.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &serial {
        assert!(parallel[name] == *bytes, "{name} differs");
    }
}

#[test]
fn the_index_lists_and_links_every_workbook() {
    let project = common::project_copy();
    let dir = project.path();
    build_ok(dir, &["profiles/cohort", "profiles/example.toml"]);
    let html = std::fs::read_to_string(dir.join("out/index.html")).expect("index");
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    let names: Vec<String> = page
        .select(&select("tbody th[scope=row]"))
        .map(|th| th.text().collect())
        .collect();
    assert_eq!(
        names,
        [
            "Amara Okafor",
            "Daniela Reyes",
            "Jonah Whitfield",
            "Mei Chen",
            "Priya Raman",
            "Tomás Ferreira-Lind"
        ]
    );
    let links: Vec<String> = page
        .select(&select("tbody a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(links.len(), 12, "{links:?}");
    for link in &links {
        assert!(!link.contains('/'), "not relative: {link}");
        assert!(dir.join("out").join(link).is_file(), "broken link {link}");
    }
    for stem in cohort_stems(dir).iter().chain([&"example".to_string()]) {
        for ext in ["pdf", "html"] {
            assert!(
                links.contains(&format!("{stem}.{ext}")),
                "{stem}.{ext} not linked"
            );
        }
    }
    assert!(page
        .select(&select("html[lang=en] main table caption"))
        .next()
        .is_some());
    assert!(!html.contains("<script"), "the index needs no script");
    assert!(!html.contains("http"), "the index is self-contained");
}

#[test]
fn a_changed_json_resume_rebuilds_its_profile() {
    let project = common::project_copy();
    let dir = project.path();
    let linked = dir.join("linked");
    std::fs::create_dir_all(&linked).expect("mkdir");
    for name in ["json-resume.toml", "json-resume.json"] {
        std::fs::copy(common::fixture("profiles").join(name), linked.join(name)).expect("copy");
    }
    build_ok(dir, &["linked"]);
    let unchanged = build_ok(dir, &["linked"]);
    assert_eq!(reported(&unchanged, "up to date"), ["json-resume"]);
    let json = linked.join("json-resume.json");
    let text = std::fs::read_to_string(&json).expect("json");
    std::fs::write(
        &json,
        text.replace("Logistics coordinator", "Dispatch lead"),
    )
    .expect("write");
    let again = build_ok(dir, &["linked"]);
    assert_eq!(reported(&again, "built"), ["json-resume"]);
}
