//! Profile values are data: whatever they contain shows up literally in
//! both outputs and never becomes HTML, Markdown or template structure.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use scraper::{Html, Selector};

const NAME: &str = "<img src=x onerror=alert(1)> *Zoë* _O'Brien_ \\ {{person.name}}";

fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| common::build(&[&common::fixture("profiles/hostile.toml")]))
        .path()
}

fn page() -> Html {
    Html::parse_document(&std::fs::read_to_string(built().join("hostile.html")).expect("html"))
}

fn texts(page: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("selector");
    page.select(&selector)
        .map(|e| common::collapse(&e.text().collect::<String>()))
        .collect()
}

#[test]
fn html_shows_the_hostile_name_as_text_and_injects_no_element() {
    let page = page();
    let all_text = common::collapse(&page.root_element().text().collect::<String>());
    assert!(all_text.contains(NAME), "the name is not shown literally");
    assert!(texts(&page, "img").is_empty(), "an <img> was injected");
    assert!(
        texts(&page, "b, i").is_empty(),
        "inline markup was injected"
    );
    assert_eq!(
        texts(&page, "script:not([type=\"application/json\"])").len(),
        1,
        "only the theme's own script may exist"
    );
    // The review's data: values stay inside their JSON, with no `<` that
    // could close the element, and come back whole.
    let context = texts(&page, "script#review-context");
    assert_eq!(context.len(), 1, "the review context is in the page");
    assert!(!context[0].contains('<'), "a raw `<` in the data block");
    let data: serde_json::Value = serde_json::from_str(&context[0]).expect("JSON");
    assert_eq!(data["personal"][2], "<b>x</b>");
    let selector = Selector::parse("a[href^='javascript'], [onerror]").expect("selector");
    assert_eq!(
        page.select(&selector).count(),
        0,
        "a script URL or handler was injected"
    );
}

#[test]
fn html_makes_no_markdown_structure_from_values() {
    let page = page();
    for heading in texts(&page, "h1, h2, h3, h4") {
        assert!(
            !heading.contains("Not a heading"),
            "a value became a heading"
        );
        assert!(!heading.contains("Lead"), "the role became a heading");
    }
    for strong in texts(&page, "main strong, main em") {
        assert!(
            !strong.contains("bold?") && !strong.contains("Zoë") && !strong.contains("sales"),
            "a value became emphasis: {strong:?}"
        );
    }
    let body = common::collapse(&page.root_element().text().collect::<String>());
    for literal in [
        "**bold?**",
        "[link](javascript:alert(1))",
        "1. not a list",
        "_sales_",
        "}} closing braces {{",
        "{{{raw}}}",
    ] {
        assert!(body.contains(literal), "{literal:?} is not shown literally");
    }
}

#[test]
fn pdf_shows_the_values_literally() {
    let text = common::pdf_text(&built().join("hostile.pdf"));
    for literal in [
        "<img src=x onerror=alert(1)>",
        "*Zoë* _O'Brien_",
        "# Lead <script>alert('x')</script>",
        "Acme & \"Sons\" `tick`",
        "# Not a heading",
        "**bold?**",
        "{{{raw}}}",
        "\\backslash\\",
    ] {
        assert!(
            text.contains(literal),
            "{literal:?} missing from the PDF text"
        );
    }
}

#[test]
fn greek_and_cyrillic_names_render_from_the_default_fonts() {
    let out = common::build(&[&common::fixture("profiles/greek-cyrillic.toml")]);
    let text = common::pdf_text(&out.path().join("greek-cyrillic.pdf"));
    assert!(text.contains("Ελένη Жукова"));
    assert!(text.contains("Αναλύτρια данных"));
}
