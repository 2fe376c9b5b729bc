//! The bad-input matrix: fixture folders under `tests/fixtures/bad/` (invalid
//! profiles, content, themes, projects, answers and rosters), each with the
//! exact diagnostic it must produce as an insta snapshot (rendered without
//! colour), run as library calls. Inputs that are fine but used to lose
//! content are built and read back.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use prepbook::book::Book;
use prepbook::build;
use prepbook::cohort::batch::{self, BatchOptions, Silent};
use prepbook::cohort::roster;
use prepbook::diagnostics::{self, Error};
use prepbook::load::answers::Answers;
use prepbook::load::profile::Profile;
use prepbook::load::project::{Format, Project};
use prepbook::load::theme::Theme;
use prepbook::pdf::fonts::FontSet;
use prepbook::pdf::layout::language::Languages;
use prepbook::pdf::PdfRenderer;
use prepbook::render::{RenderContext, Renderer};

fn bad(path: &str) -> PathBuf {
    PathBuf::from("tests/fixtures/bad").join(path)
}

/// The repository's own project, loaded once.
fn book() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| {
        let project = Project::load(&common::repo()).expect("project");
        Book::load(project).unwrap_or_else(|errors| panic!("{}", shown(&errors)))
    })
}

/// A project whose content is `tests/fixtures/bad/content/CASE/content`,
/// with the repository's configuration and theme.
fn content_book(case: &str) -> Result<Book, Vec<Error>> {
    let mut project = Project::load(&common::repo()).expect("project");
    project.root = bad("content").join(case);
    project.config.workbook.theme = common::repo().join("themes/default").display().to_string();
    Book::load(project)
}

/// Errors as a person sees them.
fn shown(errors: &[Error]) -> String {
    errors
        .iter()
        .map(|error| diagnostics::render(error, false))
        .collect()
}

/// Checks a profile as `prepbook check` does.
fn check(book: &Book, profile: &Path) -> Result<(), Vec<Error>> {
    build::check_profile(book, profile)
}

fn check_error(book: &Book, profile: &Path) -> String {
    shown(&check(book, profile).expect_err("the input is refused"))
}

fn example() -> PathBuf {
    PathBuf::from("profiles/example.toml")
}

fn content_error(case: &str) -> String {
    match content_book(case) {
        Err(errors) => shown(&errors),
        Ok(book) => check_error(&book, &example()),
    }
}

fn render(book: &Book, profile: &Path, format: Format, answers: &Answers) -> Vec<u8> {
    let outputs = build::render_profile(book, profile, &[format], answers)
        .unwrap_or_else(|errors| panic!("{}", shown(&errors)));
    outputs.into_iter().next().expect("one output").1
}

// 1. Files a profile names.

#[test]
fn json_resume_must_be_a_json_file() {
    let error = check_error(book(), &bad("profiles/resume-not-json.toml"));
    insta::assert_snapshot!(error);
    assert!(!error.contains("root:"), "the file's content was shown");
}

#[test]
fn json_resume_naming_a_folder_says_so() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/resume-folder.toml")));
}

#[test]
fn json_resume_that_is_missing_says_so() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/resume-missing.toml")));
}

#[test]
fn json_resume_outside_the_project_is_refused_without_its_content() {
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(
        outside.path().join("secret.json"),
        r#"{"work": [{"position": "TOP SECRET"}]}"#,
    )
    .expect("write");
    let folder = tempfile::tempdir().expect("temp");
    let profile = folder.path().join("ana.toml");
    for linked in [
        outside.path().join("secret.json").display().to_string(),
        "link.json".to_string(),
    ] {
        std::os::unix::fs::symlink(
            outside.path().join("secret.json"),
            folder.path().join("link.json"),
        )
        .ok();
        std::fs::write(
            &profile,
            format!("[person]\nname = \"Ana\"\n[resume]\njson_resume = \"{linked}\"\n"),
        )
        .expect("write");
        let error = shown(&check(book(), &profile).expect_err("outside"));
        assert!(
            error.contains("outside the profile's folder and the project"),
            "{error}"
        );
        assert!(!error.contains("TOP SECRET"), "{error}");
    }
}

#[test]
fn json_resume_that_is_a_fifo_is_refused_without_waiting() {
    let folder = tempfile::tempdir().expect("temp");
    let fifo = folder.path().join("resume.json");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let profile = folder.path().join("ana.toml");
    std::fs::write(
        &profile,
        "[person]\nname = \"Ana\"\n[resume]\njson_resume = \"resume.json\"\n",
    )
    .expect("write");
    let error = shown(&check(book(), &profile).expect_err("fifo"));
    assert!(error.contains("is not a regular file"), "{error}");
    // build goes through the same loader (and hashes what it read).
    let out = tempfile::tempdir().expect("out");
    let summary = batch::build_all(
        book(),
        &[profile],
        &BatchOptions::new(out.path(), &[Format::Html]),
        &Silent,
    )
    .expect("runs");
    assert_eq!(summary.failed.len(), 1);
}

#[test]
fn json_resume_with_a_byte_order_mark_is_read() {
    let loaded = Profile::load(&bad("profiles/resume-bom.toml"), &common::repo()).expect("loads");
    assert_eq!(loaded.profile.resume.history[0].role, "Team lead");
}

#[test]
fn a_profile_file_larger_than_the_limit_is_refused() {
    let folder = tempfile::tempdir().expect("temp");
    let profile = folder.path().join("big.toml");
    let file = std::fs::File::create(&profile).expect("create");
    file.set_len(diagnostics::MAX_FILE_BYTES + 1).expect("grow");
    let error = shown(&check(book(), &profile).expect_err("too big"));
    assert!(error.contains("is larger than 16 MiB"), "{error}");
}

// 2. Depth limits, and deep content stays on the page.

#[test]
fn thousands_of_nested_quotes_are_refused_at_their_line() {
    insta::assert_snapshot!(content_error("deep-quotes"));
}

#[test]
fn deeply_nested_lists_are_refused_at_their_line() {
    insta::assert_snapshot!(content_error("deep-list"));
}

#[test]
fn deeply_nested_toml_is_refused_at_its_line() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/deep-arrays.toml")));
}

#[test]
fn deeply_nested_template_blocks_are_refused_at_their_line() {
    insta::assert_snapshot!(content_error("deep-template"));
}

#[test]
fn deeply_nested_lists_in_large_type_stay_on_the_page() {
    let book = content_book("nested-lists-layout").expect("book");
    let profile = Profile::load(&example(), &common::repo()).expect("profile");
    let document = book
        .document(&profile.profile, "lists", &Answers::default())
        .expect("document");
    // Large type indents each level further: 15 levels would pass the page.
    let mut theme = Theme::load_dir(&common::repo().join("themes/default")).expect("theme");
    theme.config.sizes.body = 20.0;
    let fonts = FontSet::load(&theme.fonts).expect("fonts");
    let renderer = PdfRenderer::new(
        (&theme, fonts),
        Languages::new("en"),
        None,
        &book.locale.strings,
    );
    let context = RenderContext {
        document: &document,
        stem: "lists",
        date: &book.date,
    };
    let pdf = renderer
        .render(&context)
        .unwrap_or_else(|_| panic!("renders"));
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("lists.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = std::process::Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&output.stdout);
    let page_width: f32 = attribute(&html, "<page width=\"").expect("page width");
    assert!(
        html.contains(">Deepest<"),
        "the deepest words are in the text layer"
    );
    // Every word, the deepest item's too (hyphenated or not), is on the page.
    for word in html.lines().filter(|line| line.contains("<word ")) {
        let x_max: f32 = attribute(word, "xMax=\"").expect("xMax");
        assert!(
            x_max < page_width,
            "{word} ends past the page ({page_width})"
        );
    }
}

fn attribute(text: &str, prefix: &str) -> Option<f32> {
    let start = text.find(prefix)? + prefix.len();
    let end = start + text[start..].find('"')?;
    text[start..end].parse().ok()
}

// 3. The cohort index keeps its name.

#[test]
fn a_profile_named_index_is_refused() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/index.toml")));
}

#[test]
fn a_profile_named_index_fails_alone_in_a_cohort() {
    let out = tempfile::tempdir().expect("out");
    let summary = batch::build_all(
        book(),
        &[bad("profiles/index.toml"), example()],
        &BatchOptions::new(out.path(), &[Format::Html]),
        &Silent,
    )
    .expect("runs");
    assert_eq!((summary.built, summary.failed.len()), (1, 1));
    let index = std::fs::read_to_string(out.path().join("index.html")).expect("index");
    assert!(
        index.contains("example.html"),
        "the index is the cohort page"
    );
}

#[test]
fn import_never_writes_index_toml() {
    let to = tempfile::tempdir().expect("to");
    let report = roster::import(&bad("rosters/index.csv"), to.path(), false).expect("imports");
    let written: Vec<String> = report
        .written
        .iter()
        .map(|(_, path)| {
            path.file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(written, ["index-2.toml"]);
    insta::assert_snapshot!(shown(&report.failed));
}

// 4. List bullets, and missing glyphs blamed on the right file.

#[test]
fn a_third_level_list_renders_with_the_default_fonts() {
    let book = content_book("third-level-list").expect("book");
    render(&book, &example(), Format::Pdf, &Answers::default());
}

#[test]
fn a_missing_glyph_in_a_chapter_points_at_the_chapter_line() {
    insta::assert_snapshot!(content_error("missing-glyph"));
}

#[test]
fn a_missing_glyph_in_a_json_resume_points_at_its_line() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/resume-glyph.toml")));
}

// 5. Duplicate prompt ids.

#[test]
fn two_prompts_with_one_id_are_refused() {
    insta::assert_snapshot!(content_error("duplicate-prompt-id"));
}

#[test]
fn one_field_in_two_chapters_is_refused() {
    insta::assert_snapshot!(content_error("duplicate-field"));
}

// 6. Answers that fit nowhere.

fn answers_error(case: &str) -> String {
    let answers = match Answers::load(&bad("answers").join(case)) {
        Ok(answers) => answers,
        Err(error) => return shown(&[error]),
    };
    let errors = build::render_profile(book(), &example(), &[Format::Html], &answers)
        .expect_err("the answers are refused");
    shown(&errors)
}

#[test]
fn an_answer_with_an_unknown_id_is_refused_at_its_line() {
    insta::assert_snapshot!(answers_error("unknown-id.toml"));
}

#[test]
fn an_answer_that_is_not_a_sort_choice_is_refused_at_its_line() {
    insta::assert_snapshot!(answers_error("bad-choice.toml"));
}

#[test]
fn an_answer_that_is_not_text_is_refused_at_its_line() {
    insta::assert_snapshot!(answers_error("not-text.toml"));
}

// 7. Decomposed accents.

#[test]
fn decomposed_accents_reach_the_pdf_text_layer_composed() {
    let pdf = render(
        book(),
        &bad("profiles/decomposed.toml"),
        Format::Pdf,
        &Answers::default(),
    );
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("decomposed.pdf");
    std::fs::write(&path, pdf).expect("write");
    let text = common::pdf_pages_text(&path).join("\n");
    assert!(text.contains("José Núñez"), "{text}");
}

// 8 and 11. Blank values, control and zero-width characters.

#[test]
fn blank_values_are_absent_and_control_characters_are_gone() {
    let loaded =
        Profile::load(&bad("profiles/control-and-blank.toml"), &common::repo()).expect("loads");
    let profile = &loaded.profile;
    assert_eq!(profile.introspection.strengths, ["Calm"]);
    assert!(profile.introspection.likes.is_empty());
    assert_eq!(profile.name(), "Ana Bell[31m");
    assert_eq!(profile.person.target_role.as_deref(), Some("Team lead"));
    let html = render(
        book(),
        &bad("profiles/control-and-blank.toml"),
        Format::Html,
        &Answers::default(),
    );
    let html = String::from_utf8(html).expect("utf-8");
    assert!(!html.contains('\0') && !html.contains('\u{1b}'));
    assert!(!html.contains(": . "), "a blank value left a hole");
}

#[test]
fn a_name_of_zero_width_characters_is_refused() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/zero-width-name.toml")));
}

#[test]
fn a_blank_weakness_is_refused() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/blank-weakness.toml")));
}

// 9. Theme numbers and the language tag.

fn theme_error(case: &str) -> String {
    let error = Theme::load_dir(&bad("themes").join(case)).expect_err("the theme is refused");
    shown(&[error])
}

#[test]
fn a_zero_type_size_is_refused() {
    insta::assert_snapshot!(theme_error("zero-body"));
}

#[test]
fn a_nan_type_size_is_refused() {
    insta::assert_snapshot!(theme_error("nan-body"));
}

#[test]
fn a_margin_wider_than_a_page_is_refused() {
    insta::assert_snapshot!(theme_error("huge-margin"));
}

#[test]
fn a_negative_line_height_is_refused() {
    insta::assert_snapshot!(theme_error("negative-line-height"));
}

#[test]
fn a_zero_writing_line_is_refused() {
    insta::assert_snapshot!(theme_error("zero-writing-line"));
}

#[test]
fn an_unknown_language_is_refused() {
    let error = Project::load(&bad("projects/unknown-language")).expect_err("refused");
    insta::assert_snapshot!(shown(&[error]));
}

// 10. Content that used to vanish.

#[test]
fn footnotes_are_refused_at_their_line() {
    insta::assert_snapshot!(content_error("footnote"));
}

#[test]
fn a_link_to_a_missing_heading_is_reported() {
    insta::assert_snapshot!(content_error("missing-anchor"));
}

#[test]
fn an_answer_block_without_a_title_is_refused() {
    insta::assert_snapshot!(content_error("untitled-answer"));
}

// 11. Smaller things.

#[test]
fn an_unclosed_if_is_reported_where_it_opens() {
    insta::assert_snapshot!(content_error("unclosed-if"));
}

#[test]
fn a_wrong_type_is_named_in_plain_words() {
    insta::assert_snapshot!(check_error(book(), &bad("profiles/horizon-text.toml")));
    insta::assert_snapshot!(check_error(book(), &bad("profiles/goal-date-number.toml")));
}

#[test]
fn dangling_links_and_upper_case_toml_are_profiles_not_skipped() {
    let folder = tempfile::tempdir().expect("temp");
    std::fs::write(folder.path().join("ana.TOML"), "[person]\nname = \"Ana\"\n").expect("write");
    std::os::unix::fs::symlink(
        folder.path().join("gone.toml"),
        folder.path().join("bo.toml"),
    )
    .expect("symlink");
    let paths =
        build::profile_paths(&book().project, &[folder.path().to_path_buf()]).expect("paths");
    assert_eq!(paths.len(), 2, "{paths:?}");
    let error = shown(&check(book(), &folder.path().join("bo.toml")).expect_err("dangling"));
    assert!(
        error.contains("is a symbolic link to a file that does not exist"),
        "{error}"
    );
    check(book(), &folder.path().join("ana.TOML")).expect("an upper-case .TOML builds");
}

#[test]
fn out_naming_a_file_says_so() {
    let folder = tempfile::tempdir().expect("temp");
    let file = folder.path().join("out");
    std::fs::write(&file, "").expect("write");
    let error = batch::build_all(
        book(),
        &[example()],
        &BatchOptions::new(&file, &[Format::Html]),
        &Silent,
    )
    .expect_err("a file");
    assert!(
        error.message().contains("is a file, not a folder"),
        "{error}"
    );
}

#[test]
fn jobs_beyond_the_cap_are_refused_by_the_command_line() {
    let output = common::prepbook(&common::repo(), &["build", "--jobs", "20000"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1..=64"), "{stderr}");
}
