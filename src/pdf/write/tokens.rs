//! PDF's tokens as bytes, shared by the content streams and the file's
//! objects: integers, hexadecimal bytes, numbers rounded to the precision
//! written, and the bytes of literal strings.

/// Writes an integer in decimal (without the formatting machinery, which
/// costs more than the digits in a page of numbers).
pub fn write_integer(out: &mut Vec<u8>, value: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// Writes a byte as two upper-case hexadecimal digits.
pub fn write_hex_byte(out: &mut Vec<u8>, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        DIGITS[usize::from(byte >> 4)],
        DIGITS[usize::from(byte & 15)],
    ]);
}

/// The characters PDFDocEncoding has at 0x80 to 0x9E (ISO 32000-1, annex
/// D): bullet, daggers, ellipsis, dashes, florin, fraction slash, single
/// guillemets, minus, per mille, quotes, trade mark, ligatures and the
/// letters Latin-1 lacks.
const PDF_DOC_HIGH: [char; 31] = [
    '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}', '\u{2044}',
    '\u{2039}', '\u{203A}', '\u{2212}', '\u{2030}', '\u{201E}', '\u{201C}', '\u{201D}', '\u{2018}',
    '\u{2019}', '\u{201A}', '\u{2122}', '\u{FB01}', '\u{FB02}', '\u{0141}', '\u{0152}', '\u{0160}',
    '\u{0178}', '\u{017D}', '\u{0131}', '\u{0142}', '\u{0153}', '\u{0161}', '\u{017E}',
];

/// The byte of `c` in PDFDocEncoding, the one-byte encoding of text
/// strings, if it has one: printable ASCII and the line feed,
/// Latin-1 from U+00A1 (but the soft hyphen, which it leaves undefined),
/// the euro sign at 0xA0 and [`PDF_DOC_HIGH`].
pub fn pdf_doc_byte(c: char) -> Option<u8> {
    match c {
        '\n' | ' '..='~' | '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{FF}' => u8::try_from(c).ok(),
        '\u{20AC}' => Some(0xA0),
        _ => PDF_DOC_HIGH
            .iter()
            .position(|&high| high == c)
            .and_then(|at| u8::try_from(0x80 + at).ok()),
    }
}

/// `value` in whole `1 / scale`s, as [`write_number`] writes it.
pub fn scaled(value: f32, scale: f32) -> i64 {
    (f64::from(value) * f64::from(scale)).round() as i64
}

/// Writes `value` rounded to `1 / scale`, without trailing zeros.
pub fn write_number(out: &mut Vec<u8>, value: f32, scale: f32) {
    let scaled = scaled(value, scale);
    let scale = scale as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let magnitude = scaled.unsigned_abs();
    let (whole, mut fraction) = (magnitude / scale as u64, magnitude % scale as u64);
    write_integer(out, whole);
    if fraction != 0 {
        out.push(b'.');
        let mut digit_value = scale as u64 / 10;
        while fraction != 0 && digit_value != 0 {
            out.push(b'0' + (fraction / digit_value) as u8);
            fraction %= digit_value;
            digit_value /= 10;
        }
    }
}

/// One byte of a literal string, escaped where PDF requires it (and a
/// carriage return, which readers would otherwise turn into a line feed).
#[inline]
pub fn push_literal_byte(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.push(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_hex_bytes_are_written_as_pdf_reads_them() {
        let mut out = Vec::new();
        write_integer(&mut out, -42i64);
        out.push(b' ');
        write_integer(&mut out, 1_000_000usize);
        out.push(b' ');
        for byte in [0x00, 0x0A, 0xFE] {
            write_hex_byte(&mut out, byte);
        }
        assert_eq!(out, b"-42 1000000 000AFE");
    }

    fn number(value: f32, scale: f32) -> String {
        let mut out = Vec::new();
        write_number(&mut out, value, scale);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn numbers_are_short_and_exact_to_their_precision() {
        assert_eq!(number(12.0, 100.0), "12");
        assert_eq!(number(12.5, 100.0), "12.5");
        assert_eq!(number(-0.125, 100.0), "-0.13");
        assert_eq!(number(0.004, 100.0), "0");
        assert_eq!(number(841.89, 100.0), "841.89");
        assert_eq!(number(0.07, 100.0), "0.07");
        assert_eq!(number(0.1216, 1000.0), "0.122");
    }

    #[test]
    fn pdf_doc_bytes_read_back_as_their_characters() {
        let representable: String = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| pdf_doc_byte(c).is_some())
            .collect();
        // Every byte but the controls other than the line feed (and the
        // spacing accents at 0x18 to 0x1F, left to UTF-16), 0x9F and 0xAD.
        assert_eq!(representable.chars().count(), 256 - 31 - 1 - 1 - 1);
        // lopdf reads no control character back: the line feed is checked
        // by the workbook's fields.
        for c in representable.chars().filter(|&c| c != '\n') {
            let byte = pdf_doc_byte(c).expect("representable");
            let string = lopdf::Object::String(vec![byte], lopdf::StringFormat::Literal);
            let read = lopdf::decode_text_string(&string).expect("decodes");
            assert_eq!(read, c.to_string(), "{c:?} as {byte:#04x}");
        }
        for c in [
            '\0', '\u{7}', '\u{7F}', '\u{A0}', '\u{AD}', '\u{100}', 'ő', '\u{2C7}',
        ] {
            assert_eq!(pdf_doc_byte(c), None, "{c:?}");
        }
    }

    #[test]
    fn literal_strings_escape_what_pdf_requires() {
        let mut out = Vec::new();
        for byte in [b'(', b'a', b')', b'\\', b'\r', 0] {
            push_literal_byte(&mut out, byte);
        }
        assert_eq!(out, b"\\(a\\)\\\\\\r\0");
    }
}
