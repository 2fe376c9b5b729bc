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
use std::ops::Range;
use std::sync::Arc;

use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use rayon::prelude::*;

use crate::diagnostics::Error;
use crate::pdf::fonts::{Face, FaceId, FontSet};
use crate::pdf::layout::page::{Item, Page, PlacedGlyph, TextRun};

use super::cache::{Program, StreamCache};
use super::compress;
use super::slim::slim;

/// The fonts of one document, by face.
#[cfg_attr(test, derive(Default))]
pub struct EmbeddedFonts {
    fonts: BTreeMap<FaceId, EmbeddedFont>,
}

/// One subset font in the document.
pub struct EmbeddedFont {
    /// The font's resource name (`F1`, `F2`, ...).
    pub resource: String,
    /// The Type 0 font object.
    pub object: ObjectId,
    /// Subset glyph ids by old glyph id (0 for a glyph not in the subset).
    new_ids: Vec<u16>,
    /// Advance widths by subset glyph id, in thousandths of an em.
    widths: Vec<f32>,
    /// Whether codes are one byte each (else two).
    pub one_byte: bool,
    /// Whether glyph (and code) 32 is the space, so that `Tw` stretches
    /// spaces only.
    pub space_is_32: bool,
    /// What the ToUnicode map says each subset glyph shows, by subset id.
    texts: Vec<Option<Box<str>>>,
}

impl EmbeddedFont {
    /// A glyph's id in the subset font.
    pub fn new_id(&self, old: u16) -> u16 {
        self.new_ids.get(old as usize).copied().unwrap_or(0)
    }

    /// The width a viewer gives subset glyph `id`, in thousandths of an em.
    pub fn width(&self, id: u16) -> f32 {
        self.widths.get(id as usize).copied().unwrap_or(0.0)
    }

    /// Whether the ToUnicode map makes `glyphs` (original ids, in drawing
    /// order) read as `text[bytes]`; where it does not (a glyph that shows
    /// different characters in different places, or a vowel sign drawn
    /// before the letter it follows), the text is given as ActualText.
    /// Bytes that do not fall on character boundaries are no text.
    // Called for every cluster of every page; left to itself the compiler
    // stopped inlining it after an unrelated change (+0.8% instructions).
    #[inline]
    pub fn reads_as(&self, glyphs: &[PlacedGlyph], text: &str, bytes: Range<usize>) -> bool {
        if let [glyph] = glyphs {
            // The usual cluster: one glyph that reads as the whole text. Its
            // known text is whole characters, so bytes equal to it are too.
            let id = self.new_id(glyph.id);
            if matches!(self.texts.get(id as usize), Some(Some(_))) {
                let bytes = text.as_bytes().get(bytes);
                return bytes.is_some_and(|bytes| self.reads_as_bytes(id, bytes));
            }
        }
        let text = text.get(bytes).unwrap_or_default();
        let mut rest = text;
        for glyph in glyphs {
            if let Some(Some(shown)) = self.texts.get(self.new_id(glyph.id) as usize) {
                match rest.strip_prefix(&**shown) {
                    Some(after) => rest = after,
                    None => return false,
                }
            }
        }
        rest.is_empty()
    }

    /// Whether the ToUnicode map reads subset glyph `id` as exactly
    /// `bytes`.
    #[inline]
    pub fn reads_as_bytes(&self, id: u16, bytes: &[u8]) -> bool {
        match (self.texts.get(id as usize), bytes) {
            // One byte each, the common case, compared without memcmp.
            (Some(Some(shown)), [byte]) => matches!(shown.as_bytes(), [own] if own == byte),
            (Some(Some(shown)), bytes) => shown.as_bytes() == bytes,
            _ => false,
        }
    }
}

#[cfg(test)]
impl EmbeddedFont {
    /// A font of one-byte codes in which glyph `id` is subset glyph `id`,
    /// `widths[id]` thousandths of an em wide, reading as `texts[id]`.
    pub(super) fn for_tests(texts: &[Option<&str>], widths: &[f32]) -> EmbeddedFont {
        EmbeddedFont {
            resource: "F1".to_string(),
            object: (1, 0),
            new_ids: (0..texts.len() as u16).collect(),
            widths: widths.to_vec(),
            one_byte: true,
            space_is_32: texts.get(32) == Some(&Some(" ")),
            texts: texts.iter().map(|text| text.map(Box::from)).collect(),
        }
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

/// What a used glyph stands for, for the ToUnicode map: unknown yet, or
/// the text the first cluster that tells gave it.
#[derive(Debug, Clone, PartialEq)]
enum GlyphText {
    Unused,
    Unknown,
    Text(Box<str>),
}

/// The fonts of one document before their programs are made: which glyphs
/// each subset holds and the codes the pages show them by, with the
/// numbers of the font objects reserved, so that the pages can be drawn
/// while the programs are made ([`FontPlan::programs`]).
pub struct FontPlan {
    fonts: EmbeddedFonts,
    subsets: Vec<PlannedSubset>,
}

/// A subset with the object numbers its font objects will have.
struct PlannedSubset {
    subset: Subset,
    objects: FontObjects,
    /// The one-byte identity CMap, for a subset shown by one-byte codes.
    encoding: Option<ObjectId>,
}

/// The objects of one embedded font.
struct FontObjects {
    program: ObjectId,
    descriptor: ObjectId,
    cid_font: ObjectId,
    to_unicode: ObjectId,
    /// The Type 0 font the pages name.
    font: ObjectId,
}

impl FontPlan {
    /// The fonts as the pages and fields address them.
    pub fn fonts(&self) -> &EmbeddedFonts {
        &self.fonts
    }

    /// Each face's program: subset, slimmed and deflated (in parallel, and
    /// from `cache` when a workbook before used the same glyphs).
    pub fn programs(
        &self,
        fonts: &FontSet,
        cache: &StreamCache,
    ) -> Result<Vec<Arc<Program>>, Error> {
        self.subsets
            .par_iter()
            .map(|planned| program((fonts, cache), &planned.subset))
            .collect()
    }

    /// Adds the font objects at their reserved numbers, with `programs`
    /// (from [`FontPlan::programs`]).
    pub fn finish(
        self,
        doc: &mut Document,
        fonts: &FontSet,
        programs: Vec<Arc<Program>>,
    ) -> EmbeddedFonts {
        for (planned, program) in self.subsets.into_iter().zip(programs) {
            add_face(doc, fonts, planned, &program);
        }
        self.fonts
    }
}

/// Plans a subset of every face the pages use, reserving its objects'
/// numbers in `doc`.
pub fn plan_fonts(
    doc: &mut Document,
    pages: &[Page],
    (fonts, cache): (&FontSet, &StreamCache),
) -> FontPlan {
    // The pages are scanned in as many parts as there are threads, and the
    // parts joined in page order.
    let part = pages.len().div_ceil(rayon::current_num_threads()).max(1);
    let parts: Vec<UsedGlyphs> = pages
        .par_chunks(part)
        .map(|pages| used_glyphs(pages, fonts))
        .collect();
    let mut parts = parts.into_iter();
    let mut used = parts.next().unwrap_or_default();
    for later in parts {
        join_used(&mut used, later);
    }
    // Glyph 0 (.notdef) is in every subset anyway.
    let faces: Vec<(FaceId, Vec<UsedGlyph>)> = used
        .into_iter()
        .map(|(face_id, slots)| {
            let glyphs = slots
                .into_iter()
                .enumerate()
                .skip(1)
                .filter_map(|(id, slot)| match slot {
                    GlyphText::Unused => None,
                    GlyphText::Unknown => Some((id as u16, None)),
                    GlyphText::Text(text) => Some((id as u16, Some(text))),
                })
                .collect();
            (face_id, glyphs)
        })
        .collect();
    let mut embedded = BTreeMap::new();
    let mut subsets = Vec::with_capacity(faces.len());
    let mut shared_cmap = None;
    for (index, (face_id, glyphs)) in faces.into_iter().enumerate() {
        let subset = plan_subset((fonts, cache), face_id, &glyphs);
        let encoding = subset
            .one_byte
            .then(|| *shared_cmap.get_or_insert_with(|| doc.add_object(one_byte_cmap(cache))));
        let objects = FontObjects {
            program: doc.new_object_id(),
            descriptor: doc.new_object_id(),
            cid_font: doc.new_object_id(),
            to_unicode: doc.new_object_id(),
            font: doc.new_object_id(),
        };
        let font = subset.embedded(format!("F{}", index + 1), objects.font, encoding.is_some());
        embedded.insert(face_id, font);
        subsets.push(PlannedSubset {
            subset,
            objects,
            encoding,
        });
    }
    FontPlan {
        fonts: EmbeddedFonts { fonts: embedded },
        subsets,
    }
}

/// By face, by glyph id: whether the glyph is used, and the text it shows
/// (as the first cluster that tells says).
type UsedGlyphs = BTreeMap<FaceId, Vec<GlyphText>>;

/// The glyphs `pages` use.
fn used_glyphs(pages: &[Page], fonts: &FontSet) -> UsedGlyphs {
    let mut used = UsedGlyphs::new();
    for run in runs(pages) {
        let face = fonts.face(run.face);
        let glyphs = used
            .entry(run.face)
            .or_insert_with(|| vec![GlyphText::Unused; face.glyph_count()]);
        // A glyph keeps the text it was first given: a run whose glyphs all
        // have theirs (most runs) has nothing to tell, and no clusters to
        // find.
        let known =
            |glyph: &PlacedGlyph| matches!(glyphs.get(glyph.id as usize), Some(GlyphText::Text(_)));
        if run.glyphs.iter().all(known) {
            continue;
        }
        for (range, bytes) in run.cluster_spans() {
            // The usual cluster, one glyph already known, costs nothing.
            if let [glyph] = &run.glyphs[range.clone()] {
                if matches!(glyphs.get(glyph.id as usize), Some(GlyphText::Text(_))) {
                    continue;
                }
            }
            let text = run.text.get(bytes).unwrap_or_default();
            for (id, candidate) in cluster_texts(face, &run.glyphs[range], text) {
                if let Some(slot) = glyphs.get_mut(id as usize) {
                    match (&slot, candidate) {
                        (GlyphText::Text(_), _) => {}
                        (_, Some(text)) => *slot = GlyphText::Text(text.into_boxed_str()),
                        (_, None) => *slot = GlyphText::Unknown,
                    }
                }
            }
        }
    }
    used
}

/// Adds the glyphs of later pages to `used`, as if they had been scanned
/// after it: a glyph keeps the text it was first given.
fn join_used(used: &mut UsedGlyphs, later: UsedGlyphs) {
    for (face, later_slots) in later {
        let Some(slots) = used.get_mut(&face) else {
            used.insert(face, later_slots);
            continue;
        };
        for (slot, later_slot) in slots.iter_mut().zip(later_slots) {
            match (&slot, later_slot) {
                (GlyphText::Text(_), _) | (_, GlyphText::Unused) => {}
                (_, GlyphText::Text(text)) => *slot = GlyphText::Text(text),
                (_, GlyphText::Unknown) => *slot = GlyphText::Unknown,
            }
        }
    }
}

/// The text each glyph of one cluster could stand for in the ToUnicode
/// map: a lone glyph, the cluster's text; of several, each the character
/// the font maps to it when the cluster has that character, and what the
/// cluster's text has left to the first glyph with none (a contextual form
/// under its mark).
fn cluster_texts(face: &Face, glyphs: &[PlacedGlyph], text: &str) -> Vec<(u16, Option<String>)> {
    if let [glyph] = glyphs {
        return vec![(glyph.id, Some(text.to_string()).filter(|t| !t.is_empty()))];
    }
    let mut left = text.to_string();
    let mut texts: Vec<(u16, Option<String>)> = glyphs
        .iter()
        .map(|glyph| {
            let own = face.char_of_glyph(glyph.id).and_then(|c| {
                let at = left.find(c)?;
                left.replace_range(at..at + c.len_utf8(), "");
                Some(c.to_string())
            });
            (glyph.id, own)
        })
        .collect();
    if let Some(first) = texts.iter_mut().find(|(_, own)| own.is_none()) {
        first.1 = Some(left).filter(|t| !t.is_empty());
    }
    texts
}

/// A glyph a document uses, and the text it shows if known.
type UsedGlyph = (u16, Option<Box<str>>);

/// A face's subset, planned: its glyphs, their new ids and widths, and
/// what each shows.
struct Subset {
    face: FaceId,
    /// The glyphs in subset order, with what each shows.
    order: Vec<UsedGlyph>,
    /// Old glyph ids in subset order (the subset's glyph 0 first).
    remapper: subsetter::GlyphRemapper,
    new_ids: Vec<u16>,
    /// By subset id, in thousandths of an em.
    widths: Vec<f32>,
    texts: BTreeMap<u16, Box<str>>,
    /// Whether fewer than 256 glyphs let codes be one byte each.
    one_byte: bool,
    /// The ToUnicode map, deflated.
    to_unicode: Vec<u8>,
}

/// Plans the subset of `face_id` that holds `glyphs`.
fn plan_subset(
    (fonts, cache): (&FontSet, &StreamCache),
    face_id: FaceId,
    glyphs: &[UsedGlyph],
) -> Subset {
    let face = fonts.face(face_id);
    // In character order, so neighbouring ids show neighbouring characters,
    // but with the space as glyph 32 when there are glyphs enough.
    let mut order = glyphs.to_vec();
    let first_char = |text: &Option<Box<str>>| {
        text.as_deref()
            .and_then(|t| t.chars().next())
            .map_or(u32::MAX, u32::from)
    };
    order.sort_by(|(a_id, a), (b_id, b)| {
        (first_char(a), a.as_deref().map(str::len), a_id).cmp(&(
            first_char(b),
            b.as_deref().map(str::len),
            b_id,
        ))
    });
    if order.len() > SPACE_ID as usize
        && order
            .first()
            .is_some_and(|(_, t)| t.as_deref() == Some(" "))
    {
        let space = order.remove(0);
        // Glyph 0 (.notdef) comes first in every subset, so index 31 is id 32.
        order.insert(SPACE_ID as usize - 1, space);
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    for (id, _) in &order {
        remapper.remap(*id);
    }
    let mut new_ids = vec![0; face.glyph_count()];
    let mut texts: BTreeMap<u16, Box<str>> = BTreeMap::new();
    for (old, text) in &order {
        if let Some(new) = remapper.get(*old) {
            new_ids[*old as usize] = new;
            if let Some(text) = text {
                texts.insert(new, text.clone());
            }
        }
    }
    let scale = 1000.0 / face.units_per_em;
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| face.nominal_advance(old) * scale)
        .collect();
    let one_byte = glyphs.len() < 256;
    let to_unicode = cache.deflate(to_unicode_cmap(&texts, one_byte).as_bytes());
    Subset {
        face: face_id,
        order,
        remapper,
        new_ids,
        widths,
        texts,
        one_byte,
        to_unicode,
    }
}

impl Subset {
    /// The font as the pages address it: resource `resource`, object
    /// `object`, one-byte codes or two.
    fn embedded(&self, resource: String, object: ObjectId, one_byte: bool) -> EmbeddedFont {
        let mut texts = vec![None; self.widths.len()];
        for (&id, text) in &self.texts {
            if let Some(slot) = texts.get_mut(id as usize) {
                *slot = Some(text.clone());
            }
        }
        EmbeddedFont {
            resource,
            object,
            new_ids: self.new_ids.clone(),
            widths: self.widths.clone(),
            one_byte,
            space_is_32: one_byte && self.texts.get(&SPACE_ID).is_some_and(|t| &**t == " "),
            texts,
        }
    }
}

/// The subset's font program: subset, slimmed and deflated, or from the
/// cache when a workbook before used the same glyphs.
fn program(
    (fonts, cache): (&FontSet, &StreamCache),
    subset: &Subset,
) -> Result<Arc<Program>, Error> {
    let face = fonts.face(subset.face);
    let key = (
        subset.face,
        subset.order.iter().map(|(id, _)| *id).collect(),
    );
    cache.program(key, || {
        let program = subsetter::subset(&face.file.bytes, 0, &subset.remapper).map_err(|e| {
            Error::in_file(
                face.file.name.clone(),
                format!("cannot subset this font: {e}"),
            )
        })?;
        let program = slim(&program);
        Ok(Program {
            deflated: compress(&program),
            length: program.len(),
        })
    })
}

/// Sets a subset font's objects at their reserved numbers: its program,
/// descriptor, CID font, ToUnicode map and Type 0 font, with codes of one
/// byte through the planned one-byte encoding, or else two.
fn add_face(doc: &mut Document, fonts: &FontSet, planned: PlannedSubset, program: &Program) {
    let PlannedSubset {
        subset,
        objects,
        encoding: one_byte_encoding,
    } = planned;
    let Subset {
        face: face_id,
        order,
        widths,
        to_unicode,
        ..
    } = subset;
    let face = fonts.face(face_id);
    let scale = 1000.0 / face.units_per_em;
    let name = format!(
        "{}+{}",
        subset_tag(&face.postscript_name, &order),
        face.postscript_name
    );
    // TrueType outlines are embedded as they are; PostScript (CFF)
    // outlines inside their OpenType file.
    let program_dict = if face.cff {
        dictionary! { "Subtype" => "OpenType", "Filter" => "FlateDecode" }
    } else {
        dictionary! { "Length1" => program.length as i64, "Filter" => "FlateDecode" }
    };
    doc.set_object(
        objects.program,
        Stream::new(program_dict, program.deflated.clone()),
    );
    let d = &face.descriptor;
    doc.set_object(objects.descriptor, dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(name.clone().into_bytes()),
        "Flags" => d.flags,
        "FontBBox" => d.bbox.iter().map(|v| Object::Integer((v * scale).round() as i64)).collect::<Vec<_>>(),
        "ItalicAngle" => Object::Real(d.italic_angle),
        "Ascent" => Object::Integer((face.ascender * scale).round() as i64),
        "Descent" => Object::Integer((face.descender * scale).round() as i64),
        "CapHeight" => Object::Integer((d.cap_height * scale).round() as i64),
        "StemV" => 80,
        if face.cff { "FontFile3" } else { "FontFile2" } => objects.program,
    });
    let width_array: Vec<Object> = widths.iter().map(|w| number(*w)).collect();
    let mut cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => if face.cff { "CIDFontType0" } else { "CIDFontType2" },
        "BaseFont" => Object::Name(name.clone().into_bytes()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => objects.descriptor,
        "W" => vec![Object::Integer(0), Object::Array(width_array)],
    };
    // The subset's glyph ids are its CIDs (CFF fonts are made CID-keyed
    // with that mapping); TrueType fonts say so.
    if !face.cff {
        cid_font.set("CIDToGIDMap", "Identity");
    }
    doc.set_object(objects.cid_font, cid_font);
    doc.set_object(
        objects.to_unicode,
        Stream::new(dictionary! { "Filter" => "FlateDecode" }, to_unicode),
    );
    let encoding = match one_byte_encoding {
        Some(cmap) => Object::Reference(cmap),
        None => "Identity-H".into(),
    };
    doc.set_object(
        objects.font,
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => Object::Name(name.into_bytes()),
            "Encoding" => encoding,
            "DescendantFonts" => vec![Object::Reference(objects.cid_font)],
            "ToUnicode" => objects.to_unicode,
        },
    );
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
fn subset_tag(postscript_name: &str, glyphs: &[UsedGlyph]) -> String {
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
fn one_byte_cmap(cache: &StreamCache) -> Stream {
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
        cache.deflate(program.as_bytes()),
    )
}

/// A ToUnicode CMap mapping each code (a subset glyph id, in one byte or
/// two) to its text: runs of consecutive codes showing consecutive single
/// characters as ranges.
fn to_unicode_cmap(codes: &BTreeMap<u16, Box<str>>, one_byte: bool) -> String {
    let hex = |code: u16| {
        if one_byte {
            format!("<{code:02X}>")
        } else {
            format!("<{code:04X}>")
        }
    };
    let single = |text: &str| {
        let mut chars = text.chars();
        chars.next().filter(|_| chars.next().is_none())
    };
    let mut ranges: Vec<(u16, u16, &str)> = Vec::new();
    for (&code, text) in codes {
        let c = single(text);
        match (ranges.last_mut(), c) {
            (Some((first, last, start)), Some(c))
                if *last + 1 == code
                    && single(start).is_some_and(|start| {
                        u32::from(start) + u32::from(code - *first) == u32::from(c)
                            && (u32::from(start) & 0xFF00) == (u32::from(c) & 0xFF00)
                    })
                    && (*first & 0xFF00) == (code & 0xFF00)
                    && u32::from(c) < 0xD800 =>
            {
                *last = code;
            }
            _ => ranges.push((code, code, text)),
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
        for (code, _, text) in block {
            let _ = writeln!(cmap, "{} <{}>", hex(*code), utf16_hex(text));
        }
        cmap.push_str("endbfchar\n");
    }
    for block in spans.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfrange", block.len());
        for (first, last, text) in block {
            let _ = writeln!(cmap, "{} {} <{}>", hex(*first), hex(*last), utf16_hex(text));
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// Text as UTF-16BE code units in hexadecimal.
pub fn utf16_hex(text: &str) -> String {
    text.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_give_a_glyph_text_only_when_earlier_ones_did_not() {
        use GlyphText::{Text, Unknown, Unused};
        let face = FaceId::Theme(crate::load::theme::FontRole::Regular);
        let other = FaceId::Theme(crate::load::theme::FontRole::Bold);
        let text = |t: &str| Text(t.into());
        let mut used =
            UsedGlyphs::from([(face, vec![text("a"), Unknown, Unused, Unused, Unknown])]);
        let later = UsedGlyphs::from([
            (face, vec![text("b"), text("c"), text("d"), Unknown, Unused]),
            (other, vec![text("e")]),
        ]);
        join_used(&mut used, later);
        assert_eq!(
            used[&face],
            vec![text("a"), text("c"), text("d"), Unknown, Unknown]
        );
        assert_eq!(used[&other], vec![text("e")]);
    }

    #[test]
    fn a_cluster_reads_as_its_text_only_when_the_map_gives_it_back() {
        // Old glyphs 10, 11, 12 are subset glyphs 1, 2, 3: "f", "i" and
        // one the map knows no text for.
        let mut new_ids = vec![0; 13];
        new_ids[10] = 1;
        new_ids[11] = 2;
        new_ids[12] = 3;
        let font = EmbeddedFont {
            resource: "F1".to_string(),
            object: (1, 0),
            new_ids,
            widths: vec![0.0; 4],
            one_byte: true,
            space_is_32: false,
            texts: vec![None, Some("f".into()), Some("i".into()), None],
        };
        let glyph = |id| PlacedGlyph {
            id,
            text_len: 1,
            extra: 0.0,
            offset: (0.0, 0.0),
        };
        let reads = |glyphs: &[PlacedGlyph], text: &str| font.reads_as(glyphs, text, 0..text.len());
        assert!(reads(&[glyph(10)], "f"));
        assert!(!reads(&[glyph(10)], "i"));
        assert!(!reads(&[glyph(10)], "fi"));
        assert!(reads(&[glyph(12)], ""));
        assert!(!reads(&[glyph(12)], "x"));
        assert!(reads(&[glyph(10), glyph(11)], "fi"));
        // Drawn before the letter it follows: the map reads them backwards.
        assert!(!reads(&[glyph(11), glyph(10)], "fi"));
        // A cluster is a part of its run's text.
        assert!(font.reads_as(&[glyph(11)], "fi", 1..2));
        assert!(!font.reads_as(&[glyph(10)], "fi", 1..2));
        // Bytes inside a character are no text.
        assert!(font.reads_as(&[glyph(12)], "é", 0..1));
        assert!(!font.reads_as(&[glyph(10)], "é", 0..1));
    }

    #[test]
    fn consecutive_glyphs_and_characters_become_ranges() {
        let chars: BTreeMap<u16, Box<str>> = [
            (1, "a"),
            (2, "b"),
            (3, "c"),
            (4, "x"),
            (6, "é"),
            (7, "😀"),
            (8, "لا"),
        ]
        .into_iter()
        .map(|(code, text)| (code, text.into()))
        .collect();
        let cmap = to_unicode_cmap(&chars, false);
        assert!(cmap.contains("<0000> <FFFF>\nendcodespacerange"));
        assert!(cmap.contains("1 beginbfrange\n<0001> <0003> <0061>\nendbfrange"));
        assert!(cmap.contains(
            "4 beginbfchar\n<0004> <0078>\n<0006> <00E9>\n<0007> <D83DDE00>\n<0008> <06440627>\n"
        ));
        let cmap = to_unicode_cmap(&chars, true);
        assert!(cmap.contains("<00> <FF>\nendcodespacerange"));
        assert!(cmap.contains("1 beginbfrange\n<01> <03> <0061>\nendbfrange"));
    }
}
