//! A second language for the whole workbook: Spanish, from `content/es/`,
//! `profiles/es/` and the theme's `i18n/es.toml`, chosen by `language` in
//! prepbook.toml or `--language`. Every fixed string of the theme has its
//! Spanish, the helpers write Spanish, and the Spanish workbook (PDF, HTML
//! page, the words its script shows, the cohort index) has no English left.

mod common;

use std::path::{Path, PathBuf};

use prepbook::book::Book;
use prepbook::compose::doc::{Block, Document, Inline};
use prepbook::load::answers::Answers;
use prepbook::load::locale::{strings, Locale};
use prepbook::load::profile::Profile;
use prepbook::load::project::Project;
use serde_json::Value;

fn theme() -> PathBuf {
    common::repo().join("themes/default")
}

/// Every string of a JSON value with the path that leads to it.
fn strings_of(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) => out.push((path.to_string(), text.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings_of(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                strings_of(item, &path, out);
            }
        }
        _ => {}
    }
}

fn table(locale: &Locale) -> Vec<(String, String)> {
    let mut out = Vec::new();
    strings_of(
        &serde_json::to_value(&locale.strings).expect("json"),
        "",
        &mut out,
    );
    out
}

/// A string as prose: without its `{placeholders}`, and without a command
/// line (`prepbook build --answers ...`), which is no language's prose.
fn prose(text: &str) -> String {
    let mut out = match text.find("prepbook build") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    };
    for name in strings::placeholders(text) {
        out = out.replace(&format!("{{{name}}}"), " ");
    }
    out
}

/// Strings that are the same word in both languages.
const SAME_IN_SPANISH: &[&str] = &["index.pdf"];

#[test]
fn every_theme_string_is_translated_into_spanish() {
    let english = table(&Locale::load_dir(&theme(), "en").expect("en.toml"));
    let spanish = table(&Locale::load_dir(&theme(), "es").expect("es.toml"));
    assert!(
        english.len() >= 40,
        "the theme's strings: {}",
        english.len()
    );
    assert_eq!(
        english.iter().map(|(k, _)| k).collect::<Vec<_>>(),
        spanish.iter().map(|(k, _)| k).collect::<Vec<_>>(),
        "the two tables list the same strings"
    );
    let mut problems = Vec::new();
    for ((key, en), (_, es)) in english.iter().zip(&spanish) {
        if es.trim().is_empty() {
            problems.push(format!("{key} is empty"));
        }
        if es == en && !SAME_IN_SPANISH.contains(&key.as_str()) {
            problems.push(format!("{key} is still in English: {es:?}"));
        }
        let mut wanted = strings::placeholders(en);
        let mut found = strings::placeholders(es);
        wanted.sort_unstable();
        found.sort_unstable();
        if wanted != found {
            problems.push(format!("{key} fills {found:?}, not {wanted:?}"));
        }
        let left = common::english_words(&prose(es));
        if !left.is_empty() {
            problems.push(format!("{key} has English in it: {left:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_language_the_theme_lacks_is_refused_with_what_to_add() {
    let output = common::prepbook(&common::repo(), &["--language", "fr", "check"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("i18n") && stderr.contains("`fr`") && stderr.contains("en, es"),
        "{stderr}"
    );
    let output = common::prepbook(&common::repo(), &["--language", "Spanish", "check"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("language tag"), "{stderr}");
}

/// Runs `prepbook` in a project folder and returns its standard error,
/// panicking if it fails.
fn run_ok(dir: &Path, args: &[&str]) {
    let output = common::prepbook(dir, args);
    assert!(
        output.status.success(),
        "prepbook {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_language_in_prepbook_toml_or_on_the_command_line_picks_the_translation() {
    // The documented command: the translation's profiles, to its folder.
    let project = common::project_copy();
    run_ok(project.path(), &["build", "--language", "es", "--quiet"]);
    let spanish = project.path().join("out/es");
    for file in ["ejemplo.pdf", "ejemplo.html", "minimo.pdf", "index.html"] {
        assert!(spanish.join(file).is_file(), "no out/es/{file}");
    }
    assert!(
        !project.path().join("out/example.pdf").exists(),
        "an English profile was built in Spanish"
    );
    let text = common::pdf_text(&spanish.join("ejemplo.pdf"));
    assert!(text.contains("Índice"), "{text:.300}");

    // The same with `language = "es"` written in the project's file.
    let project = common::project_copy();
    let config = project.path().join("prepbook.toml");
    let toml = std::fs::read_to_string(&config).expect("prepbook.toml");
    let toml = toml.replace("language = \"en\"", "language = \"es\"");
    std::fs::write(&config, toml).expect("write");
    run_ok(project.path(), &["build", "--quiet"]);
    let text = common::pdf_text(&project.path().join("out/es/ejemplo.pdf"));
    assert!(
        text.contains("¿Cuáles son tus aspiraciones profesionales?"),
        "the translation's title is on the cover: {text:.300}"
    );

    // English stays the default, and never reads the Spanish chapters.
    let project = common::project_copy();
    run_ok(project.path(), &["build", "--quiet"]);
    let text = common::pdf_text(&project.path().join("out/example.pdf"));
    assert!(text.contains("Contents") && !text.contains("Índice"));
}

#[test]
fn a_translation_without_its_chapters_is_an_error_naming_the_folder() {
    let project = common::project_copy();
    let config = project.path().join("prepbook.toml");
    let mut toml = std::fs::read_to_string(&config).expect("prepbook.toml");
    toml.push_str("\n[languages.de]\ntitle = \"Berufliche Ziele\"\n");
    std::fs::write(&config, toml).expect("write");
    std::fs::copy(
        theme().join("i18n/en.toml"),
        project.path().join("themes/default/i18n/de.toml"),
    )
    .expect("copy");
    let output = common::prepbook(project.path(), &["--language", "de", "check"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("content{}de", std::path::MAIN_SEPARATOR)),
        "{stderr}"
    );
}

/// Text and the attributes a person (or a screen reader) meets in a page.
fn page_text(html: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    for node in page.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            let inside_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript"))
            });
            if !inside_code && !text.trim().is_empty() {
                out.push(text.to_string());
            }
        }
        if let Some(element) = node.value().as_element() {
            for name in ["aria-label", "title", "alt", "placeholder"] {
                if let Some(value) = element.attr(name) {
                    out.push(value.to_string());
                }
            }
        }
    }
    out
}

/// The JSON a page carries for its script, by element id.
fn script_json(html: &str, id: &str) -> Value {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("script#{id}")).expect("selector");
    let element = page
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no #{id}"));
    serde_json::from_str(&element.text().collect::<String>()).expect("json")
}

#[test]
fn the_spanish_workbook_has_no_english_left() {
    let out = common::build_in(
        Some("es"),
        &[
            &common::repo().join("profiles/es/ejemplo.toml"),
            &common::repo().join("profiles/es/minimo.toml"),
        ],
    );
    let mut problems = Vec::new();
    let mut check = |place: String, text: &str| {
        for hit in common::english_words(text) {
            problems.push(format!("{place}: {hit:?}"));
        }
    };
    for stem in ["ejemplo", "minimo"] {
        let pdf = out.path().join(format!("{stem}.pdf"));
        for (number, page) in common::pdf_pages_text(&pdf).iter().enumerate() {
            check(format!("{stem}.pdf page {}", number + 1), page);
        }
        let document = lopdf::Document::load(&pdf).expect("a PDF");
        let lang = document
            .catalog()
            .and_then(|catalog| catalog.get(b"Lang"))
            .and_then(lopdf::Object::as_str)
            .expect("/Lang");
        assert_eq!(lang, b"es");
        // The subject in the document's properties too.
        let subject = document
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .and_then(|info| document.get_dictionary(info))
            .and_then(|info| info.get(b"Subject"))
            .map(common::pdf_text_string)
            .expect("/Subject");
        assert!(
            subject.starts_with("Preparación") || subject.starts_with("Cuaderno"),
            "{subject}"
        );
        check(format!("{stem}.pdf /Subject"), &subject);

        let html = std::fs::read_to_string(out.path().join(format!("{stem}.html"))).expect("html");
        assert!(html.contains("<html lang=\"es\""), "the page's language");
        for text in page_text(&html) {
            check(format!("{stem}.html"), &text);
        }
        // What the script shows as the person works, and the review's words.
        for id in ["workbook-strings", "review-rules"] {
            let mut texts = Vec::new();
            strings_of(&script_json(&html, id), "", &mut texts);
            for (key, text) in texts {
                check(format!("{stem}.html #{id} {key}"), &prose(&text));
            }
        }
    }
    let index = std::fs::read_to_string(out.path().join("index.html")).expect("index");
    assert!(index.contains("<html lang=\"es\""));
    for text in page_text(&index) {
        check("index.html".to_string(), &text);
    }
    assert!(
        problems.is_empty(),
        "English left:\n{}",
        problems.join("\n")
    );

    let text = common::pdf_text(&out.path().join("ejemplo.pdf"));
    for spanish in [
        "PREPARADO PARA",
        "25 de noviembre de 2026",
        "Índice",
        "CAPÍTULO 8",
        "RESPUESTA DE EJEMPLO",
        "página 3 de",
        "Comentarios sobre tu respuesta",
        "Mejorable: Dura entre 45 y 90 segundos.",
    ] {
        assert!(text.contains(spanish), "the Spanish PDF lacks {spanish:?}");
    }
}

/// Everything the chapters of a document say, as one text.
fn document_prose(document: &Document) -> String {
    fn collect(blocks: &[Block], out: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    out.push(Inline::plain_text(content))
                }
                Block::List(list) => list.items.iter().for_each(|item| collect(item, out)),
                Block::Quote(inner) | Block::Callout { blocks: inner, .. } => collect(inner, out),
                Block::Answer { title, blocks } => {
                    out.push(title.clone());
                    collect(blocks, out);
                }
                Block::Table(table) => table
                    .header
                    .iter()
                    .chain(table.rows.iter().flatten())
                    .for_each(|cell| out.push(Inline::plain_text(cell))),
                Block::Worksheet(worksheet) => {
                    out.push(worksheet.title.clone());
                    out.push(worksheet.intro.clone());
                    for prompt in &worksheet.prompts {
                        out.push(prompt.question.clone());
                        out.push(prompt.hint.clone());
                        out.push(prompt.answer.clone());
                    }
                }
                Block::Figure(figure) => {
                    out.push(figure.alt.clone());
                    out.extend(figure.caption.clone());
                }
                Block::Code(_) | Block::Rule => {}
            }
        }
    }
    let mut out = Vec::new();
    for chapter in &document.chapters {
        out.push(chapter.title.clone());
        collect(&chapter.blocks, &mut out);
    }
    common::collapse(&out.join("\n"))
}

fn spanish_document(book: &Book, profile: &Path) -> String {
    let profile = Profile::load(profile, &common::repo())
        .expect("a valid profile")
        .profile;
    document_prose(
        &book
            .document(&profile, "p", &Answers::default())
            .expect("a document"),
    )
}

#[test]
fn the_helpers_write_spanish_with_its_agreements() {
    let project = Project::locate(&common::repo(), None)
        .and_then(|project| project.in_language("es"))
        .expect("the project in Spanish");
    let book = Book::load(project).unwrap_or_else(|e| panic!("the Spanish book: {e:?}"));
    let example = spanish_document(&book, &common::repo().join("profiles/es/ejemplo.toml"));
    for expected in [
        "Lucía, este cuaderno se ha escrito para ti",
        "«¿Dónde te ves dentro de cinco años?»",
        "«Obtener un certificado en análisis de datos» (plazo: junio de 2027)",
        "Trabajar como coordinadora de logística en la distribución de alimentos (plazo: 30 de septiembre de 2027)",
        "Tu plan ya tiene tres metas",
        "tu puesto actual de encargada de almacén",
        "la planificación de compras, la atención al cliente y la negociación con productores",
    ] {
        assert!(example.contains(expected), "lacks {expected:?}");
    }
    let edge = spanish_document(&book, &common::fixture("languages/es-un-ano.toml"));
    for expected in [
        "«¿Dónde te ves dentro de un año?»",
        "Dentro de cinco años, me gustaría",
        "Tu plan ya tiene una meta",
        "Has señalado una fortaleza: iniciativa.",
        "calidad e innovación",
        "además de mi trabajo como investigadora UX",
    ] {
        assert!(
            edge.to_lowercase().contains(&expected.to_lowercase()),
            "lacks {expected:?}"
        );
    }
    for text in [&example, &edge] {
        let lower = text.to_lowercase();
        for seam in [
            " y i",
            " y í",
            " y hi",
            " o o",
            " o ho",
            " 1 año",
            " uno año",
            " un años",
            "  ",
        ] {
            for (at, _) in lower.match_indices(seam) {
                // "y" stays before "hie", "hia": "agua y hielo".
                let diphthong =
                    seam == " y hi" && lower[at + seam.len()..].starts_with(['a', 'e', 'o', 'u']);
                assert!(
                    diphthong,
                    "a seam {seam:?} in: {}",
                    lower
                        .get(at.saturating_sub(40)..(at + 40).min(lower.len()))
                        .unwrap_or(&lower)
                );
            }
        }
        for word in text.split_whitespace() {
            let bare = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let iso = bare.len() >= 7
                && bare.as_bytes()[4] == b'-'
                && bare[..4].bytes().all(|b| b.is_ascii_digit());
            assert!(!iso, "a date as ISO: {word}");
        }
        let english = common::english_words(text);
        assert!(
            english.is_empty(),
            "English in the Spanish prose: {english:?}"
        );
    }
}
