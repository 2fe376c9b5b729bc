//! Markdown as other documentation tools write it (tests/fixtures/authoring):
//! YAML and TOML front matter, the three admonition forms, MDX lines and raw
//! HTML. Their words reach both outputs; their markup reaches neither; and
//! `check` names each thing it leaves out.

mod common;

use std::path::Path;

use scraper::{Html, Selector};

use common::{collapse, fixture, pdf_text, prepbook};

/// Builds the fixture project into a temporary folder.
fn build() -> (tempfile::TempDir, String, Html) {
    let out = tempfile::tempdir().expect("temp dir");
    let output = prepbook(
        &fixture("authoring"),
        &["build", "--out", &out.path().display().to_string()],
    );
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = pdf_text(&out.path().join("sam.pdf"));
    let html = std::fs::read_to_string(out.path().join("sam.html")).expect("html");
    (out, pdf, Html::parse_document(&html))
}

fn chapters_text(html: &Html) -> String {
    let selector = Selector::parse(".chapter").expect("selector");
    collapse(
        &html
            .select(&selector)
            .flat_map(|chapter| chapter.text())
            .collect::<String>(),
    )
}

const WORDS: [&str; 12] = [
    "Written for Docusaurus",
    "YAML front matter, as a docs site keeps it",
    "Hello Sam Okoro, this chapter came from a documentation site.",
    "The words of a tab stay in the workbook.",
    "Press Enter to continue.",
    "Written for Zola",
    "TOML front matter with a weight",
    "GitHub wrote this tip.",
    "Mind the clock",
    "Docusaurus wrote this caution, with bold words.",
    "MkDocs wrote this note, indented.",
    "It has a second paragraph.",
];

const MARKUP: [&str; 12] = [
    ":::",
    "!!!",
    "[!TIP]",
    "import ",
    "<Tabs",
    "TabItem",
    "<div",
    "</div",
    "<kbd",
    "Raw HTML markup",
    "sidebar_position",
    "Draft words",
];

#[test]
fn words_reach_both_outputs_and_markup_neither() {
    let (_out, pdf, html) = build();
    let page = chapters_text(&html);
    for words in WORDS {
        assert!(pdf.contains(words), "PDF lacks {words:?}:\n{pdf}");
        assert!(page.contains(words), "HTML lacks {words:?}:\n{page}");
    }
    for markup in MARKUP {
        assert!(!pdf.contains(markup), "PDF shows {markup:?}:\n{pdf}");
        assert!(!page.contains(markup), "HTML shows {markup:?}:\n{page}");
    }
    // Order by weight: Zola's chapter (1), Docusaurus's (2), the callouts (3).
    let at = |text: &str, words: &str| text.rfind(words).expect(words);
    for text in [&pdf, &page] {
        assert!(at(text, "sorts first because") < at(text, "Hello Sam"));
        assert!(at(text, "Hello Sam") < at(text, "GitHub wrote"));
    }
    // The three admonitions are the same kind of box; titles replace the label.
    let callouts = Selector::parse(".callout").expect("selector");
    let kinds: Vec<String> = html
        .select(&callouts)
        .map(|c| c.value().attr("class").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "callout callout-tip",
            "callout callout-caution",
            "callout callout-note"
        ]
    );
    let titles = Selector::parse(".callout-title").expect("selector");
    let titles: Vec<String> = html.select(&titles).map(|t| t.text().collect()).collect();
    assert_eq!(titles, ["Tip", "Mind the clock", "From MkDocs"]);
    assert!(pdf.contains("TIP") && pdf.contains("CAUTION") && pdf.contains("NOTE"));
}

#[test]
fn symbols_print_from_the_default_fallback_fonts() {
    let (out, pdf, html) = build();
    // ✅ and ❌ exist only as colour emoji: on paper they are drawn as ✔
    // and ✘, and the text read back is the emoji written.
    for words in [
        "✅ Do: name the company",
        "❌ Don’t: mention",
        "✔ Checked, ✗ crossed, ★ starred, ☐ to do, ⚠ careful.",
        "Aspiration → goal → step.",
    ] {
        assert!(pdf.contains(words), "PDF lacks {words:?}:\n{pdf}");
    }
    let page = chapters_text(&html);
    assert!(
        page.contains("✅ Do:") && page.contains("❌ Don’t"),
        "{page}"
    );
    let fonts = std::process::Command::new("pdffonts")
        .arg(out.path().join("sam.pdf"))
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("NotoSansSymbols2"), "{fonts}");
    assert!(fonts.contains("NotoSansSymbols-"), "{fonts}");
}

/// How many writing lines the form field `group.name` spans: its widget's
/// height over the default theme's line spacing (7 mm).
fn writing_lines(pdf: &Path, group: &str, name: &str) -> usize {
    use lopdf::{Document, Object};
    let doc = Document::load(pdf).expect("a PDF");
    let resolve = |object: &Object| match object {
        Object::Reference(id) => doc.get_object(*id).expect("object").clone(),
        other => other.clone(),
    };
    let named = |kids: &[Object], wanted: &str| {
        kids.iter()
            .map(|kid| resolve(kid).as_dict().expect("a field").clone())
            .find(|field| field.get(b"T").and_then(Object::as_str).ok() == Some(wanted.as_bytes()))
            .expect(wanted)
    };
    let catalog = doc.catalog().expect("catalog");
    let form = resolve(catalog.get(b"AcroForm").expect("a form"));
    let fields = form
        .as_dict()
        .expect("dict")
        .get(b"Fields")
        .expect("fields");
    let group = named(fields.as_array().expect("array"), group);
    let field = named(
        group.get(b"Kids").and_then(Object::as_array).expect("kids"),
        name,
    );
    let widgets = field
        .get(b"Kids")
        .and_then(Object::as_array)
        .expect("a widget");
    let widget = resolve(&widgets[0]);
    let rect: Vec<f32> = widget
        .as_dict()
        .expect("dict")
        .get(b"Rect")
        .and_then(Object::as_array)
        .expect("a rectangle")
        .iter()
        .map(|n| n.as_float().expect("a number"))
        .collect();
    let line = 7.0 * 72.0 / 25.4;
    ((rect[3] - rect[1]).abs() / line).round() as usize
}

#[test]
fn lines_are_room_for_an_empty_answer_and_a_prefilled_one_gets_free_lines() {
    let (out, pdf, _) = build();
    assert!(pdf.contains("Data Analyst"));
    let file = out.path().join("sam.pdf");
    // `lines = 5` for both; the empty answer gets them, the one-line
    // pre-filled answer its line and the theme's one free line.
    assert_eq!(writing_lines(&file, "person", "current_role"), 5);
    assert_eq!(writing_lines(&file, "person", "target_role"), 2);
}

#[test]
fn check_names_what_it_leaves_out_and_passes() {
    let output = prepbook(&fixture("authoring"), &["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "check failed:\n{stderr}");
    let chapter = Path::new("content").join("a-yaml.md").display().to_string();
    for (line, what) in [
        (5, "`tags` in the front matter is not used"),
        (7, "MDX"),
        (8, "MDX"),
        (12, "<Tabs groupId"),
        (20, "<div class=\"aside\">"),
        (24, "<kbd>"),
    ] {
        let place = format!("{chapter}:{line}:");
        assert!(
            stderr.lines().any(|l| l.contains(&place)) || stderr.contains(&format!("[{place}")),
            "no note at {place}:\n{stderr}"
        );
        assert!(stderr.contains(what), "no note about {what}:\n{stderr}");
    }
    assert!(
        stdout.contains("5 chapter(s), no problems, 8 note(s)"),
        "{stdout}"
    );
}
