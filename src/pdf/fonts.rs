//! The theme's fonts, parsed once per run: glyph ids and advance widths for
//! measuring, plus the bytes that are subset and embedded per document.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rustybuzz::ttf_parser::Tag;

use crate::diagnostics::Error;
use crate::load::theme::{FontFile, FontFiles, FontRole};

/// Which of the theme's faces a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    /// The face the theme names for a role.
    Theme(FontRole),
    /// The n-th fallback font of the theme.
    Fallback(u8),
}

impl FaceId {
    /// The face's place in [`FontFiles::all`].
    fn index(self) -> usize {
        match self {
            FaceId::Theme(role) => role.index(),
            FaceId::Fallback(n) => FontRole::ALL.len() + n as usize,
        }
    }
}

/// A glyph of a face: its id and advance in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    pub id: u16,
    pub advance: u16,
}

/// A glyph from shaping: its id, its advance in font units (kerning
/// included) and the byte offset of its character in the shaped text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedGlyph {
    pub id: u16,
    pub advance: i32,
    pub cluster: u32,
}

/// One parsed font face.
pub struct Face {
    /// The file, for embedding and for messages.
    pub file: FontFile,
    pub units_per_em: f32,
    /// The PostScript name, shown as the font's name in the PDF.
    pub postscript_name: String,
    /// Ascender and descender in font units (descender is negative).
    pub ascender: f32,
    pub descender: f32,
    /// What a PDF font descriptor says about the face.
    pub descriptor: Descriptor,
    /// The face parsed once for shaping and lookups.
    parsed: ParsedFace,
    /// Glyphs of the characters below [`DIRECT_LOOKUP`], by code point.
    direct: Vec<Option<Glyph>>,
    /// Shaping plans by direction and script, made on first use.
    plans: Mutex<Vec<(PlanKey, Arc<rustybuzz::ShapePlan>)>>,
}

/// Characters looked up through a table rather than the font's `cmap`:
/// Latin, Greek and Cyrillic, what workbooks mostly show.
const DIRECT_LOOKUP: u32 = 0x0530;

/// What a shaping plan is made for.
type PlanKey = (rustybuzz::Direction, rustybuzz::Script);

type RustybuzzFace<'a> = rustybuzz::Face<'a>;

self_cell::self_cell!(
    /// A font file's bytes with the rustybuzz face that reads them, so the
    /// face is parsed once per run rather than once per shaped word.
    struct ParsedFace {
        owner: Arc<Vec<u8>>,
        #[covariant]
        dependent: RustybuzzFace,
    }
);

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("file", &self.file.name)
            .finish()
    }
}

impl Face {
    fn parse(file: &FontFile) -> Result<Face, Error> {
        let parsed = ParsedFace::try_new(file.bytes.clone(), |bytes| {
            rustybuzz::Face::from_slice(bytes, 0).ok_or(())
        })
        .map_err(|()| Error::in_file(file.name.clone(), "not a usable TrueType/OpenType font"))?;
        let face = parsed.borrow_dependent();
        let has_unicode_map = face
            .tables()
            .cmap
            .is_some_and(|cmap| cmap.subtables.into_iter().any(|s| s.is_unicode()));
        if !has_unicode_map {
            return Err(Error::in_file(
                file.name.clone(),
                "font has no Unicode character map",
            ));
        }
        let direct = (0..DIRECT_LOOKUP)
            .map(|code| {
                let id = face.glyph_index(char::from_u32(code)?)?;
                Some(Glyph {
                    id: id.0,
                    advance: face.glyph_hor_advance(id).unwrap_or(0),
                })
            })
            .collect();
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|name| name.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|name| name.to_string())
            .filter(|name| name.chars().all(|c| c.is_ascii_graphic()))
            .unwrap_or_else(|| "Font".to_string());
        let descriptor = Descriptor::of(face);
        let (units_per_em, ascender, descender) = (
            face.units_per_em() as f32,
            face.ascender() as f32,
            face.descender() as f32,
        );
        Ok(Face {
            descriptor,
            postscript_name,
            file: file.clone(),
            units_per_em,
            ascender,
            descender,
            direct,
            parsed,
            plans: Mutex::new(Vec::new()),
        })
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<Glyph> {
        if let Some(glyph) = self.direct.get(c as usize) {
            return *glyph;
        }
        let face = self.parsed.borrow_dependent();
        let id = face.glyph_index(c)?;
        Some(Glyph {
            id: id.0,
            advance: face.glyph_hor_advance(id).unwrap_or(0),
        })
    }

    /// Shapes `text` (kerning on, ligatures off so every glyph keeps its
    /// own character for copy and paste).
    fn shape(&self, text: &str) -> Vec<ShapedGlyph> {
        let face = self.parsed.borrow_dependent();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let plan = self.plan(&buffer);
        let shaped = rustybuzz::shape_with_plan(face, &plan, buffer);
        shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, position)| ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: position.x_advance,
                cluster: info.cluster,
            })
            .collect()
    }

    /// The shaping plan for the buffer's direction and script.
    fn plan(&self, buffer: &rustybuzz::UnicodeBuffer) -> Arc<rustybuzz::ShapePlan> {
        let key = (buffer.direction(), buffer.script());
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, plan)) = plans.iter().find(|(k, _)| *k == key) {
            return plan.clone();
        }
        let features = [
            rustybuzz::Feature::new(Tag::from_bytes(b"liga"), 0, ..),
            rustybuzz::Feature::new(Tag::from_bytes(b"clig"), 0, ..),
        ];
        let plan = Arc::new(rustybuzz::ShapePlan::new(
            self.parsed.borrow_dependent(),
            key.0,
            Some(key.1),
            None,
            &features,
        ));
        plans.push((key, plan.clone()));
        plan
    }

    /// The advance a PDF viewer gives glyph `id`, in font units: shaping
    /// (kerning) differs from it, and the difference is written as offsets.
    pub fn nominal_advance(&self, id: u16) -> f32 {
        let face = self.parsed.borrow_dependent();
        face.glyph_hor_advance(ttf_parser::GlyphId(id)).unwrap_or(0) as f32
    }

    /// How many glyphs the face has.
    pub fn glyph_count(&self) -> usize {
        self.parsed.borrow_dependent().number_of_glyphs() as usize
    }

    /// Converts font units to points at `size`.
    pub fn to_points(&self, units: f32, size: f32) -> f32 {
        units / self.units_per_em * size
    }
}

/// A face's metrics for its PDF font descriptor, in font units.
#[derive(Debug, Clone, PartialEq)]
pub struct Descriptor {
    /// The bounding box of all glyphs: left, bottom, right, top.
    pub bbox: [f32; 4],
    pub italic_angle: f32,
    pub cap_height: f32,
    /// The descriptor's `/Flags`: fixed pitch, serif, italic, nonsymbolic.
    pub flags: i64,
}

impl Descriptor {
    fn of(face: &ttf_parser::Face<'_>) -> Descriptor {
        let rect = face.global_bounding_box();
        let italic_angle = face.italic_angle();
        let serif = face
            .names()
            .into_iter()
            .filter(|name| name.name_id == ttf_parser::name_id::FAMILY)
            .find_map(|name| name.to_string())
            .is_some_and(|family| family.contains("Serif") && !family.contains("Sans"));
        let mut flags = 1 << 5; // nonsymbolic: the standard Latin characters
        if face.is_monospaced() {
            flags |= 1;
        }
        if serif {
            flags |= 1 << 1;
        }
        if italic_angle != 0.0 || face.is_italic() {
            flags |= 1 << 6;
        }
        Descriptor {
            bbox: [
                rect.x_min as f32,
                rect.y_min as f32,
                rect.x_max as f32,
                rect.y_max as f32,
            ],
            italic_angle,
            cap_height: face
                .capital_height()
                .map_or(face.ascender() as f32 * 0.7, |h| h as f32),
            flags,
        }
    }
}

/// Every face of a theme, parsed.
#[derive(Debug)]
pub struct FontSet {
    faces: Vec<Face>,
    /// Tells font sets apart in the per-thread shaping cache.
    id: usize,
}

/// Shaped words are reused across paragraphs and profiles; a workbook's
/// vocabulary is small, so the cache stays small. Keyed by font set and
/// face, then by text (looked up without allocating a key).
type ShapeCache = FxHashMap<(usize, FaceId), FxHashMap<Box<str>, Arc<[ShapedGlyph]>>>;

thread_local! {
    static SHAPE_CACHE: RefCell<ShapeCache> = RefCell::new(FxHashMap::default());
}

/// Entries after which a thread's cache starts over.
const SHAPE_CACHE_LIMIT: usize = 100_000;

static NEXT_FONT_SET_ID: AtomicUsize = AtomicUsize::new(0);

impl FontSet {
    /// Parses the theme's font files.
    pub fn load(files: &FontFiles) -> Result<FontSet, Error> {
        let faces = files
            .all()
            .iter()
            .map(Face::parse)
            .collect::<Result<_, _>>()?;
        Ok(FontSet {
            faces,
            id: NEXT_FONT_SET_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Shapes `text` in `face`, from the cache when it was shaped before.
    pub fn shape(&self, face: FaceId, text: &str) -> Arc<[ShapedGlyph]> {
        SHAPE_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let words = cache.entry((self.id, face)).or_default();
            if let Some(shaped) = words.get(text) {
                return shaped.clone();
            }
            let shaped: Arc<[ShapedGlyph]> = self.face(face).shape(text).into();
            if words.len() >= SHAPE_CACHE_LIMIT {
                words.clear();
            }
            words.insert(text.into(), shaped.clone());
            shaped
        })
    }

    /// A face by id.
    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.index().min(self.faces.len() - 1)]
    }

    /// The glyph for `c` in `face`, else in the regular face, else in the
    /// first fallback font that has it.
    pub fn resolve(&self, face: FaceId, c: char) -> Option<(FaceId, Glyph)> {
        if let Some(glyph) = self.face(face).glyph(c) {
            return Some((face, glyph));
        }
        self.fallback(c)
    }

    /// The glyph for `c` from the regular face or a fallback font; for an
    /// emoji that no font has in black and white, its text twin (see
    /// [`text_twin`]).
    pub fn fallback(&self, c: char) -> Option<(FaceId, Glyph)> {
        let find = |c: char| {
            if let Some(glyph) = self.face(FaceId::Theme(FontRole::Regular)).glyph(c) {
                return Some((FaceId::Theme(FontRole::Regular), glyph));
            }
            (0..self.faces.len().saturating_sub(FontRole::ALL.len())).find_map(|n| {
                let id = FaceId::Fallback(n as u8);
                self.face(id).glyph(c).map(|glyph| (id, glyph))
            })
        };
        find(c).or_else(|| text_twin(c).and_then(find))
    }
}

/// The black-and-white symbol drawn for an emoji that exists only in colour
/// fonts: ✅ as ✔ and ❌ or ❎ as ✘ (the meaning is the same on paper).
pub fn text_twin(c: char) -> Option<char> {
    match c {
        '\u{2705}' => Some('\u{2714}'),
        '\u{274C}' | '\u{274E}' => Some('\u{2718}'),
        _ => None,
    }
}
