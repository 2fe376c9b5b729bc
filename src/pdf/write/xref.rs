//! A smaller cross-reference stream. lopdf writes it uncompressed with
//! seven bytes an object; this rewrites it, in place at the end of the
//! file, with the narrowest field widths, the PNG "up" predictor (rows of
//! neighbouring objects differ in a byte or two) and deflate. Nothing
//! before the stream moves, so every offset stays valid.

use super::compress;

/// Rewrites the cross-reference stream at the end of `pdf`; a file whose
/// tail is not what lopdf writes is left as it is.
pub fn compress_xref_stream(pdf: &mut Vec<u8>) {
    if let Some(rewritten) = rewrite(pdf) {
        *pdf = rewritten;
    }
}

fn rewrite(pdf: &[u8]) -> Option<Vec<u8>> {
    let startxref = rfind(pdf, b"startxref")?;
    let offset: usize = std::str::from_utf8(&pdf[startxref + 9..])
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let object = pdf.get(offset..startxref)?;
    let dict_start = find(object, b"<<")?;
    let dict_end = find(object, b">>stream\n")?;
    let dict = std::str::from_utf8(&object[dict_start + 2..dict_end]).ok()?;
    if !dict.contains("/Type/XRef") || dict.contains("/Filter") {
        return None;
    }
    let widths = numbers_after(dict, "/W[")?;
    let length = *numbers_after(dict, "/Length ")?.first()?;
    let data_start = dict_end + b">>stream\n".len();
    let data = object.get(data_start..data_start + length)?;
    let row: usize = widths.iter().sum();
    if widths.len() != 3 || row == 0 || data.len() % row != 0 {
        return None;
    }

    let entries: Vec<[u64; 3]> = data
        .chunks(row)
        .map(|chunk| {
            let mut fields = [0u64; 3];
            let mut at = 0;
            for (field, &width) in fields.iter_mut().zip(&widths) {
                *field = chunk[at..at + width]
                    .iter()
                    .fold(0, |value, &byte| value << 8 | u64::from(byte));
                at += width;
            }
            fields
        })
        .collect();
    let narrow: Vec<usize> = (0..3)
        .map(|column| bytes_needed(entries.iter().map(|e| e[column]).max().unwrap_or(0)))
        .collect();
    let columns: usize = narrow.iter().sum();
    let mut predicted = Vec::with_capacity(entries.len() * (columns + 1));
    let mut previous = vec![0u8; columns];
    for entry in &entries {
        let mut current = Vec::with_capacity(columns);
        for (value, &width) in entry.iter().zip(&narrow) {
            current.extend_from_slice(&value.to_be_bytes()[8 - width..]);
        }
        predicted.push(2);
        predicted.extend(
            current
                .iter()
                .zip(&previous)
                .map(|(c, p)| c.wrapping_sub(*p)),
        );
        previous = current;
    }
    let deflated = compress(&predicted);

    let kept: String = dict
        .split('/')
        .filter(|entry| !entry.is_empty())
        .filter(|entry| !entry.starts_with("W[") && !entry.starts_with("Length "))
        .map(|entry| format!("/{entry}"))
        .collect();
    let mut out = pdf[..offset + dict_start].to_vec();
    out.extend_from_slice(
        format!(
            "<<{kept}/W[{} {} {}]/Filter/FlateDecode/DecodeParms<</Columns {columns}/Predictor 12>>/Length {}>>stream\n",
            narrow[0],
            narrow[1],
            narrow[2],
            deflated.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&deflated);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{offset}\n%%EOF").as_bytes());
    Some(out)
}

/// The whole numbers right after `key`, up to the next `]`, `/` or `>`.
fn numbers_after(dict: &str, key: &str) -> Option<Vec<usize>> {
    let start = dict.find(key)? + key.len();
    let rest = &dict[start..];
    let end = rest.find([']', '/', '>']).unwrap_or(rest.len());
    rest[..end]
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect()
}

fn bytes_needed(value: u64) -> usize {
    (8 - value.leading_zeros() as usize / 8).max(1)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Document, Object, SaveOptions};

    fn saved(objects: usize) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let mut kids = Vec::new();
        for _ in 0..objects {
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages,
                "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            });
            kids.push(Object::Reference(page));
        }
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Count" => objects as i64,
                "Kids" => kids,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        let options = SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .build();
        doc.save_with_options(&mut bytes, options).expect("saves");
        bytes
    }

    #[test]
    fn the_rewritten_file_reads_back_the_same_and_is_smaller() {
        let original = saved(300);
        let mut rewritten = original.clone();
        compress_xref_stream(&mut rewritten);
        assert!(
            rewritten.len() + 1000 < original.len(),
            "{} -> {}",
            original.len(),
            rewritten.len()
        );
        let before = Document::load_mem(&original).expect("original loads");
        let after = Document::load_mem(&rewritten).expect("rewritten loads");
        assert_eq!(after.get_pages().len(), 300);
        assert_eq!(after.objects.len(), before.objects.len());
        let is_xref = |object: &Object| {
            object
                .as_stream()
                .is_ok_and(|stream| stream.dict.has_type(b"XRef"))
        };
        for (id, object) in before.objects.iter().filter(|(_, o)| !is_xref(o)) {
            assert_eq!(after.objects.get(id), Some(object), "object {id:?}");
        }
    }

    #[test]
    fn a_tail_it_does_not_know_is_left_alone() {
        let mut other =
            b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n<<>>\nstartxref\n9\n%%EOF"
                .to_vec();
        let copy = other.clone();
        compress_xref_stream(&mut other);
        assert_eq!(other, copy);
    }

    #[test]
    fn fields_take_the_fewest_bytes() {
        assert_eq!(bytes_needed(0), 1);
        assert_eq!(bytes_needed(255), 1);
        assert_eq!(bytes_needed(256), 2);
        assert_eq!(bytes_needed(70_000), 3);
    }
}
