//! The printed workbook read back: contents page numbers, bookmarks, form
//! fields, margins, fonts, structure, paper sizes and fallback fonts.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::{Document, Object};
use prepbook::book::Book;
use prepbook::load::answers::Answers;
use prepbook::load::profile::Profile;
use prepbook::load::project::Project;

fn example_pdf() -> PathBuf {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| common::build(&[&common::repo().join("profiles/example.toml")]))
        .path()
        .join("example.pdf")
}

fn load(pdf: &Path) -> Document {
    Document::load(pdf).expect("a readable PDF")
}

/// Follows a reference (or returns the object itself).
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).expect("reference resolves"),
        other => other,
    }
}

/// Page numbers (1-based) by page object id.
fn page_numbers(doc: &Document) -> BTreeMap<lopdf::ObjectId, usize> {
    doc.get_pages()
        .into_iter()
        .map(|(n, id)| (id, n as usize))
        .collect()
}

/// The outline as (depth, title, page number), in order.
fn outline(doc: &Document) -> Vec<(usize, String, usize)> {
    let pages = page_numbers(doc);
    let catalog = doc.catalog().expect("catalog");
    let root = resolve(doc, catalog.get(b"Outlines").expect("an outline"))
        .as_dict()
        .expect("dict");
    let mut out = Vec::new();
    fn walk(
        doc: &Document,
        first: Option<&Object>,
        depth: usize,
        pages: &BTreeMap<lopdf::ObjectId, usize>,
        out: &mut Vec<(usize, String, usize)>,
    ) {
        let mut next = first.cloned();
        while let Some(reference) = next {
            let item = resolve(doc, &reference).as_dict().expect("outline item");
            let dest = item
                .get(b"Dest")
                .expect("a destination")
                .as_array()
                .expect("array");
            let page = pages[&dest[0].as_reference().expect("page ref")];
            out.push((
                depth,
                common::pdf_text_string(item.get(b"Title").expect("title")),
                page,
            ));
            walk(doc, item.get(b"First").ok(), depth + 1, pages, out);
            next = item.get(b"Next").ok().cloned();
        }
    }
    walk(doc, root.get(b"First").ok(), 0, &pages, &mut out);
    out
}

#[test]
fn contents_page_numbers_match_where_the_headings_are() {
    let pages = common::pdf_pages_text(&example_pdf());
    let contents = &pages[1];
    assert!(contents.contains("Contents"));
    let mut checked = 0;
    for line in contents.lines() {
        let line = line.trim();
        if line.starts_with("page ") {
            continue; // the footer
        }
        let Some((title, number)) = line.rsplit_once(char::is_whitespace) else {
            continue;
        };
        let Ok(number) = number.parse::<usize>() else {
            continue;
        };
        let title = common::collapse(title);
        let page = common::collapse(&pages[number - 1]);
        assert!(
            page.contains(&title),
            "contents say {title:?} is on page {number}, but it is not"
        );
        checked += 1;
    }
    assert!(
        checked >= common::chapter_titles().len(),
        "only {checked} contents entries found"
    );
}

#[test]
fn bookmarks_mirror_chapters_and_sections() {
    let doc = load(&example_pdf());
    let outline = outline(&doc);
    let chapters: Vec<String> = outline
        .iter()
        .filter(|e| e.0 == 0)
        .map(|e| e.1.clone())
        .collect();
    assert_eq!(chapters, common::chapter_titles());
    assert!(outline.iter().any(|e| e.0 == 1), "no section bookmarks");
    // Every bookmark points at a page that shows its title.
    let pages = common::pdf_pages_text(&example_pdf());
    for (_, title, page) in &outline {
        assert!(
            common::collapse(&pages[page - 1]).contains(title.as_str()),
            "{title:?} not on page {page}"
        );
    }
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"PageMode").and_then(Object::as_name).ok(),
        Some(&b"UseOutlines"[..])
    );
}

#[test]
fn every_prompt_is_a_named_form_field_with_its_answer() {
    let doc = load(&example_pdf());
    let catalog = doc.catalog().expect("catalog");
    let form = resolve(&doc, catalog.get(b"AcroForm").expect("an AcroForm"))
        .as_dict()
        .expect("dict");
    let mut fields = BTreeMap::new();
    fn walk(doc: &Document, kids: &[Object], prefix: &str, fields: &mut BTreeMap<String, String>) {
        for kid in kids {
            let dict = resolve(doc, kid).as_dict().expect("field");
            let Ok(name) = dict.get(b"T") else { continue }; // a widget
            let name = format!("{prefix}{}", common::pdf_text_string(name));
            if let Ok(value) = dict.get(b"V") {
                assert_eq!(
                    dict.get(b"FT").and_then(Object::as_name).ok(),
                    Some(&b"Tx"[..])
                );
                fields.insert(name.clone(), common::pdf_text_string(value));
            }
            if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
                walk(doc, kids, &format!("{name}."), fields);
            }
        }
    }
    walk(
        &doc,
        form.get(b"Fields")
            .and_then(Object::as_array)
            .expect("fields"),
        "",
        &mut fields,
    );

    let book = Book::load(Project::load(&common::repo()).expect("project")).expect("book");
    let profile = Profile::load(
        &common::repo().join("profiles/example.toml"),
        &common::repo(),
    )
    .expect("profile")
    .profile;
    let document = book
        .document(&profile, "example", &Answers::default())
        .expect("document");
    let prompts: Vec<_> = document.worksheets().flat_map(|w| &w.prompts).collect();
    assert!(!prompts.is_empty());
    for prompt in prompts {
        assert_eq!(
            fields.get(&prompt.id),
            Some(&prompt.answer),
            "field {}",
            prompt.id
        );
    }
    assert!(fields
        .get("introspection.strengths")
        .is_some_and(|v| v.contains(&profile.introspection.strengths[0])));
}

#[test]
fn a_field_is_one_with_its_only_widget_and_the_parent_of_several() {
    // A draft answer of several pages: its field has a widget on each.
    let dir = tempfile::tempdir().expect("temp dir");
    let example = std::fs::read_to_string(common::repo().join("profiles/example.toml"))
        .expect("the example profile");
    let start = example
        .find("draft_answer = \"\"\"")
        .expect("a draft answer");
    let end = start + example[start..].find("\n\"\"\"").expect("its end");
    let paragraph = "I want to grow with a company whose work I believe in. ".repeat(12);
    let long = format!(
        "draft_answer = \"\"\"\n{}",
        [paragraph.as_str(); 16].join("\n\n")
    );
    let profile = dir.path().join("long.toml");
    std::fs::write(
        &profile,
        format!("{}{long}{}", &example[..start], &example[end..]),
    )
    .expect("write");
    let out = common::build(&[&profile]);
    let doc = load(&out.path().join("long.pdf"));

    let pages = page_numbers(&doc);
    let is_widget = |dict: &lopdf::Dictionary| {
        dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Widget"[..])
            && dict.get(b"Rect").is_ok()
            && dict
                .get(b"P")
                .is_ok_and(|page| pages.contains_key(&page.as_reference().expect("a page")))
    };
    let (mut alone, mut spread) = (0, Vec::new());
    for (&id, object) in &doc.objects {
        let Ok(field) = object.as_dict() else {
            continue;
        };
        if field.get(b"FT").is_err() {
            continue;
        }
        let Ok(kids) = field.get(b"Kids").and_then(Object::as_array) else {
            assert!(is_widget(field), "a field without kids is its own widget");
            alone += 1;
            continue;
        };
        let mut on_pages = Vec::new();
        for kid in kids {
            let widget = resolve(&doc, kid).as_dict().expect("a widget");
            assert!(is_widget(widget));
            assert_eq!(
                widget.get(b"Parent").and_then(Object::as_reference).ok(),
                Some(id)
            );
            assert!(widget.get(b"T").is_err(), "a widget of several has no name");
            on_pages.push(
                widget
                    .get(b"P")
                    .and_then(Object::as_reference)
                    .expect("a page"),
            );
        }
        let count = on_pages.len();
        on_pages.dedup();
        assert_eq!(on_pages.len(), count, "one widget per page");
        spread.push((
            common::pdf_text_string(field.get(b"T").expect("a name")),
            count,
        ));
    }
    assert_eq!(spread.len(), 1, "{spread:?}");
    assert_eq!(spread[0].0, "draft_answer");
    assert!(spread[0].1 >= 2, "{spread:?}");
    assert!(alone > 20, "{alone} fields with one widget");
}

#[test]
fn widgets_that_look_the_same_share_one_appearance() {
    // The minimal profile leaves most prompts blank: many widgets, few looks.
    let out = common::build(&[&common::repo().join("profiles/minimal.toml")]);
    let doc = load(&out.path().join("minimal.pdf"));
    let mut widgets = 0;
    let mut appearances = BTreeMap::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(&b"Widget"[..]) {
            continue;
        }
        widgets += 1;
        let normal = dict
            .get(b"AP")
            .and_then(Object::as_dict)
            .and_then(|ap| ap.get(b"N"))
            .and_then(Object::as_reference)
            .expect("a normal appearance");
        let stream = doc
            .get_object(normal)
            .and_then(Object::as_stream)
            .expect("a form XObject");
        let bbox = format!("{:?}", stream.dict.get(b"BBox").expect("a BBox"));
        let content = stream.decompressed_content().expect("inflates");
        appearances.insert(normal, (bbox, content));
    }
    let looks: std::collections::BTreeSet<_> = appearances.values().collect();
    assert_eq!(
        looks.len(),
        appearances.len(),
        "two appearance streams draw the same thing"
    );
    assert!(
        appearances.len() * 2 < widgets,
        "{widgets} widgets have {} appearances",
        appearances.len()
    );
}

#[test]
fn no_text_lies_outside_the_margins() {
    let theme: toml::Table = toml::from_str(
        &std::fs::read_to_string(common::repo().join("themes/default/theme.toml")).expect("theme"),
    )
    .expect("theme toml");
    let page = theme["page"].as_table().expect("[page]");
    let mm = |key: &str| {
        page[key]
            .as_float()
            .or(page[key].as_integer().map(|i| i as f64))
            .expect(key)
            * 72.0
            / 25.4
    };
    let side = mm("margin_inner").min(mm("margin_outer"));
    let (top, bottom) = (mm("margin_top"), mm("margin_bottom"));
    let output = Command::new("pdftotext")
        .arg("-bbox")
        .arg(example_pdf())
        .arg("-")
        .output()
        .expect("pdftotext");
    let xhtml = String::from_utf8(output.stdout).expect("utf-8");
    let number = |tag: &str, key: &str| -> f64 {
        let start = tag.find(&format!("{key}=\"")).expect(key) + key.len() + 2;
        tag[start..]
            .split('"')
            .next()
            .expect("value")
            .parse()
            .expect("number")
    };
    let (mut width, mut height) = (0.0, 0.0);
    let mut words = 0;
    for tag in xhtml.split('<') {
        if tag.starts_with("page ") {
            width = number(tag, "width");
            height = number(tag, "height");
        } else if tag.starts_with("word ") {
            words += 1;
            let (x0, x1) = (number(tag, "xMin"), number(tag, "xMax"));
            let (y0, y1) = (number(tag, "yMin"), number(tag, "yMax"));
            let word = tag.rsplit('>').next().unwrap_or_default();
            assert!(
                x0 >= side - 0.5 && x1 <= width - side + 0.5,
                "{word:?} outside the side margins: {x0}..{x1}"
            );
            // The running header and the footer sit in the top and bottom margins, never beyond half of them.
            assert!(
                y0 >= top / 2.0 && y1 <= height - bottom / 2.0,
                "{word:?} outside the page's text area: {y0}..{y1}"
            );
        }
    }
    assert!(words > 1000, "only {words} words read back");
}

#[test]
fn the_pdf_is_structurally_valid() {
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(example_pdf())
        .output()
        .expect("qpdf is installed");
    assert!(
        output.status.success(),
        "qpdf --check failed:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // Object and cross-reference streams need PDF 1.5; PDF/UA-1 is
    // built on PDF 1.7, which the header must claim.
    let bytes = std::fs::read(example_pdf()).expect("the example PDF");
    assert!(bytes.starts_with(b"%PDF-1.7\n"), "header {:?}", &bytes[..9]);
}

#[test]
fn no_object_is_left_unreferenced() {
    let mut doc = load(&example_pdf());
    let is_container = |object: &Object| {
        object
            .as_stream()
            .is_ok_and(|s| s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"))
    };
    // The object and cross-reference streams are containers, which
    // nothing refers to by design.
    let containers: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, object)| is_container(object))
        .map(|(id, _)| *id)
        .collect();
    let unreferenced: Vec<_> = doc
        .prune_objects()
        .into_iter()
        .filter(|id| !containers.contains(id))
        .collect();
    assert!(unreferenced.is_empty(), "unreferenced: {unreferenced:?}");
}

#[test]
fn every_font_is_embedded_and_subset() {
    let output = Command::new("pdffonts")
        .arg(example_pdf())
        .output()
        .expect("pdffonts");
    let listing = String::from_utf8(output.stdout).expect("utf-8");
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{listing}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let name = columns[0];
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "{name} has no subset tag"
        );
        // emb, sub, uni are the three yes/no columns before the object id.
        assert_eq!(
            &columns[columns.len() - 5..columns.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
    let size = std::fs::metadata(example_pdf()).expect("pdf").len();
    assert!(
        size < 400_000,
        "the example PDF is {size} bytes: fonts are not subset"
    );
}

#[test]
fn source_date_epoch_sets_the_date_and_builds_stay_identical() {
    let build = || {
        let out = tempfile::tempdir().expect("temp");
        let status = Command::new(env!("CARGO_BIN_EXE_prepbook"))
            .args(["build", "--format", "pdf", "--out"])
            .arg(out.path())
            .arg(common::repo().join("profiles/example.toml"))
            .current_dir(common::repo())
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .status()
            .expect("runs");
        assert!(status.success());
        let bytes = std::fs::read(out.path().join("example.pdf")).expect("pdf");
        (out, bytes)
    };
    let (first_dir, first) = build();
    let (_, second) = build();
    assert!(
        first == second,
        "two builds with the same SOURCE_DATE_EPOCH differ"
    );
    let doc = load(&first_dir.path().join("example.pdf"));
    let info = resolve(&doc, doc.trailer.get(b"Info").expect("info"))
        .as_dict()
        .expect("dict");
    let date = common::pdf_text_string(info.get(b"CreationDate").expect("creation date"));
    assert!(date.starts_with("D:20231114"), "creation date {date}");
    assert!(common::pdf_text(&first_dir.path().join("example.pdf")).contains("14 November 2023"));
}

#[test]
fn letter_paper_reflows_the_workbook() {
    let project = common::project_copy();
    let config = project.path().join("prepbook.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let text = text.replace("[pdf]", "[pdf]\npage_size = \"letter\"");
    std::fs::write(&config, text).expect("write config");
    let output = common::prepbook(
        project.path(),
        &["build", "--format", "pdf", "profiles/example.toml"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = project.path().join("out/example.pdf");
    let doc = load(&pdf);
    let (_, first_page) = doc.get_pages().into_iter().next().expect("a page");
    let media_box = doc
        .get_dictionary(first_page)
        .expect("page")
        .get(b"MediaBox")
        .expect("box")
        .as_array()
        .expect("array")
        .clone();
    let size: Vec<f64> = media_box
        .iter()
        .map(|v| {
            v.as_float()
                .map(f64::from)
                .or(v.as_i64().map(|i| i as f64))
                .expect("number")
        })
        .collect();
    assert!(
        (size[2] - 612.0).abs() < 0.5 && (size[3] - 792.0).abs() < 0.5,
        "not US Letter: {size:?}"
    );
    let text = common::pdf_text(&pdf);
    for title in common::chapter_titles() {
        assert!(text.contains(&title));
    }
}

#[test]
fn a_fallback_font_covers_what_the_theme_fonts_lack() {
    let fallback = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !fallback.exists() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install fonts-dejavu-core for this test"
        );
        eprintln!("skipped: {} is not installed", fallback.display());
        return;
    }
    let project = common::project_copy();
    let theme_dir = project.path().join("themes/default");
    std::fs::copy(fallback, theme_dir.join("fonts/DejaVuSans.ttf")).expect("copy font");
    let theme = std::fs::read_to_string(theme_dir.join("theme.toml")).expect("theme");
    std::fs::write(
        theme_dir.join("theme.toml"),
        theme.replace("fallback = [", "fallback = [\"fonts/DejaVuSans.ttf\", "),
    )
    .expect("write theme");
    let profile = project.path().join("profiles/symbols.toml");
    std::fs::write(&profile, "[person]\nname = \"Ana ☯ Lima\"\n").expect("profile");
    let output = common::prepbook(
        project.path(),
        &["build", "--format", "pdf", "profiles/symbols.toml"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = project.path().join("out/symbols.pdf");
    assert!(common::pdf_text(&pdf).contains("Ana ☯ Lima"));
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts");
    assert!(
        String::from_utf8_lossy(&fonts.stdout).contains("DejaVuSans"),
        "the fallback font is not embedded"
    );
}

#[test]
fn contents_entries_link_to_the_pages_of_their_headings() {
    let doc = load(&example_pdf());
    let pages = page_numbers(&doc);
    let texts = common::pdf_pages_text(&example_pdf());
    let (_, contents_page) = doc.get_pages().into_iter().nth(1).expect("a contents page");
    let annots = doc
        .get_dictionary(contents_page)
        .expect("page")
        .get(b"Annots")
        .map(|a| resolve(&doc, a).as_array().expect("array").clone())
        .expect("the contents page has links");
    let mut targets = Vec::new();
    for annot in &annots {
        let annot = resolve(&doc, annot).as_dict().expect("annotation");
        let action = resolve(&doc, annot.get(b"A").expect("an action"))
            .as_dict()
            .expect("dict");
        assert_eq!(
            action.get(b"S").and_then(Object::as_name).ok(),
            Some(&b"GoTo"[..])
        );
        let dest = action
            .get(b"D")
            .expect("destination")
            .as_array()
            .expect("array");
        targets.push(pages[&dest[0].as_reference().expect("page")]);
    }
    // One link per contents line, each to a body page at or after the first chapter.
    let entries = texts[1]
        .lines()
        .filter(|l| {
            l.trim().ends_with(|c: char| c.is_ascii_digit()) && !l.trim().starts_with("page ")
        })
        .count();
    assert_eq!(targets.len(), entries);
    assert!(
        targets.windows(2).all(|w| w[0] <= w[1]),
        "links go back and forth: {targets:?}"
    );
    assert!(
        targets.iter().all(|&p| p >= 3),
        "a link into the cover or contents: {targets:?}"
    );
}
