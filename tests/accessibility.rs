//! The tagged PDF read back as a screen reader reads it: the structure
//! tree against the IR (headings, paragraphs, reading order, fields,
//! links), every piece of text marked as content or artifact, the
//! document-level entries, and the PDF/UA checker `outloud`
//! (`.ci/requirements.txt`), which must find no errors.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};
use prepbook::book::Book;
use prepbook::compose::doc::{Block, Document, Inline};
use prepbook::load::answers::Answers;
use prepbook::load::locale::Locale;
use prepbook::load::profile::Profile;
use prepbook::load::project::{Format, Project};

/// A workbook built in memory: its IR and its PDF.
struct Workbook {
    document: Document,
    pdf: Vec<u8>,
}

fn workbook(project_dir: &Path, profile: &str) -> Workbook {
    let project = Project::load(project_dir).expect("project");
    let book = Book::load(project).expect("book");
    let loaded = Profile::load(
        &project_dir.join("profiles").join(format!("{profile}.toml")),
        project_dir,
    )
    .expect("profile");
    let document = book
        .document(&loaded.profile, profile, &Answers::default())
        .expect("document");
    let pdf = book
        .render(&document, profile, Format::Pdf, &[])
        .expect("pdf");
    Workbook { document, pdf }
}

fn example() -> &'static Workbook {
    static BOOK: OnceLock<Workbook> = OnceLock::new();
    BOOK.get_or_init(|| workbook(&common::repo(), "example"))
}

/// The minimal profile's workbook of a project whose only chapters are
/// `chapters` (file name and text), beside `images` (each a copy of the
/// authoring fixture's picture of steps).
fn workbook_of(chapters: &[(&str, &str)], images: &[&str]) -> (tempfile::TempDir, Workbook) {
    let project = common::project_copy();
    let content = project.path().join("content");
    for entry in std::fs::read_dir(&content).expect("content") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::remove_file(path).expect("remove");
        }
    }
    for (name, text) in chapters {
        std::fs::write(content.join(name), text).expect("write a chapter");
    }
    for name in images {
        let steps = common::fixture("authoring/content/images/career-steps.png");
        std::fs::copy(steps, content.join(name)).expect("copy an image");
    }
    let book = workbook(project.path(), "minimal");
    (project, book)
}

/// A project whose only chapter has a block of every kind, built for the
/// minimal profile.
fn every_block() -> &'static Workbook {
    static BOOK: OnceLock<(tempfile::TempDir, Workbook)> = OnceLock::new();
    &BOOK
        .get_or_init(|| {
            let text = std::fs::read_to_string(common::fixture("accessibility/every-block.md"))
                .expect("the fixture");
            workbook_of(&[("01-every-block.md", &text)], &["steps.png"])
        })
        .1
}

// ---- Reading the PDF back ------------------------------------------------

/// A structure element as read back: its type, its kids in order, and its
/// description.
#[derive(Debug)]
struct Element {
    role: String,
    kids: Vec<Kid>,
    alt: Option<String>,
    lang: Option<String>,
}

#[derive(Debug)]
enum Kid {
    /// The text of a marked-content sequence.
    Text(String),
    Element(Element),
    /// An annotation (link or widget).
    Annotation(ObjectId),
}

impl Element {
    /// Everything a reader hears for the element, in order.
    fn text(&self) -> String {
        let mut out = String::new();
        for kid in &self.kids {
            match kid {
                Kid::Text(text) => out.push_str(text),
                Kid::Element(element) => out.push_str(&element.text()),
                Kid::Annotation(_) => {}
            }
            out.push(' ');
        }
        out
    }

    /// This element and every element inside it, depth first.
    fn walk<'a>(&'a self, out: &mut Vec<&'a Element>) {
        out.push(self);
        for kid in &self.kids {
            if let Kid::Element(element) = kid {
                element.walk(out);
            }
        }
    }

    fn elements(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        self.walk(&mut out);
        out
    }

    fn annotations(&self) -> Vec<ObjectId> {
        self.kids
            .iter()
            .filter_map(|kid| match kid {
                Kid::Annotation(id) => Some(*id),
                _ => None,
            })
            .collect()
    }

    fn heading_level(&self) -> Option<u8> {
        let level = self.role.strip_prefix('H')?.parse().ok()?;
        (1..=6).contains(&level).then_some(level)
    }
}

/// The PDF's marked content: the text of each MCID per page, the text of
/// artifacts, and any text shown outside both.
struct Marked {
    text: HashMap<(ObjectId, i64), String>,
    artifact_text: String,
    unmarked: Vec<String>,
}

fn resolve<'a>(pdf: &'a Pdf, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => pdf.get_object(*id).expect("reference resolves"),
        other => other,
    }
}

fn dict<'a>(pdf: &'a Pdf, object: &'a Object) -> &'a Dictionary {
    resolve(pdf, object).as_dict().expect("a dictionary")
}

/// A font's ToUnicode map: code length in bytes, and code to text.
struct ToUnicode {
    code_length: usize,
    map: HashMap<u32, String>,
}

impl ToUnicode {
    fn of(pdf: &Pdf, font: &Dictionary) -> ToUnicode {
        let stream = resolve(
            pdf,
            font.get(b"ToUnicode").expect("every font has /ToUnicode"),
        )
        .as_stream()
        .expect("stream");
        let cmap = String::from_utf8(stream.decompressed_content().expect("inflates"))
            .expect("ASCII CMap");
        let hex = |token: &str| u32::from_str_radix(token.trim_matches(['<', '>']), 16).ok();
        let utf16 = |token: &str| {
            let digits = token.trim_matches(['<', '>']);
            let units: Vec<u16> = (0..digits.len() / 4)
                .filter_map(|i| u16::from_str_radix(&digits[i * 4..i * 4 + 4], 16).ok())
                .collect();
            String::from_utf16_lossy(&units)
        };
        let mut code_length = 2;
        let mut map = HashMap::new();
        let mut section = "";
        for line in cmap.lines() {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            match tokens.last().copied() {
                Some(word @ ("begincodespacerange" | "beginbfchar" | "beginbfrange")) => {
                    section = word;
                    continue;
                }
                Some(word) if word.starts_with("end") => {
                    section = "";
                    continue;
                }
                _ => {}
            }
            match (section, tokens.as_slice()) {
                ("begincodespacerange", [low, _]) => code_length = (low.len() - 2) / 2,
                ("beginbfchar", [code, text]) => {
                    map.insert(hex(code).expect("code"), utf16(text));
                }
                ("beginbfrange", [low, high, first]) => {
                    let (low, high) = (hex(low).expect("low"), hex(high).expect("high"));
                    let first = utf16(first).chars().next().expect("a character") as u32;
                    for code in low..=high {
                        let ch = char::from_u32(first + code - low).expect("a character");
                        map.insert(code, ch.to_string());
                    }
                }
                _ => {}
            }
        }
        ToUnicode { code_length, map }
    }

    fn decode(&self, bytes: &[u8]) -> String {
        bytes
            .chunks(self.code_length)
            .map(|code| {
                let code = code.iter().fold(0u32, |c, b| c << 8 | u32::from(*b));
                self.map
                    .get(&code)
                    .cloned()
                    .unwrap_or_else(|| "\u{fffd}".to_string())
            })
            .collect()
    }
}

fn read_marked_content(pdf: &Pdf) -> Marked {
    enum Mark {
        Mcid(i64),
        Artifact,
    }
    let mut marked = Marked {
        text: HashMap::new(),
        artifact_text: String::new(),
        unmarked: Vec::new(),
    };
    for (_, page) in pdf.get_pages() {
        let fonts = pdf.get_page_fonts(page).expect("fonts");
        let encodings: BTreeMap<Vec<u8>, ToUnicode> = fonts
            .into_iter()
            .map(|(name, font)| (name, ToUnicode::of(pdf, font)))
            .collect();
        let content = Content::decode(&pdf.get_page_content(page)).expect("content decodes");
        let mut stack: Vec<Mark> = Vec::new();
        let mut font: Option<&ToUnicode> = None;
        for operation in &content.operations {
            let operands = &operation.operands;
            let shown: Option<Vec<u8>> = match operation.operator.as_str() {
                "BDC" => {
                    let mcid = operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    stack.push(match mcid {
                        Some(mcid) => Mark::Mcid(mcid),
                        None => Mark::Artifact,
                    });
                    None
                }
                "BMC" => {
                    stack.push(Mark::Artifact);
                    None
                }
                "EMC" => {
                    stack.pop().expect("EMC closes a sequence");
                    None
                }
                "Tf" => {
                    let name = operands[0].as_name().expect("font name");
                    font = encodings.get(name);
                    None
                }
                "Td" | "TD" => {
                    // A new line: a reader hears a word break.
                    let dy = operands[1].as_float().unwrap_or(0.0);
                    (dy != 0.0).then(|| b" ".to_vec())
                }
                "Tj" => Some(operands[0].as_str().expect("string").to_vec()),
                "TJ" => Some(
                    operands[0]
                        .as_array()
                        .expect("array")
                        .iter()
                        .filter_map(|o| o.as_str().ok())
                        .flatten()
                        .copied()
                        .collect(),
                ),
                _ => None,
            };
            let Some(bytes) = shown else { continue };
            let text = if bytes == b" " && matches!(operation.operator.as_str(), "Td" | "TD") {
                " ".to_string()
            } else {
                font.expect("a font is set").decode(&bytes)
            };
            match stack.last() {
                Some(Mark::Mcid(mcid)) => {
                    // Marked content never nests inside an artifact.
                    assert!(
                        stack.iter().all(|m| !matches!(m, Mark::Artifact)),
                        "content inside an artifact: {text:?}"
                    );
                    marked
                        .text
                        .entry((page, *mcid))
                        .or_default()
                        .push_str(&text);
                }
                Some(Mark::Artifact) => marked.artifact_text.push_str(&text),
                None if text.trim().is_empty() => {}
                None => marked.unmarked.push(text),
            }
        }
    }
    marked
}

/// The structure tree, from the catalog's /StructTreeRoot down.
fn read_structure(pdf: &Pdf, marked: &Marked) -> Element {
    let catalog = pdf.catalog().expect("catalog");
    let root = dict(
        pdf,
        catalog.get(b"StructTreeRoot").expect("a structure tree"),
    );
    let document = dict(pdf, root.get(b"K").expect("the root has a kid"));
    read_element(pdf, document, marked)
}

fn read_element(pdf: &Pdf, element: &Dictionary, marked: &Marked) -> Element {
    let role = String::from_utf8_lossy(element.get(b"S").and_then(Object::as_name).expect("/S"))
        .into_owned();
    let page = element.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
    let kids: Vec<&Object> = match element.get(b"K") {
        Ok(Object::Array(items)) => items.iter().collect(),
        Ok(other) => vec![other],
        Err(_) => Vec::new(),
    };
    let mut read = Vec::new();
    for kid in kids {
        let kid = resolve(pdf, kid);
        match kid {
            Object::Integer(mcid) => {
                let page = page.expect("an element with MCIDs has a page");
                read.push(Kid::Text(
                    marked.text.get(&(page, *mcid)).cloned().unwrap_or_default(),
                ));
            }
            Object::Dictionary(d) if d.has_type(b"MCR") => {
                let page = d.get(b"Pg").and_then(Object::as_reference).expect("/Pg");
                let mcid = d.get(b"MCID").and_then(Object::as_i64).expect("/MCID");
                read.push(Kid::Text(
                    marked.text.get(&(page, mcid)).cloned().unwrap_or_default(),
                ));
            }
            Object::Dictionary(d) if d.has_type(b"OBJR") => {
                read.push(Kid::Annotation(
                    d.get(b"Obj").and_then(Object::as_reference).expect("/Obj"),
                ));
            }
            Object::Dictionary(d) => read.push(Kid::Element(read_element(pdf, d, marked))),
            other => panic!("unexpected kid {other:?}"),
        }
    }
    Element {
        role,
        kids: read,
        alt: element.get(b"Alt").ok().map(common::pdf_text_string),
        lang: element.get(b"Lang").ok().map(common::pdf_text_string),
    }
}

struct Tagged {
    pdf: Pdf,
    marked: Marked,
    root: Element,
}

fn tagged(workbook: &Workbook) -> Tagged {
    let pdf = Pdf::load_mem(&workbook.pdf).expect("a readable PDF");
    let marked = read_marked_content(&pdf);
    let root = read_structure(&pdf, &marked);
    Tagged { pdf, marked, root }
}

/// The chapters' sections: the document's sections after the contents.
fn chapter_sections(root: &Element) -> Vec<&Element> {
    root.kids
        .iter()
        .filter_map(|kid| match kid {
            Kid::Element(e) if e.role == "Sect" => Some(e),
            _ => None,
        })
        .skip(1)
        .collect()
}

/// Letters and digits only: what must survive line breaks, hyphenation
/// and spacing unchanged.
fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

// ---- What the IR says a reader must hear ---------------------------------

/// The default theme's English words, which these workbooks are in.
fn english() -> &'static Locale {
    static LOCALE: OnceLock<Locale> = OnceLock::new();
    LOCALE.get_or_init(|| {
        Locale::load_dir(&common::repo().join("themes/default"), "en").expect("English words")
    })
}

/// The text of the chapters in reading order, and their headings with the
/// levels a reader gets (never more than one below the heading before).
#[derive(Default)]
struct Expected {
    text: String,
    headings: Vec<(u8, String)>,
    paragraphs: Vec<String>,
    questions: Vec<String>,
    level: u8,
}

impl Expected {
    fn of(document: &Document) -> Expected {
        let mut expected = Expected::default();
        for (index, chapter) in document.chapters.iter().enumerate() {
            expected.say(&format!("CHAPTER {}", index + 1));
            expected.level = 0;
            expected.heading(1, &chapter.title);
            if let Some(subtitle) = &chapter.subtitle {
                expected.say(subtitle);
            }
            expected.blocks(&chapter.blocks);
        }
        expected
    }

    fn say(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push(' ');
    }

    fn heading(&mut self, level: u8, text: &str) {
        let level = level.min(self.level + 1);
        self.level = level;
        self.headings.push((level, text.to_string()));
        self.say(text);
    }

    /// A titled box (callout, answer card, worksheet): its heading is one
    /// below the heading before it, and does not change what follows.
    fn boxed(&mut self, label: Option<&str>, title: &str, body: impl FnOnce(&mut Self)) {
        let outer = self.level;
        if let Some(label) = label {
            self.say(label);
        }
        self.heading(outer + 1, title);
        body(self);
        self.level = outer;
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { level, content, .. } => {
                    self.heading(*level, &Inline::plain_text(content))
                }
                Block::Paragraph(inlines) => {
                    let text = Inline::plain_text(inlines);
                    self.paragraphs.push(text.clone());
                    self.say(&text);
                }
                Block::List(list) => {
                    for (index, item) in list.items.iter().enumerate() {
                        if let Some(start) = list.start {
                            self.say(&format!("{}.", start + index as u64));
                        }
                        self.blocks(item);
                    }
                }
                Block::Quote(blocks) => self.blocks(blocks),
                Block::Callout {
                    kind,
                    title,
                    blocks,
                } => {
                    let label = kind.label(&english().strings.blocks).to_uppercase();
                    match title {
                        Some(title) => self.boxed(Some(&label), title, |e| e.blocks(blocks)),
                        None => self.boxed(None, &label, |e| e.blocks(blocks)),
                    }
                }
                Block::Answer { title, blocks } if title.is_empty() => {
                    self.boxed(None, "EXAMPLE ANSWER", |e| e.blocks(blocks))
                }
                Block::Answer { title, blocks } => {
                    self.boxed(Some("EXAMPLE ANSWER"), title, |e| e.blocks(blocks))
                }
                Block::Table(table) => {
                    for cell in table.header.iter().chain(table.rows.iter().flatten()) {
                        self.say(&Inline::plain_text(cell));
                    }
                }
                Block::Code(code) => self.say(code),
                Block::Figure(figure) => {
                    if let Some(caption) = &figure.caption {
                        self.say(caption);
                    }
                }
                Block::Rule => {}
                Block::Worksheet(worksheet) => self.boxed(None, &worksheet.title, |e| {
                    e.say(&worksheet.intro);
                    for prompt in &worksheet.prompts {
                        e.say(&prompt.question);
                        e.say(&prompt.hint);
                        e.questions.push(prompt.question.clone());
                    }
                    if let Some(sort) = &worksheet.sort {
                        for choice in &sort.choices {
                            e.say(choice);
                        }
                        for (index, statement) in sort.statements.iter().enumerate() {
                            e.say(&format!("{}. {}", index + 1, statement.text));
                        }
                    }
                }),
            }
        }
    }
}

// ---- The checks ----------------------------------------------------------

fn check_every_text_is_marked(workbook: &Workbook) {
    let tagged = tagged(workbook);
    assert!(
        tagged.marked.unmarked.is_empty(),
        "text shown outside any marked content: {:?}",
        tagged.marked.unmarked
    );
    // Page furniture is an artifact, not read aloud.
    assert!(
        tagged.marked.artifact_text.contains("page 2 of"),
        "the footers are artifacts"
    );
}

fn check_reading_order(workbook: &Workbook) {
    let tagged = tagged(workbook);
    let expected = Expected::of(&workbook.document);
    let heard: String = chapter_sections(&tagged.root)
        .iter()
        .map(|section| section.text())
        .collect();
    let (heard, expected_text) = (letters(&heard), letters(&expected.text));
    if heard != expected_text {
        let common = heard
            .chars()
            .zip(expected_text.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let at = |s: &str| {
            s.chars()
                .skip(common.saturating_sub(40))
                .take(120)
                .collect::<String>()
        };
        panic!(
            "reading order differs after {common} letters:\n heard:    {}\n expected: {}",
            at(&heard),
            at(&expected_text)
        );
    }
}

fn check_headings(workbook: &Workbook) {
    let tagged = tagged(workbook);
    let expected = Expected::of(&workbook.document);
    let headings: Vec<(u8, String)> = chapter_sections(&tagged.root)
        .iter()
        .flat_map(|section| section.elements())
        .filter_map(|e| Some((e.heading_level()?, letters(&e.text()))))
        .collect();
    let expected: Vec<(u8, String)> = expected
        .headings
        .iter()
        .map(|(level, text)| (*level, letters(text)))
        .collect();
    assert_eq!(headings, expected);
}

fn check_paragraphs(workbook: &Workbook) {
    let tagged = tagged(workbook);
    let expected = Expected::of(&workbook.document);
    let paragraphs: Vec<String> = chapter_sections(&tagged.root)
        .iter()
        .flat_map(|section| section.elements())
        .filter(|e| e.role == "P")
        .map(|e| letters(&e.text()))
        .collect();
    // Every paragraph of the IR is a P, in order (other P elements hold
    // labels, questions and hints).
    let mut rest = paragraphs.iter();
    for paragraph in &expected.paragraphs {
        let wanted = letters(paragraph);
        assert!(
            rest.any(|p| *p == wanted),
            "no P (in order) for paragraph {paragraph:?}"
        );
    }
}

fn check_fields(workbook: &Workbook) {
    let tagged = tagged(workbook);
    let expected = Expected::of(&workbook.document);
    let forms: Vec<&Element> = tagged
        .root
        .elements()
        .into_iter()
        .filter(|e| e.role == "Form")
        .collect();
    let mut questions = Vec::new();
    for form in &forms {
        let widgets = form.annotations();
        assert!(!widgets.is_empty(), "a Form element owns its widget");
        for widget in widgets {
            let widget = tagged.pdf.get_dictionary(widget).expect("widget");
            assert_eq!(
                widget.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(&b"Widget"[..])
            );
            assert!(
                widget.get(b"StructParent").is_ok(),
                "widget has /StructParent"
            );
            // A field's only widget is one dictionary with the field.
            let field = match widget.get(b"T") {
                Ok(_) => widget,
                Err(_) => dict(&tagged.pdf, widget.get(b"Parent").expect("field")),
            };
            let question = common::pdf_text_string(field.get(b"TU").expect("the field has /TU"));
            if questions.last() != Some(&question) {
                questions.push(question);
            }
        }
    }
    assert_eq!(
        questions, expected.questions,
        "fields named by their questions, in order"
    );
}

fn check_links(workbook: &Workbook) {
    let tagged = tagged(workbook);
    let owned: Vec<ObjectId> = tagged
        .root
        .elements()
        .into_iter()
        .filter(|e| e.role == "Link")
        .flat_map(Element::annotations)
        .collect();
    let mut count = 0;
    for (_, page) in tagged.pdf.get_pages() {
        let page_dict = tagged.pdf.get_dictionary(page).expect("page");
        let Ok(annotations) = page_dict.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        assert_eq!(
            page_dict.get(b"Tabs").and_then(Object::as_name).ok(),
            Some(&b"S"[..]),
            "a page with annotations tabs in structure order"
        );
        for annotation in annotations {
            let id = annotation.as_reference().expect("indirect annotation");
            let annotation = tagged.pdf.get_dictionary(id).expect("annotation");
            if annotation.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
                continue;
            }
            count += 1;
            let contents = common::pdf_text_string(annotation.get(b"Contents").expect("/Contents"));
            assert!(!contents.trim().is_empty());
            let internal = annotation
                .get(b"A")
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"S"))
                .and_then(Object::as_name)
                .ok()
                == Some(b"GoTo");
            if internal {
                assert!(contents.contains(", page "), "{contents:?} says the page");
            }
            assert!(
                owned.contains(&id),
                "link {contents:?} is owned by a Link element"
            );
        }
    }
    assert!(count > 0, "the workbook has links");
}

fn check_document_entries(workbook: &Workbook) {
    let tagged = tagged(workbook);
    let catalog = tagged.pdf.catalog().expect("catalog");
    let mark_info = dict(&tagged.pdf, catalog.get(b"MarkInfo").expect("/MarkInfo"));
    assert_eq!(
        mark_info.get(b"Marked").and_then(Object::as_bool).ok(),
        Some(true)
    );
    let preferences = dict(
        &tagged.pdf,
        catalog.get(b"ViewerPreferences").expect("prefs"),
    );
    assert_eq!(
        preferences
            .get(b"DisplayDocTitle")
            .and_then(Object::as_bool)
            .ok(),
        Some(true)
    );
    assert_eq!(
        common::pdf_text_string(catalog.get(b"Lang").expect("/Lang")),
        workbook.document.meta.language
    );
    let metadata = resolve(&tagged.pdf, catalog.get(b"Metadata").expect("/Metadata"))
        .as_stream()
        .expect("stream");
    let xmp = String::from_utf8(metadata.content.clone()).expect("utf-8 XMP");
    let title = workbook.document.meta.title.replace('&', "&amp;");
    assert!(xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")));
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
}

#[test]
fn every_text_is_content_or_artifact() {
    check_every_text_is_marked(example());
    check_every_text_is_marked(every_block());
}

#[test]
fn the_structure_reads_in_the_order_of_the_markdown() {
    check_reading_order(example());
    check_reading_order(every_block());
}

#[test]
fn headings_keep_their_order_and_never_skip_a_level() {
    check_headings(example());
    check_headings(every_block());
}

#[test]
fn every_paragraph_is_a_p_in_reading_order() {
    check_paragraphs(example());
    check_paragraphs(every_block());
}

#[test]
fn every_field_is_in_a_form_element_named_by_its_question() {
    check_fields(example());
    check_fields(every_block());
}

#[test]
fn every_link_says_where_it_goes_and_belongs_to_a_link_element() {
    check_links(example());
    check_links(every_block());
}

#[test]
fn the_document_declares_itself_tagged_titled_and_in_its_language() {
    check_document_entries(example());
}

#[test]
fn a_chapter_in_another_language_says_so() {
    let (_project, workbook) = workbook_of(&[
        (
            "01-english.md",
            "+++\ntitle = \"In English\"\n+++\n\nA chapter in English.\n",
        ),
        (
            "02-ukrainian.md",
            "+++\ntitle = \"Українською\"\nlanguage = \"uk\"\n+++\n\nРозділ українською мовою.\n",
        ),
    ], &[]);
    let tagged = tagged(&workbook);
    let languages: Vec<Option<String>> = chapter_sections(&tagged.root)
        .iter()
        .map(|section| section.lang.clone())
        .collect();
    assert_eq!(languages, [None, Some("uk".to_string())]);
}

#[test]
fn lists_tables_and_boxes_have_their_structure() {
    let tagged = tagged(every_block());
    let elements = tagged.root.elements();
    let count = |role: &str| elements.iter().filter(|e| e.role == role).count();
    // Lists nested three deep: an L inside the LBody of an LI, twice.
    let depth = |e: &Element| -> usize {
        fn deepest(e: &Element) -> usize {
            let inner = e
                .kids
                .iter()
                .filter_map(|k| match k {
                    Kid::Element(child) => Some(deepest(child)),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            inner + usize::from(e.role == "L")
        }
        deepest(e)
    };
    assert_eq!(depth(&tagged.root), 3, "lists nest three deep");
    for item in elements.iter().filter(|e| e.role == "LI") {
        let roles: Vec<&str> = item
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Element(e) => Some(e.role.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(roles, ["Lbl", "LBody"]);
    }
    // The long table spans pages, and its header row is read once.
    let week_table = elements
        .iter()
        .find(|e| e.role == "Table" && e.text().contains("Week 60"))
        .expect("the long table");
    let rows: Vec<&Element> = week_table
        .elements()
        .into_iter()
        .filter(|e| e.role == "TR")
        .collect();
    assert_eq!(rows.len(), 61);
    assert_eq!(
        week_table
            .elements()
            .iter()
            .filter(|e| e.role == "TH")
            .count(),
        3
    );
    assert!(
        tagged.marked.artifact_text.contains("Week"),
        "the header row repeated on the next page is an artifact"
    );
    assert!(count("BlockQuote") >= 1);
    // The tick boxes of the sort exercise say whether they are ticked.
    let alts: Vec<&str> = elements.iter().filter_map(|e| e.alt.as_deref()).collect();
    assert!(alts.contains(&"Now: not ticked"), "{alts:?}");
}

// ---- The PDF/UA checker --------------------------------------------------

/// Errors `outloud` finds in a PDF; `None` when it is not installed
/// (outside CI only).
fn outloud_errors(pdf: &[u8]) -> Option<(u64, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("workbook.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = match Command::new("outloud")
        .args(["--json", "-", "--fail-on", "never"])
        .arg(&path)
        .output()
    {
        Ok(output) => output,
        Err(_) if std::env::var("CI").is_err() => {
            eprintln!("outloud is not installed: pip install -r .ci/requirements.txt");
            return None;
        }
        Err(error) => panic!("CI must install outloud: {error}"),
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let result = &report["results"][0];
    let errors = result["counts"]["error"].as_u64().expect("an error count");
    let findings = result["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == "error")
        .map(|f| format!("{} {}", f["rule"], f["message"]))
        .collect::<Vec<_>>()
        .join("\n");
    Some((errors, findings))
}

#[test]
fn the_pdf_ua_checker_finds_no_errors() {
    let minimal = workbook(&common::repo(), "minimal");
    for (name, workbook) in [
        ("example", example()),
        ("minimal", &minimal),
        ("every block", every_block()),
    ] {
        if let Some((errors, findings)) = outloud_errors(&workbook.pdf) {
            assert_eq!(errors, 0, "{name}:\n{findings}");
        }
    }
}
