package files

import (
	"bytes"
	"net/http"
)

// The types ocu takes, and why only these. Evidence in these operations is
// photos taken on a phone at the raid (JPEG; HEIC from iPhones; PNG for
// screenshots of a suspect's messages; WebP from messaging apps), scanned
// documents (TIFF from office scanners, or PDF) and documents exchanged as
// PDF. Everything else is refused:
//
//   - anything a browser or viewer runs or renders as a page (HTML, SVG,
//     XML, JavaScript): it could act with the reader's session;
//   - office documents (DOCX, XLSX, ODT: zip archives that may carry
//     macros and decompress to far more than they weigh) and archives:
//     a scan or a PDF of the same paper carries the evidence without that;
//   - video and audio: far over any reasonable size limit here, and not
//     what the cases record.
//
// The type is decided from the file's first bytes alone: never from its
// name, nor from the Content-Type the client sent, both of which say what
// the sender wants them to say.

// Type is an accepted file type: its media type and the extension a
// download is named with.
type Type struct {
	Media string
	Ext   string
}

// sniffLen is how many leading bytes Detect needs: net/http's sniffer reads
// up to 512.
const sniffLen = 512

// Allowed lists the accepted types, for the page and the documentation.
var Allowed = []Type{
	{"image/jpeg", ".jpg"}, {"image/png", ".png"}, {"image/webp", ".webp"},
	{"image/heic", ".heic"}, {"image/tiff", ".tif"}, {"application/pdf", ".pdf"},
}

// Detect is the type of a file from its first bytes (at least sniffLen of
// them when the file is that long), and whether it is accepted.
// net/http.DetectContentType (the WHATWG sniffing rules) recognises JPEG,
// PNG, WebP and PDF; HEIC and TIFF, which it does not know, are recognised
// by their magic numbers. Either way the magic number is checked: a file
// is accepted only when its first bytes are those of its type.
func Detect(head []byte) (Type, bool) {
	switch {
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return Allowed[4], true
	case isHEIC(head):
		return Allowed[3], true
	}
	sniffed := http.DetectContentType(head)
	for _, t := range Allowed {
		if sniffed == t.Media && magic(t.Media, head) {
			return t, true
		}
	}
	return Type{}, false
}

// magic reports whether head starts with the magic number of media, so a
// file is not accepted on the sniffer's word alone.
func magic(media string, head []byte) bool {
	switch media {
	case "image/jpeg":
		return bytes.HasPrefix(head, []byte("\xFF\xD8\xFF"))
	case "image/png":
		return bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n"))
	case "image/webp":
		return len(head) >= 12 && bytes.HasPrefix(head, []byte("RIFF")) && string(head[8:12]) == "WEBP"
	case "application/pdf":
		return bytes.HasPrefix(head, []byte("%PDF-"))
	}
	return false
}

// isHEIC reports an ISO base media file whose brand is one of HEIF's
// image brands (ISO/IEC 23008-12): "ftyp" at offset 4, then the brand.
// Video brands (mp4, mov) and AVIF are not among them.
func isHEIC(head []byte) bool {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return false
	}
	switch string(head[8:12]) {
	case "heic", "heix", "heim", "heis", "mif1", "msf1":
		return true
	}
	return false
}
