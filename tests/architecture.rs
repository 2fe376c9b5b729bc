//! The pipeline's stages import one way: a module may use its own stage and
//! the stages below it, never one above (ARCHITECTURE.md has the picture).

use std::path::{Path, PathBuf};

/// The stages from the bottom up; a module's stage is the first folder or
/// file under `src/`.
const STAGES: &[&[&str]] = &[
    &["diagnostics", "output"],
    &["load"],
    &["review"],
    &["compose"],
    &["render", "html", "pdf"],
    &["book"],
    &["build", "scaffold"],
    &["cohort", "watch", "serve"],
];

fn rank(module: &str) -> Option<usize> {
    STAGES.iter().position(|stage| stage.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::NAME` in `text`.
fn crate_references(text: &str) -> Vec<&str> {
    text.match_indices("crate::")
        .map(|(at, _)| {
            let rest = &text[at + "crate::".len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn no_module_imports_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    let mut violations = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|name| name.trim_end_matches(".rs"))
            .expect("a file name");
        if matches!(top, "lib" | "main") {
            continue;
        }
        let own = rank(top).unwrap_or_else(|| panic!("src/{top} belongs to no stage"));
        let text = std::fs::read_to_string(file).expect("readable source");
        for used in crate_references(&text) {
            checked += 1;
            match rank(used) {
                Some(stage) if stage > own => violations.push(format!(
                    "{} uses crate::{used}, a later stage",
                    relative.display()
                )),
                Some(_) => {}
                None => violations.push(format!(
                    "{} uses crate::{used}, which belongs to no stage",
                    relative.display()
                )),
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} references found: is src/ there?"
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_check_sees_an_upward_import() {
    assert_eq!(
        crate_references("use crate::load::theme; use crate::cohort::batch;"),
        ["load", "cohort"]
    );
    assert!(rank("cohort") > rank("load"));
}

#[test]
fn the_pdf_layout_knows_nothing_of_pdf_syntax() {
    let layout = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pdf/layout");
    let mut files = Vec::new();
    rust_files(&layout, &mut files);
    assert!(
        files.len() >= 5,
        "src/pdf/layout/ has {} files",
        files.len()
    );
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable source");
        for writer in ["lopdf", "printpdf", "pdf::write"] {
            assert!(
                !text.contains(writer),
                "{} mentions {writer}: only src/pdf/write/ writes PDF",
                file.display()
            );
        }
    }
}
