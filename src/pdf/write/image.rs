//! The document's images as image XObjects, each written once however
//! often it is drawn: a JPEG file as it is (`DCTDecode`), other images as
//! their compressed samples with the transparency as a soft mask. The
//! bytes were prepared when the image was read (`load::image`), so a
//! cohort pays for compression once.

use std::sync::Arc;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use crate::load::image::{Image, Pixels};
use crate::pdf::layout::page::{Item, Page};

/// The images of a document and their resource names (`Im1`, ...).
#[derive(Default)]
pub struct EmbeddedImages {
    images: Vec<(Arc<Image>, String, ObjectId)>,
}

impl EmbeddedImages {
    /// The resource name of an image drawn on the pages.
    pub fn name(&self, image: &Arc<Image>) -> Option<&str> {
        self.images
            .iter()
            .find(|(known, _, _)| Arc::ptr_eq(known, image))
            .map(|(_, name, _)| name.as_str())
    }

    /// The pages' `/XObject` resources; `None` without images.
    pub fn resources(&self) -> Option<Dictionary> {
        (!self.images.is_empty()).then(|| {
            self.images
                .iter()
                .map(|(_, name, id)| (name.clone(), Object::Reference(*id)))
                .collect()
        })
    }
}

/// Adds every image drawn on `pages` to `doc`, in the order first drawn.
pub fn embed_images(doc: &mut Document, pages: &[Page]) -> EmbeddedImages {
    let mut embedded = EmbeddedImages::default();
    for item in pages.iter().flat_map(|page| &page.items) {
        let Item::Image { image, .. } = item else {
            continue;
        };
        if embedded.name(image).is_none() {
            let id = add_image(doc, image);
            let name = format!("Im{}", embedded.images.len() + 1);
            embedded.images.push((image.clone(), name, id));
        }
    }
    embedded
}

fn add_image(doc: &mut Document, image: &Image) -> ObjectId {
    let grey_or_rgb = |colour: bool| if colour { "DeviceRGB" } else { "DeviceGray" };
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(image.width),
        "Height" => i64::from(image.height),
        "BitsPerComponent" => 8,
    };
    let data = match &image.pixels {
        Pixels::Jpeg { components } => {
            dict.set("ColorSpace", grey_or_rgb(*components == 3));
            dict.set("Filter", "DCTDecode");
            image.bytes.clone()
        }
        Pixels::Samples {
            colour,
            zlib,
            alpha_zlib,
        } => {
            dict.set("ColorSpace", grey_or_rgb(*colour));
            dict.set("Filter", "FlateDecode");
            if let Some(alpha) = alpha_zlib {
                let mask = doc.add_object(Stream::new(
                    dictionary! {
                        "Type" => "XObject",
                        "Subtype" => "Image",
                        "Width" => i64::from(image.width),
                        "Height" => i64::from(image.height),
                        "BitsPerComponent" => 8,
                        "ColorSpace" => "DeviceGray",
                        "Filter" => "FlateDecode",
                    },
                    alpha.clone(),
                ));
                dict.set("SMask", mask);
            }
            zlib.clone()
        }
    };
    doc.add_object(Stream::new(dict, data))
}
