//! A subset TrueType font made smaller for embedding, without changing a
//! glyph: hinting goes (the `fpgm`, `prep` and `cvt ` tables and every
//! glyph's instructions, about half of a subset's bytes; hints tune outlines
//! to a screen's pixel grid, and PDF viewers and printers draw embedded
//! fonts well without them), the `name` table keeps only the font's names,
//! copyright and licence address, and `post` drops its glyph names.
//!
//! Anything this code does not understand is left as it was: the input is
//! returned unchanged.

/// The slimmed font, or `font` itself if it is not a TrueType font this
/// code can read.
pub fn slim(font: &[u8]) -> Vec<u8> {
    rebuild(font).unwrap_or_else(|| font.to_vec())
}

const DROPPED: [&[u8; 4]; 3] = [b"cvt ", b"fpgm", b"prep"];

struct Table<'a> {
    tag: [u8; 4],
    data: std::borrow::Cow<'a, [u8]>,
}

fn rebuild(font: &[u8]) -> Option<Vec<u8>> {
    let count = read_u16(font, 4)? as usize;
    let mut tables = Vec::with_capacity(count);
    for index in 0..count {
        let record = 12 + index * 16;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = read_u32(font, record + 8)? as usize;
        let length = read_u32(font, record + 12)? as usize;
        let data = font.get(offset..offset.checked_add(length)?)?;
        tables.push(Table {
            tag,
            data: data.into(),
        });
    }
    let find = |tables: &[Table<'_>], tag: &[u8; 4]| tables.iter().position(|t| &t.tag == tag);
    let (head, loca, glyf) = (
        find(&tables, b"head")?,
        find(&tables, b"loca")?,
        find(&tables, b"glyf")?,
    );
    let long_offsets = read_u16(&tables[head].data, 50)? == 1;
    let offsets = read_loca(&tables[loca].data, long_offsets)?;
    let mut new_glyf = Vec::with_capacity(tables[glyf].data.len());
    let mut new_offsets = Vec::with_capacity(offsets.len());
    for pair in offsets.windows(2) {
        new_offsets.push(new_glyf.len());
        let glyph = tables[glyf].data.get(pair[0]..pair[1])?;
        if !glyph.is_empty() {
            strip_glyph(glyph, &mut new_glyf)?;
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_offsets.push(new_glyf.len());
    let mut new_loca = Vec::with_capacity(new_offsets.len() * 4);
    for offset in new_offsets {
        if long_offsets {
            new_loca.extend_from_slice(&(offset as u32).to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u16::try_from(offset / 2).ok()?.to_be_bytes());
        }
    }
    tables[glyf].data = new_glyf.into();
    tables[loca].data = new_loca.into();
    if let Some(name) = find(&tables, b"name") {
        tables[name].data = kept_names(&tables[name].data)?.into();
    }
    if let Some(post) = find(&tables, b"post") {
        tables[post].data = without_glyph_names(&tables[post].data)?.into();
    }
    tables.retain(|t| !DROPPED.contains(&&t.tag));
    Some(write_font(font, &tables))
}

/// The name records kept: copyright (0), family (1), subfamily (2),
/// PostScript name (6) and licence address (14).
const KEPT_NAMES: [u16; 5] = [0, 1, 2, 6, 14];

/// A format 0 `name` table with only the kept records.
fn kept_names(name: &[u8]) -> Option<Vec<u8>> {
    let count = read_u16(name, 2)? as usize;
    let storage = read_u16(name, 4)? as usize;
    let mut records = Vec::new();
    let mut strings = Vec::new();
    for index in 0..count {
        let record = name.get(6 + index * 12..18 + index * 12)?;
        if !KEPT_NAMES.contains(&read_u16(record, 6)?) {
            continue;
        }
        let length = read_u16(record, 8)? as usize;
        let offset = storage + read_u16(record, 10)? as usize;
        let text = name.get(offset..offset + length)?;
        records.extend_from_slice(&record[..8]);
        records.extend_from_slice(&(length as u16).to_be_bytes());
        records.extend_from_slice(&u16::try_from(strings.len()).ok()?.to_be_bytes());
        strings.extend_from_slice(text);
    }
    let kept = (records.len() / 12) as u16;
    let mut out = Vec::with_capacity(6 + records.len() + strings.len());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&kept.to_be_bytes());
    out.extend_from_slice(&(6 + kept * 12).to_be_bytes());
    out.extend_from_slice(&records);
    out.extend_from_slice(&strings);
    Some(out)
}

/// A format 3 `post` table: the original's metrics, no glyph names.
fn without_glyph_names(post: &[u8]) -> Option<Vec<u8>> {
    let mut out = post.get(..32)?.to_vec();
    out[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    Some(out)
}

fn read_loca(loca: &[u8], long_offsets: bool) -> Option<Vec<usize>> {
    if long_offsets {
        loca.chunks_exact(4)
            .map(|c| Some(u32::from_be_bytes(c.try_into().ok()?) as usize))
            .collect()
    } else {
        loca.chunks_exact(2)
            .map(|c| Some(u16::from_be_bytes(c.try_into().ok()?) as usize * 2))
            .collect()
    }
}

/// Copies one glyph's description without its instructions (nor the
/// padding after it: each glyph is padded afresh).
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let contours = read_u16(glyph, 0)? as i16;
    if contours >= 0 {
        let instructions_at = 10 + 2 * contours as usize;
        let length = read_u16(glyph, instructions_at)? as usize;
        let points_at = instructions_at + 2 + length;
        let points = match contours {
            0 => 0,
            _ => read_u16(glyph, instructions_at - 2)? as usize + 1,
        };
        // Should the points not read as a glyph's, all that follows is kept.
        let end = points_end(glyph, points_at, points).unwrap_or(glyph.len());
        out.extend_from_slice(glyph.get(..instructions_at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(glyph.get(points_at..end)?);
        return Some(());
    }
    // A composite glyph: components, then instructions if the last
    // component says so.
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAS_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAS_XY_SCALE: u16 = 0x0040;
    const HAS_TWO_BY_TWO: u16 = 0x0080;
    const HAS_INSTRUCTIONS: u16 = 0x0100;
    out.extend_from_slice(glyph.get(..10)?);
    let mut at = 10;
    loop {
        let flags = read_u16(glyph, at)?;
        let mut length = 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        length += if flags & HAS_SCALE != 0 {
            2
        } else if flags & HAS_XY_SCALE != 0 {
            4
        } else if flags & HAS_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        let flags_at = out.len();
        out.extend_from_slice(glyph.get(at..at + length)?);
        out[flags_at..flags_at + 2].copy_from_slice(&(flags & !HAS_INSTRUCTIONS).to_be_bytes());
        at += length;
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    Some(())
}

/// Where a simple glyph's data ends: after the flags of its `points`
/// (starting at `at`) and their x and y coordinates, which the flags say
/// are one byte, two or none each.
fn points_end(glyph: &[u8], at: usize, points: usize) -> Option<usize> {
    const X_SHORT: u8 = 0x02;
    const Y_SHORT: u8 = 0x04;
    const REPEAT: u8 = 0x08;
    const X_SAME_OR_POSITIVE: u8 = 0x10;
    const Y_SAME_OR_POSITIVE: u8 = 0x20;
    let coordinate = |flag: u8, short: u8, same: u8| match (flag & short != 0, flag & same != 0) {
        (true, _) => 1,
        (false, true) => 0,
        (false, false) => 2,
    };
    let (mut at, mut read, mut coordinates) = (at, 0, 0);
    while read < points {
        let flag = *glyph.get(at)?;
        at += 1;
        let times = if flag & REPEAT != 0 {
            at += 1;
            1 + usize::from(*glyph.get(at - 1)?)
        } else {
            1
        };
        read += times;
        coordinates += times
            * (coordinate(flag, X_SHORT, X_SAME_OR_POSITIVE)
                + coordinate(flag, Y_SHORT, Y_SAME_OR_POSITIVE));
    }
    let end = at + coordinates;
    (read == points && end <= glyph.len()).then_some(end)
}

/// An sfnt file of `tables`, with the original's version, a fresh table
/// directory and checksums.
fn write_font(original: &[u8], tables: &[Table<'_>]) -> Vec<u8> {
    let count = tables.len() as u16;
    let mut out = Vec::new();
    out.extend_from_slice(&original[..4]);
    let entry_selector = 15 - count.max(1).leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    for value in [
        count,
        search_range,
        entry_selector,
        count * 16 - search_range,
    ] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + tables.len() * 16;
    let mut body = Vec::new();
    for table in tables {
        out.extend_from_slice(&table.tag);
        out.extend_from_slice(&checksum(&table.data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(table.data.len() as u32).to_be_bytes());
        body.extend_from_slice(&table.data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + tables.len() * 16 + body.len();
    }
    out.extend_from_slice(&body);
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_font() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/fonts/NotoSerif-Regular.ttf"
        );
        std::fs::read(path).expect("the default theme's font")
    }

    #[test]
    fn outlines_metrics_and_names_stay_while_hints_go() {
        let font = theme_font();
        let unhinted = slim(&font);
        assert!(
            unhinted.len() < font.len() * 4 / 5,
            "{} of {}",
            unhinted.len(),
            font.len()
        );
        let before = ttf_parser::Face::parse(&font, 0).expect("the original parses");
        let after = ttf_parser::Face::parse(&unhinted, 0).expect("the result parses");
        assert_eq!(before.number_of_glyphs(), after.number_of_glyphs());
        let names = |face: &ttf_parser::Face<'_>| -> Vec<(u16, Option<String>)> {
            face.names()
                .into_iter()
                .map(|n| (n.name_id, n.to_string()))
                .collect()
        };
        let kept: Vec<_> = names(&before)
            .into_iter()
            .filter(|(id, _)| KEPT_NAMES.contains(id))
            .collect();
        assert!(kept.iter().any(|(id, name)| *id == 6 && name.is_some()));
        assert_eq!(names(&after), kept);
        assert_eq!(before.italic_angle(), after.italic_angle());
        let raw = after.raw_face();
        for tag in DROPPED {
            assert!(raw.table(ttf_parser::Tag::from_bytes(tag)).is_none());
        }
        // Simple glyphs and composites (accented letters) alike.
        for c in ['a', 'É', '&', 'ŵ', 'ǻ'] {
            let id = before.glyph_index(c).expect("the font has it");
            assert_eq!(outline(&before, id), outline(&after, id), "{c}");
            assert_eq!(
                before.glyph_hor_advance(id),
                after.glyph_hor_advance(id),
                "{c}"
            );
        }
    }

    /// A glyph's outline as a list of drawing commands.
    fn outline(face: &ttf_parser::Face<'_>, id: ttf_parser::GlyphId) -> Vec<String> {
        struct Commands(Vec<String>);
        impl ttf_parser::OutlineBuilder for Commands {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0.push(format!("M{x},{y}"));
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0.push(format!("L{x},{y}"));
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                self.0.push(format!("Q{x1},{y1},{x},{y}"));
            }
            fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.0.push(format!("C{x1},{y1},{x2},{y2},{x},{y}"));
            }
            fn close(&mut self) {
                self.0.push("Z".to_string());
            }
        }
        let mut commands = Commands(Vec::new());
        face.outline_glyph(id, &mut commands);
        assert!(!commands.0.is_empty(), "glyph {id:?} has an outline");
        commands.0
    }

    #[test]
    fn glyphs_end_where_their_points_do() {
        let unhinted = slim(&theme_font());
        let face = ttf_parser::Face::parse(&unhinted, 0).expect("the result parses");
        let raw = face.raw_face();
        let table = |tag: &[u8; 4]| {
            raw.table(ttf_parser::Tag::from_bytes(tag))
                .expect("a table")
        };
        let (glyf, loca) = (table(b"glyf"), table(b"loca"));
        let long_offsets = read_u16(table(b"head"), 50) == Some(1);
        let offsets = read_loca(loca, long_offsets).expect("offsets");
        let mut simple = 0;
        for pair in offsets.windows(2) {
            let glyph = &glyf[pair[0]..pair[1]];
            let Some(contours) = read_u16(glyph, 0).map(|c| c as i16).filter(|c| *c > 0) else {
                continue;
            };
            let at = 10 + 2 * contours as usize;
            assert_eq!(read_u16(glyph, at), Some(0), "no instructions");
            let points = read_u16(glyph, at - 2).expect("last point") as usize + 1;
            let end = points_end(glyph, at + 2, points).expect("the points read");
            // Only the padding to four bytes follows.
            assert!(
                glyph.len() - end < 4,
                "{} bytes after the points",
                glyph.len() - end
            );
            simple += 1;
        }
        assert!(simple > 1000, "{simple} simple glyphs");
    }

    #[test]
    fn what_cannot_be_read_is_returned_unchanged() {
        assert_eq!(slim(b"not a font"), b"not a font");
    }
}
