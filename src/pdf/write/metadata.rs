//! The document's XMP metadata stream: title, author, language and dates
//! as readers and PDF/UA expect them (the title in `dc:title`, which is
//! what a reader announces), and the PDF/UA-1 identifier.

use std::fmt::Write;

use lopdf::{dictionary, Document, ObjectId, Stream};

use crate::html::escape;

use super::PdfInfo;

/// Adds the metadata stream; returns its id for the catalog. The stream
/// is left uncompressed, as XMP is meant to be readable by any tool.
pub fn add_metadata(doc: &mut Document, info: &PdfInfo<'_>) -> ObjectId {
    let packet = xmp_packet(info);
    doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        packet.into_bytes(),
    ))
}

fn xmp_packet(info: &PdfInfo<'_>) -> String {
    let meta = info.meta;
    let date = xmp_date(info.timestamp);
    let mut xmp = String::with_capacity(1536);
    xmp.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    xmp.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    xmp.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    xmp.push_str("<rdf:Description rdf:about=\"\"");
    xmp.push_str(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"");
    xmp.push_str(" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"");
    xmp.push_str(" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    xmp.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n");
    let _ = writeln!(
        xmp,
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
        escape(&meta.title)
    );
    if !meta.person.is_empty() {
        let _ = writeln!(
            xmp,
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            escape(&meta.person)
        );
    }
    let _ = writeln!(
        xmp,
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
        escape(&meta.language)
    );
    xmp.push_str("<dc:format>application/pdf</dc:format>\n");
    if let Some(date) = &date {
        let _ = writeln!(xmp, "<xmp:CreateDate>{date}</xmp:CreateDate>");
        let _ = writeln!(xmp, "<xmp:ModifyDate>{date}</xmp:ModifyDate>");
    }
    xmp.push_str("<xmp:CreatorTool>prepbook</xmp:CreatorTool>\n");
    let _ = writeln!(
        xmp,
        "<pdf:Producer>prepbook {}</pdf:Producer>",
        env!("CARGO_PKG_VERSION")
    );
    xmp.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    xmp.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    xmp.push_str("<?xpacket end=\"r\"?>");
    xmp
}

/// A Unix time as an XMP date (ISO 8601, UTC).
fn xmp_date(timestamp: i64) -> Option<String> {
    let date = printpdf::OffsetDateTime::from_unix_timestamp(timestamp).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        date.year(),
        u8::from(date.month()),
        date.day(),
        date.hour(),
        date.minute(),
        date.second()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_text_cannot_become_xml() {
        assert_eq!(
            escape("Ana <b>&</b> \"Lee\""),
            "Ana &lt;b&gt;&amp;&lt;/b&gt; &quot;Lee&quot;"
        );
    }

    #[test]
    fn dates_are_iso_8601_in_utc() {
        assert_eq!(xmp_date(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            xmp_date(1_795_000_000).as_deref(),
            Some("2026-11-18T11:06:40Z")
        );
    }
}
