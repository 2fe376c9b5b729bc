//! Images in chapters (`![alt](path)`) and on the cover (`logo`): PNG and
//! JPEG files, read, checked and prepared once per run, then shared by
//! every workbook. A JPEG is kept as it is (PDF and browsers draw it
//! directly); a PNG is decoded to 8-bit samples, compressed, with its
//! transparency apart, as PDF draws images.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use flate2::write::ZlibEncoder;
use flate2::Compression;

use crate::load::folder::Folder;

/// The most pixels an image may have: a 24-megapixel photo, far beyond
/// what a printed page shows, and a bound on the memory decoding takes.
pub const MAX_PIXELS: u64 = 25_000_000;

/// A checked image.
#[derive(Debug, PartialEq)]
pub struct Image {
    /// How messages name the file.
    pub name: String,
    /// Size in pixels.
    pub width: u32,
    pub height: u32,
    pub pixels: Pixels,
    /// The file as written, for the HTML's data URL.
    pub bytes: Vec<u8>,
    /// The file as a `data:` URL, made once for every page that shows it.
    data_url: OnceLock<String>,
}

/// An image's pixels, as a PDF holds them.
#[derive(Debug, PartialEq)]
pub enum Pixels {
    /// A JPEG file of greyscale (1) or colour (3) components, drawn as
    /// it is.
    Jpeg { components: u8 },
    /// 8-bit samples, row by row, zlib-compressed: grey or RGB, with the
    /// alpha of each pixel apart when some pixel is not opaque.
    Samples {
        colour: bool,
        zlib: Vec<u8>,
        alpha_zlib: Option<Vec<u8>>,
    },
}

impl Image {
    /// The MIME type of the file.
    pub fn media_type(&self) -> &'static str {
        if self.bytes.starts_with(PNG_SIGNATURE) {
            "image/png"
        } else {
            "image/jpeg"
        }
    }

    /// The file as a `data:` URL, so an HTML page holding it stays one file.
    pub fn data_url(&self) -> &str {
        self.data_url.get_or_init(|| {
            use base64::Engine as _;
            format!(
                "data:{};base64,{}",
                self.media_type(),
                base64::engine::general_purpose::STANDARD.encode(&self.bytes)
            )
        })
    }

    /// Reads and checks an image file's bytes; the error says what is wrong.
    pub fn decode(name: String, bytes: Vec<u8>) -> Result<Image, String> {
        let (width, height, pixels) = if bytes.starts_with(PNG_SIGNATURE) {
            decode_png(&bytes)?
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            decode_jpeg(&bytes)?
        } else {
            return Err("is not a PNG or JPEG image".to_string());
        };
        Ok(Image {
            name,
            width,
            height,
            pixels,
            bytes,
            data_url: OnceLock::new(),
        })
    }
}

/// In the IR's snapshots an image is its file and size.
impl serde::Serialize for Image {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut image = serializer.serialize_struct("Image", 3)?;
        image.serialize_field("name", &self.name)?;
        image.serialize_field("width", &self.width)?;
        image.serialize_field("height", &self.height)?;
        image.end()
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("is an empty image (no pixels)".to_string());
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "is {width} × {height} pixels; images may have up to {} million",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

fn decode_png(bytes: &[u8]) -> Result<(u32, u32, Pixels), String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let unreadable = |e: png::DecodingError| format!("is not a readable PNG image ({e})");
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or("is too large to decode")?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(unreadable)?;
    buffer.truncate(frame.buffer_size());
    let (channels, colour) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (2, false),
        png::ColorType::Rgb => (3, true),
        png::ColorType::Rgba => (4, true),
        png::ColorType::Indexed => return Err("has a palette that could not be expanded".into()),
    };
    let has_alpha = channels % 2 == 0;
    // The alpha channel only when some pixel is not opaque.
    let alpha: Option<Vec<u8>> = has_alpha
        .then(|| {
            buffer
                .chunks_exact(channels)
                .map(|p| p[channels - 1])
                .collect()
        })
        .filter(|alpha: &Vec<u8>| alpha.iter().any(|&a| a != 255));
    let samples = if has_alpha {
        buffer
            .chunks_exact(channels)
            .flat_map(|p| &p[..channels - 1])
            .copied()
            .collect()
    } else {
        buffer
    };
    let alpha_zlib = alpha.map(|alpha| zlib(&alpha));
    Ok((
        width,
        height,
        Pixels::Samples {
            colour,
            zlib: zlib(&samples),
            alpha_zlib,
        },
    ))
}

fn decode_jpeg(bytes: &[u8]) -> Result<(u32, u32, Pixels), String> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let unreadable =
        |e: zune_jpeg::errors::DecodeErrors| format!("is not a readable JPEG image ({e})");
    let mut decoder = zune_jpeg::JpegDecoder::new(ZCursor::new(bytes));
    decoder.decode_headers().map_err(unreadable)?;
    let info = decoder.info().ok_or("is not a readable JPEG image")?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_size(width, height)?;
    match info.components {
        // Greyscale and colour JPEGs are drawn as they are; the whole file
        // is decoded once to be sure it can be.
        1 | 3 => {
            decoder.decode().map_err(unreadable)?;
            Ok((
                width,
                height,
                Pixels::Jpeg {
                    components: info.components,
                },
            ))
        }
        // CMYK and YCCK files differ in how they store ink: decoded to RGB.
        _ => {
            let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
            let mut decoder =
                zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
            let samples = decoder.decode().map_err(unreadable)?;
            Ok((
                width,
                height,
                Pixels::Samples {
                    colour: true,
                    zlib: zlib(&samples),
                    alpha_zlib: None,
                },
            ))
        }
    }
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// The images of a project's chapters, each read once on first use.
#[derive(Debug)]
pub struct Images {
    folder: Folder,
    cache: Mutex<HashMap<String, Result<Arc<Image>, String>>>,
}

impl Images {
    /// The images below `folder` (the chapters' folder).
    pub fn new(folder: Folder) -> Images {
        Images {
            folder,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The image `destination` (as written in a chapter) of the chapter
    /// whose path in the folder is `chapter`; the error says what is wrong,
    /// for the caller to place at the chapter's line.
    pub fn get(&self, chapter: &str, destination: &str) -> Result<Arc<Image>, String> {
        let relative = resolve(chapter, destination)?;
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cache
            .entry(relative.clone())
            .or_insert_with(|| {
                let bytes = self.folder.read(&relative).map_err(|e| {
                    format!("cannot read the image `{destination}`: {}", e.message())
                })?;
                Image::decode(self.folder.name(&relative), bytes)
                    .map(Arc::new)
                    .map_err(|problem| format!("the image `{destination}` {problem}"))
            })
            .clone()
    }
}

/// The path in the chapters' folder of the image `destination` written in
/// `chapter`: relative to the chapter's own folder, `%20` and the like
/// decoded, `.` and `..` resolved.
fn resolve(chapter: &str, destination: &str) -> Result<String, String> {
    let lower = destination.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return Err(format!(
            "the image `{destination}` is on the web; prepbook never goes online while it \
             builds: download it next to the chapter and write its file name"
        ));
    }
    let scheme = destination.split_once(':').map(|(scheme, _)| scheme);
    if scheme.is_some_and(|s| s.len() > 1 && s.chars().all(|c| c.is_ascii_alphabetic())) {
        return Err(format!(
            "the image `{}` is not a file; save it as a PNG or JPEG file next to the chapter",
            shorten(destination)
        ));
    }
    if destination.starts_with('/') {
        return Err(format!(
            "the image `{destination}` has an absolute path; write it relative to the chapter"
        ));
    }
    let decoded = percent_decode(destination);
    let mut parts: Vec<&str> = chapter.split('/').collect();
    parts.pop();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!(
                        "the image `{destination}` is outside the chapters' folder; keep \
                         images beside the chapters (in content/ or a folder inside it)"
                    ));
                }
            }
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_chapter_and_stay_inside() {
        assert_eq!(resolve("01.md", "chart.png").as_deref(), Ok("chart.png"));
        assert_eq!(
            resolve("part/02.md", "./img/My%20chart.png").as_deref(),
            Ok("part/img/My chart.png")
        );
        assert_eq!(
            resolve("part/02.md", "../logo.jpg").as_deref(),
            Ok("logo.jpg")
        );
        assert!(resolve("01.md", "../secret.png").is_err());
        assert!(resolve("01.md", "/img/x.png").is_err());
        let web = resolve("01.md", "https://example.org/x.png").expect_err("remote");
        assert!(web.contains("download"), "{web}");
        assert!(resolve("01.md", "data:image/png;base64,AAAA").is_err());
    }

    fn png(colour: png::ColorType, pixels: &[u8], width: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        let height = pixels.len() as u32 / width / colour.samples() as u32;
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(colour);
        let mut writer = encoder.write_header().expect("header");
        writer.write_image_data(pixels).expect("pixels");
        writer.finish().expect("finish");
        bytes
    }

    fn inflate(data: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .expect("zlib");
        out
    }

    #[test]
    fn a_png_is_split_into_samples_and_alpha_only_when_needed() {
        // The samples as they inflate: colour or grey, pixels, and alpha.
        let samples = |image: &Image| match &image.pixels {
            Pixels::Samples {
                colour,
                zlib,
                alpha_zlib,
            } => (*colour, inflate(zlib), alpha_zlib.as_deref().map(inflate)),
            Pixels::Jpeg { .. } => panic!("samples"),
        };
        let translucent = png(png::ColorType::Rgba, &[255, 0, 0, 128, 0, 0, 255, 255], 2);
        let image = Image::decode("a.png".into(), translucent).expect("valid");
        assert_eq!((image.width, image.height), (2, 1));
        assert_eq!(
            samples(&image),
            (true, vec![255, 0, 0, 0, 0, 255], Some(vec![128, 255]))
        );
        let opaque = png(png::ColorType::GrayscaleAlpha, &[10, 255, 20, 255], 2);
        let image = Image::decode("b.png".into(), opaque).expect("valid");
        assert_eq!(samples(&image), (false, vec![10, 20], None));
        assert_eq!(image.media_type(), "image/png");
    }

    #[test]
    fn what_is_not_an_image_says_so() {
        let text = Image::decode("x.png".into(), b"hello".to_vec()).expect_err("text");
        assert!(text.contains("not a PNG or JPEG"), "{text}");
        let mut broken = PNG_SIGNATURE.to_vec();
        broken.extend_from_slice(b"\0\0\0\rIHDR");
        let broken = Image::decode("x.png".into(), broken).expect_err("truncated");
        assert!(broken.contains("not a readable PNG"), "{broken}");
        let jpeg = Image::decode("x.jpg".into(), vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 1])
            .expect_err("truncated");
        assert!(jpeg.contains("not a readable JPEG"), "{jpeg}");
    }
}
