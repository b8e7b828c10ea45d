//! Photos of a tip: read by their bytes (JPEG or PNG), turned upright, downscaled and written
//! again as a plain JPEG. Writing the pixels anew keeps nothing of the original file: no camera
//! place, device or time. The orientation survives by being applied to the pixels.

use crate::platform::i18n::Strings;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The largest upload of one photo.
pub const PHOTO_MAX_BYTES: usize = 10 * 1024 * 1024;
/// The most photos one tip holds.
pub const PHOTOS_MAX: usize = 5;
/// The longest side of a stored photo, in pixels.
pub const LONGEST_SIDE: u32 = 1600;
const JPEG_QUALITY: u8 = 82;
/// What a photo may claim before it is decoded: 50 megapixels, no side over 10,000 pixels, and at
/// most 256 MB of decoded pixels (a 16-bit PNG with transparency takes 8 bytes a pixel).
const MAX_SIDE: u32 = 10_000;
const MAX_PIXELS: u64 = 50_000_000;
const MAX_DECODED: u64 = 256 * 1024 * 1024;

/// Photos being cleaned at once on this node: one per core, so a burst of uploads queues
/// instead of taking all memory and every blocking thread.
static CLEANING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

/// Cleans uploaded photos one after another on the blocking threads, at most one per core on
/// the node at a time; the first problem stops it.
pub async fn clean_all(uploads: Vec<axum::body::Bytes>) -> Result<Vec<Photo>, PhotoProblem> {
    if uploads.len() > PHOTOS_MAX {
        return Err(PhotoProblem::TooMany);
    }
    let mut photos = Vec::with_capacity(uploads.len());
    for bytes in uploads {
        let _turn = CLEANING
            .acquire()
            .await
            .map_err(|_| PhotoProblem::Unreadable)?;
        let photo = tokio::task::spawn_blocking(move || clean(&bytes))
            .await
            .unwrap_or(Err(PhotoProblem::Unreadable))?;
        photos.push(photo);
    }
    Ok(photos)
}

/// Why a photo was not taken.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PhotoProblem {
    TooLarge,
    /// Not a JPEG or PNG image by its bytes.
    NotAnImage,
    /// An iPhone's HEIC photo, which this server cannot read.
    Heic,
    /// A JPEG or PNG that cannot be decoded, or is too large in pixels.
    Unreadable,
    TooMany,
}

impl PhotoProblem {
    pub const ALL: [PhotoProblem; 5] = [
        PhotoProblem::TooLarge,
        PhotoProblem::NotAnImage,
        PhotoProblem::Heic,
        PhotoProblem::Unreadable,
        PhotoProblem::TooMany,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PhotoProblem::TooLarge => "too_large",
            PhotoProblem::NotAnImage => "not_an_image",
            PhotoProblem::Heic => "heic",
            PhotoProblem::Unreadable => "unreadable",
            PhotoProblem::TooMany => "too_many",
        }
    }

    pub fn parse(code: &str) -> Option<PhotoProblem> {
        PhotoProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn message(self, s: &Strings) -> &'static str {
        match self {
            PhotoProblem::TooLarge => s.err_photo_too_large,
            PhotoProblem::NotAnImage => s.err_photo_type,
            PhotoProblem::Heic => s.err_photo_heic,
            PhotoProblem::Unreadable => s.err_photo_unreadable,
            PhotoProblem::TooMany => s.err_photo_too_many,
        }
    }
}

/// A photo ready to store.
#[derive(Clone, Debug)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// HEIF/HEIC files say so in their `ftyp` box.
fn is_heic(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
}

/// Reads an uploaded photo and writes it again as a clean, upright JPEG of at most
/// [`LONGEST_SIDE`] pixels.
pub fn clean(bytes: &[u8]) -> Result<Photo, PhotoProblem> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(PhotoProblem::TooLarge);
    }
    if is_heic(bytes) {
        return Err(PhotoProblem::Heic);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoProblem::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return Err(PhotoProblem::NotAnImage);
    }
    // A small file can claim enormous dimensions: the decoder's size is checked before any
    // pixel is decoded (the limits below refuse what a phone camera never makes).
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| PhotoProblem::Unreadable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS || decoder.total_bytes() > MAX_DECODED {
        return Err(PhotoProblem::Unreadable);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| PhotoProblem::Unreadable)?;
    if img.width() > LONGEST_SIDE || img.height() > LONGEST_SIDE {
        // Area averaging: several times faster than a filtered resize, and as good for
        // making a photo smaller.
        img = img.thumbnail(LONGEST_SIDE, LONGEST_SIDE);
    }
    // Turned after shrinking, so the turn copies the small picture.
    img.apply_orientation(orientation);
    let rgb = flatten_on_white(img);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoProblem::Unreadable)?;
    Ok(Photo {
        width: rgb.width(),
        height: rgb.height(),
        jpeg,
    })
}

/// A JPEG has no transparency: transparent parts of a PNG become white, not black.
fn flatten_on_white(img: DynamicImage) -> image::RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(width, height, image::Rgba([10, 120, 40, alpha]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_png_becomes_a_small_jpeg() {
        let photo = clean(&png(3200, 1000, 255)).unwrap();
        assert_eq!((photo.width, photo.height), (1600, 500));
        assert_eq!(&photo.jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    }

    #[test]
    fn transparency_becomes_white() {
        let photo = clean(&png(4, 4, 0)).unwrap();
        let back = image::load_from_memory(&photo.jpeg).unwrap().into_rgb8();
        assert!(back.get_pixel(1, 1).0.iter().all(|c| *c > 240));
    }

    #[test]
    fn a_small_file_claiming_huge_dimensions_is_refused_before_decoding() {
        // Only a PNG's header, claiming 9000×9000 (81 megapixels): refused without decoding.
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for b in bytes {
                crc ^= u32::from(*b);
                for _ in 0..8 {
                    crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
                }
            }
            !crc
        }
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(9000u32.to_be_bytes());
        ihdr.extend(9000u32.to_be_bytes());
        ihdr.extend([8, 6, 0, 0, 0]);
        let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
        bomb.extend(13u32.to_be_bytes());
        bomb.extend(&ihdr);
        bomb.extend(crc32(&ihdr).to_be_bytes());
        bomb.extend([0, 0, 0, 0]);
        bomb.extend(b"IEND");
        bomb.extend(crc32(b"IEND").to_be_bytes());
        assert_eq!(clean(&bomb).unwrap_err(), PhotoProblem::Unreadable);
    }

    #[test]
    fn only_jpeg_and_png_by_their_bytes() {
        assert_eq!(
            clean(b"%PDF-1.7 not a photo").unwrap_err(),
            PhotoProblem::NotAnImage
        );
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        assert_eq!(clean(&heic).unwrap_err(), PhotoProblem::Heic);
        let mut broken = png(10, 10, 255);
        broken.truncate(40);
        assert_eq!(clean(&broken).unwrap_err(), PhotoProblem::Unreadable);
        assert_eq!(
            clean(&vec![0; PHOTO_MAX_BYTES + 1]).unwrap_err(),
            PhotoProblem::TooLarge
        );
    }
}
