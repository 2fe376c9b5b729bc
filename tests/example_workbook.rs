//! The default project built for the example profile: the PDF and HTML are
//! read back and checked against the content and the profile.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use prepbook::book::Book;
use prepbook::load::answers::Answers;
use prepbook::load::profile::Profile;
use prepbook::load::project::Project;
use scraper::{Html, Selector};

fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        common::build(&[
            &common::repo().join("profiles/example.toml"),
            &common::repo().join("profiles/minimal.toml"),
        ])
    })
    .path()
}

fn output(name: &str) -> PathBuf {
    built().join(name)
}

fn example_profile() -> Profile {
    Profile::load(
        &common::repo().join("profiles/example.toml"),
        &common::repo(),
    )
    .expect("example profile is valid")
    .profile
}

fn html(name: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(output(name)).expect("html written"))
}

fn select<'a>(document: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(selector).expect("valid selector");
    document.select(&selector).collect()
}

#[test]
fn pdf_names_the_person_the_company_and_every_chapter() {
    let profile = example_profile();
    let text = common::pdf_text(&output("example.pdf"));
    assert!(text.contains(profile.person.name.get_ref()), "name missing");
    let company = profile
        .company
        .name
        .as_deref()
        .expect("example has a company");
    assert!(text.contains(company), "company missing");
    for title in common::chapter_titles() {
        assert!(
            text.contains(&title),
            "chapter title {title:?} missing from the PDF"
        );
    }
}

#[test]
fn pdf_embeds_every_font() {
    let document = lopdf::Document::load(output("example.pdf")).expect("a readable PDF");
    let mut fonts = 0;
    for (_, object) in document.objects.iter() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        assert!(
            dict.has(b"FontFile2") || dict.has(b"FontFile3") || dict.has(b"FontFile"),
            "a font descriptor without an embedded font file: {dict:?}"
        );
    }
    assert!(
        fonts >= 4,
        "expected the body, bold, italic and heading faces, found {fonts}"
    );
}

#[test]
fn pdf_page_count_is_a_handout_not_a_book() {
    let document = lopdf::Document::load(output("example.pdf")).expect("a readable PDF");
    let pages = document.get_pages().len();
    assert!(
        (10..=26).contains(&pages),
        "example workbook has {pages} pages"
    );
}

#[test]
fn pdf_has_page_numbers_on_every_page_but_the_cover() {
    let pages = common::pdf_pages_text(&output("example.pdf"));
    let total = pages.len();
    assert!(!pages[0].contains("page 1 of"));
    for (index, page) in pages.iter().enumerate().skip(1) {
        let footer = format!("page {} of {total}", index + 1);
        assert!(
            page.contains(&footer),
            "page {} lacks {footer:?}",
            index + 1
        );
    }
}

#[test]
fn no_contents_page_ends_with_a_chapter_whose_sections_are_overleaf() {
    let pages = common::pdf_pages_text(&output("example.pdf"));
    let titles = common::chapter_titles();
    // The contents run from page 2 to the page before chapter 1.
    let contents: Vec<&String> = pages
        .iter()
        .skip(1)
        .take_while(|page| !page.contains("CHAPTER 1"))
        .collect();
    assert!(contents.len() >= 2, "the contents take more than a page");
    for page in &contents[..contents.len() - 1] {
        let last_entry = page
            .lines()
            .map(str::trim)
            .rfind(|line| {
                !line.is_empty()
                    && !line.starts_with("page ")
                    && !line.chars().all(|c| c.is_ascii_digit())
            })
            .expect("a contents entry");
        // Without the page number that ends the line.
        let last_entry = last_entry.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
        assert!(
            !titles.iter().any(|title| title == last_entry),
            "the chapter {last_entry:?} ends a contents page alone"
        );
    }
}

/// The prompt ids of a profile's workbook, from the library itself.
fn prompt_ids(profile: &str) -> Vec<String> {
    let project = Project::load(&common::repo()).expect("project");
    let book = Book::load(project).expect("book");
    let profile = Profile::load(
        &common::repo()
            .join("profiles")
            .join(format!("{profile}.toml")),
        &common::repo(),
    )
    .expect("profile")
    .profile;
    let document = book
        .document(&profile, "x", &Answers::default())
        .expect("document");
    document
        .worksheets()
        .flat_map(|w| w.prompts.iter().map(|p| p.id.clone()))
        .collect()
}

#[test]
fn the_outline_card_starts_a_page_of_its_own() {
    for name in ["example", "minimal"] {
        let pages = common::pdf_pages_text(&output(&format!("{name}.pdf")));
        let card = pages
            .iter()
            .rposition(|page| page.contains("Your outline card") && page.contains("The proof"))
            .unwrap_or_else(|| panic!("{name}: no page holds the outline card"));
        assert!(
            pages[card].trim_start().starts_with("CHAPTER"),
            "{name}: the card's page starts with something else:\n{}",
            pages[card]
        );
    }
}

#[test]
fn html_has_one_labelled_textarea_per_prompt() {
    for name in ["example", "minimal"] {
        let prompt_ids = prompt_ids(name);
        assert!(
            prompt_ids.len() >= 10,
            "the workbook should have many prompts"
        );
        let page = html(&format!("{name}.html"));
        let textareas = select(&page, "textarea");
        assert_eq!(
            textareas.len(),
            prompt_ids.len(),
            "{name}: one textarea per prompt"
        );
        let ids: BTreeSet<&str> = textareas
            .iter()
            .filter_map(|t| t.value().attr("id"))
            .collect();
        assert_eq!(ids.len(), textareas.len(), "textarea ids are unique");
        for textarea in &textareas {
            let id = textarea.value().attr("id").expect("textarea has an id");
            let labels = select(&page, &format!("label[for=\"{id}\"]"));
            assert_eq!(labels.len(), 1, "textarea {id} has one label");
            assert!(!labels[0].text().collect::<String>().trim().is_empty());
        }
    }
}

#[test]
fn html_textareas_are_prefilled_from_the_profile() {
    let profile = example_profile();
    let page = html("example.html");
    let strengths = select(&page, "textarea[name=\"introspection.strengths\"]");
    assert_eq!(strengths.len(), 1);
    let value: String = strengths[0].text().collect();
    for strength in &profile.introspection.strengths {
        assert!(
            value.contains(strength.as_str()),
            "strength {strength:?} not pre-filled"
        );
    }
}

#[test]
fn no_template_syntax_or_private_characters_leak_into_outputs() {
    for name in ["example.html", "minimal.html"] {
        let text = std::fs::read_to_string(output(name)).expect("html");
        assert!(!text.contains("{{"), "{name} contains `{{{{`");
        assert!(
            !text
                .chars()
                .any(|c| ('\u{F0000}'..='\u{F00FF}').contains(&c)),
            "{name} leaks shadow characters"
        );
    }
    for name in ["example.pdf", "minimal.pdf"] {
        let text = common::pdf_text(&output(name));
        assert!(!text.contains("{{"), "{name} contains template syntax");
    }
}

#[test]
fn minimal_profile_builds_a_complete_workbook() {
    for name in ["minimal.pdf", "minimal.html"] {
        assert!(output(name).is_file(), "{name} was not written");
    }
    let text = common::pdf_text(&output("minimal.pdf"));
    for title in common::chapter_titles() {
        assert!(
            text.contains(&title),
            "chapter {title:?} missing for the minimal profile"
        );
    }
    let page = html("minimal.html");
    // Blank worksheets: nothing is pre-filled from a profile that has only a name.
    let filled: Vec<String> = select(&page, "textarea")
        .iter()
        .map(|t| t.text().collect::<String>())
        .filter(|text| !text.trim().is_empty())
        .collect();
    assert!(
        filled.is_empty(),
        "pre-filled for a name-only profile: {filled:?}"
    );
}

#[test]
fn missing_fields_leave_no_holes_in_the_prose() {
    let page = html("minimal.html");
    for heading in select(&page, "main h1, main h2, main h3") {
        assert!(
            !heading.text().collect::<String>().trim().is_empty(),
            "an empty heading"
        );
    }
    let body: String = select(&page, "main p, main li")
        .iter()
        .map(|e| common::collapse(&e.text().collect::<String>()))
        .collect::<Vec<_>>()
        .join("\n");
    for hole in [" ,", " .", " 's", "  ", "()", "“”", "\"\""] {
        assert!(
            !body.contains(hole),
            "the minimal workbook has a hole {hole:?}:\n{}",
            body.lines().find(|l| l.contains(hole)).unwrap_or_default()
        );
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let again = common::build(&[&common::repo().join("profiles/example.toml")]);
    for name in ["example.pdf", "example.html"] {
        let first = std::fs::read(output(name)).expect("first build");
        let second = std::fs::read(again.path().join(name)).expect("second build");
        assert!(first == second, "{name} differs between two builds");
    }
}

#[test]
fn a_json_resume_fills_the_history_and_accomplishments() {
    let out = common::build(&[&common::fixture("profiles/json-resume.toml")]);
    let page = Html::parse_document(
        &std::fs::read_to_string(out.path().join("json-resume.html")).expect("html"),
    );
    let text = |name: &str| -> String {
        select(&page, &format!("textarea[name=\"{name}\"]"))
            .first()
            .map(|t| t.text().collect())
            .unwrap_or_default()
    };
    let history = text("resume.history");
    assert!(
        history.contains("Logistics coordinator — Harbor Freight Lines — 2021-04–present"),
        "{history:?}"
    );
    assert!(history.contains("Library assistant"), "{history:?}");
    let accomplishments = text("resume.accomplishments");
    assert!(
        accomplishments.contains("Ran the volunteer rota"),
        "{accomplishments:?}"
    );
    assert!(
        accomplishments.contains("Cut late deliveries by a third"),
        "{accomplishments:?}"
    );
}

#[cfg(unix)]
#[test]
fn workbooks_are_readable_by_others_like_any_shared_document() {
    use std::os::unix::fs::PermissionsExt;
    for name in ["example.pdf", "example.html"] {
        let mode = std::fs::metadata(output(name))
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o644, 0o644, "{name} has mode {mode:o}");
    }
}

#[test]
fn the_content_security_policy_admits_only_the_workbook_script() {
    use base64::Engine;
    use sha2::Digest;
    let page = html("example.html");
    let csp = select(&page, "meta[http-equiv=\"Content-Security-Policy\"]")[0]
        .value()
        .attr("content")
        .expect("a CSP")
        .to_string();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .expect("script-src");
    assert!(
        !script_src.contains("unsafe-inline"),
        "inline handlers would run: {script_src}"
    );
    // Data blocks (the review's rules and context) are not scripts that run.
    let scripts = select(&page, "script:not([type=\"application/json\"])");
    assert_eq!(scripts.len(), 1);
    let digest = sha2::Sha256::digest(scripts[0].text().collect::<String>().as_bytes());
    let expected = format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    );
    assert_eq!(script_src, format!("script-src {expected}"));
}
