//! The theme's fonts, parsed once per run: glyph ids and advance widths for
//! measuring, plus the bytes that are subset and embedded per document.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use harfrust::Tag;

use crate::diagnostics::Error;
use crate::load::folder::FileBytes;
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

/// A glyph from shaping: its id, its advance and offsets in font units
/// (kerning and mark positioning included) and the byte offset of the
/// first character of its cluster in the shaped text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedGlyph {
    pub id: u16,
    pub advance: i32,
    /// The glyph's own advance (`hmtx`), which a PDF viewer moves by:
    /// kerning is the difference.
    pub nominal: u16,
    /// How far the glyph is drawn right of and above the pen, without
    /// moving it (a mark placed on its base).
    pub x_offset: i32,
    pub y_offset: i32,
    pub cluster: u32,
}

/// What shaping needs to know about a piece of text besides its letters:
/// its direction, its script and its language (for the forms a language
/// prefers, such as Urdu digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShapeProps {
    pub rtl: bool,
    pub script: harfrust::Script,
    /// A BCP 47 tag.
    pub language: Option<Arc<str>>,
}

/// Text around the shaped piece that its first and last letters may join
/// with (an Arabic word split between two styles).
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub before: &'a str,
    pub after: &'a str,
}

impl Context<'_> {
    fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty()
    }
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
    /// The weight class (400 regular, 700 bold) and slant, to pick the
    /// fallback font closest to a face.
    weight: u16,
    italic: bool,
    /// The face parsed once for glyph lookups and metrics.
    parsed: ParsedFace,
    /// The same bytes read by the shaper (HarfRust keeps its own tables).
    shaper: harfrust::Font,
    /// Glyphs of the characters below [`DIRECT_LOOKUP`], by code point,
    /// made on first use (a theme's fallback fonts are seldom used).
    direct: OnceLock<Vec<Option<Glyph>>>,
    /// Shaping plans by direction, script and language, made on first use.
    plans: Mutex<Vec<(ShapeProps, Arc<Plan>)>>,
    /// The character each glyph shows on its own, made on first use.
    glyph_chars: OnceLock<Vec<Option<char>>>,
    /// Whether the outlines are CFF (PostScript), which PDF embeds
    /// differently from TrueType outlines.
    pub cff: bool,
}

/// A shaping plan with the language it was made for, parsed once.
struct Plan {
    plan: harfrust::ShapePlan,
    language: Option<harfrust::Language>,
}

/// Optional ligatures off, so that Latin glyphs keep their own characters.
const SHAPING_FEATURES: [harfrust::Feature; 2] = [
    harfrust::Feature {
        tag: Tag::new(b"liga"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
    harfrust::Feature {
        tag: Tag::new(b"clig"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
];

/// The direction shaping runs in.
fn direction(props: &ShapeProps) -> harfrust::Direction {
    if props.rtl {
        harfrust::Direction::RightToLeft
    } else {
        harfrust::Direction::LeftToRight
    }
}

/// Characters looked up through a table rather than the font's `cmap`:
/// Latin, Greek and Cyrillic, what workbooks mostly show.
const DIRECT_LOOKUP: u32 = 0x0530;

type TtfFace<'a> = ttf_parser::Face<'a>;

self_cell::self_cell!(
    /// A font file's bytes with the ttf-parser face that reads them, so the
    /// face is parsed once per run rather than once per lookup.
    struct ParsedFace {
        owner: Arc<FileBytes>,
        #[covariant]
        dependent: TtfFace,
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
        let unusable = |why: &dyn std::fmt::Display| {
            Error::in_file(
                file.name.clone(),
                format!("not a usable TrueType/OpenType font: {why}"),
            )
            .with_help("point the theme at a .ttf or .otf file, or restore this one")
        };
        let parsed = ParsedFace::try_new(file.bytes.clone(), |bytes| {
            ttf_parser::Face::parse(bytes, 0)
        })
        .map_err(|error| unusable(&error))?;
        // Tables are read when asked for: one that ends past the file's end
        // would only show as a missing table later.
        let raw = parsed.borrow_dependent().raw_face();
        let whole = raw.data.len() as u64;
        if let Some(cut) = raw
            .table_records
            .into_iter()
            .find(|table| u64::from(table.offset) + u64::from(table.length) > whole)
        {
            let why = format!(
                "the file is cut short (its `{}` table ends past it)",
                cut.tag
            );
            return Err(unusable(&why));
        }
        let blob: Arc<dyn AsRef<[u8]> + Send + Sync> = file.bytes.clone();
        let shaper = harfrust::Font::new(harfrust::font::Blob::from(blob), 0)
            .ok_or_else(|| unusable(&"the shaper cannot read its tables"))?;
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
        let postscript_name = face
            .names()
            .into_iter()
            .filter(|name| name.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|name| name.to_string())
            .filter(|name| name.chars().all(|c| c.is_ascii_graphic()))
            .unwrap_or_else(|| "Font".to_string());
        let descriptor = Descriptor::of(face);
        let cff = face.tables().cff.is_some();
        let weight = face.weight().to_number();
        let italic = face.is_italic() || face.italic_angle() != 0.0;
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
            direct: OnceLock::new(),
            parsed,
            shaper,
            plans: Mutex::new(Vec::new()),
            glyph_chars: OnceLock::new(),
            cff,
            weight,
            italic,
        })
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<Glyph> {
        let direct = self.direct.get_or_init(|| {
            let face = self.parsed.borrow_dependent();
            (0..DIRECT_LOOKUP)
                .map(|code| {
                    let id = face.glyph_index(char::from_u32(code)?)?;
                    Some(Glyph {
                        id: id.0,
                        advance: face.glyph_hor_advance(id).unwrap_or(0),
                    })
                })
                .collect()
        });
        if let Some(glyph) = direct.get(c as usize) {
            return *glyph;
        }
        let face = self.parsed.borrow_dependent();
        let id = face.glyph_index(c)?;
        Some(Glyph {
            id: id.0,
            advance: face.glyph_hor_advance(id).unwrap_or(0),
        })
    }

    /// Shapes `text` as `props` say (kerning on, optional ligatures off so
    /// that Latin glyphs keep their own characters), returning its glyphs
    /// in logical order: right-to-left text comes back first letter first.
    fn shape(&self, text: &str, context: Context<'_>, props: &ShapeProps) -> Vec<ShapedGlyph> {
        thread_local! {
            /// One buffer per thread, its allocations kept between words.
            static BUFFER: RefCell<harfrust::Buffer> = RefCell::new(harfrust::Buffer::new());
        }
        let plan = self.plan(props);
        BUFFER.with_borrow_mut(|buffer| {
            buffer.reset();
            buffer.set_pre_context(context.before);
            buffer.push_str(text);
            buffer.set_post_context(context.after);
            buffer.set_direction(direction(props));
            buffer.set_script(Some(props.script));
            buffer.set_language(plan.language.clone());
            let options = harfrust::ShapeOptions::new()
                .plan(Some(&plan.plan))
                .features(&SHAPING_FEATURES);
            let shaper = harfrust::ShaperFont::new(&self.shaper);
            if harfrust::shape(&shaper, buffer, options).is_err() {
                // The plan is made for these very properties, so this is
                // not reached; the text then measures as nothing rather
                // than panic.
                return Vec::new();
            }
            let face = self.parsed.borrow_dependent();
            let mut glyphs: Vec<ShapedGlyph> = buffer
                .glyph_infos()
                .iter()
                .zip(buffer.glyph_positions())
                .map(|(info, position)| {
                    let id = u16::try_from(info.glyph_id).unwrap_or(0);
                    ShapedGlyph {
                        id,
                        advance: position.x_advance,
                        nominal: face.glyph_hor_advance(ttf_parser::GlyphId(id)).unwrap_or(0),
                        x_offset: position.x_offset,
                        y_offset: position.y_offset,
                        cluster: info.cluster,
                    }
                })
                .collect();
            if props.rtl {
                glyphs.reverse();
            }
            glyphs
        })
    }

    /// The shaping plan for `props`, with its language parsed.
    fn plan(&self, props: &ShapeProps) -> Arc<Plan> {
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, plan)) = plans.iter().find(|(k, _)| k == props) {
            return plan.clone();
        }
        let language: Option<harfrust::Language> =
            props.language.as_deref().and_then(|tag| tag.parse().ok());
        let plan = Arc::new(Plan {
            plan: harfrust::ShapePlan::new(
                &self.shaper,
                direction(props),
                Some(props.script),
                language.as_ref(),
                &SHAPING_FEATURES,
            ),
            language,
        });
        plans.push((props.clone(), plan.clone()));
        plan
    }

    /// The character glyph `id` stands for on its own (through the font's
    /// character map), if any: the lowest, when several share it.
    pub fn char_of_glyph(&self, id: u16) -> Option<char> {
        let chars = self.glyph_chars.get_or_init(|| {
            let face = self.parsed.borrow_dependent();
            let mut chars = vec![None; face.number_of_glyphs() as usize];
            let Some(cmap) = face.tables().cmap else {
                return chars;
            };
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|code| {
                    let Some(c) = char::from_u32(code) else {
                        return;
                    };
                    if let Some(glyph) = subtable.glyph_index(code) {
                        if let Some(slot) = chars.get_mut(glyph.0 as usize) {
                            if slot.is_none_or(|old: char| c < old) {
                                *slot = Some(c);
                            }
                        }
                    }
                });
            }
            chars
        });
        chars.get(id as usize).copied().flatten()
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
    /// For each face (by index), the faces tried in turn for what it lacks.
    chains: Vec<Vec<FaceId>>,
    /// Tells font sets apart in the per-thread shaping cache.
    id: usize,
    /// Words shaped by any thread, looked in when a thread's own cache
    /// misses: the chapters of one workbook are laid out on several
    /// threads, and most words are in more than one.
    shared: Mutex<SharedShapes>,
}

/// The words of a font set shaped so far, by face and how they are shaped.
type SharedShapes = FxHashMap<FaceId, Words>;

/// Shaped words are reused across paragraphs and profiles; a workbook's
/// vocabulary is small, so the cache stays small. Keyed by font set, face
/// and how the text is shaped, then by text (looked up without allocating
/// a key).
type ShapeCache = FxHashMap<(usize, FaceId), Words>;

/// Shaped text by how it is shaped, then by the text.
type Words = FxHashMap<ShapeProps, FxHashMap<Box<str>, Arc<[ShapedGlyph]>>>;

thread_local! {
    static SHAPE_CACHE: RefCell<ShapeCache> = RefCell::new(FxHashMap::default());
}

/// Entries after which a thread's cache starts over.
const SHAPE_CACHE_LIMIT: usize = 100_000;

static NEXT_FONT_SET_ID: AtomicUsize = AtomicUsize::new(0);

impl FontSet {
    /// Parses the theme's font files.
    pub fn load(files: &FontFiles) -> Result<FontSet, Error> {
        let faces: Vec<Face> = files
            .all()
            .iter()
            .map(Face::parse)
            .collect::<Result<_, _>>()?;
        let ids: Vec<FaceId> = FontRole::ALL
            .iter()
            .map(|role| FaceId::Theme(*role))
            .chain((0..faces.len() - FontRole::ALL.len()).map(|n| FaceId::Fallback(n as u8)))
            .collect();
        let chains = ids
            .iter()
            .map(|&id| fallback_chain(&faces, &ids, id))
            .collect();
        Ok(FontSet {
            faces,
            chains,
            id: NEXT_FONT_SET_ID.fetch_add(1, Ordering::Relaxed),
            shared: Mutex::default(),
        })
    }

    /// Shapes `text` in `face` as `props` say, in logical order; from the
    /// cache when it was shaped before without context.
    pub fn shape(
        &self,
        face: FaceId,
        text: &str,
        context: Context<'_>,
        props: &ShapeProps,
    ) -> Arc<[ShapedGlyph]> {
        if !context.is_empty() {
            return self.face(face).shape(text, context, props).into();
        }
        SHAPE_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let by_props = cache.entry((self.id, face)).or_default();
            if let Some(shaped) = by_props.get(props).and_then(|words| words.get(text)) {
                return shaped.clone();
            }
            let shaped = self.shape_shared(face, text, props);
            remember(by_props, props, text, &shaped);
            shaped
        })
    }

    /// Shapes `text` without context, or takes it from the words any
    /// thread has shaped.
    fn shape_shared(&self, face: FaceId, text: &str, props: &ShapeProps) -> Arc<[ShapedGlyph]> {
        let lock = || self.shared.lock().unwrap_or_else(|p| p.into_inner());
        let known = lock()
            .get(&face)
            .and_then(|by_props| by_props.get(props))
            .and_then(|words| words.get(text))
            .cloned();
        if let Some(shaped) = known {
            return shaped;
        }
        let shaped: Arc<[ShapedGlyph]> = self
            .face(face)
            .shape(text, Context::default(), props)
            .into();
        remember(lock().entry(face).or_default(), props, text, &shaped);
        shaped
    }

    /// Tells this font set apart from others in caches kept per thread.
    pub fn id(&self) -> usize {
        self.id
    }

    /// The faces tried, in order, for text set in `face`: the face itself,
    /// the regular face, then the fallback fonts, those closest in weight
    /// and slant first (a bold fallback for bold text), else as listed.
    pub fn fallback_chain(&self, face: FaceId) -> &[FaceId] {
        &self.chains[face.index().min(self.chains.len() - 1)]
    }

    /// A face by id.
    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.index().min(self.faces.len() - 1)]
    }

    /// The glyph for `c` in `face`, else in the first face of its
    /// fallback chain that has it.
    pub fn resolve(&self, face: FaceId, c: char) -> Option<(FaceId, Glyph)> {
        self.fallback_chain(face)
            .iter()
            .find_map(|&id| self.face(id).glyph(c).map(|glyph| (id, glyph)))
    }
}

/// Keeps `shaped` as the shape of `text`, starting the words shaped this
/// way over when there are too many.
fn remember(by_props: &mut Words, props: &ShapeProps, text: &str, shaped: &Arc<[ShapedGlyph]>) {
    let words = match by_props.get_mut(props) {
        Some(words) => words,
        None => by_props.entry(props.clone()).or_default(),
    };
    if words.len() >= SHAPE_CACHE_LIMIT {
        words.clear();
    }
    words.insert(text.into(), shaped.clone());
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

/// The chain of [`FontSet::fallback_chain`] for `face`, among `faces`
/// (whose ids are `ids`).
fn fallback_chain(faces: &[Face], ids: &[FaceId], face: FaceId) -> Vec<FaceId> {
    let regular = FaceId::Theme(FontRole::Regular);
    let wanted = &faces[face.index()];
    let mut fallbacks: Vec<FaceId> = ids
        .iter()
        .copied()
        .filter(|id| matches!(id, FaceId::Fallback(_)) && *id != face)
        .collect();
    fallbacks.sort_by_key(|id| {
        let candidate = &faces[id.index()];
        u32::from(candidate.italic != wanted.italic) * 1000
            + u32::from(candidate.weight.abs_diff(wanted.weight))
    });
    std::iter::once(face)
        .chain((face != regular).then_some(regular))
        .chain(fallbacks)
        .collect()
}
