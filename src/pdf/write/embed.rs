//! Embedding the theme's fonts: each face the pages use, subset to the
//! glyphs they use, as a Type 0 font with complete widths, a complete
//! ToUnicode map and a subset tag in its name.
//!
//! Glyphs are renumbered in the order of the characters they show, so the
//! widths are one array and the ToUnicode map is mostly ranges. A subset
//! of at most 256 glyphs (a workbook's usual) is shown with one-byte codes
//! through an embedded identity CMap, which halves the text in the pages.

use std::collections::BTreeMap;
use std::fmt::Write;

use lopdf::{dictionary, Document, Object, ObjectId, Stream};

use crate::diagnostics::Error;
use crate::pdf::fonts::{FaceId, FontSet};
use crate::pdf::layout::page::{Item, Page, TextRun};

use super::compress;
use super::slim::slim;

/// The fonts of one document, by face.
pub struct EmbeddedFonts {
    fonts: BTreeMap<FaceId, EmbeddedFont>,
}

/// One subset font in the document.
pub struct EmbeddedFont {
    /// The font's resource name (`F1`, `F2`, ...).
    pub resource: String,
    /// The Type 0 font object.
    pub object: ObjectId,
    /// Old glyph id to subset glyph id.
    new_ids: BTreeMap<u16, u16>,
    /// Advance widths by subset glyph id, in thousandths of an em.
    widths: Vec<f32>,
    /// Whether codes are one byte each (else two).
    pub one_byte: bool,
    /// Whether glyph (and code) 32 is the space, so that `Tw` stretches
    /// spaces only.
    pub space_is_32: bool,
}

impl EmbeddedFont {
    /// A glyph's id in the subset font.
    pub fn new_id(&self, old: u16) -> u16 {
        self.new_ids.get(&old).copied().unwrap_or(0)
    }

    /// The width a viewer gives subset glyph `id`, in thousandths of an em.
    pub fn width(&self, id: u16) -> f32 {
        self.widths.get(id as usize).copied().unwrap_or(0.0)
    }
}

impl EmbeddedFonts {
    /// The font of `face`, if the pages use it.
    pub fn get(&self, face: FaceId) -> Option<&EmbeddedFont> {
        self.fonts.get(&face)
    }

    /// The font resource dictionary: every font by its resource name.
    pub fn resources(&self) -> lopdf::Dictionary {
        self.fonts
            .values()
            .map(|font| (font.resource.clone(), Object::Reference(font.object)))
            .collect()
    }
}

/// Every glyph run of the pages: page content and form-field text alike.
pub fn runs(pages: &[Page]) -> impl Iterator<Item = &TextRun> {
    pages.iter().flat_map(|page| &page.items).flat_map(|item| {
        let runs: &[TextRun] = match item {
            Item::Text(run) => std::slice::from_ref(run),
            Item::Field(field) => &field.text,
            _ => &[],
        };
        runs
    })
}

/// Subsets and adds every face the pages use.
pub fn embed_fonts(
    doc: &mut Document,
    pages: &[Page],
    fonts: &FontSet,
) -> Result<EmbeddedFonts, Error> {
    let mut used: BTreeMap<FaceId, BTreeMap<u16, Option<char>>> = BTreeMap::new();
    for run in runs(pages) {
        let glyphs = used.entry(run.face).or_default();
        for glyph in &run.glyphs {
            let known = glyphs.entry(glyph.id).or_insert(glyph.ch);
            if known.is_none() {
                *known = glyph.ch;
            }
        }
    }
    let mut embedded = BTreeMap::new();
    let mut shared_cmap = None;
    for (index, (face_id, glyphs)) in used.into_iter().enumerate() {
        // Glyph 0 (.notdef) is always in a subset too.
        let encoding = if glyphs.len() < 256 {
            Some(*shared_cmap.get_or_insert_with(|| doc.add_object(one_byte_cmap())))
        } else {
            None
        };
        let font = embed_face(
            doc,
            fonts,
            face_id,
            &glyphs,
            encoding,
            format!("F{}", index + 1),
        )?;
        embedded.insert(face_id, font);
    }
    Ok(EmbeddedFonts { fonts: embedded })
}

fn embed_face(
    doc: &mut Document,
    fonts: &FontSet,
    face_id: FaceId,
    glyphs: &BTreeMap<u16, Option<char>>,
    one_byte_encoding: Option<ObjectId>,
    resource: String,
) -> Result<EmbeddedFont, Error> {
    let face = fonts.face(face_id);
    // In character order, so neighbouring ids show neighbouring characters,
    // but with the space as glyph 32 when there are glyphs enough.
    let mut order: Vec<(u16, Option<char>)> = glyphs.iter().map(|(id, ch)| (*id, *ch)).collect();
    order.sort_by_key(|(id, ch)| (ch.map_or(u32::MAX, u32::from), *id));
    if order.len() > SPACE_ID as usize && order.first().is_some_and(|(_, ch)| *ch == Some(' ')) {
        let space = order.remove(0);
        // Glyph 0 (.notdef) comes first in every subset, so index 31 is id 32.
        order.insert(SPACE_ID as usize - 1, space);
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    for (id, _) in &order {
        remapper.remap(*id);
    }
    let program = subsetter::subset(&face.file.bytes, 0, &remapper).map_err(|e| {
        Error::in_file(
            face.file.name.clone(),
            format!("cannot subset this font: {e}"),
        )
    })?;
    let program = slim(&program);
    let mut new_ids = BTreeMap::new();
    let mut chars: BTreeMap<u16, char> = BTreeMap::new();
    for (old, ch) in &order {
        if let Some(new) = remapper.get(*old) {
            new_ids.insert(*old, new);
            if let Some(ch) = ch {
                chars.insert(new, *ch);
            }
        }
    }
    let scale = 1000.0 / face.units_per_em;
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| face.nominal_advance(old) * scale)
        .collect();

    let name = format!(
        "{}+{}",
        subset_tag(&face.postscript_name, &order),
        face.postscript_name
    );
    let length = program.len() as i64;
    let program_id = doc.add_object(Stream::new(
        dictionary! { "Length1" => length, "Filter" => "FlateDecode" },
        compress(&program),
    ));
    let d = &face.descriptor;
    let descriptor_id = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(name.clone().into_bytes()),
        "Flags" => d.flags,
        "FontBBox" => d.bbox.iter().map(|v| Object::Integer((v * scale).round() as i64)).collect::<Vec<_>>(),
        "ItalicAngle" => Object::Real(d.italic_angle),
        "Ascent" => Object::Integer((face.ascender * scale).round() as i64),
        "Descent" => Object::Integer((face.descender * scale).round() as i64),
        "CapHeight" => Object::Integer((d.cap_height * scale).round() as i64),
        "StemV" => 80,
        "FontFile2" => program_id,
    });
    let width_array: Vec<Object> = widths.iter().map(|w| number(*w)).collect();
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => Object::Name(name.clone().into_bytes()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor_id,
        "W" => vec![Object::Integer(0), Object::Array(width_array)],
        "CIDToGIDMap" => "Identity",
    });
    let to_unicode = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        compress(to_unicode_cmap(&chars, one_byte_encoding.is_some()).as_bytes()),
    ));
    let encoding = match one_byte_encoding {
        Some(cmap) => Object::Reference(cmap),
        None => "Identity-H".into(),
    };
    let object = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(name.into_bytes()),
        "Encoding" => encoding,
        "DescendantFonts" => vec![Object::Reference(cid_font)],
        "ToUnicode" => to_unicode,
    });
    Ok(EmbeddedFont {
        resource,
        object,
        new_ids,
        widths,
        one_byte: one_byte_encoding.is_some(),
        space_is_32: one_byte_encoding.is_some() && chars.get(&SPACE_ID) == Some(&' '),
    })
}

/// A width as an integer when it is one, so the array stays short.
fn number(value: f32) -> Object {
    let rounded = value.round();
    if (value - rounded).abs() < 0.001 {
        Object::Integer(rounded as i64)
    } else {
        Object::Real((value * 1000.0).round() / 1000.0)
    }
}

/// Six capital letters from a hash of the glyph set, as subset tags are.
fn subset_tag(postscript_name: &str, glyphs: &[(u16, Option<char>)]) -> String {
    let mut identity = postscript_name.as_bytes().to_vec();
    for (glyph, _) in glyphs {
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

/// Where the space goes in a subset, so that `Tw` applies to it.
const SPACE_ID: u16 = 32;

/// The CMap that reads each byte as the glyph of the same number.
fn one_byte_cmap() -> Stream {
    let cid_system_info = dictionary! {
        "Registry" => Object::string_literal("Adobe"),
        "Ordering" => Object::string_literal("Identity"),
        "Supplement" => 0,
    };
    let program = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
                   /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n\
                   /CMapName /Prepbook-OneByte def\n/CMapType 1 def\n\
                   1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
                   1 begincidrange\n<00> <FF> 0\nendcidrange\n\
                   endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    Stream::new(
        dictionary! {
            "Type" => "CMap",
            "CMapName" => "Prepbook-OneByte",
            "CIDSystemInfo" => cid_system_info,
            "Filter" => "FlateDecode",
        },
        compress(program.as_bytes()),
    )
}

/// A ToUnicode CMap mapping each code (a subset glyph id, in one byte or
/// two) to its character: runs of consecutive codes showing consecutive
/// characters as ranges.
fn to_unicode_cmap(codes: &BTreeMap<u16, char>, one_byte: bool) -> String {
    let hex = |code: u16| {
        if one_byte {
            format!("<{code:02X}>")
        } else {
            format!("<{code:04X}>")
        }
    };
    let mut ranges: Vec<(u16, u16, char)> = Vec::new();
    for (&code, &c) in codes {
        match ranges.last_mut() {
            Some((first, last, start))
                if *last + 1 == code
                    && u32::from(*start) + u32::from(code - *first) == u32::from(c)
                    && (*first & 0xFF00) == (code & 0xFF00)
                    && (u32::from(*start) & 0xFF00) == (u32::from(c) & 0xFF00)
                    && u32::from(c) < 0xD800 =>
            {
                *last = code;
            }
            _ => ranges.push((code, code, c)),
        }
    }
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n",
    );
    let _ = writeln!(
        cmap,
        "1 begincodespacerange\n{} {}\nendcodespacerange",
        hex(0),
        hex(if one_byte { 0xFF } else { 0xFFFF })
    );
    let (singles, spans): (Vec<_>, Vec<_>) = ranges.iter().partition(|(a, b, _)| a == b);
    for block in singles.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", block.len());
        for (code, _, c) in block {
            let _ = writeln!(cmap, "{} <{}>", hex(*code), utf16_hex(*c));
        }
        cmap.push_str("endbfchar\n");
    }
    for block in spans.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfrange", block.len());
        for (first, last, c) in block {
            let _ = writeln!(cmap, "{} {} <{}>", hex(*first), hex(*last), utf16_hex(*c));
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

fn utf16_hex(c: char) -> String {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| format!("{u:04X}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_glyphs_and_characters_become_ranges() {
        let chars: BTreeMap<u16, char> =
            [(1, 'a'), (2, 'b'), (3, 'c'), (4, 'x'), (6, 'é'), (7, '😀')].into();
        let cmap = to_unicode_cmap(&chars, false);
        assert!(cmap.contains("<0000> <FFFF>\nendcodespacerange"));
        assert!(cmap.contains("1 beginbfrange\n<0001> <0003> <0061>\nendbfrange"));
        assert!(cmap.contains("3 beginbfchar\n<0004> <0078>\n<0006> <00E9>\n<0007> <D83DDE00>\n"));
        let cmap = to_unicode_cmap(&chars, true);
        assert!(cmap.contains("<00> <FF>\nendcodespacerange"));
        assert!(cmap.contains("1 beginbfrange\n<01> <03> <0061>\nendbfrange"));
    }
}
