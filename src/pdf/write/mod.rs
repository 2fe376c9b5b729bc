//! Laid-out pages to PDF bytes. printpdf assembles the document's frame
//! (catalog, page tree, metadata); the page content is written directly
//! as bytes by [`content`], the fonts are subset and embedded by [`embed`],
//! and links, bookmarks and form fields are added in lopdf. The file is
//! saved with object streams and a cross-reference stream, every stream
//! compressed, and a stable trailer `/ID`.

mod content;
mod embed;
mod form;
mod outline;
mod slim;

use lopdf::{dictionary, Object, ObjectId, SaveOptions, Stream, StringFormat};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};

use crate::compose::doc::Meta;
use crate::diagnostics::Error;
use crate::pdf::fonts::FontSet;
use crate::pdf::layout::page::{Item, Page, PlacedAnchor};
use crate::pdf::layout::Layout;

use content::ContentStream;
use embed::EmbeddedFonts;

/// Document facts written into the PDF's info dictionary and catalog.
pub struct PdfInfo<'a> {
    pub meta: &'a Meta,
    pub timestamp: i64,
    pub page_width: f32,
    pub page_height: f32,
}

/// The print flag of an annotation: it prints with the page.
const PRINT: i64 = 1 << 2;

/// Writes pages to PDF bytes.
pub fn write_pdf(layout: &Layout, fonts: &FontSet, info: &PdfInfo<'_>) -> Result<Vec<u8>, Error> {
    let mut doc = frame(layout.pages.len(), info);
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let embedded = embed::embed_fonts(&mut doc, &layout.pages, fonts)?;
    let font_resources = doc.add_object(embedded.resources());
    let resources = doc.add_object(dictionary! { "Font" => font_resources });
    for (page, &page_id) in layout.pages.iter().zip(&page_ids) {
        let content = page_content(page, &embedded, info.page_height);
        let contents = doc.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            compress(&content),
        ));
        let annotations = links(&mut doc, page, &layout.anchors, &page_ids, info.page_height);
        if let Ok(dict) = doc.get_dictionary_mut(page_id) {
            dict.set("Contents", contents);
            dict.set("Resources", resources);
            // The crop and trim boxes default to the media box.
            dict.remove(b"CropBox");
            dict.remove(b"TrimBox");
            if annotations.is_empty() {
                dict.remove(b"Annots");
            } else {
                dict.set("Annots", annotations);
            }
        }
    }
    finish_catalog(&mut doc, info);
    outline::add_outline(&mut doc, &layout.anchors, info.page_height);
    form::add_fields(
        &mut doc,
        &layout.pages,
        &embedded,
        font_resources,
        info.page_height,
    );
    // printpdf's frame leaves empty per-page resources behind.
    doc.prune_objects();
    doc.renumber_objects();
    let mut bytes = Vec::new();
    let options = SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(1000)
        .compression_level(6)
        .build();
    doc.save_with_options(&mut bytes, options)
        .map_err(|e| Error::new(format!("cannot write the PDF: {e}")))?;
    Ok(bytes)
}

/// The document's frame from printpdf: catalog, page tree with empty
/// pages of the right size, and the info dictionary.
fn frame(page_count: usize, info: &PdfInfo<'_>) -> lopdf::Document {
    let mut doc = PdfDocument::new(&info.meta.title);
    set_metadata(&mut doc, info);
    let (width, height) = (
        printpdf::Mm(info.page_width * 25.4 / 72.0),
        printpdf::Mm(info.page_height * 25.4 / 72.0),
    );
    let pages = (0..page_count)
        .map(|_| PdfPage::new(width, height, Vec::new()))
        .collect();
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    doc.with_pages(pages)
        .to_lopdf_document(&options, &mut Vec::new())
}

/// A page's drawing: shapes first (backgrounds, rules), then text on top.
fn page_content(page: &Page, fonts: &EmbeddedFonts, height: f32) -> Vec<u8> {
    let mut content = ContentStream::new(fonts, height, (0.0, 0.0));
    for item in &page.items {
        match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
            } => content.fill_rect(*x, *y, *width, *height, *fill),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                colour,
            } => content.line((*x1, *y1), (*x2, *y2), *width, *colour),
            Item::Text(_) | Item::Link { .. } | Item::Field(_) => {}
        }
    }
    for item in &page.items {
        if let Item::Text(run) = item {
            content.text_run(run);
        }
    }
    content.finish()
}

/// The page's link annotations: web addresses, and `#id` links to the
/// headings of the document (a link to a heading that does not exist goes
/// nowhere and is left out).
fn links(
    doc: &mut lopdf::Document,
    page: &Page,
    anchors: &[PlacedAnchor],
    page_ids: &[ObjectId],
    height: f32,
) -> Vec<Object> {
    let mut annotations = Vec::new();
    for item in &page.items {
        let Item::Link {
            x,
            y,
            width,
            height: h,
            url,
        } = item
        else {
            continue;
        };
        let action = match url.strip_prefix('#') {
            Some(id) => {
                let Some(target) = anchors.iter().find(|a| a.anchor.id == id) else {
                    continue;
                };
                let Some(&target_page) = page_ids.get(target.page.wrapping_sub(1)) else {
                    continue;
                };
                dictionary! {
                    "S" => "GoTo",
                    "D" => vec![
                        Object::Reference(target_page),
                        "XYZ".into(),
                        Object::Null,
                        Object::Real(round(height - target.y + 6.0)),
                        Object::Null,
                    ],
                }
            }
            None => dictionary! { "S" => "URI", "URI" => Object::string_literal(url.as_str()) },
        };
        let annotation = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => rect(*x, height - y - h, *width, *h),
            "Border" => vec![0.into(), 0.into(), 0.into()],
            "F" => PRINT,
            "A" => action,
        });
        annotations.push(Object::Reference(annotation));
    }
    annotations
}

/// `[left bottom right top]` of a box, to a hundredth of a point.
pub fn rect(x: f32, y: f32, width: f32, height: f32) -> Vec<Object> {
    [x, y, x + width, y + height]
        .into_iter()
        .map(|v| Object::Real(round(v)))
        .collect()
}

fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// A PDF text string: plain ASCII as it is (PDFDocEncoding agrees with
/// ASCII), anything else as UTF-16BE with a byte-order mark.
pub fn text_string(text: &str) -> Object {
    let bytes = if text.chars().all(|c| c == '\n' || (' '..='~').contains(&c)) {
        text.as_bytes().to_vec()
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        bytes
    };
    Object::String(bytes, StringFormat::Literal)
}

/// `bytes` deflated, for a stream with `/Filter /FlateDecode`.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::new(6),
    );
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn set_metadata(doc: &mut PdfDocument, info: &PdfInfo<'_>) {
    let meta = info.meta;
    let date = printpdf::OffsetDateTime::from_unix_timestamp(info.timestamp).ok();
    let metadata = &mut doc.metadata.info;
    metadata.document_title = meta.title.clone();
    metadata.author = meta.person.clone();
    metadata.subject = match (&meta.target_role, &meta.company) {
        (Some(role), Some(company)) => format!("Interview preparation: {role} at {company}"),
        (Some(role), None) => format!("Interview preparation: {role}"),
        _ => "Interview preparation workbook".to_string(),
    };
    metadata.creator = "prepbook".to_string();
    metadata.producer = concat!("prepbook ", env!("CARGO_PKG_VERSION")).to_string();
    metadata.identifier = meta.id.clone();
    if let Some(date) = date {
        metadata.creation_date = date;
        metadata.modification_date = date;
        metadata.metadata_date = date;
    }
}

/// Sets the language and replaces printpdf's random trailer `/ID` with one
/// derived from the document's identity, so equal inputs give equal bytes.
fn finish_catalog(doc: &mut lopdf::Document, info: &PdfInfo<'_>) {
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set(
            "Lang",
            lopdf::Object::string_literal(info.meta.language.as_str()),
        );
    }
    // xxh3 is specified, unlike std's hasher: the same inputs give the same
    // /ID whatever toolchain built prepbook.
    let identity = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        info.meta.id, info.meta.person, info.meta.date, info.timestamp
    );
    let digest = xxhash_rust::xxh3::xxh3_128(identity.as_bytes());
    let id = lopdf::Object::String(
        digest.to_be_bytes().to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
}
