//! Embedding the theme's fonts: each face subset to the glyphs a document
//! uses, registered with printpdf under a stable resource name, then
//! finished in lopdf with complete widths, a complete ToUnicode map and a
//! subset tag in its name. printpdf only knows the glyphs of page content,
//! not those drawn in form-field appearances.

use std::collections::BTreeMap;
use std::fmt::Write;

use lopdf::{dictionary, Document, Object, Stream};
use printpdf::{FontId, ParsedFont, PdfDocument, PdfFont};

use crate::diagnostics::Error;

use super::fonts::{FaceId, FontSet};
use super::page::{Item, Page};

/// A subset font registered in the document.
pub struct EmbeddedFont {
    /// The font's resource name.
    pub id: FontId,
    /// The face's PostScript name, for `/BaseFont`.
    postscript_name: String,
    /// Old glyph id to subset glyph id.
    new_ids: BTreeMap<u16, u16>,
    /// Subset glyph id to (advance in 1/1000 em, the character it shows).
    glyphs: BTreeMap<u16, (f32, Option<char>)>,
}

impl EmbeddedFont {
    /// A glyph's id in the subset font.
    pub fn new_id(&self, old: u16) -> u16 {
        self.new_ids.get(&old).copied().unwrap_or(0)
    }
}

/// Subsets and registers every face the pages use (page content and form
/// field appearances alike).
pub fn embed_fonts(
    doc: &mut PdfDocument,
    pages: &[Page],
    fonts: &FontSet,
) -> Result<BTreeMap<FaceId, EmbeddedFont>, Error> {
    let mut used: BTreeMap<FaceId, BTreeMap<u16, Option<char>>> = BTreeMap::new();
    for page in pages {
        for item in &page.items {
            let runs = match item {
                Item::Text(run) => std::slice::from_ref(run),
                Item::Field(field) => field.text.as_slice(),
                _ => &[],
            };
            for run in runs {
                let glyphs = used.entry(run.face).or_default();
                for glyph in &run.glyphs {
                    let known = glyphs.entry(glyph.id).or_insert(glyph.ch);
                    if known.is_none() {
                        *known = glyph.ch;
                    }
                }
            }
        }
    }
    let mut embedded = BTreeMap::new();
    for (index, (face_id, glyphs)) in used.into_iter().enumerate() {
        let face = fonts.face(face_id);
        let mut remapper = subsetter::GlyphRemapper::new();
        for glyph in glyphs.keys() {
            remapper.remap(*glyph);
        }
        let subset = subsetter::subset(&face.file.bytes, 0, &remapper).map_err(|e| {
            Error::in_file(
                face.file.name.clone(),
                format!("cannot subset this font: {e}"),
            )
        })?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&subset, 0, &mut warnings).ok_or_else(|| {
            Error::in_file(
                face.file.name.clone(),
                "the subset font could not be read back",
            )
        })?;
        let id = FontId(format!("F{}", index + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        let mut new_ids = BTreeMap::new();
        let mut subset_glyphs = BTreeMap::new();
        for (old, ch) in glyphs {
            if let Some(new) = remapper.get(old) {
                new_ids.insert(old, new);
                let width = face.nominal_advance(old) * 1000.0 / face.units_per_em;
                subset_glyphs.insert(new, (width, ch));
            }
        }
        embedded.insert(
            face_id,
            EmbeddedFont {
                id,
                postscript_name: face.postscript_name.clone(),
                new_ids,
                glyphs: subset_glyphs,
            },
        );
    }
    Ok(embedded)
}

/// Completes each embedded font's dictionaries: `/W` and `/ToUnicode` for
/// every glyph, and a subset tag (`ABCDEF+Name`) derived from its glyphs.
pub fn finish_fonts(doc: &mut Document, embedded: &BTreeMap<FaceId, EmbeddedFont>) {
    let Some(font_dict) = font_resources(doc) else {
        return;
    };
    for font in embedded.values() {
        let Ok(Object::Reference(type0_id)) = font_dict.get(font.id.0.as_bytes()).cloned() else {
            continue;
        };
        let name = format!("{}+{}", subset_tag(font), font.postscript_name);
        let to_unicode = doc.add_object(Stream::new(
            dictionary! {},
            to_unicode_cmap(font).into_bytes(),
        ));
        let widths: Vec<Object> = font
            .glyphs
            .iter()
            .flat_map(|(gid, (width, _))| {
                [
                    Object::Integer(*gid as i64),
                    Object::Array(vec![Object::Real(*width)]),
                ]
            })
            .collect();
        let Ok(type0) = doc.get_dictionary_mut(type0_id) else {
            continue;
        };
        type0.set("BaseFont", Object::Name(name.clone().into_bytes()));
        type0.set("ToUnicode", to_unicode);
        // printpdf writes the CID font inline; a reference is handled too.
        let descendant = match type0.get_mut(b"DescendantFonts") {
            Ok(Object::Array(items)) => items.first_mut(),
            _ => None,
        };
        let descriptor = match descendant {
            Some(Object::Dictionary(cid_font)) => finish_cid_font(cid_font, &name, widths),
            Some(Object::Reference(id)) => {
                let id = *id;
                doc.get_dictionary_mut(id)
                    .ok()
                    .and_then(|cid_font| finish_cid_font(cid_font, &name, widths))
            }
            _ => None,
        };
        if let Some(Ok(descriptor)) = descriptor.map(|id| doc.get_dictionary_mut(id)) {
            descriptor.set("FontName", Object::Name(name.into_bytes()));
        }
    }
}

/// Sets a CID font's name and widths; returns its descriptor's id.
fn finish_cid_font(
    cid_font: &mut lopdf::Dictionary,
    name: &str,
    widths: Vec<Object>,
) -> Option<lopdf::ObjectId> {
    cid_font.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
    cid_font.set("W", widths);
    cid_font
        .get(b"FontDescriptor")
        .ok()
        .and_then(|d| d.as_reference().ok())
}

/// The document's shared font resource dictionary (from its first page).
pub fn font_resources(doc: &Document) -> Option<lopdf::Dictionary> {
    let first_page = *doc.get_pages().get(&1)?;
    let page = doc.get_dictionary(first_page).ok()?;
    let resources = match page.get(b"Resources").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(dict) => dict,
        _ => return None,
    };
    match resources.get(b"Font").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
        Object::Dictionary(dict) => Some(dict.clone()),
        _ => None,
    }
}

/// Six capital letters from a hash of the glyph set, as subset tags are.
fn subset_tag(font: &EmbeddedFont) -> String {
    let mut identity = font.postscript_name.clone().into_bytes();
    for glyph in font.new_ids.keys() {
        identity.extend_from_slice(&glyph.to_be_bytes());
    }
    let mut value = xxhash_rust::xxh3::xxh3_64(&identity);
    (0..6)
        .map(|_| {
            let letter = (b'A' + (value % 26) as u8) as char;
            value /= 26;
            letter
        })
        .collect()
}

/// A ToUnicode CMap mapping each subset glyph to its character.
fn to_unicode_cmap(font: &EmbeddedFont) -> String {
    let mappings: Vec<(u16, char)> = font
        .glyphs
        .iter()
        .filter_map(|(gid, (_, ch))| ch.map(|c| (*gid, c)))
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in mappings.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", block.len());
        for (gid, c) in block {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(cmap, "<{gid:04X}> <{hex}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}
