//! Helpers shared by the integration tests: run the real binary against the
//! repository's own project (or a copy of it) and read what it wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: the default project.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file under tests/fixtures.
pub fn fixture(path: &str) -> PathBuf {
    repo().join("tests/fixtures").join(path)
}

/// Runs `prepbook` with `args` in `dir`.
pub fn prepbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the prepbook binary runs")
}

/// Runs `prepbook build` on the repository project for `profiles`,
/// writing into a fresh temporary folder; panics if the build fails.
pub fn build(profiles: &[&Path]) -> tempfile::TempDir {
    build_in(None, profiles)
}

/// Runs `prepbook build` on the repository project in `language` (its
/// `--language`; the project's own when `None`) for `profiles`, writing
/// into a fresh temporary folder; panics if the build fails.
pub fn build_in(language: Option<&str>, profiles: &[&Path]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let mut args = vec![
        "build".to_string(),
        "--out".to_string(),
        out.path().display().to_string(),
    ];
    if let Some(language) = language {
        args.extend(["--language".to_string(), language.to_string()]);
    }
    args.extend(profiles.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = prepbook(&repo(), &args);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// The text of a PDF, page by page, as poppler's `pdftotext` reads it.
pub fn pdf_pages_text(pdf: &Path) -> Vec<String> {
    let output = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success(), "pdftotext failed");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The whole text of a PDF with runs of whitespace collapsed.
pub fn pdf_text(pdf: &Path) -> String {
    collapse(&pdf_pages_text(pdf).join(" "))
}

/// Collapses runs of whitespace into single spaces.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Chapter titles from the front matter of the repository's content.
pub fn chapter_titles() -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("content"))
        .expect("content/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("chapter");
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with("title"))
                .expect("every chapter has a title");
            let value = line.split_once('=').expect("title = ...").1.trim();
            value.trim_matches('"').to_string()
        })
        .collect()
}

/// Copies the repository's project (config, content, theme) into a temp
/// folder, so a test can break a piece of it.
pub fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    copy_tree(&repo().join("profiles"), &dir.path().join("profiles"));
    std::fs::copy(
        repo().join("prepbook.toml"),
        dir.path().join("prepbook.toml"),
    )
    .expect("copy");
    dir
}

/// Copies a folder and everything in it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A drafted answer and the verdict each review check must give it
/// (`tests/fixtures/review/drafts.toml`).
#[derive(serde::Deserialize)]
pub struct Draft {
    pub name: String,
    pub text: String,
    pub expect: std::collections::BTreeMap<String, String>,
}

/// The drafts of `tests/fixtures/review/drafts.toml`.
pub fn drafts() -> Vec<Draft> {
    drafts_in("review/drafts.toml")
}

/// The drafts of a fixture file (`review/drafts-es.toml` for Spanish).
pub fn drafts_in(file: &str) -> Vec<Draft> {
    #[derive(serde::Deserialize)]
    struct Drafts {
        draft: Vec<Draft>,
    }
    let text = std::fs::read_to_string(fixture(file)).expect("drafts");
    toml::from_str::<Drafts>(&text).expect("valid drafts").draft
}

/// English words that Spanish prose never uses: one of them in a Spanish
/// workbook is text that was not translated.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "you",
    "your",
    "is",
    "are",
    "with",
    "for",
    "this",
    "that",
    "what",
    "when",
    "how",
    "here",
    "from",
    "by",
    "page",
    "chapter",
    "answer",
    "answers",
    "contents",
    "workbook",
    "workbooks",
    "feedback",
    "export",
    "clear",
    "previous",
    "next",
    "close",
    "prepared",
    "role",
    "company",
    "skip",
    "main",
    "content",
    "good",
    "better",
    "needs",
    "work",
    "words",
    "seconds",
    "about",
    "spoken",
    "table",
    "scrolls",
    "sideways",
    "downloaded",
    "answered",
    "browser",
    "type",
    "boxes",
    "example",
    "note",
    "tip",
    "important",
    "warning",
    "caution",
    "step",
    "worksheet",
    "goal",
    "goals",
    "aspiration",
    "interview",
    "made",
    "name",
    "could",
    "be",
    "points",
    "stays",
    "positive",
    "sounds",
    "like",
    "leads",
    "connects",
    "takes",
    "say",
    "write",
    "box",
    "above",
    "appears",
];

/// Text with the words hyphenated at a line's end joined again
/// ("proyec-" and "to," on the next line read "proyecto,").
pub fn dehyphenate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_end();
        let broken = line
            .strip_suffix('-')
            .filter(|head| head.chars().next_back().is_some_and(char::is_alphabetic));
        match (broken, lines.peek()) {
            (Some(head), Some(_)) => {
                out.push_str(head);
                if let Some(next) = lines.next() {
                    out.push_str(next.trim_start());
                }
                out.push('\n');
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The English words in `text` (see [`ENGLISH`]), each with a little of
/// what surrounds it, words hyphenated at a line's end read whole.
pub fn english_words(text: &str) -> Vec<String> {
    let text = dehyphenate(text);
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .enumerate()
        .filter(|(_, word)| ENGLISH.contains(&word.to_lowercase().as_str()))
        .map(|(i, _)| words[i.saturating_sub(3)..(i + 4).min(words.len())].join(" "))
        .collect()
}

/// A PDF text string, read by lopdf: UTF-16BE after a byte-order mark,
/// else PDFDocEncoding (whose line feeds lopdf drops, so each line is read
/// on its own); anything that is not a string is empty.
#[allow(dead_code)]
pub fn pdf_text_string(object: &lopdf::Object) -> String {
    let lopdf::Object::String(bytes, format) = object else {
        return String::new();
    };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return lopdf::decode_text_string(object).expect("UTF-16BE");
    }
    bytes
        .split(|&byte| byte == b'\n')
        .map(|line| {
            let line = lopdf::Object::String(line.to_vec(), *format);
            lopdf::decode_text_string(&line).expect("PDFDocEncoding")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
