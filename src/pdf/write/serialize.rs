//! The document's objects to the bytes of a PDF file: every object that is
//! not a stream packed into compressed object streams, the streams as they
//! are, and a compressed cross-reference stream (narrow fields, PNG "up"
//! predictor). Written in one pass, in object-number order, so the same
//! objects always give the same bytes.

use std::io::Write;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::compress;
use super::tokens::{push_literal_byte, write_hex_byte, write_integer, write_number};

/// Real numbers are written to a ten-thousandth.
pub const REAL_SCALE: f32 = 10_000.0;

/// How many objects go into one object stream.
const OBJECTS_PER_STREAM: usize = 1000;

/// Where an object is: at a byte offset, or inside an object stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(usize),
    Packed { stream: u32, index: u32 },
}

/// Objects that are not streams, written as bytes ahead of the file rather
/// than built as lopdf objects (the structure tree's hundreds of elements).
#[derive(Default)]
pub struct Prewritten {
    bytes: Vec<u8>,
    /// Each object's number and where its bytes end.
    ends: Vec<(u32, usize)>,
}

impl Prewritten {
    /// Writes object `id` with `write`.
    pub fn object(&mut self, id: ObjectId, write: impl FnOnce(&mut Vec<u8>)) {
        write(&mut self.bytes);
        self.ends.push((id.0, self.bytes.len()));
    }

    /// The objects with their bytes, in order.
    fn iter(&self) -> impl Iterator<Item = (u32, &[u8])> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|(_, end)| *end));
        self.ends
            .iter()
            .zip(starts)
            .map(|(&(id, end), start)| (id, &self.bytes[start..end]))
    }
}

/// What goes into an object stream: a document object, or one written ahead.
enum Packable<'a> {
    Object(&'a Object),
    Bytes(&'a [u8]),
}

/// Serializes `doc` and the objects written ahead (version, objects, and
/// the trailer's /Root, /Info and /ID) as a PDF file.
pub fn save(doc: &Document, prewritten: &Prewritten) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    let _ = writeln!(out, "%PDF-{}", doc.version);
    // A comment of high bytes: the file is binary.
    out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
    let max_id = doc
        .objects
        .keys()
        .map(|(id, _)| *id)
        .chain(prewritten.ends.iter().map(|(id, _)| *id))
        .max()
        .unwrap_or(0);
    let mut next_id = max_id + 1;
    let mut entries = vec![Entry::Free; max_id as usize + 1];

    let (streams, objects): (Vec<_>, Vec<_>) = doc
        .objects
        .iter()
        .partition(|(_, object)| matches!(object, Object::Stream(_)));
    for ((id, _), object) in streams {
        entries[*id as usize] = Entry::At(out.len());
        write_indirect(&mut out, *id, object);
    }
    let mut packable: Vec<(u32, Packable)> = objects
        .into_iter()
        .map(|((id, _), object)| (*id, Packable::Object(object)))
        .chain(
            prewritten
                .iter()
                .map(|(id, bytes)| (id, Packable::Bytes(bytes))),
        )
        .collect();
    packable.sort_by_key(|(id, _)| *id);

    let mut body = Vec::new();
    for chunk in packable.chunks(OBJECTS_PER_STREAM) {
        let stream_id = next_id;
        next_id += 1;
        let mut header = Vec::new();
        body.clear();
        for (index, (id, object)) in chunk.iter().enumerate() {
            write_integer(&mut header, *id);
            header.push(b' ');
            write_integer(&mut header, body.len());
            header.push(b' ');
            match object {
                Packable::Object(object) => write_object(&mut body, object),
                Packable::Bytes(bytes) => body.extend_from_slice(bytes),
            }
            body.push(b'\n');
            entries[*id as usize] = Entry::Packed {
                stream: stream_id,
                index: index as u32,
            };
        }
        let first = header.len();
        header.extend_from_slice(&body);
        let deflated = compress(&header);
        entries.push(Entry::At(out.len()));
        let _ = write!(
            out,
            "{stream_id} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream\n",
            chunk.len(),
            deflated.len()
        );
        out.extend_from_slice(&deflated);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    let xref_id = next_id;
    let xref_offset = out.len();
    entries.push(Entry::At(xref_offset));
    let (widths, rows) = xref_rows(&entries);
    let deflated = compress(&rows);
    let _ = write!(out, "{xref_id} 0 obj\n<</Type/XRef/Size {}", entries.len());
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = doc.trailer.get(key) {
            write_name(&mut out, key);
            write_separated(&mut out, value);
        }
    }
    let _ = writeln!(
        out,
        "/W[{} {} {}]/Filter/FlateDecode/DecodeParms<</Columns {}/Predictor 12>>/Length {}>>stream",
        widths[0],
        widths[1],
        widths[2],
        widths.iter().sum::<usize>(),
        deflated.len()
    );
    out.extend_from_slice(&deflated);
    let _ = write!(out, "\nendstream\nendobj\nstartxref\n{xref_offset}\n%%EOF");
    out
}

/// The cross-reference rows with the narrowest field widths, each row
/// PNG-"up"-predicted from the one before.
fn xref_rows(entries: &[Entry]) -> ([usize; 3], Vec<u8>) {
    let fields: Vec<[u64; 3]> = entries
        .iter()
        .map(|entry| match *entry {
            Entry::Free => [0, 0, 0],
            Entry::At(offset) => [1, offset as u64, 0],
            Entry::Packed { stream, index } => [2, stream.into(), index.into()],
        })
        .collect();
    let width = |column: usize| {
        let max = fields.iter().map(|f| f[column]).max().unwrap_or(0);
        (8 - max.leading_zeros() as usize / 8).max(1)
    };
    let widths = [width(0), width(1), width(2)];
    let columns: usize = widths.iter().sum();
    let mut rows = Vec::with_capacity(fields.len() * (columns + 1));
    let mut previous = vec![0u8; columns];
    let mut current = Vec::with_capacity(columns);
    for row in &fields {
        current.clear();
        for (value, width) in row.iter().zip(widths) {
            current.extend_from_slice(&value.to_be_bytes()[8 - width..]);
        }
        rows.push(2);
        rows.extend(
            current
                .iter()
                .zip(&previous)
                .map(|(c, p)| c.wrapping_sub(*p)),
        );
        std::mem::swap(&mut previous, &mut current);
    }
    (widths, rows)
}

fn write_indirect(out: &mut Vec<u8>, id: u32, object: &Object) {
    let _ = writeln!(out, "{id} 0 obj");
    write_object(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

/// Writes an object. Delimiters separate tokens where they can; a space
/// is written only between two tokens that would otherwise run together.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Object::Integer(value) => write_integer(out, *value),
        Object::Real(value) => write_number(out, *value, REAL_SCALE),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => write_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for byte in bytes {
                write_hex_byte(out, *byte);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    write_separated(out, item);
                } else {
                    write_object(out, item);
                }
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", stream.content.len() as i64);
            write_dictionary(out, &dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => write_reference(out, *id),
    }
}

/// An indirect reference, `12 0 R`.
pub fn write_reference(out: &mut Vec<u8>, (id, generation): ObjectId) {
    write_integer(out, id);
    out.push(b' ');
    write_integer(out, generation);
    out.extend_from_slice(b" R");
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        write_separated(out, value);
    }
    out.extend_from_slice(b">>");
}

/// Writes `object` after a token, with a space first if the object starts
/// with a regular character (a number, keyword or reference).
pub fn write_separated(out: &mut Vec<u8>, object: &Object) {
    if matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    ) {
        out.push(b' ');
    }
    write_object(out, object);
}

/// A name, with `#xx` for bytes that are not regular characters.
pub fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        let delimiter = b"()<>[]{}/%#".contains(&byte);
        if (b'!'..=b'~').contains(&byte) && !delimiter {
            out.push(byte);
        } else {
            out.push(b'#');
            write_hex_byte(out, byte);
        }
    }
}

/// A literal string, escaping what PDF requires.
fn write_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &byte in bytes {
        push_literal_byte(out, byte);
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn document(pages: usize) -> Document {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let mut kids = Vec::new();
        for index in 0..pages {
            let content = doc.add_object(Stream::new(
                dictionary! { "Filter" => "FlateDecode" },
                compress(format!("BT /F1 12 Tf ({index}) Tj ET").as_bytes()),
            ));
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => vec![0.into(), 0.into(), Object::Real(595.28), Object::Real(841.89)],
                "Contents" => content,
                "Annots" => vec![Object::Dictionary(dictionary! {
                    "Contents" => Object::string_literal("a (note) \\ here\r"),
                    "T" => Object::String(vec![0xFE, 0xFF, 0, b'x'], StringFormat::Hexadecimal),
                    "Odd name" => "A/B#C",
                    "F" => 4,
                    "Flag" => true,
                    "Nothing" => Object::Null,
                })],
            });
            kids.push(Object::Reference(page));
        }
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Count" => pages as i64,
                "Kids" => kids,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        doc
    }

    fn save_doc(doc: &Document) -> Vec<u8> {
        save(doc, &Prewritten::default())
    }

    #[test]
    fn a_saved_document_reads_back_object_for_object() {
        let doc = document(1200);
        let bytes = save_doc(&doc);
        let read = Document::load_mem(&bytes).expect("lopdf reads it");
        assert_eq!(read.get_pages().len(), 1200);
        for (id, object) in &doc.objects {
            let mut expected = object.clone();
            if let Object::Stream(stream) = &mut expected {
                stream.dict.set("Length", stream.content.len() as i64);
            }
            assert_eq!(read.objects.get(id), Some(&expected), "object {id:?}");
        }
    }

    #[test]
    fn objects_written_ahead_read_back_among_the_documents_own() {
        let mut doc = document(2);
        let first = doc.new_object_id();
        let after = doc.add_object(dictionary! { "Last" => true });
        // The highest number of all, written ahead.
        let second = doc.new_object_id();
        let mut prewritten = Prewritten::default();
        // Written in any order, packed in object-number order.
        prewritten.object(second, |out| out.extend_from_slice(b"[1 2 0 R]"));
        prewritten.object(first, |out| out.extend_from_slice(b"<</S/P/K 3>>"));
        let read = Document::load_mem(&save(&doc, &prewritten)).expect("lopdf reads it");
        assert_eq!(
            read.get_object(first).ok(),
            Some(&Object::Dictionary(dictionary! { "S" => "P", "K" => 3 }))
        );
        assert_eq!(
            read.get_object(second).ok(),
            Some(&Object::Array(vec![1.into(), Object::Reference((2, 0))]))
        );
        assert_eq!(
            read.get_object(after).ok(),
            Some(&Object::Dictionary(dictionary! { "Last" => true }))
        );
        assert_eq!(read.get_pages().len(), 2);
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        assert_eq!(save_doc(&document(3)), save_doc(&document(3)));
    }

    #[test]
    fn tokens_are_separated_only_where_needed() {
        let mut out = Vec::new();
        write_object(
            &mut out,
            &Object::Dictionary(dictionary! {
                "A" => vec![1.into(), Object::Real(2.5), "N".into(), Object::Reference((3, 0))],
                "B" => Object::Real(-0.125),
            }),
        );
        assert_eq!(
            String::from_utf8(out).expect("ASCII"),
            "<</A[1 2.5/N 3 0 R]/B -0.125>>"
        );
    }
}
