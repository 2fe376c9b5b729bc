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
    // A field with one widget is one dictionary with it.
    let widget = match field.get(b"Kids").and_then(Object::as_array) {
        Ok(widgets) => resolve(&widgets[0]).as_dict().expect("dict").clone(),
        Err(_) => field,
    };
    let rect: Vec<f32> = widget
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
        stdout.contains("6 chapter(s), no problems, 9 note(s)"),
        "{stdout}"
    );
}

/// The `/Alt` of every `Figure` element of a PDF's structure tree.
fn figure_descriptions(pdf: &Path) -> Vec<String> {
    use lopdf::{Document, Object};
    let doc = Document::load(pdf).expect("a PDF");
    let mut alts: Vec<(lopdf::ObjectId, String)> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let dict = object.as_dict().ok()?;
            let figure =
                dict.get(b"S").and_then(Object::as_name).ok() == Some(b"Figure".as_slice());
            let alt = dict.get(b"Alt").ok()?;
            figure.then(|| (*id, common::pdf_text_string(alt)))
        })
        .collect();
    alts.sort();
    alts.into_iter().map(|(_, alt)| alt).collect()
}

#[test]
fn images_reach_both_outputs_with_their_descriptions() {
    let (out, pdf, html) = build();
    let pdf_file = out.path().join("sam.pdf");
    // pdfimages lists what is drawn: the logo, the diagram with its
    // transparency as a soft mask, and the photo as the JPEG it was.
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf_file)
        .output()
        .expect("pdfimages");
    let list = String::from_utf8_lossy(&list.stdout);
    let images: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().collect())
        .collect();
    let kinds: Vec<(&str, &str, &str, &str)> =
        images.iter().map(|c| (c[2], c[3], c[4], c[8])).collect();
    assert_eq!(
        kinds,
        [
            ("image", "300", "100", "image"),
            ("image", "640", "280", "image"),
            ("smask", "640", "280", "image"),
            ("image", "480", "320", "jpeg"),
        ],
        "{list}"
    );
    assert_eq!(images[0][0], "1", "the logo is on the cover:\n{list}");
    // The line that introduces the photo (ending in a colon) is on its page.
    let pages = common::pdf_pages_text(&pdf_file);
    let photo_page: usize = images[3][0].parse().expect("a page number");
    assert!(
        pages[photo_page - 1].contains("A desk ready for practice:"),
        "the introduction is not on page {photo_page} with the photo"
    );
    // The JPEG's bytes are the file's, drawn as they are.
    let extracted = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new("pdfimages")
        .args(["-j", "-f", "1"])
        .arg(&pdf_file)
        .arg(extracted.path().join("img"))
        .status()
        .expect("pdfimages -j");
    assert!(status.success());
    let jpeg = std::fs::read(extracted.path().join("img-003.jpg")).expect("the JPEG");
    let photo = fixture("authoring/content/images/desk photo.jpg");
    assert_eq!(jpeg, std::fs::read(photo).expect("the photo"));
    // Readers hear each figure's description; the caption is printed.
    assert_eq!(
        figure_descriptions(&pdf_file),
        [
            "Northside College careers service",
            "Four steps rising from left to right, one for each role on the path",
            "A wooden desk with a lamp",
        ]
    );
    assert!(
        pdf.contains("The path from analyst to head of data"),
        "{pdf}"
    );
    // An image inside a line of text is read as its description.
    assert!(
        pdf.contains("a small icon of a star inside a sentence"),
        "{pdf}"
    );

    // The HTML holds the same files as data URLs, with their descriptions.
    use base64::Engine as _;
    let figures = Selector::parse("figure img").expect("selector");
    let shown: Vec<(String, Vec<u8>)> = html
        .select(&figures)
        .map(|img| {
            let src = img.value().attr("src").expect("src");
            let (kind, data) = src.split_once(";base64,").expect("a data URL");
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .expect("base64");
            (
                format!("{kind} {}", img.value().attr("alt").unwrap_or("")),
                bytes,
            )
        })
        .collect();
    let file = |name: &str| std::fs::read(fixture(&format!("authoring/content/images/{name}")));
    assert_eq!(
        shown,
        [
            (
                "data:image/png Four steps rising from left to right, one for each role on the path"
                    .to_string(),
                file("career-steps.png").expect("png")
            ),
            (
                "data:image/jpeg A wooden desk with a lamp".to_string(),
                file("desk photo.jpg").expect("jpeg")
            ),
        ]
    );
    let captions = Selector::parse("figcaption").expect("selector");
    let captions: Vec<String> = html.select(&captions).map(|c| c.text().collect()).collect();
    assert_eq!(captions, ["The path from analyst to head of data"]);
    let logo = Selector::parse(".cover-logo img").expect("selector");
    let logo = html.select(&logo).next().expect("the cover shows the logo");
    assert_eq!(
        logo.value().attr("alt"),
        Some("Northside College careers service")
    );
    assert!(chapters_text(&html).contains("a small icon of a star inside a sentence"));
}

#[test]
fn a_missing_remote_or_broken_image_is_an_error_at_its_line() {
    let project = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&fixture("authoring"), project.path());
    let chapter = project.path().join("content/g-images.md");
    let original = std::fs::read_to_string(&chapter).expect("chapter");
    std::fs::write(
        project.path().join("content/images/notes.png"),
        "not a picture",
    )
    .expect("write");
    for (image, what) in [
        (
            "images/missing.png",
            "cannot read the image `images/missing.png`",
        ),
        ("https://example.org/chart.png", "download it"),
        ("images/notes.png", "is not a PNG or JPEG image"),
        ("../../outside.png", "outside the chapters' folder"),
    ] {
        let text = original.replace("images/career-steps.png \"", &format!("{image} \""));
        std::fs::write(&chapter, text).expect("write the chapter");
        let out = tempfile::tempdir().expect("temp dir");
        let output = prepbook(
            project.path(),
            &["build", "--out", &out.path().display().to_string()],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{image} built:\n{stderr}");
        let place = Path::new("content")
            .join("g-images.md:8:")
            .display()
            .to_string();
        assert!(stderr.contains(&place), "{image}: no {place}:\n{stderr}");
        assert!(stderr.contains(what), "{image}: no {what:?}:\n{stderr}");
        assert!(
            !out.path().join("sam.pdf").exists(),
            "{image}: a workbook was written"
        );
    }
    // A logo that cannot be read is named with its line in prepbook.toml.
    std::fs::write(&chapter, &original).expect("restore the chapter");
    let config = project.path().join("prepbook.toml");
    let settings = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, settings.replace("logo.png", "no-logo.png")).expect("write");
    let output = prepbook(project.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("prepbook.toml:9:") && stderr.contains("no-logo.png"),
        "{stderr}"
    );
}
