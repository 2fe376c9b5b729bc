//! Laid-out pages to PDF bytes with printpdf: fonts subset per document,
//! deterministic resource names, metadata and a stable trailer `/ID`.

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, Destination, HighlightingMode, Line,
    LinePoint, LinkAnnotation, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, TextItem, TextMatrix,
};

use crate::compose::doc::Meta;
use crate::diagnostics::Error;
use crate::load::theme::Rgb;

use super::embed::{self, EmbeddedFont};
use super::fonts::{FaceId, FontSet};
use super::form;
use super::outline;
use super::page::{Item, Page, PlacedAnchor};
use super::Layout;

/// Document facts written into the PDF's info dictionary and catalog.
pub struct PdfInfo<'a> {
    pub meta: &'a Meta,
    pub timestamp: i64,
    pub page_width: f32,
    pub page_height: f32,
}

/// Writes pages to PDF bytes.
pub fn write_pdf(layout: &Layout, fonts: &FontSet, info: &PdfInfo<'_>) -> Result<Vec<u8>, Error> {
    let pages = &layout.pages;
    let mut doc = PdfDocument::new(&info.meta.title);
    let embedded = embed::embed_fonts(&mut doc, pages, fonts)?;
    let pdf_pages = pages
        .iter()
        .map(|page| {
            PdfPage::new(
                printpdf::Mm(info.page_width * 25.4 / 72.0),
                printpdf::Mm(info.page_height * 25.4 / 72.0),
                page_ops(page, &embedded, &layout.anchors, info.page_height),
            )
        })
        .collect();
    set_metadata(&mut doc, info);
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut lopdf_doc = doc
        .with_pages(pdf_pages)
        .to_lopdf_document(&options, &mut warnings);
    finish_catalog(&mut lopdf_doc, info);
    outline::add_outline(&mut lopdf_doc, &layout.anchors, info.page_height);
    form::add_fields(&mut lopdf_doc, pages, &embedded, info.page_height);
    embed::finish_fonts(&mut lopdf_doc, &embedded);
    lopdf_doc.compress();
    let mut bytes = Vec::new();
    lopdf_doc
        .save_to(&mut bytes)
        .map_err(|e| Error::new(format!("cannot write the PDF: {e}")))?;
    Ok(bytes)
}

fn colour(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: rgb.r,
        g: rgb.g,
        b: rgb.b,
        icc_profile: None,
    })
}

fn page_ops(
    page: &Page,
    fonts: &BTreeMap<FaceId, EmbeddedFont>,
    anchors: &[PlacedAnchor],
    height: f32,
) -> Vec<Op> {
    let mut ops = Vec::new();
    // Shapes first (backgrounds, rules), text on top, links last.
    for item in &page.items {
        match item {
            Item::Rect {
                x,
                y,
                width,
                height: h,
                fill,
            } => {
                ops.push(Op::SetFillColor { col: colour(*fill) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(height - y - h),
                        width: Pt(*width),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                colour: c,
            } => {
                ops.push(Op::SetOutlineColor { col: colour(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(*x1),
                                    y: Pt(height - y1),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(*x2),
                                    y: Pt(height - y2),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Text(_) | Item::Link { .. } | Item::Field(_) => {}
        }
    }
    let mut in_text = false;
    for item in &page.items {
        let Item::Text(run) = item else { continue };
        let Some(font) = fonts.get(&run.face) else {
            continue;
        };
        if !in_text {
            ops.push(Op::StartTextSection);
            in_text = true;
        }
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font.id.clone()),
            size: Pt(run.size),
        });
        ops.push(Op::SetFillColor {
            col: colour(run.colour),
        });
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(run.x), Pt(height - run.y)),
        });
        let glyphs = run
            .glyphs
            .iter()
            .map(|g| Codepoint {
                gid: font.new_id(g.id),
                offset: -g.extra * 1000.0 / run.size,
                cid: Some(g.ch.map(String::from).unwrap_or_default()),
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    for item in &page.items {
        if let Item::Link {
            x,
            y,
            width,
            height: h,
            url,
        } = item
        {
            let actions = match url.strip_prefix('#') {
                Some(id) => match anchors.iter().find(|a| a.anchor.id == id) {
                    Some(target) => Actions::Goto(Destination::Xyz {
                        page: target.page,
                        left: None,
                        top: Some(height - target.y + 6.0),
                        zoom: None,
                    }),
                    // A link to a heading that does not exist goes nowhere.
                    None => continue,
                },
                None => Actions::Uri(url.clone()),
            };
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation {
                    rect: Rect {
                        x: Pt(*x),
                        y: Pt(height - y - h),
                        width: Pt(*width),
                        height: Pt(*h),
                        mode: None,
                        winding_order: None,
                    },
                    actions,
                    border: BorderArray::Solid([0.0, 0.0, 0.0]),
                    color: ColorArray::Transparent,
                    highlighting: HighlightingMode::Invert,
                },
            });
        }
    }
    ops
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
