//! Fillable worksheets: every prompt's writing lines become a multi-line
//! AcroForm text field named after the prompt, its pre-filled answer drawn
//! as the field's appearance. Built with lopdf (printpdf has no forms).

use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::pdf::layout::page::{FieldLine, Item, Page};

use super::cache::StreamCache;
use super::content::ContentStream;
use super::embed::EmbeddedFonts;
use super::serialize::REAL_SCALE;
use super::tokens::scaled;
use super::{text_string, PRINT};

/// The multiline flag of a text field (PDF 32000-1, table 228).
const MULTILINE: i64 = 1 << 12;

/// One field's widget on one page.
struct Widget<'a> {
    page: usize,
    lines: Vec<&'a FieldLine>,
}

/// The widget annotation of each field on each page, by page index and
/// field name.
pub type Widgets = BTreeMap<(usize, Arc<str>), ObjectId>;

/// Adds a text field per prompt to the document's AcroForm, each named
/// for readers by its question (`/TU`); returns the widgets.
pub fn add_fields(
    doc: &mut Document,
    pages: &[Page],
    (fonts, cache): (&EmbeddedFonts, &StreamCache),
    font_resources: ObjectId,
    page_height: f32,
) -> Widgets {
    // Widgets by field, in reading order.
    let mut fields: Vec<(&FieldLine, Vec<Widget<'_>>)> = Vec::new();
    for (page_index, page) in pages.iter().enumerate() {
        for item in &page.items {
            let Item::Field(line) = item else { continue };
            let position = fields.iter().position(|(field, _)| field.name == line.name);
            let index = position.unwrap_or_else(|| {
                fields.push((line, Vec::new()));
                fields.len() - 1
            });
            let widgets = &mut fields[index].1;
            match widgets.last_mut() {
                Some(widget) if widget.page == page_index => widget.lines.push(line),
                _ => widgets.push(Widget {
                    page: page_index,
                    lines: vec![line],
                }),
            }
        }
    }
    let mut placed = Widgets::new();
    if fields.is_empty() {
        return placed;
    }
    let page_ids = doc.get_pages();
    let helvetica = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });

    // Every widget's look, drawn on every core; widgets that look the
    // same (blank ones of one size, mostly) share one appearance stream,
    // deflated once in the run.
    let looks: Vec<Look> = fields
        .par_iter()
        .flat_map_iter(|(_, widgets)| widgets.iter())
        .map(|widget| Look::of(&widget.lines, fonts, page_height))
        .collect();
    // Each look's place among the distinct looks, found with one hash of
    // its bytes.
    let mut distinct: Vec<&Look> = Vec::new();
    let mut places: FxHashMap<&LookKey, usize> = FxHashMap::default();
    let look_places: Vec<usize> = looks
        .iter()
        .map(|look| {
            *places.entry(&look.key).or_insert_with(|| {
                distinct.push(look);
                distinct.len() - 1
            })
        })
        .collect();
    let mut deflated: Vec<Option<Vec<u8>>> = distinct
        .par_iter()
        .map(|look| Some(cache.deflate(&look.key.1)))
        .collect();
    let mut appearances: Vec<Option<ObjectId>> = vec![None; distinct.len()];
    let mut looks = looks.iter().zip(look_places);
    let mut tree = FieldTree::default();
    for (field, widgets) in &fields {
        let mut widget_ids = Vec::new();
        for widget in widgets {
            let Some((look, place)) = looks.next() else {
                break;
            };
            let Some(&page_id) = page_ids.get(&(widget.page as u32 + 1)) else {
                continue;
            };
            let appearance_id = match appearances[place] {
                Some(id) => id,
                None => {
                    let bytes = deflated[place].take().unwrap_or_default();
                    let id = doc.add_object(appearance_stream(look.size, bytes, font_resources));
                    appearances[place] = Some(id);
                    id
                }
            };
            let rect = widget_rect(&widget.lines, page_height);
            let widget_id = doc.add_object(dictionary! {
                "Type" => "Annot",
                "Subtype" => "Widget",
                "Rect" => rect.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
                "P" => page_id,
                "F" => PRINT,
                "AP" => dictionary! { "N" => appearance_id },
            });
            add_annotation(doc, page_id, widget_id);
            placed.insert((widget.page, field.name.clone()), widget_id);
            widget_ids.push(widget_id);
        }
        tree.insert(field, widget_ids);
    }
    let top_level = tree.write(doc, None);
    let acroform = doc.add_object(dictionary! {
        "Fields" => top_level.into_iter().map(Object::Reference).collect::<Vec<_>>(),
        "DA" => Object::string_literal("/Helv 10 Tf 0 g"),
        "DR" => dictionary! { "Font" => dictionary! { "Helv" => helvetica } },
    });
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("AcroForm", acroform);
    }
    placed
}

/// The rectangle (PDF coordinates) covering a widget's writing lines.
fn widget_rect(lines: &[&FieldLine], page_height: f32) -> [f32; 4] {
    let left = lines.iter().map(|l| l.x).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.x + l.width).fold(f32::MIN, f32::max);
    let top = lines.iter().map(|l| l.y).fold(f32::MAX, f32::min);
    let bottom = lines
        .iter()
        .map(|l| l.y + l.height)
        .fold(f32::MIN, f32::max);
    [left, page_height - bottom, right, page_height - top]
}

/// How a widget looks: the size of its box, and the content drawing the
/// pre-filled text of its lines with the same subset fonts and positions
/// as the page around it.
struct Look {
    size: [f32; 2],
    key: LookKey,
}

/// The size as written (boxes are the same size when they are written the
/// same) and the content: widgets with the same key share a stream.
type LookKey = ([i64; 2], Vec<u8>);

impl Look {
    fn of(lines: &[&FieldLine], fonts: &EmbeddedFonts, page_height: f32) -> Look {
        let [left, bottom, right, top] = widget_rect(lines, page_height);
        let mut content = ContentStream::new(fonts, top - bottom, (left, page_height - top));
        for run in lines.iter().flat_map(|line| &line.text) {
            content.text_run(run);
        }
        let size = [right - left, top - bottom];
        Look {
            size,
            key: (size.map(|v| scaled(v, REAL_SCALE)), content.finish()),
        }
    }
}

/// The form XObject of an appearance of `width` by `height`, its content
/// deflated.
fn appearance_stream(
    [width, height]: [f32; 2],
    deflated: Vec<u8>,
    font_resources: ObjectId,
) -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), Object::Real(width), Object::Real(height)],
            "Resources" => dictionary! { "Font" => font_resources },
            "Filter" => "FlateDecode",
        },
        deflated,
    )
}

fn add_annotation(doc: &mut Document, page_id: ObjectId, annotation: ObjectId) {
    let existing = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|page| page.get(b"Annots").ok().cloned());
    let mut annots = match existing {
        Some(Object::Array(items)) => items,
        Some(Object::Reference(id)) => doc
            .get_object(id)
            .ok()
            .and_then(|o| o.as_array().ok().cloned())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference(annotation));
    if let Ok(page) = doc.get_dictionary_mut(page_id) {
        page.set("Annots", annots);
    }
}

/// Field names nest by their dots: `introspection.strengths` is the field
/// `strengths` inside the field group `introspection`.
#[derive(Default)]
struct FieldTree {
    children: BTreeMap<String, FieldTree>,
    /// Order of first appearance, so the tree is written in reading order.
    order: Vec<String>,
    /// A field: its value, its question and its widgets.
    terminal: Option<(Arc<str>, Arc<str>, Vec<ObjectId>)>,
}

impl FieldTree {
    fn insert(&mut self, field: &FieldLine, widgets: Vec<ObjectId>) {
        let mut node = self;
        for part in field.name.split('.') {
            if !node.children.contains_key(part) {
                node.order.push(part.to_string());
            }
            node = node.children.entry(part.to_string()).or_default();
        }
        node.terminal = Some((field.value.clone(), field.label.clone(), widgets));
    }

    /// Writes the children of this node; returns their object ids. A field
    /// with one widget is one dictionary with it (PDF 32000-1, 12.5.6.19),
    /// which takes the widget's id.
    fn write(&self, doc: &mut Document, parent: Option<ObjectId>) -> Vec<ObjectId> {
        let mut ids = Vec::new();
        for name in &self.order {
            let Some(child) = self.children.get(name) else {
                continue;
            };
            let mut field = dictionary! { "T" => text_string(name) };
            if let Some(parent) = parent {
                field.set("Parent", parent);
            }
            let id = match &child.terminal {
                Some((value, question, widgets)) => {
                    field.set("FT", "Tx");
                    field.set("Ff", MULTILINE);
                    field.set("TU", text_string(question));
                    field.set("V", text_string(value));
                    field.set("DA", Object::string_literal("/Helv 10 Tf 0 g"));
                    if let [widget] = widgets[..] {
                        if let Ok(dict) = doc.get_dictionary_mut(widget) {
                            dict.extend(&field);
                            ids.push(widget);
                            continue;
                        }
                    }
                    let id = doc.new_object_id();
                    for widget in widgets {
                        if let Ok(dict) = doc.get_dictionary_mut(*widget) {
                            dict.set("Parent", id);
                        }
                    }
                    field.set("Kids", references(widgets));
                    id
                }
                None => {
                    let id = doc.new_object_id();
                    let kids = child.write(doc, Some(id));
                    field.set("Kids", references(&kids));
                    id
                }
            };
            doc.objects.insert(id, Object::Dictionary(field));
            ids.push(id);
        }
        ids
    }
}

fn references(ids: &[ObjectId]) -> Vec<Object> {
    ids.iter().map(|&id| Object::Reference(id)).collect()
}
