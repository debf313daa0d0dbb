//! Deployment packages built in memory: a zip with a Python handler that
//! returns its event, so a RequestResponse Invoke echoes the payload.

use base64::Engine;
use std::io::Write;

/// Source of the handler `index.handler`. `variant` changes the code so that
/// two packages have different CodeSha256.
pub fn handler_source(variant: u32) -> String {
    format!(
        "# lambda-conformance test handler, variant {variant}\ndef handler(event, context):\n    return event\n"
    )
}

/// A zip holding `index.py`, as bytes.
pub fn zip_bytes(variant: u32) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        // A fixed timestamp keeps the bytes (and CodeSha256) the same on every run.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        zip.start_file("index.py", options)
            .expect("writing to memory cannot fail");
        zip.write_all(handler_source(variant).as_bytes())
            .expect("writing to memory cannot fail");
        zip.finish().expect("writing to memory cannot fail");
    }
    buf.into_inner()
}

/// The zip as base64, as `ZipFile` travels in a JSON body.
pub fn zip_base64(variant: u32) -> String {
    base64::engine::general_purpose::STANDARD.encode(zip_bytes(variant))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_are_repeatable_zips_and_differ_by_variant() {
        let a = zip_bytes(1);
        assert_eq!(a, zip_bytes(1));
        assert_ne!(a, zip_bytes(2));
        assert_eq!(&a[..4], b"PK\x03\x04");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("index.py").unwrap(), &mut text)
            .unwrap();
        assert!(text.contains("return event"));
    }
}
