//! Laid-out pages to PDF bytes. printpdf assembles the document's frame
//! (catalog, page tree, metadata); the page content is written directly
//! as bytes by [`content`], the fonts are subset and embedded by [`embed`],
//! links, bookmarks, form fields and the structure tree for readers are
//! added as lopdf objects, and [`serialize`] writes the file: object
//! streams and a cross-reference stream, every stream compressed, and a
//! stable trailer `/ID`.

mod cache;
mod content;
mod embed;
mod form;
mod image;
mod metadata;
mod outline;
mod serialize;
mod slim;
mod structure;
mod tokens;

use std::cell::RefCell;
use std::sync::Arc;

use libdeflater::{CompressionLvl, Compressor};
use lopdf::{dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};
use rayon::prelude::*;

use crate::compose::doc::Meta;
use crate::diagnostics::Error;
use crate::load::locale::strings::{fill, Strings};
use crate::pdf::fonts::FontSet;
use crate::pdf::layout::page::{Item, Page, PlacedAnchor};
use crate::pdf::layout::tags::{NodeId, StructTree, Tag};
use crate::pdf::layout::Layout;

pub use cache::StreamCache;
use content::ContentStream;
use embed::EmbeddedFonts;
use image::EmbeddedImages;
use structure::StructureBuilder;

/// Document facts written into the PDF's info dictionary and catalog.
pub struct PdfInfo<'a> {
    pub meta: &'a Meta,
    pub timestamp: i64,
    pub page_width: f32,
    pub page_height: f32,
    /// The theme's words in the workbook's language: how a link is
    /// described to readers, and the document's subject.
    pub labels: &'a Strings,
}

/// The print flag of an annotation: it prints with the page.
const PRINT: i64 = 1 << 2;

/// Writes pages to PDF bytes.
pub fn write_pdf(
    layout: &Layout,
    (fonts, cache): (&FontSet, &StreamCache),
    info: &PdfInfo<'_>,
) -> Result<Vec<u8>, Error> {
    let mut doc = frame(layout.pages.len(), info);
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let plan = embed::plan_fonts(&mut doc, &layout.pages, (fonts, cache));
    let images = image::embed_images(&mut doc, &layout.pages);
    let font_resources = doc.add_object(plan.fonts().resources());
    let mut resources = dictionary! { "Font" => font_resources };
    if let Some(xobjects) = images.resources() {
        resources.set("XObject", xobjects);
    }
    let resources = doc.add_object(resources);
    // The font programs are made while the pages are drawn; each page's
    // operators are written and deflated on their own, so the pages are
    // shared among the cores.
    let (programs, drawn) = rayon::join(
        || plan.programs(fonts, cache),
        || {
            layout
                .pages
                .par_iter()
                .map(|page| {
                    page_content(
                        page,
                        (plan.fonts(), &images),
                        info.page_height,
                        &layout.structure,
                    )
                })
                .collect::<Vec<MarkedPage>>()
        },
    );
    let embedded = plan.finish(&mut doc, fonts, programs?);
    let mut marked_pages = Vec::with_capacity(layout.pages.len());
    for ((page, &page_id), mut marked) in layout.pages.iter().zip(&page_ids).zip(drawn) {
        let contents = doc.add_object(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            std::mem::take(&mut marked.deflated),
        ));
        let link_ids = links(&mut doc, page, (&layout.anchors, &page_ids), info);
        if let Ok(dict) = doc.get_dictionary_mut(page_id) {
            dict.set("Contents", contents);
            dict.set("Resources", resources);
            // The crop and trim boxes default to the media box.
            dict.remove(b"CropBox");
            dict.remove(b"TrimBox");
            dict.remove(b"Annots");
            if !link_ids.is_empty() {
                let annotations = link_ids.iter().map(|(_, id)| Object::Reference(*id));
                dict.set("Annots", annotations.collect::<Vec<_>>());
            }
        }
        marked_pages.push((page_id, marked, link_ids));
    }
    finish_catalog(&mut doc, info);
    outline::add_outline(&mut doc, &layout.anchors, info.page_height);
    let widgets = form::add_fields(
        &mut doc,
        &layout.pages,
        (&embedded, cache),
        font_resources,
        info.page_height,
    );
    let mut structure = StructureBuilder::new(&layout.structure);
    for (page_index, (page_id, marked, link_ids)) in marked_pages.into_iter().enumerate() {
        structure.page(page_id, marked.mcids);
        for event in marked.events {
            match event {
                Event::Content(mcid) => structure.content(mcid),
                Event::Link { item, node } => {
                    if let Some((_, id)) = link_ids.iter().find(|(i, _)| *i == item) {
                        structure.annotation(*id, node);
                    }
                }
                Event::Widget { name, node } => {
                    if let Some(id) = widgets.get(&(page_index, name)) {
                        structure.annotation(*id, node);
                    }
                }
            }
        }
        // Readers tab through a page's links and fields in structure order.
        if let Ok(dict) = doc.get_dictionary_mut(page_id) {
            if dict.has(b"Annots") {
                dict.set("Tabs", "S");
            }
        }
    }
    let (structure_root, elements) = structure.write(&mut doc);
    let metadata = metadata::add_metadata(&mut doc, info);
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("StructTreeRoot", structure_root);
        catalog.set("MarkInfo", dictionary! { "Marked" => true });
        catalog.set(
            "ViewerPreferences",
            dictionary! { "DisplayDocTitle" => true },
        );
        catalog.set("Metadata", metadata);
    }
    Ok(serialize::save(&doc, &elements))
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
    let mut doc = doc
        .with_pages(pages)
        .to_lopdf_document(&options, &mut Vec::new());
    // printpdf gives each page empty content and resources, and leaves
    // a few empty objects: dropped while the document is small, so the
    // objects added later are numbered densely without a renumbering.
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page_id in page_ids {
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            page.remove(b"Contents");
            page.remove(b"Resources");
        }
    }
    doc.prune_objects();
    doc.renumber_objects();
    // printpdf says 1.3; object and cross-reference streams are PDF 1.5,
    // and PDF/UA-1 builds on PDF 1.7.
    doc.version = "1.7".into();
    doc
}

/// A page's content stream (deflated), the structure element of each of its MCIDs,
/// and what a reader meets on it in order.
struct MarkedPage {
    /// The content stream, deflated.
    deflated: Vec<u8>,
    mcids: Vec<NodeId>,
    events: Vec<Event>,
}

/// A piece of a page that belongs to a structure element.
enum Event {
    /// A marked-content sequence.
    Content(u32),
    /// The annotation of the page's link item at this index.
    Link { item: usize, node: NodeId },
    /// The widget of a form field.
    Widget { name: Arc<str>, node: NodeId },
}

/// A page's drawing: shapes first (backgrounds, rules: artifacts), then
/// text on top, each run marked with its structure element.
fn page_content(
    page: &Page,
    (fonts, images): (&EmbeddedFonts, &EmbeddedImages),
    height: f32,
    tree: &StructTree,
) -> MarkedPage {
    let mut content = ContentStream::marked(fonts, height, tree);
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
            Item::Frame {
                x,
                y,
                size,
                width,
                colour,
            } => content.frame((*x, *y, *size), *width, *colour),
            Item::Text(_) | Item::Link { .. } | Item::Field(_) | Item::Image { .. } => {}
        }
    }
    let mut events = Vec::new();
    for (index, item) in page.items.iter().enumerate() {
        match item {
            Item::Text(run) => {
                let before = content.mcid_count();
                content.text_run(run);
                if content.mcid_count() > before {
                    events.push(Event::Content(before as u32));
                }
            }
            Item::Link {
                tag: Tag::Node(node),
                ..
            } => events.push(Event::Link {
                item: index,
                node: *node,
            }),
            Item::Field(line) => {
                let seen = events
                    .iter()
                    .any(|e| matches!(e, Event::Widget { name, .. } if *name == line.name));
                if !seen {
                    events.push(Event::Widget {
                        name: line.name.clone(),
                        node: line.form,
                    });
                }
            }
            Item::Image {
                x,
                y,
                width,
                height,
                image,
                tag,
            } => {
                if let Some(name) = images.name(image) {
                    let before = content.mcid_count();
                    content.image(name, (*x, *y, *width, *height), *tag);
                    if content.mcid_count() > before {
                        events.push(Event::Content(before as u32));
                    }
                }
            }
            Item::Link { .. } | Item::Line { .. } | Item::Rect { .. } | Item::Frame { .. } => {}
        }
    }
    let (content, mcids) = content.finish_marked();
    MarkedPage {
        deflated: compress(&content),
        mcids,
        events,
    }
}

/// The page's link annotations, by the index of their item: web
/// addresses, and `#id` links to the headings of the document (a link to a
/// heading that does not exist goes nowhere and is left out, as is a link
/// in repeated, artifact content). Each says where it goes, for readers.
fn links(
    doc: &mut lopdf::Document,
    page: &Page,
    (anchors, page_ids): (&[PlacedAnchor], &[ObjectId]),
    info: &PdfInfo<'_>,
) -> Vec<(usize, ObjectId)> {
    let height = info.page_height;
    let mut annotations = Vec::new();
    for (index, item) in page.items.iter().enumerate() {
        let Item::Link {
            x,
            y,
            width,
            height: h,
            url,
            tag: Tag::Node(_),
        } = item
        else {
            continue;
        };
        let mut description = url.clone();
        let action = match url.strip_prefix('#') {
            Some(id) => {
                let Some(target) = anchors.iter().find(|a| a.anchor.id == id) else {
                    continue;
                };
                let Some(&target_page) = page_ids.get(target.page.wrapping_sub(1)) else {
                    continue;
                };
                let number = target.page.to_string();
                description = fill(
                    &info.labels.reader.link,
                    &[("title", &target.anchor.title), ("number", &number)],
                );
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
            "Contents" => text_string(&description),
        });
        annotations.push((index, annotation));
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

/// A PDF text string: in PDFDocEncoding when that has every character
/// (ASCII, Latin-1's letters, typographic quotes and dashes: most text of
/// Latin-script languages), else UTF-16BE with a byte-order mark, which
/// takes two bytes or four for each character.
pub fn text_string(text: &str) -> Object {
    let printable_ascii = |byte: u8| byte == b'\n' || (b' '..=b'~').contains(&byte);
    let bytes = if text.bytes().all(printable_ascii) {
        text.as_bytes().to_vec()
    } else if let Some(bytes) = text.chars().map(tokens::pdf_doc_byte).collect() {
        bytes
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        bytes
    };
    Object::String(bytes, StringFormat::Literal)
}

/// How hard streams are deflated: libdeflate's level, where 1 is fastest
/// and 12 smallest.
const DEFLATE_LEVEL: i32 = 6;

/// `bytes` deflated, for a stream with `/Filter /FlateDecode`. Each thread
/// keeps one compressor: setting one up costs more than deflating a page.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        static DEFLATE: RefCell<Compressor> = RefCell::new(Compressor::new(
            CompressionLvl::new(DEFLATE_LEVEL).unwrap_or_default(),
        ));
    }
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.borrow_mut();
        let mut out = vec![0; deflate.zlib_compress_bound(bytes.len())];
        // The bound always leaves room; should it not, the stream is
        // written by flate2 instead.
        match deflate.zlib_compress(bytes, &mut out) {
            Ok(length) => {
                out.truncate(length);
                out
            }
            Err(_) => compress_with_flate2(bytes),
        }
    })
}

fn compress_with_flate2(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn set_metadata(doc: &mut PdfDocument, info: &PdfInfo<'_>) {
    let meta = info.meta;
    let date = printpdf::OffsetDateTime::from_unix_timestamp(info.timestamp).ok();
    let metadata = &mut doc.metadata.info;
    metadata.document_title = meta.title.clone();
    metadata.author = meta.person.clone();
    let subjects = &info.labels.document;
    metadata.subject = match (&meta.target_role, &meta.company) {
        (Some(role), Some(company)) => fill(
            &subjects.subject_role_company,
            &[("role", role), ("company", company)],
        ),
        (Some(role), None) => fill(&subjects.subject_role, &[("role", role)]),
        _ => subjects.subject.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("a valid zlib stream");
        out
    }

    #[test]
    fn the_reused_compressor_gives_each_stream_back_whole() {
        let large: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i * 7919).to_le_bytes())
            .collect();
        for input in [&b"BT /F1 10 Tf (a) Tj ET"[..], &large, b"", b"again"] {
            assert_eq!(inflate(&compress(input)), input);
        }
    }
}
